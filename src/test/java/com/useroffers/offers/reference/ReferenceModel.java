package com.useroffers.offers.reference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.useroffers.offers.fixtures.OffersModel;
import com.useroffers.offers.fixtures.OffersModel.Fate;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An independent model of the whole contract with the input keyed by user, written from CONTRACT.md
 * without calling any production class: steps 1-3 (parse, validate, key check) here, on the raw bytes
 * a real topic holds; steps 4-5 (deduplicate, apply) in {@link OffersModel}. Feed it the records of
 * one partition in offset order (users never span partitions when the input is keyed by user).
 */
public final class ReferenceModel {

    private static final Pattern OFFER_CODE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,63}");
    /** Strict duplicates; no length limit but the whole value's and no symbol table to overflow: the contract's only limits. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(Integer.MAX_VALUE).maxNameLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE)
                    .build()) // nesting keeps Jackson's limit: far deeper than 64, which depth() refuses
            .build());

    private final int maxBytes;
    private final OffersModel offers;
    private final Set<String> usersWithState = new TreeSet<>();

    /**
     * @param maxBytes  {@code offers.event.max-bytes}
     * @param maxOffers {@code offers.state.max-offers}
     */
    public ReferenceModel(final int maxBytes, final int maxOffers) {
        this.maxBytes = maxBytes;
        this.offers = new OffersModel(maxOffers);
    }

    public ReferenceModel(final int maxBytes) {
        this(maxBytes, OffersModel.DEFAULT_MAX_OFFERS);
    }

    /** At the contract's defaults. */
    public ReferenceModel() {
        this(65536);
    }

    public Fate apply(final byte[] key, final byte[] value) {
        return apply(key, value, false);
    }

    /** The same for a record that may be a redrive (it carries {@code offers.redrive.of}: see {@link OffersModel#accept(OffersModel.Event, boolean)}). */
    public Fate apply(final byte[] key, final byte[] value, final boolean redrive) {
        final JsonNode root = parse(value);
        if (root == null) {
            return Fate.MALFORMED;
        }
        final OffersModel.Event event = validate(root);
        if (event == null) {
            return Fate.INVALID;
        }
        if (key == null || !Arrays.equals(key, event.userId().getBytes(StandardCharsets.UTF_8))) {
            return Fate.KEY_MISMATCH;
        }
        final Fate fate = offers.accept(event, redrive);
        if (fate == Fate.APPLIED) {
            usersWithState.add(event.userId());
        }
        return fate;
    }

    /** The expected latest canonical state JSON of every user that ever had one; {@code null} when tombstoned. */
    public Map<String, String> finalStates() {
        final Map<String, String> states = new TreeMap<>();
        usersWithState.forEach(userId -> states.put(userId, offers.stateOf(userId)));
        return states;
    }
    private JsonNode parse(final byte[] value) {
        if (value == null || value.length == 0 || value.length > maxBytes) {
            return null;
        }
        if (value.length >= 3 && (value[0] & 0xff) == 0xef && (value[1] & 0xff) == 0xbb && (value[2] & 0xff) == 0xbf) {
            return null;
        }
        try {
            final String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
            try (JsonParser parser = JSON.createParser(text)) {
                final JsonNode root = JSON.readTree(parser);
                if (root == null || !root.isObject() || parser.nextToken() != null || depth(root) > 64) {
                    return null;
                }
                return root;
            }
        } catch (final Exception e) {
            return null;
        }
    }

    private static int depth(final JsonNode node) {
        int deepest = 0;
        for (final JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return node.isContainerNode() ? deepest + 1 : 0;
    }

    private static OffersModel.Event validate(final JsonNode root) {
        final String eventId = id(root.get("eventId"));
        final String userId = id(root.get("userId"));
        final String type = text(root.get("type"));
        final String offerCode = text(root.get("offerCode"));
        final Instant occurredAt = instant(root.get("occurredAt"));
        if (eventId == null || userId == null || occurredAt == null || offerCode == null
                || !OFFER_CODE.matcher(offerCode).matches()
                || !("OFFER_ASSIGNED".equals(type) || "OFFER_REDEEMED".equals(type) || "OFFER_REVOKED".equals(type))) {
            return null;
        }
        final JsonNode expires = root.get("expiresAt");
        Instant expiresAt = null;
        if (expires != null && !expires.isNull()) {
            expiresAt = instant(expires);
            if (expiresAt == null || !"OFFER_ASSIGNED".equals(type) || !expiresAt.isAfter(occurredAt)) {
                return null;
            }
        }
        return new OffersModel.Event(eventId, userId, type, offerCode, occurredAt, expiresAt);
    }

    private static String text(final JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static String id(final JsonNode node) {
        final String text = text(node);
        if (text == null) {
            return null;
        }
        final int length = text.codePointCount(0, text.length());
        final boolean clean = text.codePoints().noneMatch(cp ->
                cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff));
        return length >= 1 && length <= 128 && clean ? text : null;
    }

    private static Instant instant(final JsonNode node) {
        try {
            return node != null && node.isTextual() ? Instant.parse(node.textValue()) : null;
        } catch (final RuntimeException e) {
            return null;
        }
    }
}
