package com.useroffers.offers.failure;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidSessionTimeoutException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.TopologyException;

/**
 * What Kafka's exceptions mean, in one place: the exit code of a fault found anywhere in a cause chain,
 * the one line it is reported with ({@link #failure}), and whether a new stream thread could cure it.
 * Every command's failures, {@link ExitCodes#forFault} and the run's thread failure policy read these
 * lists, so that the same fault gets the same exit code whichever command met it.
 */
public final class KafkaFaults {

    /** A fault with an exit code of its own. */
    private record Coded(Class<? extends Throwable> type, int exitCode, boolean incurable) {
    }

    /** The first type found in the chain, in this order, gives the code: credentials before permissions before topics. */
    private static final List<Coded> CODED = List.of(
            new Coded(AuthenticationException.class, ExitCodes.AUTHENTICATION_FAILED, true),
            new Coded(AuthorizationException.class, ExitCodes.NOT_AUTHORIZED, true),
            new Coded(MissingSourceTopicException.class, ExitCodes.TOPIC_MISSING, true),
            // Kafka retries it on its own (a topic just created whose metadata has not spread yet): a new thread may see it.
            new Coded(UnknownTopicOrPartitionException.class, ExitCodes.TOPIC_MISSING, false),
            // Another live instance has the same group.instance.id: a new thread would only fence it back.
            new Coded(FencedInstanceIdException.class, ExitCodes.USAGE, true),
            // The broker refuses the session timeout (outside its group.min/max.session.timeout.ms): a setting.
            new Coded(InvalidSessionTimeoutException.class, ExitCodes.USAGE, true));

    /** Faults a new thread cannot cure either, without a code of their own: a bug, a broker too old, a bad topology or setting. */
    private static final List<Class<? extends Throwable>> INCURABLE = List.of(
            Error.class,
            InvalidTopicException.class,
            UnsupportedVersionException.class,
            TopologyException.class,
            ConfigException.class);

    private KafkaFaults() {
    }

    /**
     * The code of a Kafka fault found anywhere in {@code fault}'s cause chain: refused credentials
     * ({@link ExitCodes#AUTHENTICATION_FAILED}), a missing ACL ({@link ExitCodes#NOT_AUTHORIZED}), a missing
     * topic ({@link ExitCodes#TOPIC_MISSING}), a setting the brokers refuse ({@link ExitCodes#USAGE});
     * {@code otherwise} for anything else, {@code null} included.
     */
    public static int exitCode(final Throwable fault, final int otherwise) {
        for (final Coded coded : CODED) {
            if (Causes.find(fault, coded.type()) != null) {
                return coded.exitCode();
            }
        }
        return otherwise;
    }

    /**
     * The code of a failed call to Kafka: {@link #exitCode}, and when none applies, {@link ExitCodes#NO_BROKER}
     * for Kafka's own timeout (no broker answered in time), {@code otherwise} for anything else.
     */
    public static int exitCodeOfCall(final Throwable fault, final int otherwise) {
        return exitCode(fault, isNoAnswer(fault) ? ExitCodes.NO_BROKER : otherwise);
    }

    /** Kafka gave up waiting for a broker: its own timeout is in the chain. */
    public static boolean isNoAnswer(final Throwable fault) {
        return Causes.find(fault, TimeoutException.class) != null;
    }

    /** A fault that a new stream thread would only meet again. */
    public static boolean isIncurable(final Throwable fault) {
        return CODED.stream().anyMatch(coded -> coded.incurable() && Causes.find(fault, coded.type()) != null)
                || INCURABLE.stream().anyMatch(type -> Causes.find(fault, type) != null);
    }

    /**
     * The failure of a call to Kafka, in the command's words: its code by {@link #exitCodeOfCall}, its line
     * by the kind of fault (refused credentials, a missing permission, no answer, anything else).
     */
    public static RunFailure failure(final Throwable cause, final FaultWording wording, final int otherwise) {
        final int code = exitCodeOfCall(cause, otherwise);
        final String line;
        if (code == ExitCodes.AUTHENTICATION_FAILED) {
            line = wording.refusedCredentials(cause);
        } else if (code == ExitCodes.NOT_AUTHORIZED) {
            line = wording.notAuthorized(cause);
        } else if (code == ExitCodes.NO_BROKER && isNoAnswer(cause)) {
            line = wording.noAnswer(cause);
        } else {
            line = wording.failed(cause);
        }
        return new RunFailure(code, line, cause);
    }
}
