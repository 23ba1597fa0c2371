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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
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
        return isPlain(state) ? writePlain(state) : writeWithJackson(state);
    }

    /**
     * The common case, written without a generator: every string is printable ASCII that JSON writes
     * as it is (no quote, backslash or control character), so plain concatenation gives exactly the
     * generator's bytes ({@code StateJsonTest} compares the two). Chosen, together with the store format
     * written through a {@code ByteBuffer}, by a same-run A/B of the EOS drain ({@code ./bench.sh --only eos
     * --classes-before DIR}; the figures are in BENCHMARKS.md).
     */
    private static byte[] writePlain(final OfferState state) {
        final Ascii json = new Ascii(128 + 112 * state.offers().size());
        json.append("{\"userId\":\"").append(state.userId())
                .append("\",\"version\":").append(state.version())
                .append(",\"updatedAt\":\"").append(state.updatedAt())
                .append("\",\"lastEventId\":\"").append(state.lastEventId())
                .append("\",\"offers\":{");
        boolean first = true;
        for (final Map.Entry<String, Offer> entry : state.offers().entrySet()) {
            final Offer offer = entry.getValue();
            json.append(first ? "\"" : ",\"").append(entry.getKey())
                    .append("\":{\"status\":\"").append(offer.status().name())
                    .append("\",\"assignedAt\":\"").append(offer.assignedAt()).append("\"");
            if (offer.expiresAt() != null) {
                json.append(",\"expiresAt\":\"").append(offer.expiresAt()).append("\"");
            }
            if (offer.redeemedAt() != null) {
                json.append(",\"redeemedAt\":\"").append(offer.redeemedAt()).append("\"");
            }
            json.append("}");
            first = false;
        }
        return json.append("}}").bytes();
    }

    /**
     * Printable ASCII straight into bytes: no {@code StringBuilder} to copy and encode at the end, and
     * instants written in place ({@link Instants#write}). The whole state is written for every event, so
     * this is the output's share of the CPU per event.
     */
    private static final class Ascii {

        private byte[] bytes;
        private int length;

        Ascii(final int capacity) {
            bytes = new byte[capacity];
        }

        Ascii append(final String text) {
            room(text.length());
            for (int i = 0; i < text.length(); i++) {
                bytes[length++] = (byte) text.charAt(i);
            }
            return this;
        }

        Ascii append(final long number) {
            return append(Long.toString(number));
        }

        Ascii append(final Instant instant) {
            room(Instants.MAX_LENGTH);
            final int end = Instants.write(bytes, length, instant);
            if (end < 0) {
                return append(Instants.format(instant));
            }
            length = end;
            return this;
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, length);
        }

        private void room(final int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    private static boolean isPlain(final OfferState state) {
        if (!isPlain(state.userId()) || !isPlain(state.lastEventId())) {
            return false;
        }
        for (final String code : state.offers().keySet()) {
            if (!isPlain(code)) {
                return false;
            }
        }
        return true;
    }

    /** Printable ASCII without the two characters JSON escapes there. */
    private static boolean isPlain(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** The reference writer: any string, escaped as Jackson escapes it. */
    static byte[] writeWithJackson(final OfferState state) {
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
