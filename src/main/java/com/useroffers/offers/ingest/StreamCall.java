package com.useroffers.offers.ingest;

import com.useroffers.offers.ingest.v1.Ack;
import com.useroffers.offers.ingest.v1.OfferEvent;
import com.useroffers.offers.ingest.v1.StreamAck;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code SubmitStream} call: all or error. Each event is checked and sent as it arrives; the first
 * refusal (a broken rule, too many in flight, Kafka not acknowledging) ends the call with that status at
 * once, naming the event; otherwise, when the client has sent its last event, the answer waits until
 * Kafka acknowledged every one and carries their acks in order. Events sent before an error may have
 * been written: the client retries the whole stream, which the processor's deduplication makes safe.
 * A call carries at most {@code offers.ingest.max-in-flight} events, since their acks are kept until
 * the answer.
 *
 * <p>gRPC delivers {@code onNext}/{@code onCompleted} one at a time; acknowledgements arrive on the
 * producer's thread, hence {@link #answered} to answer exactly once.
 */
final class StreamCall implements StreamObserver<OfferEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamCall.class);

    private final IngestService service;
    private final StreamObserver<StreamAck> observer;
    private final long start = System.nanoTime();
    private final List<CompletableFuture<Ack>> acks = new ArrayList<>();
    private final AtomicBoolean answered = new AtomicBoolean();

    StreamCall(final IngestService service, final StreamObserver<StreamAck> observer) {
        this.service = service;
        this.observer = observer;
    }

    @Override
    public void onNext(final OfferEvent event) {
        if (answered.get()) {
            return;
        }
        final int index = acks.size();
        if (index == service.maxStreamEvents()) {
            // Each event's Ack is kept until the answer: an endless stream must not grow memory without bound.
            service.event(Status.Code.INVALID_ARGUMENT);
            fail(Status.INVALID_ARGUMENT.withDescription("a SubmitStream call carries at most " + index
                    + " events (offers.ingest.max-in-flight): split it into smaller calls"));
            return;
        }
        final CompletableFuture<Ack> ack;
        try {
            final Submission submission = service.checker().check(event);
            ack = service.write(submission);
        } catch (final StatusException refused) {
            service.event(refused.getStatus().getCode());
            fail(named(refused.getStatus(), index, event.getEventId()));
            return;
        }
        acks.add(ack);
        ack.whenComplete((done, failure) -> {
            final Status status = failure == null ? Status.OK : Status.fromThrowable(failure);
            service.event(status.getCode());
            if (!status.isOk()) {
                fail(named(status, index, event.getEventId()));
            }
        });
    }

    @Override
    public void onError(final Throwable cancelled) {
        // The client cancelled or went away: there is no one to answer. Events already sent still land.
        if (answered.compareAndSet(false, true)) {
            service.finished(IngestService.SUBMIT_STREAM, start, Status.CANCELLED);
        }
    }

    @Override
    public void onCompleted() {
        if (answered.get()) {
            return;
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
            if (failure != null) {
                return; // the failed event's own callback has answered
            }
            final StreamAck.Builder answer = StreamAck.newBuilder();
            acks.forEach(ack -> answer.addAcks(ack.join()));
            if (answered.compareAndSet(false, true)) {
                service.finished(IngestService.SUBMIT_STREAM, start, Status.OK);
                try {
                    observer.onNext(answer.build());
                    observer.onCompleted();
                } catch (final RuntimeException gone) {
                    LOG.debug("Could not answer a SubmitStream call (client gone): {}", gone.toString());
                }
            }
        });
    }

    private void fail(final Status status) {
        if (answered.compareAndSet(false, true)) {
            service.finished(IngestService.SUBMIT_STREAM, start, status);
            try {
                observer.onError(status.asException());
            } catch (final RuntimeException gone) {
                LOG.debug("Could not answer a SubmitStream call (client gone): {}", gone.toString());
            }
        }
    }

    private static Status named(final Status status, final int index, final String eventId) {
        return status.withDescription("event " + index + " of the stream (eventId '" + eventId + "'): "
                + status.getDescription());
    }
}
