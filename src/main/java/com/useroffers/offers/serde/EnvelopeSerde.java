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
import java.io.IOException;
import java.nio.BufferUnderflowException;

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
 * <p>Read: format 2, the only one a release wrote (1.0.0 onwards). Any other first byte is an unknown
 * format, format 1 of pre-release builds included.
 */
public final class EnvelopeSerde extends ValueSerde<Envelope> {

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
}
