package com.useroffers.offers.domain;

import com.useroffers.offers.model.OfferState;
import java.util.Objects;

/** What the transition table makes of one event in the user's current state: applied or rejected. */
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
}
