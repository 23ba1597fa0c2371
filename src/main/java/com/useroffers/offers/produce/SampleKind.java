package com.useroffers.offers.produce;

import com.useroffers.offers.model.DeadLetterReason;

/** What a sample record is, and so what the application must make of it. */
public enum SampleKind {
    /** A valid event that fits the user's offers: one record in the state topic. */
    VALID(null),
    /** A valid event's exact duplicate, maybe re-serialized (field order, a {@code +02:00} offset): dropped. */
    DUPLICATE(null),
    /** Not one strict JSON object: a dead letter. */
    MALFORMED(DeadLetterReason.MALFORMED),
    /** A JSON object that breaks a field rule: a dead letter. */
    INVALID(DeadLetterReason.INVALID),
    /** A valid event whose key is not its {@code userId}: a dead letter. */
    KEY_MISMATCH(DeadLetterReason.KEY_MISMATCH),
    /** An earlier event's id with other content: a dead letter. */
    DUPLICATE_CONFLICT(DeadLetterReason.DUPLICATE_CONFLICT),
    /** A valid event that the user's offers do not allow: a dead letter. */
    INVALID_TRANSITION(DeadLetterReason.INVALID_TRANSITION);

    private final DeadLetterReason deadLetterReason;

    SampleKind(final DeadLetterReason deadLetterReason) {
        this.deadLetterReason = deadLetterReason;
    }

    /** The reason the record is dead-lettered with, or {@code null} when it is not a dead letter. */
    public DeadLetterReason deadLetterReason() {
        return deadLetterReason;
    }

    /** The bad kinds, which share the {@code invalid} ratio equally. */
    static final SampleKind[] BAD = {MALFORMED, INVALID, KEY_MISMATCH, DUPLICATE_CONFLICT, INVALID_TRANSITION};
}
