package com.useroffers.offers.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Masks secrets before configuration is printed: every key Kafka itself types as a password (so
 * {@code sasl.jaas.config}, {@code ssl.*.password}, key material), also under a client prefix such as
 * {@code producer.}, and any key whose name says it holds a secret.
 */
public final class Secrets {

    public static final String MASK = "[hidden]";

    private static final Set<String> PASSWORD_KEYS = passwordKeys();
    private static final String[] SECRET_WORDS = {"password", "secret", "jaas", "credential", "token", "private", "key.material"};

    private Secrets() {
    }

    public static boolean isSecret(final String key) {
        final String lower = key.toLowerCase(Locale.ROOT);
        for (final String word : SECRET_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        for (final String passwordKey : PASSWORD_KEYS) {
            if (lower.equals(passwordKey) || lower.endsWith("." + passwordKey)) {
                return true;
            }
        }
        return false;
    }

    /** The same settings with every secret's value replaced by {@link #MASK}. */
    public static Map<String, String> masked(final Map<String, String> settings) {
        final Map<String, String> masked = new LinkedHashMap<>();
        settings.forEach((key, value) -> masked.put(key, isSecret(key) ? MASK : value));
        return masked;
    }

    /**
     * {@code text} with every occurrence of each of {@code values} replaced by {@link #MASK}, the
     * longest first (so a secret that contains another is masked whole). Blank values are left alone:
     * there is nothing to hide and they would match everywhere.
     */
    public static String redact(final String text, final Collection<String> values) {
        String redacted = text;
        for (final String value : values.stream().filter(v -> v != null && !v.isBlank())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            redacted = redacted.replace(value, MASK);
        }
        return redacted;
    }

    private static Set<String> passwordKeys() {
        final Set<String> keys = new TreeSet<>();
        for (final ConfigDef def : new ConfigDef[] {StreamsConfig.configDef(), ProducerConfig.configDef(),
                ConsumerConfig.configDef(), AdminClientConfig.configDef()}) {
            def.configKeys().values().stream()
                    .filter(key -> key.type == ConfigDef.Type.PASSWORD)
                    .forEach(key -> keys.add(key.name));
        }
        return keys;
    }
}
