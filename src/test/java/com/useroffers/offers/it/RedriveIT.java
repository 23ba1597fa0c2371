package com.useroffers.offers.it;

import static com.useroffers.offers.fixtures.Events.assigned;
import static com.useroffers.offers.fixtures.Events.redeemed;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.SharedCluster;
import com.useroffers.offers.kafka.TestApp;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.kafka.Workload;
import com.useroffers.offers.reference.ExactlyOnceVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
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
 * {@code redrive} on a real single-node cluster, as its own process (the fat jar), with the application
 * running as its own process too: a redeem that came before its assignment is applied once redriven; a
 * record that fails again returns to the dead letters with its count, until {@code --max-attempts};
 * running redrive again, or killing it and running it again, sends each dead letter exactly once; and
 * everything the application wrote still passes the exactly-once checks with the redriven records in
 * the input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class RedriveIT {

    private static final int PARTITIONS = 3;
    private static final Duration CATCH_UP = Duration.ofMinutes(3);
    private static final String REASON = "offers.dlq.reason";
    private static final String OF = "offers.redrive.of";
    private static final String COUNT = "offers.redrive.count";

    @RegisterExtension
    static final SharedCluster KAFKA = new SharedCluster(1);

    @Test
    void shouldApplyARedrivenRedeemOnceItsAssignmentArrivedAndStopAtMaxAttempts(@TempDir final Path dir) {
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "redrive", PARTITIONS);
        final Events.Event assign = assigned("e-r1", "u-redrive", "SPRING25", "2026-11-20T08:00:00Z");
        final Events.Event earlyRedeem = redeemed("e-r2", "u-redrive", "SPRING25", "2026-11-20T09:00:00Z");
        final Events.Event hopeless = redeemed("e-x2", "u-never", "GHOST", "2026-11-20T09:00:00Z");
        try (AppProcess instance = app.start("a");
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            // Given: a mixed workload, a redeem before its assignment and one that never gets one: INVALID_TRANSITION both
            final List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>(Workload.records(app.inputTopic(), 21, 2_000, 60));
            first.add(record(app, earlyRedeem));
            first.add(record(app, hopeless));
            TopicRecords.produceSynchronously(producer, first);
            app.waitUntilCaughtUp(CATCH_UP);
            final long invalidTransitions = deadLetters(app).stream().filter(dl -> "INVALID_TRANSITION".equals(header(dl, REASON))).count();
            assertThat(eventIds(deadLetters(app), "INVALID_TRANSITION")).contains("e-r2", "e-x2");
            final int inputBefore = input(app).size();

            // When: a dry run first
            final Run dryRun = redrive(app, dir, "dry-run", "--dry-run", "--reason", "INVALID_TRANSITION", "--max-attempts", "2");

            // Then: counted, nothing written
            assertThat(dryRun.exitCode()).as(dryRun.output()).isEqualTo(ExitCodes.OK);
            assertThat(dryRun.output()).contains("INVALID_TRANSITION: " + invalidTransitions + " would be sent, 0 skipped at max attempts");
            assertThat(input(app)).hasSize(inputBefore);

            // When: the assignment arrives, then redrive
            TopicRecords.produceSynchronously(producer, List.of(record(app, assign)));
            app.waitUntilCaughtUp(CATCH_UP);
            final Run firstRun = redrive(app, dir, "first", "--reason", "INVALID_TRANSITION", "--max-attempts", "2");
            app.waitUntilCaughtUp(CATCH_UP);

            // Then: the early redeem is applied (version 2), every INVALID_TRANSITION dead letter sent once, with count 1
            assertThat(firstRun.exitCode()).as(firstRun.output()).isEqualTo(ExitCodes.OK);
            assertThat(firstRun.output()).contains("INVALID_TRANSITION: " + invalidTransitions + " sent, 0 skipped at max attempts");
            assertThat(latestState(app, "u-redrive")).startsWith("{\"userId\":\"u-redrive\",\"version\":2,")
                    .contains("\"lastEventId\":\"e-r2\"", "\"status\":\"REDEEMED\"");

            // When: run again (the records that failed again are new dead letters, count 1), and a third time
            final Run secondRun = redrive(app, dir, "second", "--reason", "INVALID_TRANSITION", "--max-attempts", "2");
            app.waitUntilCaughtUp(CATCH_UP);
            final Run thirdRun = redrive(app, dir, "third", "--reason", "INVALID_TRANSITION", "--max-attempts", "2");
            // and a plain repeat of the redeem that was redriven and applied
            TopicRecords.produceSynchronously(producer, List.of(record(app, earlyRedeem)));
            app.waitUntilCaughtUp(CATCH_UP);

            // Then: the hopeless redeem went round twice and was then skipped; nothing was sent twice
            assertThat(secondRun.exitCode()).as(secondRun.output()).isEqualTo(ExitCodes.OK);
            assertThat(thirdRun.exitCode()).as(thirdRun.output()).isEqualTo(ExitCodes.OK);
            assertThat(thirdRun.output()).containsPattern("INVALID_TRANSITION: 0 sent, [1-9][0-9]* skipped at max attempts");
            final List<ConsumerRecord<byte[], byte[]>> input = input(app);
            assertThat(redriveCounts(input, "e-x2")).containsExactly("1", "2");
            assertEachDeadLetterSentAtMostOnce(input);
            for (final ConsumerRecord<byte[], byte[]> deadLetter : deadLetters(app)) {
                final long sent = input.stream().filter(r -> position(deadLetter).equals(header(r, OF))).count();
                final boolean selected = "INVALID_TRANSITION".equals(header(deadLetter, REASON));
                final int count = header(deadLetter, COUNT) == null ? 0 : Integer.parseInt(header(deadLetter, COUNT));
                assertThat(sent).as("redrives of dead letter %s (count %d)", position(deadLetter), count)
                        .isEqualTo(selected && count < 2 ? 1 : 0);
            }
            // the plain repeat was dropped: two state records for the user (assignment, redeem), no more dead letters of e-r2
            assertThat(stateValues(app, "u-redrive")).hasSize(2);
            assertThat(eventIds(deadLetters(app), "INVALID_TRANSITION").stream().filter("e-r2"::equals)).hasSize(1);
            assertThat(instance.isAlive()).isTrue();
            final ExactlyOnceVerifier.Summary summary = ExactlyOnceVerifier.verify(input,
                    TopicRecords.readCommitted(KAFKA.cluster(), app.stateTopic()), deadLetters(app));
            System.out.printf("[redrive] %s; redriven %d%n", summary, input.stream().filter(r -> header(r, OF) != null).count());
        }
    }

    @Test
    void shouldSendEachDeadLetterExactlyOnceWhenKilledInTheMiddleAndRunAgain(@TempDir final Path dir) throws Exception {
        // Given: dead letters written straight to the DLQ (redrive does not care who wrote them), two in three selected
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "redrive-kill", PARTITIONS);
        final int total = 6_000;
        final List<ProducerRecord<byte[], byte[]>> letters = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            final Events.Event event = redeemed("e-" + i, "u-" + (i % 50), "CODE" + (i % 7), "2026-11-20T09:00:00Z");
            final ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(app.dlqTopic(), i % PARTITIONS, 1_795_000_000_000L + i,
                    utf8(event.userId()), event.bytes());
            letter.headers().add("trace-id", utf8("t-" + i))
                    .add(REASON, utf8(i % 3 == 0 ? "MALFORMED" : "INVALID_TRANSITION"))
                    .add("offers.dlq.error", utf8("no such offer"))
                    .add("offers.dlq.topic", utf8(app.inputTopic()))
                    .add("offers.dlq.partition", utf8(Integer.toString(i % PARTITIONS)))
                    .add("offers.dlq.offset", utf8(Integer.toString(i / PARTITIONS)))
                    .add("offers.dlq.event-id", utf8(event.eventId()));
            letters.add(letter);
        }
        try (KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            TopicRecords.produceSynchronously(producer, letters);
        }
        final List<ConsumerRecord<byte[], byte[]>> selected = deadLetters(app).stream()
                .filter(dl -> "INVALID_TRANSITION".equals(header(dl, REASON))).toList();
        assertThat(selected).hasSize(4_000);
        final Map<String, String> settings = new HashMap<>(app.settings("redrive"));
        settings.put("consumer.max.poll.records", "10"); // many small transactions, so that the kill lands in the middle

        // When: killed (SIGKILL) once it has written something
        final AppProcess killed = AppProcess.start(List.of(), "redrive", List.of("--reason", "INVALID_TRANSITION"), settings,
                dir.resolve("killed.log"));
        try (Admin admin = KAFKA.cluster().admin()) {
            final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (TopicRecords.endOffsets(admin, app.inputTopic()).values().stream().mapToLong(Long::longValue).sum() < 200) {
                assertThat(killed.isAlive()).as("redrive ended before it could be killed:%n%s", killed.output()).isTrue();
                assertThat(System.nanoTime() < deadline).as("redrive wrote nothing within a minute:%n%s", killed.output()).isTrue();
                KafkaCluster.sleep(20);
            }
        }
        killed.kill();
        assertThat(killed.awaitExit(Duration.ofSeconds(10))).as("killed, not ended by itself:%n%s", killed.output()).isNotZero();
        final int committedBeforeKill = input(app).size();
        final String atKill = groupOffsetsAndEnds(app);
        final Run again = redrive(app, dir, "again", settings, "--reason", "INVALID_TRANSITION");
        final Run once = redrive(app, dir, "once-more", settings, "--reason", "INVALID_TRANSITION");

        // Then: the kill was in the middle; the second run finished the job; the third had nothing left to do
        assertThat(committedBeforeKill).as("committed when killed").isLessThan(selected.size());
        assertThat(again.exitCode()).as(again.output()).isEqualTo(ExitCodes.OK);
        assertThat(again.output()).as("at the kill: %s; killed run:%n%s", atKill, killed.output())
                .contains(" " + (selected.size() - committedBeforeKill) + " sent to");
        assertThat(once.exitCode()).as(once.output()).isEqualTo(ExitCodes.OK);
        assertThat(once.output()).contains("0 dead letters read, 0 sent");
        final List<ConsumerRecord<byte[], byte[]>> input = input(app);
        assertEachDeadLetterSentAtMostOnce(input);
        assertThat(input).hasSize(selected.size());
        final Map<String, ConsumerRecord<byte[], byte[]>> byOrigin = input.stream().collect(Collectors.toMap(r -> header(r, OF), r -> r));
        for (final ConsumerRecord<byte[], byte[]> deadLetter : selected) {
            final ConsumerRecord<byte[], byte[]> redriven = byOrigin.get(position(deadLetter));
            assertThat(redriven).as("redrive of %s", position(deadLetter)).isNotNull();
            assertThat(redriven.key()).isEqualTo(deadLetter.key());
            assertThat(redriven.value()).isEqualTo(deadLetter.value());
            assertThat(redriven.timestamp()).isEqualTo(deadLetter.timestamp());
            assertThat(redriven.partition()).isEqualTo(Integer.parseInt(header(deadLetter, "offers.dlq.partition")));
            assertThat(Arrays.stream(redriven.headers().toArray()).map(Header::key))
                    .containsExactly("trace-id", OF, COUNT);
            assertThat(header(redriven, "trace-id")).isEqualTo(header(deadLetter, "trace-id"));
            assertThat(header(redriven, COUNT)).isEqualTo("1");
        }
        System.out.printf("[redrive kill] %d of %d committed when killed, all %d exactly once after the rerun%n",
                committedBeforeKill, selected.size(), input.size());
    }

    // ---------------------------------------------------------------------------------------------

    private record Run(int exitCode, String output) {
    }

    private static Run redrive(final TestApp app, final Path dir, final String name, final String... args) {
        return redrive(app, dir, name, app.settings("redrive"), args);
    }

    /** Runs {@code redrive} as its own process to the end, output in {@code <name>.log}. */
    private static Run redrive(final TestApp app, final Path dir, final String name, final Map<String, String> settings,
                               final String... args) {
        try (AppProcess redrive = AppProcess.start(List.of(), "redrive", List.of(args), settings, dir.resolve(name + ".log"))) {
            final Integer exitCode = redrive.awaitExit(Duration.ofMinutes(2));
            assertThat(exitCode).as("redrive %s did not end within 2 minutes:%n%s", name, redrive.output()).isNotNull();
            System.out.printf("[redrive %s] exit %d%n%s", name, exitCode, redrive.output().lines()
                    .filter(line -> line.startsWith("redrive") || line.startsWith("  ")).collect(Collectors.joining("\n", "", "\n")));
            return new Run(exitCode, redrive.output());
        }
    }

    /** The redrive group's committed offsets and the end offsets of the DLQ and the input, for a failure's message. */
    private static String groupOffsetsAndEnds(final TestApp app) throws Exception {
        try (Admin admin = KAFKA.cluster().admin()) {
            return "committed " + admin.listConsumerGroupOffsets(app.applicationId() + "-redrive").partitionsToOffsetAndMetadata()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS) + ", DLQ ends " + TopicRecords.endOffsets(admin, app.dlqTopic())
                    + ", input ends " + TopicRecords.endOffsets(admin, app.inputTopic());
        }
    }

    /** Each {@code offers.redrive.of} at most once in the input, whatever ran and crashed. */
    private static void assertEachDeadLetterSentAtMostOnce(final List<ConsumerRecord<byte[], byte[]>> input) {
        final Map<String, Long> byOrigin = input.stream().map(r -> header(r, OF)).filter(of -> of != null)
                .collect(Collectors.groupingBy(of -> of, Collectors.counting()));
        assertThat(byOrigin.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)).as("sent more than once").isEmpty();
    }

    private static ProducerRecord<byte[], byte[]> record(final TestApp app, final Events.Event event) {
        return new ProducerRecord<>(app.inputTopic(), utf8(event.userId()), event.bytes());
    }

    private static List<ConsumerRecord<byte[], byte[]>> input(final TestApp app) {
        return TopicRecords.readCommitted(KAFKA.cluster(), app.inputTopic());
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(final TestApp app) {
        return TopicRecords.readCommitted(KAFKA.cluster(), app.dlqTopic());
    }

    private static List<String> eventIds(final List<ConsumerRecord<byte[], byte[]>> deadLetters, final String reason) {
        return deadLetters.stream().filter(dl -> reason.equals(header(dl, REASON))).map(dl -> header(dl, "offers.dlq.event-id")).toList();
    }

    /** The {@code offers.redrive.count} of every input record of that event id, in order. */
    private static List<String> redriveCounts(final List<ConsumerRecord<byte[], byte[]>> input, final String eventId) {
        return input.stream().filter(r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains("\"" + eventId + "\""))
                .map(r -> header(r, COUNT)).filter(count -> count != null).toList();
    }

    private static List<String> stateValues(final TestApp app, final String userId) {
        return TopicRecords.readCommitted(KAFKA.cluster(), app.stateTopic()).stream()
                .filter(r -> userId.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .map(r -> r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private static String latestState(final TestApp app, final String userId) {
        final List<String> values = stateValues(app, userId);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    private static String position(final ConsumerRecord<byte[], byte[]> deadLetter) {
        return deadLetter.topic() + "/" + deadLetter.partition() + "/" + deadLetter.offset();
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
