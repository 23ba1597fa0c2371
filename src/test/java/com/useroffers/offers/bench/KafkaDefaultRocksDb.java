package com.useroffers.offers.bench;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * Kafka Streams' own RocksDB settings, for the benchmark's A/B of the bounded-memory setter:
 * {@code --variant unbounded:rocksdb.config.setter=com.useroffers.offers.bench.KafkaDefaultRocksDb}
 * (each store, and each segment of the dedup store, then has its own 50 MiB cache and 16 MiB memtables).
 */
public final class KafkaDefaultRocksDb implements RocksDBConfigSetter {

    @Override
    public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
        // Kafka's defaults, unchanged.
    }

    @Override
    public void close(final String storeName, final Options options) {
        // Nothing was created.
    }
}
