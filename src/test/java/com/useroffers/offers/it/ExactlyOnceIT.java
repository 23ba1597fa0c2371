package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.SharedCluster;
import com.useroffers.offers.kafka.TestApp;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.kafka.Workload;
import com.useroffers.offers.reference.ExactlyOnceVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract's exactly-once promises against a real single-node Kafka 4.4.0 cluster, with the
 * application running as its own process (the fat jar): end to end, through SIGKILL crashes, while
 * instances join and leave, through a reset and replay, and on SIGTERM. Every test drives a mixed
 * workload over 6 partitions and checks what a read_committed consumer sees against the reference
 * model. Timing varies from run to run; what is asserted does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("try") // an instance is held by try-with-resources only so that it is always stopped
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class ExactlyOnceIT {

    private static final int PARTITIONS = 6;
    private static final Duration CATCH_UP = Duration.ofMinutes(3);

    @RegisterExtension
    static final SharedCluster KAFKA = new SharedCluster(1);

    @Test
    void shouldProcessAMixedWorkloadExactlyOnceEndToEnd(@TempDir final Path dir) {
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "happy", PARTITIONS);
        try (AppProcess instance = app.start("a");
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            TopicRecords.produceSynchronously(producer, Workload.records(app.inputTopic(), 1, 10_000, 300));
            app.waitUntilCaughtUp(CATCH_UP);
            report("happy path", verify(app));
            // The shipped RocksDB config setter bounded every store (6 tasks, 2 stores, window segments) by one budget:
            // 256 MiB less the transactional stores' uncommitted share (an eighth)
            assertThat(instance.output().lines().filter(line -> line.contains("RocksDB memory bounded: ")))
                    .singleElement().asString().contains("RocksDB memory bounded: a block cache of 224 MiB shared by all stores");
        }
    }

    @Test
    void shouldStayExactlyOnceThroughRepeatedSigkillCrashes(@TempDir final Path dir) {
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "crash", PARTITIONS);
        final List<List<ProducerRecord<byte[], byte[]>>> slices =
                Workload.slices(Workload.records(app.inputTopic(), 2, 20_000, 400), 4);
        final Random random = new Random(2);
        int kills = 0;
        AppProcess instance = app.start("a");
        try (KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            for (int i = 0; i < slices.size(); i++) {
                TopicRecords.produceSynchronously(producer, slices.get(i));
                if (i < 3) {
                    // Kill at some moment while the slice is being processed: before, during or after its commit.
                    sleep(500 + random.nextInt(2500));
                    instance.kill();
                    kills++;
                    instance = app.start("a");
                }
            }
            app.waitUntilCaughtUp(CATCH_UP);
            report("SIGKILL x" + kills, verify(app));
        } finally {
            instance.close();
        }
        assertThat(kills).isEqualTo(3);
    }

    @Test
    void shouldStayExactlyOnceWhileInstancesJoinAndLeave(@TempDir final Path dir) {
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "scale", PARTITIONS);
        final List<List<ProducerRecord<byte[], byte[]>>> slices =
                Workload.slices(Workload.records(app.inputTopic(), 3, 15_000, 300), 3);
        try (AppProcess first = app.start("a");
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            TopicRecords.produceSynchronously(producer, slices.get(0));
            try (AppProcess second = app.start("b")) {
                TopicRecords.produceSynchronously(producer, slices.get(1));
                app.waitUntilGroupStable(2, Duration.ofMinutes(2));
                assertThat(first.terminate(Duration.ofSeconds(60))).as("first instance's exit code").isEqualTo(0);
                TopicRecords.produceSynchronously(producer, slices.get(2));
                app.waitUntilCaughtUp(CATCH_UP);
                report("scale 1 -> 2 -> 1", verify(app));
            }
        }
    }

    @Test
    void shouldRepublishByteIdenticalLatestStatesAfterReset(@TempDir final Path dir) {
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "replay", PARTITIONS);
        final Map<String, byte[]> before;
        try (AppProcess instance = app.start("a");
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            TopicRecords.produceSynchronously(producer, Workload.records(app.inputTopic(), 4, 8_000, 200));
            app.waitUntilCaughtUp(CATCH_UP);
            before = app.latestStates();

            final AppProcess refused = app.reset();
            assertThat(refused.awaitExit(Duration.ZERO)).as("reset while an instance runs").isNotZero();
            assertThat(refused.output()).contains("still running");
            assertThat(instance.terminate(Duration.ofSeconds(60))).isEqualTo(0);
        }
        final AppProcess reset = app.reset();
        assertThat(reset.awaitExit(Duration.ZERO)).as("reset exit code; output:%n%s", reset.output()).isEqualTo(0);
        try (AppProcess replay = app.start("a")) {
            app.waitUntilCaughtUp(CATCH_UP);
            final int records = app.assertLatestStatesEqual(before);
            System.out.printf("[replay] %d users byte-identical after reset; state topic now holds %d records%n",
                    before.size(), records);
        }
    }

    @Test
    void shouldExitZeroAndLeaveTheGroupPromptlyOnSigterm(@TempDir final Path dir) {
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "sigterm", PARTITIONS);
        try (AppProcess instance = app.start("a")) {
            app.waitUntilGroupStable(1, Duration.ofMinutes(2));
            final long start = System.nanoTime();
            assertThat(instance.terminate(Duration.ofSeconds(60))).as("exit code on SIGTERM").isEqualTo(0);
            final long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(app.groupMembers()).as("members right after exit (left the group, no session timeout)").isZero();
            System.out.printf("[sigterm] exit 0 after %d ms; group empty%n", millis);
        }
    }

    @Test
    void shouldFailFastWithAOneLineCauseWhenTheInputTopicIsMissing(@TempDir final Path dir) {
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "missing-topic", PARTITIONS);
        final Map<String, String> settings = new java.util.LinkedHashMap<>(app.settings("a"));
        settings.put("offers.input.topic", "no-such-topic");
        settings.put("offers.startup.timeout", "PT10S");
        try (AppProcess instance = AppProcess.start("run", settings, dir.resolve("missing-topic.log"))) {
            final Integer exit = instance.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as("exit code; output:%n%s", instance.output()).isEqualTo(ExitCodes.TOPIC_MISSING);
            assertThat(instance.output()).contains("user-offers-streams: input topic 'no-such-topic' does not exist");
        }
    }

    private ExactlyOnceVerifier.Summary verify(final TestApp app) {
        return ExactlyOnceVerifier.verify(
                TopicRecords.readCommitted(KAFKA.cluster(), app.inputTopic()),
                TopicRecords.readCommitted(KAFKA.cluster(), app.stateTopic()),
                TopicRecords.readCommitted(KAFKA.cluster(), app.dlqTopic()));
    }

    private static void report(final String scenario, final ExactlyOnceVerifier.Summary summary) {
        System.out.printf("[%s] %s%n", scenario, summary);
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
