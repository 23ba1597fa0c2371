package com.useroffers.offers.topics;

import com.useroffers.offers.config.TopicContract;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One topic as the contract wants it: its partitions (compared only when {@code checkPartitions}),
 * replication factor and settings. The dead-letter topic's {@code max.message.bytes} is a minimum
 * ({@link #isMinimum}); every other setting is exact.
 */
public record TopicPlan(String name, int partitions, boolean checkPartitions, int replicationFactor,
                       Map<String, String> settings, String minimumKey, String minimumWhy) {

    public TopicPlan {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings)); // in the contract's order
    }

    /** What the {@code topics} command was asked for. */
    public record Request(String inputTopic, String stateTopic, String dlqTopic, int partitions, Integer dlqPartitions,
                          int replicationFactor, int minInsyncReplicas, int inputMaxMessageBytes) {
    }

    /**
     * The three topics of {@code request}, in the order to create and report them. On a cluster with
     * fewer replicas than the asked {@code min.insync.replicas} (a one-broker development cluster), the
     * topics get as many as they have.
     */
    public static List<TopicPlan> of(final Request request) {
        final int minIsr = Math.min(request.minInsyncReplicas(), request.replicationFactor());
        final int max = request.inputMaxMessageBytes();
        return List.of(
                exact(request.inputTopic(), request.partitions(), true, request.replicationFactor(),
                        TopicContract.inputSettings(max, minIsr)),
                exact(request.stateTopic(), request.partitions(), true, request.replicationFactor(),
                        TopicContract.stateSettings(minIsr)),
                new TopicPlan(request.dlqTopic(), request.dlqPartitions() == null ? request.partitions() : request.dlqPartitions(),
                        request.dlqPartitions() != null, request.replicationFactor(),
                        TopicContract.deadLetterSettings(max, minIsr), TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        "the input's " + max + " + " + TopicContract.DEAD_LETTER_HEADROOM));
    }

    private static TopicPlan exact(final String name, final int partitions, final boolean checkPartitions,
                                   final int replicationFactor, final Map<String, String> settings) {
        return new TopicPlan(name, partitions, checkPartitions, replicationFactor, settings, null, null);
    }

    /** {@code true} when {@code key}'s needed value is a lower bound, not an exact value. */
    public boolean isMinimum(final String key) {
        return key.equals(minimumKey);
    }
}
