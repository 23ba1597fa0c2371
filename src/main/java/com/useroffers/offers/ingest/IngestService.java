package com.useroffers.offers.ingest;

import com.useroffers.offers.ingest.v1.Ack;
import com.useroffers.offers.ingest.v1.OfferEvent;
import com.useroffers.offers.ingest.v1.OfferIngestGrpc;
import com.useroffers.offers.ingest.v1.StreamAck;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code OfferIngest} service: checks each event with the processor's own reader
 * ({@link Submission.Checker}), takes one of {@code offers.ingest.max-in-flight} permits, writes it to
 * the input topic keyed by {@code userId}, and answers only once the broker acknowledged it
 * ({@code acks=all}). See {@code ingest.proto} for the statuses a client can get.
 */
public final class IngestService extends OfferIngestGrpc.OfferIngestImplBase {

    static final String SUBMIT = "Submit";
    static final String SUBMIT_STREAM = "SubmitStream";

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Submission.Checker checker;
    private final int maxInFlight;
    private final Semaphore permits;
    private final IngestMetrics metrics;
    private volatile boolean stopping;

    public IngestService(final Producer<byte[], byte[]> producer, final String topic, final int maxEventBytes,
                         final int maxInFlight, final IngestMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.checker = new Submission.Checker(maxEventBytes);
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.metrics = metrics;
    }

    /** Events accepted and not yet acknowledged by Kafka. */
    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    /**
     * From now on, events of streams already open are refused with {@code UNAVAILABLE} (the server
     * refuses new calls itself); unary calls and events already sent go on to their answer.
     */
    public void stopAccepting() {
        stopping = true;
    }

    @Override
    public void submit(final OfferEvent request, final StreamObserver<Ack> observer) {
        final long start = System.nanoTime();
        final CompletableFuture<Ack> ack;
        try {
            ack = write(checker.check(request));
        } catch (final StatusException refused) {
            metrics.event(refused.getStatus().getCode());
            answer(observer, SUBMIT, start, refused.getStatus(), null);
            return;
        }
        ack.whenComplete((done, failure) -> {
            final Status status = failure == null ? Status.OK : Status.fromThrowable(failure);
            metrics.event(status.getCode());
            answer(observer, SUBMIT, start, status, done);
        });
    }

    @Override
    public StreamObserver<OfferEvent> submitStream(final StreamObserver<StreamAck> observer) {
        return new StreamCall(this, observer);
    }

    /**
     * Sends the event; the future completes with its {@link Ack} once the broker acknowledged it, or
     * fails with a {@link StatusException}. Refuses at once, without sending, when the service is
     * stopping or when {@code offers.ingest.max-in-flight} events are already waiting for Kafka.
     */
    CompletableFuture<Ack> write(final Submission submission) throws StatusException {
        if (stopping) {
            throw Status.UNAVAILABLE.withDescription("the ingest service is stopping; retry").asException();
        }
        if (!permits.tryAcquire()) {
            throw Status.RESOURCE_EXHAUSTED.withDescription(maxInFlight
                    + " events are already waiting for Kafka (offers.ingest.max-in-flight); retry later").asException();
        }
        final CompletableFuture<Ack> ack = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, submission.key(), submission.value()), (metadata, failure) -> {
                permits.release();
                if (failure != null) {
                    ack.completeExceptionally(DeliveryFailures.status(failure, topic).asException());
                } else {
                    ack.complete(Ack.newBuilder().setEventId(submission.eventId()).setTopic(metadata.topic())
                            .setPartition(metadata.partition()).setOffset(metadata.offset()).build());
                }
            });
        } catch (final RuntimeException failure) {
            // send() itself failed (max.block.ms passed, or the producer is closed): the callback never runs.
            permits.release();
            throw DeliveryFailures.status(failure, topic).asException();
        }
        return ack;
    }

    /** The most events one {@code SubmitStream} call may carry: as many as may be in flight. */
    int maxStreamEvents() {
        return maxInFlight;
    }

    Submission.Checker checker() {
        return checker;
    }

    void finished(final String method, final long start, final Status status) {
        metrics.call(method, status.getCode(), System.nanoTime() - start);
        if (status.getCode() == Status.Code.INTERNAL) {
            LOG.error("{} failed: {}", method, status.getDescription(), status.getCause());
        }
    }

    void event(final Status.Code status) {
        metrics.event(status);
    }

    /** Answers a unary call; a client that has gone meanwhile is no fault of ours. */
    private <T> void answer(final StreamObserver<T> observer, final String method, final long start,
                            final Status status, final T value) {
        finished(method, start, status);
        try {
            if (status.isOk()) {
                observer.onNext(value);
                observer.onCompleted();
            } else {
                observer.onError(status.asException());
            }
        } catch (final RuntimeException gone) {
            LOG.debug("Could not answer a {} call (client gone): {}", method, gone.toString());
        }
    }
}
