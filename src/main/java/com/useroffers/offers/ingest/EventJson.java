package com.useroffers.offers.ingest;

import com.useroffers.offers.ingest.v1.OfferEvent;
import java.nio.charset.StandardCharsets;

/**
 * A gRPC {@link OfferEvent} as the contract's event JSON: one flat object of string fields in the
 * canonical order ({@code eventId, userId, type, offerCode, occurredAt, expiresAt}), no whitespace.
 * The values are written as given (instants in the form the client sent, which the processor
 * normalizes); an empty string is an absent field, so it is left out and the reader names it
 * missing. Validation is the reader's job, not this class's: it only has to write valid JSON for any
 * string, control characters included, so that a bad value is refused for the rule it breaks.
 */
public final class EventJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EventJson() {
    }

    public static byte[] write(final OfferEvent event) {
        final StringBuilder json = new StringBuilder(192).append('{');
        field(json, "eventId", event.getEventId());
        field(json, "userId", event.getUserId());
        field(json, "type", event.getType());
        field(json, "offerCode", event.getOfferCode());
        field(json, "occurredAt", event.getOccurredAt());
        field(json, "expiresAt", event.getExpiresAt());
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(final StringBuilder json, final String name, final String value) {
        if (value.isEmpty()) {
            return;
        }
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
