package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.KafkaCluster;
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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production shape of a crash: two instances with a standby replica each and static membership
 * (each its own {@code group.instance.id}, as the Kubernetes example sets it), one killed with SIGKILL
 * while it processes and restarted at once on its own state directory, several times. The restarted
 * instance keeps running on the state the crash left (Kafka Streams 4.3.1 could kill the stream thread on
 * a window store's dirty segments, KAFKA-20808, which 1.0.0 worked around by deleting them; 4.4.0 carries
 * the fix, and transactional stores leave no dirty state), and exactly-once holds throughout.
 */
@SuppressWarnings("try") // an instance is held by try-with-resources only so that it is always stopped
class StandbyCrashIT {

    @RegisterExtension
    static final SharedCluster KAFKA = new SharedCluster(1);

    private static final int CYCLES = 3;

    private static Map<String, String> productionShape(final String instance) {
        return Map.of("num.standby.replicas", "1", "group.instance.id", "standby-crash-" + instance);
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void shouldKeepRunningAndProcessExactlyOnceWhenAnInstanceWithStandbysIsKilledAndRestartedAtOnce(@TempDir final Path dir) {
        // Given two instances with standbys, both processing, the group stable
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "standby-crash", 6);
        final List<List<ProducerRecord<byte[], byte[]>>> slices =
                Workload.slices(Workload.records(app.inputTopic(), 6, 24_000, 300), CYCLES + 1);
        AppProcess a = app.start("a", productionShape("a"));
        try (AppProcess b = app.start("b", productionShape("b"));
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            TopicRecords.produceSynchronously(producer, slices.get(0));
            app.waitUntilGroupStable(2, Duration.ofMinutes(2));
            app.waitUntilCaughtUp(Duration.ofMinutes(2));
            final Random random = new Random(7);
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                // When one is killed while it processes, and restarted at once as the same member
                TopicRecords.produceSynchronously(producer, slices.get(cycle));
                KafkaCluster.sleep(300 + random.nextInt(1500));
                a.kill();
                a.close();
                a = app.start("a", productionShape("a"));
                app.waitUntilCaughtUp(Duration.ofMinutes(2));

                // Then it runs on the state the crash left, rather than failing on it
                assertThat(a.isAlive()).as("restarted instance alive after cycle %d; output:%n%s", cycle, a.output()).isTrue();
                assertThat(a.output()).doesNotContain("is currently closed");
            }
            assertThat(b.isAlive()).as("the other instance kept running").isTrue();

            // And exactly-once holds at the end
            final ExactlyOnceVerifier.Summary summary = ExactlyOnceVerifier.verify(
                    TopicRecords.readCommitted(KAFKA.cluster(), app.inputTopic()),
                    TopicRecords.readCommitted(KAFKA.cluster(), app.stateTopic()),
                    TopicRecords.readCommitted(KAFKA.cluster(), app.dlqTopic()));
            System.out.printf("[standby crash x%d] %s%n", CYCLES, summary);
        } finally {
            a.close();
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldStopWithOneLineAndExitTwoWhenAnotherLiveInstanceTakesItsGroupInstanceId(@TempDir final Path dir) {
        // Given an instance processing as group.instance.id "twin"
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "twin-id", 6);
        try (AppProcess first = app.start("a", Map.of("group.instance.id", "twin"))) {
            first.awaitOutput("Kafka Streams is RUNNING", Duration.ofMinutes(2));

            // When a second instance (its own state directory) starts with the same id
            try (AppProcess second = app.start("b", Map.of("group.instance.id", "twin"))) {
                second.awaitOutput("Kafka Streams is RUNNING", Duration.ofMinutes(2));

                // Then the one fenced out exits 2 with one line naming the setting, instead of fencing the other back forever
                final Integer exit = first.awaitExit(Duration.ofMinutes(1));
                assertThat(exit).as("exit code of the fenced instance; output:%n%s", first.output()).isEqualTo(2);
                assertThat(first.output()).contains("another live instance uses the same group.instance.id");
                assertThat(second.isAlive()).isTrue();
            }
        }
    }
}
