package com.useroffers.offers.domain;

import com.useroffers.offers.model.OfferState;

/**
 * The result of applying one event to a user's state: applied (with the new state, or {@code null}
 * when no offer is left) or rejected as an invalid transition (with the cause).
 */
public record Transition(boolean applied, OfferState newState, String rejection) {

    static Transition applied(final OfferState newState) {
        return new Transition(true, newState, null);
    }

    static Transition rejected(final String rejection) {
        return new Transition(false, null, rejection);
    }
}
