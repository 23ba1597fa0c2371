package com.useroffers.offers.run;

import com.useroffers.offers.config.TopicContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The contract's start-up rules for the topics, as a pure function of what Kafka reported. A refusal
 * is a setting under which the application would fail later or lose a guarantee silently; a warning
 * is a setting a development cluster may have on purpose. Every line names the topic (or the
 * producer), the setting, the value found and the value needed.
 */
public final class TopicRules {

    private TopicRules() {
    }

    /** Lines to refuse the start with (none: start) and lines to warn with. */
    public record Verdict(List<String> refusals, List<String> warnings) {

        public Verdict {
            refusals = List.copyOf(refusals);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Judges the three topics and the producer's {@code max.request.size}.
     *
     * @param maxRequestSize the Kafka Streams producer's effective {@code max.request.size}
     *                       ({@link #maxRequestSize(Properties)})
     */
    public static Verdict judge(final TopicFacts input, final TopicFacts state, final TopicFacts deadLetter,
                                final long maxRequestSize) {
        final List<String> refusals = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        stateIsCompacted(state, refusals);
        final Long inputMax = input.number(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        if (inputMax != null) {
            final long needed = TopicContract.deadLetterMaxMessageBytes(inputMax);
            final String why = " (" + input.label() + " max.message.bytes " + inputMax + " + "
                    + TopicContract.DEAD_LETTER_HEADROOM + ": a dead letter is a whole input record plus headers)";
            final Long dlqMax = deadLetter.number(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (dlqMax != null && dlqMax < needed) {
                refusals.add(deadLetter.label() + ": max.message.bytes is " + dlqMax + ", needs at least " + needed
                        + why + "; raise it with kafka-configs --alter --entity-type topics --entity-name "
                        + deadLetter.name() + " --add-config max.message.bytes=" + needed);
            }
            if (maxRequestSize < needed) {
                refusals.add("producer: max.request.size is " + maxRequestSize + ", needs at least " + needed + why
                        + "; set producer.max.request.size=" + needed);
            }
        }
        inputKeepsItsHistory(input, warnings);
        inputHasATimestampGuard(input, warnings);
        for (final TopicFacts topic : List.of(input, state, deadLetter)) {
            isReplicatedForProduction(topic, warnings);
        }
        return new Verdict(refusals, warnings);
    }

    /**
     * The {@code max.request.size} the Kafka Streams producer gets from these settings: a
     * {@code producer.}-prefixed or plain setting, else the producer's own default.
     */
    public static long maxRequestSize(final Properties streamsProperties) {
        final Map<String, Object> producer = new StreamsConfig(streamsProperties).getProducerConfigs("startup-check");
        final Object value = producer.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        return ((Number) ConfigDef.parseType(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, value, ConfigDef.Type.INT)).longValue();
    }

    /** Exactly {@code compact}: with {@code compact,delete} old states would be deleted, users forgotten. */
    private static void stateIsCompacted(final TopicFacts state, final List<String> refusals) {
        final String policy = state.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG);
        final String normalized = policy == null ? "" : policy.replace(" ", "").replace("[", "").replace("]", "");
        if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(normalized)) {
            refusals.add(state.label() + ": cleanup.policy is " + (policy == null ? "unknown" : policy)
                    + ", needs compact (the latest state of every user is kept for ever); set it with kafka-configs"
                    + " --alter --entity-type topics --entity-name " + state.name() + " --add-config cleanup.policy=compact");
        }
    }

    private static void inputKeepsItsHistory(final TopicFacts input, final List<String> warnings) {
        final Long retention = input.number(TopicConfig.RETENTION_MS_CONFIG);
        if (retention == null || retention != -1L) {
            warnings.add(input.label() + ": retention.ms is " + input.configs().get(TopicConfig.RETENTION_MS_CONFIG)
                    + ", the contract wants -1 (kept for ever): a replay after reset would rebuild from partial history");
        }
    }

    private static void inputHasATimestampGuard(final TopicFacts input, final List<String> warnings) {
        final Long guard = input.number(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
        if (guard == null || guard == Long.MAX_VALUE) {
            warnings.add(input.label() + ": message.timestamp.after.max.ms is "
                    + (guard == null ? "unset" : guard + " (no guard)") + ", the contract wants "
                    + TopicContract.TIMESTAMP_GUARD_MS
                    + ": one producer with a clock far ahead can advance stream time and expire remembered event ids");
        }
    }

    private static void isReplicatedForProduction(final TopicFacts topic, final List<String> warnings) {
        final Long minIsr = topic.number(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        if (topic.replicationFactor() < TopicContract.PRODUCTION_REPLICATION_FACTOR || minIsr == null
                || minIsr < TopicContract.PRODUCTION_MIN_INSYNC_REPLICAS) {
            warnings.add(topic.label() + ": replication factor " + topic.replicationFactor() + " and min.insync.replicas "
                    + (minIsr == null ? "unknown" : minIsr) + ", production wants at least " + TopicContract.PRODUCTION_REPLICATION_FACTOR
                    + " and " + TopicContract.PRODUCTION_MIN_INSYNC_REPLICAS + " (a development cluster: one broker lost loses data)");
        }
    }
}
