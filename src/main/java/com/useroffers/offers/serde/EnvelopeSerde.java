package com.useroffers.offers.serde;

import com.useroffers.offers.model.EventType;
import com.useroffers.offers.model.OfferEvent;
import com.useroffers.offers.pipeline.Envelope;
import com.useroffers.offers.pipeline.SourcePosition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Binary serde for {@link Envelope}, the value of the repartition topic (only used when the input is
 * not keyed by user). It carries the validated event and the original key, value and position, so a
 * dead letter decided after the repartition still holds the original bytes and input position.
 * The first byte is a format version, so the format can change without a reset.
 */
public final class EnvelopeSerde extends ValueSerde<Envelope> {

    private static final byte FORMAT_V1 = 1;

    public EnvelopeSerde() {
        super("envelope", EnvelopeSerde::write, EnvelopeSerde::read);
    }

    private static byte[] write(final Envelope envelope) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V1);
            final OfferEvent event = envelope.event();
            out.writeUTF(event.eventId());
            out.writeUTF(event.userId());
            out.writeByte(event.type().ordinal());
            out.writeUTF(event.offerCode());
            writeInstant(out, event.occurredAt());
            writeInstant(out, event.expiresAt());
            writeBytes(out, envelope.key());
            writeBytes(out, envelope.value());
            out.writeUTF(envelope.source().topic());
            out.writeInt(envelope.source().partition());
            out.writeLong(envelope.source().offset());
        } catch (final IOException e) {
            throw new SerializationException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static Envelope read(final byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            final byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new IOException("unknown envelope format " + format);
            }
            final OfferEvent event = new OfferEvent(
                    in.readUTF(),
                    in.readUTF(),
                    EventType.values()[in.readByte()],
                    in.readUTF(),
                    readInstant(in),
                    readInstant(in));
            final byte[] key = readBytes(in);
            final byte[] value = readBytes(in);
            final SourcePosition source = new SourcePosition(in.readUTF(), in.readInt(), in.readLong());
            return new Envelope(event, key, value, source);
        }
    }

    private static void writeInstant(final DataOutputStream out, final Instant instant) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
        }
    }

    private static Instant readInstant(final DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    private static void writeBytes(final DataOutputStream out, final byte[] value) throws IOException {
        out.writeInt(value == null ? -1 : value.length);
        if (value != null) {
            out.write(value);
        }
    }

    private static byte[] readBytes(final DataInputStream in) throws IOException {
        final int length = in.readInt();
        if (length < 0) {
            return null;
        }
        final byte[] value = new byte[length];
        in.readFully(value);
        return value;
    }
}
