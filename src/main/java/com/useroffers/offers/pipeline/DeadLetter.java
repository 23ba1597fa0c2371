package com.useroffers.offers.pipeline;

import com.useroffers.offers.model.DeadLetterReason;
import java.util.Objects;

/**
 * A record on its way to the dead-letter topic: the original key and value bytes and why it failed.
 *
 * @param key     the original key bytes, {@code null} when the record had none
 * @param value   the original value bytes, {@code null} when the record had none
 * @param eventId the event id when the value was a JSON object with a valid {@code eventId}, else {@code null}
 */
public record DeadLetter(
        byte[] key,
        byte[] value,
        DeadLetterReason reason,
        String error,
        SourcePosition source,
        String eventId) {

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(source, "source");
    }
}
