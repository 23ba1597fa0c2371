package com.useroffers.offers.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.ingest.v1.OfferIngestGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code offers.ingest.auth-token}: ingest calls need it, health checks do not. */
class TokenInterceptorTest {

    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final IngestMetrics metrics = new IngestMetrics();
    private final IngestHealth health = new IngestHealth();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        final String name = InProcessServerBuilder.generateName();
        final IngestService service = new IngestService(producer, "user-offers", 65536, 10, metrics);
        server = InProcessServerBuilder.forName(name)
                .addService(ServerInterceptors.intercept(service, new TokenInterceptor("s3cret", metrics)))
                .addService(health.grpc().getHealthService())
                .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        health.started();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
        metrics.close();
    }

    @Test
    void shouldRefuseACallWithoutTheTokenOrWithAnotherOne() {
        // When
        final StatusRuntimeException without = submit(null);
        final StatusRuntimeException wrong = submit("Bearer s3cre");
        final StatusRuntimeException otherScheme = submit("Basic s3cret");

        // Then: nothing written
        assertThat(without.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(without.getStatus().getDescription()).contains("authorization: Bearer");
        assertThat(wrong.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(otherScheme.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldServeACallWithTheToken() {
        // When
        final StatusRuntimeException refused = submit("Bearer s3cret");

        // Then
        assertThat(refused).isNull();
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void shouldLeaveTheHealthServiceOpenForProbes() {
        // When
        final HealthCheckResponse answer = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(IngestHealth.SERVICE).build());

        // Then
        assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    /** Submits a valid event with that {@code authorization} header (none for {@code null}); the refusal, or {@code null}. */
    private StatusRuntimeException submit(final String authorization) {
        final Metadata headers = new Metadata();
        if (authorization != null) {
            headers.put(TokenInterceptor.AUTHORIZATION, authorization);
        }
        try {
            OfferIngestGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(10, TimeUnit.SECONDS).submit(IngestServiceTest.event("e-1", "u-1"));
            return null;
        } catch (final StatusRuntimeException e) {
            return e;
        }
    }
}
