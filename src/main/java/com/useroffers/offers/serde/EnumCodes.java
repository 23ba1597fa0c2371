package com.useroffers.offers.serde;

import com.useroffers.offers.model.EventType;
import com.useroffers.offers.model.OfferStatus;
import com.useroffers.offers.model.RememberedEvent;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * The fixed code of each enum constant in the binary values. Codes are stated rather than taken from
 * the ordinal, so reordering or inserting a constant cannot change what stored bytes mean; each code
 * is stated once, in an exhaustive switch, so a new constant fails to compile here until it is given
 * a code, and the readers' tables are derived from those switches.
 */
final class EnumCodes {

    private static final EventType[] EVENT_TYPES = byCode(EventType.values(), EnumCodes::code);
    private static final OfferStatus[] OFFER_STATUSES = byCode(OfferStatus.values(), EnumCodes::code);
    private static final RememberedEvent.Outcome[] OUTCOMES =
            byCode(RememberedEvent.Outcome.values(), EnumCodes::code);

    private EnumCodes() {
    }

    static int code(final EventType type) {
        return switch (type) {
            case OFFER_ASSIGNED -> 0;
            case OFFER_REDEEMED -> 1;
            case OFFER_REVOKED -> 2;
        };
    }

    static int code(final OfferStatus status) {
        return switch (status) {
            case ASSIGNED -> 0;
            case REDEEMED -> 1;
        };
    }

    static int code(final RememberedEvent.Outcome outcome) {
        return switch (outcome) {
            case APPLIED -> 0;
            case INVALID_TRANSITION -> 1;
            case STATE_LIMIT -> 2;
        };
    }

    static EventType eventType(final int code) throws IOException {
        return decode(EVENT_TYPES, code, "event type");
    }

    static OfferStatus offerStatus(final int code) throws IOException {
        return decode(OFFER_STATUSES, code, "offer status");
    }

    static RememberedEvent.Outcome outcome(final int code) throws IOException {
        return decode(OUTCOMES, code, "remembered outcome");
    }

    private static <E> E decode(final E[] byCode, final int code, final String what) throws IOException {
        if (code < 0 || code >= byCode.length || byCode[code] == null) {
            throw new IOException("unknown " + what + " code " + code);
        }
        return byCode[code];
    }

    /** The constants indexed by their code; two constants given one code fail the class's initialisation. */
    private static <E> E[] byCode(final E[] values, final ToIntFunction<E> code) {
        final int size = Arrays.stream(values).mapToInt(code).max().orElse(-1) + 1;
        final E[] table = Arrays.copyOf(values, size);
        Arrays.fill(table, null);
        for (final E value : values) {
            final int c = code.applyAsInt(value);
            if (table[c] != null) {
                throw new IllegalStateException(value + " and " + table[c] + " share the code " + c);
            }
            table[c] = value;
        }
        return table;
    }
}
