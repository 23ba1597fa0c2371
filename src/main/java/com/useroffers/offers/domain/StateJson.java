package com.useroffers.offers.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.useroffers.offers.model.Offer;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.model.OfferStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The canonical state JSON: fields in the contract's order, offers sorted by code, instants in
 * {@link Instant#toString()} form, absent optional fields omitted, no whitespace. Written field by
 * field rather than by a data-binding mapper, so no mapper setting can ever change the bytes: the same
 * state always gives the same bytes, which is what lets a replay be checked byte for byte.
 */
public final class StateJson {

    /**
     * Non-ASCII is written as UTF-8, not escaped: by default Jackson writes a character outside the BMP
     * (an emoji) as a pair of escaped surrogates while writing all other non-ASCII as UTF-8.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();
    private static final ObjectMapper READER = new ObjectMapper(FACTORY);

    private StateJson() {
    }

    public static byte[] write(final OfferState state) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 96 * state.offers().size());
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("userId", state.userId());
            json.writeNumberField("version", state.version());
            json.writeStringField("updatedAt", Instants.format(state.updatedAt()));
            json.writeStringField("lastEventId", state.lastEventId());
            json.writeObjectFieldStart("offers");
            for (final Map.Entry<String, Offer> entry : state.offers().entrySet()) {
                json.writeObjectFieldStart(entry.getKey());
                writeOffer(json, entry.getValue());
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeOffer(final JsonGenerator json, final Offer offer) throws IOException {
        json.writeStringField("status", offer.status().name());
        json.writeStringField("assignedAt", Instants.format(offer.assignedAt()));
        if (offer.expiresAt() != null) {
            json.writeStringField("expiresAt", Instants.format(offer.expiresAt()));
        }
        if (offer.redeemedAt() != null) {
            json.writeStringField("redeemedAt", Instants.format(offer.redeemedAt()));
        }
    }

    /** Reads what {@link #write} wrote (the state store's values); not a validator for foreign input. */
    public static OfferState read(final byte[] bytes) {
        try {
            final JsonNode root = READER.readTree(bytes);
            final SortedMap<String, Offer> offers = new TreeMap<>();
            final Iterator<Map.Entry<String, JsonNode>> fields = root.get("offers").fields();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> field = fields.next();
                final JsonNode offer = field.getValue();
                offers.put(field.getKey(), new Offer(
                        OfferStatus.valueOf(offer.get("status").textValue()),
                        instant(offer, "assignedAt"),
                        instant(offer, "expiresAt"),
                        instant(offer, "redeemedAt")));
            }
            return new OfferState(
                    root.get("userId").textValue(),
                    root.get("version").longValue(),
                    instant(root, "updatedAt"),
                    root.get("lastEventId").textValue(),
                    offers);
        } catch (final IOException e) {
            throw new UncheckedIOException("stored state is not JSON", e);
        }
    }

    private static Instant instant(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        return value == null ? null : Instants.parse(value.textValue());
    }
}
