package com.useroffers.offers.query;

import com.useroffers.offers.domain.StateJson;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.processor.OfferEventProcessorSupplier;
import java.util.function.IntPredicate;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.InvalidStateStorePartitionException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Answers a query from this instance's own state store ({@link OfferEventProcessorSupplier#STATE_STORE}),
 * bound to the user's partition and to the active task, so that a standby's copy (which may lag) or a task
 * not running is never read. The state is rendered by {@link StateJson#write}, the very function the output
 * topic's serde uses, so the answer is byte-identical to the user's last record in {@code user-offer-state}.
 *
 * <p>Only committed state is read: the store's {@code READ_COMMITTED} view, which skips both the record
 * cache (the writes since the last commit) and the writes a transactional store has staged. So an answer
 * never shows what {@code user-offer-state} does not hold, and a crash cannot take it back. (The view is
 * Kafka Streams' {@code ReadOnlyKeyValueStore#readOnly}: in Kafka 4.4.0 an IQv2 {@code KeyQuery} is
 * answered from the record cache at any isolation level, because the metered store drops its
 * {@code skipCache} flag, as the committed-state test of {@code QueriesIT} found.)
 *
 * <p>A store being restored is never read: Kafka Streams' own check looks at the stream thread and
 * the task's role, not at whether the task has finished restoring, so the restorations this instance
 * reports ({@code RestoringPartitions}) are checked before and after the read, and a restoration of the
 * user's partition at either moment makes the answer 503 rather than a partial state.
 */
public final class LocalStates {

    private final KafkaStreams streams;
    private final IntPredicate restoring;

    /**
     * @param restoring whether a changelog partition of the task of this partition number is being
     *                  restored on this instance now
     */
    public LocalStates(final KafkaStreams streams, final IntPredicate restoring) {
        this.streams = streams;
        this.restoring = restoring;
    }

    public Answer lookUp(final String userId, final int partition) {
        if (restoring.test(partition)) {
            return restoringAnswer(partition);
        }
        final OfferState state;
        try {
            state = streams.store(StoreQueryParameters.fromNameAndType(OfferEventProcessorSupplier.STATE_STORE,
                            QueryableStoreTypes.<String, OfferState>keyValueStore()).withPartition(partition))
                    .readOnly(IsolationLevel.READ_COMMITTED)
                    .get(userId);
        } catch (final InvalidStateStorePartitionException e) {
            return notHere(partition, e);
        } catch (final InvalidStateStoreException e) {
            return Answer.unavailable("the state store cannot be read now (" + e.getMessage() + "); ask again in a moment");
        }
        if (restoring.test(partition)) {
            return restoringAnswer(partition);
        }
        return answer(state);
    }

    /** The answer for the store's value: the state, or none. */
    static Answer answer(final OfferState state) {
        return state == null ? Answer.noState() : Answer.state(StateJson.write(state));
    }

    /** The partition's active task is not on this instance (any more). */
    static Answer notHere(final int partition, final InvalidStateStorePartitionException e) {
        return Answer.unavailable("partition " + partition + " cannot be queried here (" + e.getMessage()
                + "): the task moved, or application.server is not set and another instance owns it");
    }

    private static Answer restoringAnswer(final int partition) {
        return Answer.unavailable("the user's partition " + partition + " is restoring its state from the changelogs"
                + " on this instance; ask again in a moment");
    }
}
