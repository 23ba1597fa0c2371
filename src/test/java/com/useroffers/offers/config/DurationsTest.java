package com.useroffers.offers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The duration settings ({@code offers.dedup.retention}, {@code offers.startup.timeout}) read ISO-8601
 * durations of fixed length: weeks and days of exactly 24 hours, hours, minutes, seconds; months and
 * years are refused with a one-line reason and an example.
 */
class DurationsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "P1W,       PT168H",
        "P2W3D,     PT408H",
        "P7D,       PT168H",
        "PT12H,     PT12H",
        "P1DT12H,   PT36H",
        "PT30S,     PT30S",
        "PT0.5S,    PT0.5S",
        "p1w,       PT168H",
        "P1WT1M,    PT168H1M",
        "P0W1D,     PT24H",
        "P-1W8D,    PT24H",
        "-P1W,      PT-168H"})
    void shouldReadWeeksAndDaysAsExactlyTwentyFourHours(final String text, final String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"P1M", "P1Y", "P1Y2M3D", "P2MT1H", "P1W1M", "-P1M", "p1y"})
    void shouldRefuseMonthsAndYearsSayingWhyWithAnExample(final String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("months and years have no fixed length: give weeks, days or hours, e.g. P30D, P4W or PT12H");
    }

    @ParameterizedTest
    @ValueSource(strings = {"banana", "", "7d", "P", "PT", "P1", "P1D1W", "P1.5W", "P1W 1D", "P99999999999999999W"})
    void shouldRefuseWhatIsNoDurationWithExamples(final String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("is not an ISO-8601 duration of weeks, days, hours, minutes and seconds, e.g. P7D, P1W, P1DT12H or PT30S");
    }

    @Test
    void shouldAcceptWeeksForEveryDurationSetting() {
        // When
        final OffersConfig config = ConfigLoader.loadConfig(null, Map.of(),
                Map.of(OffersConfig.DEDUP_RETENTION, "P1W", OffersConfig.STARTUP_TIMEOUT, "PT1M"));

        // Then
        assertThat(config.dedupRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(ConfigLoader.loadConfig(null, Map.of(), Map.of(OffersConfig.STARTUP_TIMEOUT, "P2W3D")).startupTimeout())
                .isEqualTo(Duration.ofDays(17));
    }

    @ParameterizedTest
    @ValueSource(strings = {OffersConfig.DEDUP_RETENTION, OffersConfig.STARTUP_TIMEOUT})
    void shouldRefuseAMonthSettingInOneLineNamingTheSettingAndWhy(final String key) {
        assertThatThrownBy(() -> ConfigLoader.loadConfig(null, Map.of(), Map.of(key, "P1M")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value P1M for configuration " + key
                        + ": months and years have no fixed length: give weeks, days or hours, e.g. P30D, P4W or PT12H");
    }

    @ParameterizedTest
    @ValueSource(strings = {"P0W", "PT0S", "-P1W", "P1W-8D"})
    void shouldRefuseAZeroOrNegativeDuration(final String value) {
        assertThatThrownBy(() -> ConfigLoader.loadConfig(null, Map.of(), Map.of(OffersConfig.DEDUP_RETENTION, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OffersConfig.DEDUP_RETENTION)
                .hasMessageContaining("must be a positive duration, e.g. P7D, P1W or PT30S");
    }
}
