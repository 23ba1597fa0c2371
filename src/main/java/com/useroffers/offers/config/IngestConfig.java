package com.useroffers.offers.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The {@code offers.ingest.*} settings of the {@code ingest} command, read from the same layered
 * settings as {@link OffersConfig} (its originals). Beside it rather than in it: only {@code ingest}
 * reads them, and {@code run} has nothing to validate there.
 */
public final class IngestConfig extends AbstractConfig {

    public static final String PORT = "offers.ingest.port";
    public static final String BIND_ADDRESS = "offers.ingest.bind-address";
    public static final String MAX_IN_FLIGHT = "offers.ingest.max-in-flight";
    public static final String DELIVERY_TIMEOUT = "offers.ingest.delivery-timeout";
    public static final String SHUTDOWN_TIMEOUT = "offers.ingest.shutdown-timeout";
    public static final String TLS_CERT_FILE = "offers.ingest.tls.cert-file";
    public static final String TLS_KEY_FILE = "offers.ingest.tls.key-file";
    public static final String AUTH_TOKEN = "offers.ingest.auth-token";

    /** Below this, a request to a broker could not complete before its record expires. */
    private static final Duration MIN_DELIVERY_TIMEOUT = Duration.ofSeconds(1);

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(PORT, Type.INT, 9090, Range.between(0, 65535), Importance.HIGH,
                    "Port of the gRPC ingest service; 0 picks a free port (logged: 'gRPC ingest listening on port N').")
            .define(BIND_ADDRESS, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the gRPC ingest service binds to.")
            .define(MAX_IN_FLIGHT, Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM,
                    "Most events accepted and not yet acknowledged by Kafka at once; an event beyond it is refused "
                            + "with RESOURCE_EXHAUSTED (retry later). Bounds the memory a burst or a slow broker can take.")
            .define(DELIVERY_TIMEOUT, Type.STRING, "PT30S", IngestConfig::validateDeliveryTimeout, Importance.MEDIUM,
                    "ISO-8601 duration: how long an event may wait for Kafka (producer max.block.ms and "
                            + "delivery.timeout.ms) before its request fails with UNAVAILABLE; at least PT1S.")
            .define(SHUTDOWN_TIMEOUT, Type.STRING, "PT20S", Validators::positiveDuration, Importance.LOW,
                    "ISO-8601 duration: after SIGTERM/SIGINT, how long requests in flight may take to finish "
                            + "before they are cancelled; the producer is then flushed and closed.")
            .define(TLS_CERT_FILE, Type.STRING, null, Importance.MEDIUM,
                    "PEM certificate chain of the gRPC server; with offers.ingest.tls.key-file, the service speaks TLS only.")
            .define(TLS_KEY_FILE, Type.STRING, null, Importance.MEDIUM,
                    "PEM private key (PKCS#8) of offers.ingest.tls.cert-file.")
            .define(AUTH_TOKEN, Type.PASSWORD, null, Validators::authToken, Importance.MEDIUM,
                    "A secret: when set, every ingest call needs the metadata 'authorization: Bearer <token>' "
                            + "(else UNAUTHENTICATED). The gRPC health service stays open for probes.");

    public IngestConfig(final Map<?, ?> originals) {
        super(DEFINITION, originals, false);
        if ((tlsCertFile() == null) != (tlsKeyFile() == null)) {
            throw new ConfigException(tlsCertFile() == null ? TLS_CERT_FILE : TLS_KEY_FILE, null,
                    "TLS needs both " + TLS_CERT_FILE + " and " + TLS_KEY_FILE);
        }
    }

    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    public int port() {
        return getInt(PORT);
    }

    public String bindAddress() {
        return getString(BIND_ADDRESS);
    }

    public int maxInFlight() {
        return getInt(MAX_IN_FLIGHT);
    }

    public Duration deliveryTimeout() {
        return Durations.parse(getString(DELIVERY_TIMEOUT));
    }

    public Duration shutdownTimeout() {
        return Durations.parse(getString(SHUTDOWN_TIMEOUT));
    }

    /** {@code null} without TLS. */
    public Path tlsCertFile() {
        final String file = getString(TLS_CERT_FILE);
        return file == null || file.isBlank() ? null : Path.of(file);
    }

    /** {@code null} without TLS. */
    public Path tlsKeyFile() {
        final String file = getString(TLS_KEY_FILE);
        return file == null || file.isBlank() ? null : Path.of(file);
    }

    /** {@code null} when calls need no token. */
    public String authToken() {
        final Password token = getPassword(AUTH_TOKEN);
        return token == null ? null : token.value();
    }

    private static void validateDeliveryTimeout(final String name, final Object value) {
        Validators.positiveDuration(name, value);
        if (Durations.parse(String.valueOf(value)).compareTo(MIN_DELIVERY_TIMEOUT) < 0) {
            throw new ConfigException(name, value, "must be at least PT1S");
        }
    }
}
