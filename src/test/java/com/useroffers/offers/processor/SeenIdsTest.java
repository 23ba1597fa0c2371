package com.useroffers.offers.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The dedup filter while a task's scan of its store runs on a thread of its own: never "absent" before
 * the scan is done, nothing remembered meanwhile forgotten, a close that stops the scan and gives its
 * memory back, and a failed scan done again rather than trusted.
 */
class SeenIdsTest {

    private static final long RETENTION = 7 * 24 * 3_600_000L;
    private static final long NOW = 1_800_000_000_000L;
    private static final Duration BOUND = Duration.ofSeconds(10);

    private final SeenIdsFilter.Memory memory = new SeenIdsFilter.Memory(64L << 20);

    @Test
    void shouldAnswerMaybeForEveryIdUntilTheScanIsDone() throws Exception {
        // Given: a scan held before it begins
        final CountDownLatch go = new CountDownLatch(1);
        final SeenIds seenIds = SeenIds.load("test-scan", memory, stop -> scanAfter(go, stored("stored-", 1_000), stop));

        // When / Then: an id the store does not hold is "maybe" (looked up in the store) meanwhile
        seenIds.catchUp();
        assertThat(seenIds.mightContain("never-seen", NOW)).isTrue();

        // When: the scan ends
        go.countDown();
        awaitFilter(seenIds);

        // Then: the stored ids are found and the unknown one is not
        assertThat(seenIds.mightContain("stored-7", NOW)).isTrue();
        assertThat(seenIds.mightContain("never-seen", NOW)).isFalse();
        seenIds.close();
    }

    @Test
    void shouldKeepTheIdsRememberedDuringTheScan() throws Exception {
        // Given
        final CountDownLatch go = new CountDownLatch(1);
        final SeenIds seenIds = SeenIds.load("test-scan", memory, stop -> scanAfter(go, stored("stored-", 1_000), stop));

        // When: the processor remembers ids before the scan is done
        for (int i = 0; i < 100; i++) {
            seenIds.add("meanwhile-" + i, NOW);
        }
        go.countDown();
        awaitFilter(seenIds);

        // Then: every one of them is still found
        for (int i = 0; i < 100; i++) {
            assertThat(seenIds.mightContain("meanwhile-" + i, NOW)).as("meanwhile-%d", i).isTrue();
        }
        assertThat(seenIds.mightContain("stored-999", NOW)).isTrue();
        seenIds.close();
    }

    @Test
    void shouldStopTheScanAndGiveItsMemoryBackWhenTheTaskCloses() {
        // Given: a scan that would never end by itself
        final CountDownLatch scanning = new CountDownLatch(1);
        final SeenIds seenIds = SeenIds.load("test-scan", memory, stop -> SeenIdsFilter.load(RETENTION, memory, () -> endless(scanning, stop)));
        await(scanning);

        // When
        seenIds.close();

        // Then: close returned, so the scan stopped, and the filter it made took nothing that was not given back
        assertThat(memory.used()).isZero();
    }

    @Test
    void shouldScanAgainOnTheStreamThreadWhenTheScanFailed() throws Exception {
        // Given: a scan that fails on its own thread, as when a store segment is dropped under it
        final AtomicInteger scans = new AtomicInteger();
        final AtomicReference<Thread> secondScanThread = new AtomicReference<>();
        final Function<BooleanSupplier, SeenIdsFilter> scan = stop -> {
            if (scans.incrementAndGet() == 1) {
                throw new IllegalStateException("segment closed");
            }
            secondScanThread.set(Thread.currentThread());
            return SeenIdsFilter.load(RETENTION, memory, stored("stored-", 10));
        };
        final SeenIds seenIds = SeenIds.load("test-scan", memory, scan);

        // When
        awaitFilter(seenIds);

        // Then: scanned a second time, here, and trusted only then
        assertThat(scans).hasValue(2);
        assertThat(secondScanThread).hasValue(Thread.currentThread());
        assertThat(seenIds.mightContain("stored-3", NOW)).isTrue();
        assertThat(seenIds.mightContain("never-seen", NOW)).isFalse();
        seenIds.close();
    }

    private SeenIdsFilter scanAfter(final CountDownLatch go, final List<SeenIdsFilter.Remembered> stored,
                                    final BooleanSupplier stop) {
        await(go);
        return SeenIdsFilter.load(RETENTION, memory, stored);
    }

    private static List<SeenIdsFilter.Remembered> stored(final String prefix, final int count) {
        final List<SeenIdsFilter.Remembered> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(new SeenIdsFilter.Remembered(prefix + i, NOW));
        }
        return ids;
    }

    /** Ids until {@code stop} says so, one at a time, as a store iterator stopped by the task's close. */
    private static Iterator<SeenIdsFilter.Remembered> endless(final CountDownLatch scanning, final BooleanSupplier stop) {
        return new Iterator<>() {
            private long n;

            @Override
            public boolean hasNext() {
                scanning.countDown();
                return !stop.getAsBoolean();
            }

            @Override
            public SeenIdsFilter.Remembered next() {
                return new SeenIdsFilter.Remembered("endless-" + n++, NOW);
            }
        };
    }

    /** Calls catchUp, as the processor does before each record, until the filter has taken over (bounded). */
    private static void awaitFilter(final SeenIds seenIds) throws InterruptedException {
        final long deadline = System.nanoTime() + BOUND.toNanos();
        while (!seenIds.filtering()) {
            assertThat(System.nanoTime()).as("the scan ends within %s", BOUND).isLessThan(deadline);
            Thread.sleep(5);
            seenIds.catchUp();
        }
    }

    private static void await(final CountDownLatch latch) {
        try {
            assertThat(latch.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
