package com.useroffers.offers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** One budget for the stores: the transactional stores' uncommitted writes are a share of offers.rocksdb.memory. */
class StoreMemoryTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void shouldGiveUncommittedWritesAnEighthOfTheBudgetAndTheCacheTheRest() {
        final StoreMemory memory = StoreMemory.of(Map.of("offers.rocksdb.memory", "256MiB", "enable.transactional.statestores", "true"));

        assertThat(memory.uncommitted()).isEqualTo(32 * MIB);
        assertThat(memory.cache()).isEqualTo(224 * MIB);
    }

    @Test
    void shouldGiveTheCacheTheWholeBudgetWhenStoresAreNotTransactional() {
        final StoreMemory memory = StoreMemory.of(Map.of("offers.rocksdb.memory", "256MiB", "enable.transactional.statestores", "false"));

        assertThat(memory.uncommitted()).isZero();
        assertThat(memory.cache()).isEqualTo(256 * MIB);
    }

    @Test
    void shouldTakeAnExplicitUncommittedLimitWithinHalfTheBudget() {
        final StoreMemory memory = StoreMemory.of(Map.of("offers.rocksdb.memory", "256MiB", "enable.transactional.statestores", true,
                "statestore.uncommitted.max.bytes", 64 * MIB));

        assertThat(memory.cache()).isEqualTo(192 * MIB);
    }

    @Test
    void shouldRefuseAnUncommittedLimitOutsideTheBudgetNamingTheSetting() {
        for (final String limit : new String[] {"-1", "0", Long.toString(129 * MIB), "lots"}) {
            assertThatThrownBy(() -> ConfigLoader.loadConfig(null, Map.of(), Map.of("statestore.uncommitted.max.bytes", limit)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("statestore.uncommitted.max.bytes");
        }
    }

    @Test
    void shouldHandKafkaStreamsTheUncommittedLimitItDerived() {
        final OffersConfig config = ConfigLoader.loadConfig(null, Map.of(), Map.of("offers.rocksdb.memory", "1GiB"));

        assertThat(config.streamsProperties()).containsEntry("statestore.uncommitted.max.bytes", Long.toString(128 * MIB));
    }
}
