package com.useroffers.offers.serde;

import com.useroffers.offers.domain.StateJson;
import com.useroffers.offers.model.Offer;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.model.OfferStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for the state store's values (and so its changelog): a compact binary form of
 * {@link OfferState}, not the canonical JSON of the output topic. The store is read and written for
 * every event, and parsing JSON there was the largest single cost of the stream thread (issue 5,
 * BENCHMARKS.md); the binary form is read in a fraction of that and is about a third of the size.
 *
 * <p>The first byte is a format version. A value that starts with '{' is the JSON that earlier builds
 * stored, still read, so an existing state directory and changelog need no reset.
 */
public final class StoredStateSerde implements Serde<OfferState> {

    private static final byte FORMAT_V1 = 1;
    private static final byte LEGACY_JSON = '{';
    /** Status codes are fixed here rather than taken from the enum's ordinal, so reordering it cannot corrupt stores. */
    private static final byte ASSIGNED = 0;
    private static final byte REDEEMED = 1;

    @Override
    public Serializer<OfferState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<OfferState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return read(bytes);
            } catch (final IOException | RuntimeException e) {
                throw new SerializationException("cannot read offer state from " + topic, e);
            }
        };
    }

    static byte[] write(final OfferState state) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * state.offers().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V1);
            out.writeUTF(state.userId());
            out.writeLong(state.version());
            writeInstant(out, state.updatedAt());
            out.writeUTF(state.lastEventId());
            out.writeInt(state.offers().size());
            for (final Map.Entry<String, Offer> entry : state.offers().entrySet()) {
                final Offer offer = entry.getValue();
                out.writeUTF(entry.getKey());
                out.writeByte(offer.status() == OfferStatus.ASSIGNED ? ASSIGNED : REDEEMED);
                writeInstant(out, offer.assignedAt());
                writeOptionalInstant(out, offer.expiresAt());
                writeOptionalInstant(out, offer.redeemedAt());
            }
        } catch (final IOException e) {
            throw new SerializationException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static OfferState read(final byte[] bytes) throws IOException {
        if (bytes.length > 0 && bytes[0] == LEGACY_JSON) {
            return StateJson.read(bytes);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            final byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new IOException("unknown stored state format " + format);
            }
            final String userId = in.readUTF();
            final long version = in.readLong();
            final Instant updatedAt = readInstant(in);
            final String lastEventId = in.readUTF();
            final int count = in.readInt();
            final SortedMap<String, Offer> offers = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                final String code = in.readUTF();
                final OfferStatus status = switch (in.readByte()) {
                    case ASSIGNED -> OfferStatus.ASSIGNED;
                    case REDEEMED -> OfferStatus.REDEEMED;
                    default -> throw new IOException("unknown offer status code in stored state");
                };
                offers.put(code, new Offer(status, readInstant(in), readOptionalInstant(in), readOptionalInstant(in)));
            }
            if (in.available() > 0) {
                throw new IOException("trailing bytes after stored state");
            }
            return new OfferState(userId, version, updatedAt, lastEventId, offers);
        }
    }

    private static void writeInstant(final DataOutputStream out, final Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static void writeOptionalInstant(final DataOutputStream out, final Instant instant) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            writeInstant(out, instant);
        }
    }

    private static Instant readInstant(final DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static Instant readOptionalInstant(final DataInputStream in) throws IOException {
        return in.readBoolean() ? readInstant(in) : null;
    }
}
