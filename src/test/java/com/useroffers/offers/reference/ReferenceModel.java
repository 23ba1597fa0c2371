package com.useroffers.offers.reference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An independent, deliberately plain model of the contract (steps 1-5 with the input keyed by user),
 * written from CONTRACT.md without calling any production class, for checking what the application
 * wrote to real Kafka. Feed it the input records of one partition in offset order (users never span
 * partitions when the input is keyed by user); it answers each record's expected outcome and keeps the
 * expected state per user. Dedup retention is not modelled: workloads stay far inside it.
 */
public final class ReferenceModel {

    /** The expected fate of one input record. */
    public enum Fate { APPLIED, DUPLICATE, MALFORMED, INVALID, KEY_MISMATCH, DUPLICATE_CONFLICT, INVALID_TRANSITION }

    private static final Pattern OFFER_CODE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private final int maxBytes;
    /** userId -> (offer code -> offer), plus version and last event; absent when empty. */
    private final Map<String, UserState> users = new HashMap<>();
    /** userId + NUL + eventId -> normalized event text (its "fingerprint"). */
    private final Map<String, String> seen = new HashMap<>();

    public ReferenceModel(final int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public ReferenceModel() {
        this(65536);
    }

    public Fate apply(final byte[] key, final byte[] value) {
        final JsonNode root = parse(value);
        if (root == null) {
            return Fate.MALFORMED;
        }
        final Event event = validate(root);
        if (event == null) {
            return Fate.INVALID;
        }
        if (key == null || !Arrays.equals(key, event.userId.getBytes(StandardCharsets.UTF_8))) {
            return Fate.KEY_MISMATCH;
        }
        final String id = event.userId + '\u0000' + event.eventId;
        final String normalized = event.normalized();
        final String previous = seen.get(id);
        if (previous != null) {
            return previous.equals(normalized) ? Fate.DUPLICATE : Fate.DUPLICATE_CONFLICT;
        }
        seen.put(id, normalized);
        return transition(event) ? Fate.APPLIED : Fate.INVALID_TRANSITION;
    }

    /** The expected latest state JSON of every user that ever had one; {@code null} for a tombstoned user. */
    public Map<String, ObjectNode> finalStates() {
        final Map<String, ObjectNode> states = new TreeMap<>();
        users.forEach((userId, state) -> states.put(userId, state.offers.isEmpty() ? null : state.toJson(userId)));
        return states;
    }

    /** The version the model's state of {@code userId} has now (0 when it has none). */
    public long version(final String userId) {
        final UserState state = users.get(userId);
        return state == null || state.offers.isEmpty() ? 0 : state.version;
    }

    private boolean transition(final Event event) {
        final UserState state = users.computeIfAbsent(event.userId, u -> new UserState());
        final Offer offer = state.offers.get(event.offerCode);
        switch (event.type) {
            case "OFFER_ASSIGNED":
                if (offer != null && offer.redeemedAt != null) {
                    return false;
                }
                state.offers.put(event.offerCode, new Offer(event.occurredAt, event.expiresAt, null));
                break;
            case "OFFER_REDEEMED":
                if (offer == null || offer.redeemedAt != null
                        || (offer.expiresAt != null && offer.expiresAt.compareTo(event.occurredAt) <= 0)) {
                    return false;
                }
                state.offers.put(event.offerCode, new Offer(offer.assignedAt, offer.expiresAt, event.occurredAt));
                break;
            default: // OFFER_REVOKED
                if (offer == null || offer.redeemedAt != null) {
                    return false;
                }
                state.offers.remove(event.offerCode);
                break;
        }
        if (state.offers.isEmpty()) {
            state.version = 0; // tombstone: the next event starts again at version 1
        } else {
            state.version++;
            state.updatedAt = event.occurredAt;
            state.lastEventId = event.eventId;
        }
        return true;
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

    private static Event validate(final JsonNode root) {
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
        return new Event(eventId, userId, type, offerCode, occurredAt, expiresAt);
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

    private record Event(String eventId, String userId, String type, String offerCode, Instant occurredAt,
                         Instant expiresAt) {
        String normalized() {
            return String.join("|", eventId, userId, type, offerCode, occurredAt.toString(),
                    Objects.toString(expiresAt, "-"));
        }
    }

    private record Offer(Instant assignedAt, Instant expiresAt, Instant redeemedAt) {
    }

    private static final class UserState {
        final TreeMap<String, Offer> offers = new TreeMap<>();
        long version;
        Instant updatedAt;
        String lastEventId;

        ObjectNode toJson(final String userId) {
            final ObjectNode json = JSON.createObjectNode();
            json.put("userId", userId);
            json.put("version", version);
            json.put("updatedAt", updatedAt.toString());
            json.put("lastEventId", lastEventId);
            final ObjectNode offersJson = json.putObject("offers");
            offers.forEach((code, offer) -> {
                final ObjectNode o = offersJson.putObject(code);
                o.put("status", offer.redeemedAt == null ? "ASSIGNED" : "REDEEMED");
                o.put("assignedAt", offer.assignedAt.toString());
                if (offer.expiresAt != null) {
                    o.put("expiresAt", offer.expiresAt.toString());
                }
                if (offer.redeemedAt != null) {
                    o.put("redeemedAt", offer.redeemedAt.toString());
                }
            });
            return json;
        }
    }
}
