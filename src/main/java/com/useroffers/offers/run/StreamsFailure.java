package com.useroffers.offers.run;

import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.KafkaFaults;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.security.RunAccess;
import java.util.Properties;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidSessionTimeoutException;

/**
 * The exit of a Kafka Streams client that stopped on an error of its own (the one its
 * {@link ThreadFailurePolicy} kept): the exit code of the fault, and one line saying what to do about
 * it, which for a denial names the ACL to grant.
 */
final class StreamsFailure {

    private StreamsFailure() {
    }

    /** {@code fatal} is {@code null} when the client reached ERROR without a thread failing through the policy. */
    static RunFailure of(final Throwable fatal, final RunAccess access, final Properties streamsProps) {
        final String denied = fatal == null ? null : access.deniedLine(fatal);
        return new RunFailure(KafkaFaults.exitCode(fatal, ExitCodes.FAILED),
                denied != null ? denied : "Kafka Streams stopped after an error: " + describe(fatal, streamsProps), fatal);
    }

    private static String describe(final Throwable fatal, final Properties streamsProps) {
        if (fatal == null) {
            return "the client entered the ERROR state (see the log)";
        }
        if (Causes.find(fatal, FencedInstanceIdException.class) != null) {
            return "another live instance uses the same group.instance.id: give each instance its own, stable across its"
                    + " restarts (on Kubernetes the pod name), or leave it unset and give each instance its own state.dir,"
                    + " never a copy of another's";
        }
        if (Causes.find(fatal, InvalidSessionTimeoutException.class) != null) {
            return "the brokers refuse session.timeout.ms=" + CloseTimeout.sessionTimeoutMs(streamsProps)
                    + " (outside their group.min.session.timeout.ms..group.max.session.timeout.ms): set session.timeout.ms"
                    + " within those (" + Causes.rootMessage(fatal) + ")";
        }
        final String root = Causes.rootMessage(fatal);
        return fatal.getClass().getSimpleName() + ": " + (fatal.getMessage() == null ? root : fatal.getMessage())
                + (root.equals(fatal.getMessage()) ? "" : " (cause: " + root + ")");
    }
}
