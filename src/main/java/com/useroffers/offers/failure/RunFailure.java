package com.useroffers.offers.failure;

/**
 * A command cannot go on, for a reason a person can act on: carries the exit code and a one-line
 * cause, which is all that is printed on stderr (the cause's stack trace, if any, goes to the log).
 */
public final class RunFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public RunFailure(final int exitCode, final String message) {
        this(exitCode, message, null);
    }

    public RunFailure(final int exitCode, final String message, final Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
