package com.useroffers.offers.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.model.EventType;
import com.useroffers.offers.model.OfferEvent;
import com.useroffers.offers.pipeline.Envelope;
import com.useroffers.offers.pipeline.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The repartition value: every field of the event, the original bytes and the position survive the trip. */
class EnvelopeSerdeTest {

    private final EnvelopeSerde serde = new EnvelopeSerde();

    private Envelope roundTrip(final Envelope envelope) {
        final byte[] bytes = serde.serializer().serialize("repartition", envelope);
        return serde.deserializer().deserialize("repartition", bytes);
    }

    @Test
    void shouldRoundTripAnEnvelopeWithFractionalInstantsAndNonAsciiIds() {
        // Given
        final OfferEvent event = new OfferEvent("\u00E9-\uD83D\uDE00-1", "\u7528\u6237", EventType.OFFER_ASSIGNED, "SPRING25",
                Instant.parse("2026-11-22T10:15:30.123456789Z"), Instant.parse("1969-12-31T23:59:59.5Z"));
        final Envelope envelope = new Envelope(event, new byte[] {0, (byte) 0xFF, (byte) 0xC0, (byte) 0x80},
                "{\"eventId\":\"...\"}".getBytes(StandardCharsets.UTF_8), new SourcePosition("user-offers", 5, Long.MAX_VALUE));

        // When
        final Envelope read = roundTrip(envelope);

        // Then
        assertThat(read.event()).isEqualTo(event);
        assertThat(read.key()).isEqualTo(envelope.key());
        assertThat(read.value()).isEqualTo(envelope.value());
        assertThat(read.source()).isEqualTo(envelope.source());
    }

    @Test
    void shouldRoundTripNullKeyNullValueAndAbsentExpiry() {
        // Given: a null key is possible when the input is not keyed by user
        for (final EventType type : EventType.values()) {
            final OfferEvent event = new OfferEvent("e-1", "u-1", type, "A1", Instant.parse("2026-11-22T10:15:30Z"), null);
            final Envelope envelope = new Envelope(event, null, new byte[0], new SourcePosition("in", 0, 0));

            // When
            final Envelope read = roundTrip(envelope);

            // Then
            assertThat(read.event()).isEqualTo(event);
            assertThat(read.key()).isNull();
            assertThat(read.value()).isEmpty();
            assertThat(read.source()).isEqualTo(envelope.source());
        }
        final Envelope nullValue = roundTrip(new Envelope(
                new OfferEvent("e-1", "u-1", EventType.OFFER_REVOKED, "A1", Instant.EPOCH, null), new byte[0], null, new SourcePosition("in", 0, 0)));
        assertThat(nullValue.value()).isNull();
        assertThat(nullValue.key()).isEmpty();
    }

    @Test
    void shouldKeepNullNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldRefuseAnUnknownFormatOrTruncatedBytesWithASerializationException() {
        // Given
        final byte[] good = serde.serializer().serialize("t", new Envelope(
                new OfferEvent("e-1", "u-1", EventType.OFFER_ASSIGNED, "A1", Instant.EPOCH, null), null, null, new SourcePosition("in", 0, 0)));
        final byte[] otherFormat = good.clone();
        otherFormat[0] = 2;

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", otherFormat)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[0])).isInstanceOf(SerializationException.class);
    }
}
