package com.trueup.writeback;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WriteBackSettings.class)
class WriteBackConfig {

    /**
     * The delivery job. Delivery handles every PSA failure itself; an unexpected error (e.g. the database is away)
     * leaves the row as it was and the job runs again later with exponential backoff. A job of a stopped or crashed
     * instance is revived by another one (db-scheduler's dead-execution detection).
     */
    @Bean
    Task<String> writeBackDeliveryTask(Delivery delivery) {
        return Tasks.oneTime(DeliveryJobs.TASK)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(10)))
                .onDeadExecutionRevive()
                .execute((instance, context) -> delivery.run(instance.getId(), instance.getData()));
    }
}
