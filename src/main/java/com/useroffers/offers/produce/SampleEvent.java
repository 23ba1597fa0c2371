package com.useroffers.offers.produce;

import com.useroffers.offers.model.EventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A generated event; {@code bytes} is its canonical JSON once it has been written as a valid event. */
record SampleEvent(String eventId, String userId, EventType type, String offerCode, Instant occurredAt,
                   Instant expiresAt, String source, String traceId, byte[] bytes) {

    SampleEvent withBytes(final byte[] value) {
        return new SampleEvent(eventId, userId, type, offerCode, occurredAt, expiresAt, source, traceId, value);
    }

    /** The fields in their canonical order, as a mutable map. */
    Map<String, String> fields() {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("eventId", eventId);
        fields.put("userId", userId);
        fields.put("type", type.name());
        fields.put("offerCode", offerCode);
        fields.put("occurredAt", occurredAt.toString());
        if (expiresAt != null) {
            fields.put("expiresAt", expiresAt.toString());
        }
        fields.put("source", source);
        fields.put("traceId", traceId);
        return fields;
    }
}
