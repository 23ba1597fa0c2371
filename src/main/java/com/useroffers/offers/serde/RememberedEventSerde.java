package com.useroffers.offers.serde;

import static com.useroffers.offers.serde.BinaryWriter.BYTE;

import com.useroffers.offers.model.RememberedEvent;
import java.io.IOException;
import java.nio.BufferUnderflowException;

/**
 * Serde for the dedup store's values (and so its changelog): a {@link RememberedEvent}.
 *
 * <p>Format 1, written: format byte 1; the outcome (code, {@link EnumCodes}); the fingerprint, its
 * {@value #FINGERPRINT_BYTES} bytes with no length (a fingerprint always has that many). 34 bytes.
 *
 * <p>Read: format 1, the only one a release wrote (1.0.0 onwards). Anything else is refused, the raw
 * 32-byte fingerprint of pre-release builds included.
 */
public final class RememberedEventSerde extends ValueSerde<RememberedEvent> {

    /** A SHA-256 digest. */
    public static final int FINGERPRINT_BYTES = 32;
    private static final int FORMAT_1 = 1;
    private static final int FORMAT_1_SIZE = BYTE + BYTE + FINGERPRINT_BYTES;

    public RememberedEventSerde() {
        super("remembered event", RememberedEventSerde::write, RememberedEventSerde::read);
    }

    static byte[] write(final RememberedEvent remembered) {
        if (remembered.fingerprint().length != FINGERPRINT_BYTES) {
            throw new IllegalArgumentException("a fingerprint has " + FINGERPRINT_BYTES + " bytes, not "
                    + remembered.fingerprint().length);
        }
        final BinaryWriter out = new BinaryWriter(FORMAT_1_SIZE, FORMAT_1);
        out.uint8(EnumCodes.code(remembered.outcome()));
        out.fixedBytes(remembered.fingerprint());
        return out.toBytes();
    }

    static RememberedEvent read(final byte[] bytes) throws IOException {
        try {
            final BinaryReader in = new BinaryReader(bytes);
            final int format = in.uint8();
            if (format != FORMAT_1) {
                throw new IOException("unknown remembered event format " + format + " (" + bytes.length + " bytes)");
            }
            final RememberedEvent.Outcome outcome = EnumCodes.outcome(in.uint8());
            final byte[] fingerprint = in.bytes(FINGERPRINT_BYTES);
            in.end();
            return new RememberedEvent(fingerprint, outcome);
        } catch (final BufferUnderflowException e) {
            throw new IOException("remembered event is truncated", e);
        }
    }
}
