package com.useroffers.offers.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The {@code /metrics} registry: Micrometer's Prometheus registry with
 * <ul>
 *   <li>Kafka's own metrics of the Kafka Streams client (its threads, tasks, stores, consumers and
 *       producers) and the application's custom sensors (group {@code user-offers-metrics}), through
 *       Micrometer's {@link KafkaStreamsMetrics} binder: {@code kafka_<group>_<name>}, e.g.
 *       {@code kafka_stream_thread_process_rate}, {@code kafka_user_offers_events_applied_total};</li>
 *   <li>{@code user_offers_dedup_ids{task_role}}: ids in the dedup store ({@link DedupStoreSize});</li>
 *   <li>{@code user_offers_streams_state{state}}: 1 for the client's current state, 0 for the others;</li>
 *   <li>{@code user_offers_restoring_partitions}: changelog partitions of active tasks restoring now
 *       ({@link RestoringPartitions}), which keep {@code /health/ready} at 503 while above 0;</li>
 *   <li>{@code user_offers_startup_warnings}: how many warnings the start-up checks logged (0 on a
 *       cluster with the contract's production settings);</li>
 *   <li>{@code user_offers_queries_seconds{status,route}}: the queries' histogram, registered by the
 *       queries themselves ({@code query.QueryMetrics});</li>
 *   <li>the JVM's and the process's metrics ({@code jvm_*}, {@code process_*}, {@code system_*}).</li>
 * </ul>
 * Every series carries {@code application=<application.id>}.
 *
 * <p>The binder looks for new Kafka metrics every {@link #KAFKA_METRICS_REFRESH} (Micrometer's default
 * is a minute): a task's metrics, the application's counters among them, are created when the task is
 * assigned, and should be on the next scrape, not a minute later. A look is one
 * {@link KafkaStreams#metrics()} map compared with the last one. Values are read live at every scrape.
 */
public final class OpsMetrics implements AutoCloseable {

    /** How often the binder picks up Kafka metrics created since the last look (new tasks). */
    public static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(1);
    /** The Prometheus text exposition format, which {@link PrometheusMeterRegistry#scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics kafkaMetrics;
    /** The binder's own refresh thread, so that it can be stopped, and waited for, before Kafka Streams closes. */
    private final ScheduledExecutorService kafkaRefresh;
    private final JvmGcMetrics gcMetrics;

    private OpsMetrics(final PrometheusMeterRegistry registry, final KafkaStreamsMetrics kafkaMetrics,
                       final ScheduledExecutorService kafkaRefresh, final JvmGcMetrics gcMetrics) {
        this.registry = registry;
        this.kafkaMetrics = kafkaMetrics;
        this.kafkaRefresh = kafkaRefresh;
        this.gcMetrics = gcMetrics;
    }

    /**
     * Binds everything to a new registry, with the start-up checks' warnings and the restorations in
     * progress (a {@link RestoringPartitions} registered with the client). The Kafka binder refreshes on a
     * thread of its own, which {@link #stopKafkaMetrics()} ends.
     */
    public static OpsMetrics bind(final KafkaStreams streams, final String applicationId, final int startupWarnings,
                                  final RestoringPartitions restoring) {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", applicationId);

        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        final JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);

        final ScheduledExecutorService kafkaRefresh = Executors
                .newSingleThreadScheduledExecutor(task -> {
                    final Thread thread = new Thread(task, "offers-kafka-metrics");
                    thread.setDaemon(true);
                    return thread;
                });
        final KafkaStreamsMetrics kafkaMetrics = new KafkaStreamsMetrics(streams, Tags.empty(), kafkaRefresh,
                KAFKA_METRICS_REFRESH);
        kafkaMetrics.bindTo(registry);

        // One description for both series: Prometheus keeps one HELP line per name. Strong references:
        // Micrometer holds a gauge's object weakly, and nothing else holds these.
        final DedupStoreSize dedup = DedupStoreSize.of(streams);
        final String dedupHelp = "Approximate number of event ids in this instance's dedup store"
                + " (RocksDB estimate-num-keys), by role of the task: active or standby";
        Gauge.builder("user.offers.dedup.ids", dedup, DedupStoreSize::active)
                .tag("task.role", "active").description(dedupHelp).strongReference(true).register(registry);
        Gauge.builder("user.offers.dedup.ids", dedup, DedupStoreSize::standby)
                .tag("task.role", "standby").description(dedupHelp).strongReference(true).register(registry);

        for (final KafkaStreams.State state : KafkaStreams.State.values()) {
            Gauge.builder("user.offers.streams.state", streams, s -> s.state() == state ? 1 : 0)
                    .tag("state", state.name())
                    .description("1 for the Kafka Streams client's current state, 0 for the others")
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder("user.offers.restoring.partitions", restoring, RestoringPartitions::count)
                .description("Changelog partitions of this instance's active tasks restoring now; /health/ready is 503 while above 0")
                .strongReference(true)
                .register(registry);
        Gauge.builder("user.offers.startup.warnings", () -> startupWarnings)
                .description("Warnings of the start-up checks (topics below the production settings), one log line each")
                .strongReference(true)
                .register(registry);
        return new OpsMetrics(registry, kafkaMetrics, kafkaRefresh, gcMetrics);
    }

    /** The registry, for meters registered by others (the queries' timer). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every metric, in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    /** Unbinds Kafka's metrics and waits for a refresh in flight: none of them is read any more. Idempotent. */
    public void stopKafkaMetrics() {
        kafkaRefresh.shutdownNow();
        try {
            kafkaRefresh.awaitTermination(2, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kafkaMetrics.close();
    }

    @Override
    public void close() {
        stopKafkaMetrics();
        gcMetrics.close();
        registry.close();
    }
}
