package com.useroffers.offers.ops;

import static com.useroffers.offers.fixtures.OffersDriver.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.run.ThreadFailurePolicy;
import com.useroffers.offers.topology.OffersTopology;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint around a real Kafka Streams client on a real (single) broker: readiness turns 200 once
 * RUNNING, the dedup gauge counts the remembered ids, the application's counters count exactly, and
 * every metric the Grafana dashboard queries is really exported under that name (those of {@code run};
 * the ingest service's are checked in {@code IngestServiceTest}).
 */
@Timeout(300)
class OpsServerIT {

    private static final int PARTITIONS = 2;

    @TempDir
    static Path clusterDir;
    private static KafkaCluster cluster;

    @TempDir
    Path stateDir;

    private String applicationId;
    private String input;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startKafka() {
        cluster = KafkaCluster.start(1, clusterDir);
    }

    /** Topics and an application id of the test's own. */
    @BeforeEach
    void createTopics() {
        final String test = "ops-it-" + UUID.randomUUID();
        applicationId = test;
        input = test + "-input";
        TopicRecords.createTopics(cluster, PARTITIONS, 1, input, test + "-state", test + "-dlq");
    }

    @AfterAll
    static void stopKafka() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldTurnReadyOnceRunningAndCountWhatItDid() throws Exception {
        // Given
        final OffersConfig config = config();
        final KafkaStreams streams = new KafkaStreams(OffersTopology.build(config), config.streamsProperties());
        try (OpsServer ops = OpsServer.start(config, streams)) {
            assertThat(get(ops, OpsServer.READY).statusCode()).isEqualTo(503); // CREATED

            // When
            streams.start();

            // Then
            final Set<String> readinessSeen = new LinkedHashSet<>();
            awaitUntil(Duration.ofSeconds(90), () -> {
                final HttpResponse<String> ready = get(ops, OpsServer.READY);
                readinessSeen.add(ready.statusCode() + " " + streams.state());
                return ready.statusCode() == 200;
            }, "ready");
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(get(ops, OpsServer.LIVE).statusCode()).isEqualTo(200);

            // When: 40 distinct events for 8 users, 10 exact duplicates, 1 malformed record
            try (KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(cluster)) {
                final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    records.add(assigned("e-" + i, "u-" + (i % 8), "CODE" + i)); // applied
                }
                for (int i = 0; i < 10; i++) {
                    records.add(assigned("e-" + i, "u-" + (i % 8), "CODE" + i)); // exact duplicate: dropped
                }
                records.add(new ProducerRecord<>(input, bytes("u-0"), bytes("{oops"))); // malformed: DLQ
                TopicRecords.produceSynchronously(producer, records);
            }
            TopicRecords.waitUntilGroupCaughtUp(cluster, applicationId, input, Duration.ofSeconds(90));

            // Then: the 40 ids are in the dedup store. RocksDB's estimate also counts Kafka's bookkeeping
            // entries (its "offsets" column family: about one per store segment), hence a small margin.
            awaitUntil(Duration.ofSeconds(30), () -> metrics(ops).value("user_offers_dedup_ids",
                    Map.of("task_role", "active")) >= 40.0, "dedup gauge at 40");
            assertThat(metrics(ops).value("user_offers_dedup_ids", Map.of("task_role", "active"))).isBetween(40.0, 48.0);
            assertThat(metrics(ops).value("user_offers_dedup_ids", Map.of("task_role", "standby"))).isZero();
            // and the application's counters, summed over the tasks, are exact (no retry happened here),
            // once the binder has picked up every task's sensors
            awaitUntil(OpsMetrics.KAFKA_METRICS_REFRESH.multipliedBy(5), () -> metrics(ops).samples("kafka_user_offers_events_applied_total")
                    .size() == PARTITIONS, "application counters of every task exported");
            final PrometheusText metrics = metrics(ops);
            assertThat(metrics.sum("kafka_user_offers_events_applied_total", Map.of())).isEqualTo(40.0);
            assertThat(metrics.sum("kafka_user_offers_duplicates_dropped_total", Map.of())).isEqualTo(10.0);
            assertThat(metrics.sum("kafka_user_offers_dead_letters_total", Map.of("reason", "MALFORMED"))).isEqualTo(1.0);
            assertThat(metrics.sum("kafka_user_offers_dead_letters_total", Map.of())).isEqualTo(1.0);
            assertThat(metrics(ops).value("user_offers_streams_state", Map.of("state", "RUNNING"))).isEqualTo(1.0);
            assertThat(readinessSeen).first().asString().startsWith("503");
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    @Test
    void shouldFailLivenessOnceTheClientHasDied() throws Exception {
        // Given: a running client with the production failure policy
        final OffersConfig config = config();
        final KafkaStreams streams = new KafkaStreams(OffersTopology.build(config), config.streamsProperties());
        streams.setUncaughtExceptionHandler(new ThreadFailurePolicy());
        try (OpsServer ops = OpsServer.start(config, streams)) {
            streams.start();
            awaitUntil(Duration.ofSeconds(90), () -> get(ops, OpsServer.READY).statusCode() == 200, "ready");
            assertThat(get(ops, OpsServer.LIVE).statusCode()).isEqualTo(200);

            // When: its input topic disappears, a failure no new thread can cure
            try (Admin admin = cluster.admin()) {
                admin.deleteTopics(Set.of(input)).all().get(30, TimeUnit.SECONDS);
            }

            // Then: the client dies, and liveness and readiness say so
            awaitUntil(Duration.ofSeconds(90), () -> streams.state() == KafkaStreams.State.ERROR, "in ERROR");
            awaitUntil(Duration.ofSeconds(10), () -> get(ops, OpsServer.LIVE).statusCode() == 503, "not live");
            assertThat(get(ops, OpsServer.READY).statusCode()).isEqualTo(503);
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    @Test
    void shouldExportEveryMetricTheDashboardQueries() throws Exception {
        // Given
        final OffersConfig config = config();
        final KafkaStreams streams = new KafkaStreams(OffersTopology.build(config), config.streamsProperties());
        try (OpsServer ops = OpsServer.start(config, streams)) {
            streams.start();
            awaitUntil(Duration.ofSeconds(90), () -> streams.state() == KafkaStreams.State.RUNNING, "RUNNING");
            try (KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(cluster)) {
                TopicRecords.produceSynchronously(producer, List.of(assigned("e-x", "u-x", "CODEX")));
            }
            TopicRecords.waitUntilGroupCaughtUp(cluster, applicationId, input, Duration.ofSeconds(90));

            // one query, so that the query timer exists
            assertThat(get(ops, "/users/u-x/offers").statusCode()).isIn(200, 404, 503);

            // When
            final Set<String> queried = GrafanaDashboard.load().runMetricNames();

            // Then (within the binder's refresh, for the metrics of newly assigned tasks)
            final Set<String> missing = new TreeSet<>(queried);
            final Instant deadline = Instant.now().plus(OpsMetrics.KAFKA_METRICS_REFRESH.multipliedBy(5));
            while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
                final PrometheusText metrics = metrics(ops);
                missing.removeIf(metrics::has);
                Thread.sleep(250);
            }
            assertThat(queried).hasSizeGreaterThan(10);
            assertThat(missing).as("metrics the dashboard queries but /metrics does not export").isEmpty();
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    private OffersConfig config() {
        final Map<String, String> properties = new HashMap<>();
        properties.put("application.id", applicationId);
        properties.put("bootstrap.servers", cluster.bootstrapServers());
        properties.put("state.dir", stateDir.toString());
        properties.put("replication.factor", "1");
        properties.put("topic.min.insync.replicas", "1");
        properties.put("num.standby.replicas", "0");
        properties.put("statestore.cache.max.bytes", "0");
        properties.put(OffersConfig.INPUT_TOPIC, input);
        properties.put(OffersConfig.STATE_TOPIC, applicationId + "-state");
        properties.put(OffersConfig.DLQ_TOPIC, applicationId + "-dlq");
        properties.put(OffersConfig.HTTP_PORT, "0");
        properties.put(OffersConfig.HTTP_BIND_ADDRESS, "127.0.0.1");
        return ConfigLoader.loadConfig(OpsServerTest.SHIPPED_CONFIG, Map.of(), properties);
    }

    private ProducerRecord<byte[], byte[]> assigned(final String eventId, final String userId, final String code) {
        final String json = "{\"eventId\":\"" + eventId + "\",\"userId\":\"" + userId + "\",\"type\":\"OFFER_ASSIGNED\","
                + "\"offerCode\":\"" + code + "\",\"occurredAt\":\"2026-11-22T10:15:30Z\"}";
        return new ProducerRecord<>(input, bytes(userId), bytes(json));
    }

    private PrometheusText metrics(final OpsServer ops) throws IOException, InterruptedException {
        final HttpResponse<String> response = get(ops, OpsServer.METRICS);
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    private HttpResponse<String> get(final OpsServer ops, final String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A condition that may throw while the client settles. */
    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(final Duration timeout, final Check check, final String what) throws Exception {
        final Instant deadline = Instant.now().plus(timeout);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not " + what + " within " + timeout);
            }
            Thread.sleep(250);
        }
    }

}
