package com.useroffers.offers.processor;

import com.useroffers.offers.domain.Fingerprint;
import com.useroffers.offers.domain.OfferTransitions;
import com.useroffers.offers.domain.Transition;
import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.model.Envelope;
import com.useroffers.offers.model.OfferEvent;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.model.Outcome;
import com.useroffers.offers.model.StateChange;
import com.useroffers.offers.topology.Names;
import java.util.Arrays;
import java.util.function.BiFunction;
import org.apache.kafka.common.KafkaException;
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
 * no trace, and the record becomes a {@code PROCESSING_ERROR} dead letter. Store and Kafka failures
 * ({@link KafkaException}) are never the record's fault; they propagate, the transaction aborts and
 * the task restarts from its last commit.
 */
public final class OfferEventProcessor implements Processor<String, Envelope, String, Outcome> {

    private final long retentionMs;
    private final BiFunction<OfferState, OfferEvent, Transition> transitions;
    private ProcessorContext<String, Outcome> context;
    /** Key: userId; value: the user's whole state. */
    private KeyValueStore<String, OfferState> states;
    /** Key: {@link #dedupKey}; value: fingerprint; window start: stream time when first seen. */
    private WindowStore<String, byte[]> seenEvents;
    private OffersMetrics metrics;
    private Sensor eventsApplied;
    private Sensor duplicatesDropped;

    public OfferEventProcessor(final long retentionMs) {
        this(retentionMs, OfferTransitions::apply);
    }

    /** With another transition function: how a test makes the decision throw, as a bug triggered by content would. */
    OfferEventProcessor(final long retentionMs, final BiFunction<OfferState, OfferEvent, Transition> transitions) {
        this.retentionMs = retentionMs;
        this.transitions = transitions;
    }

    @Override
    public void init(final ProcessorContext<String, Outcome> context) {
        this.context = context;
        this.states = context.getStateStore(Names.STATE_STORE);
        this.seenEvents = context.getStateStore(Names.DEDUP_STORE);
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
        final Decision decision;
        try {
            decision = decide(envelope.event());
        } catch (final KafkaException e) {
            throw e;
        } catch (final RuntimeException e) {
            forward(record, envelope.deadLetter(DeadLetterReason.PROCESSING_ERROR, e.toString()));
            return;
        }
        if (decision.remember()) {
            rememberEvent(decision.dedupKey(), decision.fingerprint());
        }
        if (decision.deadLetterReason() != null) {
            forward(record, envelope.deadLetter(decision.deadLetterReason(), decision.error()));
        } else if (decision.transition() != null) {
            saveState(envelope.event().userId(), decision.transition().newState());
            forward(record, new StateChange(envelope.event().userId(), decision.transition().newState()));
            eventsApplied.record();
        } else {
            duplicatesDropped.record();
        }
    }

    private Decision decide(final OfferEvent event) {
        final String dedupKey = dedupKey(event);
        final byte[] fingerprint = Fingerprint.of(event);
        final byte[] remembered = rememberedFingerprint(dedupKey);
        if (remembered != null) {
            return Arrays.equals(remembered, fingerprint)
                    ? Decision.dropDuplicate()
                    : Decision.conflict("event id " + event.eventId() + " was seen before for this user with different content");
        }
        final Transition transition = transitions.apply(states.get(event.userId()), event);
        return transition.applied()
                ? Decision.apply(dedupKey, fingerprint, transition)
                : Decision.invalidTransition(dedupKey, fingerprint, transition.rejection());
    }

    private byte[] rememberedFingerprint(final String dedupKey) {
        final long now = context.currentStreamTimeMs();
        try (WindowStoreIterator<byte[]> found = seenEvents.fetch(dedupKey, now - retentionMs, now)) {
            return found.hasNext() ? found.next().value : null;
        }
    }

    /** Stamped with stream time, not the record's timestamp, so a late record is remembered for the full retention. */
    private void rememberEvent(final String dedupKey, final byte[] fingerprint) {
        seenEvents.put(dedupKey, fingerprint, context.currentStreamTimeMs());
    }

    private void saveState(final String userId, final OfferState newState) {
        if (newState == null) {
            states.delete(userId);
        } else {
            states.put(userId, newState);
        }
    }

    private void forward(final Record<String, Envelope> record, final Outcome outcome) {
        context.forward(record.withValue(outcome));
    }

    /** Ids are scoped per user; neither part can contain U+0000, so the pair is unambiguous. */
    static String dedupKey(final OfferEvent event) {
        return event.userId() + '\u0000' + event.eventId();
    }

    /** The fully decided outcome of one event, computed before any store is written. */
    private record Decision(
            String dedupKey,
            byte[] fingerprint,
            Transition transition,
            DeadLetterReason deadLetterReason,
            String error) {

        static Decision dropDuplicate() {
            return new Decision(null, null, null, null, null);
        }

        static Decision conflict(final String error) {
            return new Decision(null, null, null, DeadLetterReason.DUPLICATE_CONFLICT, error);
        }

        static Decision invalidTransition(final String dedupKey, final byte[] fingerprint, final String error) {
            return new Decision(dedupKey, fingerprint, null, DeadLetterReason.INVALID_TRANSITION, error);
        }

        static Decision apply(final String dedupKey, final byte[] fingerprint, final Transition transition) {
            return new Decision(dedupKey, fingerprint, transition, null, null);
        }

        boolean remember() {
            return dedupKey != null;
        }
    }
}
