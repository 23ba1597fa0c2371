package com.useroffers.offers.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.model.Offer;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.serde.OfferStateSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The canonical state JSON reads back to the same state and writes again to the same bytes. */
class StateJsonTest {

    @Test
    void shouldRoundTripAStateToTheSameStateAndTheSameBytes() {
        // Given
        final TreeMap<String, Offer> offers = new TreeMap<>();
        offers.put("WELCOME10", Offer.assigned(Instant.parse("2026-11-01T09:00:00Z"), null).redeemed(Instant.parse("2026-11-22T10:15:30.5Z")));
        offers.put("SPRING25", Offer.assigned(Instant.parse("2026-11-20T08:00:00.000000001Z"), Instant.parse("2026-12-31T23:59:59Z")));
        offers.put("A1", Offer.assigned(Instant.parse("1970-01-01T00:00:00Z"), null));
        final OfferState state = new OfferState("\u00FC-\uD83D\uDE00-\"\\", 42, Instant.parse("2026-11-22T10:15:30.5Z"), "e-\u2028", offers);

        // When
        final byte[] written = StateJson.write(state);
        final OfferState read = StateJson.read(written);

        // Then
        assertThat(read).isEqualTo(state);
        assertThat(StateJson.write(read)).isEqualTo(written);
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(
                "{\"userId\":\"\u00FC-\uD83D\uDE00-\\\"\\\\\",\"version\":42,\"updatedAt\":\"2026-11-22T10:15:30.500Z\",\"lastEventId\":\"e-\u2028\","
                        + "\"offers\":{\"A1\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"1970-01-01T00:00:00Z\"},"
                        + "\"SPRING25\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00.000000001Z\",\"expiresAt\":\"2026-12-31T23:59:59Z\"},"
                        + "\"WELCOME10\":{\"status\":\"REDEEMED\",\"assignedAt\":\"2026-11-01T09:00:00Z\",\"redeemedAt\":\"2026-11-22T10:15:30.500Z\"}}}");
    }

    @Test
    void shouldKeepATombstoneNullThroughTheSerde() {
        final OfferStateSerde serde = new OfferStateSerde();
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
