package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.query.UserPath;
import com.useroffers.offers.topology.OffersTopology;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint over real HTTP, around a Kafka Streams client built from the production topology and
 * the shipped configuration but never started (state {@code CREATED}): no broker is involved.
 */
@Timeout(60)
class OpsServerTest {

    static final Path SHIPPED_CONFIG = Path.of("config/streams.properties");
    private static final String APPLICATION_ID = "ops-server-test";

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OffersConfig config;
    private KafkaStreams streams;

    @BeforeEach
    void createClient() {
        config = config(Map.of());
        streams = new KafkaStreams(OffersTopology.build(config), config.streamsProperties());
    }

    @AfterEach
    void closeClient() {
        streams.close(Duration.ofSeconds(10));
    }

    /** The shipped settings, with a free port on loopback and a state directory of the test's own. */
    private OffersConfig config(final Map<String, String> overrides) {
        final Map<String, String> properties = new HashMap<>(Map.of(
                "application.id", APPLICATION_ID,
                "bootstrap.servers", "127.0.0.1:9", // never contacted: the client is not started
                "state.dir", stateDir.toString(),
                OffersConfig.HTTP_PORT, "0",
                OffersConfig.HTTP_BIND_ADDRESS, "127.0.0.1"));
        properties.putAll(overrides);
        return ConfigLoader.loadConfig(SHIPPED_CONFIG, Map.of(), properties);
    }

    @Test
    void shouldAnswerLiveButNotReadyWhileTheClientIsCreated() throws Exception {
        try (OpsServer ops = OpsServer.start(config, streams)) {
            // When
            final HttpResponse<String> live = get(ops, OpsServer.LIVE);
            final HttpResponse<String> ready = get(ops, OpsServer.READY);

            // Then
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(live.body()).isEqualTo("{\"status\":\"UP\",\"state\":\"CREATED\"}\n");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"state\":\"CREATED\",\"reason\":\"not started yet\"}\n");
        }
    }

    @Test
    void shouldAnswerNotLiveOnceTheClientIsClosed() throws Exception {
        try (OpsServer ops = OpsServer.start(config, streams)) {
            // When
            streams.close(Duration.ofSeconds(10));

            // Then
            final HttpResponse<String> live = get(ops, OpsServer.LIVE);
            assertThat(live.statusCode()).isEqualTo(503);
            assertThat(live.body()).contains("\"state\":\"NOT_RUNNING\"");
            assertThat(get(ops, OpsServer.READY).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void shouldServeMetricsInThePrometheusTextFormat() throws Exception {
        try (OpsServer ops = OpsServer.start(config, streams)) {
            // When
            System.gc(); // a gauge whose object only Micrometer's weak reference holds would now read NaN
            final HttpResponse<String> response = get(ops, OpsServer.METRICS);

            // Then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            final PrometheusText metrics = PrometheusText.parse(response.body());
            assertThat(metrics.samples()).allSatisfy(sample ->
                    assertThat(sample.labels()).containsEntry("application", APPLICATION_ID));
            assertThat(metrics.type("user_offers_streams_state")).isEqualTo("gauge");
            assertThat(metrics.value("user_offers_streams_state", Map.of("state", "CREATED"))).isEqualTo(1.0);
            assertThat(metrics.value("user_offers_streams_state", Map.of("state", "RUNNING"))).isEqualTo(0.0);
            assertThat(metrics.value("user_offers_dedup_ids", Map.of("task_role", "active"))).isEqualTo(0.0);
            assertThat(metrics.value("user_offers_dedup_ids", Map.of("task_role", "standby"))).isEqualTo(0.0);
            assertThat(metrics.type("user_offers_restoring_partitions")).isEqualTo("gauge");
            assertThat(metrics.value("user_offers_restoring_partitions", Map.of())).isEqualTo(0.0);
            assertThat(metrics.has("jvm_memory_used_bytes")).isTrue();
            assertThat(metrics.has("process_cpu_usage")).isTrue();
            // Kafka's own metrics of the client, through Micrometer's Kafka Streams binder
            assertThat(metrics.value("kafka_stream_alive_stream_threads", Map.of())).isEqualTo(1.0);
            assertThat(metrics.samples()).anySatisfy(sample -> assertThat(sample.name()).startsWith("kafka_stream_thread_"));
        }
    }

    @Test
    void shouldAnswerHeadWithoutABody() throws Exception {
        try (OpsServer ops = OpsServer.start(config, streams)) {
            // When
            final HttpResponse<String> head = http.send(request(ops, OpsServer.READY).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());

            // Then
            assertThat(head.statusCode()).isEqualTo(503);
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void shouldRefuseOtherMethodsAndUnknownPaths() throws Exception {
        try (OpsServer ops = OpsServer.start(config, streams)) {
            // When
            final HttpResponse<String> post = http.send(request(ops, OpsServer.LIVE).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // Then
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(get(ops, "/").statusCode()).isEqualTo(404);
            assertThat(get(ops, "/health/lively").statusCode()).as("no prefix matching").isEqualTo(404);
            assertThat(get(ops, "/metrics/x").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldPickAFreePortForPortZeroAndReleaseItOnClose() throws Exception {
        // Given
        final OpsServer ops = OpsServer.start(config, streams);
        final int port = ops.port();
        assertThat(port).isPositive();
        assertThat(get(ops, OpsServer.LIVE).statusCode()).isEqualTo(200);

        // When
        ops.close();
        ops.close(); // idempotent

        // Then
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + OpsServer.LIVE)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void shouldReportAPortInUseAsABadSetting() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // Given
            final OffersConfig clashing = config(Map.of(OffersConfig.HTTP_PORT, Integer.toString(taken.getLocalPort())));

            // Then
            assertThatThrownBy(() -> OpsServer.start(clashing, streams))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(OffersConfig.HTTP_PORT)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void shouldAnswerQueriesUnavailableWithRetryAfterUntilRunning() throws Exception {
        try (OpsServer ops = OpsServer.start(config, streams)) {
            // When: the client is CREATED, not RUNNING
            final HttpResponse<String> query = get(ops, UserPath.of("u-1"));

            // Then
            assertThat(query.statusCode()).isEqualTo(503);
            assertThat(query.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(query.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(query.body()).startsWith("{\"error\":\"this instance is CREATED");
            assertThat(PrometheusText.parse(get(ops, OpsServer.METRICS).body())
                    .value("user_offers_queries_seconds_count", Map.of("status", "503", "route", "local"))).isEqualTo(1.0);
        }
    }

    @Test
    void shouldRefuseAMalformedUserIdAndOtherPathsUnderUsers() throws Exception {
        try (OpsServer ops = OpsServer.start(config, streams)) {
            // When
            final HttpResponse<String> notUtf8 = get(ops, "/users/%C3/offers");
            final HttpResponse<String> control = get(ops, "/users/a%00b/offers");

            // Then
            assertThat(notUtf8.statusCode()).isEqualTo(400);
            assertThat(notUtf8.body()).contains("not UTF-8");
            assertThat(control.statusCode()).isEqualTo(400);
            assertThat(control.body()).contains("control character");
            assertThat(get(ops, "/users/u-1").statusCode()).isEqualTo(404);
            assertThat(get(ops, "/users/u-1/offers/x").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldRequireTheTokenForQueriesOnlyNeverForHealthOrMetrics() throws Exception {
        // Given
        final OffersConfig withToken = config(Map.of(OffersConfig.HTTP_AUTH_TOKEN, "t0ken-for-queries"));
        try (OpsServer ops = OpsServer.start(withToken, streams)) {
            // When
            final HttpResponse<String> none = get(ops, UserPath.of("u-1"));
            final HttpResponse<String> wrong = http.send(request(ops, UserPath.of("u-1"))
                    .header("Authorization", "Bearer t0ken-for-querie").GET().build(), HttpResponse.BodyHandlers.ofString());
            final HttpResponse<String> right = http.send(request(ops, UserPath.of("u-1"))
                    .header("Authorization", "Bearer t0ken-for-queries").GET().build(), HttpResponse.BodyHandlers.ofString());

            // Then
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"user-offers\"");
            assertThat(none.body()).doesNotContain("t0ken-for-queries");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).as("past the token: not running yet").isEqualTo(503);
            assertThat(get(ops, OpsServer.LIVE).statusCode()).isEqualTo(200);
            assertThat(get(ops, OpsServer.METRICS).statusCode()).isEqualTo(200);
            assertThat(get(ops, OpsServer.READY).statusCode()).as("not ready, but answered").isEqualTo(503);
        }
    }

    private HttpResponse<String> get(final OpsServer ops, final String path) throws IOException, InterruptedException {
        return http.send(request(ops, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(final OpsServer ops, final String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).timeout(Duration.ofSeconds(10));
    }
}
