package com.useroffers.offers.topology;

import static com.useroffers.offers.fixtures.Events.assigned;
import static com.useroffers.offers.fixtures.Events.redeemed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.fixtures.OffersDriver;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.TopologyException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Named;
import org.junit.jupiter.api.Test;

/**
 * The topology's persistent identity, pinned: every processor, store and internal topic has an explicit,
 * stable name (a rename orphans state), in both keyed-by-user modes, and the topology builds with
 * {@code ensure.explicit.internal.resource.naming=true}.
 */
class TopologyDescriptionTest {

    private static final List<String> KEYED_BY_USER = List.of(
            "0 source offers-source topics=[user-offers] -> [offers-intake]",
            "0 processor offers-intake stores=[] -> [offers-accepted-events, offers-rejected-records]",
            "0 processor offers-accepted-events stores=[] -> [offers-apply]",
            "0 processor offers-apply stores=[offers-dedup-store, offers-state-store] -> [offers-failed-events, offers-state-changes]",
            "0 processor offers-state-changes stores=[] -> [offers-state-records]",
            "0 processor offers-state-records stores=[] -> [offers-state-sink]",
            "0 sink offers-state-sink topic=user-offer-state",
            "0 processor offers-failed-events stores=[] -> [offers-apply-dlq-format]",
            "0 processor offers-apply-dlq-format stores=[] -> [offers-apply-dlq-sink]",
            "0 sink offers-apply-dlq-sink topic=user-offers-dlq",
            "0 processor offers-rejected-records stores=[] -> [offers-intake-dlq-format]",
            "0 processor offers-intake-dlq-format stores=[] -> [offers-intake-dlq-sink]",
            "0 sink offers-intake-dlq-sink topic=user-offers-dlq");

    private static final List<String> NOT_KEYED_BY_USER = List.of(
            "0 source offers-source topics=[user-offers] -> [offers-intake]",
            "0 processor offers-intake stores=[] -> [offers-accepted-events, offers-rejected-records]",
            "0 processor offers-accepted-events stores=[] -> [offers-by-user-repartition-filter]",
            "0 processor offers-by-user-repartition-filter stores=[] -> [offers-by-user-repartition-sink]",
            "0 sink offers-by-user-repartition-sink topic=offers-by-user-repartition",
            "0 processor offers-rejected-records stores=[] -> [offers-intake-dlq-format]",
            "0 processor offers-intake-dlq-format stores=[] -> [offers-intake-dlq-sink]",
            "0 sink offers-intake-dlq-sink topic=user-offers-dlq",
            "1 source offers-by-user-repartition-source topics=[offers-by-user-repartition] -> [offers-apply]",
            "1 processor offers-apply stores=[offers-dedup-store, offers-state-store] -> [offers-failed-events, offers-state-changes]",
            "1 processor offers-state-changes stores=[] -> [offers-state-records]",
            "1 processor offers-state-records stores=[] -> [offers-state-sink]",
            "1 sink offers-state-sink topic=user-offer-state",
            "1 processor offers-failed-events stores=[] -> [offers-apply-dlq-format]",
            "1 processor offers-apply-dlq-format stores=[] -> [offers-apply-dlq-sink]",
            "1 sink offers-apply-dlq-sink topic=user-offers-dlq");

    @Test
    void shouldPinEveryNodeStoreAndTopicNameWhenKeyedByUser() {
        // When
        final TopologyDescription description = OffersTopology.build(OffersDriver.config(Map.of())).describe();

        // Then
        assertThat(nodes(description)).containsExactlyInAnyOrderElementsOf(KEYED_BY_USER);
        assertThat(description.globalStores()).isEmpty();
    }

    @Test
    void shouldPinEveryNodeStoreAndTopicNameWhenNotKeyedByUser() {
        // When
        final TopologyDescription description = OffersTopology.build(OffersDriver.config(OffersDriver.notKeyedByUser())).describe();

        // Then
        assertThat(nodes(description)).containsExactlyInAnyOrderElementsOf(NOT_KEYED_BY_USER);
        assertThat(description.globalStores()).isEmpty();
    }

    @Test
    void shouldNameTheChangelogTopicsAfterTheApplicationIdAndTheStores() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00Z")); // applied: both stores written
            driver.send(redeemed("e-2", "u-1", "B2", "2026-11-20T08:00:00Z"));  // invalid transition: DLQ

            // Then
            assertThat(driver.driver().producedTopicNames()).containsExactlyInAnyOrder(
                    "user-offer-state",
                    "user-offers-dlq",
                    "user-offers-processor-offers-state-store-changelog",
                    "user-offers-processor-offers-dedup-store-changelog");
        }
    }

    @Test
    void shouldNameTheRepartitionTopicAfterTheApplicationIdWhenNotKeyedByUser() {
        try (OffersDriver driver = new OffersDriver(OffersDriver.notKeyedByUser())) {
            // When
            driver.send(assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00Z")); // applied
            driver.send(redeemed("e-2", "u-1", "B2", "2026-11-20T08:00:00Z"));  // invalid transition: DLQ

            // Then
            assertThat(driver.driver().producedTopicNames()).containsExactlyInAnyOrder(
                    "user-offer-state",
                    "user-offers-dlq",
                    "user-offers-processor-offers-by-user-repartition",
                    "user-offers-processor-offers-state-store-changelog",
                    "user-offers-processor-offers-dedup-store-changelog");
        }
    }

    @Test
    void shouldTakeInternalTopicPrefixesAndTopicNamesFromConfiguration() {
        final Map<String, String> overrides = Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "offers-blue",
                OffersConfig.INPUT_KEYED_BY_USER, "false",
                OffersConfig.INPUT_TOPIC, "in",
                OffersConfig.STATE_TOPIC, "out",
                OffersConfig.DLQ_TOPIC, "dead");
        try (OffersDriver driver = new OffersDriver(overrides)) {
            // When
            driver.send(assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00Z")); // applied
            driver.send("u-1", "not json");                                      // malformed: DLQ

            // Then
            assertThat(driver.stateRecords()).hasSize(1);
            assertThat(driver.deadLetters()).hasSize(1);
            assertThat(driver.driver().producedTopicNames()).containsExactlyInAnyOrder(
                    "out", "dead",
                    "offers-blue-offers-by-user-repartition",
                    "offers-blue-offers-state-store-changelog",
                    "offers-blue-offers-dedup-store-changelog");
        }
    }

    @Test
    void shouldBuildWithExplicitInternalResourceNamingEnforcedInBothModes() {
        // Given
        final OffersConfig keyed = OffersDriver.config(Map.of());
        final OffersConfig notKeyed = OffersDriver.config(OffersDriver.notKeyedByUser());
        assertThat(keyed.streamsProperties()).containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        assertThat(notKeyed.streamsProperties()).containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");

        // When
        final Topology keyedTopology = OffersTopology.build(keyed);
        final Topology notKeyedTopology = OffersTopology.build(notKeyed);

        // Then: built, and built with the check switched on (which neither describe() nor a driver can show)
        assertThat(namingCheckWasOn(keyedTopology)).isTrue();
        assertThat(namingCheckWasOn(notKeyedTopology)).isTrue();
    }

    @Test
    void shouldRejectAnUnnamedInternalResourceOnlyWhenTheBuilderHasTheTopologyConfig() {
        // Given: the production settings
        final Properties props = OffersDriver.config(Map.of()).streamsProperties();

        // When / Then: with the settings given to the builder, a generated repartition/store name fails fast
        assertThatThrownBy(() -> countByValue(new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)))).build(props))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("repartition");
        // and given only to build(props), the same setting is silently ignored: why OffersTopology passes a TopologyConfig
        assertThat(countByValue(new StreamsBuilder()).build(props)).isNotNull();
    }

    /** A topology whose repartition topic and store would get generated names. */
    private static StreamsBuilder countByValue(final StreamsBuilder builder) {
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("in"))
                .selectKey((key, value) -> value, Named.as("rekey"))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Named.as("count"));
        return builder;
    }

    /**
     * Whether the topology's builder had {@code ensure.explicit.internal.resource.naming} on. Kafka keeps
     * that only in its internal builder; reflection is the one way to see it (update this on a Kafka upgrade
     * that renames the fields).
     */
    private static boolean namingCheckWasOn(final Topology topology) {
        try {
            final Field builderField = Topology.class.getDeclaredField("internalTopologyBuilder");
            builderField.setAccessible(true);
            final Object builder = builderField.get(topology);
            final Field flag = builder.getClass().getDeclaredField("ensureExplicitInternalResourceNaming");
            flag.setAccessible(true);
            return flag.getBoolean(builder);
        } catch (final ReflectiveOperationException e) {
            throw new AssertionError("Kafka Streams internals changed; find where the naming check is kept", e);
        }
    }

    /** One line per node: sub-topology, kind, name, stores or topics, successors. */
    private static List<String> nodes(final TopologyDescription description) {
        final List<String> lines = new ArrayList<>();
        for (final TopologyDescription.Subtopology subtopology : description.subtopologies()) {
            for (final TopologyDescription.Node node : subtopology.nodes()) {
                lines.add(subtopology.id() + " " + describe(node));
            }
        }
        return lines;
    }

    private static String describe(final TopologyDescription.Node node) {
        final TreeSet<String> successors = new TreeSet<>();
        node.successors().forEach(successor -> successors.add(successor.name()));
        if (node instanceof TopologyDescription.Source source) {
            return "source " + source.name() + " topics=" + new TreeSet<>(source.topicSet()) + " -> " + successors;
        }
        if (node instanceof TopologyDescription.Sink sink) {
            return "sink " + sink.name() + " topic=" + sink.topic();
        }
        final TopologyDescription.Processor processor = (TopologyDescription.Processor) node;
        return "processor " + processor.name() + " stores=" + new TreeSet<>(processor.stores()) + " -> " + successors;
    }
}
