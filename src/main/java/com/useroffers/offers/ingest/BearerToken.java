package com.useroffers.offers.ingest;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code offers.ingest.auth-token}: a call without the metadata {@code authorization: Bearer <token>}
 * is closed with {@code UNAUTHENTICATED} before the service sees it. Applied to the ingest service
 * only: the health service stays open for probes. The comparison takes the same time wherever the
 * tokens differ, so that the token cannot be guessed byte by byte from response times.
 */
public final class BearerToken implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String SCHEME = "Bearer ";

    private final byte[] expected;
    private final IngestMetrics metrics;

    public BearerToken(final String token, final IngestMetrics metrics) {
        this.expected = (SCHEME + token).getBytes(StandardCharsets.UTF_8);
        this.metrics = metrics;
    }

    /** Whether an {@code authorization} header value ({@code null} when absent) carries the token. */
    boolean accepts(final String authorization) {
        return authorization != null && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(final ServerCall<Q, A> call, final Metadata headers,
                                                      final ServerCallHandler<Q, A> next) {
        if (accepts(headers.get(AUTHORIZATION))) {
            return next.startCall(call, headers);
        }
        metrics.call(call.getMethodDescriptor().getBareMethodName(), Status.Code.UNAUTHENTICATED, 0);
        call.close(Status.UNAUTHENTICATED.withDescription(
                "missing or wrong token: send the metadata 'authorization: Bearer <offers.ingest.auth-token>'"), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
