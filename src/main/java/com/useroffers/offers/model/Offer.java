package com.useroffers.offers.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One offer of a user, as written in the state JSON.
 *
 * @param assignedAt the {@code occurredAt} of the assignment in force
 * @param expiresAt  from that assignment; {@code null} when it had none
 * @param redeemedAt only when {@link OfferStatus#REDEEMED}; otherwise {@code null}
 */
public record Offer(OfferStatus status, Instant assignedAt, Instant expiresAt, Instant redeemedAt) {

    public Offer {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(assignedAt, "assignedAt");
    }

    public static Offer assigned(final Instant assignedAt, final Instant expiresAt) {
        return new Offer(OfferStatus.ASSIGNED, assignedAt, expiresAt, null);
    }

    public Offer redeemed(final Instant redeemedAt) {
        return new Offer(OfferStatus.REDEEMED, assignedAt, expiresAt, redeemedAt);
    }

    /** Expired at {@code at} when it has an expiry that is not after {@code at}. */
    public boolean isExpiredAt(final Instant at) {
        return expiresAt != null && !expiresAt.isAfter(at);
    }
}
