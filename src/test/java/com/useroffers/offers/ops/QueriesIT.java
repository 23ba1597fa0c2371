package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.SharedCluster;
import com.useroffers.offers.kafka.TestApp;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.kafka.Workload;
import com.useroffers.offers.query.UserPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries on a real broker, the application run as two processes, each with its own
 * {@code application.server}: whichever instance is asked, every user's answer is byte for byte the
 * latest value a {@code read_committed} consumer sees in {@code user-offer-state} (so half the answers
 * went through a forward), a user without state is 404, the token is enforced (and carried by the
 * forwards); one instance without {@code application.server} answers every user from its own store;
 * while the owner restores a crashed instance's tasks it answers 503, never a partial
 * state; and an answer is committed state only, never what a transaction still open (or one a kill
 * aborts) wrote.
 */
@SuppressWarnings("try") // an instance is held by try-with-resources only so that it is always stopped
class QueriesIT {

    @RegisterExtension
    static final SharedCluster KAFKA = new SharedCluster(1);

    private static final int PARTITIONS = 4;
    private static final int USERS = 300;
    private static final String TOKEN = "queries-it-t0ken";
    /** Small restore batches, so that a restoration lasts long enough to be queried on any machine. */
    private static final Map<String, String> SLOW_RESTORE = Map.of("restore.consumer.max.poll.records", "20");
    /** Ids that need percent-encoding, and one whose every offer is revoked (a tombstone: no state). */
    private static final List<String> ODD_USERS = List.of("a b/c+d%e", "üser-\uD83D\uDE00", "?#&=", "revoked-user");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldAnswerEveryUsersLatestStateFromEitherInstance() throws Exception {
        // Given: two instances, a few hundred users' events processed, the odd users' too
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "queries", PARTITIONS);
        final int portA = freePort();
        final int portB = freePort();
        try (AppProcess a = app.start("a", instance(portA, Map.of()));
             AppProcess b = app.start("b", instance(portB, Map.of()));
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            TopicRecords.produceSynchronously(producer, Workload.records(app.inputTopic(), 23, 6_000, USERS));
            TopicRecords.produceSynchronously(producer, oddUsersEvents(app.inputTopic()));
            app.waitUntilGroupStable(2, Duration.ofMinutes(2));
            app.waitUntilCaughtUp(Duration.ofMinutes(2));
            awaitRunning(portA, a);
            awaitRunning(portB, b);
            final Map<String, byte[]> latest = app.latestStates();
            assertThat(latest).containsKeys(ODD_USERS.toArray(String[]::new)).hasSizeGreaterThan(USERS / 2);
            assertThat(latest.get("revoked-user")).as("tombstone").isNull();

            // When / Then: every user, asked of either instance, with the token
            for (final Map.Entry<String, byte[]> user : latest.entrySet()) {
                for (final int port : new int[] {portA, portB}) {
                    final HttpResponse<byte[]> answer = query(port, user.getKey(), TOKEN);
                    if (user.getValue() == null) {
                        assertThat(answer.statusCode()).as("%s (no state) from %d", user.getKey(), port).isEqualTo(404);
                    } else {
                        assertThat(answer.statusCode()).as("%s from %d: %s", user.getKey(), port, text(answer)).isEqualTo(200);
                        assertThat(answer.body()).as("%s from %d", user.getKey(), port).isEqualTo(user.getValue());
                        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
                    }
                }
            }
            assertThat(query(portA, "never-seen", TOKEN).statusCode()).isEqualTo(404);
            assertThat(query(portB, "never-seen", TOKEN).statusCode()).isEqualTo(404);

            // Then: both instances forwarded to the other, and answered for it
            for (final int port : new int[] {portA, portB}) {
                final PrometheusText metrics = PrometheusText.parse(get(port, OpsServer.METRICS).body());
                assertThat(metrics.sum("user_offers_queries_seconds_count", Map.of("route", "forwarded", "status", "200")))
                        .as("forwarded from %d", port).isPositive();
                assertThat(metrics.sum("user_offers_queries_seconds_count", Map.of("route", "peer", "status", "200")))
                        .as("answered for the other by %d", port).isPositive();
            }

            // Then: the token is enforced, and health stays open
            final String someone = latest.entrySet().stream().filter(e -> e.getValue() != null).findFirst().orElseThrow().getKey();
            assertThat(query(portA, someone, null).statusCode()).isEqualTo(401);
            assertThat(query(portB, someone, "wrong-" + TOKEN).statusCode()).isEqualTo(401);
            assertThat(query(portB, someone, TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(portA, OpsServer.READY).statusCode()).isEqualTo(200);
            assertThat(get(portB, OpsServer.LIVE).statusCode()).isEqualTo(200);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldAnswerFromTheOneInstanceWithoutApplicationServer() throws Exception {
        // Given: one instance at the defaults, no application.server and no token (the demo's and README's case)
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "queries-alone", PARTITIONS);
        final int port = freePort();
        try (AppProcess alone = app.start("alone", Map.of("offers.http.port", Integer.toString(port),
                     "offers.http.bind-address", "127.0.0.1"));
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            TopicRecords.produceSynchronously(producer, Workload.records(app.inputTopic(), 29, 2_000, USERS));
            TopicRecords.produceSynchronously(producer, oddUsersEvents(app.inputTopic()));
            app.waitUntilCaughtUp(Duration.ofMinutes(2));
            awaitRunning(port, alone);
            final Map<String, byte[]> latest = app.latestStates();
            assertThat(latest).containsKeys(ODD_USERS.toArray(String[]::new));

            // When / Then: every user's answer is its latest committed state, byte for byte; no state is 404
            for (final Map.Entry<String, byte[]> user : latest.entrySet()) {
                final HttpResponse<byte[]> answer = query(port, user.getKey(), null);
                if (user.getValue() == null) {
                    assertThat(answer.statusCode()).as("%s (no state)", user.getKey()).isEqualTo(404);
                } else {
                    assertThat(answer.statusCode()).as("%s: %s", user.getKey(), text(answer)).isEqualTo(200);
                    assertThat(answer.body()).as(user.getKey()).isEqualTo(user.getValue());
                }
            }
            assertThat(query(port, "never-seen", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldAnswerUnavailableNeverAPartialStateWhileTheOwnerRestores() throws Exception {
        // Given: two instances whose changelogs hold enough to make a restoration last
        final long t0 = System.nanoTime();
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "queries-restore", PARTITIONS);
        final int portA = freePort();
        final int portB = freePort();
        try (AppProcess a = app.start("a", instance(portA, SLOW_RESTORE));
             AppProcess b = app.start("b", instance(portB, SLOW_RESTORE));
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            TopicRecords.produceSynchronously(producer, Workload.records(app.inputTopic(), 29, 25_000, USERS));
            app.waitUntilGroupStable(2, Duration.ofMinutes(2));
            app.waitUntilCaughtUp(Duration.ofMinutes(3));
            awaitRunning(portB, b);
            final Map<String, byte[]> latest = app.latestStates();
            final List<String> users = new ArrayList<>(latest.keySet());
            System.out.printf("[queries restore] caught up after %.1f s%n", (System.nanoTime() - t0) / 1e9);

            // When: a crashes; b takes its tasks over and restores them from the changelogs
            a.kill();
            final List<String> seen = new ArrayList<>();
            int unavailableWhileRestoring = 0;
            int answeredSinceRestored = 0;
            final Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            for (int i = 0; Instant.now().isBefore(deadline) && answeredSinceRestored < users.size(); i++) {
                final String user = users.get(i % users.size());
                final boolean restoringBefore = isRestoring(portB);
                final HttpResponse<byte[]> answer = query(portB, user, TOKEN);
                final boolean restoringAfter = isRestoring(portB);

                // Then: 200 only with the latest state, byte for byte; 404 only for a user without state
                if (answer.statusCode() == 200) {
                    assertThat(answer.body()).as("%s after the crash", user).isEqualTo(latest.get(user));
                } else if (answer.statusCode() == 404) {
                    assertThat(latest.get(user)).as("%s after the crash: 404", user).isNull();
                } else {
                    assertThat(answer.statusCode()).as("%s: %s", user, text(answer)).isEqualTo(503);
                    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                }
                if (restoringBefore && restoringAfter && answer.statusCode() == 503) {
                    unavailableWhileRestoring++;
                }
                if (seen.size() < 20 || answer.statusCode() != 503 && seen.size() < 40) {
                    seen.add(answer.statusCode() + (restoringBefore ? " restoring" : "") + " " + text(answer));
                }
                answeredSinceRestored = answer.statusCode() != 503 && unavailableWhileRestoring > 0 && !restoringAfter
                        ? answeredSinceRestored + 1 : 0;
            }

            // Then: 503 while restoring, and every user answered again once restored
            System.out.printf("[queries restore] %.1f s: %d answers 503 while b restored; sample: %s%n",
                    (System.nanoTime() - t0) / 1e9, unavailableWhileRestoring, seen);
            assertThat(unavailableWhileRestoring).as("503 while restoring; answers seen: %s", seen).isPositive();
            assertThat(answeredSinceRestored).as("every user answered once restored; answers seen: %s", seen)
                    .isEqualTo(users.size());
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldAnswerOnlyCommittedStateNeitherAnOpenTransactionsNorOneAKillAborts() throws Exception {
        // Given one instance whose transactions stay open for 20 s, and 20 users' first events committed
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "queries-committed", 2);
        final int port = freePort();
        final Map<String, String> settings = instance(port, Map.of("commit.interval.ms", "20000", "producer.transaction.timeout.ms", "60000"));
        final List<String> users = new ArrayList<>();
        final List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>();
        final List<ProducerRecord<byte[], byte[]>> second = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            final String user = "committed-" + n;
            users.add(user);
            first.add(record(app.inputTopic(), Events.assigned("first-" + n, user, "WELCOME10", "2026-11-20T08:00:00Z").bytes(), user));
            second.add(record(app.inputTopic(), Events.assigned("second-" + n, user, "SPRING25", "2026-11-21T08:00:00Z").bytes(), user));
        }
        AppProcess a = app.start("a", settings);
        try (KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            awaitRunning(port, a);
            TopicRecords.produceSynchronously(producer, first);
            app.waitUntilCaughtUp(Duration.ofMinutes(1));
            final Map<String, byte[]> committed = app.latestStates();
            assertThat(committed).hasSize(users.size());

            // When the next events are processed (a transaction open, up to 20 s before its commit)
            TopicRecords.produceSynchronously(producer, second);
            awaitApplied(port, 2L * users.size());

            // Then every answer is the committed state, which the topic holds, not the open transaction's
            for (final String user : users) {
                final HttpResponse<byte[]> answer = query(port, user, TOKEN);
                assertThat(answer.statusCode()).as("%s: %s", user, text(answer)).isEqualTo(200);
                assertThat(answer.body()).as("%s while its second event is not committed", user).isEqualTo(committed.get(user));
            }
            app.assertLatestStatesEqual(committed);

            // And when the instance is killed before that commit and restarted, its answers are still the committed
            // state (or 503 while it restores), until the events are processed and committed again
            a.kill();
            a.close();
            a = app.start("a", settings);
            awaitRunning(port, a);
            for (final String user : users) {
                final HttpResponse<byte[]> answer = query(port, user, TOKEN);
                if (answer.statusCode() == 200 && !Arrays.equals(answer.body(), committed.get(user))) {
                    // Only once the second events are committed: then the topic holds it too
                    app.waitUntilCaughtUp(Duration.ofMinutes(1));
                    assertThat(answer.body()).as(user).isEqualTo(app.latestStates().get(user));
                }
            }
            app.waitUntilCaughtUp(Duration.ofMinutes(1));
            final Map<String, byte[]> after = app.latestStates();
            for (final String user : users) {
                assertThat(after.get(user)).as(user).isNotEqualTo(committed.get(user));
                assertThat(query(port, user, TOKEN).body()).as(user).isEqualTo(after.get(user));
            }
        } finally {
            a.close();
        }
    }

    /** Waits until the instance has applied {@code events} events since it started (its counter in /metrics). */
    private void awaitApplied(final int port, final long events) throws InterruptedException, IOException {
        final Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        double applied = 0;
        while (Instant.now().isBefore(deadline)) {
            applied = PrometheusText.parse(get(port, OpsServer.METRICS).body()).sum("kafka_user_offers_events_applied_total", Map.of());
            if (applied >= events) {
                return;
            }
            KafkaCluster.sleep(100);
        }
        throw new AssertionError("applied " + applied + " events within a minute, not " + events);
    }

    /** An instance whose endpoint, at {@code port}, is also its {@code application.server}; queries need the token. */
    private static Map<String, String> instance(final int port, final Map<String, String> more) {
        final Map<String, String> settings = new HashMap<>(more);
        settings.put("offers.http.port", Integer.toString(port));
        settings.put("offers.http.bind-address", "127.0.0.1");
        settings.put("application.server", "127.0.0.1:" + port);
        settings.put("offers.http.auth-token", TOKEN);
        return settings;
    }

    private static List<ProducerRecord<byte[], byte[]>> oddUsersEvents(final String topic) {
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        int n = 0;
        for (final String user : ODD_USERS) {
            records.add(record(topic, Events.assigned("odd-" + n++, user, "WELCOME10", "2026-11-20T08:00:00Z").bytes(), user));
            records.add(record(topic, Events.assigned("odd-" + n++, user, "SPRING25", "2026-11-21T08:00:00Z")
                    .expiresAt("2026-12-31T23:59:59Z").bytes(), user));
        }
        records.add(record(topic, Events.revoked("odd-" + n++, "revoked-user", "WELCOME10", "2026-11-22T08:00:00Z").bytes(), "revoked-user"));
        records.add(record(topic, Events.revoked("odd-" + n, "revoked-user", "SPRING25", "2026-11-22T09:00:00Z").bytes(), "revoked-user"));
        return records;
    }

    private static ProducerRecord<byte[], byte[]> record(final String topic, final byte[] value, final String user) {
        return new ProducerRecord<>(topic, user.getBytes(StandardCharsets.UTF_8), value);
    }

    /** Waits until the instance is ready and RUNNING, so that its metadata names every partition's owner. */
    private void awaitRunning(final int port, final AppProcess app) throws InterruptedException {
        final Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        String last = "";
        while (Instant.now().isBefore(deadline) && app.isAlive()) {
            try {
                final HttpResponse<String> ready = get(port, OpsServer.READY);
                if (ready.statusCode() == 200 && ready.body().contains("\"state\":\"RUNNING\"")) {
                    return;
                }
                last = ready.body();
            } catch (final IOException e) {
                last = e.toString();
            }
            KafkaCluster.sleep(200);
        }
        throw new AssertionError("not RUNNING within a minute: " + last + "\n" + app.output());
    }

    /** Whether b's readiness says it is restoring (the only reason that starts so). */
    private boolean isRestoring(final int port) throws IOException, InterruptedException {
        return get(port, OpsServer.READY).body().contains("restoring state");
    }

    private HttpResponse<byte[]> query(final int port, final String user, final String token) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + UserPath.of(user)))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> get(final int port, final String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String text(final HttpResponse<byte[]> answer) {
        return new String(answer.body(), StandardCharsets.UTF_8).strip();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
