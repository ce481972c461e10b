package com.trueup.psa.connector.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.RateLimits;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The request gates of every PSA connection in this process, made from each connector's {@link RateLimits}: a request
 * over a budget, or without a free concurrency slot after {@code slotWait}, is not sent; it fails RETRYABLE with the
 * time until the budget refills. Budgets a PSA shares with the MSP's other integrations are kept to
 * {@code sharedBudgetShare} of the documented figure, so TrueUp never uses up what the others need. Gates are kept
 * per budget key (e.g. the API user) and, for per-endpoint limits, per endpoint; an idle gate is dropped after
 * {@code gateIdleExpiry} (two hours by default), when its budget would have refilled anyway.
 */
public final class RateGates {

    private static final Pattern ID_SEGMENT = Pattern.compile("/[^/]*\\d[^/]*");

    private final Duration slotWait;
    private final double sharedBudgetShare;
    private final double scale;
    private final Cache<String, Semaphore> slots;
    private final Cache<String, Bucket> budgets;

    /**
     * Gates with {@code settings}' slot wait, shared budget share and idle expiry; {@code scale} multiplies every
     * budget (1 in production; tests shrink budgets to one request).
     */
    public RateGates(PsaHttpSettings settings, double scale) {
        this.slotWait = settings.gateWait();
        this.sharedBudgetShare = settings.sharedBudgetShare();
        this.scale = scale;
        // never bounded by size: dropping a gate in use would let its requests past the budget
        this.slots = Caffeine.newBuilder()
                .expireAfterAccess(settings.gateIdleExpiry())
                .build();
        this.budgets = Caffeine.newBuilder()
                .expireAfterAccess(settings.gateIdleExpiry())
                .build();
    }

    /** The gate of {@code psa}'s budget {@code budgetKey} (e.g. its API user); open when the PSA documents no limits. */
    public RequestGate gate(String psa, String budgetKey, RateLimits limits) {
        if (!limits.any()) {
            return RequestGate.OPEN;
        }
        String key = psa + "|" + budgetKey;
        return new RequestGate() {
            @Override
            public <T> T pass(PsaRequest request, Supplier<T> send) {
                Semaphore slot =
                        limits.concurrent() > 0 ? slots.get(key, k -> new Semaphore(limits.concurrent(), true)) : null;
                if (slot != null && !acquire(slot)) {
                    throw ConnectorException.retryable(
                            psa + ": all " + limits.concurrent() + " request slots are busy", null);
                }
                try {
                    if (limits.perHour() > 0 || limits.perMinute() > 0) {
                        String budget = limits.perEndpoint() ? key + "|" + endpoint(request) : key;
                        ConsumptionProbe probe =
                                budgets.get(budget, k -> bucket(limits)).tryConsumeAndReturnRemaining(1);
                        if (!probe.isConsumed()) {
                            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
                            throw ConnectorException.retryable(
                                    psa + ": TrueUp's request budget for this PSA ("
                                            + describe(limits) + ") is used up; the next request is possible in "
                                            + Math.max(1, wait.toSeconds()) + " s",
                                    wait);
                        }
                    }
                    return send.get();
                } finally {
                    if (slot != null) {
                        slot.release();
                    }
                }
            }
        };
    }

    /** The budget TrueUp keeps to, e.g. "5,000 requests an hour". */
    public String describe(RateLimits limits) {
        return new RateLimits(
                        hourly(limits), limits.perEndpoint(), scaled(limits.perMinute()), limits.concurrent(), false)
                .describe();
    }

    private int hourly(RateLimits limits) {
        double share = limits.sharedWithOtherIntegrations() ? sharedBudgetShare : 1.0;
        return limits.perHour() == 0 ? 0 : Math.max(1, (int) Math.floor(limits.perHour() * share * scale));
    }

    private int scaled(int perMinute) {
        return perMinute == 0 ? 0 : Math.max(1, (int) Math.floor(perMinute * scale));
    }

    private Bucket bucket(RateLimits limits) {
        var builder = Bucket.builder();
        int hourly = hourly(limits);
        if (hourly > 0) {
            builder.addLimit(limit -> limit.capacity(hourly).refillGreedy(hourly, Duration.ofHours(1)));
        }
        int minutely = scaled(limits.perMinute());
        if (minutely > 0) {
            builder.addLimit(limit -> limit.capacity(minutely).refillGreedy(minutely, Duration.ofMinutes(1)));
        }
        return builder.build();
    }

    private boolean acquire(Semaphore slot) {
        try {
            return slot.tryAcquire(slotWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** "GET /v2/finance/contracts/{id}/services": the endpoint a per-endpoint budget counts. */
    static String endpoint(PsaRequest request) {
        return request.method() + " "
                + ID_SEGMENT.matcher(request.uri().getPath()).replaceAll("/{id}");
    }
}
