package com.useroffers.offers.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changelog partitions that this instance's active tasks are restoring right now, for readiness
 * ({@link Health}), the gauge {@code user_offers_restoring_partitions} ({@link OpsMetrics}) and queries,
 * which must not read a store that is still being restored.
 *
 * <p>Each restoration's start and end is logged, with its offsets and the records restored.
 *
 * <p>Registered with {@code KafkaStreams#setGlobalStateRestoreListener}. In Kafka Streams that
 * listener hears only active tasks: a standby's updates go to the separate {@code StandbyUpdateListener}
 * (the changelog reader checks the task type before calling either), so a warm standby catching up
 * never makes the instance unready. A restoration leaves the set when it ends, or when it is suspended
 * (the task was revoked or found corrupted mid-restore; a corrupted one starts again with a new
 * {@code onRestoreStart}).
 *
 * <p>A restoration is counted only while the thread that reported its start is alive. When a stream
 * thread dies (and the failure policy replaces it), Kafka Streams drops its restoring changelogs without
 * calling this listener; they would otherwise stay counted, and the instance unready, for as long as
 * the process runs if the tasks moved elsewhere. The restoring thread (the state updater of each stream
 * thread, or the stream thread itself) reports start, end and suspension, and it ends with its stream
 * thread; a restoration taken up again by the new thread starts again.
 *
 * <p>Called from Kafka Streams' restoring threads, read from the probe, scrape and query threads: hence a
 * concurrent map.
 */
public final class RestoringPartitions implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(RestoringPartitions.class);

    /** Each restoring changelog partition, with the thread that is restoring it. */
    private final Map<TopicPartition, Thread> restoring = new ConcurrentHashMap<>();

    /** How many active changelog partitions are restoring now. */
    public int count() {
        restoring.values().removeIf(thread -> !thread.isAlive());
        return restoring.size();
    }

    /** Whether any changelog partition that {@code which} accepts is restoring now: a query must not read its store. */
    public boolean isRestoring(final Predicate<TopicPartition> which) {
        restoring.values().removeIf(thread -> !thread.isAlive());
        return restoring.keySet().stream().anyMatch(which);
    }

    @Override
    public void onRestoreStart(final TopicPartition partition, final String storeName,
                               final long startingOffset, final long endingOffset) {
        restoring.put(partition, Thread.currentThread());
        LOG.info("Restoring {} from {}, offsets {} to {}", storeName, partition, startingOffset, endingOffset);
    }

    @Override
    public void onBatchRestored(final TopicPartition partition, final String storeName,
                                final long batchEndOffset, final long numRestored) {
        // progress only: the partition is restoring until it ends or is suspended
    }

    @Override
    public void onRestoreEnd(final TopicPartition partition, final String storeName, final long totalRestored) {
        restoring.remove(partition);
        // What a restart cost: with transactional stores, only what the last run had not committed.
        LOG.info("Restored {} records of {} from {}", totalRestored, storeName, partition);
    }

    @Override
    public void onRestoreSuspended(final TopicPartition partition, final String storeName, final long totalRestored) {
        restoring.remove(partition);
    }
}
