package com.trueup.integration;

import com.trueup.integration.store.UsageRecord;
import com.trueup.integration.store.UsageWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes Vendor API counts in small batches: each request waits until its count is committed (a 201 means stored),
 * but concurrent requests share one transaction, so the database sees a few statements per batch rather than per
 * count. Batches form by themselves: while one is written the next requests queue up, and while counts stream in a
 * writer waits a moment to fill its batch ({@link Batcher}). A failing batch is retried count by count, so one bad count
 * never loses the others.
 */
@Component
class CountIngestion implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CountIngestion.class);

    private final UsageWriter store;
    private final VendorTokens tokens;
    private final Integrations integrations;
    private final TransactionTemplate transactions;
    private final BlockingQueue<Pending> queue;
    private final int threads;
    private final int maxBatch;
    private final int fullBatch;
    private final long lingerNanos;
    private final Counter ingested;
    private final DistributionSummary batchSizes;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    CountIngestion(
            UsageWriter store,
            VendorTokens tokens,
            Integrations integrations,
            TransactionTemplate transactions,
            MeterRegistry meters,
            IntegrationSettings settings) {
        IntegrationSettings.Ingest ingest = settings.ingest();
        this.store = store;
        this.tokens = tokens;
        this.integrations = integrations;
        this.transactions = transactions;
        this.threads = ingest.threads();
        this.maxBatch = ingest.maxBatch();
        this.fullBatch = ingest.fullBatch();
        this.lingerNanos = ingest.linger().toNanos();
        this.queue = new ArrayBlockingQueue<>(ingest.queue());
        this.ingested = Counter.builder("trueup.vendor.counts.ingested")
                .description("Vendor API counts stored")
                .register(meters);
        this.batchSizes = DistributionSummary.builder("trueup.vendor.counts.batch")
                .description("Vendor API counts per count-writer transaction")
                .register(meters);
    }

    enum Outcome {
        STORED,
        TOKEN_REVOKED
    }

    private record Pending(
            VendorTokens.VendorCaller caller, UsageRecord record, CompletableFuture<Outcome> done, long queuedAt) {}

    /** Thrown when the queue is full: answered 503 with Retry-After. */
    static final class Busy extends RuntimeException implements org.springframework.web.ErrorResponse {
        Busy() {
            super("TrueUp is busy storing counts; retry in a second.");
        }

        @Override
        public org.springframework.http.HttpStatusCode getStatusCode() {
            return org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE;
        }

        @Override
        public org.springframework.http.ProblemDetail getBody() {
            return com.trueup.shared.Problems.of(getStatusCode(), getMessage(), null);
        }

        @Override
        public org.springframework.http.HttpHeaders getHeaders() {
            org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
            headers.set(org.springframework.http.HttpHeaders.RETRY_AFTER, "1");
            return headers;
        }
    }

    /** Queues a count; the future completes once it is committed (or rejected). */
    CompletableFuture<Outcome> submit(VendorTokens.VendorCaller caller, UsageRecord record) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(caller, record, done, System.nanoTime()))) {
            throw new Busy();
        }
        return done;
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        Batcher<Pending> batcher = new Batcher<>(queue, maxBatch, fullBatch, lingerNanos, Pending::queuedAt);
        while (running || !queue.isEmpty()) {
            try {
                if (!batcher.next(batch, 200_000_000L, running)) {
                    continue;
                }
                batchSizes.record(batch.size());
                process(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Count writer failed", e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Takes a writer's batches from the queue. Every transaction has a fixed cost in the database (its statements and
     * its commit) whatever the number of counts in it, so while counts stream in, a writer that finds fewer than
     * {@code full} waiting lets the oldest wait up to {@code linger} in all before it writes them: fuller batches leave
     * more CPU for the requests. Counts that already waited that long (a backlog) are written at once, and so is a
     * count that arrives alone (a vendor posting one at a time, the first after a pause).
     */
    static final class Batcher<T> {

        private final BlockingQueue<T> queue;
        private final int max;
        private final int full;
        private final long lingerNanos;
        private final ToLongFunction<T> queuedAt;
        /** Whether the last batch held more than one count. */
        private boolean streaming;

        /** {@code queuedAt}: when an item was queued, in {@link System#nanoTime()}. */
        Batcher(BlockingQueue<T> queue, int max, int full, long lingerNanos, ToLongFunction<T> queuedAt) {
            this.queue = queue;
            this.max = max;
            this.full = Math.min(full, max);
            this.lingerNanos = lingerNanos;
            this.queuedAt = queuedAt;
        }

        /** Fills {@code batch} (empty) with the next counts; false when none arrived within {@code idleNanos}. */
        boolean next(List<T> batch, long idleNanos, boolean mayLinger) throws InterruptedException {
            T first = queue.poll(idleNanos, TimeUnit.NANOSECONDS);
            if (first == null) {
                streaming = false;
                return false;
            }
            batch.add(first);
            queue.drainTo(batch, max - 1);
            if (streaming && mayLinger && batch.size() < full && lingerNanos > 0) {
                long until = queuedAt.applyAsLong(first) + lingerNanos;
                for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
                    LockSupport.parkNanos(left); // may return early
                }
                queue.drainTo(batch, max - batch.size());
            }
            streaming = batch.size() > 1;
            return true;
        }
    }

    private void process(List<Pending> batch) {
        Map<Pending, Outcome> outcomes;
        try {
            outcomes = writeWithRetries(batch);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                log.warn("Could not store a vendor count: {}", e.toString());
                batch.get(0).done().completeExceptionally(e);
                return;
            }
            for (Pending one : batch) {
                process(List.of(one));
            }
            return;
        }
        int stored = 0;
        for (Map.Entry<Pending, Outcome> outcome : outcomes.entrySet()) {
            if (outcome.getValue() == Outcome.STORED) {
                stored++;
            }
            outcome.getKey().done().complete(outcome.getValue());
        }
        ingested.increment(stored);
    }

    private Map<Pending, Outcome> writeWithRetries(List<Pending> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> write(batch));
            } catch (DataIntegrityViolationException | TransientDataAccessException e) {
                // a concurrent writer created the same series or held its lock: the next attempt sees its commit
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private Map<Pending, Outcome> write(List<Pending> batch) {
        Set<String> valid =
                tokens.stillValid(batch.stream().map(Pending::caller).toList());
        Map<Pending, Outcome> outcomes = new HashMap<>();
        List<UsageRecord> records = new ArrayList<>(batch.size());
        List<VendorTokens.VendorCaller> callers = new ArrayList<>();
        for (Pending p : batch) {
            if (valid.contains(p.caller().partnerKeyHash())) {
                records.add(p.record());
                callers.add(p.caller());
                outcomes.put(p, Outcome.STORED);
            } else {
                outcomes.put(p, Outcome.TOKEN_REVOKED);
            }
        }
        if (!records.isEmpty()) {
            store.apply(records);
            integrations.touchSynced(callers, false);
        }
        return outcomes;
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < threads; i++) {
            Thread writer = new Thread(this::loop, "vendor-count-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new Busy());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server stopped taking requests, starts before it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
