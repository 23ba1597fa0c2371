package com.useroffers.offers.domain;

import com.useroffers.offers.model.EventType;
import com.useroffers.offers.model.OfferEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns an input value into an {@link OfferEvent}: step 1 (parse, {@code MALFORMED}) and step 2
 * (validate the fields, {@code INVALID}) of the contract. Plain Java: no Kafka, no clock.
 *
 * <p>Unknown fields are ignored; an optional field given as JSON {@code null} is absent; a required
 * field given as {@code null} is missing.
 */
public final class EventReader {

    /** The valid values of {@code type}, for the message that refuses any other. */
    private static final String TYPES = Arrays.stream(EventType.values()).map(Enum::name).collect(Collectors.joining(", "));
    /** The members the contract reads; any other is checked by the parser and ignored. */
    private static final Set<String> FIELDS = Set.of("eventId", "userId", "type", "offerCode", "occurredAt", "expiresAt");

    private final int maxBytes;
    private final StrictJson json;

    public EventReader(final int maxBytes) {
        this.maxBytes = maxBytes;
        this.json = new StrictJson(maxBytes);
    }

    public ReadResult read(final byte[] value) {
        if (value == null || value.length == 0) {
            return ReadResult.malformed(value == null ? "the value is null" : "the value is empty");
        }
        if (value.length > maxBytes) {
            return ReadResult.malformed("the value has " + value.length + " bytes, more than the limit of " + maxBytes);
        }
        final Map<String, StrictJson.Member> root;
        try {
            root = json.readMembers(value, FIELDS);
        } catch (final StrictJson.MalformedException e) {
            return ReadResult.malformed(e.getMessage());
        }
        return validate(root);
    }

    private static ReadResult validate(final Map<String, StrictJson.Member> root) {
        final Field eventId = Field.text(root, "eventId");
        // Known even when another field is bad, so the dead letter can carry offers.dlq.event-id.
        final String validEventId = eventId.isValidId() ? eventId.value : null;
        try {
            final String id = requiredId(eventId, "eventId");
            final String userId = requiredId(Field.text(root, "userId"), "userId");
            final EventType type = type(Field.text(root, "type"));
            final String offerCode = required(Field.text(root, "offerCode"), "offerCode");
            if (!FieldRules.isOfferCode(offerCode)) {
                throw new Invalid("offerCode does not match ^[A-Z0-9][A-Z0-9_-]{0,63}$");
            }
            final Instant occurredAt = instant(required(Field.text(root, "occurredAt"), "occurredAt"), "occurredAt");
            final Field expiresField = Field.text(root, "expiresAt");
            Instant expiresAt = null;
            if (!expiresField.absent) {
                expiresAt = instant(required(expiresField, "expiresAt"), "expiresAt");
                if (type != EventType.OFFER_ASSIGNED) {
                    throw new Invalid("expiresAt is allowed only on OFFER_ASSIGNED, not on " + type);
                }
                if (!expiresAt.isAfter(occurredAt)) {
                    throw new Invalid("expiresAt " + expiresAt + " is not after occurredAt " + occurredAt);
                }
            }
            return ReadResult.ok(new OfferEvent(id, userId, type, offerCode, occurredAt, expiresAt));
        } catch (final Invalid e) {
            return ReadResult.invalid(e.getMessage(), validEventId);
        }
    }

    private static String required(final Field field, final String name) throws Invalid {
        if (field.absent) {
            throw new Invalid(name + " is missing");
        }
        if (field.problem != null) {
            throw new Invalid(name + " " + field.problem);
        }
        return field.value;
    }

    private static String requiredId(final Field field, final String name) throws Invalid {
        final String value = required(field, name);
        final String problem = FieldRules.idProblem(value);
        if (problem != null) {
            throw new Invalid(name + " " + problem);
        }
        return value;
    }

    private static EventType type(final Field field) throws Invalid {
        final String value = required(field, "type");
        for (final EventType type : EventType.values()) {
            if (type.name().equals(value)) {
                return type;
            }
        }
        throw new Invalid("type is not one of " + TYPES);
    }

    /** {@link Instants#parse}: exactly {@code Instant.parse}, and the common {@code ...Z} form without {@code DateTimeFormatter}. */
    private static Instant instant(final String value, final String name) throws Invalid {
        try {
            return Instants.parse(value);
        } catch (final DateTimeParseException e) {
            throw new Invalid(name + " is not an ISO-8601 instant");
        }
    }

    /** A field read from the JSON object: absent (missing or null), a string, or something else. */
    private record Field(String value, boolean absent, String problem) {
        static Field text(final Map<String, StrictJson.Member> root, final String name) {
            final StrictJson.Member member = root.get(name);
            if (member == null || member.isNull()) {
                return new Field(null, true, null);
            }
            if (!member.isString()) {
                return new Field(null, false, "is not a string but " + member.type());
            }
            return new Field(member.text(), false, null);
        }

        boolean isValidId() {
            return value != null && FieldRules.idProblem(value) == null;
        }
    }

    /** A field rule is broken; the message names the field and the rule. */
    private static final class Invalid extends Exception {
        Invalid(final String message) {
            super(message, null, false, false);
        }
    }
}
