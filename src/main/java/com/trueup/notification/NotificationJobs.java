package com.trueup.notification;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The persistent jobs: {@code notification-delivery} (one per delivery; an attempt that is to be repeated puts the same
 * job back at the time of the next attempt), {@code notification-check} (checks that wait: new vendor items still
 * unmapped after the grace time, a rebuild that read no usage) and {@code notification-watch} (recurring: digests and
 * silent vendors). An unexpected error (e.g. the database is away) leaves the delivery as it was and the job runs again
 * later with backoff.
 */
@Configuration(proxyBeanMethods = false)
class NotificationJobs {

    static final TaskDescriptor<String> DELIVERY = TaskDescriptor.of("notification-delivery", String.class);
    static final TaskDescriptor<String> CHECK = TaskDescriptor.of("notification-check", String.class);

    @Bean
    Task<String> notificationDeliveryTask(@Lazy Sender sender) {
        return Tasks.custom(DELIVERY)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(10)))
                .onDeadExecutionRevive()
                .execute((instance, context) -> sender.attempt(
                                UUID.fromString(instance.getData()), UUID.fromString(instance.getId()))
                        .<CompletionHandler<String>>map(
                                at -> (complete, operations) -> operations.reschedule(complete, at))
                        .orElseGet(CompletionHandler.OnCompleteRemove::new));
    }

    @Bean
    Task<String> notificationCheckTask(@Lazy NoticeSources sources) {
        return Tasks.oneTime(CHECK)
                .onFailure(FailureHandler.<String>maxRetries(5)
                        .withBackoff(Duration.ofSeconds(10))
                        .thenRemove())
                .execute((instance, context) -> sources.check(instance.getData()));
    }

    @Bean
    Task<Void> notificationWatchTask(@Lazy Watch watch, NotificationSettings settings) {
        return Tasks.recurring("notification-watch", FixedDelay.of(settings.watchInterval()))
                .execute((instance, context) -> watch.run());
    }
}
