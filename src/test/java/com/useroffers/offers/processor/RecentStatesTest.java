package com.useroffers.offers.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.model.Offer;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.model.OfferStatus;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The recent states: a bounded mirror of what the task wrote last, never more than its budget. */
class RecentStatesTest {

    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void shouldHoldTheStateLastWrittenAndForgetADeletedOne() {
        final RecentStates recent = new RecentStates(new HeapBudget(1 << 20));
        recent.written("u-1", state("u-1", 1));
        recent.written("u-1", state("u-1", 2));
        assertThat(recent.get("u-1").offers()).hasSize(2);

        recent.written("u-1", null);

        assertThat(recent.get("u-1")).isNull();
        assertThat(recent.size()).isZero();
    }

    @Test
    void shouldStayWithinTheBudgetLettingTheLeastRecentlyUsedGo() {
        // Room for three states of one offer each
        final HeapBudget budget = new HeapBudget(3 * RecentStates.size(state("u", 1)));
        final RecentStates recent = new RecentStates(budget);
        recent.written("u-1", state("u-1", 1));
        recent.written("u-2", state("u-2", 1));
        recent.written("u-3", state("u-3", 1));
        recent.get("u-1");

        recent.written("u-4", state("u-4", 1));

        assertThat(recent.get("u-2")).isNull();
        assertThat(recent.get("u-1")).isNotNull();
        assertThat(recent.get("u-3")).isNotNull();
        assertThat(recent.get("u-4")).isNotNull();
        assertThat(budget.used()).isEqualTo(3 * RecentStates.size(state("u", 1)));
    }

    @Test
    void shouldHoldNothingOfAStateLargerThanTheBudget() {
        final HeapBudget budget = new HeapBudget(RecentStates.size(state("u", 2)));
        final RecentStates recent = new RecentStates(budget);
        recent.written("u-1", state("u-1", 1));

        recent.written("u-2", state("u-2", 5));

        assertThat(recent.get("u-2")).isNull();
        assertThat(recent.get("u-1")).isNull();
        assertThat(budget.used()).isZero();
    }

    @Test
    void shouldGiveTheWholeBudgetBackWhenCleared() {
        final HeapBudget budget = new HeapBudget(1 << 20);
        final RecentStates one = new RecentStates(budget);
        final RecentStates other = new RecentStates(budget);
        one.written("u-1", state("u-1", 3));
        other.written("u-2", state("u-2", 1));

        one.clear();

        assertThat(one.get("u-1")).isNull();
        assertThat(budget.used()).isEqualTo(RecentStates.size(state("u-2", 1)));
        other.clear();
        assertThat(budget.used()).isZero();
    }

    private static OfferState state(final String userId, final int offers) {
        final SortedMap<String, Offer> held = new TreeMap<>();
        for (int i = 0; i < offers; i++) {
            held.put("O" + i, new Offer(OfferStatus.ASSIGNED, AT, null, null));
        }
        return new OfferState(userId, offers, AT, "e-" + offers, held);
    }
}
