package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.IngestConfig;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.fixtures.IngestClient;
import com.useroffers.offers.fixtures.IngestClient.Outcome;
import com.useroffers.offers.fixtures.IngestEvents;
import com.useroffers.offers.ingest.EventJson;
import com.useroffers.offers.ingest.IngestServer;
import com.useroffers.offers.ingest.v1.OfferEvent;
import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.SharedCluster;
import com.useroffers.offers.kafka.TestApp;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.produce.SampleEvents;
import com.useroffers.offers.produce.SampleKind;
import com.useroffers.offers.produce.SampleRecord;
import com.useroffers.offers.reference.ExactlyOnceVerifier;
import com.useroffers.offers.runtime.ShutdownSignal;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ingest} command on a real broker, with real gRPC clients: what a client is told matches
 * what the input topic holds, through a broker outage and a SIGTERM, and {@code run} processes what
 * was ingested exactly once.
 */
class IngestIT {

    @RegisterExtension
    static final SharedCluster KAFKA = new SharedCluster(1);

    private static final Pattern LISTENING = Pattern.compile("gRPC ingest listening on port (\\d+)");

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldTakeAMixedWorkloadThatRunProcessesExactlyOnceAndKeepInvalidEventsOffTheTopic(@TempDir final Path dir) throws Exception {
        // Given: ingest in this JVM, run as its own process
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "ingest-mixed", 3);
        final IngestServer ingest = startInJvm(app, Map.of());
        final List<OfferEvent> submittable = new ArrayList<>();
        final List<OfferEvent> invalid = new ArrayList<>();
        sample(7, 1_200, 40, 0.1, 0.15, submittable, invalid);

        // A second instance on the same port is a bad setting (exit 2); a missing input topic is exit 8
        assertThatThrownBy(() -> startInJvm(app, Map.of(IngestConfig.PORT, Integer.toString(ingest.port()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot listen on");
        assertThatThrownBy(() -> startInJvm(app, Map.of(OffersConfig.INPUT_TOPIC, "no-such-topic")))
                .isInstanceOfSatisfying(RunFailure.class, failure -> assertThat(failure.exitCode()).isEqualTo(ExitCodes.TOPIC_MISSING));

        try (AppProcess run = app.start("a"); IngestClient client = new IngestClient(ingest.port())) {
            // When: four clients, each with its own users in order; two submit one by one, two in streams of 25
            final List<Outcome> outcomes = submitConcurrently(client, submittable, 4);
            final List<Outcome> refusals = invalid.stream().map(client::submit).toList();

            // Then: every valid event acknowledged, every invalid one refused for its rule
            assertThat(outcomes).allMatch(Outcome::acked, "acknowledged");
            assertThat(refusals).allSatisfy(refused -> {
                assertThat(refused.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(refused.status().getDescription()).startsWith("INVALID: ");
            });
            // ... the topic holds exactly the acknowledged events, at the positions acknowledged
            final List<ConsumerRecord<byte[], byte[]>> input = TopicRecords.readCommitted(KAFKA.cluster(), app.inputTopic());
            assertThat(input).hasSize(outcomes.size());
            final Map<String, ConsumerRecord<byte[], byte[]>> byPosition = input.stream()
                    .collect(Collectors.toMap(r -> r.partition() + "/" + r.offset(), r -> r));
            for (final Outcome outcome : outcomes) {
                final ConsumerRecord<byte[], byte[]> record = byPosition.get(outcome.ack().getPartition() + "/" + outcome.ack().getOffset());
                assertThat(record).as("record acknowledged at %s", outcome.ack()).isNotNull();
                assertThat(record.value()).isEqualTo(EventJson.write(outcome.event()));
                assertThat(record.key()).isEqualTo(outcome.event().getUserId().getBytes(StandardCharsets.UTF_8));
            }
            // ... and run processes it exactly once (duplicates dropped, bad transitions dead-lettered once)
            app.waitUntilCaughtUp(Duration.ofMinutes(2));
            final ExactlyOnceVerifier.Summary summary = ExactlyOnceVerifier.verify(input,
                    TopicRecords.readCommitted(KAFKA.cluster(), app.stateTopic()),
                    TopicRecords.readCommitted(KAFKA.cluster(), app.dlqTopic()));
            System.out.printf("[ingest mixed] %d acknowledged, %d refused; %s%n", outcomes.size(), refusals.size(), summary);
            // ... with readiness and metrics on the operations endpoint
            assertThat(httpGet(ingest.httpPort(), "/health/ready")).startsWith("200 ").contains("\"status\":\"UP\"");
            assertThat(httpGet(ingest.httpPort(), "/metrics"))
                    .contains("user_offers_ingest_events_total{application=\"user-offers-ingest\",status=\"INVALID_ARGUMENT\"} " + refusals.size() + ".0");
        } finally {
            ingest.stop("end of test");
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldAckOnlyWrittenEventsWhileTheBrokerIsDownAndEachOnceAfterRetries(@TempDir final Path dir) throws Exception {
        // Given: a short delivery timeout, so that requests fail while the broker is down
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "ingest-outage", 3);
        final IngestServer ingest = startInJvm(app, Map.of(IngestConfig.DELIVERY_TIMEOUT, "PT3S"));
        final List<OfferEvent> events = distinctEvents(1_600);
        final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        final ExecutorService clients = Executors.newFixedThreadPool(4);
        try (IngestClient client = new IngestClient(ingest.port())) {
            // When: four clients submit while the broker is killed and, after some refusals, brought back
            final List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                final int lane = c;
                running.add(clients.submit(() -> {
                    for (int i = lane; i < events.size(); i += 4) {
                        outcomes.add(client.submit(events.get(i)));
                    }
                }));
            }
            awaitCount(() -> outcomes.stream().filter(Outcome::acked).count(), 200, Duration.ofSeconds(60));
            KAFKA.cluster().kill(1);
            awaitCount(() -> outcomes.stream().filter(o -> !o.acked()).count(), 20, Duration.ofSeconds(60));
            awaitHttp(ingest.httpPort(), "/health/ready", "503 ", Duration.ofSeconds(60));
            KAFKA.cluster().restart(1);
            awaitHttp(ingest.httpPort(), "/health/ready", "200 ", Duration.ofSeconds(60));
            for (final Future<?> lane : running) {
                lane.get(3, TimeUnit.MINUTES);
            }
            // ... and retry each refused event until it is acknowledged
            final List<Outcome> refused = outcomes.stream().filter(o -> !o.acked()).toList();
            final Map<Status.Code, Long> refusedBy = refused.stream().collect(Collectors.groupingBy(o -> o.status().getCode(), Collectors.counting()));
            final List<Outcome> retried = new ArrayList<>();
            for (final Outcome failed : refused) {
                retried.add(retryUntilAcked(client, failed.event()));
            }

            // Then: every acknowledged event is in the topic at the position it was acknowledged with
            final List<ConsumerRecord<byte[], byte[]>> input = TopicRecords.readCommitted(KAFKA.cluster(), app.inputTopic());
            final Map<String, ConsumerRecord<byte[], byte[]>> byPosition = input.stream()
                    .collect(Collectors.toMap(r -> r.partition() + "/" + r.offset(), r -> r));
            final List<Outcome> acked = new ArrayList<>(outcomes.stream().filter(Outcome::acked).toList());
            acked.addAll(retried);
            for (final Outcome outcome : acked) {
                assertThat(byPosition.get(outcome.ack().getPartition() + "/" + outcome.ack().getOffset()))
                        .as("acknowledged %s", outcome.ack()).isNotNull()
                        .satisfies(record -> assertThat(record.value()).isEqualTo(EventJson.write(outcome.event())));
            }
            // ... and each event is there at least once: exactly once after the processor's deduplication
            final Map<String, Long> copies = input.stream().collect(Collectors.groupingBy(
                    r -> IngestEvents.fromJson(r.value()).getEventId(), Collectors.counting()));
            assertThat(copies.keySet()).isEqualTo(events.stream().map(OfferEvent::getEventId).collect(Collectors.toSet()));
            assertThat(refused).as("some requests failed while the broker was down").isNotEmpty();
            assertThat(refusedBy.keySet()).as("refusals while the broker was down").isSubsetOf(Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED));
            System.out.printf("[ingest outage] %d events: %d acknowledged at once, %d refused %s then acknowledged on retry;"
                            + " topic holds %d records, %d distinct events, %d written twice (a refused event that had landed)%n",
                    events.size(), events.size() - refused.size(), refused.size(), refusedBy, input.size(), copies.size(),
                    input.size() - copies.size());
        } finally {
            clients.shutdownNow();
            KAFKA.cluster().awaitBrokers(1, Duration.ofSeconds(90));
            ingest.stop("end of test");
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldFinishCallsInFlightOnSigtermLoseNoAcknowledgedEventAndExitZero(@TempDir final Path dir) throws Exception {
        // Given: ingest as its own process, from the jar
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "ingest-sigterm", 3);
        final Map<String, String> settings = app.settings("ingest");
        settings.put(IngestConfig.PORT, "0");
        final AppProcess process = AppProcess.start("ingest", settings, dir.resolve("ingest.log"));
        final List<OfferEvent> events = distinctEvents(20_000);
        final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        final AtomicBoolean stopped = new AtomicBoolean();
        final ExecutorService clients = Executors.newFixedThreadPool(4);
        try (process) {
            process.awaitOutput("gRPC ingest listening on port", Duration.ofMinutes(1));
            final Matcher port = LISTENING.matcher(process.output());
            assertThat(port.find()).isTrue();
            try (IngestClient client = new IngestClient(Integer.parseInt(port.group(1)))) {
                // When: SIGTERM while four clients submit
                final List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    final int lane = c;
                    running.add(clients.submit(() -> {
                        // Until the service refuses: after the signal it takes no new call.
                        for (int i = lane; i < events.size() && !stopped.get(); i += 4) {
                            final Outcome outcome = client.submit(events.get(i));
                            outcomes.add(outcome);
                            if (!outcome.acked()) {
                                return;
                            }
                        }
                    }));
                }
                awaitCount(() -> outcomes.stream().filter(Outcome::acked).count(), 300, Duration.ofSeconds(60));
                process.signalTerm();
                final Integer exit = process.awaitExit(Duration.ofMinutes(1));
                stopped.set(true);
                for (final Future<?> lane : running) {
                    lane.get(2, TimeUnit.MINUTES);
                }

                // Then: exit 0, and every acknowledged event is in the topic
                assertThat(exit).as("exit code; log:%n%s", process.output()).isEqualTo(0);
                assertThat(process.output()).contains("SIGTERM received: stopping the gRPC ingest service").contains("Stopped cleanly")
                        .as("calls in flight at the signal were answered, not cancelled").doesNotContain("Calls still in flight after");
                final Set<String> inTopic = TopicRecords.readCommitted(KAFKA.cluster(), app.inputTopic()).stream()
                        .map(r -> IngestEvents.fromJson(r.value()).getEventId()).collect(Collectors.toSet());
                final List<String> acked = outcomes.stream().filter(Outcome::acked).map(o -> o.event().getEventId()).toList();
                assertThat(inTopic).containsAll(acked);
                final Map<Status.Code, Long> refused = outcomes.stream().filter(o -> !o.acked())
                        .collect(Collectors.groupingBy(o -> o.status().getCode(), Collectors.counting()));
                System.out.printf("[ingest sigterm] %d acknowledged (all in the topic, which holds %d), refused after the signal: %s%n",
                        acked.size(), inTopic.size(), refused);
            }
        } finally {
            stopped.set(true);
            clients.shutdownNow();
        }
    }

    private static IngestServer startInJvm(final TestApp app, final Map<String, String> overrides) {
        final Map<String, String> settings = app.settings("ingest");
        settings.put(IngestConfig.PORT, "0");
        settings.putAll(overrides);
        final OffersConfig config = ConfigLoader.loadConfig(null, Map.of(), settings);
        return IngestServer.start(config, new IngestConfig(config.originals()), ShutdownSignal.manual());
    }

    /**
     * Sample events as the {@code produce} command makes them, sorted out: those a client can submit (valid
     * fields: valid events, exact and conflicting duplicates, invalid transitions) and those with a broken
     * field rule. Malformed JSON and wrong keys cannot be expressed in a request, so they are left out.
     */
    private static void sample(final long seed, final int count, final int users, final double duplicates, final double invalid,
                               final List<OfferEvent> submittable, final List<OfferEvent> broken) {
        final SampleEvents samples = new SampleEvents(seed, users, duplicates, invalid);
        for (int i = 0; i < count; i++) {
            final SampleRecord record = samples.next();
            if (record.kind() == SampleKind.INVALID) {
                broken.add(IngestEvents.fromJson(record.value()));
            } else if (record.kind() != SampleKind.MALFORMED && record.kind() != SampleKind.KEY_MISMATCH) {
                submittable.add(IngestEvents.fromJson(record.value()));
            }
        }
    }

    /** Each user's events stay in one lane, in order; even lanes submit one by one, odd lanes in streams of 25. */
    private static List<Outcome> submitConcurrently(final IngestClient client, final List<OfferEvent> events, final int lanes)
            throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(lanes);
        try {
            final List<Future<List<Outcome>>> results = new ArrayList<>();
            for (int lane = 0; lane < lanes; lane++) {
                final int mine = lane;
                final List<OfferEvent> laneEvents = events.stream()
                        .filter(e -> Math.floorMod(e.getUserId().hashCode(), lanes) == mine).toList();
                results.add(pool.submit(() -> mine % 2 == 0 ? laneEvents.stream().map(client::submit).toList() : inStreams(client, laneEvents)));
            }
            final List<Outcome> outcomes = new ArrayList<>();
            for (final Future<List<Outcome>> result : results) {
                outcomes.addAll(result.get(2, TimeUnit.MINUTES));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Outcome> inStreams(final IngestClient client, final List<OfferEvent> events) {
        final List<Outcome> outcomes = new ArrayList<>();
        for (int from = 0; from < events.size(); from += 25) {
            final List<OfferEvent> batch = events.subList(from, Math.min(events.size(), from + 25));
            final IngestClient.StreamOutcome answer = client.submitStream(batch);
            assertThat(answer.status().getCode()).as("stream answer %s", answer.status()).isEqualTo(Status.Code.OK);
            for (int i = 0; i < batch.size(); i++) {
                outcomes.add(new Outcome(batch.get(i), answer.acks().get(i), Status.OK));
            }
        }
        return outcomes;
    }

    /** {@code count} valid events with distinct ids, for 100 users: assignments of distinct codes. */
    private static List<OfferEvent> distinctEvents(final int count) {
        final List<OfferEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(IngestEvents.assigned("e-" + i, "u-" + (i % 100), "C" + i, "2026-11-20T10:00:00Z"));
        }
        return events;
    }

    private static Outcome retryUntilAcked(final IngestClient client, final OfferEvent event) {
        Outcome outcome = client.submit(event);
        for (int attempt = 1; attempt < 30 && !outcome.acked(); attempt++) {
            KafkaCluster.sleep(1_000);
            outcome = client.submit(event);
        }
        assertThat(outcome.acked()).as("%s acknowledged on retry: %s", event.getEventId(), outcome.status()).isTrue();
        return outcome;
    }

    private static void awaitCount(final java.util.function.LongSupplier count, final long atLeast, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (count.getAsLong() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + count.getAsLong() + " of " + atLeast + " within " + timeout);
            }
            KafkaCluster.sleep(50);
        }
    }

    /** Waits until {@code path} answers with a status line starting with {@code status}, e.g. {@code "503 "}. */
    private static void awaitHttp(final int port, final String path, final String status, final Duration timeout) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        String last = httpGet(port, path);
        while (!last.startsWith(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " did not answer " + status + "within " + timeout + "; last: " + last);
            }
            KafkaCluster.sleep(200);
            last = httpGet(port, path);
        }
    }

    private static String httpGet(final int port, final String path) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
