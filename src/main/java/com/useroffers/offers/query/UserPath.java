package com.useroffers.offers.query;

import com.useroffers.offers.domain.FieldRules;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The query path {@code /users/{userId}/offers}, with the user id percent-encoded as UTF-8 (RFC 3986).
 *
 * <p>A user id may hold any character but control characters ({@code CONTRACT.md}, the event's
 * rules): spaces, slashes, {@code %}, {@code +}, {@code ?}, {@code #}, any script. So the id is read
 * from the <em>raw</em> path between the fixed prefix and suffix and percent-decoded here, strictly: a
 * {@code +} stays a plus (form encoding, where it is a space, is for query strings, not paths), a bad
 * escape or bytes that are not strict UTF-8 are a bad request, never guessed at. An id that breaks the
 * event's rules could never have had a state: a bad request too, saying which rule.
 */
public final class UserPath {

    public static final String PREFIX = "/users/";
    public static final String SUFFIX = "/offers";

    private UserPath() {
    }

    /** Whether the request is meant for a query at all (anything under {@link #PREFIX}). */
    public static boolean isQuery(final String rawPath) {
        return rawPath.startsWith(PREFIX);
    }

    /**
     * The user id of a query path.
     *
     * @param rawPath the path as sent, still percent-encoded ({@code URI#getRawPath()})
     * @return the decoded user id, or {@code null} when the path is not {@code /users/{userId}/offers}
     * @throws IllegalArgumentException naming the problem, when the id is not a well-formed user id
     */
    public static String userId(final String rawPath) {
        if (!rawPath.startsWith(PREFIX) || !rawPath.endsWith(SUFFIX) || rawPath.length() <= PREFIX.length() + SUFFIX.length()) {
            return null;
        }
        final String userId = decode(rawPath.substring(PREFIX.length(), rawPath.length() - SUFFIX.length()));
        final String problem = FieldRules.idProblem(userId);
        if (problem != null) {
            throw new IllegalArgumentException("the user id " + problem);
        }
        return userId;
    }

    /** The raw path of a user's query: every byte but RFC 3986's unreserved characters percent-encoded. */
    public static String of(final String userId) {
        final StringBuilder path = new StringBuilder(PREFIX);
        for (final byte b : userId.getBytes(StandardCharsets.UTF_8)) {
            final int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                path.append((char) c);
            } else {
                path.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return path.append(SUFFIX).toString();
    }

    private static String decode(final String raw) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            final char c = raw.charAt(i);
            if (c == '%') {
                final int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                final int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    throw new IllegalArgumentException("the user id has a bad percent-escape at character " + (i + 1)
                            + " (write a byte as %XX, two hex digits)");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c <= 0xff) {
                // An unescaped non-ASCII byte: the JDK server reads the request line as ISO-8859-1, one char per byte.
                bytes.write(c);
            } else {
                throw new IllegalArgumentException("the user id holds a character that is not percent-encoded UTF-8");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (final CharacterCodingException e) {
            throw new IllegalArgumentException("the user id is not UTF-8 once percent-decoded");
        }
    }
}
