package com.useroffers.offers.reset;

import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.KafkaCall;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Is the input's whole history still there? A replay rebuilds the same states only from every record
 * ever written; a partition whose earliest offset is above 0 has lost its first records (retention,
 * {@code deleteRecords}), and the users whose older events they were would be rebuilt from a part of
 * their history.
 */
final class InputHistory {

    /** An input partition whose history starts at {@code earliest} instead of 0. */
    record Truncated(TopicPartition partition, long earliest) {
        @Override
        public String toString() {
            return partition + " (earliest offset " + earliest + ")";
        }
    }

    private InputHistory() {
    }

    /** The input partitions whose earliest offset is above 0, by partition number; empty when the history is whole. */
    static List<Truncated> truncatedPartitions(final Admin admin, final String topic, final KafkaCall call, final String servers) {
        final TopicDescription description = call.fresh().getOrNull(admin.describeTopics(Set.of(topic)).topicNameValues().get(topic),
                new WhileResetting(servers, "describing input topic '" + topic + "'"), UnknownTopicOrPartitionException.class);
        if (description == null) {
            throw new RunFailure(ExitCodes.TOPIC_MISSING, "input topic '" + topic + "' does not exist; check offers.input.topic");
        }
        final Map<TopicPartition, OffsetSpec> earliest = IntStream.range(0, description.partitions().size()).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.earliest()));
        final Map<TopicPartition, ListOffsetsResultInfo> offsets = call.fresh().get(admin.listOffsets(earliest).all(),
                new WhileResetting(servers, "reading the earliest offsets of input topic '" + topic + "'"));
        return offsets.entrySet().stream()
                .filter(entry -> entry.getValue().offset() > 0)
                .map(entry -> new Truncated(entry.getKey(), entry.getValue().offset()))
                .sorted(Comparator.comparingInt(truncated -> truncated.partition().partition()))
                .toList();
    }

    /** The refusal: which partitions, and the way out. */
    static String refusal(final String topic, final List<Truncated> truncated) {
        return "reset refused: the history of input topic '" + topic + "' is no longer complete, records were removed"
                + " (retention or deleteRecords) from " + list(truncated) + ", so a replay would not rebuild the same"
                + " states; pass --allow-truncated-history if a partial replay is acceptable";
    }

    /** What will differ when the operator accepts a partial replay. */
    static String warning(final String topic, final List<Truncated> truncated) {
        return "reset: replaying a truncated history (--allow-truncated-history): input topic '" + topic + "' has lost"
                + " its first records in " + list(truncated) + ". Users whose older events were removed are rebuilt from"
                + " partial history: their states and versions may differ from those published before, and some of their"
                + " events may be dead-lettered as INVALID_TRANSITION that were not before.";
    }

    private static String list(final List<Truncated> truncated) {
        return truncated.stream().map(Truncated::toString).collect(Collectors.joining(", "));
    }
}
