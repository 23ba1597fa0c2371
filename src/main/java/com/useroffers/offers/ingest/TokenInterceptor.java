package com.useroffers.offers.ingest;

import com.useroffers.offers.http.BearerToken;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * {@code offers.ingest.auth-token}: a call without the metadata {@code authorization: Bearer <token>}
 * is closed with {@code UNAUTHENTICATED} before the service sees it. Applied to the ingest service
 * only: the health service stays open for probes. The check is the query endpoint's ({@link BearerToken}:
 * the same time whatever the guess).
 */
public final class TokenInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final BearerToken token;
    private final IngestMetrics metrics;

    public TokenInterceptor(final String token, final IngestMetrics metrics) {
        this.token = BearerToken.of(token);
        this.metrics = metrics;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(final ServerCall<Q, A> call, final Metadata headers,
                                                      final ServerCallHandler<Q, A> next) {
        if (token.allows(headers.get(AUTHORIZATION))) {
            return next.startCall(call, headers);
        }
        metrics.call(call.getMethodDescriptor().getBareMethodName(), Status.Code.UNAUTHENTICATED, 0);
        call.close(Status.UNAUTHENTICATED.withDescription(
                "missing or wrong token: send the metadata 'authorization: Bearer <offers.ingest.auth-token>'"), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
