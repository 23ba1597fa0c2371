package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.SharedCluster;
import com.useroffers.offers.kafka.TestApp;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.kafka.Workload;
import com.useroffers.offers.pipeline.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Scaling partitions" runbook of docs/OPERATIONS.md on a real broker, steps 3 to 5: an application on
 * 2 partitions, {@code copy-input} copying its input into a topic of 5 partitions while the input still
 * grows (two runs, the second going on from the first's committed position), then the switch: the
 * application stopped, {@code reset} with the new topic names, a wiped state directory, a start. Every
 * user's latest state then equals the one on 2 partitions, byte for byte, and the same dead letters come out.
 */
@SuppressWarnings("try") // an instance is held by try-with-resources only so that it is always stopped
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ScalingPartitionsIT {

    private static final Duration CATCH_UP = Duration.ofMinutes(3);
    private static final int EVENTS = 4_000;

    @RegisterExtension
    static final SharedCluster KAFKA = new SharedCluster(1);

    @Test
    void shouldRebuildEveryUsersLatestStateOnMorePartitionsFromAnExactlyOnceCopyOfTheInput(@TempDir final Path dir) {
        // Given an application on 2 partitions that processed the first part of a workload, and new topics of 5 partitions
        final TestApp before = new TestApp(KAFKA.cluster(), dir, "before-scaling", 2);
        final TestApp after = new TestApp(KAFKA.cluster(), dir, "after-scaling", 5);
        final List<List<ProducerRecord<byte[], byte[]>>> parts =
                Workload.slices(Workload.records(before.inputTopic(), 31, EVENTS, 150), 2);
        try (AppProcess instance = before.start("a");
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            TopicRecords.produceSynchronously(producer, parts.get(0));
            before.waitUntilCaughtUp(CATCH_UP);

            // When copy-input runs, then the input grows, and copy-input runs again (the last time once the writers stopped)
            final AppProcess first = copy(before, after, dir, "first");
            TopicRecords.produceSynchronously(producer, parts.get(1));
            before.waitUntilCaughtUp(CATCH_UP);
            final AppProcess second = copy(before, after, dir, "second");
            final AppProcess third = copy(before, after, dir, "third");

            // Then each run exits 0, the second copies only what the first had not, and the third finds nothing left
            assertThat(first.output()).contains("copy-input done: " + parts.get(0).size() + " records copied");
            assertThat(second.output()).contains("copy-input done: " + parts.get(1).size() + " records copied");
            assertThat(third.output()).contains("copy-input done: 0 records copied");
            assertThat(instance.terminate(Duration.ofSeconds(60))).isZero();
        }

        // And the copy holds every record once, each key's records in one partition (the partitioner's), in their order
        final List<ConsumerRecord<byte[], byte[]>> source = TopicRecords.readCommitted(KAFKA.cluster(), before.inputTopic());
        final List<ConsumerRecord<byte[], byte[]>> copy = TopicRecords.readCommitted(KAFKA.cluster(), after.inputTopic());
        assertThat(copy).hasSameSizeAs(source).hasSize(EVENTS);
        assertThat(byKey(copy)).isEqualTo(byKey(source));
        final Map<String, Set<Integer>> partitionsOfKey = new HashMap<>();
        copy.stream().filter(record -> record.key() != null).forEach(record -> partitionsOfKey
                .computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), key -> new HashSet<>()).add(record.partition()));
        partitionsOfKey.forEach((key, partitions) -> assertThat(partitions).as("partitions of key %s", key)
                .containsExactly(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 5));
        assertThat(copy.stream().map(ConsumerRecord::partition).distinct()).as("partitions used").hasSize(5);

        // When another application id copies into the same, non-empty topic
        final Map<String, String> another = before.settings("b");
        another.put("application.id", "offers-it-another-copy");
        final AppProcess refused = AppProcess.start(List.of(), "copy-input", List.of("--to-topic", after.inputTopic()), another,
                dir.resolve("copy-refused.log"));

        // Then it refuses with exit 4 and one line, and copies nothing
        assertThat(refused.awaitExit(Duration.ofMinutes(2))).as("output:%n%s", refused.output()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.output()).contains("copy-input refused: '" + after.inputTopic() + "' already holds records");
        assertThat(TopicRecords.readCommitted(KAFKA.cluster(), after.inputTopic())).hasSize(EVENTS);

        // When the application is switched as the runbook says: reset with the new names (which deletes its internal
        // topics, of 2 partitions), a wiped state directory (here: another instance's, never used), and a start
        final Map<String, byte[]> statesBefore = before.latestStates();
        final Map<String, Integer> deadLettersBefore = deadLetters(before);
        final Map<String, String> switched = before.settings("b");
        switched.put("offers.input.topic", after.inputTopic());
        switched.put("offers.state.topic", after.stateTopic());
        switched.put("offers.dlq.topic", after.dlqTopic());
        final AppProcess reset = AppProcess.start("reset", switched, dir.resolve("reset-switch.log"));
        assertThat(reset.awaitExit(Duration.ofMinutes(2))).as("reset; output:%n%s", reset.output()).isZero();
        try (AppProcess instance = AppProcess.start("run", switched, dir.resolve("app-switched.log"))) {
            TopicRecords.waitUntilGroupCaughtUp(KAFKA.cluster(), before.applicationId(), after.inputTopic(), CATCH_UP);

            // Then every user's latest state is the one of 2 partitions, byte for byte, and so are the dead letters
            after.assertLatestStatesEqual(statesBefore);
            assertThat(deadLetters(after)).isEqualTo(deadLettersBefore).isNotEmpty();
        }
    }

    private static AppProcess copy(final TestApp from, final TestApp to, final Path dir, final String name) {
        final AppProcess copy = AppProcess.start(List.of(), "copy-input", List.of("--to-topic", to.inputTopic()),
                from.settings("copy"), dir.resolve("copy-" + name + ".log"));
        final Integer exit = copy.awaitExit(Duration.ofMinutes(2));
        assertThat(exit).as("copy-input %s; output:%n%s", name, copy.output()).isEqualTo(ExitCodes.OK);
        copy.output().lines().filter(line -> line.startsWith("copy-input")).forEach(line -> System.out.printf("[copy %s] %s%n", name, line));
        return copy;
    }

    /** Each key's records in order: value, timestamp and headers (the copy's promise), keys as text. */
    private static Map<String, List<String>> byKey(final List<ConsumerRecord<byte[], byte[]>> records) {
        final Map<String, List<String>> byKey = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : records) {
            if (record.key() == null) {
                continue; // no order to keep: the partitioner spreads records without a key
            }
            final StringBuilder headers = new StringBuilder();
            for (final Header header : record.headers()) {
                headers.append(header.key()).append('=').append(new String(header.value(), StandardCharsets.UTF_8)).append(';');
            }
            byKey.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), key -> new ArrayList<>())
                    .add((record.value() == null ? "null" : new String(record.value(), StandardCharsets.UTF_8)) + " @" + record.timestamp() + " " + headers);
        }
        return byKey;
    }

    /** How many dead letters hold each original value, by reason (their positions differ: another input). */
    private static Map<String, Integer> deadLetters(final TestApp app) {
        final Map<String, Integer> counts = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> deadLetter : TopicRecords.readCommitted(KAFKA.cluster(), app.dlqTopic())) {
            final Header reason = deadLetter.headers().lastHeader(DeadLetterHeaders.REASON);
            final String value = deadLetter.value() == null ? "null" : new String(deadLetter.value(), StandardCharsets.UTF_8);
            counts.merge(new String(reason.value(), StandardCharsets.UTF_8) + " " + value, 1, Integer::sum);
        }
        return counts;
    }
}
