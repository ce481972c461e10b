package com.trueup.psa.connector;

/**
 * A PSA's documented request limits; 0 means none documented. {@code perHour} counts per API user or database as the
 * PSA does, or per endpoint when {@code perEndpoint}; {@code perMinute} per client; {@code concurrent} requests at
 * once. {@code sharedWithOtherIntegrations}: the PSA counts every integration of the MSP against the same budget
 * (TrueUp then keeps to a share of it). TrueUp's request gate is configured from these figures.
 */
public record RateLimits(
        int perHour, boolean perEndpoint, int perMinute, int concurrent, boolean sharedWithOtherIntegrations) {

    public static final RateLimits NONE = new RateLimits(0, false, 0, 0, false);

    public RateLimits {
        if (perHour < 0 || perMinute < 0 || concurrent < 0) {
            throw new IllegalArgumentException("rate limits are zero (none) or positive");
        }
    }

    public static RateLimits perHour(int requests) {
        return new RateLimits(requests, false, 0, 0, false);
    }

    public static RateLimits perMinute(int requests) {
        return new RateLimits(0, false, requests, 0, false);
    }

    /** The hourly budget counts per endpoint (each endpoint has its own). */
    public RateLimits countedPerEndpoint() {
        return new RateLimits(perHour, true, perMinute, concurrent, sharedWithOtherIntegrations);
    }

    public RateLimits concurrent(int requests) {
        return new RateLimits(perHour, perEndpoint, perMinute, requests, sharedWithOtherIntegrations);
    }

    /** The PSA counts every integration of the MSP against the same budget. */
    public RateLimits sharedByAllIntegrations() {
        return new RateLimits(perHour, perEndpoint, perMinute, concurrent, true);
    }

    public boolean any() {
        return perHour > 0 || perMinute > 0 || concurrent > 0;
    }

    /** "10,000 requests an hour (shared by all integrations), 3 at once" — for pages and docs. */
    public String describe() {
        if (!any()) {
            return "none documented";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (perHour > 0) {
            parts.add(String.format(java.util.Locale.ROOT, "%,d requests an hour", perHour)
                    + (perEndpoint ? " per endpoint" : "")
                    + (sharedWithOtherIntegrations ? " (shared by all integrations)" : ""));
        }
        if (perMinute > 0) {
            parts.add(String.format(java.util.Locale.ROOT, "%,d requests a minute", perMinute));
        }
        if (concurrent > 0) {
            parts.add(concurrent + " at once");
        }
        return String.join(", ", parts);
    }
}
