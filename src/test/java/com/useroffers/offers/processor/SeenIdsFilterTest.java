package com.useroffers.offers.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The one promise the dedup filter must keep, that it never says "absent" of an id remembered within
 * the retention (whether recorded one by one, loaded from a store, or past its memory budget), and the
 * two that make it worth having: most new ids are answered "absent", and memory is given back as stream
 * time moves on.
 */
class SeenIdsFilterTest {

    private static final long HOUR = 3_600_000L;
    private static final long RETENTION = 7 * 24 * HOUR;
    private static final long START = 1_800_000_000_000L;

    @Test
    void shouldNeverSayAbsentOfAnIdRememberedWithinTheRetention() {
        // Given: 200,000 ids remembered over two retentions of stream time
        final SeenIdsFilter filter = new SeenIdsFilter(RETENTION, new SeenIdsFilter.Memory(64L << 20));
        final List<String> ids = ids(200_000, 1);
        final long step = 2 * RETENTION / ids.size();

        // When / Then: each one is found at once and by every later lookup while it is within the retention
        for (int i = 0; i < ids.size(); i++) {
            final long now = START + i * step;
            filter.add(ids.get(i), now);
            assertThat(filter.mightContain(ids.get(i), now)).isTrue();
            final int earlier = (int) Math.max(0, i - RETENTION / step);
            assertThat(filter.mightContain(ids.get(earlier), now)).as("id %d at step %d", earlier, i).isTrue();
        }
    }

    @Test
    void shouldSayAbsentOfMostNewIds() {
        // Given
        final SeenIdsFilter filter = new SeenIdsFilter(RETENTION, new SeenIdsFilter.Memory(64L << 20));
        for (final String id : ids(300_000, 2)) {
            filter.add(id, START);
        }

        // When
        final long falsePositives = ids(100_000, 3).stream().filter(id -> filter.mightContain(id, START)).count();

        // Then: about 1% at capacity (10 bits per id); the bound leaves room for the grown filters
        assertThat(falsePositives).isLessThan(3_000);
    }

    @Test
    void shouldFindEveryIdOfAStoreItWasLoadedFrom() {
        // Given: a store's ids, over the retention and beyond it
        final List<String> ids = ids(100_000, 4);
        final List<SeenIdsFilter.Remembered> remembered = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            remembered.add(new SeenIdsFilter.Remembered(ids.get(i), START + i * (RETENTION / 50_000)));
        }
        final long now = START + 2 * RETENTION;

        // When
        final SeenIdsFilter filter = SeenIdsFilter.load(RETENTION, new SeenIdsFilter.Memory(64L << 20), remembered);

        // Then: every id within the retention is found; new ones mostly are not
        for (final SeenIdsFilter.Remembered id : remembered) {
            if (id.rememberedAt() >= now - RETENTION) {
                assertThat(filter.mightContain(id.dedupKey(), now)).isTrue();
            }
        }
        assertThat(ids(10_000, 5).stream().filter(id -> filter.mightContain(id, now)).count()).isLessThan(300);
    }

    @Test
    void shouldGiveMemoryBackAsStretchesLeaveTheRetentionAndWhenReleased() {
        // Given
        final SeenIdsFilter.Memory memory = new SeenIdsFilter.Memory(64L << 20);
        final SeenIdsFilter filter = new SeenIdsFilter(RETENTION, memory);
        ids(100_000, 6).forEach(id -> filter.add(id, START));
        final long used = memory.used();
        assertThat(used).isPositive();
        assertThat(filter.ids()).isEqualTo(100_000);

        // When: stream time moves two retentions on, and one new id is remembered
        final long later = START + 2 * RETENTION;
        assertThat(filter.mightContain("u-1\u0000new", later)).isFalse();
        filter.add("u-1\u0000new", later);

        // Then: the old stretch is gone; releasing gives back the rest
        assertThat(filter.ids()).isEqualTo(1);
        assertThat(memory.used()).isLessThan(used);
        filter.release();
        assertThat(memory.used()).isZero();
    }

    @Test
    void shouldSayMaybeOfEveryIdWhileTheBudgetCannotHoldThemAndRecoverOnceTheyExpire() {
        // Given: a budget for one small filter, shared by two tasks' filters
        final SeenIdsFilter.Memory memory = new SeenIdsFilter.Memory(SeenIdsFilter.MIN_CAPACITY * SeenIdsFilter.BITS_PER_ID / 8);
        final SeenIdsFilter first = new SeenIdsFilter(RETENTION, memory);
        final SeenIdsFilter second = new SeenIdsFilter(RETENTION, memory);
        first.add("u-1\u0000a", START);

        // When: the second task cannot get a filter, then outgrows nothing; the first outgrows its own
        second.add("u-2\u0000b", START);
        final List<String> many = ids(SeenIdsFilter.MIN_CAPACITY + 10, 7);
        many.forEach(id -> first.add(id, START));

        // Then: both answer "maybe" for every id, remembered or not
        assertThat(second.blind()).isTrue();
        assertThat(second.mightContain("u-2\u0000b", START)).isTrue();
        assertThat(second.mightContain("u-9\u0000never", START)).isTrue();
        assertThat(first.blind()).isTrue();
        assertThat(many).allMatch(id -> first.mightContain(id, START));
        assertThat(first.mightContain("u-9\u0000never", START)).isTrue();

        // And: once those stretches leave the retention, the filters answer again, from new filters
        final long later = START + 2 * RETENTION;
        assertThat(first.mightContain("u-9\u0000never", later)).isFalse();
        assertThat(first.blind()).isFalse();
        first.add("u-1\u0000c", later);
        assertThat(first.mightContain("u-1\u0000c", later)).isTrue();
    }

    private static List<String> ids(final int count, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add("user-" + random.nextInt(10_000) + '\u0000' + new UUID(random.nextLong(), random.nextLong()));
        }
        return ids;
    }
}
