package com.useroffers.offers.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.useroffers.offers.ingest.v1.OfferEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A gRPC {@link OfferEvent} as the contract's event JSON: one flat object of string fields in the
 * canonical order ({@code eventId, userId, type, offerCode, occurredAt, expiresAt}), no whitespace.
 * The values are written as given (instants in the form the client sent, which the processor
 * normalizes); an empty string is an absent field, so it is left out and the reader names it
 * missing. Validation is the reader's job, not this class's: it only has to write valid JSON for any
 * string, control characters included, so that a bad value is refused for the rule it breaks; Jackson
 * writes it (off the processor's hot path: one object per ingest call).
 */
public final class EventJson {

    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {
    }

    public static byte[] write(final OfferEvent event) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(192);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            field(json, "eventId", event.getEventId());
            field(json, "userId", event.getUserId());
            field(json, "type", event.getType());
            field(json, "offerCode", event.getOfferCode());
            field(json, "occurredAt", event.getOccurredAt());
            field(json, "expiresAt", event.getExpiresAt());
            json.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e); // writing into memory: not expected
        }
        return out.toByteArray();
    }

    private static void field(final JsonGenerator json, final String name, final String value) throws IOException {
        if (!value.isEmpty()) {
            json.writeStringField(name, value);
        }
    }
}
