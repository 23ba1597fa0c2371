package com.useroffers.offers.failure;

import com.useroffers.offers.config.Secrets;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line picocli cannot parse: its message, the suggestions or the usage help, and exit code
 * {@link ExitCodes#USAGE}, as picocli's own handler does, except that the value of any
 * {@code KEY=VALUE} argument whose key holds a secret is masked. picocli quotes the arguments it does
 * not understand, so a mistyped {@code --propery sasl.jaas.config=...} would print the secret.
 */
public final class UsageErrorReporter implements IParameterExceptionHandler {

    @Override
    public int handleParseException(final ParameterException exception, final String[] args) {
        final CommandLine commandLine = exception.getCommandLine();
        final PrintWriter err = commandLine.getErr();
        err.println(Secrets.redact(String.valueOf(exception.getMessage()), secretValues(args)));
        if (!UnmatchedArgumentException.printSuggestions(exception, err)) {
            commandLine.usage(err, commandLine.getColorScheme());
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    /**
     * The values of the {@code KEY=VALUE} arguments whose key holds a secret, the key being what comes
     * before any {@code =}: so {@code --property=sasl.jaas.config=...} counts too.
     */
    static List<String> secretValues(final String[] args) {
        final List<String> values = new ArrayList<>();
        for (final String arg : args) {
            for (int i = arg.indexOf('='); i >= 0; i = arg.indexOf('=', i + 1)) {
                if (Secrets.isSecret(arg.substring(0, i))) {
                    values.add(arg.substring(i + 1));
                    break;
                }
            }
        }
        return values;
    }
}
