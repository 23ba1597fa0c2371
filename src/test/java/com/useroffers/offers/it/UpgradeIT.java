package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.Release;
import com.useroffers.offers.kafka.TestApp;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.kafka.Workload;
import com.useroffers.offers.reference.ExactlyOnceVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The release promise: this build rolls over the previous release (and the first release: {@link
 * Release#upgradedFrom()}, each built from this repository's history at the commit CHANGELOG.md names) by a
 * rolling bounce while events flow, and
 * rolls back to it the same way. Two instances of the previous release run under load; one is killed and
 * comes back as this build, the other is stopped and comes back as this build; then the same in reverse,
 * back to the previous release. Each instance keeps its state directory throughout. Exactly-once holds
 * across the whole run.
 *
 * <p>The cluster is one broker of the Kafka version that release was tested against (its own test
 * classpath): the real-broker proof that this build also runs on a cluster that has not been upgraded
 * (Kafka 4.3.1 for 1.0.0, the oldest brokers supported).
 */
@SuppressWarnings("try") // an instance is held by try-with-resources only so that it is always stopped
class UpgradeIT {

    private static final int PARTITIONS = 6;
    /** The production shape: a warm standby of each task on the other instance. */
    private static final Map<String, String> STANDBYS = Map.of("num.standby.replicas", "1");
    private static final int BATCH = 300;
    private static final long BATCH_PAUSE_MS = 200;

    /** The previous release, and the first one when it is another (see {@link Release#upgradedFrom()}). */
    static List<Release> releases() {
        return Release.upgradedFrom();
    }

    @ParameterizedTest(name = "from {0}")
    @MethodSource("releases")
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void shouldRollFromAReleaseToThisBuildAndBackUnderLoadExactlyOnce(final Release release, @TempDir final Path dir)
            throws Exception {
        final Release previous = release.built();
        try (KafkaCluster cluster = KafkaCluster.start(1, dir.resolve("kafka"), previous.brokerClasspath())) {
            System.out.printf("[upgrade] release %s (%s) <-> this build, on a Kafka %s broker%n",
                    previous.version(), previous.commit(), previous.kafkaVersion());
            final TestApp app = new TestApp(cluster, dir, "upgrade", PARTITIONS);
            final List<ProducerRecord<byte[], byte[]>> workload = Workload.records(app.inputTopic(), 21, 60_000, 500);

            // Given two instances of the previous release, processing
            AppProcess a = app.start("a", STANDBYS, previous);
            AppProcess b = app.start("b", STANDBYS, previous);
            try (KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(cluster)) {
                app.waitUntilGroupStable(2, Duration.ofMinutes(2));
                final CompletableFuture<Void> load = CompletableFuture.runAsync(() -> produceSteadily(producer, workload));

                // When, while events flow, one crashes and comes back as this build, and the other is stopped and does
                a = crashAndStart(app, a, "a", null);
                b = stopAndStart(app, b, "b", null);
                // And then both go back to the previous release the same way
                a = stopAndStart(app, a, "a", previous);
                b = crashAndStart(app, b, "b", previous);

                load.get(5, TimeUnit.MINUTES);
                app.waitUntilCaughtUp(Duration.ofMinutes(3));

                // Then both run on, and exactly-once held across every bounce
                assertThat(a.isAlive()).as("instance a; output:%n%s", a.output()).isTrue();
                assertThat(b.isAlive()).as("instance b; output:%n%s", b.output()).isTrue();
                final ExactlyOnceVerifier.Summary summary = ExactlyOnceVerifier.verify(
                        TopicRecords.readCommitted(cluster, app.inputTopic()),
                        TopicRecords.readCommitted(cluster, app.stateTopic()),
                        TopicRecords.readCommitted(cluster, app.dlqTopic()));
                System.out.printf("[upgrade %s -> this build -> %s] %s%n", previous.version(), previous.version(), summary);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /** kill -9, then the same instance (state directory) as {@code release} (null: this build), once RUNNING. */
    private static AppProcess crashAndStart(final TestApp app, final AppProcess instance, final String name,
                                            final Release release) {
        KafkaCluster.sleep(3_000);
        instance.kill();
        instance.close();
        return started(app, name, release);
    }

    /** SIGTERM (which must exit 0), then the same instance as {@code release} (null: this build), once RUNNING. */
    private static AppProcess stopAndStart(final TestApp app, final AppProcess instance, final String name,
                                           final Release release) {
        KafkaCluster.sleep(3_000);
        final int exit = instance.terminate(Duration.ofMinutes(2));
        assertThat(exit).as("exit of instance %s on SIGTERM; output:%n%s", name, instance.output()).isZero();
        instance.close();
        return started(app, name, release);
    }

    private static AppProcess started(final TestApp app, final String name, final Release release) {
        final AppProcess instance = release == null ? app.start(name, STANDBYS) : app.start(name, STANDBYS, release);
        instance.awaitOutput("Kafka Streams is RUNNING", Duration.ofMinutes(2));
        return instance;
    }

    /** The workload in small batches with pauses, so that events flow through every bounce. */
    private static void produceSteadily(final KafkaProducer<byte[], byte[]> producer,
                                        final List<ProducerRecord<byte[], byte[]>> workload) {
        for (int from = 0; from < workload.size(); from += BATCH) {
            TopicRecords.produceSynchronously(producer, workload.subList(from, Math.min(workload.size(), from + BATCH)));
            KafkaCluster.sleep(BATCH_PAUSE_MS);
        }
    }
}
