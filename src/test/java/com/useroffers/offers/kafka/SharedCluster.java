package com.useroffers.offers.kafka;

import com.useroffers.offers.fixtures.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real cluster for a whole test class: started before its first test, closed (and its data
 * removed) after its last. Broker tests share a cluster, never state: each test uses its own
 * application id, topics and state directory ({@link TestApp}).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedCluster KAFKA = new SharedCluster(1);
 * }</pre>
 */
public final class SharedCluster implements BeforeAllCallback, AfterAllCallback {

    private final int nodes;
    private Path dir;
    private KafkaCluster cluster;

    public SharedCluster(final int nodes) {
        this.nodes = nodes;
    }

    @Override
    public void beforeAll(final ExtensionContext context) {
        try {
            dir = Files.createTempDirectory("offers-it-");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        cluster = KafkaCluster.start(nodes, dir.resolve("kafka"));
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    public KafkaCluster cluster() {
        return cluster;
    }
}
