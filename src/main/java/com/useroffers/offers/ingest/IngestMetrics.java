package com.useroffers.offers.ingest;

import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.producer.Producer;

/**
 * The ingest service's {@code /metrics}, in the Prometheus text format:
 * <ul>
 *   <li>{@code user_offers_ingest_requests_total{method,status}}: finished calls by method
 *       ({@code Submit}, {@code SubmitStream}) and gRPC status code ({@code OK}, {@code INVALID_ARGUMENT},
 *       {@code RESOURCE_EXHAUSTED}, {@code UNAVAILABLE}, ...);</li>
 *   <li>{@code user_offers_ingest_events_total{status}}: events acknowledged ({@code OK}) or refused, one per
 *       event, also inside streams;</li>
 *   <li>{@code user_offers_ingest_request_seconds{method}}: call latency, a histogram (p50/p99 with
 *       {@code histogram_quantile});</li>
 *   <li>{@code user_offers_ingest_in_flight}: events accepted and not yet acknowledged by Kafka;</li>
 *   <li>the producer's own metrics ({@code kafka_producer_*}) and the JVM's.</li>
 * </ul>
 */
public final class IngestMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> events = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> latency = new ConcurrentHashMap<>();
    private KafkaClientMetrics producerMetrics;
    private JvmGcMetrics gcMetrics;

    public IngestMetrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", "user-offers-ingest");
    }

    /** The JVM's metrics, the producer's and the in-flight gauge. */
    public IngestMetrics bind(final Producer<?, ?> producer, final IntSupplier inFlight) {
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        Gauge.builder("user.offers.ingest.in.flight", inFlight::getAsInt)
                .description("Events accepted by the ingest service and not yet acknowledged by Kafka")
                .strongReference(true)
                .register(registry);
        return this;
    }

    /** A finished call. */
    public void call(final String method, final Status.Code status, final long nanos) {
        requests.computeIfAbsent(method + "/" + status, key -> Counter.builder("user.offers.ingest.requests")
                .description("Finished ingest calls by method and gRPC status")
                .tag("method", method).tag("status", status.name()).register(registry)).increment();
        latency.computeIfAbsent(method, key -> Timer.builder("user.offers.ingest.request")
                .description("Latency of ingest calls, from arrival to the answer")
                .tag("method", method).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry)).record(Duration.ofNanos(nanos));
    }

    /** One event's outcome. */
    public void event(final Status.Code status) {
        events.computeIfAbsent(status.name(), key -> Counter.builder("user.offers.ingest.events")
                .description("Events acknowledged by Kafka (OK) or refused, by gRPC status")
                .tag("status", status.name()).register(registry)).increment();
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (producerMetrics != null) {
            producerMetrics.close();
        }
        if (gcMetrics != null) {
            gcMetrics.close();
        }
        registry.close();
    }
}
