package com.useroffers.offers.processor;

import com.useroffers.offers.domain.Fingerprint;
import com.useroffers.offers.domain.OfferTransitions;
import com.useroffers.offers.domain.Transition;
import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.model.OfferEvent;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.model.RememberedEvent;
import com.useroffers.offers.pipeline.Envelope;
import com.useroffers.offers.pipeline.Result;
import com.useroffers.offers.pipeline.StateChange;
import com.useroffers.offers.pipeline.RedriveHeaders;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps 4-5 of the contract for one accepted event: deduplicate by event id, then apply the
 * transition table to the user's state. Forwards a {@link StateChange} or a dead letter, or nothing
 * for an exact duplicate. A redrive (header {@code offers.redrive.of}) of an id remembered only as
 * dead-lettered is evaluated again rather than dropped (see {@link #decide}).
 *
 * <p>The outcome is decided completely before any store is written: a throw while deciding leaves
 * no trace, and the record becomes a {@code PROCESSING_ERROR} dead letter ({@link RecordFaults}).
 */
public final class OfferEventProcessor implements Processor<String, Envelope, String, Result<StateChange>> {

    private static final Logger LOG = LoggerFactory.getLogger(OfferEventProcessor.class);

    private final long retentionMs;
    private final SeenIdsFilter.Memory filterMemory;
    private final BiFunction<OfferState, OfferEvent, Transition> transitions;
    private ProcessorContext<String, Result<StateChange>> context;
    /** Key: userId; value: the user's whole state. */
    private KeyValueStore<String, OfferState> states;
    /** Key: {@link #dedupKey}; value: fingerprint and outcome; window start: stream time when last evaluated. */
    private WindowStore<String, RememberedEvent> seenEvents;
    /** The ids {@link #seenEvents} certainly does not hold, in memory (see {@link SeenIdsFilter}). */
    private SeenIds seenIds;
    private boolean warnedBlind;
    private OffersMetrics metrics;
    private Sensor eventsApplied;
    private Sensor duplicatesDropped;
    private Sensor redrivesReevaluated;
    private Sensor redrivesApplied;
    private Sensor redrivesRejected;

    /**
     * @param retentionMs how long an event id is remembered, in stream time ({@code offers.dedup.retention})
     * @param maxOffers    the most offers a user may hold ({@code offers.state.max-offers})
     * @param filterMemory the memory budget of the dedup filters, shared by the instance's tasks
     */
    OfferEventProcessor(final long retentionMs, final int maxOffers, final SeenIdsFilter.Memory filterMemory) {
        this(retentionMs, (state, event) -> OfferTransitions.apply(state, event, maxOffers), filterMemory);
    }

    /** With another transition function: how a test makes the decision throw, as a bug triggered by content would. */
    OfferEventProcessor(final long retentionMs, final BiFunction<OfferState, OfferEvent, Transition> transitions,
                        final SeenIdsFilter.Memory filterMemory) {
        this.retentionMs = retentionMs;
        this.transitions = transitions;
        this.filterMemory = filterMemory;
    }

    @Override
    public void init(final ProcessorContext<String, Result<StateChange>> context) {
        this.context = context;
        this.states = context.getStateStore(OfferEventProcessorSupplier.STATE_STORE);
        this.seenEvents = context.getStateStore(OfferEventProcessorSupplier.DEDUP_STORE);
        this.seenIds = SeenIds.load("dedup-filter-" + context.taskId(), filterMemory, this::loadSeenIds);
        this.metrics = new OffersMetrics(context);
        this.eventsApplied = metrics.counter(OffersMetrics.EVENTS_APPLIED, "Events applied to a user's state");
        this.duplicatesDropped = metrics.counter(OffersMetrics.DUPLICATES_DROPPED, "Exact duplicates dropped");
        this.redrivesReevaluated = metrics.counter(OffersMetrics.REDRIVES_REEVALUATED,
                "Redriven records evaluated against the user's state (not dropped as duplicates)");
        this.redrivesApplied = metrics.counter(OffersMetrics.REDRIVES_APPLIED, "Redriven records applied");
        this.redrivesRejected = metrics.counter(OffersMetrics.REDRIVES_REJECTED,
                "Redriven records dead-lettered again by the transition table (INVALID_TRANSITION, STATE_LIMIT)");
    }

    @Override
    public void close() {
        if (seenIds != null) {
            seenIds.close();
            seenIds = null;
        }
        metrics.close();
    }

    /**
     * Every id the dedup store holds, scanned on a thread of its own ({@link SeenIds}). Kafka Streams calls
     * {@link #init} once the task's stores are restored, so after a crash, a rebalance or a standby taking
     * over the filter starts from the whole store, once per task start; {@code ./bench.sh --parts} measures
     * the scan's cost per id ({@code StoreParts.filterLoadPerId}).
     */
    private SeenIdsFilter loadSeenIds(final BooleanSupplier stop) {
        final SeenIdsFilter filter = SeenIdsFilter.load(retentionMs, filterMemory, seenEvents, stop);
        if (!stop.getAsBoolean()) {
            LOG.info("Task {}: dedup filter loaded with {} remembered ids ({} KiB)", context.taskId(), filter.ids(),
                    filter.bytes() >> 10);
        }
        return filter;
    }

    @Override
    public void process(final Record<String, Envelope> record) {
        seenIds.catchUp();
        final Envelope envelope = record.value();
        final boolean redrive = RedriveHeaders.isRedrive(record.headers());
        final Decision decision = RecordFaults.capture(() -> decide(envelope.event(), redrive),
                fault -> new Decision.Refused(DeadLetterReason.PROCESSING_ERROR, fault.toString()));
        if (decision instanceof Decision.Apply apply) {
            rememberEvent(apply.seen(), RememberedEvent.Outcome.APPLIED);
            saveState(envelope.event().userId(), apply.newState());
            context.forward(record.withValue(Result.ok(new StateChange(envelope.event().userId(), apply.newState()))));
            eventsApplied.record();
            countRedrive(redrive, redrivesApplied);
        } else if (decision instanceof Decision.Reject reject) {
            rememberEvent(reject.seen(), RememberedEvent.Outcome.rejected(reject.reason()));
            forwardDeadLetter(record, reject.reason(), reject.error());
            countRedrive(redrive, redrivesRejected);
        } else if (decision instanceof Decision.Refused refused) {
            forwardDeadLetter(record, refused.reason(), refused.error());
        } else {
            duplicatesDropped.record();
        }
    }

    /**
     * A remembered id is a duplicate (or a conflict), except that a redrive of an id remembered only as
     * dead-lettered by the transition table is evaluated again: its cause may be gone (the assignment a
     * redeem needed has arrived). An applied id stays applied, whatever carries it.
     */
    private Decision decide(final OfferEvent event, final boolean redrive) {
        final byte[] fingerprint = Fingerprint.of(event);
        final String dedupKey = dedupKey(event);
        final KeyValue<Long, RememberedEvent> remembered = remembered(dedupKey);
        if (remembered != null) {
            if (!remembered.value.sameEvent(fingerprint)) {
                return new Decision.Refused(DeadLetterReason.DUPLICATE_CONFLICT,
                        "event id " + event.eventId() + " was seen before for this user with different content");
            }
            if (!redrive || remembered.value.isApplied()) {
                return new Decision.DropDuplicate();
            }
        }
        final Seen seen = new Seen(dedupKey, fingerprint, remembered == null ? null : remembered.key);
        final Transition transition = transitions.apply(states.get(event.userId()), event);
        if (transition instanceof Transition.Applied applied) {
            return new Decision.Apply(seen, applied.newState());
        }
        if (transition instanceof Transition.OverLimit overLimit) {
            return new Decision.Reject(seen, DeadLetterReason.STATE_LIMIT, overLimit.reason());
        }
        return new Decision.Reject(seen, DeadLetterReason.INVALID_TRANSITION, ((Transition.Rejected) transition).reason());
    }

    /** The id's memory within the retention, keyed by the stream time it was stamped with; {@code null} if none. */
    private KeyValue<Long, RememberedEvent> remembered(final String dedupKey) {
        final long now = context.currentStreamTimeMs();
        if (!seenIds.mightContain(dedupKey, now)) {
            return null;
        }
        warnIfBlind();
        try (WindowStoreIterator<RememberedEvent> found = seenEvents.fetch(dedupKey, now - retentionMs, now)) {
            return found.hasNext() ? found.next() : null;
        }
    }

    /**
     * Stamped with stream time, not the record's timestamp, so a late record is remembered for the full
     * retention. An id evaluated again replaces its earlier memory (one entry per id, and the retention
     * counts from the last evaluation).
     */
    private void rememberEvent(final Seen seen, final RememberedEvent.Outcome outcome) {
        final long now = context.currentStreamTimeMs();
        if (seen.rememberedAt() != null && seen.rememberedAt() != now) {
            seenEvents.put(seen.dedupKey(), null, seen.rememberedAt());
        }
        seenEvents.put(seen.dedupKey(), new RememberedEvent(seen.fingerprint(), outcome), now);
        seenIds.add(seen.dedupKey(), now);
    }

    /** Once per task: the filters' budget is spent, so this task looks every id up in the store (correct, slower). */
    private void warnIfBlind() {
        if (seenIds.blind() && !warnedBlind) {
            warnedBlind = true;
            LOG.warn("Task {}: the dedup filters' memory ({} MiB per instance) is spent; ids are looked up in the store, "
                    + "which is slower (more ids within offers.dedup.retention than the filters hold)",
                    context.taskId(), OfferEventProcessorSupplier.DEDUP_FILTER_MEMORY >> 20);
        }
    }

    private void countRedrive(final boolean redrive, final Sensor outcome) {
        if (redrive) {
            redrivesReevaluated.record();
            outcome.record();
        }
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

    /**
     * An event id to remember: its dedup key, the event's fingerprint and, for an id evaluated again,
     * the stream time its earlier memory was stamped with ({@code null} for a new id).
     */
    private record Seen(String dedupKey, byte[] fingerprint, Long rememberedAt) {
    }

    /** The fully decided outcome of one event, computed before any store is written. */
    private sealed interface Decision {

        /** An exact repeat of a remembered event: no output, nothing written. */
        record DropDuplicate() implements Decision {
        }

        /** Allowed: remember the id as applied, save the new state ({@code null}: no offer left) and forward it. */
        record Apply(Seen seen, OfferState newState) implements Decision {
        }

        /**
         * Not allowed in the offer's status ({@code INVALID_TRANSITION}) or beyond the user's offer limit
         * ({@code STATE_LIMIT}): remember the id with that outcome (a plain repeat is then a duplicate, a
         * redrive is evaluated again), dead-letter it.
         */
        record Reject(Seen seen, DeadLetterReason reason, String error) implements Decision {
        }

        /** Dead-lettered without a trace in the stores: a conflicting repeat, or a fault of the record. */
        record Refused(DeadLetterReason reason, String error) implements Decision {
        }
    }
}
