package com.useroffers.offers.run;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's identity in its group when none is given: {@code group.instance.id} is
 * {@code <application.id>-<uuid>}, the UUID kept in the application's state directory from the first
 * start on. So every instance is a static member by default, and keeps its identity as long as its state
 * directory lives (a volume in a container): restarted after a crash, it takes its tasks back at once
 * instead of waiting for its old session to expire, and no rebalance moves them meanwhile.
 *
 * <p>Two live instances with one identity (a copied state directory, or the same id given twice) fence
 * each other: {@code run} then stops with one line that says so. A given id, under any of the names Kafka
 * Streams reads it from, is kept as it is.
 */
public final class InstanceIdentity {

    /** In {@code <state.dir>/<application.id>}, beside Kafka Streams' own files. */
    static final String FILE = "user-offers-instance-id";

    private static final Logger LOG = LoggerFactory.getLogger(InstanceIdentity.class);
    private static final String KEY = ConsumerConfig.GROUP_INSTANCE_ID_CONFIG;

    private InstanceIdentity() {
    }

    /**
     * {@code config} with a {@code group.instance.id} derived from its state directory, when none is given.
     *
     * @throws RunFailure ({@link ExitCodes#USAGE}) when the state directory cannot hold the identity
     */
    public static OffersConfig assign(final OffersConfig config) {
        final Properties streams = config.streamsProperties();
        for (final String name : new String[] {KEY, StreamsConfig.consumerPrefix(KEY), StreamsConfig.mainConsumerPrefix(KEY)}) {
            if (streams.getProperty(name) != null) {
                return config;
            }
        }
        final String applicationId = setting(streams, StreamsConfig.APPLICATION_ID_CONFIG);
        final Path appDir = Path.of(setting(streams, StreamsConfig.STATE_DIR_CONFIG), applicationId);
        final String id = applicationId + "-" + keptIn(appDir);
        LOG.info("Instance identity: group.instance.id {} (kept in {}; give each instance its own state directory)",
                id, appDir.resolve(FILE));
        final Map<String, Object> settings = new HashMap<>(config.originals());
        settings.put(KEY, id);
        return new OffersConfig(settings);
    }

    /** The UUID kept in {@code appDir}, written there first if there is none (or it is unreadable). */
    static UUID keptIn(final Path appDir) {
        final Path file = appDir.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                final String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                try {
                    return UUID.fromString(kept);
                } catch (final IllegalArgumentException e) {
                    LOG.warn("{} holds no UUID ({}): this instance gets a new identity", file, e.getMessage());
                }
            }
            final UUID id = UUID.randomUUID();
            Files.createDirectories(appDir);
            // Written whole or not at all: a crash mid-write must not leave half an identity behind.
            final Path partial = Files.createTempFile(appDir, FILE, ".partial");
            Files.writeString(partial, id + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (final AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return id;
        } catch (final IOException e) {
            throw new RunFailure(ExitCodes.USAGE, "cannot keep the instance's identity in " + file + " (" + e
                    + "): state.dir must be a directory this user can write");
        }
    }

    private static String setting(final Properties streams, final String key) {
        final String value = streams.getProperty(key);
        return value != null ? value : String.valueOf(StreamsConfig.configDef().defaultValues().get(key));
    }
}
