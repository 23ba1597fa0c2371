package com.useroffers.offers.domain;

import com.useroffers.offers.model.OfferEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * The fingerprint of a normalized event: SHA-256 over every field, instants in UTC. Two encodings of
 * the same event (other field order, whitespace, an offset instead of {@code Z}, unknown fields) have
 * the same fingerprint; a change to any field changes it. 32 bytes, whatever the event's size.
 *
 * <p>The dedup store keeps these bytes for as long as it remembers an id, so they never change: the
 * digest input is, byte for byte, the UTF-8 of the fields joined by U+0000, instants as
 * {@code Instant.toString()}. Only the way there is cheap: per event, the JDK's {@code Instant.toString()}
 * (a {@code DateTimeFormatter}), a new {@code MessageDigest} (a provider lookup) and the joined string
 * cost several times the SHA-256 itself (JMH, {@code bench/parts}); {@link Instants#format} writes the
 * same text, and each thread keeps its digest.
 */
public final class Fingerprint {

    /** Fields cannot contain U+0000 (control characters are invalid), so it separates them unambiguously. */
    private static final byte SEPARATOR = 0;

    /** {@code digest()} resets the digest, so one per thread serves every event of that thread. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Fingerprint::sha256);

    private Fingerprint() {
    }

    public static byte[] of(final OfferEvent event) {
        final MessageDigest digest = SHA_256.get();
        // Nothing here throws, but a digest left half-fed would corrupt every later fingerprint of the thread.
        digest.reset();
        field(digest, event.eventId());
        field(digest, event.userId());
        field(digest, event.type().name());
        field(digest, event.offerCode());
        instant(digest, event.occurredAt());
        digest.update(SEPARATOR);
        if (event.expiresAt() != null) {
            instant(digest, event.expiresAt());
        }
        return digest.digest();
    }

    /** The instant's {@code toString()} in ASCII (so UTF-8), written in place when {@link Instants#write} can. */
    private static void instant(final MessageDigest digest, final Instant instant) {
        final byte[] text = new byte[Instants.MAX_LENGTH];
        final int end = Instants.write(text, 0, instant);
        if (end < 0) {
            digest.update(Instants.format(instant).getBytes(StandardCharsets.UTF_8));
        } else {
            digest.update(text, 0, end);
        }
    }

    private static void field(final MessageDigest digest, final String value) {
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update(SEPARATOR);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
