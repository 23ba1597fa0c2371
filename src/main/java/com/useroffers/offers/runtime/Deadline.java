package com.useroffers.offers.runtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A point in time {@code timeout} after it was set, on the monotonic clock: what is left of it bounds each
 * wait that shares it, so that a command's checks together take no longer than its timeout.
 *
 * @param timeout how long it was set for
 * @param nanos   when it passes, in {@link System#nanoTime()}
 */
public record Deadline(Duration timeout, long nanos) {

    public static Deadline in(final Duration timeout) {
        return new Deadline(timeout, System.nanoTime() + timeout.toNanos());
    }

    /** The same timeout again, from now. */
    public Deadline fresh() {
        return in(timeout);
    }

    /** What is left, negative once it passed. */
    public Duration remaining() {
        return Duration.ofNanos(nanos - System.nanoTime());
    }

    /**
     * What is left in milliseconds, at least 1 (Kafka takes 0 for "no timeout"), for the {@code timeoutMs}
     * of an Admin call: Kafka's timeout and ours then fire together, with the same outcome whichever is first.
     */
    public int remainingMs() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos - System.nanoTime())));
    }
}
