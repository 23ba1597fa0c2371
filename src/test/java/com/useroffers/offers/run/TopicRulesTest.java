package com.useroffers.offers.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.TopicContract;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The start-up rules on described topics, without Kafka: the contract's production topics pass
 * silently; each unfit setting is one refusal naming topic, setting, value found and value needed;
 * each development setting one warning.
 */
class TopicRulesTest {

    private static final long PRODUCER = TopicContract.LARGEST_RECORD_BYTES;

    @Test
    void shouldPassTheContractsProductionTopicsWithoutRefusalOrWarning() {
        // Given the topics as topics.sh creates them on a production cluster
        // When
        final TopicRules.Verdict verdict = TopicRules.judge(input(Map.of()), state(Map.of()), deadLetter(Map.of()), PRODUCER);

        // Then
        assertThat(verdict.refusals()).isEmpty();
        assertThat(verdict.warnings()).isEmpty();
    }

    @ParameterizedTest(name = "cleanup.policy={0}")
    @CsvSource(delimiter = '|', value = {
        "delete",          // deletes old states: refused
        "'compact,delete'", // compacts, then deletes whole segments: states lost, refused
        "'delete,compact'",
    })
    void shouldRefuseAStateTopicThatIsNotExactlyCompacted(final String policy) {
        final TopicRules.Verdict verdict = TopicRules.judge(input(Map.of()),
                state(Map.of("cleanup.policy", policy)), deadLetter(Map.of()), PRODUCER);

        assertThat(verdict.refusals()).singleElement().asString()
                .startsWith("state topic 'user-offer-state': cleanup.policy is " + policy + ", needs compact")
                .doesNotContain("\n");
    }

    @Test
    void shouldRefuseADeadLetterTopicSmallerThanTheInputPlus64KiB() {
        // Given a dead-letter topic one byte short of the largest dead letter
        final TopicRules.Verdict verdict = TopicRules.judge(input(Map.of()), state(Map.of()),
                deadLetter(Map.of("max.message.bytes", "1114111")), PRODUCER);

        // Then
        assertThat(verdict.refusals()).singleElement().asString()
                .startsWith("dead-letter topic 'user-offers-dlq': max.message.bytes is 1114111, needs at least 1114112")
                .contains("input topic 'user-offers' max.message.bytes 1048576 + 65536");
    }

    @Test
    void shouldMeasureTheDeadLetterTopicAgainstTheInputsOwnLimit() {
        // Given an input that takes 2 MiB records: the dead-letter topic of the default size is too small
        final TopicRules.Verdict verdict = TopicRules.judge(input(Map.of("max.message.bytes", "2097152")), state(Map.of()),
                deadLetter(Map.of()), 2_162_688);

        assertThat(verdict.refusals()).singleElement().asString()
                .startsWith("dead-letter topic 'user-offers-dlq': max.message.bytes is 1114112, needs at least 2162688");
    }

    @Test
    void shouldRefuseAProducerThatCannotSendTheLargestDeadLetter() {
        // Given Kafka's default max.request.size, exactly the input's limit
        final TopicRules.Verdict verdict = TopicRules.judge(input(Map.of()), state(Map.of()), deadLetter(Map.of()), 1_048_576);

        assertThat(verdict.refusals()).singleElement().asString()
                .startsWith("producer: max.request.size is 1048576, needs at least 1114112")
                .endsWith("set producer.max.request.size=1114112");
    }

    @Test
    void shouldWarnOncePerDevelopmentSetting() {
        // Given a single-broker development cluster with finite input retention and no timestamp guard
        final Map<String, String> dev = Map.of("min.insync.replicas", "1");
        final Map<String, String> devInput = new HashMap<>(dev);
        devInput.put("retention.ms", "604800000");
        devInput.put("message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));

        // When
        final TopicRules.Verdict verdict = TopicRules.judge(facts("input", "user-offers", 1, devInput),
                facts("state", "user-offer-state", 1, merged(dev, Map.of("cleanup.policy", "compact"))),
                facts("dead-letter", "user-offers-dlq", 1, merged(dev, Map.of("max.message.bytes", "1114112"))), PRODUCER);

        // Then it starts, with five warnings
        assertThat(verdict.refusals()).isEmpty();
        assertThat(verdict.warnings()).satisfiesExactly(
                w -> assertThat(w).startsWith("input topic 'user-offers': retention.ms is 604800000, the contract wants -1"),
                w -> assertThat(w).startsWith("input topic 'user-offers': message.timestamp.after.max.ms is "
                        + Long.MAX_VALUE + " (no guard), the contract wants 3600000"),
                w -> assertThat(w).startsWith("input topic 'user-offers': replication factor 1 and min.insync.replicas 1,"
                        + " production wants at least 3 and 2"),
                w -> assertThat(w).startsWith("state topic 'user-offer-state': replication factor 1"),
                w -> assertThat(w).startsWith("dead-letter topic 'user-offers-dlq': replication factor 1"));
    }

    @Test
    void shouldWarnWhenTheInputHasNoTimestampGuardAtAll() {
        final Map<String, String> unguarded = new HashMap<>(INPUT);
        unguarded.remove("message.timestamp.after.max.ms");

        final TopicRules.Verdict verdict = TopicRules.judge(facts("input", "user-offers", 3, unguarded), state(Map.of()),
                deadLetter(Map.of()), PRODUCER);

        assertThat(verdict.warnings()).singleElement().asString()
                .startsWith("input topic 'user-offers': message.timestamp.after.max.ms is unset");
    }

    @Test
    void shouldReportEveryRefusalAtOnce() {
        final TopicRules.Verdict verdict = TopicRules.judge(input(Map.of()), state(Map.of("cleanup.policy", "delete")),
                deadLetter(Map.of("max.message.bytes", "1048588")), 1_048_576);

        assertThat(verdict.refusals()).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "                                      | 1114112", // the built-in default
        "producer.max.request.size=2000000     | 2000000",
        "max.request.size=2000000              | 1114112", // unprefixed: the built-in producer.-prefixed default wins
    })
    void shouldReadTheProducersEffectiveMaxRequestSize(final String setting, final long expected) {
        final Map<String, String> overrides = new HashMap<>();
        if (setting != null) {
            final String[] pair = setting.split("=", 2);
            overrides.put(pair[0], pair[1]);
        }
        final Properties props = ConfigLoader.loadConfig(null, Map.of(), overrides).streamsProperties();

        assertThat(TopicRules.maxRequestSize(props)).isEqualTo(expected);
    }

    @Test
    void shouldFallBackToTheProducersOwnDefaultWhenNothingSetsIt() {
        final Properties props = new Properties();
        props.put("application.id", "a");
        props.put("bootstrap.servers", "127.0.0.1:9092");

        assertThat(TopicRules.maxRequestSize(props)).isEqualTo(1_048_576);
    }

    // --- fixtures: the contract's production topics, with overrides ---------------------------------

    private static final Map<String, String> INPUT = Map.of("cleanup.policy", "delete", "retention.ms", "-1",
            "message.timestamp.after.max.ms", "3600000", "max.message.bytes", "1048576", "min.insync.replicas", "2");

    private static TopicFacts input(final Map<String, String> overrides) {
        return facts("input", "user-offers", 3, merged(INPUT, overrides));
    }

    private static TopicFacts state(final Map<String, String> overrides) {
        return facts("state", "user-offer-state", 3, merged(Map.of("cleanup.policy", "compact", "min.insync.replicas", "2"),
                overrides));
    }

    private static TopicFacts deadLetter(final Map<String, String> overrides) {
        return facts("dead-letter", "user-offers-dlq", 3, merged(Map.of("cleanup.policy", "delete",
                "max.message.bytes", "1114112", "min.insync.replicas", "2"), overrides));
    }

    private static TopicFacts facts(final String role, final String name, final int replicas, final Map<String, String> configs) {
        return new TopicFacts(role, name, replicas, configs);
    }

    private static Map<String, String> merged(final Map<String, String> base, final Map<String, String> overrides) {
        final Map<String, String> merged = new HashMap<>(base);
        merged.putAll(overrides);
        return merged;
    }
}
