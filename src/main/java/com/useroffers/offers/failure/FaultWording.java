package com.useroffers.offers.failure;

/**
 * How one call to Kafka says, in one line, each kind of fault that can end it ({@link KafkaFaults#failure}
 * decides the kind and the exit code). The words are the command's own: each names what it was doing
 * and what to do about it.
 */
public interface FaultWording {

    /** Kafka refused the credentials (exit 6). */
    String refusedCredentials(Throwable cause);

    /** A permission is missing (exit 7). */
    String notAuthorized(Throwable cause);

    /** No broker answered in time (exit 5): {@code cause} is Kafka's own timeout, or {@code null} when the command's deadline passed first. */
    String noAnswer(Throwable cause);

    /** Anything else (its exit code is that of {@link KafkaFaults#exitCode}, or the call's own). */
    String failed(Throwable cause);
}
