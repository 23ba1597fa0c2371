package com.useroffers.offers.domain;

import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.model.OfferEvent;

/**
 * What {@link EventReader} makes of a value: an event, or the reason and cause it is not one.
 *
 * @param eventId the {@code eventId} when the value was a JSON object whose {@code eventId} obeys its rule
 */
public record ReadResult(OfferEvent event, DeadLetterReason failure, String error, String eventId) {

    static ReadResult ok(final OfferEvent event) {
        return new ReadResult(event, null, null, event.eventId());
    }

    static ReadResult malformed(final String error) {
        return new ReadResult(null, DeadLetterReason.MALFORMED, error, null);
    }

    static ReadResult invalid(final String error, final String eventId) {
        return new ReadResult(null, DeadLetterReason.INVALID, error, eventId);
    }

    public boolean isOk() {
        return event != null;
    }
}
