package com.useroffers.offers.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A local Apache Kafka cluster (4.4.0, the test classpath's, unless another classpath is given) on loopback: N KRaft nodes, each broker and controller in its own
 * process, started from Maven Central artifacts (no Docker, no tarball). Nodes can be killed with
 * SIGKILL and restarted on their data. Used by the integration tests and by the demo ({@link LocalKafka}).
 *
 * <p>Internal topics are sized for the node count: with one node the transaction log's replication
 * factor and min ISR must be 1 for exactly-once to work at all; with three, they are 3 and 2 as in
 * production.
 */
public final class KafkaCluster implements AutoCloseable {

    private final List<KafkaNode> nodes = new ArrayList<>();
    private final String bootstrapServers;

    private KafkaCluster(final int size, final Path dir, final String classpath, final Map<String, String> brokerSettings) {
        final int[] brokerPorts = freePorts(size);
        final int[] controllerPorts = freePorts(size);
        final String voters = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts[i])
                .collect(Collectors.joining(","));
        final List<String> bootstrap = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            final int nodeId = i + 1;
            final Map<String, String> props = new LinkedHashMap<>();
            props.put("process.roles", "broker,controller");
            props.put("node.id", Integer.toString(nodeId));
            props.put("controller.quorum.voters", voters);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[i] + ",CONTROLLER://127.0.0.1:" + controllerPorts[i]);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[i]);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("log.dirs", dir.resolve("node-" + nodeId).resolve("data").toString());
            props.put("auto.create.topics.enable", "false");
            props.put("offsets.topic.replication.factor", Integer.toString(Math.min(3, size)));
            props.put("offsets.topic.num.partitions", "6");
            props.put("transaction.state.log.replication.factor", Integer.toString(Math.min(3, size)));
            props.put("transaction.state.log.min.isr", Integer.toString(Math.min(2, size)));
            props.put("transaction.state.log.num.partitions", "6");
            props.put("min.insync.replicas", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("num.network.threads", "2");
            props.put("num.io.threads", "4");
            props.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
            props.putAll(brokerSettings);
            nodes.add(new KafkaNode(nodeId, dir.resolve("node-" + nodeId), props, classpath));
            bootstrap.add("127.0.0.1:" + brokerPorts[i]);
        }
        this.bootstrapServers = String.join(",", bootstrap);
    }

    /** Formats and starts {@code size} nodes under {@code dir} and waits until every broker is registered. */
    public static KafkaCluster start(final int size, final Path dir) {
        return start(size, dir, TestClasspath.dependencies());
    }

    /** The same with broker settings of the test's own (e.g. a stricter group.min.session.timeout.ms). */
    public static KafkaCluster start(final int size, final Path dir, final Map<String, String> brokerSettings) {
        return start(size, dir, TestClasspath.dependencies(), brokerSettings);
    }

    /** The same, the nodes run from {@code classpath} (another Kafka version's, e.g. a previous release's test classpath). */
    public static KafkaCluster start(final int size, final Path dir, final String classpath) {
        return start(size, dir, classpath, Map.of());
    }

    private static KafkaCluster start(final int size, final Path dir, final String classpath, final Map<String, String> brokerSettings) {
        final KafkaCluster cluster = new KafkaCluster(size, dir, classpath, brokerSettings);
        try {
            final String clusterId = Uuid.randomUuid().toString();
            cluster.nodes.parallelStream().forEach(node -> node.format(clusterId));
            cluster.nodes.forEach(KafkaNode::start);
            cluster.awaitBrokers(size, Duration.ofSeconds(90));
            return cluster;
        } catch (final RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int size() {
        return nodes.size();
    }

    public Admin admin() {
        return TopicRecords.admin(bootstrapServers);
    }

    /** SIGKILL node {@code nodeId} (1-based). */
    public void kill(final int nodeId) {
        node(nodeId).kill();
    }

    /** Starts a killed or stopped node again on its data, and waits until all brokers are registered. */
    public void restart(final int nodeId) {
        node(nodeId).start();
        awaitBrokers(nodes.size(), Duration.ofSeconds(90));
    }

    /** Waits until {@code count} brokers are registered and answering. */
    public void awaitBrokers(final int count, final Duration timeout) {
        final Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try (Admin admin = admin()) {
                final int registered = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                if (registered >= count) {
                    return;
                }
            } catch (final Exception e) {
                last = e;
            }
            sleep(250);
        }
        throw new IllegalStateException("Kafka brokers not ready within " + timeout + " at " + bootstrapServers, last);
    }

    @Override
    public void close() {
        nodes.parallelStream().forEach(KafkaNode::stop);
    }

    private KafkaNode node(final int nodeId) {
        return nodes.get(nodeId - 1);
    }

    /** {@code count} distinct free ports on 127.0.0.1, for brokers and for the application's endpoint. */
    public static int[] freePorts(final int count) {
        final int[] ports = new int[count];
        final List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                final ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            for (final ServerSocket socket : sockets) {
                socket.close();
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return ports;
    }

    /** Sleeps, turning an interrupt into an exception (every wait in the harness is bounded by its caller). */
    public static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path createTempDir(final String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
