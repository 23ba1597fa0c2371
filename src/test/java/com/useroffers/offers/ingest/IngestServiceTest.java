package com.useroffers.offers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.useroffers.offers.fixtures.IngestClient;
import com.useroffers.offers.fixtures.IngestEvents;
import com.useroffers.offers.ingest.v1.Ack;
import com.useroffers.offers.ingest.v1.OfferEvent;
import com.useroffers.offers.ingest.v1.OfferIngestGrpc;
import com.useroffers.offers.ingest.v1.StreamAck;
import com.useroffers.offers.ops.GrafanaDashboard;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest service through a real gRPC client, in one JVM, over a {@link MockProducer} whose
 * acknowledgements the test gives (or withholds, or fails) one by one.
 */
class IngestServiceTest {

    private static final String TOPIC = "user-offers";
    private static final int MAX_IN_FLIGHT = 2;

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final IngestMetrics metrics = new IngestMetrics();
    private final IngestService service = new IngestService(producer, TOPIC, 65536, MAX_IN_FLIGHT, metrics);
    private Server server;
    private ManagedChannel channel;
    private OfferIngestGrpc.OfferIngestFutureStub client;
    private OfferIngestGrpc.OfferIngestStub streams;

    @BeforeEach
    void start() throws IOException {
        final String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(service).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        client = OfferIngestGrpc.newFutureStub(channel);
        streams = OfferIngestGrpc.newStub(channel);
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
        metrics.close();
    }

    @Test
    void shouldAckOnlyOnceTheBrokerAcknowledgedWithThePartitionAndOffset() throws Exception {
        // Given
        final var answer = client.submit(event("e-1", "u-1"));
        awaitSent(1);

        // When: not yet acknowledged, then acknowledged
        Thread.sleep(50);
        final boolean answeredEarly = answer.isDone();
        producer.completeNext();

        // Then
        assertThat(answeredEarly).as("answered before the broker acknowledged").isFalse();
        final Ack ack = answer.get(10, TimeUnit.SECONDS);
        assertThat(ack.getEventId()).isEqualTo("e-1");
        assertThat(ack.getTopic()).isEqualTo(TOPIC);
        assertThat(ack.getOffset()).isZero();
        final ProducerRecord<byte[], byte[]> written = producer.history().get(0);
        assertThat(written.key()).isEqualTo("u-1".getBytes(StandardCharsets.UTF_8));
        assertThat(written.value()).isEqualTo(EventJson.write(event("e-1", "u-1")));
        assertThat(metrics.scrape()).contains("user_offers_ingest_requests_total{application=\"user-offers-ingest\",method=\"Submit\",status=\"OK\"} 1.0");
    }

    @Test
    void shouldExportEveryIngestMetricTheDashboardQueries() throws Exception {
        // Given: one event acknowledged, one refused
        final var answer = client.submit(event("e-1", "u-1"));
        awaitSent(1);
        producer.completeNext();
        answer.get(10, TimeUnit.SECONDS);
        refusal(() -> client.submit(event("e-2", "u-2").toBuilder().setOfferCode("bad code").build()).get(10, TimeUnit.SECONDS));

        // When
        final String scrape = metrics.scrape();

        // Then: every ingest metric of deploy/grafana's dashboard is there, under the ingest service's application label
        final Set<String> queried = GrafanaDashboard.load().ingestMetricNames();
        assertThat(queried).isNotEmpty();
        for (final String name : queried) {
            assertThat(scrape).as(name).containsPattern("(?m)^" + name + "\\{[^}]*application=\"user-offers-ingest\"");
        }
    }

    @Test
    void shouldRefuseAnInvalidEventWithoutWritingIt() {
        // When
        final StatusRuntimeException refused = refusal(() -> client.submit(event("e-1", "u-1").toBuilder().setOfferCode("bad code").build()).get(10, TimeUnit.SECONDS));

        // Then
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).startsWith("INVALID: offerCode does not match");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldRefuseAnEventBeyondTheInFlightLimitWithResourceExhausted() throws Exception {
        // Given: as many events waiting for Kafka as allowed
        client.submit(event("e-1", "u-1"));
        client.submit(event("e-2", "u-2"));
        awaitSent(MAX_IN_FLIGHT);

        // When
        final StatusRuntimeException refused = refusal(() -> client.submit(event("e-3", "u-3")).get(10, TimeUnit.SECONDS));

        // Then: refused without being written; once one is acknowledged, there is room again
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(producer.history()).hasSize(MAX_IN_FLIGHT);
        producer.completeNext();
        final var next = client.submit(event("e-3", "u-3"));
        awaitSent(MAX_IN_FLIGHT + 1);
        producer.completeNext();
        producer.completeNext();
        assertThat(next.get(10, TimeUnit.SECONDS).getEventId()).isEqualTo("e-3");
    }

    @Test
    void shouldAnswerUnavailableWhenKafkaDoesNotAcknowledgeInTime() throws Exception {
        // Given
        final var answer = client.submit(event("e-1", "u-1"));
        awaitSent(1);

        // When: the producer gives up after delivery.timeout.ms
        producer.errorNext(new TimeoutException("Expiring 1 record(s) for user-offers-0"));

        // Then: the client retries; the in-flight permit is back
        final StatusRuntimeException refused = refusal(() -> answer.get(10, TimeUnit.SECONDS));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(refused.getStatus().getDescription()).contains("retry");
        assertThat(service.inFlight()).isZero();
    }

    @Test
    void shouldAckAStreamOnlyWhenEveryEventIsAcknowledgedInTheOrderSent() throws Exception {
        // Given
        final CompletableFuture<StreamAck> answer = new CompletableFuture<>();
        final StreamObserver<OfferEvent> stream = streams.submitStream(IngestClient.completing(answer));

        // When
        stream.onNext(event("e-1", "u-1"));
        stream.onNext(event("e-2", "u-2"));
        stream.onCompleted();
        awaitSent(2);
        producer.completeNext();
        Thread.sleep(50);
        final boolean answeredEarly = answer.isDone();
        producer.completeNext();

        // Then
        assertThat(answeredEarly).as("answered before every event was acknowledged").isFalse();
        assertThat(answer.get(10, TimeUnit.SECONDS).getAcksList()).extracting(Ack::getEventId).containsExactly("e-1", "e-2");
    }

    @Test
    void shouldEndAStreamAtItsFirstInvalidEventNamingIt() throws Exception {
        // Given
        final CompletableFuture<StreamAck> answer = new CompletableFuture<>();
        final StreamObserver<OfferEvent> stream = streams.submitStream(IngestClient.completing(answer));

        // When: the second event breaks a rule
        stream.onNext(event("e-1", "u-1"));
        stream.onNext(event("e-2", "u-2").toBuilder().setType("OFFER_LOST").build());
        stream.onNext(event("e-3", "u-3"));
        stream.onCompleted();

        // Then: only the event before it was written
        final StatusRuntimeException refused = refusal(() -> answer.get(10, TimeUnit.SECONDS));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).startsWith("event 1 of the stream (eventId 'e-2'): INVALID: type is not one of");
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void shouldRefuseAStreamLongerThanTheInFlightLimit() throws Exception {
        // Given: a broker that acknowledges at once
        final CompletableFuture<StreamAck> answer = new CompletableFuture<>();
        final StreamObserver<OfferEvent> stream = streams.submitStream(IngestClient.completing(answer));

        // When: one event more than may be in flight
        for (int i = 0; i <= MAX_IN_FLIGHT; i++) {
            stream.onNext(event("e-" + i, "u-1"));
            awaitSent(Math.min(i + 1, MAX_IN_FLIGHT));
            producer.completeNext();
        }
        stream.onCompleted();

        // Then
        final StatusRuntimeException refused = refusal(() -> answer.get(10, TimeUnit.SECONDS));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).contains("carries at most 2 events");
        assertThat(producer.history()).hasSize(MAX_IN_FLIGHT);
    }

    static OfferEvent event(final String eventId, final String userId) {
        return IngestEvents.assigned(eventId, userId, "SPRING25", "2026-11-20T10:00:00Z");
    }

    private void awaitSent(final int records) throws InterruptedException {
        for (int i = 0; i < 500 && producer.history().size() < records; i++) {
            Thread.sleep(10);
        }
        assertThat(producer.history()).hasSize(records);
    }


    interface Call {
        Object run() throws Exception;
    }

    static StatusRuntimeException refusal(final Call call) {
        final Exception thrown = catchThrowableOfType(Exception.class, call::run);
        assertThat(thrown).as("the call was refused").isNotNull();
        final Throwable cause = thrown instanceof StatusRuntimeException ? thrown : thrown.getCause();
        assertThat(cause).isInstanceOf(StatusRuntimeException.class);
        return (StatusRuntimeException) cause;
    }
}
