package com.useroffers.offers.model;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The whole offer state of one user: the value of {@code user-offer-state} and of the state store.
 *
 * @param version     events applied since the state was last empty (1 for the first)
 * @param updatedAt   the {@code occurredAt} of the last applied event (event time, never the wall clock)
 * @param lastEventId the id of that event
 * @param offers      never empty (an empty state is a tombstone), sorted by offer code
 */
public record OfferState(
        String userId,
        long version,
        Instant updatedAt,
        String lastEventId,
        SortedMap<String, Offer> offers) {

    public OfferState {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(lastEventId, "lastEventId");
        offers = Collections.unmodifiableSortedMap(new TreeMap<>(offers));
    }

    public Offer offer(final String offerCode) {
        return offers.get(offerCode);
    }
}
