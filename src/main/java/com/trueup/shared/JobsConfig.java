package com.trueup.shared;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.OnStartup;
import com.github.kagkarlsson.scheduler.task.Task;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;

/**
 * Persistent jobs (db-scheduler, table {@code scheduled_tasks}). Modules declare their tasks as {@link Task} beans
 * and schedule instances with the {@link SchedulerClient} bean, which joins the caller's transaction: a job
 * scheduled together with a business change exists exactly when that change committed. With several application
 * instances each job instance runs once (row locking in the database).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobsSettings.class)
class JobsConfig {

    @Bean
    SchedulerClient schedulerClient(DataSource dataSource) {
        return SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource))
                .build();
    }

    /** Runs the jobs: started after the context is ready, stopped (waiting for running jobs) on shutdown. */
    @Component
    static class JobRunner implements SmartLifecycle {

        private final DataSource dataSource;
        private final List<Task<?>> tasks;
        private final JobsSettings settings;
        private volatile Scheduler scheduler;

        JobRunner(DataSource dataSource, List<Task<?>> tasks, JobsSettings settings) {
            this.dataSource = dataSource;
            this.tasks = tasks;
            this.settings = settings;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void start() {
            if (!settings.enabled()) {
                return;
            }
            // startTasks registers the recurring tasks itself: listing them in create(...) too would register them
            // twice
            List recurring = tasks.stream().filter(t -> t instanceof OnStartup).toList();
            List others = tasks.stream().filter(t -> !(t instanceof OnStartup)).toList();
            scheduler = Scheduler.create(dataSource, others)
                    .startTasks(recurring)
                    .pollingInterval(settings.pollingInterval())
                    .threads(settings.threads())
                    .enableImmediateExecution()
                    .build();
            scheduler.start();
        }

        @Override
        public void stop() {
            if (scheduler != null) {
                scheduler.stop();
                scheduler = null;
            }
        }

        @Override
        public boolean isRunning() {
            return scheduler != null;
        }
    }
}
