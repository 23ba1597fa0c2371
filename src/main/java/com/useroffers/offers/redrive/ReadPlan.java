package com.useroffers.offers.redrive;

import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where one redrive run reads, per DLQ partition: from the redrive group's committed position (or the
 * start of the range asked for, if later) up to the end as of the start (or the end of the range, if
 * earlier). Bounded: a run never waits for dead letters written after it started.
 *
 * @param stops      per partition to read, the offset at which this run stops (the consumer is seeked to its start)
 * @param toRead     how many offsets lie between (transaction markers take offsets too: "about")
 * @param partitions how many partitions were considered
 */
record ReadPlan(Map<TopicPartition, Long> stops, long toRead, int partitions) {

    /** Assigns {@code consumer} the partitions to read and seeks each to its start. */
    static ReadPlan assign(final Consumer<byte[], byte[]> consumer, final String dlqTopic, final Selection selection) {
        final List<TopicPartition> partitions = partitions(consumer, dlqTopic, selection);
        consumer.assign(partitions);
        final Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        final Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        // read_committed: the last stable offset, so nothing of a transaction still open is waited for.
        final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        final Map<TopicPartition, Long> fromTime = offsetsForTime(consumer, partitions, selection.from());
        final Map<TopicPartition, Long> toTime = offsetsForTime(consumer, partitions, selection.to());
        final Map<TopicPartition, Long> stops = new LinkedHashMap<>();
        long toRead = 0;
        for (final TopicPartition partition : partitions) {
            final OffsetAndMetadata done = committed.get(partition);
            long start = Math.max(beginnings.get(partition), done == null ? 0 : done.offset());
            start = Math.max(start, selection.firstOffset(partition.partition()));
            long stop = Math.min(ends.get(partition), selection.endOffset(partition.partition()));
            if (fromTime != null) {
                start = Math.max(start, fromTime.getOrDefault(partition, stop));
            }
            if (toTime != null) {
                stop = Math.min(stop, toTime.getOrDefault(partition, stop));
            }
            if (start < stop) {
                stops.put(partition, stop);
                consumer.seek(partition, start);
                toRead += stop - start;
            }
        }
        consumer.assign(stops.keySet());
        return new ReadPlan(stops, toRead, partitions.size());
    }

    /** Every partition of the DLQ, or those {@code --offsets} names (which must exist). */
    private static List<TopicPartition> partitions(final Consumer<byte[], byte[]> consumer, final String dlqTopic,
                                                   final Selection selection) {
        final int count = consumer.partitionsFor(dlqTopic).size();
        for (final int partition : selection.partitions()) {
            if (partition >= count) {
                throw new RunFailure(ExitCodes.USAGE, "--offsets names partition " + partition + " of '" + dlqTopic
                        + "', which has partitions 0-" + (count - 1));
            }
        }
        final List<TopicPartition> partitions = new ArrayList<>();
        for (int partition = 0; partition < count; partition++) {
            if (selection.partitions().isEmpty() || selection.partitions().contains(partition)) {
                partitions.add(new TopicPartition(dlqTopic, partition));
            }
        }
        return partitions;
    }

    /**
     * Per partition, the first offset whose timestamp is at or after {@code time}; a partition without
     * one is absent. {@code null} when no time is given. Dead letters are in processing order, their
     * timestamps (the original records') almost: a range by time reads from the first dead letter at or
     * after {@code --from} to the first at or after {@code --to}, and selects by each one's timestamp.
     */
    private static Map<TopicPartition, Long> offsetsForTime(final Consumer<byte[], byte[]> consumer,
                                                           final List<TopicPartition> partitions, final Instant time) {
        if (time == null) {
            return null;
        }
        final Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, time.toEpochMilli()));
        final Map<TopicPartition, Long> offsets = new HashMap<>();
        consumer.offsetsForTimes(query).forEach((partition, found) -> {
            if (found != null) {
                offsets.put(partition, found.offset());
            }
        });
        return offsets;
    }
}
