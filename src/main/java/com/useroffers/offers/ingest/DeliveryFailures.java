package com.useroffers.offers.ingest;

import com.useroffers.offers.failure.Causes;
import io.grpc.Status;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * What a client is told when Kafka did not take its event. Kafka unreachable or too slow (the
 * producer gave up after {@code offers.ingest.delivery-timeout}) is {@code UNAVAILABLE}: the client
 * retries, and the retry is safe because the processor drops an exact duplicate of an event id. A fault
 * of this service's own setup (credentials, ACLs) is {@code INTERNAL}: retrying will not help until an
 * operator fixes it, and the description says what to fix.
 */
public final class DeliveryFailures {

    private DeliveryFailures() {
    }

    public static Status status(final Throwable failure, final String topic) {
        if (Causes.find(failure, AuthenticationException.class) != null) {
            return Status.INTERNAL.withDescription("the ingest service's Kafka credentials were refused: "
                    + Causes.rootMessage(failure)).withCause(failure);
        }
        if (Causes.find(failure, AuthorizationException.class) != null) {
            return Status.INTERNAL.withDescription("the ingest service may not write to '" + topic
                    + "' (an ACL is missing): " + Causes.rootMessage(failure)).withCause(failure);
        }
        if (Causes.find(failure, TimeoutException.class) != null || Causes.find(failure, RetriableException.class) != null) {
            return Status.UNAVAILABLE.withDescription("Kafka did not acknowledge the event in time ("
                    + Causes.rootMessage(failure) + "); retry: a repeated event id is dropped as a duplicate").withCause(failure);
        }
        return Status.UNAVAILABLE.withDescription("Kafka did not take the event (" + Causes.rootMessage(failure)
                + "); retry: a repeated event id is dropped as a duplicate").withCause(failure);
    }
}
