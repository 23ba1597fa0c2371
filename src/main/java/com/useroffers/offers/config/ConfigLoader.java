package com.useroffers.offers.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;

/**
 * Builds the effective configuration from four layers, each overriding the one before:
 * <ol>
 *   <li>built-in defaults ({@link #DEFAULTS}): what must hold even with no file at all;</li>
 *   <li>the {@code --config} properties file;</li>
 *   <li>environment variables named {@code USER_OFFERS_<KEY>} (see {@link #keyForEnv});</li>
 *   <li>{@code --property KEY=VALUE} arguments.</li>
 * </ol>
 */
public final class ConfigLoader {

    public static final String ENV_PREFIX = "USER_OFFERS_";

    /**
     * Built-in defaults: the production settings of everything that does not depend on the environment,
     * and their only home, so that {@code run} with only a bootstrap server behaves as in production
     * ({@code config/streams.properties} adds the environment's settings on top; the {@code offers.*}
     * defaults are in {@link OffersConfig}'s {@code ConfigDef}; the instance's identity is derived at start). The error handlers are set explicitly
     * although they are Kafka's defaults: the application dead-letters bad records itself, so whatever
     * reaches a handler is an infrastructure fault or a bug, and under exactly-once the right answer is
     * to fail the task and retry from the last commit, never to skip. (Kafka's docs and its 4.3.1 code
     * disagree on the deserialization default, one more reason to say it.)
     */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, "user-offers-processor"),
            Map.entry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092"),
            // Exactly-once: state, output and input offsets commit in one transaction (KIP-447).
            Map.entry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2),
            // Transactional state stores (KIP-892): writes are staged and applied to RocksDB only when their
            // transaction commits, so a crash leaves committed state on disk and a restart restores only the
            // uncommitted tail, where without them exactly-once wipes every store of the crashed instance.
            // Their uncommitted bytes are a share of offers.rocksdb.memory (OffersConfig.streamsProperties).
            Map.entry(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "true"),
            // Queries never show what user-offer-state does not hold yet (Kafka's default reads uncommitted writes).
            Map.entry(StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG, "READ_COMMITTED"),
            // Kafka's exactly-once default, stated: a commit ends a transaction, and output is visible only then.
            // 100 ms has the lowest p99 at half the maximum rate of 20, 50, 100 and 200 ms (BENCHMARKS.md, latency).
            Map.entry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"),
            // A member that stops heartbeating is declared dead after 6 s (the broker's default floor) instead of
            // Kafka's 45 s, so the others take its tasks over (from their standbys) within 10 s when it does not come
            // back (BENCHMARKS.md, recovery, measures it against a 10 s session). Three heartbeats per session.
            // A restarted instance does not wait at all: it keeps its group.instance.id (run/InstanceIdentity).
            Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000"),
            Map.entry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000"),
            // A warm copy of each task's state on another instance, so that a fail-over does not restore from scratch.
            Map.entry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1"),
            // Kafka's 16 KiB batches split one commit interval's output into ~18 batches per partition; 256 KiB
            // batches cost less CPU per event for more throughput (BENCHMARKS.md, same-run A/B).
            Map.entry(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "262144"),
            // Refuse to start if any store or internal topic would get a generated name (KIP-1111).
            Map.entry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true"),
            Map.entry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailExceptionHandler.class.getName()),
            Map.entry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class.getName()),
            // Also for global processing (Kafka 5.0 default; silences the 4.x warning). There are no global stores.
            Map.entry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true"),
            Map.entry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DefaultProductionExceptionHandler.class.getName()),
            // Off-heap memory bounded by offers.rocksdb.memory for all stores together; Kafka's default gives each
            // store (each window-store segment too) its own 50 MiB cache and 3 x 16 MiB memtables.
            // By name, so that config/ (below store/) does not import it: Kafka Streams loads the class itself, and
            // BoundedMemoryThroughTopologyTest pins the name to the class.
            Map.entry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.useroffers.offers.store.BoundedRocksDbMemory"),
            // The largest dead letter must fit the producer's requests (Kafka's default is exactly the input's
            // limit, below it) ...
            Map.entry(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(TopicContract.LARGEST_RECORD_BYTES)),
            // ... and every internal topic Kafka Streams creates: a repartition envelope carries the input's key
            // and value plus the event's fields. Applies when a topic is created, not to one that exists.
            Map.entry(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(TopicContract.LARGEST_RECORD_BYTES)));

    private ConfigLoader() {
    }

    /** The effective settings, as strings, in key order. */
    public static Map<String, String> load(final Path configFile, final Map<String, String> env,
                                           final Map<String, String> properties) {
        final Map<String, String> merged = new TreeMap<>(DEFAULTS);
        if (configFile != null) {
            merged.putAll(readFile(configFile));
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                merged.put(keyForEnv(name), value);
            }
        });
        merged.putAll(properties);
        return merged;
    }

    /** {@link #load} and validation in one: a bad setting fails here with a {@link ConfigException}. */
    public static OffersConfig loadConfig(final Path configFile, final Map<String, String> env,
                                          final Map<String, String> properties) {
        final Map<String, String> settings = load(configFile, env, properties);
        final OffersConfig config = new OffersConfig(settings);
        try {
            new StreamsConfig(config.streamsProperties()); // validates the Kafka Streams settings too
        } catch (final IllegalArgumentException e) {
            // Settings that contradict each other (e.g. a commit interval longer than the transaction timeout):
            // Kafka Streams says which, but not as a ConfigException, which would make it a bad setting (exit 2).
            throw new ConfigException(e.getMessage());
        }
        return config;
    }

    /**
     * The setting an environment variable stands for: strip {@code USER_OFFERS_}, lower-case, then
     * {@code ___} becomes {@code _}, {@code __} becomes {@code -} and {@code _} becomes {@code .}
     * (the convention of Confluent's images). So {@code USER_OFFERS_BOOTSTRAP_SERVERS} is
     * {@code bootstrap.servers} and {@code USER_OFFERS_OFFERS_INPUT_KEYED__BY__USER} is
     * {@code offers.input.keyed-by-user}.
     */
    public static String keyForEnv(final String name) {
        final String rest = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        final StringBuilder key = new StringBuilder(rest.length());
        for (int i = 0; i < rest.length(); ) {
            if (rest.startsWith("___", i)) {
                key.append('_');
                i += 3;
            } else if (rest.startsWith("__", i)) {
                key.append('-');
                i += 2;
            } else if (rest.charAt(i) == '_') {
                key.append('.');
                i += 1;
            } else {
                key.append(rest.charAt(i));
                i += 1;
            }
        }
        return key.toString();
    }

    /**
     * The environment variable that sets {@code key}, the inverse of {@link #keyForEnv}: so
     * {@code sasl.jaas.config} is {@code USER_OFFERS_SASL_JAAS_CONFIG}; {@code null} for a key no
     * variable name can stand for (one with upper-case letters or other characters than
     * {@code a-z 0-9 . - _}, or a run of them the mapping cannot tell apart, such as {@code ._}).
     */
    public static String envForKey(final String key) {
        if (key.isEmpty() || !key.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) {
            return null;
        }
        final StringBuilder name = new StringBuilder(ENV_PREFIX);
        for (final char c : key.toCharArray()) {
            switch (c) {
                case '_' -> name.append("___");
                case '-' -> name.append("__");
                case '.' -> name.append('_');
                default -> name.append(Character.toUpperCase(c));
            }
        }
        return keyForEnv(name.toString()).equals(key) ? name.toString() : null;
    }

    private static Map<String, String> readFile(final Path file) {
        final Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (final IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e);
        }
        final Map<String, String> settings = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(name -> settings.put(name, props.getProperty(name).trim()));
        return settings;
    }
}
