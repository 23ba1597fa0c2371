package com.useroffers.offers.model;

/** The three kinds of offer event a producer may write. */
public enum EventType {
    OFFER_ASSIGNED,
    OFFER_REDEEMED,
    OFFER_REVOKED
}
