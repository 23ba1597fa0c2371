package com.useroffers.offers.config;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How {@code offers.rocksdb.memory}, the one off-heap budget of an instance's state stores, is shared:
 * the uncommitted writes of the transactional stores (Kafka Streams commits early when they reach
 * {@code statestore.uncommitted.max.bytes}), and the rest for RocksDB's block cache, which the memtables
 * are charged to. A transactional RocksDB store stages its writes in a native write batch until the
 * commit, outside RocksDB's cache: without its own share, the budget would no longer bound them.
 *
 * @param budget      {@code offers.rocksdb.memory} in bytes
 * @param uncommitted {@code statestore.uncommitted.max.bytes}; 0 when the stores are not transactional
 */
public record StoreMemory(long budget, long uncommitted) {

    /**
     * An eighth of the budget (32 MiB of the default 256 MiB). A commit every 100 ms stages far less: at
     * 30,000 events/s, two stores' writes of about 0.6 KB per event make under 2 MiB per commit interval.
     */
    static final int UNCOMMITTED_SHARE_DIVISOR = 8;

    /** What the block cache may hold: data, index and filter blocks and the memtables' charge. */
    public long cache() {
        return budget - uncommitted;
    }

    /**
     * The split that {@code configs} (the application's settings, or the configs Kafka Streams hands a
     * RocksDB config setter) give: an explicit {@code statestore.uncommitted.max.bytes} is taken as it is,
     * else it is {@link #UNCOMMITTED_SHARE_DIVISOR an eighth} of the budget.
     *
     * @throws ConfigException naming the setting, when the budget is not a size or the uncommitted share
     *         is not between 1 byte and half the budget
     */
    public static StoreMemory of(final Map<?, ?> configs) {
        final long budget = OffersConfig.rocksDbMemoryBytes(
                configs.containsKey(OffersConfig.ROCKSDB_MEMORY) ? configs.get(OffersConfig.ROCKSDB_MEMORY) : OffersConfig.ROCKSDB_MEMORY_DEFAULT);
        if (!Boolean.parseBoolean(String.valueOf(configs.get(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).strip())) {
            return new StoreMemory(budget, 0);
        }
        final Object given = configs.get(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG);
        if (given == null) {
            return new StoreMemory(budget, budget / UNCOMMITTED_SHARE_DIVISOR);
        }
        final long uncommitted;
        try {
            uncommitted = Long.parseLong(String.valueOf(given).strip());
        } catch (final NumberFormatException e) {
            throw new ConfigException(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG, given, "must be a number of bytes");
        }
        if (uncommitted < 1 || uncommitted > budget / 2) {
            throw new ConfigException(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG, given,
                    "must be between 1 and " + budget / 2 + " bytes, half of " + OffersConfig.ROCKSDB_MEMORY + " ("
                            + MemorySize.format(budget) + "): the transactional stores' uncommitted writes are part of that"
                            + " budget; leave it unset for an eighth of it");
        }
        return new StoreMemory(budget, uncommitted);
    }
}
