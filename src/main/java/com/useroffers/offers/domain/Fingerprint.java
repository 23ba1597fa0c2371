package com.useroffers.offers.domain;

import com.useroffers.offers.model.OfferEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The fingerprint of a normalized event: SHA-256 over every field, instants in UTC. Two encodings of
 * the same event (other field order, whitespace, an offset instead of {@code Z}, unknown fields) have
 * the same fingerprint; a change to any field changes it. 32 bytes, whatever the event's size.
 */
public final class Fingerprint {

    /** Fields cannot contain U+0000 (control characters are invalid), so it separates them unambiguously. */
    private static final char SEPARATOR = '\u0000';

    private Fingerprint() {
    }

    public static byte[] of(final OfferEvent event) {
        final String normalized = event.eventId() + SEPARATOR
                + event.userId() + SEPARATOR
                + event.type().name() + SEPARATOR
                + event.offerCode() + SEPARATOR
                + event.occurredAt() + SEPARATOR
                + (event.expiresAt() == null ? "" : event.expiresAt().toString());
        return sha256().digest(normalized.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
