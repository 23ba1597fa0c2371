package com.useroffers.offers.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.config.TopicContract;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;

/**
 * One application under test on a real cluster: its own application id and topics (so tests share a
 * cluster, never state), and the settings each instance starts with.
 */
public final class TestApp {

    /** The contract's input settings (what topics.sh sets), so that the start-up checks pass. */
    public static final Map<String, String> INPUT_SETTINGS = Map.of(
            "cleanup.policy", "delete", "retention.ms", "-1", "message.timestamp.after.max.ms", "3600000",
            "max.message.bytes", Integer.toString(TopicContract.INPUT_MAX_MESSAGE_BYTES));
    /** The contract's state topic: compacted. */
    public static final Map<String, String> STATE_SETTINGS = Map.of("cleanup.policy", "compact");
    /** The contract's dead-letter topic: room for the largest input record plus headers. */
    public static final Map<String, String> DLQ_SETTINGS = Map.of(
            "cleanup.policy", "delete", "max.message.bytes", Integer.toString(TopicContract.LARGEST_RECORD_BYTES));

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final KafkaCluster cluster;
    private final Path dir;
    private final String applicationId;
    private final String inputTopic;
    private final String stateTopic;
    private final String dlqTopic;
    private final int replication;

    public TestApp(final KafkaCluster cluster, final Path dir, final String name, final int partitions) {
        this.cluster = cluster;
        this.dir = dir;
        final String suffix = name + "-" + SEQUENCE.incrementAndGet();
        this.applicationId = "offers-it-" + suffix;
        this.inputTopic = "user-offers-" + suffix;
        this.stateTopic = "user-offer-state-" + suffix;
        this.dlqTopic = "user-offers-dlq-" + suffix;
        this.replication = Math.min(3, cluster.size());
        final Map<String, Map<String, String>> topics = new LinkedHashMap<>();
        topics.put(inputTopic, INPUT_SETTINGS);
        topics.put(stateTopic, STATE_SETTINGS);
        topics.put(dlqTopic, DLQ_SETTINGS);
        TopicRecords.createTopics(cluster, partitions, replication, topics);
    }

    public String applicationId() {
        return applicationId;
    }

    public String inputTopic() {
        return inputTopic;
    }

    public String stateTopic() {
        return stateTopic;
    }

    public String dlqTopic() {
        return dlqTopic;
    }

    /** The settings of instance {@code instance}: its own state directory, the shared application id and topics. */
    public Map<String, String> settings(final String instance) {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", cluster.bootstrapServers());
        settings.put("application.id", applicationId);
        settings.put("offers.input.topic", inputTopic);
        settings.put("offers.state.topic", stateTopic);
        settings.put("offers.dlq.topic", dlqTopic);
        settings.put("state.dir", dir.resolve("state-" + instance).toString());
        settings.put("replication.factor", Integer.toString(replication));
        settings.put("topic.min.insync.replicas", Integer.toString(Math.min(2, replication)));
        settings.put("num.standby.replicas", "0");
        settings.put("offers.http.port", "0");
        // A killed instance is noticed in seconds, not the default 45 s.
        settings.put("consumer.session.timeout.ms", "6000");
        settings.put("consumer.heartbeat.interval.ms", "1500");
        return settings;
    }

    public AppProcess start(final String instance) {
        return start(instance, Map.of());
    }

    /** Instance {@code instance} with some of its settings overridden (or added). */
    public AppProcess start(final String instance, final Map<String, String> overrides) {
        final Map<String, String> settings = settings(instance);
        settings.putAll(overrides);
        return AppProcess.start("run", settings, dir.resolve("app-" + instance + ".log"));
    }

    /** Instance {@code instance} of another build (e.g. the previous release), on the same state directory as this build's. */
    public AppProcess start(final String instance, final Map<String, String> overrides, final Release release) {
        final Map<String, String> settings = settings(instance);
        settings.putAll(overrides);
        return AppProcess.start(release.jar(), release.configFile(), List.of(), "run", List.of(), settings, Map.of(),
                dir.resolve("app-" + instance + ".log"));
    }

    /** Runs {@code reset} as its own process to the end; returns it (exit code and output). */
    public AppProcess reset() {
        final AppProcess reset = AppProcess.start("reset", settings("a"), dir.resolve("reset.log"));
        if (reset.awaitExit(Duration.ofMinutes(2)) == null) {
            reset.kill();
            throw new AssertionError("reset did not finish within 2 minutes:\n" + reset.output());
        }
        return reset;
    }

    public void waitUntilCaughtUp(final Duration timeout) {
        TopicRecords.waitUntilGroupCaughtUp(cluster, applicationId, inputTopic, timeout);
    }

    /** Waits until the group is stable with exactly {@code members} members (instances running and assigned). */
    /** Every user's latest state in the state topic, as a {@code read_committed} consumer sees it. */
    public Map<String, byte[]> latestStates() {
        return TopicRecords.latestByKey(TopicRecords.readCommitted(cluster, stateTopic));
    }

    /**
     * Asserts that the latest state of every user equals {@code before}, byte for byte (the replay
     * promise), and returns how many records the state topic holds now.
     */
    public int assertLatestStatesEqual(final Map<String, byte[]> before) {
        final List<ConsumerRecord<byte[], byte[]>> after = TopicRecords.readCommitted(cluster, stateTopic);
        final Map<String, byte[]> latest = TopicRecords.latestByKey(after);
        assertThat(latest.keySet()).isEqualTo(before.keySet());
        latest.forEach((user, value) -> assertThat(value).as("latest state of %s", user).isEqualTo(before.get(user)));
        return after.size();
    }

    public void waitUntilGroupStable(final int members, final Duration timeout) {
        final Instant deadline = Instant.now().plus(timeout);
        String last = "";
        try (Admin admin = cluster.admin()) {
            while (Instant.now().isBefore(deadline)) {
                try {
                    final ConsumerGroupDescription group = admin.describeConsumerGroups(Set.of(applicationId))
                            .describedGroups().get(applicationId).get(10, TimeUnit.SECONDS);
                    if (group.groupState() == GroupState.STABLE && group.members().size() == members) {
                        return;
                    }
                    last = group.groupState() + " with " + group.members().size() + " members";
                } catch (final Exception e) {
                    last = e.toString();
                }
                KafkaCluster.sleep(250);
            }
        }
        throw new AssertionError("group " + applicationId + " not stable with " + members + " members within "
                + timeout + ": " + last);
    }

    /** The number of members the group has now. */
    public int groupMembers() {
        try (Admin admin = cluster.admin()) {
            return admin.describeConsumerGroups(Set.of(applicationId)).describedGroups().get(applicationId)
                    .get(10, TimeUnit.SECONDS).members().size();
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
