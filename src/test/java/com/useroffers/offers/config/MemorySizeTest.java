package com.useroffers.offers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code offers.rocksdb.memory} reads bytes or whole binary units (KiB, MiB, GiB) and refuses anything
 * else, and anything under 16 MiB, in one line naming the setting with an example.
 */
class MemorySizeTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
        "268435456,  268435456",
        "256MiB,     268435456",
        "256 MiB,    268435456",
        "256mib,     268435456",
        "1GiB,       1073741824",
        "16384KiB,   16777216",
        "2048,       2048"})
    void shouldReadBytesAndBinaryUnits(final String text, final long bytes) {
        assertThat(MemorySize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"256MB", "1GB", "1.5GiB", "256M", "-256MiB", "MiB", "", "256 MiB free", "1TiB",
        "99999999999999999999", "9999999999GiB"})
    void shouldRefuseAnythingElseWithAnExample(final String text) {
        assertThatThrownBy(() -> MemorySize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("e.g. 256MiB or 1GiB")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest(name = "{0} bytes is {1}")
    @CsvSource({"268435456, 256 MiB", "1073741824, 1 GiB", "33792, 33 KiB", "1000, 1000 bytes"})
    void shouldFormatInTheLargestExactUnit(final long bytes, final String text) {
        assertThat(MemorySize.format(bytes)).isEqualTo(text);
    }

    @Test
    void shouldDefaultTheRocksDbBudgetTo256MiBAndHandItToKafkaStreamsInBytes() {
        final OffersConfig config = ConfigLoader.loadConfig(null, Map.of(), Map.of());

        assertThat(config.rocksDbMemoryBytes()).isEqualTo(256 * MemorySize.MIB);
        assertThat(config.streamsProperties()).containsEntry(OffersConfig.ROCKSDB_MEMORY, "268435456");
    }

    @Test
    void shouldTakeTheRocksDbBudgetFromAnEnvironmentVariable() {
        final OffersConfig config = ConfigLoader.loadConfig(null, Map.of("USER_OFFERS_OFFERS_ROCKSDB_MEMORY", "1GiB"), Map.of());

        assertThat(config.rocksDbMemoryBytes()).isEqualTo(MemorySize.GIB);
        assertThat(config.streamsProperties()).containsEntry(OffersConfig.ROCKSDB_MEMORY, "1073741824");
    }

    @ParameterizedTest
    @ValueSource(strings = {"512MB", "lots", "8MiB", "16777215", "0"})
    void shouldRefuseABadOrTooSmallRocksDbBudgetNamingTheSetting(final String value) {
        assertThatThrownBy(() -> ConfigLoader.loadConfig(null, Map.of(), Map.of(OffersConfig.ROCKSDB_MEMORY, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OffersConfig.ROCKSDB_MEMORY)
                .hasMessageContaining("256MiB")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldAcceptTheSmallestRocksDbBudget() {
        final OffersConfig config = ConfigLoader.loadConfig(null, Map.of(), Map.of(OffersConfig.ROCKSDB_MEMORY, "16MiB"));

        assertThat(config.rocksDbMemoryBytes()).isEqualTo(16 * MemorySize.MIB);
    }
}
