package com.useroffers.offers.run;

import java.util.Map;

/**
 * What the start-up checks learn about one topic from Kafka: the fewest replicas of any of its
 * partitions and its effective settings (the topic's own, else the broker's default).
 *
 * @param role    {@code input}, {@code state} or {@code dead-letter}, for messages
 * @param name    the topic's name
 * @param configs effective topic settings by name, e.g. {@code cleanup.policy -> compact}
 */
public record TopicFacts(String role, String name, int replicationFactor, Map<String, String> configs) {

    public TopicFacts {
        configs = Map.copyOf(configs);
    }

    /** {@code input topic 'user-offers'}: how every message names the topic. */
    public String label() {
        return role + " topic '" + name + "'";
    }

    /** The setting as a number, or {@code null} when Kafka did not report it or it is not a number. */
    public Long number(final String setting) {
        final String value = configs.get(setting);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (final NumberFormatException e) {
            return null;
        }
    }
}
