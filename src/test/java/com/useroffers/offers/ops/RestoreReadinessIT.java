package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.TestApp;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.kafka.Workload;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness through a real restoration, the application run as its own processes: two instances share
 * the work and fill their changelogs; one is killed with SIGKILL, and the other, ready until then, takes
 * its tasks over and restores their state from the changelogs (no standby replicas here). Kafka Streams
 * says {@code REBALANCING} meanwhile, which for an instance that has been {@code RUNNING} is otherwise
 * ready; {@code /health/ready} must answer 503 while the taken-over tasks restore, with the gauge
 * {@code user_offers_restoring_partitions} above 0, then 200 again with the gauge at 0.
 */
@SuppressWarnings("try") // an instance is held by try-with-resources only so that it is always stopped
class RestoreReadinessIT {

    private static final int PARTITIONS = 2;
    private static final int EVENTS = 100_000;
    private static final int USERS = 5_000;
    /**
     * Small restore batches, so that restoring some hundred thousand changelog records lasts long enough
     * for probes to see it on any machine; what is asserted never depends on how long it lasts.
     */
    private static final Map<String, String> SLOW_RESTORE = Map.of("restore.consumer.max.poll.records", "50");
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:\\s\"]+:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One probe: what {@code /health/ready} answered, then the gauge in {@code /metrics} right after. */
    private record Probe(int status, String state, String reason, double restoringPartitions) {

        boolean restoringAndUnready() {
            return status == 503 && reason != null && reason.startsWith("restoring state") && restoringPartitions > 0;
        }

        @Override
        public String toString() {
            return status + " " + state + (reason == null ? "" : " (" + reason + ")") + ", restoring " + restoringPartitions;
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void shouldNotBeReadyWhileTasksTakenOverFromACrashedInstanceRestore(@TempDir final Path dir) throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(1, dir.resolve("kafka"))) {
            // Given: two instances that have processed enough events to fill their changelogs, b ready
            final TestApp app = new TestApp(cluster, dir, "restore-ready", PARTITIONS);
            try (AppProcess a = app.start("a", SLOW_RESTORE);
                 AppProcess b = app.start("b", SLOW_RESTORE);
                 KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(cluster)) {
                app.waitUntilGroupStable(2, Duration.ofMinutes(2));
                TopicRecords.produceSynchronously(producer, Workload.records(app.inputTopic(), 17, EVENTS, USERS));
                app.waitUntilCaughtUp(Duration.ofMinutes(4));
                final int port = portOfRun(b, 1, Duration.ofMinutes(1));
                final Probe before = awaitProbe(port, probe -> probe.status() == 200, Duration.ofMinutes(1));
                assertThat(before.restoringPartitions()).isZero();

                // When: a crashes, and b takes its tasks over once a's session has timed out
                a.kill();
                final List<Probe> probes = new ArrayList<>();
                final Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
                Probe last = null;
                while (Instant.now().isBefore(deadline) && b.isAlive()) {
                    last = probe(port);
                    if (last != null) {
                        probes.add(last);
                        if (last.status() == 200 && probes.stream().anyMatch(Probe::restoringAndUnready)) {
                            break;
                        }
                    }
                    KafkaCluster.sleep(100);
                }

                // Then: 503 while restoring, the gauge above 0; 200 once restored, the gauge back at 0
                System.out.printf("[restore readiness] %d probes after the kill; first restoring: %s; last: %s%n",
                        probes.size(), probes.stream().filter(Probe::restoringAndUnready).findFirst().orElse(null), last);
                assertThat(probes).as("b's readiness after a's crash").anyMatch(Probe::restoringAndUnready);
                assertThat(last).isNotNull();
                assertThat(last.status()).as("readiness once restored; probes: %s", probes).isEqualTo(200);
                assertThat(restoringGauge(port)).isZero();
                assertThat(b.isAlive()).isTrue();
                app.waitUntilCaughtUp(Duration.ofMinutes(2)); // and b processes a's partitions
            }
        }
    }

    /** Probes until {@code test} holds; fails after {@code timeout}. */
    private Probe awaitProbe(final int port, final Predicate<Probe> test, final Duration timeout)
            throws InterruptedException {
        final Instant deadline = Instant.now().plus(timeout);
        Probe last = null;
        while (Instant.now().isBefore(deadline)) {
            last = probe(port);
            if (last != null && test.test(last)) {
                return last;
            }
            KafkaCluster.sleep(250);
        }
        throw new AssertionError("no such probe within " + timeout + "; last: " + last);
    }

    /** The port of the {@code run}-th start logged in the instance's (appended) log. */
    private static int portOfRun(final AppProcess app, final int run, final Duration timeout) {
        final Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && app.isAlive()) {
            final Matcher matcher = LISTENING.matcher(app.output());
            int seen = 0;
            while (matcher.find()) {
                if (++seen == run) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            KafkaCluster.sleep(100);
        }
        throw new AssertionError("the endpoint of start " + run + " was not logged within " + timeout + ":\n" + app.output());
    }

    /** Readiness, then the gauge; {@code null} while the endpoint does not answer. */
    private Probe probe(final int port) throws InterruptedException {
        try {
            final HttpResponse<String> ready = get(port, OpsServer.READY);
            final JsonNode body = JSON.readTree(ready.body());
            return new Probe(ready.statusCode(), body.path("state").asText(),
                    body.hasNonNull("reason") ? body.get("reason").asText() : null, restoringGauge(port));
        } catch (final IOException e) {
            return null;
        }
    }

    private double restoringGauge(final int port) throws IOException, InterruptedException {
        return PrometheusText.parse(get(port, OpsServer.METRICS).body()).value("user_offers_restoring_partitions", Map.of());
    }

    private HttpResponse<String> get(final int port, final String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
