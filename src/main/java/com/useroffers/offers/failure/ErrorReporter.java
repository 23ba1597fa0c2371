package com.useroffers.offers.failure;

import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Turns what a command throws into an exit code and exactly one line on stderr,
 * {@code user-offers-streams: <cause>}: a {@link RunFailure} with its own code, a
 * {@link ConfigException} (a bad setting) with {@link ExitCodes#USAGE}, anything else with
 * {@link ExitCodes#FAILED} and its stack trace in the log.
 */
public final class ErrorReporter implements IExecutionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);
    /** The most bytes of the cause on the stderr line. */
    private static final int MAX_CAUSE_BYTES = 1000;

    @Override
    public int handleExecutionException(final Exception exception, final CommandLine commandLine,
                                        final ParseResult parseResult) {
        final int exitCode;
        final String cause;
        final ConfigException badSetting = Causes.find(exception, ConfigException.class);
        if (exception instanceof RunFailure failure) {
            exitCode = failure.exitCode();
            cause = failure.getMessage();
            if (failure.getCause() != null) {
                LOG.debug("{}", failure.getMessage(), failure.getCause());
            }
        } else if (badSetting != null) {
            exitCode = ExitCodes.USAGE;
            cause = "bad setting: " + badSetting.getMessage();
        } else {
            exitCode = ExitCodes.FAILED;
            cause = "unexpected failure: " + exception;
            LOG.error("Unexpected failure", exception);
        }
        commandLine.getErr().println(commandLine.getCommandSpec().root().name() + ": "
                + OneLine.of(String.valueOf(cause), MAX_CAUSE_BYTES));
        commandLine.getErr().flush();
        return exitCode;
    }
}
