package com.useroffers.offers.bench.parts;

import com.useroffers.offers.domain.Fingerprint;
import com.useroffers.offers.fixtures.Directories;
import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.model.RememberedEvent;
import com.useroffers.offers.processor.OfferEventProcessorSupplier;
import com.useroffers.offers.processor.SeenIdsFilter;
import com.useroffers.offers.serde.RememberedEventSerde;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two stores themselves, RocksDB as the topology builds them ({@link OfferEventProcessorSupplier#stores()},
 * the shipped RocksDB setter), opened outside Kafka Streams: the store layers (metered, serdes, RocksDB),
 * without the changelog (a produced record: see the pipe contenders) and without the record cache (it
 * needs a stream thread; {@link ProcessorParts} has both). The dedup store is pre-loaded with
 * {@value #PRELOADED} ids spread over the retention, so its window segments all exist.
 *
 * <p>And the redesign not made here: the same ids in a key-value store, looked up by a point get
 * instead of the window store's range fetch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class StoreParts {

    static final int PRELOADED = 100_000;
    static final int SWEEP_STEPS = 1_000;

    private PartsInput input;
    private Path stateDir;
    private WindowStore<String, RememberedEvent> dedup;
    private KeyValueStore<String, RememberedEvent> pointDedup;
    private WindowStore<String, RememberedEvent> bucketed;
    private long bucketMs;
    private SeenIdsFilter filter;
    private KeyValueStore<String, OfferState> states;
    private long retentionMs;
    private long now;
    private String[] remembered;
    private String[] unknown;
    private RememberedEvent value;
    private int hit;
    private int miss;
    private long fresh;
    private int event;

    @Setup
    public void setUp() throws IOException {
        input = PartsInput.get();
        final var config = OffersDriver.config(Map.of());
        retentionMs = config.dedupRetention().toMillis();
        stateDir = Path.of("target", "offers-jmh", "stores-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(stateDir);
        final Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        final MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
        final StateStoreContext storeContext = context.getStateStoreContext();
        dedup = open(storeContext, OfferEventProcessorSupplier.DEDUP_STORE);
        states = open(storeContext, OfferEventProcessorSupplier.STATE_STORE);
        pointDedup = init(storeContext, Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("point-dedup"),
                Serdes.String(), new RememberedEventSerde()).withLoggingDisabled().build());

        bucketMs = retentionMs / 2;
        bucketed = init(storeContext, Stores.windowStoreBuilder(Stores.persistentWindowStore("bucketed-dedup",
                Duration.ofMillis(retentionMs + bucketMs + 1), Duration.ofMillis(1), false),
                Serdes.String(), new RememberedEventSerde()).withLoggingDisabled().build());
        value = new RememberedEvent(Fingerprint.of(input.events[0]), RememberedEvent.Outcome.APPLIED);
        now = 1_800_000_000_000L;
        final SplittableRandom random = new SplittableRandom(7);
        remembered = new String[PartsInput.SIZE];
        unknown = new String[PartsInput.SIZE];
        for (int i = 0; i < PRELOADED; i++) {
            final String key = input.events[i & input.eventMask()].userId() + '\u0000' + uuid(random);
            dedup.put(key, value, now - retentionMs + i * (retentionMs / PRELOADED));
            pointDedup.put(key, value);
            final long at = now - retentionMs + i * (retentionMs / PRELOADED);
            bucketed.put(key, value, at - Math.floorMod(at, bucketMs));
            if (i % (PRELOADED / PartsInput.SIZE) == 0 && i / (PRELOADED / PartsInput.SIZE) < PartsInput.SIZE) {
                remembered[i / (PRELOADED / PartsInput.SIZE)] = key;
            }
        }
        for (int i = 0; i < PartsInput.SIZE; i++) {
            unknown[i] = input.events[i & input.eventMask()].userId() + '\u0000' + uuid(random);
        }
        for (final OfferState state : input.after) {
            if (state != null) {
                states.put(state.userId(), state);
            }
        }
        // On disk as in a long-running store, not all in the memtables the pre-load filled.
        dedup.flush();
        filter = SeenIdsFilter.load(retentionMs, new SeenIdsFilter.Memory(OfferEventProcessorSupplier.DEDUP_FILTER_MEMORY), dedup);
        pointDedup.flush();
        bucketed.flush();
        states.flush();
    }

    @TearDown
    public void tearDown() {
        dedup.close();
        pointDedup.close();
        bucketed.close();
        states.close();
        Directories.deleteRecursively(stateDir);
    }

    /** The lookup of an id remembered before (a duplicate), as the processor makes it: a fetch over the retention. */
    @Benchmark
    public Object dedupFetchRemembered() {
        return fetch(remembered[hit++ & PartsInput.MASK]);
    }

    /** The lookup of a new id (most events). */
    @Benchmark
    public Object dedupFetchNew() {
        return fetch(unknown[miss++ & PartsInput.MASK]);
    }

    /** The shipped lookup of a new id: the in-memory filter answers "unseen" (and ~1% of the time "maybe": then the fetch). */
    @Benchmark
    public boolean filterNew() {
        return filter.mightContain(unknown[miss++ & PartsInput.MASK], now);
    }

    /** Building the filter at a task's start, per remembered id: a read of the whole store. */
    @Benchmark
    @OperationsPerInvocation(PRELOADED)
    public long filterLoadPerId() {
        final SeenIdsFilter loaded = SeenIdsFilter.load(retentionMs, new SeenIdsFilter.Memory(OfferEventProcessorSupplier.DEDUP_FILTER_MEMORY), dedup);
        loaded.release();
        return loaded.ids();
    }

    /** Remembering a new id at stream time. */
    @Benchmark
    public void dedupPut() {
        dedup.put(input.events[event++ & input.eventMask()].userId() + '\u0000' + (fresh++), value, now);
    }

    /** The point-lookup alternative: the same remembered ids in a key-value store. */
    @Benchmark
    public Object pointGetRemembered() {
        return pointDedup.get(remembered[hit++ & PartsInput.MASK]);
    }

    @Benchmark
    public Object pointGetNew() {
        return pointDedup.get(unknown[miss++ & PartsInput.MASK]);
    }

    @Benchmark
    public void pointPut() {
        pointDedup.put(input.events[event++ & input.eventMask()].userId() + '\u0000' + (fresh++), value);
    }

    /** Time-bucketed window store: point gets at the bucket starts that the retention covers, newest first. */
    @Benchmark
    public Object bucketGetRemembered() {
        return bucketGet(remembered[hit++ & PartsInput.MASK]);
    }

    @Benchmark
    public Object bucketGetNew() {
        return bucketGet(unknown[miss++ & PartsInput.MASK]);
    }

    private RememberedEvent bucketGet(final String key) {
        final long newest = now - Math.floorMod(now, bucketMs);
        for (long b = newest; b >= now - retentionMs - bucketMs + 1; b -= bucketMs) {
            final RememberedEvent found = bucketed.fetch(key, b);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** What expiry would add per id to the point-lookup store: the delete of an expired id (a tombstone in RocksDB). */
    @Benchmark
    public void pointDelete() {
        pointDedup.delete(remembered[hit++ & PartsInput.MASK]);
    }

    /** ... and the sweep that finds it: one step of an iterator over the store, per id (1,000 steps per operation). */
    @Benchmark
    @OperationsPerInvocation(SWEEP_STEPS)
    public int pointSweepStep() {
        int expired = 0;
        try (var ids = pointDedup.range(unknown[miss++ & PartsInput.MASK], null)) {
            for (int i = 0; i < SWEEP_STEPS && ids.hasNext(); i++) {
                if (ids.next().value.isApplied()) {
                    expired++;
                }
            }
        }
        return expired;
    }

    /** The user's state from RocksDB (decoding included): the read when the record cache misses. */
    @Benchmark
    public OfferState stateGet() {
        return states.get(input.events[event++ & input.eventMask()].userId());
    }

    /** The user's new state to RocksDB (encoding included): once per user per commit with the cache. */
    @Benchmark
    public void statePut() {
        final int i = event++ & input.eventMask();
        if (input.after[i] != null) {
            states.put(input.after[i].userId(), input.after[i]);
        }
    }

    private RememberedEvent fetch(final String key) {
        try (WindowStoreIterator<RememberedEvent> found = dedup.fetch(key, now - retentionMs, now)) {
            return found.hasNext() ? found.next().value : null;
        }
    }

    @SuppressWarnings("unchecked")
    private static <S extends StateStore> S open(final StateStoreContext context, final String name) {
        final StoreBuilder<?> builder = new OfferEventProcessorSupplier(OffersDriver.config(Map.of()).dedupRetention(), PartsInput.MAX_OFFERS)
                .stores().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
        return init(context, (S) builder.withLoggingDisabled().withCachingDisabled().build());
    }

    private static <S extends StateStore> S init(final StateStoreContext context, final S store) {
        store.init(context, store);
        return store;
    }

    private static String uuid(final SplittableRandom random) {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }
}
