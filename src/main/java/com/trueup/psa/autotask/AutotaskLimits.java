package com.trueup.psa.autotask;

import com.trueup.psa.PsaException;
import com.trueup.psa.PsaException.Kind;
import com.trueup.psa.http.RequestGate;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Autotask's limits, kept in this process: at most {@code concurrent} requests at a time per integration code
 * (Autotask allows 3 threads per endpoint per integration code; one semaphore per code is the safe reading), and an
 * hourly request budget per API user (Autotask counts 10,000 requests an hour per database, for all integrations
 * together, and slows answers from 50%). A request that would exceed either is not sent: it fails RETRYABLE, with the
 * time until the budget refills as retry-after.
 */
final class AutotaskLimits {

    private final int concurrent;
    private final int requestsPerHour;
    private final Duration gateWait;
    private final Map<String, Semaphore> threads = new ConcurrentHashMap<>();
    private final Map<String, Bucket> budgets = new ConcurrentHashMap<>();

    AutotaskLimits(int concurrent, int requestsPerHour, Duration gateWait) {
        this.concurrent = Math.max(1, concurrent);
        this.requestsPerHour = Math.max(1, requestsPerHour);
        this.gateWait = gateWait;
    }

    RequestGate gate(String integrationCode, String userName) {
        Semaphore slots = threads.computeIfAbsent(integrationCode, code -> new Semaphore(concurrent, true));
        Bucket budget = budgets.computeIfAbsent(userName.toLowerCase(Locale.ROOT), user -> Bucket.builder()
                .addLimit(limit -> limit.capacity(requestsPerHour).refillGreedy(requestsPerHour, Duration.ofHours(1)))
                .build());
        return new RequestGate() {
            @Override
            public <T> T pass(Supplier<T> request) {
                boolean acquired;
                try {
                    acquired = slots.tryAcquire(gateWait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    acquired = false;
                }
                if (!acquired) {
                    throw new PsaException(Kind.RETRYABLE, "Autotask: all " + concurrent
                            + " concurrent request slots of this integration code are busy", null, null);
                }
                try {
                    ConsumptionProbe probe = budget.tryConsumeAndReturnRemaining(1);
                    if (!probe.isConsumed()) {
                        Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
                        throw new PsaException(Kind.RETRYABLE, "Autotask: the hourly budget of " + requestsPerHour
                                + " requests for this API user is used up; next request possible in " + wait.toSeconds() + " s",
                                wait, null);
                    }
                    return request.get();
                } finally {
                    slots.release();
                }
            }
        };
    }
}
