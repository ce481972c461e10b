package com.trueup.writeback;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Schedules delivery jobs: one db-scheduler task instance per attempt, named by a job key stored on the row
 * ({@code write_back.job_key}). Scheduling joins the caller's transaction.
 */
@Component
class DeliveryJobs {

    static final TaskDescriptor<String> TASK = TaskDescriptor.of("writeback-delivery", String.class);

    private final SchedulerClient scheduler;

    DeliveryJobs(SchedulerClient scheduler) {
        this.scheduler = scheduler;
    }

    /** A job key not used before for this write-back. */
    static String newKey(UUID writeBackId) {
        return writeBackId + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    void schedule(UUID tenantId, UUID writeBackId, String jobKey, Instant at) {
        scheduler.schedule(
                TASK.instance(jobKey).data(tenantId + "/" + writeBackId).scheduledTo(at));
    }

    /** The job's data: tenant and write-back ids. */
    record Ref(UUID tenantId, UUID writeBackId) {

        static Ref parse(String data) {
            int slash = data.indexOf('/');
            return new Ref(UUID.fromString(data.substring(0, slash)), UUID.fromString(data.substring(slash + 1)));
        }
    }
}
