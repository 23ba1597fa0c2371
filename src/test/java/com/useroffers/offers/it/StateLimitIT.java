package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.fixtures.OffersModel.Fate;
import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.SharedCluster;
import com.useroffers.offers.kafka.TestApp;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.kafka.Workload;
import com.useroffers.offers.reference.ExactlyOnceVerifier;
import com.useroffers.offers.reference.ReferenceModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code offers.state.max-offers} on a real single-node cluster, with the application as its own process
 * started with {@code --property offers.state.max-offers=5}: a user driven past the limit gets
 * {@code STATE_LIMIT} dead letters, a repeat of one is dropped, and the application keeps running and
 * processes what comes after; everything it wrote is checked against the reference model at the same limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class StateLimitIT {

    private static final int PARTITIONS = 3;
    private static final int LIMIT = 5;
    private static final Duration CATCH_UP = Duration.ofMinutes(3);
    private static final String USER = "u-limit";

    @RegisterExtension
    static final SharedCluster KAFKA = new SharedCluster(1);

    @Test
    void shouldDeadLetterAssignmentsBeyondTheLimitAndKeepProcessing(@TempDir final Path dir) {
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "state-limit", PARTITIONS);
        final Map<String, String> settings = new LinkedHashMap<>(app.settings("a"));
        settings.put("offers.state.max-offers", Integer.toString(LIMIT));
        try (AppProcess instance = AppProcess.start("run", settings, dir.resolve("app-a.log"));
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            // Given: a mixed workload, and one user assigned eight codes (5 applied, 3 beyond the limit: DLQ)
            final List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>(Workload.records(app.inputTopic(), 11, 3_000, 20));
            for (int i = 1; i <= 8; i++) {
                first.add(record(app, Events.assigned("e-" + i, USER, "CODE" + i, "2026-11-20T08:0" + i + ":00Z")));
            }
            first.add(record(app, Events.assigned("e-8", USER, "CODE8", "2026-11-20T08:08:00Z"))); // repeat of a STATE_LIMIT event: dropped
            TopicRecords.produceSynchronously(producer, first);
            app.waitUntilCaughtUp(CATCH_UP);
            assertThat(instance.isAlive()).as("running after STATE_LIMIT dead letters; output:%n%s", instance.output()).isTrue();
            assertThat(limitDeadLetterIds(app)).containsExactly("e-6", "e-7", "e-8");

            // When: later events, for the same user and for others
            final List<ProducerRecord<byte[], byte[]>> later = new ArrayList<>(Workload.records(app.inputTopic(), 12, 1_000, 20));
            later.add(record(app, Events.revoked("e-9", USER, "CODE1", "2026-11-20T09:00:00Z")));   // applied: room for one
            later.add(record(app, Events.assigned("e-10", USER, "CODE8", "2026-11-20T09:01:00Z"))); // applied
            later.add(record(app, Events.assigned("e-11", USER, "CODE9", "2026-11-20T09:02:00Z"))); // beyond the limit: DLQ
            TopicRecords.produceSynchronously(producer, later);
            app.waitUntilCaughtUp(CATCH_UP);

            // Then
            assertThat(instance.isAlive()).as("still running; output:%n%s", instance.output()).isTrue();
            assertThat(limitDeadLetterIds(app)).containsExactly("e-6", "e-7", "e-8", "e-11");
            final byte[] latest = TopicRecords.latestByKey(TopicRecords.readCommitted(KAFKA.cluster(), app.stateTopic())).get(USER);
            assertThat(new String(latest, StandardCharsets.UTF_8))
                    .startsWith("{\"userId\":\"u-limit\",\"version\":7,")
                    .contains("\"lastEventId\":\"e-10\"", "\"CODE8\"")
                    .doesNotContain("\"CODE1\"", "\"CODE6\"", "\"CODE9\"");
            final ExactlyOnceVerifier.Summary summary = ExactlyOnceVerifier.verify(
                    TopicRecords.readCommitted(KAFKA.cluster(), app.inputTopic()),
                    TopicRecords.readCommitted(KAFKA.cluster(), app.stateTopic()),
                    TopicRecords.readCommitted(KAFKA.cluster(), app.dlqTopic()),
                    new ReferenceModel(65536, LIMIT));
            assertThat(summary.fates()).containsKey(Fate.STATE_LIMIT);
            System.out.printf("[state limit %d] %s%n", LIMIT, summary);
        }
    }

    private static ProducerRecord<byte[], byte[]> record(final TestApp app, final Events.Event event) {
        return new ProducerRecord<>(app.inputTopic(), event.userId().getBytes(StandardCharsets.UTF_8), event.bytes());
    }

    /** The event ids of {@link #USER}'s STATE_LIMIT dead letters, in order (one partition holds the user). */
    private List<String> limitDeadLetterIds(final TestApp app) {
        final List<String> ids = new ArrayList<>();
        for (final ConsumerRecord<byte[], byte[]> deadLetter : TopicRecords.readCommitted(KAFKA.cluster(), app.dlqTopic())) {
            if ("STATE_LIMIT".equals(header(deadLetter, "offers.dlq.reason"))
                    && deadLetter.key() != null && USER.equals(new String(deadLetter.key(), StandardCharsets.UTF_8))) {
                ids.add(header(deadLetter, "offers.dlq.event-id"));
            }
        }
        return ids;
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
