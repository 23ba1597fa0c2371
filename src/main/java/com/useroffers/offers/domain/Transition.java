package com.useroffers.offers.domain;

import com.useroffers.offers.model.OfferState;
import java.util.Objects;

/** What the transition table makes of one event in the user's current state: applied, rejected, or over the limit. */
public sealed interface Transition {

    /**
     * The event is allowed.
     *
     * @param newState the user's whole new state, or {@code null} when no offer is left (a tombstone)
     */
    record Applied(OfferState newState) implements Transition {
    }

    /** The event is not allowed in the offer's current status; {@code reason} says why, for the dead letter. */
    record Rejected(String reason) implements Transition {

        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The event would give the user a new offer beyond {@code offers.state.max-offers}; {@code reason}
     * says so, for the dead letter. Kept apart from {@link Rejected}: the dead letter's reason differs
     * ({@code STATE_LIMIT}, not {@code INVALID_TRANSITION}).
     */
    record OverLimit(String reason) implements Transition {

        public OverLimit {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
