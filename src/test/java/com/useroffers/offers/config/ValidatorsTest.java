package com.useroffers.offers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** One meaning for every token and every duration setting, whichever command reads it. */
class ValidatorsTest {

    /** Each command's settings, built from one setting. */
    private static final Map<String, Function<Map<String, String>, Object>> TOKENS = Map.of(
            OffersConfig.HTTP_AUTH_TOKEN, OffersConfig::new,
            IngestConfig.AUTH_TOKEN, IngestConfig::new);
    private static final Map<String, Function<Map<String, String>, Object>> DURATIONS = Map.of(
            OffersConfig.DEDUP_RETENTION, OffersConfig::new,
            OffersConfig.STARTUP_TIMEOUT, OffersConfig::new,
            IngestConfig.DELIVERY_TIMEOUT, IngestConfig::new,
            IngestConfig.SHUTDOWN_TIMEOUT, IngestConfig::new);

    @Test
    void shouldRefuseAnEmptyOrSpacedTokenInEverySettingAndNeverShowIt() {
        TOKENS.forEach((name, config) -> {
            for (final String bad : List.of("", "two words", "tab\there", "ünïcode")) {
                assertThatThrownBy(() -> config.apply(Map.of(name, bad))).as("%s=%s", name, bad)
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining(name).hasMessageContaining("leave it unset for no token")
                        .satisfies(e -> assertThat(bad.isEmpty() || !e.getMessage().contains(bad)).isTrue());
            }
            assertThat(config.apply(Map.of(name, "0123abcd-token"))).as(name).isNotNull();
            assertThat(config.apply(Map.of())).as("%s unset", name).isNotNull();
        });
    }

    @Test
    void shouldRefuseAZeroNegativeOrUnreadableDurationInEverySetting() {
        DURATIONS.forEach((name, config) -> {
            for (final String bad : List.of("PT0S", "-PT5S", "soon")) {
                assertThatThrownBy(() -> config.apply(Map.of(name, bad))).as("%s=%s", name, bad)
                        .isInstanceOf(ConfigException.class).hasMessageContaining(name);
            }
            assertThat(config.apply(Map.of(name, "PT30S"))).as(name).isNotNull();
        });
    }
}
