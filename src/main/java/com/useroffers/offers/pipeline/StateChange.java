package com.useroffers.offers.pipeline;

import com.useroffers.offers.model.OfferState;

/**
 * The user's new state after an applied event.
 *
 * @param state the whole new state, or {@code null} when the user has no offers left (a tombstone)
 */
public record StateChange(String userId, OfferState state) {
}
