package com.useroffers.offers.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.config.MemorySize;
import com.useroffers.offers.config.OffersConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The setter gives every store the one cache and write buffer manager of its budget, read from the
 * configs Kafka Streams hands it, and closing a store leaves them for the next one. Options are built
 * the way Kafka Streams' {@code RocksDBStore} builds them (its table config, whose cache it can read).
 */
class BoundedRocksDbMemoryTest {

    private static final Map<String, Object> CONFIGS_64MIB = Map.of(OffersConfig.ROCKSDB_MEMORY, "67108864");

    @TempDir
    Path dir;

    @Test
    void shouldGiveTwoStoresTheSameCacheAndWriteBufferManager() {
        // Given two stores' options, as Kafka Streams builds them
        try (Options first = kafkaStreamsOptions(); Options second = kafkaStreamsOptions()) {
            // When the setter configures each (one setter per store, as Kafka Streams makes them)
            new BoundedRocksDbMemory().setConfig("offers-state-store", first, CONFIGS_64MIB);
            new BoundedRocksDbMemory().setConfig("offers-dedup-store.1764374400000", second, CONFIGS_64MIB);

            // Then they share one cache, holding index and filter blocks with high priority, and one write buffer manager
            assertThat(cacheOf(second)).isNotNull().isSameAs(cacheOf(first));
            assertThat(second.writeBufferManager()).isNotNull().isSameAs(first.writeBufferManager());
            final BlockBasedTableConfigWithAccessibleCache table = (BlockBasedTableConfigWithAccessibleCache) first.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
        }
    }

    @Test
    void shouldSizeTheCacheAndMemtablesFromTheBudgetInTheConfigs() throws RocksDBException {
        // Given a budget of 64 MiB in the configs Kafka Streams hands the setter
        try (Options options = kafkaStreamsOptions()) {
            // When a store is configured and opened
            new BoundedRocksDbMemory().setConfig("offers-state-store", options, CONFIGS_64MIB);
            try (RocksDB db = RocksDB.open(options, dir.resolve("store").toString())) {
                // Then RocksDB's cache holds the whole budget, and memtables are 1/16 of its write half
                assertThat(db.getLongProperty("rocksdb.block-cache-capacity")).isEqualTo(64 * MemorySize.MIB);
                assertThat(options.writeBufferSize()).isEqualTo(2 * MemorySize.MIB);
                assertThat(options.maxWriteBufferNumber()).isEqualTo(3);
            }
        }
    }

    @Test
    void shouldSharePerBudgetAndCapMemtablesAtTheDefault() {
        // Given stores of two different budgets, and one with no budget in its configs
        try (Options small = kafkaStreamsOptions(); Options byDefault = kafkaStreamsOptions();
             Options explicit = kafkaStreamsOptions()) {
            new BoundedRocksDbMemory().setConfig("a", small, CONFIGS_64MIB);
            new BoundedRocksDbMemory().setConfig("b", byDefault, Map.of());
            new BoundedRocksDbMemory().setConfig("c", explicit, Map.of(OffersConfig.ROCKSDB_MEMORY, "256MiB"));

            // Then each budget has its own cache, the default one is 256 MiB's, with 8 MiB memtables
            assertThat(cacheOf(byDefault)).isNotSameAs(cacheOf(small)).isSameAs(cacheOf(explicit));
            assertThat(byDefault.writeBufferSize()).isEqualTo(8 * MemorySize.MIB);
        }
    }

    @Test
    void shouldLeaveTheSharedCacheUsableWhenAStoreCloses() throws RocksDBException {
        // Given a store that was configured, written and closed, the setter's close() included
        final BoundedRocksDbMemory closedSetter = new BoundedRocksDbMemory();
        try (Options options = kafkaStreamsOptions()) {
            closedSetter.setConfig("offers-dedup-store.1", options, CONFIGS_64MIB);
            writeAndRead(options, dir.resolve("segment-1"));
            closedSetter.close("offers-dedup-store.1", options);
        }

        // When the next store (a new segment) is configured
        try (Options next = kafkaStreamsOptions()) {
            new BoundedRocksDbMemory().setConfig("offers-dedup-store.2", next, CONFIGS_64MIB);

            // Then it gets the same, still open, cache and works
            assertThat(cacheOf(next)).isSameAs(BoundedRocksDbMemory.shared(64 * MemorySize.MIB).cache());
            assertThat(cacheOf(next).isOwningHandle()).isTrue();
            assertThat(next.writeBufferManager().isOwningHandle()).isTrue();
            writeAndRead(next, dir.resolve("segment-2"));
        }
    }

    @Test
    void shouldRefuseABadBudgetNamingTheSetting() {
        try (Options options = kafkaStreamsOptions()) {
            assertThatThrownBy(() -> new BoundedRocksDbMemory().setConfig("a", options, Map.of(OffersConfig.ROCKSDB_MEMORY, "1GB")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(OffersConfig.ROCKSDB_MEMORY);
        }
    }

    /** What {@code RocksDBStore.openDB} hands the setter: options with Kafka's own table config in them. */
    private static Options kafkaStreamsOptions() {
        final Options options = new Options().setCreateIfMissing(true);
        options.setTableFormatConfig(new BlockBasedTableConfigWithAccessibleCache());
        return options;
    }

    private static org.rocksdb.Cache cacheOf(final Options options) {
        return ((BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig()).blockCache();
    }

    private static void writeAndRead(final Options options, final Path path) throws RocksDBException {
        try (RocksDB db = RocksDB.open(options, path.toString())) {
            db.put("e-1".getBytes(UTF_8), "fingerprint".getBytes(UTF_8));
            db.flush(new org.rocksdb.FlushOptions().setWaitForFlush(true));
            assertThat(db.get("e-1".getBytes(UTF_8))).isEqualTo("fingerprint".getBytes(UTF_8));
        }
    }
}
