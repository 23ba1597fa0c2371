package com.useroffers.offers.serde;

import static com.useroffers.offers.serde.BinaryWriter.BYTE;
import static com.useroffers.offers.serde.BinaryWriter.INSTANT;
import static com.useroffers.offers.serde.BinaryWriter.INT;
import static com.useroffers.offers.serde.BinaryWriter.LONG;
import static com.useroffers.offers.serde.BinaryWriter.nullableBytesSize;
import static com.useroffers.offers.serde.BinaryWriter.optionalInstantSize;
import static com.useroffers.offers.serde.BinaryWriter.stringSize;
import static com.useroffers.offers.serde.BinaryWriter.utf8;

import com.useroffers.offers.model.OfferEvent;
import com.useroffers.offers.pipeline.Envelope;
import com.useroffers.offers.pipeline.SourcePosition;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Binary serde for {@link Envelope}, the value of the repartition topic (only used when the input is
 * not keyed by user). It carries the validated event and the original key, value and position, so a
 * dead letter decided after the repartition still holds the original bytes and input position.
 * Written with the primitives of {@link BinaryWriter}, into a buffer sized exactly up front.
 *
 * <p>Format 2, written: format byte 2; eventId, userId (strings); type (code); offerCode (string);
 * occurredAt (instant); expiresAt (optional instant); key, value (nullable bytes); topic (string),
 * partition (int), offset (long).
 *
 * <p>Read: format 2, and format 1 (earlier builds), so records in flight during an upgrade are still
 * read. Format 1 has the same fields in the same order, but its strings are a 16-bit length and
 * modified UTF-8 ({@code DataOutputStream.writeUTF}), occurredAt is an optional instant too, and key
 * and value are a 4-byte length (-1 for null) and the bytes. Any other first byte is an unknown format.
 */
public final class EnvelopeSerde extends ValueSerde<Envelope> {

    private static final int FORMAT_1 = 1;
    private static final int FORMAT_2 = 2;

    public EnvelopeSerde() {
        super("envelope", EnvelopeSerde::write, EnvelopeSerde::read);
    }

    private static byte[] write(final Envelope envelope) {
        final OfferEvent event = envelope.event();
        final byte[] eventId = utf8(event.eventId());
        final byte[] userId = utf8(event.userId());
        final byte[] offerCode = utf8(event.offerCode());
        final byte[] topic = utf8(envelope.source().topic());
        final int size = BYTE + stringSize(eventId) + stringSize(userId) + BYTE + stringSize(offerCode)
                + INSTANT + optionalInstantSize(event.expiresAt())
                + nullableBytesSize(envelope.key()) + nullableBytesSize(envelope.value())
                + stringSize(topic) + INT + LONG;
        final BinaryWriter out = new BinaryWriter(size, FORMAT_2);
        out.string(eventId);
        out.string(userId);
        out.uint8(EnumCodes.code(event.type()));
        out.string(offerCode);
        out.instant(event.occurredAt());
        out.optionalInstant(event.expiresAt());
        out.nullableBytes(envelope.key());
        out.nullableBytes(envelope.value());
        out.string(topic);
        out.int32(envelope.source().partition());
        out.int64(envelope.source().offset());
        return out.toBytes();
    }

    private static Envelope read(final byte[] bytes) throws IOException {
        try {
            final BinaryReader in = new BinaryReader(bytes);
            final int format = in.uint8();
            final Envelope envelope = switch (format) {
                case FORMAT_2 -> readFormat2(in);
                case FORMAT_1 -> readFormat1(in);
                default -> throw new IOException("unknown envelope format " + format);
            };
            in.end();
            return envelope;
        } catch (final BufferUnderflowException e) {
            throw new IOException("envelope is truncated", e);
        }
    }

    /** Arguments are evaluated left to right, so the fields are read in their written order. */
    private static Envelope readFormat2(final BinaryReader in) throws IOException {
        final OfferEvent event = new OfferEvent(in.string(), in.string(), EnumCodes.eventType(in.uint8()), in.string(),
                in.instant(), in.optionalInstant());
        final byte[] key = in.nullableBytes();
        final byte[] value = in.nullableBytes();
        return new Envelope(event, key, value, new SourcePosition(in.string(), in.int32(), in.int64()));
    }

    private static Envelope readFormat1(final BinaryReader in) throws IOException {
        final OfferEvent event = new OfferEvent(modifiedUtf8(in), modifiedUtf8(in), EnumCodes.eventType(in.uint8()),
                modifiedUtf8(in), in.optionalInstant(), in.optionalInstant());
        final byte[] key = format1Bytes(in);
        final byte[] value = format1Bytes(in);
        return new Envelope(event, key, value, new SourcePosition(modifiedUtf8(in), in.int32(), in.int64()));
    }

    /** Decoded by the JDK's own reader of {@code writeUTF}'s output, which is what wrote it. */
    private static String modifiedUtf8(final BinaryReader in) throws IOException {
        final int length = in.uint16();
        final byte[] prefixed = ByteBuffer.allocate(2 + length).putShort((short) length).put(in.bytes(length)).array();
        return new DataInputStream(new ByteArrayInputStream(prefixed)).readUTF();
    }

    private static byte[] format1Bytes(final BinaryReader in) throws IOException {
        final int length = in.int32();
        return length == -1 ? null : in.bytes(length);
    }
}
