package com.useroffers.offers.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Forwards a query, once, to the instance that owns the user's partition and relays its answer as it
 * is (status, body, {@code Retry-After}). The request is marked with {@link #FORWARDED_BY}, so that
 * the owner never forwards it again, and carries the bearer token when one is set.
 *
 * <p>Timeouts are short: the owner answers from its local store in milliseconds, and a client waiting
 * on a dead owner (crashed, its partitions not yet moved: up to {@code session.timeout.ms}) is better
 * told 503 and to ask again than kept hanging.
 */
public final class Forwarder {

    /** The header of a forwarded request: the forwarding instance's {@code application.server}. */
    public static final String FORWARDED_BY = "X-Offers-Forwarded-By";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http;
    private final String self;
    private final String authorization;

    /**
     * @param self          this instance's {@code application.server}
     * @param authorization the {@code Authorization} header to send, or {@code null}
     */
    public Forwarder(final String self, final String authorization) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.self = self;
        this.authorization = authorization;
    }

    /** The owner's answer to {@code rawPath}, or 503 when it cannot be had in time. */
    public Answer forward(final HostInfo owner, final String rawPath) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri(owner, rawPath))
                .timeout(REQUEST_TIMEOUT)
                .header(FORWARDED_BY, self)
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            final HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            final Integer retryAfter = response.headers().firstValue("Retry-After")
                    .map(Forwarder::seconds).orElse(response.statusCode() == 503 ? Answer.RETRY_AFTER_SECONDS : null);
            return new Answer(response.statusCode(), response.body(), retryAfter);
        } catch (final IOException e) {
            return Answer.unavailable("the owner of the user's partition, " + Routing.endpoint(owner)
                    + ", did not answer (" + e.getClass().getSimpleName() + "); ask again in a moment");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.unavailable("interrupted while asking " + Routing.endpoint(owner));
        }
    }

    static URI uri(final HostInfo owner, final String rawPath) {
        final String host = owner.host().contains(":") ? "[" + owner.host() + "]" : owner.host();
        return URI.create("http://" + host + ":" + owner.port() + rawPath);
    }

    private static Integer seconds(final String retryAfter) {
        try {
            return Integer.valueOf(retryAfter.strip());
        } catch (final NumberFormatException e) {
            return Answer.RETRY_AFTER_SECONDS;
        }
    }
}
