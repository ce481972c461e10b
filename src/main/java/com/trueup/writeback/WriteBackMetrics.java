package com.trueup.writeback;

import com.trueup.shared.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counter {@code trueup.writebacks} by {@code outcome}: queued, written, failed, conflict, retried, requeued. */
@Component
class WriteBackMetrics {

    static final String NAME = "trueup.writebacks";

    private final MeterRegistry registry;

    WriteBackMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts once the current transaction commits (at once without one), so rolled-back work is not counted. */
    void countAfterCommit(String outcome) {
        Counter counter = Counter.builder(NAME)
                .description("Write-backs to the PSA by outcome")
                .tag("outcome", outcome)
                .register(registry);
        AfterCommit.run(counter::increment);
    }
}
