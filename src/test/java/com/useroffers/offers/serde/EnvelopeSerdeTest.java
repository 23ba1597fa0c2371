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
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The repartition value: every field of the event, the original bytes and the position survive; format 2 is read, pre-release format 1 refused. */
class EnvelopeSerdeTest {

    /*
     * Format 1 of pre-release builds as its writer wrote it (generated with that writer), no longer read:
     * no release wrote it. The objects were assignedWithoutKey(), redeemedWithKey() and revokedWithoutValue().
     */
    private static final String FORMAT_1_ASSIGNED_WITHOUT_KEY = "01000ec3a92deda0bdedb8802dc0802d310006e794a8e688b700"
            + "0008535052494e47323501000000006b02c0c2075bcd1501ffffffffffffffff1dcd6500"
            + "ffffffff0000000f7b226576656e744964223a2265227d000b757365722d6f6666657273000000057fffffffffffffff";
    private static final String FORMAT_1_REDEEMED_WITH_KEY = "010003652d320003752d32010002413101000000006b02c0c200000000"
            + "0000000003752d320000000400ffc0800002696e000000000000000000000000";
    private static final String FORMAT_1_REVOKED_WITHOUT_VALUE = "010003652d330003752d3302000241310100000000000000000000000000"
            + "00000000ffffffff0002696e000000020000000000000011";

    /* Format 2 of redeemedWithKey(), checked by hand against the Javadoc's layout, so a change of layout needs a new format. */
    private static final String FORMAT_2_REDEEMED_WITH_KEY = "02" + "0003652d32" + "0003752d32" + "01" + "00024131"
            + "000000006b02c0c200000000" + "00" + "01" + "00000003752d32" + "01" + "0000000400ffc080" + "0002696e" + "00000000"
            + "0000000000000000";

    private final EnvelopeSerde serde = new EnvelopeSerde();

    /** Ids where modified UTF-8 differs from UTF-8: a non-BMP character and U+0000 (not a valid id, but the decoder's edge). */
    private static Envelope assignedWithoutKey() {
        return new Envelope(new OfferEvent("\u00E9-\uD83D\uDE00-\u0000-1", "\u7528\u6237", EventType.OFFER_ASSIGNED, "SPRING25",
                Instant.parse("2026-11-22T10:15:30.123456789Z"), Instant.parse("1969-12-31T23:59:59.5Z")),
                null, "{\"eventId\":\"e\"}".getBytes(StandardCharsets.UTF_8), new SourcePosition("user-offers", 5, Long.MAX_VALUE));
    }

    private static Envelope redeemedWithKey() {
        return new Envelope(new OfferEvent("e-2", "u-2", EventType.OFFER_REDEEMED, "A1", Instant.parse("2026-11-22T10:15:30Z"), null),
                new byte[] {'u', '-', '2'}, new byte[] {0, (byte) 0xFF, (byte) 0xC0, (byte) 0x80}, new SourcePosition("in", 0, 0));
    }

    private static Envelope revokedWithoutValue() {
        return new Envelope(new OfferEvent("e-3", "u-3", EventType.OFFER_REVOKED, "A1", Instant.EPOCH, null),
                new byte[0], null, new SourcePosition("in", 2, 17));
    }

    /** Envelope is a record with array fields, whose equals compares the arrays' identity. */
    private static void assertSameEnvelope(final Envelope actual, final Envelope expected) {
        assertThat(actual.event()).isEqualTo(expected.event());
        assertThat(actual.key()).isEqualTo(expected.key());
        assertThat(actual.value()).isEqualTo(expected.value());
        assertThat(actual.source()).isEqualTo(expected.source());
    }

    private Envelope read(final String hex) {
        return serde.deserializer().deserialize("repartition", HexFormat.of().parseHex(hex));
    }

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
    void shouldRefusePreReleaseFormat1() {
        for (final String preRelease : List.of(FORMAT_1_ASSIGNED_WITHOUT_KEY, FORMAT_1_REDEEMED_WITH_KEY,
                FORMAT_1_REVOKED_WITHOUT_VALUE)) {
            assertThatThrownBy(() -> read(preRelease))
                    .isInstanceOf(SerializationException.class).hasStackTraceContaining("unknown envelope format 1");
        }
    }

    @Test
    void shouldKeepNullNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldWriteFormat2() {
        assertThat(serde.serializer().serialize("repartition", redeemedWithKey()))
                .isEqualTo(HexFormat.of().parseHex(FORMAT_2_REDEEMED_WITH_KEY));
        assertSameEnvelope(read(FORMAT_2_REDEEMED_WITH_KEY), redeemedWithKey());
    }

    @Test
    void shouldRoundTripTheExamples() {
        assertSameEnvelope(roundTrip(assignedWithoutKey()), assignedWithoutKey());
        assertSameEnvelope(roundTrip(redeemedWithKey()), redeemedWithKey());
        assertSameEnvelope(roundTrip(revokedWithoutValue()), revokedWithoutValue());
    }

    @Test
    void shouldRefuseAnUnknownFormatOrTruncatedBytesWithASerializationException() {
        // Given
        final byte[] good = serde.serializer().serialize("t", new Envelope(
                new OfferEvent("e-1", "u-1", EventType.OFFER_ASSIGNED, "A1", Instant.EPOCH, null), null, null, new SourcePosition("in", 0, 0)));

        // When / Then
        for (final int format : new int[] {0, 3, '{'}) {
            final byte[] otherFormat = good.clone();
            otherFormat[0] = (byte) format;
            assertThatThrownBy(() -> serde.deserializer().deserialize("t", otherFormat))
                    .isInstanceOf(SerializationException.class).hasStackTraceContaining("unknown envelope format " + format);
        }
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[0])).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRefuseTruncatedOrTrailingBytes() {
        for (final String hex : List.of(FORMAT_2_REDEEMED_WITH_KEY)) {
            final byte[] valid = HexFormat.of().parseHex(hex);
            // every shorter prefix, down to nothing at all
            for (int length = 0; length < valid.length; length++) {
                final byte[] truncated = Arrays.copyOf(valid, length);
                assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
                        .as("first %d bytes", length).isInstanceOf(SerializationException.class);
            }
            assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(valid, valid.length + 1)))
                    .isInstanceOf(SerializationException.class).hasStackTraceContaining("trailing bytes");
        }
    }

    @Test
    void shouldRefuseAnUnknownEventTypeCodeOrMarker() {
        final byte[] unknownType = HexFormat.of().parseHex(FORMAT_2_REDEEMED_WITH_KEY);
        unknownType[11] = 3;
        final byte[] unknownMarker = HexFormat.of().parseHex(FORMAT_2_REDEEMED_WITH_KEY);
        unknownMarker[28] = 2;

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", unknownType))
                .isInstanceOf(SerializationException.class).hasStackTraceContaining("unknown event type code 3");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", unknownMarker))
                .isInstanceOf(SerializationException.class).hasStackTraceContaining("marker 2");
    }
}
