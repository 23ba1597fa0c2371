package com.useroffers.offers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The {@code offers.ingest.*} settings: defaults, validation, and the token kept secret. */
class IngestConfigTest {

    @Test
    void shouldDefaultToAPlaintextServiceOnPort9090WithoutToken() {
        // When
        final IngestConfig settings = new IngestConfig(Map.of());

        // Then
        assertThat(settings.port()).isEqualTo(9090);
        assertThat(settings.maxInFlight()).isEqualTo(1000);
        assertThat(settings.deliveryTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.tlsCertFile()).isNull();
        assertThat(settings.authToken()).isNull();
    }

    @Test
    void shouldRefuseBadValuesNamingTheSetting() {
        assertThatThrownBy(() -> new IngestConfig(Map.of(IngestConfig.DELIVERY_TIMEOUT, "PT0.5S")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(IngestConfig.DELIVERY_TIMEOUT).hasMessageContaining("at least PT1S");
        assertThatThrownBy(() -> new IngestConfig(Map.of(IngestConfig.MAX_IN_FLIGHT, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(IngestConfig.MAX_IN_FLIGHT);
        assertThatThrownBy(() -> new IngestConfig(Map.of(IngestConfig.PORT, "65536")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(IngestConfig.PORT);
    }

    @Test
    void shouldNeverPrintTheToken() {
        // Given: the token as the environment gives it
        final OffersConfig config = ConfigLoader.loadConfig(null,
                Map.of("USER_OFFERS_OFFERS_INGEST_AUTH__TOKEN", "s3cret-t0ken"), Map.of());
        final IngestConfig settings = new IngestConfig(config.originals());

        // When
        final String logged = EffectiveConfig.describe(config);

        // Then
        assertThat(settings.authToken()).isEqualTo("s3cret-t0ken");
        assertThat(logged).contains(IngestConfig.AUTH_TOKEN + " = " + Secrets.MASK).doesNotContain("s3cret-t0ken");
    }
}
