package com.useroffers.offers.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.MemorySize;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.fixtures.OffersDriver;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The production path end to end, without a broker: the built-in defaults set the config setter, the
 * budget travels from {@code offers.rocksdb.memory} through {@code streamsProperties()} to the setter,
 * and both stores of the topology (the dedup store's segments too) report one cache of that capacity,
 * as Kafka Streams' own RocksDB metrics ({@code block-cache-capacity}) show. Without the setter each
 * store would have a 50 MiB cache of its own.
 */
class BoundedMemoryThroughTopologyTest {

    @Test
    void shouldBeSetByTheBuiltInDefaults() {
        assertThat(ConfigLoader.DEFAULTS).containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
                BoundedRocksDbMemory.class.getName());
    }

    @Test
    void shouldGiveEveryStoreOfTheShippedTopologyTheSharedCacheOfTheBudget() {
        // 256 MiB less an eighth for the transactional stores' uncommitted writes
        assertThat(cacheCapacities(Map.of())).containsOnly(Map.entry("offers-state-store", 224.0 * MemorySize.MIB),
                Map.entry("offers-dedup-store", 224.0 * MemorySize.MIB));
    }

    @Test
    void shouldGiveTheCacheTheWholeBudgetWhenStoresAreNotTransactional() {
        assertThat(cacheCapacities(Map.of("enable.transactional.statestores", "false"))).hasSize(2)
                .allSatisfy((store, capacity) -> assertThat(capacity).isEqualTo(256.0 * MemorySize.MIB));
    }

    @Test
    void shouldSizeTheSharedCacheFromTheSetting() {
        assertThat(cacheCapacities(Map.of(OffersConfig.ROCKSDB_MEMORY, "32MiB"))).hasSize(2)
                .allSatisfy((store, capacity) -> assertThat(capacity).isEqualTo(28.0 * MemorySize.MIB));
    }

    /** Given the shipped config with {@code overrides}, when one event is processed: each store's block-cache-capacity. */
    private static Map<String, Double> cacheCapacities(final Map<String, String> overrides) {
        try (OffersDriver driver = new OffersDriver(overrides)) {
            driver.send(Events.assigned("e-1", "u-1", "WELCOME10", "2026-11-22T10:00:00Z"));
            final Map<String, Double> capacities = new TreeMap<>();
            final Map<MetricName, ? extends Metric> metrics = driver.driver().metrics();
            metrics.forEach((name, metric) -> {
                if (name.name().equals("block-cache-capacity")) {
                    final String store = name.tags().getOrDefault("rocksdb-state-id", name.tags().get("rocksdb-window-state-id"));
                    capacities.put(store, ((Number) metric.metricValue()).doubleValue());
                }
            });
            return capacities;
        }
    }
}
