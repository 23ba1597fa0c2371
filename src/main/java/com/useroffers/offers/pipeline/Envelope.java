package com.useroffers.offers.pipeline;

import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.model.OfferEvent;
import java.util.Objects;

/**
 * An accepted event together with what a later dead letter needs: the original bytes and position.
 * This is the value of the repartition topic when the input is not keyed by user.
 */
public record Envelope(OfferEvent event, byte[] key, byte[] value, SourcePosition source) {

    public Envelope {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(source, "source");
    }

    public DeadLetter deadLetter(final DeadLetterReason reason, final String error) {
        return new DeadLetter(key, value, reason, error, source, event.eventId());
    }
}
