package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the count writers form their batches: a lone count at once, a stream in fuller batches, a backlog at once. */
class CountBatcherTest {

    private static final long LONG_LINGER = Duration.ofSeconds(30).toNanos();
    private static final long IDLE = Duration.ofMillis(50).toNanos();

    /** A count queued at {@code queuedAt} ({@link System#nanoTime()}). */
    private record Item(int value, long queuedAt) {}

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(100);
    private final List<Item> batch = new ArrayList<>();

    private CountIngestion.Batcher<Item> batcher(int max, int full, long lingerNanos) {
        return new CountIngestion.Batcher<>(queue, max, full, lingerNanos, Item::queuedAt);
    }

    /** Queues counts now, or as queued {@code agoNanos} before now. */
    private void queue(long agoNanos, int... values) {
        for (int value : values) {
            queue.add(new Item(value, System.nanoTime() - agoNanos));
        }
    }

    private void queue(int... values) {
        queue(0, values);
    }

    private long millisOf(CountIngestion.Batcher<Item> batcher) throws InterruptedException {
        long start = System.nanoTime();
        batch.clear();
        assertThat(batcher.next(batch, IDLE, true)).isTrue();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private List<Integer> values() {
        return batch.stream().map(Item::value).toList();
    }

    @Test
    void aLoneCountIsTakenAtOnceHoweverLongTheLinger() throws InterruptedException {
        var batcher = batcher(500, 32, LONG_LINGER);
        queue(1);
        assertThat(millisOf(batcher)).isLessThan(10_000);
        assertThat(values()).containsExactly(1);
        // one count again: still no stream, no wait
        queue(2);
        assertThat(millisOf(batcher)).isLessThan(10_000);
        assertThat(values()).containsExactly(2);
    }

    @Test
    void whileCountsStreamInTheOldestWaitsUpToTheLingerToFillTheBatch() throws Exception {
        var batcher = batcher(500, 32, Duration.ofSeconds(2).toNanos());
        queue(1, 2);
        millisOf(batcher);
        assertThat(values()).containsExactly(1, 2);

        // the oldest count of the next batch was queued half a second ago: it waits the rest of the 2 s
        queue(Duration.ofMillis(500).toNanos(), 3);
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            // 4 and 5 arrive while the batcher lingers over 3
            await().atMost(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(5))
                    .until(queue::isEmpty);
            queue(4, 5);
        });
        long waited = millisOf(batcher);
        later.get();
        assertThat(values()).containsExactly(3, 4, 5);
        assertThat(waited).isBetween(1_400L, 10_000L);
    }

    @Test
    void countsThatAlreadyWaitedTheLingerAreTakenAtOnce() throws InterruptedException {
        var batcher = batcher(500, 32, LONG_LINGER);
        queue(1, 2);
        millisOf(batcher);
        // a backlog: the oldest was queued a minute ago, longer than the linger
        queue(Duration.ofMinutes(1).toNanos(), 3, 4);
        assertThat(millisOf(batcher)).isLessThan(10_000);
        assertThat(values()).containsExactly(3, 4);
    }

    @Test
    void aFullBatchOrAPauseEndsTheWaiting() throws InterruptedException {
        var batcher = batcher(500, 4, LONG_LINGER);
        queue(1, 2);
        millisOf(batcher);
        // streaming, but four counts are a full batch: taken at once
        queue(3, 4, 5, 6, 7);
        assertThat(millisOf(batcher)).isLessThan(10_000);
        assertThat(values()).containsExactly(3, 4, 5, 6, 7);
        // nothing arrives within the idle time: the stream has ended, the next lone count is taken at once
        batch.clear();
        assertThat(batcher.next(batch, IDLE, true)).isFalse();
        assertThat(batch).isEmpty();
        queue(8);
        assertThat(millisOf(batcher)).isLessThan(10_000);
        assertThat(values()).containsExactly(8);
    }

    @Test
    void aBatchNeverExceedsItsMaximumAndAStoppingWriterDoesNotWait() throws InterruptedException {
        var batcher = batcher(3, 32, LONG_LINGER);
        queue(1, 2, 3, 4, 5);
        millisOf(batcher);
        assertThat(values()).containsExactly(1, 2, 3);
        batch.clear();
        long start = System.nanoTime();
        assertThat(batcher.next(batch, IDLE, false)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
        assertThat(values()).containsExactly(4, 5);
    }
}
