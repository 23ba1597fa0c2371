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
import org.junit.jupiter.api.Test;

/** The production defaults really are what the contract says: {@code config/streams.properties} as shipped. */
class ShippedConfigTest {

    /** Relative to the project directory, Maven's working directory. */
    private static final Path SHIPPED = Path.of("config/streams.properties");

    @Test
    void shouldSetTheKafkaStreamsProductionSettings() throws IOException {
        final Properties file = read();

        assertThat(file.getProperty("application.id")).isEqualTo("user-offers-processor");
        assertThat(file.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(file.getProperty("replication.factor")).isEqualTo("3");
        assertThat(file.getProperty("ensure.explicit.internal.resource.naming")).isEqualTo("true");
    }

    @Test
    void shouldSetTheContractsOffersDefaults() throws IOException {
        final Properties file = read();

        assertThat(file.getProperty("offers.input.topic")).isEqualTo("user-offers");
        assertThat(file.getProperty("offers.state.topic")).isEqualTo("user-offer-state");
        assertThat(file.getProperty("offers.dlq.topic")).isEqualTo("user-offers-dlq");
        assertThat(file.getProperty("offers.input.keyed-by-user")).isEqualTo("true");
        assertThat(file.getProperty("offers.dedup.retention")).isEqualTo("P7D");
        assertThat(file.getProperty("offers.event.max-bytes")).isEqualTo("65536");
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
