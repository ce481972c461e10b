package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each token may make 100 requests per second; beyond that: 429 with Retry-After. */
class VendorRateLimitIT extends IntegrationTest {

    @Test
    void aTokenBeyond100RequestsPerSecondGets429WithRetryAfter() throws Exception {
        var t = tenants.create();
        var busy = VendorFixtures.keeper(t);
        var quiet = VendorFixtures.connect(t, "custom", "Quiet vendor");
        // warm up the request path with the other token, then burst with this one until the limit answers. The pause
        // is not for the limiter (this token's first request starts with a full allowance) but lets the warmed-up
        // path settle: without it the burst fell short of 100 requests per second in a freshly started JVM on a
        // busy machine.
        for (int i = 0; i < 30; i++) {
            quiet.vendor().get("/api/vendor-api/organization");
        }
        Thread.sleep(1100);
        List<Http.Response> limited = new CopyOnWriteArrayList<>();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        for (int worker = 0; worker < 16; worker++) {
            pool.submit(() -> {
                while (limited.isEmpty() && sent.incrementAndGet() <= 3000) {
                    Http.Response r = busy.vendor().get("/api/vendor-api/organization");
                    if (r.status() == 429) {
                        limited.add(r);
                    } else if (r.status() == 200) {
                        ok.incrementAndGet();
                    } else {
                        other.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        assertThat(other.get()).isZero();
        assertThat(limited).as("no 429 after %s requests", sent.get()).isNotEmpty();
        assertThat(ok.get()).isGreaterThanOrEqualTo(100); // the first 100 of a second always pass
        Http.Response first = limited.get(0);
        assertThat(Integer.parseInt(first.header("Retry-After"))).isBetween(1, 2);
        assertThat(first.json().get("status").asInt()).isEqualTo(429);
        assertThat(first.json().get("detail").asString()).contains("100 requests per second");
        // another token is not affected, and the limited one recovers
        assertThat(quiet.vendor().get("/api/vendor-api/organization").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> busy.vendor().get("/api/vendor-api/organization").status() == 200);
    }
}
