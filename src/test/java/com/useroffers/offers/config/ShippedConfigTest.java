package com.useroffers.offers.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The production settings really are what the contract says: {@code config/streams.properties} as
 * shipped, loaded on top of the built-in defaults, holds the guarantee and the environment's settings
 * only (the built-in production defaults and the {@code offers.*} defaults are in {@code ConfigLoaderTest}).
 */
class ShippedConfigTest {

    /** Relative to the project directory, Maven's working directory. */
    private static final Path SHIPPED = Path.of("config/streams.properties");

    @Test
    void shouldRunTheKafkaStreamsProductionSettingsWhenLoaded() {
        final Properties streams = ConfigLoader.loadConfig(SHIPPED, Map.of(), Map.of()).streamsProperties();

        assertThat(streams.getProperty("application.id")).isEqualTo("user-offers-processor");
        assertThat(streams.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(streams.getProperty("replication.factor")).isEqualTo("3");
        assertThat(streams.getProperty("ensure.explicit.internal.resource.naming")).isEqualTo("true");
    }

    @Test
    void shouldStateTheExactlyOnceGuaranteeWhereAReaderLooks() throws IOException {
        // The guarantee the application exists for, in the one file a user opens, although it is the default too
        assertThat(read().getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
    }

    @Test
    void shouldHoldOnlyTheEnvironmentsSettingsAndNoInstanceIdentity() throws IOException {
        // Instance-specific: derived per instance from its state directory, or set per instance, never shared
        assertThat(read().stringPropertyNames()).containsExactlyInAnyOrder(
                "processing.guarantee", "replication.factor", "topic.min.insync.replicas", "state.dir");
    }

    @Test
    void shouldRepeatNoDefaultThatHasItsHomeElsewhereButTheGuarantee() throws IOException {
        final Set<String> keys = new TreeSet<>(read().stringPropertyNames());
        keys.remove("processing.guarantee");

        assertThat(keys).doesNotContainAnyElementsOf(ConfigLoader.DEFAULTS.keySet())
                .doesNotContainAnyElementsOf(OffersConfig.definition().names());
    }

    @Test
    void shouldLoadWithoutErrorIntoTheSameEffectiveValues() {
        final OffersConfig config = ConfigLoader.loadConfig(SHIPPED, Map.of(), Map.of());

        assertThat(config.inputTopic()).isEqualTo("user-offers");
        assertThat(config.stateTopic()).isEqualTo("user-offer-state");
        assertThat(config.dlqTopic()).isEqualTo("user-offers-dlq");
        assertThat(config.inputKeyedByUser()).isTrue();
        assertThat(config.dedupRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.eventMaxBytes()).isEqualTo(65536);
        assertThat(config.streamsProperties())
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("replication.factor", "3")
                .doesNotContainKey("offers.input.topic");
    }

    @Test
    void shouldHoldNoSecret() throws IOException {
        assertThat(read().stringPropertyNames()).noneMatch(Secrets::isSecret);
    }

    private static Properties read() throws IOException {
        final Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(SHIPPED, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        return props;
    }
}
