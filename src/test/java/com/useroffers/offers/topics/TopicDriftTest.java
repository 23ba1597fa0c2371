package com.useroffers.offers.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of {@code topics}: what counts as a difference, and which may change in place. */
class TopicDriftTest {

    private static final List<TopicPlan> PLANS = TopicPlan.of(
            new TopicPlan.Request("in", "state", "dlq", 6, null, 3, 2, 1_048_576));
    private static final TopicPlan INPUT = PLANS.get(0);
    private static final TopicPlan STATE = PLANS.get(1);
    private static final TopicPlan DLQ = PLANS.get(2);

    @Test
    void shouldFindNothingOnATopicAsTheContractSays() {
        assertThat(TopicDrift.of(INPUT, found(INPUT, 6, 3, Map.of()))).isEmpty();
        assertThat(TopicDrift.of(STATE, found(STATE, 6, 3, Map.of()))).isEmpty();
        assertThat(TopicDrift.of(DLQ, found(DLQ, 6, 3, Map.of()))).isEmpty();
    }

    @Test
    void shouldReportEachDifferenceAsOneLineNamingTheDefaultWhenTheTopicDoesNotOverrideIt() {
        // Given an input with 3 partitions, 1 replica, and the cluster's default retention
        final Map<String, String> values = new HashMap<>(INPUT.settings());
        values.put("retention.ms", "604800000");
        final TopicDrift.Found found = new TopicDrift.Found(3, 1, values, Set.of("cleanup.policy"));

        // Then
        assertThat(TopicDrift.of(INPUT, found)).extracting(d -> d.line("in")).containsExactly(
                "in: partitions is 3, the contract needs 6",
                "in: replication factor is 1, the contract needs 3",
                "in: retention.ms is 604800000 (the cluster's default), the contract needs -1");
    }

    @Test
    void shouldCompareTheDeadLetterMaximumAsALowerBoundAndPartitionsOnlyWhenGiven() {
        // Given a dead-letter topic with larger records allowed, and other partitions
        assertThat(TopicDrift.of(DLQ, found(DLQ, 2, 3, Map.of("max.message.bytes", "5000000")))).isEmpty();

        // and one with too small records
        assertThat(TopicDrift.of(DLQ, found(DLQ, 6, 3, Map.of("max.message.bytes", "1048588"))))
                .extracting(d -> d.line("dlq"))
                .containsExactly("dlq: max.message.bytes is 1048588, the contract needs at least 1114112 (the input's 1048576 + 65536)");
    }

    @Test
    void shouldChangeInPlaceOnlyWhatLosesNoRecord() {
        final TopicDrift.Found found = found(INPUT, 6, 3, Map.of());
        // a longer retention: in place; a shorter one: refused with the command that would do it
        assertThat(TopicDrift.whyNotInPlace("in", found, difference("retention.ms", "604800000", "-1"), () -> true, "b:9092"))
                .isNull();
        assertThat(TopicDrift.whyNotInPlace("dlq", found, difference("retention.ms", "-1", "2592000000"), () -> true, "b:9092"))
                .startsWith("a shorter retention deletes the older records at once; if that is meant: kafka-configs.sh "
                        + "--bootstrap-server b:9092 --entity-type topics --entity-name dlq --alter --add-config retention.ms=2592000000");
        // a cleanup policy: only on an empty topic
        assertThat(TopicDrift.whyNotInPlace("state", found, difference("cleanup.policy", "delete", "compact"), () -> false, "b"))
                .isNull();
        assertThat(TopicDrift.whyNotInPlace("state", found, difference("cleanup.policy", "delete", "compact"), () -> true, "b"))
                .startsWith("the topic holds records, and compaction would delete all but the last record of each key");
        // min.insync.replicas: up to the replicas the topic has
        assertThat(TopicDrift.whyNotInPlace("in", found(INPUT, 6, 1, Map.of()), difference("min.insync.replicas", "1", "2"),
                () -> true, "b")).startsWith("the topic has 1 replica(s), so no write with acks=all could succeed");
        // partitions and replicas: never
        assertThat(TopicDrift.whyNotInPlace("in", found, difference("partitions", "3", "6"), () -> false, "b"))
                .startsWith("Kafka cannot remove partitions, and adding some moves users to other partitions");
        assertThat(TopicDrift.whyNotInPlace("in", found, difference("replication factor", "1", "3"), () -> false, "b"))
                .isEqualTo("change it with kafka-reassign-partitions.sh, or pass --replication-factor 1 if that is meant");
    }

    @Test
    void shouldGiveADevelopmentClusterAsManyInSyncReplicasAsItHasReplicas() {
        final List<TopicPlan> plans = TopicPlan.of(new TopicPlan.Request("in", "state", "dlq", 1, null, 1, 2, 1_048_576));
        assertThat(plans).allSatisfy(plan -> assertThat(plan.settings()).containsEntry("min.insync.replicas", "1"));
    }

    /** A topic with the plan's settings, all set on the topic, but for {@code changed}. */
    private static TopicDrift.Found found(final TopicPlan plan, final int partitions, final int replicas,
                                          final Map<String, String> changed) {
        final Map<String, String> values = new HashMap<>(plan.settings());
        values.putAll(changed);
        return new TopicDrift.Found(partitions, replicas, values, values.keySet());
    }

    private static TopicDrift.Difference difference(final String key, final String found, final String needed) {
        return new TopicDrift.Difference(key, found, needed, found, needed);
    }
}
