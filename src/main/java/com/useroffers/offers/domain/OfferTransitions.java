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
 *
 * <p>And a user holds at most {@code maxOffers} offers: an assignment of a code the user does not hold
 * yet, when the user already holds that many, is over the limit and changes nothing. (A state written
 * under a higher limit may hold more: it keeps them, and only a new code is refused.)
 */
public final class OfferTransitions {

    private OfferTransitions() {
    }

    /**
     * @param current   the user's state, or {@code null} when the user has none
     * @param maxOffers the most offers a user may hold ({@code offers.state.max-offers}), at least 1
     */
    public static Transition apply(final OfferState current, final OfferEvent event, final int maxOffers) {
        final Offer offer = current == null ? null : current.offer(event.offerCode());
        final SortedMap<String, Offer> offers = current == null ? new TreeMap<>() : new TreeMap<>(current.offers());
        final OfferStatus status = offer == null ? null : offer.status();
        switch (event.type()) {
            case OFFER_ASSIGNED -> {
                if (status == OfferStatus.REDEEMED) {
                    return rejected(event, "it is already REDEEMED");
                }
                if (status == null && offers.size() >= maxOffers) {
                    return new Transition.OverLimit(event.type() + " of offer " + event.offerCode()
                            + " rejected: the user already holds " + offers.size() + " offers, the limit (offers.state.max-offers) is "
                            + maxOffers);
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
