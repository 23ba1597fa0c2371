package com.useroffers.offers.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The cause on a command's one stderr line: Kafka's multi-line messages joined, long ones cut visibly. */
class ErrorReporterTest {

    @Test
    void shouldJoinTheLinesOfAMessageWithSingleSpaces() {
        assertThat(ErrorReporter.oneLine("  cannot reach the brokers:\n   127.0.0.1:9092\r\n\tconnection refused  "))
                .isEqualTo("cannot reach the brokers: 127.0.0.1:9092 connection refused");
    }

    @Test
    void shouldCutALongMessageToAThousandBytesAndMarkTheCut() {
        final String line = ErrorReporter.oneLine("x".repeat(5000));

        assertThat(line).hasSize(1000).endsWith("...");
        assertThat(ErrorReporter.oneLine("x".repeat(1000))).isEqualTo("x".repeat(1000));
    }

    @Test
    void shouldMaskTheSecretsOfTheCommandLineAndTheEnvironmentInTheErrorLine() {
        // Given secrets on the command line and in the environment, and a failure whose message quotes them
        final Map<String, String> env = Map.of("USER_OFFERS_SSL_KEYSTORE_PASSWORD", "ks-pw-from-env", "USER_OFFERS_CLIENT_ID", "offers");
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = new CommandLine(new Echo()).setExecutionExceptionHandler(new ErrorReporter(env));
        commandLine.setErr(new PrintWriter(err, true));

        // When
        final int exitCode = commandLine.execute("--property", "sasl.jaas.config=jaas-pw-on-cmdline",
                "--property", "client.id=offers-client", "--message", "cannot use jaas-pw-on-cmdline, ks-pw-from-env or offers-client");

        // Then the secrets are masked, and the rest is left as it was
        assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString().strip()).isEqualTo("echo: cannot use [hidden], [hidden] or offers-client");
    }

    /** A command that fails with the message it is given. */
    @Command(name = "echo")
    static final class Echo implements Callable<Integer> {

        @Option(names = "--property")
        private Map<String, String> properties = new LinkedHashMap<>();

        @Option(names = "--message")
        private String message;

        @Override
        public Integer call() {
            throw new RunFailure(ExitCodes.FAILED, message);
        }
    }
}
