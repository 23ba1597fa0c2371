package com.useroffers.offers.ops;

import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * What {@code /health/live} and {@code /health/ready} answer, from the Kafka Streams client's state.
 *
 * <p><b>Liveness</b> asks "should the orchestrator restart this process?". Yes only when the client
 * can no longer do any work and will not recover by itself:
 * <ul>
 *   <li>{@code CREATED}, {@code REBALANCING}, {@code RUNNING}: live;</li>
 *   <li>{@code PENDING_SHUTDOWN}: live. The client is closing (committing, leaving the group);
 *       killing it now would turn a clean shutdown into an unclean one, and under exactly-once an
 *       unclean stop wipes the local state, which is then restored from the changelogs;</li>
 *   <li>{@code PENDING_ERROR}, {@code ERROR}: not live. The client has died (the uncaught-exception
 *       policy shut it down); {@code run} exits non-zero on its own, this is the second line of
 *       defence should the process linger;</li>
 *   <li>{@code NOT_RUNNING}: not live. The client was closed and does nothing any more; after a
 *       requested stop the process exits within moments, long before a probe's failure threshold.</li>
 * </ul>
 *
 * <p><b>Readiness</b> asks "is this instance doing its share of the work?". Ready in {@code RUNNING}.
 * {@code REBALANCING} is ready too once the client has been {@code RUNNING} at least once: rebalances
 * are normal and short (cooperative, so tasks keep processing), every instance of the group goes
 * through them at the same time, and a readiness that flapped on all pods together would only make
 * the PodDisruptionBudget refuse node drains and page people for nothing. Before its first
 * {@code RUNNING}, though, a starting instance is not ready: it is still joining the group and
 * restoring state, and a rolling update must wait for it before it restarts the next instance.
 * Every other state is not ready. A rebalance that never ends shows in the
 * {@code user_offers_streams_state} metric and is alerted on there.
 *
 * <p>Whatever the state, an instance whose <em>active</em> tasks are restoring state from their
 * changelogs is not ready: a restoring task processes nothing. The state alone does not show it: a
 * restoration after the first {@code RUNNING} (tasks taken over from a crashed instance, whose
 * changelogs this one restores from scratch when it has no standby of them) happens while the client
 * is {@code REBALANCING}, which is otherwise ready, and a task revived after corruption restores while
 * the client stays {@code RUNNING}. Such a restoration can last minutes, and a rolling update must not
 * take the next instance down meanwhile. Standby replicas catching up do not count: the instance does
 * its share without them. The restorations are counted by {@link RestoringPartitions}.
 *
 * <p>The state is read with {@link KafkaStreams#state()}, never through a state listener: Kafka
 * Streams allows only one, and it belongs to the run command. {@link #observe()} is called on every
 * probe and by a one-second tick, so that "has been RUNNING" is not missed between probes.
 */
public final class Health {

    private final Supplier<State> state;
    private final IntSupplier restoringPartitions;
    private volatile boolean hasBeenRunning;

    /**
     * @param state the client's state
     * @param restoringPartitions how many changelog partitions of active tasks are restoring now
     */
    public Health(final Supplier<State> state, final IntSupplier restoringPartitions) {
        this.state = state;
        this.restoringPartitions = restoringPartitions;
    }

    public static Health of(final KafkaStreams streams, final RestoringPartitions restoring) {
        return new Health(streams::state, restoring::count);
    }

    /** Reads the client's state once, remembering whether it has ever been {@code RUNNING}. */
    public State observe() {
        final State current = state.get();
        if (current == State.RUNNING) {
            hasBeenRunning = true;
        }
        return current;
    }

    public Verdict liveness() {
        final State current = observe();
        return switch (current) {
            case CREATED, REBALANCING, RUNNING -> Verdict.up(current);
            case PENDING_SHUTDOWN -> Verdict.up(current, "closing cleanly");
            case PENDING_ERROR, ERROR -> Verdict.down(current, "the Kafka Streams client has died");
            case NOT_RUNNING -> Verdict.down(current, "the Kafka Streams client is closed");
        };
    }

    public Verdict readiness() {
        final State current = observe();
        return readiness(current, hasBeenRunning, restoringPartitions.getAsInt());
    }

    /**
     * The readiness rule itself. When not ready because of a restoration, the reason says so (and how
     * many partitions), before or after the first {@code RUNNING}.
     *
     * @param current the client's state
     * @param hasBeenRunning whether the client has been {@code RUNNING} at least once
     * @param restoringPartitions how many changelog partitions of active tasks are restoring
     */
    public static Verdict readiness(final State current, final boolean hasBeenRunning, final int restoringPartitions) {
        return switch (current) {
            case RUNNING -> restoringPartitions > 0
                    ? Verdict.down(current, restoring(restoringPartitions))
                    : Verdict.up(current);
            case REBALANCING -> restoringPartitions > 0
                    ? Verdict.down(current, restoring(restoringPartitions))
                    : hasBeenRunning
                            ? Verdict.up(current, "rebalancing, was running before")
                            : Verdict.down(current, "starting: joining the group");
            case CREATED -> Verdict.down(current, "not started yet");
            case PENDING_SHUTDOWN, NOT_RUNNING -> Verdict.down(current, "shutting down");
            case PENDING_ERROR, ERROR -> Verdict.down(current, "the Kafka Streams client has died");
        };
    }

    private static String restoring(final int partitions) {
        return "restoring state: " + partitions + " active changelog partition" + (partitions == 1 ? "" : "s");
    }

    /** An answer: up or down, the state it was read from and, when useful, why. */
    public record Verdict(boolean up, State state, String reason) {

        static Verdict up(final State state) {
            return new Verdict(true, state, null);
        }

        static Verdict up(final State state, final String reason) {
            return new Verdict(true, state, reason);
        }

        static Verdict down(final State state, final String reason) {
            return new Verdict(false, state, reason);
        }

        public int httpStatus() {
            return up ? 200 : 503;
        }
    }
}
