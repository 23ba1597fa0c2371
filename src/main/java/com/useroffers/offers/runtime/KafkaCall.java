package com.useroffers.offers.runtime;

import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.FaultWording;
import com.useroffers.offers.failure.KafkaFaults;
import com.useroffers.offers.failure.RunFailure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The one way a command waits on Kafka: every wait of one {@code KafkaCall} shares its deadline, gives way
 * at once to a stop request ({@link Stopped}), and ends a failure as a {@link RunFailure} with the exit
 * code of {@link KafkaFaults} and a line in the command's words ({@link FaultWording}). Commands differ
 * only in what they do with a value and in their words; they never time, poll or classify on their own.
 */
public final class KafkaCall {

    /** A stop (SIGTERM/SIGINT) was requested while waiting: the command ends as stopped, not as failed. */
    public static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private final ShutdownSignal signal;
    private final Deadline deadline;

    private KafkaCall(final ShutdownSignal signal, final Deadline deadline) {
        this.signal = signal;
        this.deadline = deadline;
    }

    /** Waits that all end by {@code timeout} from now. */
    public static KafkaCall within(final Duration timeout, final ShutdownSignal signal) {
        return new KafkaCall(signal, Deadline.in(timeout));
    }

    /** The same timeout again, from now: for a command that gives each step a budget of its own. */
    public KafkaCall fresh() {
        return new KafkaCall(signal, deadline.fresh());
    }

    public Duration timeout() {
        return deadline.timeout();
    }

    /** See {@link Deadline#remainingMs()}. */
    public int remainingMs() {
        return deadline.remainingMs();
    }

    /** @throws Stopped if a stop was requested already */
    public void checkNotStopped() {
        if (signal.isRequested()) {
            throw new Stopped();
        }
    }

    /**
     * The future's value.
     *
     * @throws Stopped when a stop is requested first
     * @throws RunFailure the future's failure or the deadline, said by {@code wording}
     */
    public <T> T get(final KafkaFuture<T> future, final FaultWording wording) {
        return getOrNull(future, wording, null);
    }

    /** The same, but {@code null} when the future fails with {@code absent} (e.g. a group that does not exist). */
    public <T> T getOrNull(final KafkaFuture<T> future, final FaultWording wording, final Class<? extends Throwable> absent) {
        final Awaited<T> outcome = await(future, wording);
        if (outcome.status() == Awaited.Status.FAILED) {
            if (absent != null && absent.isInstance(outcome.failure())) {
                return null;
            }
            throw failure(outcome.failure(), wording);
        }
        return outcome.value();
    }

    /**
     * The future's value or its own failure ({@link Awaited.Status#DONE} or {@link Awaited.Status#FAILED}),
     * for a caller to whom some failures are an answer (a topic that does not exist, a permission not held);
     * it passes the others to {@link #failure}. Kafka's own timeout is no answer, as the deadline is: the
     * Admin call's {@code timeoutMs} is the rest of the same deadline ({@link #remainingMs}).
     *
     * @throws Stopped when a stop is requested first
     * @throws RunFailure {@link ExitCodes#NO_BROKER} when the deadline passes first or Kafka's own timeout does
     */
    public <T> Awaited<T> await(final KafkaFuture<T> future, final FaultWording wording) {
        final Awaited<T> outcome = settled(Awaited.await(future, deadline.remaining(), signal), wording);
        if (outcome.failure() instanceof TimeoutException) {
            throw failure(outcome.failure(), wording);
        }
        return outcome;
    }

    /**
     * {@link #await(KafkaFuture, FaultWording)} for work of our own that waits on Kafka (e.g. a tool run on a
     * thread): its every failure, a timeout included, is the caller's to say.
     */
    public <T> Awaited<T> await(final CompletableFuture<T> future, final FaultWording wording) {
        return settled(Awaited.await(future, deadline.remaining(), signal), wording);
    }

    /** A failure of Kafka's, said by {@code wording}, with exit code {@link ExitCodes#FAILED} when no fault of its own applies. */
    public RunFailure failure(final Throwable cause, final FaultWording wording) {
        return KafkaFaults.failure(cause, wording, ExitCodes.FAILED);
    }

    private static <T> Awaited<T> settled(final Awaited<T> outcome, final FaultWording wording) {
        return switch (outcome.status()) {
            case STOPPED -> throw new Stopped();
            case TIMED_OUT -> throw new RunFailure(ExitCodes.NO_BROKER, wording.noAnswer(null));
            default -> outcome;
        };
    }
}
