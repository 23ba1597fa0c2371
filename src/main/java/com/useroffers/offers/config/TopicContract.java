package com.useroffers.offers.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics' side of the contract (docs/CONTRACT.md §1), and its one home: the settings that the
 * {@code topics} command creates and compares, that {@code run}'s start-up rules judge, and that size
 * the records the application writes. The topic names are settings ({@link OffersConfig}).
 */
public final class TopicContract {

    /** Partitions of the input and the state topic when none are given (the dead-letter topic follows them). */
    public static final int DEFAULT_PARTITIONS = 6;
    /** Production's replication factor and {@code min.insync.replicas}: one broker may be lost without losing data. */
    public static final int PRODUCTION_REPLICATION_FACTOR = 3;
    public static final int PRODUCTION_MIN_INSYNC_REPLICAS = 2;
    /** The input topic's {@code max.message.bytes}: the largest input record. */
    public static final int INPUT_MAX_MESSAGE_BYTES = 1_048_576;
    /** What a dead letter adds to the input record it holds (headers, batch overhead), at most. */
    public static final int DEAD_LETTER_HEADROOM = 65_536;
    /** The largest record the application writes: a dead letter holding the largest input record. */
    public static final int LARGEST_RECORD_BYTES = INPUT_MAX_MESSAGE_BYTES + DEAD_LETTER_HEADROOM;
    /** The input's future-timestamp guard: an hour. */
    public static final long TIMESTAMP_GUARD_MS = 3_600_000L;
    /** How long dead letters are kept for redrive: 30 days. */
    public static final long DEAD_LETTER_RETENTION_MS = 30L * 24 * 3600 * 1000;

    private TopicContract() {
    }

    /** The input: kept for ever (a replay rebuilds from all of it), with the timestamp guard. */
    public static Map<String, String> inputSettings(final int inputMaxMessageBytes, final int minInsyncReplicas) {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        settings.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        settings.put(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.toString(TIMESTAMP_GUARD_MS));
        settings.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(inputMaxMessageBytes));
        settings.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
        return settings;
    }

    /** The state topic: exactly {@code compact}, so that every user's latest state is kept for ever. */
    public static Map<String, String> stateSettings(final int minInsyncReplicas) {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        settings.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
        return settings;
    }

    /**
     * The dead-letter topic: kept 30 days; its {@code max.message.bytes} ({@link #deadLetterMaxMessageBytes})
     * is a minimum, the others are exact.
     */
    public static Map<String, String> deadLetterSettings(final int inputMaxMessageBytes, final int minInsyncReplicas) {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        settings.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(DEAD_LETTER_RETENTION_MS));
        settings.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Long.toString(deadLetterMaxMessageBytes(inputMaxMessageBytes)));
        settings.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
        return settings;
    }

    /** The least {@code max.message.bytes} of the dead-letter topic: a whole input record plus headers. */
    public static long deadLetterMaxMessageBytes(final long inputMaxMessageBytes) {
        return inputMaxMessageBytes + DEAD_LETTER_HEADROOM;
    }
}
