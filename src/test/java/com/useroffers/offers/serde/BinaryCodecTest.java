package com.useroffers.offers.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.model.EventType;
import com.useroffers.offers.model.OfferStatus;
import com.useroffers.offers.model.RememberedEvent;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The shared primitives: each reads back what was written, byte for byte as documented, and bad bytes are refused. */
class BinaryCodecTest {

    @Test
    void shouldWriteEachPrimitiveAsDocumentedAndReadItBack() throws IOException {
        // Given
        final byte[] text = BinaryWriter.utf8("\u00E9\uD83D\uDE00");
        final Instant instant = Instant.ofEpochSecond(-1, 999_999_999);
        final int size = BinaryWriter.BYTE + BinaryWriter.BYTE + BinaryWriter.INT + BinaryWriter.LONG + BinaryWriter.stringSize(text)
                + BinaryWriter.INSTANT + BinaryWriter.optionalInstantSize(null) + BinaryWriter.optionalInstantSize(instant)
                + BinaryWriter.nullableBytesSize(null) + BinaryWriter.nullableBytesSize(new byte[] {7});

        // When
        final BinaryWriter out = new BinaryWriter(size, 2);
        out.uint8(0xFE);
        out.int32(-2);
        out.int64(Long.MIN_VALUE);
        out.string(text);
        out.instant(instant);
        out.optionalInstant(null);
        out.optionalInstant(instant);
        out.nullableBytes(null);
        out.nullableBytes(new byte[] {7});
        final byte[] bytes = out.toBytes();

        // Then
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("02" + "fe" + "fffffffe" + "8000000000000000" + "0006c3a9f09f9880"
                + "ffffffffffffffff3b9ac9ff" + "00" + "01ffffffffffffffff3b9ac9ff" + "00" + "010000000107");
        final BinaryReader in = new BinaryReader(bytes);
        assertThat(in.uint8()).isEqualTo(2);
        assertThat(in.uint8()).isEqualTo(0xFE);
        assertThat(in.int32()).isEqualTo(-2);
        assertThat(in.int64()).isEqualTo(Long.MIN_VALUE);
        assertThat(in.string()).isEqualTo("\u00E9\uD83D\uDE00");
        assertThat(in.instant()).isEqualTo(instant);
        assertThat(in.optionalInstant()).isNull();
        assertThat(in.optionalInstant()).isEqualTo(instant);
        assertThat(in.nullableBytes()).isNull();
        assertThat(in.nullableBytes()).containsExactly(7);
        in.end();
    }

    @Test
    void shouldRefuseAMarkerOtherThanZeroOrOneAndANegativeLength() {
        assertThatThrownBy(() -> new BinaryReader(new byte[] {2}).optionalInstant())
                .isInstanceOf(IOException.class).hasMessageContaining("marker 2");
        assertThatThrownBy(() -> new BinaryReader(new byte[] {-1}).nullableBytes())
                .isInstanceOf(IOException.class).hasMessageContaining("marker 255");
        assertThatThrownBy(() -> new BinaryReader(HexFormat.of().parseHex("01ffffffff")).nullableBytes())
                .isInstanceOf(IOException.class).hasMessageContaining("negative length");
    }

    @Test
    void shouldRefuseALengthBeyondTheEndBeforeAllocatingIt() {
        // a corrupt length of 2 GiB must not be allocated: it is checked against what is left first
        assertThatThrownBy(() -> new BinaryReader(HexFormat.of().parseHex("017fffffff00")).nullableBytes())
                .isInstanceOf(BufferUnderflowException.class);
        assertThatThrownBy(() -> new BinaryReader(HexFormat.of().parseHex("ffff41")).string())
                .isInstanceOf(BufferUnderflowException.class);
    }

    @Test
    void shouldRefuseTrailingBytes() {
        final BinaryReader in = new BinaryReader(new byte[] {1, 2});
        in.uint8();

        assertThatThrownBy(in::end).isInstanceOf(IOException.class).hasMessageContaining("1 trailing bytes");
    }

    @Test
    void shouldFailWhenTheSizeWasAddedUpWrong() {
        final BinaryWriter tooBig = new BinaryWriter(BinaryWriter.BYTE + BinaryWriter.INT, 2);
        final BinaryWriter tooSmall = new BinaryWriter(BinaryWriter.BYTE + BinaryWriter.INT, 2);

        assertThatThrownBy(tooBig::toBytes).isInstanceOf(IllegalStateException.class).hasMessage("4 of 5 bytes left unwritten");
        assertThatThrownBy(() -> tooSmall.int64(1)).isInstanceOf(BufferOverflowException.class);
    }

    @Test
    void shouldKeepEveryEnumCodeFixedAndReadItBack() throws IOException {
        // These codes are in stores, changelogs and repartition topics: changing one needs a new format.
        assertThat(EnumCodes.code(EventType.OFFER_ASSIGNED)).isEqualTo(0);
        assertThat(EnumCodes.code(EventType.OFFER_REDEEMED)).isEqualTo(1);
        assertThat(EnumCodes.code(EventType.OFFER_REVOKED)).isEqualTo(2);
        assertThat(EnumCodes.code(OfferStatus.ASSIGNED)).isEqualTo(0);
        assertThat(EnumCodes.code(OfferStatus.REDEEMED)).isEqualTo(1);
        assertThat(EnumCodes.code(RememberedEvent.Outcome.APPLIED)).isEqualTo(0);
        assertThat(EnumCodes.code(RememberedEvent.Outcome.INVALID_TRANSITION)).isEqualTo(1);
        assertThat(EnumCodes.code(RememberedEvent.Outcome.STATE_LIMIT)).isEqualTo(2);
        for (final EventType type : EventType.values()) {
            assertThat(EnumCodes.eventType(EnumCodes.code(type))).isEqualTo(type);
        }
        for (final OfferStatus status : OfferStatus.values()) {
            assertThat(EnumCodes.offerStatus(EnumCodes.code(status))).isEqualTo(status);
        }
        for (final RememberedEvent.Outcome outcome : RememberedEvent.Outcome.values()) {
            assertThat(EnumCodes.outcome(EnumCodes.code(outcome))).isEqualTo(outcome);
        }
        assertThatThrownBy(() -> EnumCodes.eventType(3)).isInstanceOf(IOException.class).hasMessage("unknown event type code 3");
        assertThatThrownBy(() -> EnumCodes.offerStatus(2)).isInstanceOf(IOException.class).hasMessage("unknown offer status code 2");
        assertThatThrownBy(() -> EnumCodes.outcome(255)).isInstanceOf(IOException.class).hasMessage("unknown remembered outcome code 255");
    }
}
