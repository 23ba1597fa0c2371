package com.useroffers.offers.processor;

import com.useroffers.offers.model.OfferState;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decoded states of the users a task wrote last, so that the next event of an active user does not
 * decode the user's whole state again: the state store keeps bytes (its record cache too), and its
 * {@code get} decodes every offer on every event (a tenth of the stream thread at ~8 offers per user).
 *
 * <p>A mirror only, never the truth: a state enters it after the store has taken it, a deleted state
 * leaves it, and nothing else writes the store. A miss reads the store. It lives and dies with the
 * processor's {@code init} and {@code close}, so after a crash, a rebalance, a standby taking over or an
 * aborted transaction (Kafka Streams initializes the processor again after restoring the store) it starts
 * empty and fills from the store.
 *
 * <p>Bounded: least recently used first out, within a heap budget shared by the instance's tasks and
 * charged by an estimate of each state's size; a task the budget cannot take simply holds nothing.
 */
final class RecentStates {

    /** Per state and per offer, a generous estimate of the heap a decoded state takes (objects, strings, instants). */
    static final int STATE_BYTES = 256;
    static final int OFFER_BYTES = 256;

    private final HeapBudget budget;
    private final LinkedHashMap<String, OfferState> states = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    RecentStates(final HeapBudget budget) {
        this.budget = budget;
    }

    /** The user's state as last written by this task; {@code null}: not held here (read the store). */
    OfferState get(final String userId) {
        return states.get(userId);
    }

    /** Call after the store has taken {@code state} ({@code null}: deleted). */
    void written(final String userId, final OfferState state) {
        final OfferState before = state == null ? states.remove(userId) : states.put(userId, state);
        if (before != null) {
            give(size(before));
        }
        if (state == null) {
            return;
        }
        final long size = size(state);
        while (!budget.take(size)) {
            if (!evictEldestBut(userId)) {
                states.remove(userId);
                return;
            }
        }
        bytes += size;
    }

    /** Gives the whole budget back: at close, and before a new start. */
    void clear() {
        budget.give(bytes);
        bytes = 0;
        states.clear();
    }

    int size() {
        return states.size();
    }

    private boolean evictEldestBut(final String userId) {
        final Iterator<Map.Entry<String, OfferState>> eldest = states.entrySet().iterator();
        while (eldest.hasNext()) {
            final Map.Entry<String, OfferState> entry = eldest.next();
            if (!entry.getKey().equals(userId)) {
                give(size(entry.getValue()));
                eldest.remove();
                return true;
            }
        }
        return false;
    }

    private void give(final long size) {
        budget.give(size);
        bytes -= size;
    }

    static long size(final OfferState state) {
        return STATE_BYTES + (long) OFFER_BYTES * state.offers().size();
    }
}
