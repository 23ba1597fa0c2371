package com.useroffers.offers.bench;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.ops.OpsServer;
import com.useroffers.offers.run.InstanceIdentity;
import com.useroffers.offers.topology.OffersTopology;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Child JVM of the benchmark: the application itself ({@link OffersTopology} built from
 * {@code config/streams.properties} through {@link ConfigLoader}, as {@code run} does), overridden for
 * one local node.
 * <ul>
 *   <li>{@code drain}: start, wait for RUNNING, then until the group has committed the input's end
 *       offsets; prints RESULT (events/s from RUNNING to caught up, CPU, peak RSS, restore figures) and
 *       closes cleanly;</li>
 *   <li>{@code drain-hold}: the same, then prints DRAINED and waits to be killed (SIGKILL: a crash);</li>
 *   <li>{@code serve}: start, print RESULT (restore figures) and READY when RUNNING, run until SIGTERM;</li>
 *   <li>{@code serve-http}: the same with the application's HTTP endpoint ({@link OpsServer}: health,
 *       metrics, queries), as {@code run} opens it; give {@code offers.http.port} and
 *       {@code application.server} among the settings.</li>
 * </ul>
 * Args: {@code mode bootstrap appId stateDir input state dlq [key=value ...]}; {@code key=} (empty) leaves the
 * setting out.
 */
public final class AppBench {

    private static final Duration MAX_RUN = Duration.ofMinutes(20);
    /** The JVM property that swaps the application's topology for the framework's floor. */
    static final String FLOOR_PROPERTY = "offers.bench.floor";

    private AppBench() {
    }

    public static void main(final String[] args) throws Exception {
        final String mode = args[0];
        final String bootstrap = args[1];
        final String appId = args[2];
        final Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("application.id", appId);
        props.put("state.dir", args[3]);
        props.put("offers.input.topic", args[4]);
        props.put("offers.state.topic", args[5]);
        props.put("offers.dlq.topic", args[6]);
        // One local node: internal topics with one replica, no standby (the parent overrides these for 3 brokers).
        props.put("replication.factor", "1");
        props.put("topic.min.insync.replicas", "1");
        props.put("num.standby.replicas", "0");
        for (int i = 7; i < args.length; i++) {
            final int eq = args[i].indexOf('=');
            final String value = args[i].substring(eq + 1);
            // key= (empty): the setting is not given at all (e.g. group.instance.id=: dynamic membership).
            if (value.isEmpty()) {
                props.remove(args[i].substring(0, eq));
            } else {
                props.put(args[i].substring(0, eq), value);
            }
        }
        // As run does: a group.instance.id derived from the state directory when none is given.
        final OffersConfig config = InstanceIdentity.assign(
                ConfigLoader.loadConfig(Path.of("config/streams.properties"), Map.of(), props));
        final Restores restores = new Restores();
        final CountDownLatch running = new CountDownLatch(1);
        final long created = System.nanoTime();
        final KafkaStreams streams = new KafkaStreams(topology(config), config.streamsProperties());
        streams.setGlobalStateRestoreListener(restores);
        if (mode.equals("serve-http")) {
            // Open until the JVM exits. It registers its own restore listener in place of the one above:
            // serve-http reports no restore figures.
            OpsServer.start(config, streams);
        }
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            if (now == KafkaStreams.State.ERROR) {
                System.out.println("FAILED streams in ERROR");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
        });
        // As run closes (StreamsRunner): a static member too leaves the group on SIGTERM.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(60)));
        }));
        streams.start();
        if (!running.await(MAX_RUN.toMillis(), TimeUnit.MILLISECONDS)) {
            System.out.println("FAILED not RUNNING within " + MAX_RUN);
            System.exit(2);
        }
        final long runningAt = System.nanoTime();
        final long cpuAtRunning = Proc.cpuNanos();
        final long jitAtRunning = Proc.jitCpuNanos();
        if (mode.startsWith("serve")) {
            Proc.result("to_running_s", (runningAt - created) / 1e9, "restored", restores.records.get(),
                    "restore_s", restores.seconds(), "jvm_start_ms", ManagementFactory.getRuntimeMXBean().getStartTime(),
                    "running_ms", System.currentTimeMillis() - (System.nanoTime() - runningAt) / 1_000_000);
            System.out.println("READY");
            System.out.flush();
            final Thread commands = new Thread(() -> answerMetricsRequests(streams), "bench-metrics-requests");
            commands.setDaemon(true);
            commands.start();
            Thread.sleep(MAX_RUN.toMillis());
            System.exit(0);
        }
        final long events;
        try (Admin admin = TopicRecords.admin(bootstrap)) {
            final Map<TopicPartition, Long> ends = TopicRecords.endOffsets(admin, config.inputTopic());
            events = ends.values().stream().mapToLong(Long::longValue).sum();
            final long deadline = System.nanoTime() + MAX_RUN.toNanos();
            while (!caughtUp(admin, appId, ends)) {
                if (System.nanoTime() > deadline) {
                    System.out.println("FAILED not caught up within " + MAX_RUN);
                    System.exit(2);
                }
                Thread.sleep(50);
            }
        }
        final double seconds = (System.nanoTime() - runningAt) / 1e9;
        final double cpu = (Proc.cpuNanos() - cpuAtRunning) / 1e9;
        Proc.result("events", events, "seconds", seconds, "cpu", cpu, "cpu_jit", (Proc.jitCpuNanos() - jitAtRunning) / 1e9,
                "rss_mb", Proc.peakRssMb(),
                "rss_now_mb", Proc.rssMb(),
                "to_running_s", (runningAt - created) / 1e9,
                "restored", restores.records.get(), "restore_s", restores.seconds(),
                "rocksdb_cache_mb", rocksDb(streams, "block-cache-usage", true),
                "rocksdb_memtables_mb", rocksDb(streams, "size-all-mem-tables", false));
        if (mode.equals("drain-hold")) {
            System.out.println("DRAINED");
            System.out.flush();
            Thread.sleep(MAX_RUN.toMillis());
        }
        System.exit(0);
    }

    /**
     * The application's topology, or with {@code -Doffers.bench.floor=noop|noop-stores} the
     * {@link FrameworkFloorTopology} that measures what Kafka Streams costs without the application's work.
     */
    private static org.apache.kafka.streams.Topology topology(final OffersConfig config) {
        final String floor = System.getProperty(FLOOR_PROPERTY, "");
        return switch (floor) {
            case "" -> OffersTopology.build(config);
            case "noop" -> FrameworkFloorTopology.build(config, false);
            case "noop-stores" -> FrameworkFloorTopology.build(config, true);
            default -> throw new IllegalArgumentException(FLOOR_PROPERTY + ": noop or noop-stores, not " + floor);
        };
    }

    /**
     * For each line {@code METRICS} on stdin, one line {@code METRICS key=value ...} with the cumulative
     * commit figures, so that the parent can take their difference over a measured period: the stream
     * threads' commits ({@code commit-total}) and the producers' time in {@code sendOffsetsToTransaction} and
     * {@code commitTransaction}. (The threads' own commit-latency-avg/max are windowed and divided by the
     * number of tasks committed: not the duration of one commit.)
     */
    private static void answerMetricsRequests(final KafkaStreams streams) {
        try (java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.trim().equals("METRICS")) {
                    System.out.println(String.format(java.util.Locale.ROOT,
                            "METRICS now_ms=%d commit_total=%.0f txn_commit_ns=%.0f txn_send_offsets_ns=%.0f",
                            System.currentTimeMillis(), sum(streams, "stream-thread-metrics", "commit-total"),
                            sum(streams, "producer-metrics", "txn-commit-time-ns-total"),
                            sum(streams, "producer-metrics", "txn-send-offsets-time-ns-total")));
                    System.out.flush();
                }
            }
        } catch (final java.io.IOException e) {
            // The parent has gone: nothing more to answer.
        }
    }

    private static double sum(final KafkaStreams streams, final String group, final String name) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(group) && e.getKey().name().equals(name))
                .map(e -> e.getValue().metricValue())
                .filter(Number.class::isInstance)
                .mapToDouble(v -> ((Number) v).doubleValue())
                .sum();
    }

    /**
     * A RocksDB memory metric of Kafka Streams (KIP-607, recorded at INFO) in MiB: the largest value of any
     * store ({@code shared}: one cache that every store reports) or the sum over stores.
     */
    private static double rocksDb(final KafkaStreams streams, final String name, final boolean shared) {
        final java.util.stream.DoubleStream values = streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-state-metrics") && e.getKey().name().equals(name))
                .map(e -> e.getValue().metricValue())
                .filter(Number.class::isInstance)
                .mapToDouble(v -> ((Number) v).doubleValue());
        return (shared ? values.max().orElse(0) : values.sum()) / 1048576.0;
    }

    private static boolean caughtUp(final Admin admin, final String groupId, final Map<TopicPartition, Long> ends)
            throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return ends.entrySet().stream().allMatch(end -> {
            final OffsetAndMetadata offset = committed.get(end.getKey());
            return end.getValue() == 0 || (offset != null && offset.offset() >= end.getValue());
        });
    }

    /** Restoration of all stores: records restored, from the first start to the last end. */
    private static final class Restores implements StateRestoreListener {
        final AtomicLong records = new AtomicLong();
        final AtomicLong firstStart = new AtomicLong();
        final AtomicLong lastEnd = new AtomicLong();

        @Override
        public void onRestoreStart(final TopicPartition partition, final String store, final long start, final long end) {
            firstStart.compareAndSet(0, System.nanoTime());
        }

        @Override
        public void onBatchRestored(final TopicPartition partition, final String store, final long batchEnd, final long count) {
            records.addAndGet(count);
        }

        @Override
        public void onRestoreEnd(final TopicPartition partition, final String store, final long total) {
            lastEnd.set(System.nanoTime());
        }

        double seconds() {
            return firstStart.get() == 0 ? 0 : (lastEnd.get() - firstStart.get()) / 1e9;
        }
    }
}
