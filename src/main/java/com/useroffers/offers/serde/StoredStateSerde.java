package com.useroffers.offers.serde;

import com.useroffers.offers.domain.StateJson;
import com.useroffers.offers.model.Offer;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.model.OfferStatus;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Serde for the state store's values (and so its changelog): a compact binary form of
 * {@link OfferState}, not the canonical JSON of the output topic. The store is read and written for
 * every event, and parsing JSON there was the largest single cost of the stream thread (issue 5,
 * BENCHMARKS.md); the binary form needs no parsing and is 36-45% of the JSON's size (1-12 offers).
 *
 * <p>Layout (big-endian): format byte 1; userId; version (8 bytes); updatedAt; lastEventId; the number
 * of offers (4 bytes); per offer, in code order: code, status byte, assignedAt, a flags byte (1: an
 * expiresAt follows, 2: a redeemedAt follows) and those instants. A string is an unsigned 16-bit
 * length and UTF-8; an instant is the epoch second (8 bytes) and the nanosecond (4 bytes).
 *
 * <p>The first byte is a format version. A value that starts with '{' is the JSON that earlier builds
 * stored, still read, so an existing state directory and changelog need no reset.
 */
public final class StoredStateSerde extends ValueSerde<OfferState> {

    private static final byte FORMAT_V1 = 1;
    private static final byte LEGACY_JSON = '{';
    /** Status codes are fixed here rather than taken from the enum's ordinal, so reordering it cannot corrupt stores. */
    private static final byte ASSIGNED = 0;
    private static final byte REDEEMED = 1;
    private static final byte HAS_EXPIRY = 1;
    private static final byte HAS_REDEMPTION = 2;
    /** Epoch second and nanosecond. */
    private static final int INSTANT = 8 + 4;
    /** Strings are prefixed with an unsigned 16-bit length. */
    private static final int MAX_STRING_BYTES = 0xFFFF;

    public StoredStateSerde() {
        super("stored offer state", StoredStateSerde::write, StoredStateSerde::read);
    }

    static byte[] write(final OfferState state) {
        final byte[] userId = utf8(state.userId());
        final byte[] lastEventId = utf8(state.lastEventId());
        final byte[][] codes = new byte[state.offers().size()][];
        int size = 1 + 2 + userId.length + 8 + INSTANT + 2 + lastEventId.length + 4;
        int i = 0;
        for (final Map.Entry<String, Offer> entry : state.offers().entrySet()) {
            codes[i] = utf8(entry.getKey());
            final Offer offer = entry.getValue();
            size += 2 + codes[i].length + 1 + INSTANT + 1
                    + (offer.expiresAt() == null ? 0 : INSTANT) + (offer.redeemedAt() == null ? 0 : INSTANT);
            i++;
        }
        final ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT_V1);
        putString(out, userId);
        out.putLong(state.version());
        putInstant(out, state.updatedAt());
        putString(out, lastEventId);
        out.putInt(codes.length);
        i = 0;
        for (final Offer offer : state.offers().values()) {
            putString(out, codes[i++]);
            out.put(offer.status() == OfferStatus.ASSIGNED ? ASSIGNED : REDEEMED);
            putInstant(out, offer.assignedAt());
            out.put((byte) ((offer.expiresAt() == null ? 0 : HAS_EXPIRY) | (offer.redeemedAt() == null ? 0 : HAS_REDEMPTION)));
            if (offer.expiresAt() != null) {
                putInstant(out, offer.expiresAt());
            }
            if (offer.redeemedAt() != null) {
                putInstant(out, offer.redeemedAt());
            }
        }
        return out.array();
    }

    static OfferState read(final byte[] bytes) throws IOException {
        if (bytes.length > 0 && bytes[0] == LEGACY_JSON) {
            return StateJson.read(bytes);
        }
        try {
            final ByteBuffer in = ByteBuffer.wrap(bytes);
            final byte format = in.get();
            if (format != FORMAT_V1) {
                throw new IOException("unknown stored state format " + format);
            }
            final String userId = getString(in);
            final long version = in.getLong();
            final Instant updatedAt = getInstant(in);
            final String lastEventId = getString(in);
            final int count = in.getInt();
            final SortedMap<String, Offer> offers = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                final String code = getString(in);
                final OfferStatus status = switch (in.get()) {
                    case ASSIGNED -> OfferStatus.ASSIGNED;
                    case REDEEMED -> OfferStatus.REDEEMED;
                    default -> throw new IOException("unknown offer status code in stored state");
                };
                final Instant assignedAt = getInstant(in);
                final byte flags = in.get();
                final Instant expiresAt = (flags & HAS_EXPIRY) != 0 ? getInstant(in) : null;
                final Instant redeemedAt = (flags & HAS_REDEMPTION) != 0 ? getInstant(in) : null;
                offers.put(code, new Offer(status, assignedAt, expiresAt, redeemedAt));
            }
            if (in.hasRemaining()) {
                throw new IOException("trailing bytes after stored state");
            }
            return new OfferState(userId, version, updatedAt, lastEventId, offers);
        } catch (final BufferUnderflowException e) {
            throw new IOException("stored state is truncated", e);
        }
    }

    private static byte[] utf8(final String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            // Unreachable for validated events (ids are at most 128 code points); refused rather than truncated.
            throw new SerializationException("a string of " + bytes.length + " bytes does not fit the stored state format");
        }
        return bytes;
    }

    private static void putString(final ByteBuffer out, final byte[] utf8) {
        out.putShort((short) utf8.length);
        out.put(utf8);
    }

    private static String getString(final ByteBuffer in) {
        final int length = Short.toUnsignedInt(in.getShort());
        final String text = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    private static void putInstant(final ByteBuffer out, final Instant instant) {
        out.putLong(instant.getEpochSecond());
        out.putInt(instant.getNano());
    }

    private static Instant getInstant(final ByteBuffer in) {
        return Instant.ofEpochSecond(in.getLong(), in.getInt());
    }
}
