package com.useroffers.offers.processor;

import com.useroffers.offers.domain.Fingerprint;
import com.useroffers.offers.domain.OfferTransitions;
import com.useroffers.offers.domain.Transition;
import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.model.OfferEvent;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.pipeline.Envelope;
import com.useroffers.offers.pipeline.Result;
import com.useroffers.offers.pipeline.StateChange;
import java.util.Arrays;
import java.util.function.BiFunction;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Steps 4-5 of the contract for one accepted event: deduplicate by event id, then apply the
 * transition table to the user's state. Forwards a {@link StateChange} or a dead letter, or nothing
 * for an exact duplicate.
 *
 * <p>The outcome is decided completely before any store is written: a throw while deciding leaves
 * no trace, and the record becomes a {@code PROCESSING_ERROR} dead letter ({@link RecordFaults}).
 */
public final class OfferEventProcessor implements Processor<String, Envelope, String, Result<StateChange>> {

    private final long retentionMs;
    private final BiFunction<OfferState, OfferEvent, Transition> transitions;
    private ProcessorContext<String, Result<StateChange>> context;
    /** Key: userId; value: the user's whole state. */
    private KeyValueStore<String, OfferState> states;
    /** Key: {@link #dedupKey}; value: fingerprint; window start: stream time when first seen. */
    private WindowStore<String, byte[]> seenEvents;
    private OffersMetrics metrics;
    private Sensor eventsApplied;
    private Sensor duplicatesDropped;

    /**
     * @param retentionMs how long an event id is remembered, in stream time ({@code offers.dedup.retention})
     * @param maxOffers   the most offers a user may hold ({@code offers.state.max-offers})
     */
    public OfferEventProcessor(final long retentionMs, final int maxOffers) {
        this(retentionMs, (state, event) -> OfferTransitions.apply(state, event, maxOffers));
    }

    /** With another transition function: how a test makes the decision throw, as a bug triggered by content would. */
    OfferEventProcessor(final long retentionMs, final BiFunction<OfferState, OfferEvent, Transition> transitions) {
        this.retentionMs = retentionMs;
        this.transitions = transitions;
    }

    @Override
    public void init(final ProcessorContext<String, Result<StateChange>> context) {
        this.context = context;
        this.states = context.getStateStore(OfferEventProcessorSupplier.STATE_STORE);
        this.seenEvents = context.getStateStore(OfferEventProcessorSupplier.DEDUP_STORE);
        this.metrics = new OffersMetrics(context);
        this.eventsApplied = metrics.counter(OffersMetrics.EVENTS_APPLIED, "Events applied to a user's state");
        this.duplicatesDropped = metrics.counter(OffersMetrics.DUPLICATES_DROPPED, "Exact duplicates dropped");
    }

    @Override
    public void close() {
        metrics.close();
    }

    @Override
    public void process(final Record<String, Envelope> record) {
        final Envelope envelope = record.value();
        final Decision decision = RecordFaults.capture(() -> decide(envelope.event()),
                fault -> new Decision.Refused(DeadLetterReason.PROCESSING_ERROR, fault.toString()));
        if (decision instanceof Decision.Apply apply) {
            rememberEvent(apply.seen());
            saveState(envelope.event().userId(), apply.newState());
            context.forward(record.withValue(Result.ok(new StateChange(envelope.event().userId(), apply.newState()))));
            eventsApplied.record();
        } else if (decision instanceof Decision.Reject reject) {
            rememberEvent(reject.seen());
            forwardDeadLetter(record, reject.reason(), reject.error());
        } else if (decision instanceof Decision.Refused refused) {
            forwardDeadLetter(record, refused.reason(), refused.error());
        } else {
            duplicatesDropped.record();
        }
    }

    private Decision decide(final OfferEvent event) {
        final Seen seen = new Seen(dedupKey(event), Fingerprint.of(event));
        final byte[] remembered = rememberedFingerprint(seen.dedupKey());
        if (remembered != null) {
            return Arrays.equals(remembered, seen.fingerprint())
                    ? new Decision.DropDuplicate()
                    : new Decision.Refused(DeadLetterReason.DUPLICATE_CONFLICT,
                            "event id " + event.eventId() + " was seen before for this user with different content");
        }
        final Transition transition = transitions.apply(states.get(event.userId()), event);
        if (transition instanceof Transition.Applied applied) {
            return new Decision.Apply(seen, applied.newState());
        }
        if (transition instanceof Transition.OverLimit overLimit) {
            return new Decision.Reject(seen, DeadLetterReason.STATE_LIMIT, overLimit.reason());
        }
        return new Decision.Reject(seen, DeadLetterReason.INVALID_TRANSITION, ((Transition.Rejected) transition).reason());
    }

    private byte[] rememberedFingerprint(final String dedupKey) {
        final long now = context.currentStreamTimeMs();
        try (WindowStoreIterator<byte[]> found = seenEvents.fetch(dedupKey, now - retentionMs, now)) {
            return found.hasNext() ? found.next().value : null;
        }
    }

    /** Stamped with stream time, not the record's timestamp, so a late record is remembered for the full retention. */
    private void rememberEvent(final Seen seen) {
        seenEvents.put(seen.dedupKey(), seen.fingerprint(), context.currentStreamTimeMs());
    }

    private void saveState(final String userId, final OfferState newState) {
        if (newState == null) {
            states.delete(userId);
        } else {
            states.put(userId, newState);
        }
    }

    private void forwardDeadLetter(final Record<String, Envelope> record, final DeadLetterReason reason, final String error) {
        context.forward(record.withValue(Result.failed(record.value().deadLetter(reason, error))));
    }

    /** Ids are scoped per user; neither part can contain U+0000, so the pair is unambiguous. */
    static String dedupKey(final OfferEvent event) {
        return event.userId() + '\u0000' + event.eventId();
    }

    /** An event id to remember: its dedup key and the event's fingerprint. */
    private record Seen(String dedupKey, byte[] fingerprint) {
    }

    /** The fully decided outcome of one event, computed before any store is written. */
    private sealed interface Decision {

        /** An exact repeat of a remembered event: no output, nothing written. */
        record DropDuplicate() implements Decision {
        }

        /** Allowed: remember the id, save the new state ({@code null}: no offer left) and forward it. */
        record Apply(Seen seen, OfferState newState) implements Decision {
        }

        /**
         * Not allowed in the offer's status ({@code INVALID_TRANSITION}) or beyond the user's offer limit
         * ({@code STATE_LIMIT}): remember the id (a repeat is then a plain duplicate), dead-letter it.
         */
        record Reject(Seen seen, DeadLetterReason reason, String error) implements Decision {
        }

        /** Dead-lettered without a trace in the stores: a conflicting repeat, or a fault of the record. */
        record Refused(DeadLetterReason reason, String error) implements Decision {
        }
    }
}
