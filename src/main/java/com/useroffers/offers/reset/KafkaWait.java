package com.useroffers.offers.reset;

import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.Awaited;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Every wait of the reset: bounded by {@link #TIMEOUT}, over at once when a stop is requested
 * ({@link Stopped}), and a failure turned into a one-line cause with its exit code.
 */
final class KafkaWait {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A stop (SIGTERM/SIGINT) was requested while the reset was waiting. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private final ShutdownSignal signal;
    private final String servers;

    KafkaWait(final ShutdownSignal signal, final String servers) {
        this.signal = signal;
        this.servers = servers;
    }

    /** @throws Stopped if a stop was requested already */
    void checkNotStopped() {
        if (signal.isRequested()) {
            throw new Stopped();
        }
    }

    /** The future's value; {@code doing} completes "while ..." in a failure's message (e.g. "describing group 'x'"). */
    <T> T get(final KafkaFuture<T> future, final String doing) {
        return getOrNull(future, doing, null);
    }

    /** The same, but {@code null} when the future fails with {@code absent} (e.g. a group that does not exist). */
    <T> T getOrNull(final KafkaFuture<T> future, final String doing, final Class<? extends Throwable> absent) {
        final Awaited<T> awaited = Awaited.await(future, TIMEOUT, signal);
        if (awaited.status() == Awaited.Status.FAILED) {
            if (absent != null && absent.isInstance(awaited.failure())) {
                return null;
            }
            throw failure(awaited.failure(), doing);
        }
        return value(awaited, TIMEOUT, doing);
    }

    /**
     * Waits for {@code future} at most {@code timeout}, or until a stop is requested.
     *
     * @throws ExecutionException with the future's own failure
     * @throws Stopped when a stop is requested first
     * @throws RunFailure with {@link ExitCodes#NO_BROKER} when the timeout passes first
     */
    <T> T get(final CompletableFuture<T> future, final Duration timeout, final String doing) throws ExecutionException {
        final Awaited<T> awaited = Awaited.await(future, timeout, signal);
        if (awaited.status() == Awaited.Status.FAILED) {
            throw new ExecutionException(awaited.failure());
        }
        return value(awaited, timeout, doing);
    }

    private <T> T value(final Awaited<T> awaited, final Duration timeout, final String doing) {
        return switch (awaited.status()) {
            case DONE -> awaited.value();
            case STOPPED -> throw new Stopped();
            case TIMED_OUT -> throw new RunFailure(ExitCodes.NO_BROKER, "no answer from Kafka at bootstrap.servers=" + servers
                    + " within " + timeout.toSeconds() + " s while " + doing + "; check that a broker is reachable, then run reset again");
            case FAILED -> throw new IllegalStateException("a failure is handled by the caller");
        };
    }

    private RunFailure failure(final Throwable cause, final String doing) {
        if (cause instanceof AuthenticationException) {
            return new RunFailure(ExitCodes.AUTHENTICATION_FAILED, "Kafka refused the credentials while " + doing + ": "
                    + Causes.rootMessage(cause), cause);
        }
        if (cause instanceof AuthorizationException) {
            return new RunFailure(ExitCodes.NOT_AUTHORIZED, "not authorized while " + doing + ": " + Causes.rootMessage(cause)
                    + "; grant the ACLs reset needs (see the operations guide)", cause);
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new RunFailure(ExitCodes.NO_BROKER, "no answer from Kafka at bootstrap.servers=" + servers + " while "
                    + doing + " (" + Causes.rootMessage(cause) + "); check that a broker is reachable, then run reset again", cause);
        }
        return new RunFailure(ExitCodes.FAILED, "failed while " + doing + ": " + Causes.rootMessage(cause), cause);
    }
}
