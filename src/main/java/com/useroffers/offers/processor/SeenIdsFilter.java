package com.useroffers.offers.processor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;

/**
 * What the dedup store certainly does not hold, answered from memory: Bloom filters over the ids in the
 * store, one group per stretch of stream time. Most events carry a new id, and for a new id the store's
 * window fetch (a range seek in every segment of the retention) is the largest part of the application's
 * own CPU per event (BENCHMARKS.md, "Where one event's CPU goes"); the filter answers it with a few memory
 * reads instead.
 *
 * <p>The store stays the only truth. "Maybe" is answered by the fetch, so a false positive (about 1%)
 * costs the fetch that would have been made anyway. "Absent" must never be said of an id the store
 * holds within the retention, so the filter is filled from the whole store when the task starts (after
 * restoration: after a crash, a rebalance or a move from another instance) and told of every id
 * remembered since; it lives and dies with one task's processor.
 *
 * <p>Memory: {@value #BITS_PER_ID} bits per id. Ids are grouped by the stream time they were remembered
 * at, in stretches of half the retention, so a stretch whose ids have all left the retention is dropped
 * whole, as the store drops its segments. The filters of all tasks of an instance share one {@link Memory}
 * budget; a filter the budget cannot take leaves its stretch blind: lookups answer "maybe" (a fetch, as
 * without the filter) until that stretch has expired.
 */
public final class SeenIdsFilter {

    /** 10 bits and 7 probes per id: a false positive rate of about 1% at full capacity. */
    static final int BITS_PER_ID = 10;
    static final int PROBES = 7;
    /** The first filter of a stretch with no history: 64 Ki ids, 80 KiB. */
    static final int MIN_CAPACITY = 1 << 16;
    /** Each further filter of a stretch that outgrew its filters is twice the size of the last. */
    static final int GROWTH = 2;
    /** Room left in a filter sized from a count (at start-up, or from the previous stretch). */
    static final double HEADROOM = 1.25;

    private final long retentionMs;
    private final long stretchMs;
    private final Memory memory;
    /** Key: stretch number ({@code floorDiv(rememberedAt, stretchMs)}). */
    private final TreeMap<Long, Stretch> stretches = new TreeMap<>();
    /** The latest stretch in which an id was not recorded (the budget was full), {@code Long.MIN_VALUE} if none. */
    private long blindThrough = Long.MIN_VALUE;
    private long bytes;
    private long ids;

    /**
     * @param retentionMs how long the store finds an id after it was remembered, in stream time
     * @param memory      the budget this filter shares with the other tasks' filters
     */
    public SeenIdsFilter(final long retentionMs, final Memory memory) {
        this.retentionMs = retentionMs;
        this.stretchMs = Math.max(1, retentionMs / 2);
        this.memory = memory;
    }

    /** Records an id remembered at stream time {@code rememberedAt}. */
    public void add(final String dedupKey, final long rememberedAt) {
        final long number = Math.floorDiv(rememberedAt, stretchMs);
        Stretch stretch = stretches.get(number);
        if (stretch == null) {
            final Map.Entry<Long, Stretch> previous = stretches.lowerEntry(number);
            stretch = new Stretch();
            stretches.put(number, stretch);
            grow(stretch, previous == null ? MIN_CAPACITY : (long) (previous.getValue().ids * HEADROOM));
        } else if (!stretch.blind && stretch.last().full()) {
            grow(stretch, stretch.last().capacity * GROWTH);
        }
        if (stretch.blind) {
            blindThrough = Math.max(blindThrough, number);
            return;
        }
        stretch.last().add(hash(dedupKey));
        stretch.ids++;
        ids++;
    }

    /**
     * {@code false} only if no id {@code dedupKey} was recorded at a stream time in
     * {@code [now - retention, now]}. Forgets the stretches that fell out of the retention.
     */
    public boolean mightContain(final String dedupKey, final long now) {
        final long oldest = Math.floorDiv(now - retentionMs, stretchMs);
        expireBefore(oldest);
        if (blindThrough >= oldest) {
            return true;
        }
        final long hash = hash(dedupKey);
        for (final Stretch stretch : stretches.values()) {
            for (final Bloom bloom : stretch.blooms) {
                if (bloom.mightContain(hash)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Ids recorded and not yet expired. */
    public long ids() {
        return ids;
    }

    /** Memory the filters take. */
    public long bytes() {
        return bytes;
    }

    /** Whether some lookups answer "maybe" for want of memory (see the class comment). */
    public boolean blind() {
        return blindThrough != Long.MIN_VALUE;
    }

    /**
     * Fills a filter from every id of a store at once, each stretch sized to its count (rather than grown
     * filter by filter, which would leave a lookup several filters to probe).
     */
    public static SeenIdsFilter load(final long retentionMs, final Memory memory, final Iterable<Remembered> remembered) {
        final SeenIdsFilter filter = new SeenIdsFilter(retentionMs, memory);
        final TreeMap<Long, Hashes> byStretch = new TreeMap<>();
        for (final Remembered id : remembered) {
            byStretch.computeIfAbsent(Math.floorDiv(id.rememberedAt(), filter.stretchMs), number -> new Hashes())
                    .add(hash(id.dedupKey()));
        }
        for (final Map.Entry<Long, Hashes> entry : byStretch.entrySet()) {
            final Stretch stretch = new Stretch();
            filter.stretches.put(entry.getKey(), stretch);
            final Hashes hashes = entry.getValue();
            filter.grow(stretch, (long) (hashes.size * HEADROOM));
            if (stretch.blind) {
                filter.blindThrough = Math.max(filter.blindThrough, entry.getKey());
                continue;
            }
            for (int i = 0; i < hashes.size; i++) {
                stretch.last().add(hashes.values[i]);
            }
            stretch.ids = hashes.size;
            filter.ids += hashes.size;
        }
        return filter;
    }

    /** Every id of a dedup store (its whole content: a task's start, after restoration). */
    public static SeenIdsFilter load(final long retentionMs, final Memory memory, final WindowStore<String, ?> store) {
        return load(retentionMs, memory, store, () -> false);
    }

    /** The same, ending early with the ids scanned so far once {@code stop} says so (the task is closing). */
    public static SeenIdsFilter load(final long retentionMs, final Memory memory, final WindowStore<String, ?> store,
                                     final BooleanSupplier stop) {
        try (KeyValueIterator<Windowed<String>, ?> all = store.all()) {
            return load(retentionMs, memory, () -> new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return !stop.getAsBoolean() && all.hasNext();
                }

                @Override
                public Remembered next() {
                    final Windowed<String> key = all.next().key;
                    return new Remembered(key.key(), key.window().start());
                }
            });
        }
    }

    /**
     * The memory the filters of one instance's tasks may take together, taken and given back as filters come
     * and go; and the one permit to fill a filter from a store ({@link SeenIds}), so that an instance starting
     * many tasks scans one store at a time and leaves the other cores to the stream threads.
     */
    public static final class Memory {

        private final long maxBytes;
        private final AtomicLong used = new AtomicLong();
        final Semaphore scans = new Semaphore(1);

        public Memory(final long maxBytes) {
            this.maxBytes = maxBytes;
        }

        boolean take(final long bytes) {
            final long after = used.addAndGet(bytes);
            if (after > maxBytes) {
                used.addAndGet(-bytes);
                return false;
            }
            return true;
        }

        void give(final long bytes) {
            used.addAndGet(-bytes);
        }

        public long used() {
            return used.get();
        }
    }

    /** One id of the store: its key and the stream time it was remembered at. */
    public record Remembered(String dedupKey, long rememberedAt) {
    }

    /**
     * Gives the stretch a new, empty last filter; if the budget cannot take it, the stretch goes blind
     * instead: its filters are freed and every lookup answers "maybe" until it expires.
     */
    private void grow(final Stretch stretch, final long capacity) {
        final long wanted = Math.max(MIN_CAPACITY, capacity);
        final long size = Bloom.bytesFor(wanted);
        if (wanted > Bloom.MAX_CAPACITY || !memory.take(size)) {
            stretch.blind = true;
            ids -= stretch.ids;
            stretch.ids = 0;
            free(stretch);
            return;
        }
        stretch.blooms.add(new Bloom(wanted));
        bytes += size;
    }

    private void free(final Stretch stretch) {
        for (final Bloom bloom : stretch.blooms) {
            bytes -= bloom.bytes();
            memory.give(bloom.bytes());
        }
        stretch.blooms.clear();
    }

    /** Gives all its memory back to the budget: the task's processor is closing. */
    public void release() {
        for (final Stretch stretch : stretches.values()) {
            free(stretch);
        }
        stretches.clear();
        ids = 0;
        blindThrough = Long.MIN_VALUE;
    }

    private void expireBefore(final long oldest) {
        while (!stretches.isEmpty() && stretches.firstKey() < oldest) {
            final Stretch gone = stretches.pollFirstEntry().getValue();
            ids -= gone.ids;
            free(gone);
        }
        if (blindThrough < oldest) {
            blindThrough = Long.MIN_VALUE;
        }
    }

    /**
     * 64 bits of the key's characters: a multiply per character, then MurmurHash3's finalizer. Not
     * cryptographic: crafted ids that collide only cost the fetch a "maybe" leads to.
     */
    static long hash(final String key) {
        long h = 0x9E3779B97F4A7C15L ^ key.length();
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0xBF58476D1CE4E5B9L;
        }
        return mix(h);
    }

    private static long mix(final long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** The filters of one stretch of stream time; a stretch that could not get one is blind (never probed, never trusted). */
    private static final class Stretch {
        final List<Bloom> blooms = new ArrayList<>(1);
        long ids;
        boolean blind;

        Bloom last() {
            return blooms.get(blooms.size() - 1);
        }
    }

    /** A plain Bloom filter over 64-bit hashes, probed by double hashing (Kirsch and Mitzenmacher). */
    private static final class Bloom {

        /** Keeps the bit count within an int-indexed long array. */
        static final long MAX_CAPACITY = (Integer.MAX_VALUE * 64L) / BITS_PER_ID;

        final long[] words;
        final long bitCount;
        final long capacity;
        long count;

        Bloom(final long capacity) {
            this.capacity = capacity;
            this.words = new long[(int) (bitsFor(capacity) / 64)];
            this.bitCount = words.length * 64L;
        }

        static long bitsFor(final long capacity) {
            return Math.max(64, (capacity * BITS_PER_ID + 63) / 64 * 64);
        }

        static long bytesFor(final long capacity) {
            return bitsFor(capacity) / 8;
        }

        long bytes() {
            return words.length * 8L;
        }

        boolean full() {
            return count >= capacity;
        }

        void add(final long hash) {
            long probe = hash;
            final long step = step(hash);
            for (int i = 0; i < PROBES; i++) {
                final long bit = (probe & Long.MAX_VALUE) % bitCount;
                words[(int) (bit >>> 6)] |= 1L << bit;
                probe += step;
            }
            count++;
        }

        boolean mightContain(final long hash) {
            long probe = hash;
            final long step = step(hash);
            for (int i = 0; i < PROBES; i++) {
                final long bit = (probe & Long.MAX_VALUE) % bitCount;
                if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                    return false;
                }
                probe += step;
            }
            return true;
        }

        /** The second hash, from the first: one 64-bit hash gives all probes. */
        private static long step(final long hash) {
            return mix(hash ^ 0x94D049BB133111EBL) | 1;
        }
    }

    /** A growable array of hashes, for {@link #load}. */
    private static final class Hashes {
        long[] values = new long[1024];
        int size;

        void add(final long hash) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = hash;
        }
    }
}
