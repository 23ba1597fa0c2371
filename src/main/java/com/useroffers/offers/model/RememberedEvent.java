package com.useroffers.offers.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the dedup store remembers of one event id (step 4): the fingerprint of the event first accepted
 * with that id, and what became of it. The outcome is what lets a redrive tell an id that changed a
 * user's state (a redrive of it is a duplicate) from one that was only dead-lettered (a redrive of it
 * is evaluated again).
 *
 * @param fingerprint the 32-byte fingerprint of the normalized event ({@code domain.Fingerprint})
 * @param outcome     what its last evaluation decided
 */
public record RememberedEvent(byte[] fingerprint, Outcome outcome) {

    /** What became of a remembered event. */
    public enum Outcome {
        /** It changed the user's state. */
        APPLIED,
        /** Dead-lettered with reason {@code INVALID_TRANSITION}: nothing changed. */
        INVALID_TRANSITION,
        /** Dead-lettered with reason {@code STATE_LIMIT}: nothing changed. */
        STATE_LIMIT;

        /** The outcome of a dead letter decided by the transition table. */
        public static Outcome rejected(final DeadLetterReason reason) {
            return switch (reason) {
                case INVALID_TRANSITION -> INVALID_TRANSITION;
                case STATE_LIMIT -> STATE_LIMIT;
                default -> throw new IllegalArgumentException(reason + " is not remembered");
            };
        }
    }

    public RememberedEvent {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(outcome, "outcome");
    }

    public boolean isApplied() {
        return outcome == Outcome.APPLIED;
    }

    /** Whether {@code other} is the fingerprint of the same normalized event. */
    public boolean sameEvent(final byte[] other) {
        return Arrays.equals(fingerprint, other);
    }

    /** By content (a record compares arrays by identity). */
    @Override
    public boolean equals(final Object other) {
        return other instanceof RememberedEvent that && outcome == that.outcome && Arrays.equals(fingerprint, that.fingerprint);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(fingerprint) + outcome.hashCode();
    }

    @Override
    public String toString() {
        return "RememberedEvent[" + outcome + ", " + java.util.HexFormat.of().formatHex(fingerprint) + "]";
    }
}
