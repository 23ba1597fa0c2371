package com.useroffers.offers.serde;

import static com.useroffers.offers.serde.BinaryWriter.BYTE;
import static com.useroffers.offers.serde.BinaryWriter.INSTANT;
import static com.useroffers.offers.serde.BinaryWriter.INT;
import static com.useroffers.offers.serde.BinaryWriter.LONG;
import static com.useroffers.offers.serde.BinaryWriter.optionalInstantSize;
import static com.useroffers.offers.serde.BinaryWriter.stringSize;
import static com.useroffers.offers.serde.BinaryWriter.utf8;

import com.useroffers.offers.model.Offer;
import com.useroffers.offers.model.OfferState;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Serde for the state store's values (and so its changelog): a compact binary form of
 * {@link OfferState}, not the canonical JSON of the output topic. The store is read and written for
 * every event, and parsing and writing JSON there was a large share of the stream thread's CPU; the
 * binary form needs no parsing and is under half the JSON's size. {@code ./bench.sh --parts} measures
 * both ({@code DomainParts.stateDecode}, {@code stateEncode}, {@code outputJson}), and BENCHMARKS.md
 * keeps the end-to-end A/B that chose it. It is written into a buffer sized exactly up front, with the
 * primitives of {@link BinaryWriter}.
 *
 * <p>Format 2, written: format byte 2; userId (string); version (long); updatedAt (instant);
 * lastEventId (string); the number of offers (int); per offer, in code order: code (string), status
 * (code), assignedAt (instant), expiresAt (optional instant), redeemedAt (optional instant).
 *
 * <p>Read: format 2, the only one a release wrote (1.0.0 onwards). Any other first byte is an unknown
 * format: format 1 and the JSON of pre-release builds (a state directory or changelog from those needs
 * a reset).
 */
public final class StoredStateSerde extends ValueSerde<OfferState> {

    private static final int FORMAT_2 = 2;

    public StoredStateSerde() {
        super("stored offer state", StoredStateSerde::write, StoredStateSerde::read);
    }

    static byte[] write(final OfferState state) {
        // Strings are encoded once, both to size the buffer exactly and to be written into it.
        final byte[] userId = utf8(state.userId());
        final byte[] lastEventId = utf8(state.lastEventId());
        final byte[][] codes = new byte[state.offers().size()][];
        int size = BYTE + stringSize(userId) + LONG + INSTANT + stringSize(lastEventId) + INT;
        int i = 0;
        for (final Map.Entry<String, Offer> entry : state.offers().entrySet()) {
            codes[i] = utf8(entry.getKey());
            final Offer offer = entry.getValue();
            size += stringSize(codes[i]) + BYTE + INSTANT
                    + optionalInstantSize(offer.expiresAt()) + optionalInstantSize(offer.redeemedAt());
            i++;
        }
        final BinaryWriter out = new BinaryWriter(size, FORMAT_2);
        out.string(userId);
        out.int64(state.version());
        out.instant(state.updatedAt());
        out.string(lastEventId);
        out.int32(codes.length);
        i = 0;
        for (final Offer offer : state.offers().values()) {
            out.string(codes[i++]);
            out.uint8(EnumCodes.code(offer.status()));
            out.instant(offer.assignedAt());
            out.optionalInstant(offer.expiresAt());
            out.optionalInstant(offer.redeemedAt());
        }
        return out.toBytes();
    }

    static OfferState read(final byte[] bytes) throws IOException {
        try {
            final BinaryReader in = new BinaryReader(bytes);
            final int format = in.uint8();
            if (format != FORMAT_2) {
                throw new IOException("unknown stored state format " + format);
            }
            final String userId = in.string();
            final long version = in.int64();
            final Instant updatedAt = in.instant();
            final String lastEventId = in.string();
            final int count = in.int32();
            final SortedMap<String, Offer> offers = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                final String code = in.string();
                offers.put(code, readOffer(in));
            }
            in.end();
            return new OfferState(userId, version, updatedAt, lastEventId, offers);
        } catch (final BufferUnderflowException e) {
            throw new IOException("stored state is truncated", e);
        }
    }

    /** Arguments are evaluated left to right, so the fields are read in their written order. */
    private static Offer readOffer(final BinaryReader in) throws IOException {
        return new Offer(EnumCodes.offerStatus(in.uint8()), in.instant(), in.optionalInstant(), in.optionalInstant());
    }
}
