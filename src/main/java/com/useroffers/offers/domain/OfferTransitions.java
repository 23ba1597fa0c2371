package com.useroffers.offers.domain;

import com.useroffers.offers.model.Offer;
import com.useroffers.offers.model.OfferEvent;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.model.OfferStatus;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The contract's transition table (step 5): a pure function from (state, event) to the new state.
 *
 * <pre>
 * event            | absent             | ASSIGNED                                  | REDEEMED
 * OFFER_ASSIGNED   | becomes ASSIGNED   | stays ASSIGNED, assignedAt/expiresAt new   | invalid
 * OFFER_REDEEMED   | invalid            | becomes REDEEMED unless expired: invalid   | invalid
 * OFFER_REVOKED    | invalid            | removed                                    | invalid
 * </pre>
 */
public final class OfferTransitions {

    private OfferTransitions() {
    }

    /**
     * @param current the user's state, or {@code null} when the user has none
     */
    public static Transition apply(final OfferState current, final OfferEvent event) {
        final Offer offer = current == null ? null : current.offer(event.offerCode());
        final SortedMap<String, Offer> offers = current == null ? new TreeMap<>() : new TreeMap<>(current.offers());
        final OfferStatus status = offer == null ? null : offer.status();
        switch (event.type()) {
            case OFFER_ASSIGNED -> {
                if (status == OfferStatus.REDEEMED) {
                    return rejected(event, "it is already REDEEMED");
                }
                offers.put(event.offerCode(), Offer.assigned(event.occurredAt(), event.expiresAt()));
            }
            case OFFER_REDEEMED -> {
                if (status != OfferStatus.ASSIGNED) {
                    return rejected(event, status == null ? "it is not assigned" : "it is already REDEEMED");
                }
                if (offer.isExpiredAt(event.occurredAt())) {
                    return rejected(event, "it expired at " + offer.expiresAt());
                }
                offers.put(event.offerCode(), offer.redeemed(event.occurredAt()));
            }
            case OFFER_REVOKED -> {
                if (status != OfferStatus.ASSIGNED) {
                    return rejected(event, status == null ? "it is not assigned" : "it is already REDEEMED");
                }
                offers.remove(event.offerCode());
            }
            default -> throw new IllegalStateException("unknown event type " + event.type());
        }
        if (offers.isEmpty()) {
            return new Transition.Applied(null);
        }
        final long version = current == null ? 1 : current.version() + 1;
        return new Transition.Applied(new OfferState(event.userId(), version, event.occurredAt(), event.eventId(), offers));
    }

    private static Transition rejected(final OfferEvent event, final String why) {
        return new Transition.Rejected(event.type() + " of offer " + event.offerCode() + " rejected: " + why);
    }
}
