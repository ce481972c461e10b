package com.trueup.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the count writers form their batches: a lone count at once, a stream in fuller batches. */
class CountBatcherTest {

    private static final long LONG_LINGER = Duration.ofSeconds(30).toNanos();
    private static final long IDLE = Duration.ofMillis(50).toNanos();

    private final BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(100);
    private final List<Integer> batch = new ArrayList<>();

    private long millisOf(CountIngestion.Batcher<Integer> batcher) throws InterruptedException {
        long start = System.nanoTime();
        batch.clear();
        assertThat(batcher.next(batch, IDLE, true)).isTrue();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void aLoneCountIsTakenAtOnceHoweverLongTheLinger() throws InterruptedException {
        var batcher = new CountIngestion.Batcher<>(queue, 500, 32, LONG_LINGER);
        queue.add(1);
        assertThat(millisOf(batcher)).isLessThan(10_000);
        assertThat(batch).containsExactly(1);
        // one count again: still no stream, no wait
        queue.add(2);
        assertThat(millisOf(batcher)).isLessThan(10_000);
        assertThat(batch).containsExactly(2);
    }

    @Test
    void whileCountsStreamInAWriterWaitsOnceToFillItsBatch() throws Exception {
        var batcher = new CountIngestion.Batcher<>(queue, 500, 32, Duration.ofSeconds(2).toNanos());
        queue.addAll(List.of(1, 2));
        millisOf(batcher);
        assertThat(batch).containsExactly(1, 2);

        queue.add(3);
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(20);
                queue.addAll(List.of(4, 5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long waited = millisOf(batcher);
        later.get();
        assertThat(batch).containsExactly(3, 4, 5);
        assertThat(waited).isGreaterThanOrEqualTo(1_900);
    }

    @Test
    void aFullBatchOrAPauseEndsTheWaiting() throws InterruptedException {
        var batcher = new CountIngestion.Batcher<>(queue, 500, 4, LONG_LINGER);
        queue.addAll(List.of(1, 2));
        millisOf(batcher);
        // streaming, but four counts are a full batch: taken at once, at most max
        queue.addAll(List.of(3, 4, 5, 6, 7));
        assertThat(millisOf(batcher)).isLessThan(10_000);
        assertThat(batch).containsExactly(3, 4, 5, 6, 7);
        // nothing arrives within the idle time: the stream has ended, the next lone count is taken at once
        batch.clear();
        assertThat(batcher.next(batch, IDLE, true)).isFalse();
        assertThat(batch).isEmpty();
        queue.add(8);
        assertThat(millisOf(batcher)).isLessThan(10_000);
        assertThat(batch).containsExactly(8);
    }

    @Test
    void aBatchNeverExceedsItsMaximumAndAStoppingWriterDoesNotWait() throws InterruptedException {
        var batcher = new CountIngestion.Batcher<>(queue, 3, 32, LONG_LINGER);
        queue.addAll(List.of(1, 2, 3, 4, 5));
        millisOf(batcher);
        assertThat(batch).containsExactly(1, 2, 3);
        batch.clear();
        long start = System.nanoTime();
        assertThat(batcher.next(batch, IDLE, false)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
        assertThat(batch).containsExactly(4, 5);
    }
}
