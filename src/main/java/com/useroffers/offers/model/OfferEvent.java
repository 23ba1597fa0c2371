package com.useroffers.offers.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A validated input event, with instants normalized to UTC.
 *
 * @param expiresAt only on {@link EventType#OFFER_ASSIGNED}; {@code null} when absent
 */
public record OfferEvent(
        String eventId,
        String userId,
        EventType type,
        String offerCode,
        Instant occurredAt,
        Instant expiresAt) {

    public OfferEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(offerCode, "offerCode");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
