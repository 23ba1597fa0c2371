package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.kafka.SharedCluster;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.kafka.TopicsScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code topics.sh} against three real brokers (so that the contract's replication factor 3 and
 * {@code min.insync.replicas=2} can be created as they are): it creates the topics with the
 * contract's settings, finds nothing to say about them afterwards, reports each setting of an existing
 * topic that differs (exit 9), and with {@code --apply} changes the safe ones and refuses the others
 * with their reason. Each test uses topics of its own; settings are read back with
 * {@code Admin.describeConfigs}, not through the script.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class TopicsScriptIT {

    private static final List<String> CHECKED = List.of("cleanup.policy", "retention.ms",
            "message.timestamp.after.max.ms", "max.message.bytes", "min.insync.replicas");

    /** The contract's input settings. */
    private static final Map<String, String> INPUT = Map.of("cleanup.policy", "delete", "retention.ms", "-1",
            "message.timestamp.after.max.ms", "3600000", "max.message.bytes", "1048576", "min.insync.replicas", "2");

    @TempDir
    static Path dir;

    @RegisterExtension
    static final SharedCluster KAFKA = new SharedCluster(3);

    @Test
    void shouldCreateTheTopicsWithTheContractSettingsAndFindNothingToReportOnASecondRun() throws Exception {
        // Given a cluster without the topics
        // When topics.sh runs with its defaults, twice
        final TopicsScript.Result first = topics("fresh");
        final TopicsScript.Result second = topics("fresh");

        // Then the first run created them as the contract says
        assertThat(first.exitCode()).as("%s", first).isZero();
        assertThat(first.stdout()).contains("created: fresh-in", "created: fresh-state", "created: fresh-dlq");
        try (Admin admin = KAFKA.cluster().admin()) {
            assertThat(shape(admin, "fresh-in")).isEqualTo("6 partitions, replication factor 3");
            assertThat(shape(admin, "fresh-state")).isEqualTo("6 partitions, replication factor 3");
            assertThat(shape(admin, "fresh-dlq")).isEqualTo("6 partitions, replication factor 3");
            assertThat(settings(admin, "fresh-in")).isEqualTo(new TreeMap<>(INPUT));
            assertThat(settings(admin, "fresh-state")).containsEntry("cleanup.policy", "compact")
                    .containsEntry("min.insync.replicas", "2");
            assertThat(settings(admin, "fresh-dlq")).containsEntry("cleanup.policy", "delete")
                    .containsEntry("retention.ms", Long.toString(30L * 24 * 3600 * 1000))
                    .containsEntry("max.message.bytes", Integer.toString(1048576 + 65536))
                    .containsEntry("min.insync.replicas", "2");
        }
        // and the second found every topic as it should be
        assertThat(second.exitCode()).as("%s", second).isZero();
        assertThat(second.differences()).as("%s", second).isEmpty();
        assertThat(second.stdout().lines()).as("%s", second).containsExactly(
                "exists:  fresh-in (as the contract says)",
                "exists:  fresh-state (as the contract says)",
                "exists:  fresh-dlq (as the contract says)");
        assertThat(second.stderr()).isEmpty();
    }

    @Test
    void shouldReportEachSettingThatDiffersAndExitNine() throws Exception {
        // Given an input kept 7 days and a state topic that is not compacted; no dead-letter topic
        try (Admin admin = KAFKA.cluster().admin()) {
            create(admin, "drift-in", 6, with(INPUT, "retention.ms", "604800000"));
            create(admin, "drift-state", 6, Map.of("cleanup.policy", "delete", "min.insync.replicas", "2"));
        }

        // When topics.sh runs
        final TopicsScript.Result result = topics("drift");

        // Then one line per difference, the missing topic created, nothing changed, exit 9
        assertThat(result.exitCode()).as("%s", result).isEqualTo(9);
        assertThat(result.differences()).as("%s", result).containsExactly(
                "drift-in: retention.ms is 604800000, the contract needs -1",
                "drift-state: cleanup.policy is delete, the contract needs compact");
        assertThat(result.stdout()).contains("created: drift-dlq").doesNotContain("applied:");
        assertThat(result.stderr().lines()).as("%s", result).containsExactly("user-offers-streams: 2 difference(s) from "
                + "the contract (above); --apply changes those that are safe to change in place");
        try (Admin admin = KAFKA.cluster().admin()) {
            assertThat(settings(admin, "drift-in")).containsEntry("retention.ms", "604800000");
            assertThat(settings(admin, "drift-state")).containsEntry("cleanup.policy", "delete");
        }
    }

    @Test
    void shouldApplyTheSafeChangesAndRefuseTheUnsafeOnesWithTheirReason() throws Exception {
        // Given an input kept 7 days; a state topic with 3 partitions, not compacted, holding a record;
        // an empty dead-letter topic that is compacted
        try (Admin admin = KAFKA.cluster().admin()) {
            create(admin, "apply-in", 6, with(INPUT, "retention.ms", "604800000"));
            create(admin, "apply-state", 3, Map.of("cleanup.policy", "delete", "min.insync.replicas", "2"));
            create(admin, "apply-dlq", 6, Map.of("cleanup.policy", "compact", "retention.ms", "2592000000",
                    "max.message.bytes", "1114112", "min.insync.replicas", "2"));
        }
        try (KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            TopicRecords.produceSynchronously(producer, List.of(new ProducerRecord<>("apply-state",
                    bytes("u-1"), bytes("{\"userId\":\"u-1\"}"))));
        }

        // When topics.sh runs with --apply
        final TopicsScript.Result applied = TopicsScript.run(dir, args("apply", "--apply"));

        // Then the safe changes are made and reported, the others refused with why and what to do
        assertThat(applied.exitCode()).as("%s", applied).isEqualTo(9);
        assertThat(applied.differences()).as("%s", applied).containsExactly(
                "apply-in: retention.ms is 604800000, the contract needs -1",
                "apply-state: partitions is 3, the contract needs 6",
                "apply-state: cleanup.policy is delete, the contract needs compact",
                "apply-dlq: cleanup.policy is compact, the contract needs delete");
        assertThat(applied.stdout().lines().filter(line -> line.startsWith("applied: ")))
                .as("%s", applied).containsExactly(
                        "applied: apply-in: retention.ms=-1 (was 604800000)",
                        "applied: apply-dlq: cleanup.policy=delete (was compact)");
        assertThat(applied.stdout().lines().filter(line -> line.startsWith("not changed: ")))
                .as("%s", applied).satisfiesExactly(
                        partitions -> assertThat(partitions).startsWith("not changed: apply-state: partitions: "
                                + "Kafka cannot remove partitions, and adding some moves users to other partitions"),
                        policy -> assertThat(policy).startsWith("not changed: apply-state: cleanup.policy: the topic "
                                + "holds records, and compaction would delete all but the last record of each key; "
                                + "if that is meant: kafka-configs.sh ")
                                .contains("--entity-name apply-state --alter --add-config cleanup.policy=compact"));
        assertThat(applied.stderr().lines()).as("%s", applied).containsExactly(
                "user-offers-streams: 2 difference(s) from the contract left as they are (see 'not changed' above)");
        try (Admin admin = KAFKA.cluster().admin()) {
            assertThat(settings(admin, "apply-in")).isEqualTo(new TreeMap<>(INPUT));
            assertThat(settings(admin, "apply-state")).containsEntry("cleanup.policy", "delete");
            assertThat(settings(admin, "apply-dlq")).containsEntry("cleanup.policy", "delete");
            assertThat(shape(admin, "apply-state")).isEqualTo("3 partitions, replication factor 3");
        }

        // and a run without --apply reports only what is left
        final TopicsScript.Result after = topics("apply");
        assertThat(after.exitCode()).as("%s", after).isEqualTo(9);
        assertThat(after.differences()).as("%s", after).containsExactly(
                "apply-state: partitions is 3, the contract needs 6",
                "apply-state: cleanup.policy is delete, the contract needs compact");
    }

    private static TopicsScript.Result topics(final String prefix) {
        return TopicsScript.run(dir, args(prefix));
    }

    private static String[] args(final String prefix, final String... more) {
        final List<String> args = new java.util.ArrayList<>(List.of("--bootstrap-server", KAFKA.cluster().bootstrapServers(),
                "--input-topic", prefix + "-in", "--state-topic", prefix + "-state", "--dlq-topic", prefix + "-dlq"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static void create(final Admin admin, final String topic, final int partitions,
                               final Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3).configs(configs)))
                .all().get(60, TimeUnit.SECONDS);
    }

    private static Map<String, String> with(final Map<String, String> settings, final String key, final String value) {
        final Map<String, String> changed = new TreeMap<>(settings);
        changed.put(key, value);
        return changed;
    }

    private static String shape(final Admin admin, final String topic) throws Exception {
        final TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(60, TimeUnit.SECONDS).get(topic);
        return description.partitions().size() + " partitions, replication factor "
                + description.partitions().get(0).replicas().size();
    }

    /** The topic's effective values of the settings the contract names, whatever their source. */
    private static Map<String, String> settings(final Admin admin, final String topic) throws Exception {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        final Config config = admin.describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS).get(resource);
        final Map<String, String> values = new TreeMap<>();
        for (final String key : CHECKED) {
            values.put(key, config.get(key).value());
        }
        return values;
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
