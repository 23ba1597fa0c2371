package com.useroffers.offers.query;

import com.useroffers.offers.domain.StateJson;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.processor.OfferEventProcessorSupplier;
import java.util.Set;
import java.util.function.IntPredicate;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;

/**
 * Answers a query from this instance's own state store ({@link OfferEventProcessorSupplier#STATE_STORE}),
 * with Kafka Streams' interactive queries (IQv2): a {@link KeyQuery} bound to the user's partition and
 * requiring the active task, so that a standby's copy (which may lag) or a task not running is never
 * read. The state is rendered by {@link StateJson#write}, the very function the output topic's serde
 * uses, so the answer is byte-identical to the user's last record in {@code user-offer-state}.
 *
 * <p>A store being restored is never read: Kafka Streams' own check looks at the stream thread and
 * the task's role, not at whether the task has finished restoring, so the restorations this instance
 * reports ({@code RestoringPartitions}) are checked before and after the read, and a restoration of the
 * user's partition at either moment makes the answer 503 rather than a partial state.
 *
 * <p>Only committed state is read: past the record cache (which holds the writes since the last commit)
 * and at {@code READ_COMMITTED} (which skips the transactional store's staged writes). So an answer never
 * shows what {@code user-offer-state} does not hold, and a crash cannot take it back.
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
        final QueryResult<OfferState> result;
        try {
            final StateQueryResult<OfferState> results = streams.query(
                    StateQueryRequest.inStore(OfferEventProcessorSupplier.STATE_STORE)
                            .withQuery(KeyQuery.<String, OfferState>withKey(userId).skipCache())
                            .withPartitions(Set.of(partition))
                            .requireActive()
                            .withIsolationLevel(IsolationLevel.READ_COMMITTED));
            result = results.getPartitionResults().get(partition);
        } catch (final InvalidStateStoreException e) {
            return Answer.unavailable("the state store cannot be read now (" + e.getMessage() + "); ask again in a moment");
        }
        if (restoring.test(partition)) {
            return restoringAnswer(partition);
        }
        return answer(result, partition);
    }

    /** The answer for the store's result: the state, none, or unavailable with Kafka Streams' reason. */
    static Answer answer(final QueryResult<OfferState> result, final int partition) {
        if (result == null) {
            return Answer.unavailable("partition " + partition + " gave no result; ask again in a moment");
        }
        if (result.isFailure()) {
            return Answer.unavailable("partition " + partition + " cannot be queried here: " + result.getFailureReason()
                    + " (" + result.getFailureMessage() + ")" + hint(result));
        }
        final OfferState state = result.getResult();
        return state == null ? Answer.noState() : Answer.state(StateJson.write(state));
    }

    private static String hint(final QueryResult<OfferState> result) {
        return switch (result.getFailureReason()) {
            case NOT_PRESENT -> "; the task moved, or application.server is not set and another instance owns it";
            default -> "; ask again in a moment";
        };
    }

    private static Answer restoringAnswer(final int partition) {
        return Answer.unavailable("the user's partition " + partition + " is restoring its state from the changelogs"
                + " on this instance; ask again in a moment");
    }
}
