package com.useroffers.offers.model;

/** Why an input record went to the dead-letter topic (header {@code offers.dlq.reason}). */
public enum DeadLetterReason {
    /** Not a strict UTF-8 JSON object within the size and nesting limits. */
    MALFORMED,
    /** A JSON object whose fields break a rule of the event format. */
    INVALID,
    /** The record key is not the UTF-8 bytes of {@code userId}. */
    KEY_MISMATCH,
    /** An event id seen before for this user, with a different fingerprint. */
    DUPLICATE_CONFLICT,
    /** The transition table does not allow the event in the offer's current status. */
    INVALID_TRANSITION,
    /** An assignment of a new offer code to a user who already holds {@code offers.state.max-offers} offers. */
    STATE_LIMIT,
    /** The record's content made the processing code throw. */
    PROCESSING_ERROR
}
