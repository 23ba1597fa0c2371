package com.useroffers.offers.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How an existing topic differs from its {@link TopicPlan}, and which differences may change in place
 * without losing records: a pure function of what Kafka described, so that every rule is a unit test.
 */
public final class TopicDrift {

    static final String PARTITIONS = "partitions";
    static final String REPLICATION_FACTOR = "replication factor";

    private TopicDrift() {
    }

    /**
     * An existing topic as Kafka describes it: {@code values} holds the effective value of every setting,
     * {@code overridden} the keys the topic sets itself (the others are the cluster's defaults).
     */
    public record Found(int partitions, int replicationFactor, Map<String, String> values, Set<String> overridden) {

        public Found {
            values = Map.copyOf(values);
            overridden = Set.copyOf(overridden);
        }
    }

    /** One difference: {@code key} is a setting, or {@link #PARTITIONS} or {@link #REPLICATION_FACTOR}. */
    public record Difference(String key, String found, String needed, String shownFound, String shownNeeded) {

        /** {@code TOPIC: KEY is FOUND, the contract needs NEEDED}. */
        public String line(final String topic) {
            return topic + ": " + key + " is " + shownFound + ", the contract needs " + shownNeeded;
        }

        /** {@code true} for a topic setting, which {@code --apply} may change. */
        public boolean isSetting() {
            return !key.equals(PARTITIONS) && !key.equals(REPLICATION_FACTOR);
        }
    }

    /** Every difference of {@code found} from {@code plan}, in the order to report them. */
    public static List<Difference> of(final TopicPlan plan, final Found found) {
        final List<Difference> differences = new ArrayList<>();
        if (plan.checkPartitions() && found.partitions() != plan.partitions()) {
            differences.add(plain(PARTITIONS, Integer.toString(found.partitions()), Integer.toString(plan.partitions())));
        }
        if (found.replicationFactor() != plan.replicationFactor()) {
            differences.add(plain(REPLICATION_FACTOR, Integer.toString(found.replicationFactor()),
                    Integer.toString(plan.replicationFactor())));
        }
        plan.settings().forEach((key, needed) -> {
            final String value = String.valueOf(found.values().get(key));
            final String shown = found.overridden().contains(key) ? value : value + " (the cluster's default)";
            if (plan.isMinimum(key)) {
                if (Long.parseLong(value) < Long.parseLong(needed)) {
                    differences.add(new Difference(key, value, needed, shown, "at least " + needed + " (" + plan.minimumWhy() + ")"));
                }
            } else if (!value.equals(needed)) {
                differences.add(new Difference(key, value, needed, shown, needed));
            }
        });
        return differences;
    }

    /**
     * Why {@code difference} may not change in place, with what to do instead; {@code null} when it may.
     * {@code hasRecords} is asked only when the answer depends on it (a cleanup policy).
     */
    public static String whyNotInPlace(final String topic, final Found found, final Difference difference,
                                       final BooleanSupplier hasRecords, final String bootstrap) {
        final String alter = "kafka-configs.sh --bootstrap-server " + bootstrap + " --entity-type topics --entity-name "
                + topic + " --alter --add-config " + difference.key() + "=" + difference.needed();
        return switch (difference.key()) {
            case PARTITIONS -> "Kafka cannot remove partitions, and adding some moves users to other partitions (breaking "
                    + "their order and state); recreate the topic with " + difference.needed()
                    + " (and replay), or pass the count it has if that is meant";
            case REPLICATION_FACTOR -> "change it with kafka-reassign-partitions.sh, or pass --replication-factor "
                    + difference.found() + " if that is meant";
            case TopicConfig.RETENTION_MS_CONFIG -> shortens(difference.found(), difference.needed())
                    ? "a shorter retention deletes the older records at once; if that is meant: " + alter : null;
            case TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG -> Long.parseLong(difference.needed()) > found.replicationFactor()
                    ? "the topic has " + found.replicationFactor() + " replica(s), so no write with acks=all could succeed; "
                            + "add replicas first (kafka-reassign-partitions.sh)" : null;
            case TopicConfig.CLEANUP_POLICY_CONFIG -> !hasRecords.getAsBoolean() ? null
                    : difference.needed().contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                    ? "the topic holds records, and compaction would delete all but the last record of each key; if that "
                            + "is meant: " + alter + ", or recreate the topic"
                    : "the topic holds records, and retention would then delete those older than retention.ms; if that "
                            + "is meant: " + alter + ", or recreate the topic";
            default -> null;
        };
    }

    /** {@code true} when retention {@code needed} keeps records for less time than {@code found} (-1: for ever). */
    private static boolean shortens(final String found, final String needed) {
        final long from = Long.parseLong(found);
        final long to = Long.parseLong(needed);
        return to != -1 && (from == -1 || from > to);
    }

    private static Difference plain(final String key, final String found, final String needed) {
        return new Difference(key, found, needed, found, needed);
    }
}
