package com.useroffers.offers.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * An optional bearer token: of queries ({@code offers.http.auth-token}) and of the gRPC ingest service
 * ({@code offers.ingest.auth-token}). When set, a request must carry {@code Authorization: Bearer <token>}
 * (RFC 6750; the scheme name is case-insensitive, RFC 7235).
 *
 * <p>The comparison takes the same time whatever the guess: both sides are hashed first and the
 * digests compared with {@link MessageDigest#isEqual} (constant time for equal lengths), so neither a
 * matching prefix nor the token's length shows in how long a refusal takes.
 */
public final class BearerToken {

    private static final String SCHEME = "bearer ";

    private final String token;
    private final byte[] digest;

    private BearerToken(final String token) {
        this.token = token;
        this.digest = token == null ? null : sha256(token);
    }

    /** @param token the configured token, or {@code null}: requests are open */
    public static BearerToken of(final String token) {
        return new BearerToken(token);
    }

    public boolean isRequired() {
        return token != null;
    }

    /** Whether a request with this {@code Authorization} header (or {@code null}: none) is let in. */
    public boolean allows(final String authorization) {
        if (token == null) {
            return true;
        }
        if (authorization == null || authorization.length() < SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(SCHEME.length()).strip()));
    }

    /** The header value a forwarded query carries to the owner, or {@code null} when queries are open. */
    public String authorization() {
        return token == null ? null : "Bearer " + token;
    }

    private static byte[] sha256(final String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return token == null ? "no token" : "a token";
    }
}
