package com.useroffers.offers.reset;

import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.FaultWording;
import java.time.Duration;

/**
 * The reset's words for a wait on Kafka that failed: what it was {@code doing} (e.g. "describing group
 * 'x'"), and what to do next, which for a broker that did not answer is to run reset again.
 */
record WhileResetting(String servers, Duration timeout, String doing) implements FaultWording {

    /** How long each wait of the reset may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    WhileResetting(final String servers, final String doing) {
        this(servers, TIMEOUT, doing);
    }

    @Override
    public String refusedCredentials(final Throwable cause) {
        return "Kafka refused the credentials while " + doing + ": " + Causes.rootMessage(cause);
    }

    @Override
    public String notAuthorized(final Throwable cause) {
        return "not authorized while " + doing + ": " + Causes.rootMessage(cause)
                + "; grant the ACLs reset needs (see the operations guide)";
    }

    @Override
    public String noAnswer(final Throwable cause) {
        return "no answer from Kafka at bootstrap.servers=" + servers
                + (cause == null ? " within " + timeout.toSeconds() + " s while " + doing
                        : " while " + doing + " (" + Causes.rootMessage(cause) + ")")
                + "; check that a broker is reachable, then run reset again";
    }

    @Override
    public String failed(final Throwable cause) {
        return "failed while " + doing + ": " + Causes.rootMessage(cause);
    }
}
