package com.useroffers.offers.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a query answers: the status, the body and, for a 503, how many seconds to wait before asking
 * again. A state is the canonical state JSON as it is, with nothing around it (not even a newline),
 * so that it is byte-identical to the record in {@code user-offer-state}; everything else is a small
 * JSON object {@code {"error":"..."}} with one line saying why.
 */
public record Answer(int status, byte[] body, Integer retryAfterSeconds) {

    public static final String CONTENT_TYPE = "application/json";
    /** A restore or a rebalance lasts seconds: ask again in one. */
    public static final int RETRY_AFTER_SECONDS = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** 200 with the user's state, {@code json} being exactly the state record's value. */
    public static Answer state(final byte[] json) {
        return new Answer(200, json, null);
    }

    public static Answer noState() {
        return error(404, "no state for this user: no event applied, or every offer revoked (a tombstone)", null);
    }

    public static Answer notFound() {
        return error(404, "not found; a query is GET " + UserPath.PREFIX + "{userId}" + UserPath.SUFFIX
                + " with the user id percent-encoded", null);
    }

    public static Answer badRequest(final String why) {
        return error(400, why, null);
    }

    public static Answer unauthorized() {
        return error(401, "this query needs the header 'Authorization: Bearer <token>' with the token set in"
                + " offers.http.auth-token", null);
    }

    /** 503 with {@code Retry-After}: the answer exists, but not here and not now. */
    public static Answer unavailable(final String why) {
        return error(503, why, RETRY_AFTER_SECONDS);
    }

    private static Answer error(final int status, final String why, final Integer retryAfterSeconds) {
        try {
            return new Answer(status, (JSON.writeValueAsString(Map.of("error", why)) + "\n").getBytes(StandardCharsets.UTF_8),
                    retryAfterSeconds);
        } catch (final JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one-line reason of an error answer, for logs and tests. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8).strip();
    }
}
