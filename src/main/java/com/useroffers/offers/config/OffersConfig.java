package com.useroffers.offers.config;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The application's effective configuration: its own {@code offers.*} settings, typed and validated by
 * a {@link ConfigDef}, and everything else passed through to Kafka Streams. The {@code ConfigDef} is
 * the only home of the {@code offers.*} defaults: {@code config/streams.properties} does not repeat them.
 */
public final class OffersConfig extends AbstractConfig {

    public static final String PREFIX = "offers.";
    public static final String INPUT_TOPIC = "offers.input.topic";
    public static final String STATE_TOPIC = "offers.state.topic";
    public static final String DLQ_TOPIC = "offers.dlq.topic";
    public static final String INPUT_KEYED_BY_USER = "offers.input.keyed-by-user";
    public static final String DEDUP_RETENTION = "offers.dedup.retention";
    public static final String EVENT_MAX_BYTES = "offers.event.max-bytes";
    public static final String STATE_MAX_OFFERS = "offers.state.max-offers";
    public static final String STARTUP_TIMEOUT = "offers.startup.timeout";
    public static final String HTTP_PORT = "offers.http.port";
    public static final String HTTP_BIND_ADDRESS = "offers.http.bind-address";
    /** A secret: typed as a password, so that it prints as {@code [hidden]}. */
    public static final String HTTP_AUTH_TOKEN = "offers.http.auth-token";
    /**
     * The off-heap budget of all RocksDB stores of the instance together. The one {@code offers.*}
     * setting that Kafka Streams also sees ({@link #streamsProperties()}), because the RocksDB config
     * setter reads it from the configs Kafka Streams hands it.
     */
    public static final String ROCKSDB_MEMORY = "offers.rocksdb.memory";
    public static final String ROCKSDB_MEMORY_DEFAULT = "256MiB";
    /** Below this, a handful of stores' memtables and index blocks would no longer fit (a 1 MiB memtable each). */
    public static final long ROCKSDB_MEMORY_MIN_BYTES = 16 * MemorySize.MIB;

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(INPUT_TOPIC, Type.STRING, "user-offers", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Input topic of offer events (key: userId, value: event JSON).")
            .define(STATE_TOPIC, Type.STRING, "user-offer-state", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Compacted output topic of per-user state JSON, a tombstone when a user has no offers left.")
            .define(DLQ_TOPIC, Type.STRING, "user-offers-dlq", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Dead-letter topic: original key, value, timestamp and headers plus offers.dlq.* headers.")
            .define(INPUT_KEYED_BY_USER, Type.BOOLEAN, true, Importance.HIGH,
                    "true: the input key must be the UTF-8 userId (else KEY_MISMATCH). "
                            + "false: re-key by userId through the repartition topic offers-by-user.")
            .define(DEDUP_RETENTION, Type.STRING, "P7D", Validators::positiveDuration, Importance.MEDIUM,
                    "ISO-8601 duration of stream time for which an event id is remembered for deduplication "
                            + "(weeks and days of 24 h, e.g. P7D, P1W; months and years are refused).")
            .define(EVENT_MAX_BYTES, Type.INT, 65536, Range.between(2, 16 * 1024 * 1024), Importance.MEDIUM,
                    "Largest event value accepted, in bytes; larger values are dead letters (MALFORMED).")
            .define(STATE_MAX_OFFERS, Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM,
                    "Most offers a user may hold, so that a state record stays far below the topic's size limit; "
                            + "an OFFER_ASSIGNED of a new code beyond it is a dead letter (STATE_LIMIT).")
            .define(STARTUP_TIMEOUT, Type.STRING, "PT30S", Validators::positiveDuration, Importance.LOW,
                    "ISO-8601 duration: how long 'run' waits for a broker to answer and the topics to be found "
                            + "before it exits non-zero with the cause.")
            .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.MEDIUM,
                    "Port of the HTTP endpoint (/health/live, /health/ready, /metrics, /users/{userId}/offers); 0 picks a free port.")
            .define(HTTP_BIND_ADDRESS, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the HTTP endpoint binds to.")
            .define(HTTP_AUTH_TOKEN, Type.PASSWORD, null, Validators::authToken, Importance.MEDIUM,
                    "Bearer token that queries (GET /users/{userId}/offers) must carry in "
                            + "'Authorization: Bearer <token>'; unset (the default), queries are open. Health and "
                            + "metrics stay open either way. A secret: never logged.")
            .define(ROCKSDB_MEMORY, Type.STRING, ROCKSDB_MEMORY_DEFAULT, OffersConfig::validateRocksDbMemory, Importance.MEDIUM,
                    "Off-heap memory of all the instance's RocksDB state stores together, whatever the number of "
                            + "tasks and segments: the transactional stores' uncommitted writes "
                            + "(statestore.uncommitted.max.bytes, an eighth unless set) and one block cache (index and "
                            + "filter blocks included) that the write buffers are charged to. Bytes or a whole number of KiB, MiB or GiB, "
                            + "e.g. 256MiB or 1GiB; at least 16MiB.");

    public OffersConfig(final Map<?, ?> originals) {
        super(DEFINITION, originals, false);
        StoreMemory.of(originals); // validates the share of the budget that uncommitted writes take
    }

    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    public String inputTopic() {
        return getString(INPUT_TOPIC);
    }

    public String stateTopic() {
        return getString(STATE_TOPIC);
    }

    public String dlqTopic() {
        return getString(DLQ_TOPIC);
    }

    public boolean inputKeyedByUser() {
        return getBoolean(INPUT_KEYED_BY_USER);
    }

    public Duration dedupRetention() {
        return Durations.parse(getString(DEDUP_RETENTION));
    }

    public int eventMaxBytes() {
        return getInt(EVENT_MAX_BYTES);
    }

    public int stateMaxOffers() {
        return getInt(STATE_MAX_OFFERS);
    }

    public Duration startupTimeout() {
        return Durations.parse(getString(STARTUP_TIMEOUT));
    }

    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    public String httpBindAddress() {
        return getString(HTTP_BIND_ADDRESS);
    }

    /** The bearer token queries must carry ({@link #HTTP_AUTH_TOKEN}), or {@code null} when queries are open. */
    public String httpAuthToken() {
        final Password token = getPassword(HTTP_AUTH_TOKEN);
        return token == null ? null : token.value();
    }

    /** The RocksDB budget in bytes ({@link #ROCKSDB_MEMORY}). */
    public long rocksDbMemoryBytes() {
        return rocksDbMemoryBytes(getString(ROCKSDB_MEMORY));
    }

    /**
     * The Kafka Streams (and client) settings: every original except the application's own
     * {@code offers.*}, plus {@link #ROCKSDB_MEMORY} in bytes (default included), which Kafka Streams
     * hands to the RocksDB config setter with its other configs (and, like every setting it does not
     * know, to its clients, which ignore it), and, with transactional stores, their share of it
     * ({@link StoreMemory}) as {@code statestore.uncommitted.max.bytes}.
     */
    public Properties streamsProperties() {
        final Properties props = new Properties();
        originals().forEach((key, value) -> {
            if (!key.startsWith(PREFIX) && value != null) {
                props.put(key, value);
            }
        });
        props.put(ROCKSDB_MEMORY, Long.toString(rocksDbMemoryBytes()));
        final StoreMemory memory = StoreMemory.of(originals());
        if (memory.uncommitted() > 0) {
            props.put(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG, Long.toString(memory.uncommitted()));
        }
        return props;
    }

    private static void validateRocksDbMemory(final String name, final Object value) {
        rocksDbMemoryBytes(value);
    }

    /**
     * The one reader of {@link #ROCKSDB_MEMORY}: here, in its accessor and in the RocksDB config setter.
     *
     * @throws ConfigException naming the setting, when {@code value} is not a size of at least 16 MiB
     */
    public static long rocksDbMemoryBytes(final Object value) {
        final long bytes;
        try {
            bytes = MemorySize.parse(String.valueOf(value));
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(ROCKSDB_MEMORY, value, e.getMessage());
        }
        if (bytes < ROCKSDB_MEMORY_MIN_BYTES) {
            throw new ConfigException(ROCKSDB_MEMORY, value, "must be at least 16MiB, e.g. 256MiB (the default) or 1GiB");
        }
        return bytes;
    }
}
