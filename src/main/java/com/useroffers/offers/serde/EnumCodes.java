package com.useroffers.offers.serde;

import com.useroffers.offers.model.EventType;
import com.useroffers.offers.model.OfferStatus;
import com.useroffers.offers.model.RememberedEvent;
import java.io.IOException;

/**
 * The fixed code of each enum constant in the binary values. Written codes are a table rather than
 * the ordinal, so reordering or inserting a constant cannot change what stored bytes mean; a new
 * constant fails to compile here until it is given a new code. The codes are what format 1 wrote
 * (the stored state's status byte, the repartition value's ordinal), so one table reads every format.
 */
final class EnumCodes {

    private EnumCodes() {
    }

    static int code(final EventType type) {
        return switch (type) {
            case OFFER_ASSIGNED -> 0;
            case OFFER_REDEEMED -> 1;
            case OFFER_REVOKED -> 2;
        };
    }

    static EventType eventType(final int code) throws IOException {
        return switch (code) {
            case 0 -> EventType.OFFER_ASSIGNED;
            case 1 -> EventType.OFFER_REDEEMED;
            case 2 -> EventType.OFFER_REVOKED;
            default -> throw new IOException("unknown event type code " + code);
        };
    }

    static int code(final OfferStatus status) {
        return switch (status) {
            case ASSIGNED -> 0;
            case REDEEMED -> 1;
        };
    }

    static OfferStatus offerStatus(final int code) throws IOException {
        return switch (code) {
            case 0 -> OfferStatus.ASSIGNED;
            case 1 -> OfferStatus.REDEEMED;
            default -> throw new IOException("unknown offer status code " + code);
        };
    }

    static int code(final RememberedEvent.Outcome outcome) {
        return switch (outcome) {
            case APPLIED -> 0;
            case INVALID_TRANSITION -> 1;
            case STATE_LIMIT -> 2;
        };
    }

    static RememberedEvent.Outcome outcome(final int code) throws IOException {
        return switch (code) {
            case 0 -> RememberedEvent.Outcome.APPLIED;
            case 1 -> RememberedEvent.Outcome.INVALID_TRANSITION;
            case 2 -> RememberedEvent.Outcome.STATE_LIMIT;
            default -> throw new IOException("unknown remembered outcome code " + code);
        };
    }
}
