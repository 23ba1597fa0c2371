package com.useroffers.offers.failure;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command throws into an exit code and exactly one line on stderr,
 * {@code user-offers-streams: <cause>}: a {@link RunFailure} with its own code, a
 * {@link ConfigException} (a bad setting) with {@link ExitCodes#USAGE}, anything else with
 * {@link ExitCodes#FAILED} and its stack trace in the log. The value of every secret given with
 * {@code --property} or a {@code USER_OFFERS_*} variable is masked on that line, whatever the message
 * it comes from (ours, Kafka's, a JAAS parser's).
 */
public final class ErrorReporter implements IExecutionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");
    /** The most bytes of the cause on the stderr line. */
    private static final int MAX_CAUSE_BYTES = 1000;
    private static final String CUT = "...";
    private static final String PROPERTY_OPTION = "--property";

    private final Map<String, String> env;

    /** Masks the secrets of the process's own environment. */
    public ErrorReporter() {
        this(System.getenv());
    }

    ErrorReporter(final Map<String, String> env) {
        this.env = env;
    }

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
        final List<String> secrets = secretValues(parseResult);
        commandLine.getErr().println(commandLine.getCommandSpec().root().name() + ": "
                + Secrets.redact(oneLine(Secrets.redact(cause, secrets)), secrets));
        commandLine.getErr().flush();
        return exitCode;
    }

    /** The values of the secrets given with {@code --property} (to any command) and in the environment. */
    private List<String> secretValues(final ParseResult parseResult) {
        final List<String> values = new ArrayList<>();
        for (ParseResult command = parseResult; command != null; command = command.subcommand()) {
            final Map<String, String> properties = command.matchedOptionValue(PROPERTY_OPTION, Map.<String, String>of());
            properties.forEach((key, value) -> {
                if (Secrets.isSecret(key)) {
                    values.add(value);
                }
            });
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ConfigLoader.ENV_PREFIX) && name.length() > ConfigLoader.ENV_PREFIX.length()
                    && Secrets.isSecret(ConfigLoader.keyForEnv(name))) {
                values.add(value);
            }
        });
        return values;
    }

    /**
     * A multi-line message (a Kafka error often is one) joined with single spaces, then made one line
     * by {@link OneLine}; a cut is marked with {@value #CUT}.
     */
    static String oneLine(final String text) {
        final String joined = LINE_BREAKS.matcher(String.valueOf(text).strip()).replaceAll(" ");
        final String line = OneLine.of(joined, MAX_CAUSE_BYTES);
        return line.length() == joined.length() ? line : OneLine.of(joined, MAX_CAUSE_BYTES - CUT.length()) + CUT;
    }
}
