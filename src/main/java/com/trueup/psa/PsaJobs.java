package com.trueup.psa;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The PSA module's persistent jobs: one sync run, and the schedule that requests a sync of every connection. */
@Configuration(proxyBeanMethods = false)
class PsaJobs {

    @Bean
    Task<String> psaSyncTask(PsaSync sync) {
        return Tasks.oneTime(PsaSync.SYNC_TASK)
                .execute((instance, context) ->
                        sync.execute(UUID.fromString(instance.getId()), UUID.fromString(instance.getData())));
    }

    @Bean
    Task<Void> psaScheduledSyncTask(PsaSync sync, PsaSettings settings) {
        return Tasks.recurring(PsaSync.SCHEDULED_TASK, Schedules.fixedDelay(settings.syncInterval()))
                .execute((instance, context) -> sync.requestScheduledSyncs());
    }
}
