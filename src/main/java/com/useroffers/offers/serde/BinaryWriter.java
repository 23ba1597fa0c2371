package com.useroffers.offers.serde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Writes the primitives of this project's binary values into a buffer sized exactly up front: the
 * caller adds up the sizes first (the {@code ...Size} methods), so nothing grows or copies, and
 * {@link #toBytes()} hands over the buffer's own array. {@link BinaryReader} reads them back.
 *
 * <p>Primitives, all big-endian:
 * <ul>
 *   <li>format: one unsigned byte, always first (the constructor writes it);</li>
 *   <li>code: one unsigned byte from a fixed table ({@link EnumCodes}), never an enum's ordinal;</li>
 *   <li>int and long: 4 and 8 bytes, two's complement;</li>
 *   <li>string: an unsigned 16-bit length, then that many bytes of standard UTF-8;</li>
 *   <li>instant: the epoch second (8 bytes), then the nanosecond of that second (4 bytes);</li>
 *   <li>optional instant: a marker byte, 0 (absent) or 1 (an instant follows);</li>
 *   <li>nullable bytes: a marker byte, 0 (null) or 1 (a 4-byte length and that many bytes follow);</li>
 *   <li>fixed bytes: just the bytes, for a length the format itself fixes (a 32-byte fingerprint).</li>
 * </ul>
 */
final class BinaryWriter {

    static final int BYTE = 1;
    static final int INT = 4;
    static final int LONG = 8;
    static final int INSTANT = LONG + INT;
    static final byte ABSENT = 0;
    static final byte PRESENT = 1;
    /** The largest string the unsigned 16-bit length can announce. */
    static final int MAX_STRING_BYTES = 0xFFFF;

    private final ByteBuffer out;

    /** A writer for exactly {@code size} bytes, the format byte included, which it writes first. */
    BinaryWriter(final int size, final int format) {
        out = ByteBuffer.allocate(size);
        out.put((byte) format);
    }

    /**
     * The UTF-8 of {@code text}, encoded once so the caller can both size and write it. Longer than
     * the length prefix can say is refused rather than truncated.
     */
    static byte[] utf8(final String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new SerializationException("a string of " + bytes.length + " bytes of UTF-8 does not fit a binary value"
                    + " (at most " + MAX_STRING_BYTES + ")");
        }
        return bytes;
    }

    static int stringSize(final byte[] utf8) {
        return 2 + utf8.length;
    }

    static int optionalInstantSize(final Instant instant) {
        return BYTE + (instant == null ? 0 : INSTANT);
    }

    static int nullableBytesSize(final byte[] bytes) {
        return BYTE + (bytes == null ? 0 : INT + bytes.length);
    }

    /** A format or a code: 0-255. */
    void uint8(final int value) {
        out.put((byte) value);
    }

    void int32(final int value) {
        out.putInt(value);
    }

    void int64(final long value) {
        out.putLong(value);
    }

    /** {@code utf8} as returned by {@link #utf8(String)}, so its length fits the prefix. */
    void string(final byte[] utf8) {
        out.putShort((short) utf8.length);
        out.put(utf8);
    }

    void instant(final Instant instant) {
        out.putLong(instant.getEpochSecond());
        out.putInt(instant.getNano());
    }

    void optionalInstant(final Instant instant) {
        if (instant == null) {
            out.put(ABSENT);
        } else {
            out.put(PRESENT);
            instant(instant);
        }
    }

    void nullableBytes(final byte[] bytes) {
        if (bytes == null) {
            out.put(ABSENT);
        } else {
            out.put(PRESENT);
            out.putInt(bytes.length);
            out.put(bytes);
        }
    }

    /** Bytes of a length both sides know (e.g. a digest): no marker, no length. */
    void fixedBytes(final byte[] bytes) {
        out.put(bytes);
    }

    /** The written bytes; a size that was added up wrong fails here rather than leaving zeros at the end. */
    byte[] toBytes() {
        if (out.hasRemaining()) {
            throw new IllegalStateException(out.remaining() + " of " + out.capacity() + " bytes left unwritten");
        }
        return out.array();
    }
}
