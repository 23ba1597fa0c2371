package com.useroffers.offers.run;

import com.useroffers.offers.failure.KafkaFaults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a stream thread dies. Bad records never get here (the topology dead-letters them),
 * so what does is a fault of the infrastructure or a bug:
 * <ul>
 *   <li>a fault a new thread cannot cure (an {@link Error}, refused credentials or permissions, a
 *       missing source topic, a broker too old, a topology or configuration error, a
 *       {@code group.instance.id} that another live instance uses): shut the client down at once;</li>
 *   <li>anything else: replace the thread. Under exactly-once its tasks start again from their last
 *       commit, so a transient fault costs a retry, not a record. At most {@link #MAX_REPLACEMENTS}
 *       replacements within {@link #WINDOW}; the next failure shuts the client down, so that a fault
 *       that keeps coming back ends in the ERROR state, a non-zero exit and a restart by the
 *       orchestrator rather than a silent crash loop inside one process.</li>
 * </ul>
 * The failure that shut the client down is kept for the one-line exit message.
 */
public final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {

    public static final int MAX_REPLACEMENTS = 3;
    public static final Duration WINDOW = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(ThreadFailurePolicy.class);

    private final Clock clock;
    private final Deque<Instant> replacements = new ArrayDeque<>();
    private volatile Throwable fatal;

    public ThreadFailurePolicy() {
        this(Clock.systemUTC());
    }

    public ThreadFailurePolicy(final Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(final Throwable exception) {
        final Instant now = clock.instant();
        while (!replacements.isEmpty() && !replacements.peekFirst().isAfter(now.minus(WINDOW))) {
            replacements.removeFirst();
        }
        if (isIncurable(exception)) {
            LOG.error("A stream thread failed with {}: a new thread cannot cure this, shutting the client down", exception.toString());
            fatal = exception;
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (replacements.size() >= MAX_REPLACEMENTS) {
            LOG.error("A stream thread failed with {}, the {}th failure within {}: shutting the client down",
                    exception.toString(), MAX_REPLACEMENTS + 1, WINDOW);
            fatal = exception;
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        LOG.warn("A stream thread failed with {}: replacing it ({} of {} within {}); its tasks resume from their last commit",
                exception.toString(), replacements.size(), MAX_REPLACEMENTS, WINDOW);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The failure that made this policy shut the client down, or {@code null}. */
    public Throwable fatal() {
        return fatal;
    }

    /** The list is {@link KafkaFaults}', shared with the exit codes: a fault that ends the client has a code of its own. */
    static boolean isIncurable(final Throwable exception) {
        return KafkaFaults.isIncurable(exception);
    }
}
