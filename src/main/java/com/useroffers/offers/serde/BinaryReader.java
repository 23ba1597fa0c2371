package com.useroffers.offers.serde;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads the primitives that {@link BinaryWriter} writes (its Javadoc lists them), in place over the
 * given array. Bytes that end too early throw {@link BufferUnderflowException}, also when a length
 * announces more than is left (checked before anything of that length is allocated); a marker other
 * than 0 or 1 and a negative length throw {@link IOException}.
 */
final class BinaryReader {

    private final ByteBuffer in;

    BinaryReader(final byte[] bytes) {
        in = ByteBuffer.wrap(bytes);
    }

    /** A format or a code: 0-255, so an unknown one is reported as it was written. */
    int uint8() {
        return Byte.toUnsignedInt(in.get());
    }

    int uint16() {
        return Short.toUnsignedInt(in.getShort());
    }

    int int32() {
        return in.getInt();
    }

    long int64() {
        return in.getLong();
    }

    String string() {
        final int length = uint16();
        requireRemaining(length);
        final String text = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    Instant instant() {
        return Instant.ofEpochSecond(in.getLong(), in.getInt());
    }

    Instant optionalInstant() throws IOException {
        return present("instant") ? instant() : null;
    }

    byte[] nullableBytes() throws IOException {
        return present("bytes") ? bytes(int32()) : null;
    }

    /** The next {@code length} bytes, copied. */
    byte[] bytes(final int length) throws IOException {
        if (length < 0) {
            throw new IOException("negative length " + length);
        }
        requireRemaining(length);
        final byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** Refuses bytes after the value, which a reader of the wrong layout could otherwise ignore. */
    void end() throws IOException {
        if (in.hasRemaining()) {
            throw new IOException(in.remaining() + " trailing bytes after the value");
        }
    }

    private boolean present(final String what) throws IOException {
        final int marker = uint8();
        if (marker != BinaryWriter.ABSENT && marker != BinaryWriter.PRESENT) {
            throw new IOException("marker " + marker + " before optional " + what + " is neither 0 nor 1");
        }
        return marker == BinaryWriter.PRESENT;
    }

    private void requireRemaining(final int length) {
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
    }
}
