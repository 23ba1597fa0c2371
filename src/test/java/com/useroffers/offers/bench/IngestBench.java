package com.useroffers.offers.bench;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.IngestConfig;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.fixtures.IngestClient;
import com.useroffers.offers.fixtures.IngestEvents;
import com.useroffers.offers.ingest.EventJson;
import com.useroffers.offers.ingest.IngestServer;
import com.useroffers.offers.ingest.v1.OfferEvent;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code --only ingest} of {@link OffersBench}: acknowledged events per second and per-request latency
 * of the gRPC ingest service on the local broker, for unary {@code Submit} and {@code SubmitStream}
 * (streams of {@link #STREAM_SIZE}), beside a raw idempotent {@code acks=all} producer writing the
 * same records in the same run. The service runs in this JVM with its shipped settings and plaintext;
 * clients are {@link #CLIENTS} threads on one channel, each waiting for its answer before the next
 * request (closed loop), so latency is what a client sees at that concurrency. Each contender gets an
 * unreported warm-up round first.
 */
final class IngestBench {

    static final int CLIENTS = 32;
    static final int STREAM_SIZE = 100;

    private IngestBench() {
    }

    static void run(final KafkaCluster cluster, final int replication, final int events, final Consumer<String> line,
                    final BenchResults figures) throws Exception {
        line.accept("");
        line.accept("## gRPC ingest: " + events + " events per contender, " + CLIENTS + " client threads, streams of "
                + STREAM_SIZE + " (a warm-up round of each first)");
        final String topic = "bench-ingest";
        TopicRecords.createTopics(cluster, 6, replication, topic);
        final Map<String, String> settings = new java.util.HashMap<>();
        settings.put("bootstrap.servers", cluster.bootstrapServers());
        settings.put("application.id", "bench-ingest");
        settings.put(OffersConfig.INPUT_TOPIC, topic);
        settings.put(OffersConfig.HTTP_PORT, "0");
        settings.put(IngestConfig.PORT, "0");
        settings.put(IngestConfig.MAX_IN_FLIGHT, "10000");
        final OffersConfig config = ConfigLoader.loadConfig(null, Map.of(), settings);
        final IngestServer server = IngestServer.start(config, new IngestConfig(config.originals()), ShutdownSignal.manual());
        try (IngestClient client = new IngestClient(server.port())) {
            final AtomicInteger serial = new AtomicInteger();
            raw(cluster, topic, events / 5, serial);
            unary(client, events / 5, serial);
            streaming(client, events / 5, serial);
            line.accept("");
            line.accept("| contender | acknowledged events/s | per-request latency p50 / p99 ms |");
            line.accept("|---|---|---|");
            final double rawRate = raw(cluster, topic, events, serial);
            line.accept(String.format(Locale.ROOT, "| raw producer (idempotent, acks=all, async) | %.0f | - |", rawRate));
            figures.row("ingest").put("contender", "raw").put("events_per_s", rawRate);
            final double[] unary = unary(client, events, serial);
            line.accept(String.format(Locale.ROOT, "| gRPC Submit (unary) | %.0f | %.1f / %.1f |", unary[0], unary[1], unary[2]));
            figures.row("ingest").put("contender", "unary").put("events_per_s", unary[0]).put("p50_ms", unary[1])
                    .put("p99_ms", unary[2]);
            final double[] streams = streaming(client, events, serial);
            line.accept(String.format(Locale.ROOT, "| gRPC SubmitStream (%d per call) | %.0f | %.1f / %.1f (per call) |",
                    STREAM_SIZE, streams[0], streams[1], streams[2]));
            figures.row("ingest").put("contender", "stream").put("events_per_call", STREAM_SIZE).put("events_per_s", streams[0])
                    .put("p50_ms", streams[1]).put("p99_ms", streams[2]);
        } finally {
            server.stop("end of benchmark");
        }
    }

    private static OfferEvent event(final int n) {
        return IngestEvents.assigned("bench-" + n, "u-" + (n % 10_000), "C" + (n % 1000), "2026-11-20T10:00:00Z");
    }

    /** Events per second of a plain producer with the service's delivery guarantees, writing the same bytes. */
    private static double raw(final KafkaCluster cluster, final String topic, final int events, final AtomicInteger serial) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            final long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                final OfferEvent event = event(serial.incrementAndGet());
                producer.send(new ProducerRecord<>(topic, event.getUserId().getBytes(StandardCharsets.UTF_8), EventJson.write(event)));
            }
            producer.flush();
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** {events/s, p50 ms, p99 ms}. */
    private static double[] unary(final IngestClient client, final int events, final AtomicInteger serial) throws Exception {
        return closedLoop(events, 1, (from, count) -> {
            final IngestClient.Outcome outcome = client.submit(event(serial.incrementAndGet()));
            if (!outcome.acked()) {
                throw new IllegalStateException("refused: " + outcome.status());
            }
        });
    }

    private static double[] streaming(final IngestClient client, final int events, final AtomicInteger serial) throws Exception {
        return closedLoop(events, STREAM_SIZE, (from, count) -> {
            final List<OfferEvent> batch = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                batch.add(event(serial.incrementAndGet()));
            }
            final IngestClient.StreamOutcome outcome = client.submitStream(batch);
            if (!outcome.status().isOk()) {
                throw new IllegalStateException("refused: " + outcome.status());
            }
        });
    }

    interface Request {
        void send(int from, int count);
    }

    /** {@link #CLIENTS} threads sending requests of {@code perRequest} events until {@code events} are acknowledged. */
    private static double[] closedLoop(final int events, final int perRequest, final Request request) throws Exception {
        final int requests = events / perRequest;
        final AtomicInteger next = new AtomicInteger();
        final long[] latencies = new long[requests];
        final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        final long start = System.nanoTime();
        try {
            final List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    for (int r = next.getAndIncrement(); r < requests; r = next.getAndIncrement()) {
                        final long sent = System.nanoTime();
                        request.send(r * perRequest, perRequest);
                        latencies[r] = System.nanoTime() - sent;
                    }
                    return null;
                }));
            }
            for (final Future<?> c : clients) {
                c.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        final long[] sorted = Stats.sorted(latencies, requests);
        return new double[] {requests * perRequest / seconds, Stats.percentile(sorted, 50) / 1e6, Stats.percentile(sorted, 99) / 1e6};
    }
}
