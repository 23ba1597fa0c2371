package com.useroffers.offers.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's {@link SeenIdsFilter} while it is filled from the dedup store on a thread of its own, and after.
 * Filled on the stream thread, as Kafka Streams starts tasks one after another, three tasks of ~340,000
 * ids each kept a restarted instance from processing for about 2 s. Here the task processes at once:
 * until the scan is done every lookup answers "maybe", so every id is looked up in the store (correct,
 * slower), and the ids remembered meanwhile are kept aside and added to the filter when it arrives.
 *
 * <p>Why the filter then holds every id of the store, as it must before an "absent" is trusted: an id
 * the store held when the scan began is found by the scan, unless the processor replaced it meanwhile
 * (and then the new memory was kept aside), and an id remembered after the scan began was kept aside.
 * Why reading the store from another thread is safe: Kafka Streams' stores serve interactive queries
 * from other threads while the stream thread writes; a transactional store hands such a reader a
 * snapshot of its staged writes merged with a RocksDB iterator. A task that closes stops the scan and
 * waits for it before Kafka Streams closes the store ({@link #close}).
 *
 * <p>Used by the stream thread only, apart from the scan itself.
 */
final class SeenIds {

    private static final Logger LOG = LoggerFactory.getLogger(SeenIds.class);

    private final Function<BooleanSupplier, SeenIdsFilter> scan;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean scanned;
    private volatile SeenIdsFilter loaded;
    private volatile Throwable failure;
    /** The filter once the scan is done and {@link #aside} added to it; {@code null} until then. */
    private SeenIdsFilter filter;
    /** Ids remembered while the scan runs. */
    private final List<SeenIdsFilter.Remembered> aside = new ArrayList<>();

    /**
     * @param name thread name (the task's)
     * @param scan fills a filter from the whole store; ends early, with a partial filter, once told to stop
     */
    private SeenIds(final String name, final Semaphore permit, final Function<BooleanSupplier, SeenIdsFilter> scan) {
        this.scan = scan;
        this.thread = new Thread(() -> {
            try {
                if (acquire(permit)) {
                    try {
                        loaded = scan.apply(new HalfCore(cancelled));
                    } finally {
                        permit.release();
                    }
                }
            } catch (final RuntimeException | Error e) {
                failure = e;
            } catch (final InterruptedException e) {
                // Nobody interrupts it; if something did, the stream thread scans instead (catchUp).
                Thread.currentThread().interrupt();
            } finally {
                scanned = true;
            }
        }, name);
        // A scan never holds the JVM open: the task's close stops it, and an exiting JVM needs no filter.
        thread.setDaemon(true);
    }

    /**
     * Starts the scan, called from the processor's init once the task's stores are restored. It waits for
     * the instance's one scan permit ({@link SeenIdsFilter.Memory}): scans side by side on a 2-core machine
     * took the stream thread's core and delayed the first commits by seconds.
     */
    static SeenIds load(final String name, final SeenIdsFilter.Memory memory,
                        final Function<BooleanSupplier, SeenIdsFilter> scan) {
        final SeenIds seenIds = new SeenIds(name, memory.scans, scan);
        seenIds.thread.start();
        return seenIds;
    }

    /** The permit, or {@code false} once the task closes first. */
    private boolean acquire(final Semaphore permit) throws InterruptedException {
        while (!cancelled.get()) {
            if (permit.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes the filter over once the scan is done, with the ids kept aside added. Called before each record
     * is decided, outside {@link RecordFaults}: a failure here is never a record's fault. A scan that failed
     * (the store's segment dropped under it, say) is done again here on the stream thread, which writes
     * nothing meanwhile; a second failure is the store's and propagates as any store failure does.
     */
    void catchUp() {
        if (filter != null || !scanned) {
            return;
        }
        joinUninterruptibly();
        SeenIdsFilter done = loaded;
        if (done == null) {
            LOG.warn("The dedup filter's scan on {} failed ({}); scanning again on the stream thread", thread.getName(),
                    String.valueOf(failure));
            done = scan.apply(() -> false);
        }
        for (final SeenIdsFilter.Remembered id : aside) {
            done.add(id.dedupKey(), id.rememberedAt());
        }
        aside.clear();
        filter = done;
    }

    /** {@code false} only if the store certainly holds no id {@code dedupKey} within the retention at {@code now}. */
    boolean mightContain(final String dedupKey, final long now) {
        return filter == null || filter.mightContain(dedupKey, now);
    }

    /** Records an id remembered at stream time {@code rememberedAt}. */
    void add(final String dedupKey, final long rememberedAt) {
        if (filter != null) {
            filter.add(dedupKey, rememberedAt);
        } else {
            aside.add(new SeenIdsFilter.Remembered(dedupKey, rememberedAt));
        }
    }

    /** Whether the filter has taken over: lookups of new ids mostly skip the store from then on. */
    boolean filtering() {
        return filter != null;
    }

    /** Whether some lookups answer "maybe" for want of memory (see {@link SeenIdsFilter#blind}). */
    boolean blind() {
        return filter != null && filter.blind();
    }

    /** Stops a scan still running, waits for it, and gives the filters' memory back: the task's processor is closing. */
    void close() {
        cancelled.set(true);
        joinUninterruptibly();
        final SeenIdsFilter any = filter != null ? filter : loaded;
        if (any != null) {
            any.release();
        }
        aside.clear();
    }

    /**
     * Asked before each id of the scan whether to stop; every {@value #BATCH} ids it also sleeps as long as
     * the batch took, so the scan takes at most about half a core. Java's thread priorities do nothing on
     * Linux, and a scan at full speed beside the stream thread on a 2-core machine delayed the task's
     * first commits after a restart by over a second.
     */
    private static final class HalfCore implements BooleanSupplier {

        private static final int BATCH = 4096;
        private final AtomicBoolean cancelled;
        private int count;
        private long batchStart = System.nanoTime();

        HalfCore(final AtomicBoolean cancelled) {
            this.cancelled = cancelled;
        }

        @Override
        public boolean getAsBoolean() {
            if (++count % BATCH == 0) {
                final long busy = System.nanoTime() - batchStart;
                try {
                    TimeUnit.NANOSECONDS.sleep(busy);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                batchStart = System.nanoTime();
            }
            return cancelled.get();
        }
    }

    private void joinUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
