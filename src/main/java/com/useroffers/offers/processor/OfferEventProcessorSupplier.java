package com.useroffers.offers.processor;

import com.useroffers.offers.pipeline.Envelope;
import com.useroffers.offers.pipeline.Result;
import com.useroffers.offers.pipeline.StateChange;
import com.useroffers.offers.serde.RememberedEventSerde;
import com.useroffers.offers.serde.StoredStateSerde;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Supplies {@link OfferEventProcessor} and declares the two stores it owns. The store names are part of
 * the application's persistent identity: each store's changelog topic is
 * {@code <application.id>-<store name>-changelog}, so renaming one orphans its state (change them only
 * together with a reset).
 */
public final class OfferEventProcessorSupplier implements ProcessorSupplier<String, Envelope, String, Result<StateChange>> {

    /**
     * Key: {@code userId}; value: the user's {@code OfferState} in the binary form of
     * {@link StoredStateSerde}. Changelog {@code <app>-offers-state-store-changelog}.
     */
    public static final String STATE_STORE = "offers-state-store";
    /**
     * Window store. Key: {@code userId + U+0000 + eventId}; value: the event's 32-byte fingerprint and
     * its outcome, applied or only dead-lettered ({@link RememberedEventSerde}); window start: the stream
     * time at which the id was last evaluated (first seen, or evaluated again by a redrive). Changelog
     * {@code <app>-offers-dedup-store-changelog}.
     */
    public static final String DEDUP_STORE = "offers-dedup-store";

    /**
     * What the dedup filters of all tasks of one instance may take of the heap together: 64 MiB, ~53 million
     * ids within the retention (10 bits each). Beyond it lookups fall back to the store's fetch, which
     * is correct, only slower; a warning says so.
     */
    public static final long DEDUP_FILTER_MEMORY = 64L << 20;

    private final Duration dedupRetention;
    private final int maxOffers;
    /** One budget per topology, so per instance: the supplier is shared by the instance's tasks. */
    private final SeenIdsFilter.Memory filterMemory = new SeenIdsFilter.Memory(DEDUP_FILTER_MEMORY);

    /**
     * @param dedupRetention how long an event id is remembered ({@code offers.dedup.retention})
     * @param maxOffers      the most offers a user may hold ({@code offers.state.max-offers})
     */
    public OfferEventProcessorSupplier(final Duration dedupRetention, final int maxOffers) {
        this.dedupRetention = dedupRetention;
        this.maxOffers = maxOffers;
    }

    @Override
    public Processor<String, Envelope, String, Result<StateChange>> get() {
        return new OfferEventProcessor(dedupRetention.toMillis(), maxOffers, filterMemory);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(stateStore(), dedupStore());
    }

    /**
     * Values in a compact binary form, not the output's JSON (see {@link StoredStateSerde}). Cached
     * (Kafka's default is off for a builder): a user's state is read back from the record cache rather
     * than RocksDB, and several events of one user within a commit interval reach RocksDB and the
     * changelog once, at the commit. The output is unaffected: the processor forwards every change itself.
     */
    private static StoreBuilder<?> stateStore() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), new StoredStateSerde())
                .withCachingEnabled();
    }

    /**
     * A window store, because expiry then needs no delete per id: whole segments are dropped as stream
     * time passes, and storage is bounded by the ids seen within the retention. One extra millisecond so
     * an id is still found exactly {@code retention} after it was remembered ("at least" the retention).
     */
    private StoreBuilder<?> dedupStore() {
        final Duration storeRetention = dedupRetention.plusMillis(1);
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DEDUP_STORE, storeRetention, Duration.ofMillis(1), false),
                Serdes.String(), new RememberedEventSerde());
    }
}
