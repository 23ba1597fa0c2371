package com.useroffers.offers.model;

/** Where one offer of a user stands; an offer that is neither is absent from the state. */
public enum OfferStatus {
    ASSIGNED,
    REDEEMED
}
