package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.TestApp;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.kafka.Workload;
import com.useroffers.offers.reference.ExactlyOnceVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while the consumer group is still rebalancing: an instance killed with SIGKILL stays a member
 * until its session times out, so a replacement on a new state directory (a new identity: a fresh volume)
 * waits in its first join until then. (Restarted on its own state directory, it would take its old
 * identity and place at once, without a rebalance.) A SIGTERM in that window must still close cleanly
 * and exit 0 (the contract: "at any moment, start-up included"), and exactly-once must hold through
 * several such cycles.
 */
@SuppressWarnings("try") // an instance is held by try-with-resources only so that it is always stopped
class RebalanceShutdownIT {

    private static final int CYCLES = 3;
    /**
     * Kafka's default session timeout, longer than the 30 s a close used to be given: the restarted instance
     * is still waiting for the killed one when it is stopped, and would still be when a 30 s close gave up.
     */
    private static final Map<String, String> SLOW_TO_NOTICE_A_CRASH = Map.of("consumer.session.timeout.ms", "45000");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void shouldExitZeroOnSigtermWhileTheGroupStillWaitsForAKilledMember(@TempDir final Path dir) {
        try (KafkaCluster cluster = KafkaCluster.start(1, dir.resolve("kafka"))) {
            // Given two instances processing, the group stable
            final TestApp app = new TestApp(cluster, dir, "rebalance-term", 6);
            final List<List<ProducerRecord<byte[], byte[]>>> slices =
                    Workload.slices(Workload.records(app.inputTopic(), 6, 12_000, 300), CYCLES + 1);
            AppProcess a = app.start("a", SLOW_TO_NOTICE_A_CRASH);
            try (AppProcess b = app.start("b", SLOW_TO_NOTICE_A_CRASH);
                 KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(cluster)) {
                TopicRecords.produceSynchronously(producer, slices.get(0));
                app.waitUntilGroupStable(2, Duration.ofMinutes(2));
                for (int cycle = 1; cycle <= CYCLES; cycle++) {
                    // When one is killed, replaced at once on a new state directory, and the replacement stopped while
                    // the group still waits for the dead member
                    a.kill();
                    final AppProcess restarted = app.start("a-replacement-" + cycle, SLOW_TO_NOTICE_A_CRASH);
                    restarted.awaitOutput("to REBALANCING", Duration.ofMinutes(1));
                    // Its JoinGroup puts the group into a rebalance that waits for the dead member (on a busy
                    // machine a few seconds after "to REBALANCING": bounded wait, not a fixed sleep).
                    final GroupState before = awaitGroupRebalancing(cluster, app.applicationId(), Duration.ofSeconds(30));
                    final int exit = restarted.terminate(Duration.ofSeconds(120));

                    // Then it closes cleanly and exits 0
                    assertThat(before).as("group state when SIGTERM was sent (cycle %d)", cycle).isNotEqualTo(GroupState.STABLE);
                    assertThat(exit).as("exit code on SIGTERM during a rebalance (cycle %d); output:%n%s", cycle,
                            restarted.output()).isZero();
                    assertThat(restarted.output()).contains("Closed cleanly");
                    System.out.printf("[rebalance sigterm %d] group %s at SIGTERM, exit %d%n", cycle, before, exit);

                    // (the killed one's successor on a state directory of its own: once the dead member's session has
                    // expired, the group is stable with two members again)
                    TopicRecords.produceSynchronously(producer, slices.get(cycle));
                    a = app.start("a-successor-" + cycle, SLOW_TO_NOTICE_A_CRASH);
                    app.waitUntilGroupStable(2, Duration.ofMinutes(2));
                }
                // And exactly-once holds at the end
                app.waitUntilCaughtUp(Duration.ofMinutes(3));
                assertThat(b.isAlive()).as("the other instance kept running").isTrue();
                final ExactlyOnceVerifier.Summary summary = ExactlyOnceVerifier.verify(
                        TopicRecords.readCommitted(cluster, app.inputTopic()),
                        TopicRecords.readCommitted(cluster, app.stateTopic()),
                        TopicRecords.readCommitted(cluster, app.dlqTopic()));
                System.out.printf("[rebalance sigterm x%d] %s%n", CYCLES, summary);
            } finally {
                a.close();
            }
        }
    }

    private static GroupState awaitGroupRebalancing(final KafkaCluster cluster, final String groupId, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        GroupState state = groupState(cluster, groupId);
        while (state == GroupState.STABLE && System.nanoTime() < deadline) {
            KafkaCluster.sleep(200);
            state = groupState(cluster, groupId);
        }
        return state;
    }

    private static GroupState groupState(final KafkaCluster cluster, final String groupId) {
        try (Admin admin = cluster.admin()) {
            return admin.describeConsumerGroups(Set.of(groupId)).describedGroups().get(groupId)
                    .get(10, TimeUnit.SECONDS).groupState();
        } catch (final Exception e) {
            throw new IllegalStateException("cannot describe group " + groupId, e);
        }
    }
}
