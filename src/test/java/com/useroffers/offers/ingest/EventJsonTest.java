package com.useroffers.offers.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.useroffers.offers.fixtures.IngestEvents;
import com.useroffers.offers.ingest.v1.OfferEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A gRPC request as the contract's event JSON. */
class EventJsonTest {

    @Test
    void shouldWriteTheContractsFieldsInCanonicalOrderWithoutWhitespace() {
        // Given: fields set in another order than the contract's
        final OfferEvent event = OfferEvent.newBuilder().setExpiresAt("2026-12-31T23:59:59Z").setOccurredAt("2026-11-20T10:00:00+02:00")
                .setOfferCode("SPRING25").setType("OFFER_ASSIGNED").setUserId("u-1").setEventId("e-1").build();

        // When
        final String json = new String(EventJson.write(event), StandardCharsets.UTF_8);

        // Then: instants as the client sent them (the processor normalizes them)
        assertThat(json).isEqualTo("{\"eventId\":\"e-1\",\"userId\":\"u-1\",\"type\":\"OFFER_ASSIGNED\",\"offerCode\":\"SPRING25\","
                + "\"occurredAt\":\"2026-11-20T10:00:00+02:00\",\"expiresAt\":\"2026-12-31T23:59:59Z\"}");
    }

    @Test
    void shouldLeaveOutEmptyFields() {
        // Given: no expiresAt (optional) and no offerCode (required)
        final OfferEvent event = IngestEvents.event("e-1", "u-1", "OFFER_REVOKED", "", "2026-11-20T10:00:00Z");

        // When
        final String json = new String(EventJson.write(event), StandardCharsets.UTF_8);

        // Then: the reader will name offerCode missing
        assertThat(json).isEqualTo("{\"eventId\":\"e-1\",\"userId\":\"u-1\",\"type\":\"OFFER_REVOKED\",\"occurredAt\":\"2026-11-20T10:00:00Z\"}");
        assertThat(new String(EventJson.write(OfferEvent.getDefaultInstance()), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void shouldWriteValidJsonForAnyStringSoThatABadValueIsRefusedForItsRule() throws Exception {
        // Given: quotes, a backslash, control characters, a non-ASCII letter and an emoji
        final String hostile = "u\"1\\\n\t\u0000\u001f\u007f-é-\uD83D\uDE00";
        final OfferEvent event = IngestEvents.assigned("e-1", hostile, "SPRING25", "2026-11-20T10:00:00Z");

        // When
        final JsonNode parsed = new ObjectMapper().readTree(EventJson.write(event));

        // Then
        assertThat(parsed.get("userId").textValue()).isEqualTo(hostile);
    }
}
