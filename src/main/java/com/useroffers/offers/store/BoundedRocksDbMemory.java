package com.useroffers.offers.store;

import com.useroffers.offers.config.MemorySize;
import com.useroffers.offers.config.StoreMemory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's documented bounded-memory recipe ({@code rocksdb.config.setter}, set in
 * {@code ConfigLoader.DEFAULTS}): every RocksDB instance of the JVM, i.e. every store of every task
 * and every segment of a window store, uses one block cache: {@code offers.rocksdb.memory} less the
 * transactional stores' uncommitted writes ({@link StoreMemory}). Index and filter blocks live in that
 * cache (with high priority), and the memtables are charged to it through one
 * {@link WriteBufferManager}, so the budget is one number for all of them.
 *
 * <p>Kafka Streams makes one instance of this class per store and calls {@link #setConfig} with its
 * configs (the app's originals and Streams' values), where {@code OffersConfig.streamsProperties()}
 * puts the budget in bytes. The cache and the write buffer manager are shared per cache size for the
 * life of the JVM: {@link #close} must not close them, since the next store (a new segment, a task
 * that moves back) uses them again.
 *
 * <p>The bound is RocksDB's: a pinned block or an open iterator can take the cache briefly past it,
 * and each instance has a little memory of its own outside the cache (see docs/OPERATIONS.md).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedRocksDbMemory.class);

    /** Half the budget for memtables: every event writes both stores, and recent writes are read back from them. */
    static final double WRITE_BUFFER_SHARE = 0.5;
    /** Index and filter blocks (a few bytes per stored entry) are evicted last; room they leave unused serves data blocks. */
    static final double HIGH_PRIORITY_POOL_RATIO = 0.25;
    /** Never fail a read when the cache is full: a failed read is a store error that stops the task. */
    static final boolean STRICT_CAPACITY_LIMIT = false;
    /** ~50,000 of our small (~150-byte) entries per flush; 16 of them fill the write share of the default budget. */
    static final long MAX_MEMTABLE_BYTES = 8 * MemorySize.MIB;
    /** At a smaller budget, still as many stores (those one instance writes at once) can each fill a memtable. */
    static final int MEMTABLES_PER_WRITE_SHARE = 16;
    /** Kafka's default: one being written while others flush; the write buffer manager bounds the memory, not this. */
    static final int MEMTABLES_PER_STORE = 3;

    /** One cache and write buffer manager per cache size, for the JVM's life (tests run several budgets in one JVM). */
    private static final ConcurrentMap<Long, SharedMemory> SHARED = new ConcurrentHashMap<>();

    /** The objects every store with the same budget uses; never closed (see the class comment). */
    record SharedMemory(Cache cache, WriteBufferManager writeBufferManager, long memtableBytes) {

        static SharedMemory create(final long cacheBytes) {
            RocksDB.loadLibrary();
            final long writeBuffers = (long) (cacheBytes * WRITE_BUFFER_SHARE);
            // Data, index and filter blocks, and the memtables' charge; -1: RocksDB picks the shards.
            final Cache cache = new LRUCache(cacheBytes, -1, STRICT_CAPACITY_LIMIT, HIGH_PRIORITY_POOL_RATIO);
            final WriteBufferManager manager = new WriteBufferManager(writeBuffers, cache);
            final long memtable = Math.min(MAX_MEMTABLE_BYTES, writeBuffers / MEMTABLES_PER_WRITE_SHARE);
            LOG.info("RocksDB memory bounded: a block cache of {} shared by all stores (holding index and filter blocks, "
                            + "write buffers charged to it up to {}, memtables of {})",
                    MemorySize.format(cacheBytes), MemorySize.format(writeBuffers), MemorySize.format(memtable));
            return new SharedMemory(cache, manager, memtable);
        }
    }

    @Override
    public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
        final SharedMemory shared = SHARED.computeIfAbsent(cacheBytes(configs), SharedMemory::create);
        // Kafka Streams' own table config, whose other settings (block size, Bloom filter) are kept.
        final BlockBasedTableConfig tableConfig = (BlockBasedTableConfig) options.tableFormatConfig();
        tableConfig.setBlockCache(shared.cache());
        tableConfig.setCacheIndexAndFilterBlocks(true);
        tableConfig.setCacheIndexAndFilterBlocksWithHighPriority(true);
        tableConfig.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(shared.writeBufferManager());
        options.setWriteBufferSize(shared.memtableBytes());
        options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
        options.setTableFormatConfig(tableConfig);
    }

    @Override
    public void close(final String storeName, final Options options) {
        // Nothing to close: the cache and the write buffer manager are shared by every store of the budget.
    }

    /**
     * The block cache's share of the budget in Kafka Streams' configs (the default budget when absent: Kafka
     * Streams started without our config): the budget less the transactional stores' uncommitted writes.
     */
    static long cacheBytes(final Map<String, Object> configs) {
        return StoreMemory.of(configs).cache();
    }

    /** For tests: the objects stores with this cache size share. */
    static SharedMemory shared(final long cacheBytes) {
        return SHARED.computeIfAbsent(cacheBytes, SharedMemory::create);
    }
}
