package com.useroffers.offers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Secrets given with {@code --property}: every command takes them, warns once per key on stderr,
 * and never prints the value, neither in the warning nor in the error line. A bad setting stops each
 * command before it contacts Kafka, so no broker is needed.
 */
class SecretArgumentsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"offers\" password=\"jaas-pw-on-cmdline\";";
    private static final String BAD_SETTING = "offers.dedup.retention=banana";
    private static final String NO_BROKER = "bootstrap.servers=127.0.0.1:1";

    private final ShutdownSignal signal = ShutdownSignal.manual();

    @Test
    void shouldWarnOncePerSecretOnTheCommandLineNamingItsKeyAndWhereToPutIt() {
        // When two secrets, one ordinary setting and one bad setting are given with --property
        final Result result = execute("run", "--property", "sasl.jaas.config=" + JAAS,
                "--property", "ssl.keystore.password=ks-pw-on-cmdline", "--property", NO_BROKER, "--property", BAD_SETTING);

        // Then one warning per secret, in the order given, then the one error line; no value anywhere
        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errLines()).containsExactly(
                "warning: --property sasl.jaas.config puts a secret on the command line, where other users of this "
                        + "machine can read it (ps); put it in the --config file or in USER_OFFERS_SASL_JAAS_CONFIG",
                "warning: --property ssl.keystore.password puts a secret on the command line, where other users of this "
                        + "machine can read it (ps); put it in the --config file or in USER_OFFERS_SSL_KEYSTORE_PASSWORD",
                result.errLines().get(2));
        assertThat(result.errLines().get(2)).startsWith("user-offers-streams: bad setting:").contains("offers.dedup.retention");
        assertThat(result.err).doesNotContain("jaas-pw-on-cmdline", "ScramLoginModule", "ks-pw-on-cmdline");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"run", "reset", "produce", "redrive", "ingest"})
    void shouldWarnAboutASecretOnTheCommandLineInEveryCommand(final String command) {
        // Given the query token, a secret, given on the command line (the same key twice: the last one counts)
        final List<String> args = new ArrayList<>(List.of(command));
        if (command.equals("produce")) {
            args.addAll(List.of("--events", "1"));
        }
        args.addAll(List.of("--property", "offers.http.auth-token=first-t0ken", "--property", "offers.http.auth-token=t0ken-on-cmdline",
                "--property", NO_BROKER, "--property", BAD_SETTING));

        // When
        final Result result = execute(args.toArray(String[]::new));

        // Then one warning for the key, then the refusal of the bad setting
        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errLines()).hasSize(2);
        assertThat(result.errLines().get(0)).isEqualTo("warning: --property offers.http.auth-token puts a secret on the command "
                + "line, where other users of this machine can read it (ps); put it in the --config file or in "
                + "USER_OFFERS_OFFERS_HTTP_AUTH__TOKEN");
        assertThat(result.errLines().get(1)).startsWith("user-offers-streams: bad setting:");
        assertThat(result.err).doesNotContain("t0ken");
    }

    @Test
    void shouldNotWarnWhenNoSecretIsOnTheCommandLine() {
        final Result result = execute("run", "--property", NO_BROKER, "--property", "security.protocol=SASL_SSL",
                "--property", BAD_SETTING);

        assertThat(result.errLines()).singleElement().asString().startsWith("user-offers-streams: bad setting:");
    }

    @Test
    void shouldMaskASecretFromTheCommandLineInTheErrorLineEvenWhenTheSettingItselfIsRefused() {
        // Given a query token that is not a valid token (a space in it)
        final Result result = execute("run", "--property", NO_BROKER, "--property", "offers.http.auth-token=t0ken with-space");

        // Then the refusal names the key, not the value
        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errLines()).hasSize(2);
        assertThat(result.errLines().get(1)).startsWith("user-offers-streams: bad setting:").contains("offers.http.auth-token");
        assertThat(result.err).doesNotContain("t0ken", "with-space");
    }

    @Test
    void shouldKeepTheJaasPasswordOutOfTheErrorLineWhenKafkaCannotParseTheJaasConfig() {
        // Given a JAAS config without its control flag ("required"): Kafka's parser quotes the next word
        final Result result = execute("run", "--property", NO_BROKER, "--property", "offers.startup.timeout=PT2S",
                "--property", "security.protocol=SASL_PLAINTEXT", "--property", "sasl.mechanism=SCRAM-SHA-512",
                "--property", "sasl.jaas.config=" + JAAS.replace(" required", ""));

        // Then the command is refused before any connection, with one line that names the fault, not the password
        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errLines()).hasSize(2);
        assertThat(result.errLines().get(1)).startsWith("user-offers-streams: cannot create a Kafka client").contains("JAAS config");
        assertThat(result.err).doesNotContain("jaas-pw-on-cmdline");
    }

    @ParameterizedTest(name = "--propery{0}sasl.jaas.config=...")
    @ValueSource(strings = {" ", "="})
    void shouldMaskASecretInAnArgumentTheCommandLineCannotParse(final String separator) {
        // Given a mistyped option before a secret, as two arguments or one: picocli quotes what it does not understand
        final String[] args = separator.isBlank()
                ? new String[] {"run", "--propery", "sasl.jaas.config=" + JAAS}
                : new String[] {"run", "--propery=sasl.jaas.config=" + JAAS};

        // When
        final Result result = execute(args);

        // Then the usage error names the arguments, not the secret
        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errLines().get(0)).startsWith("Unknown option").contains("--propery");
        assertThat(result.err).doesNotContain("jaas-pw-on-cmdline");
    }

    private Result execute(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = InProcess.commandLine(signal, new PrintStream(PrintStream.nullOutputStream()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Result(commandLine.execute(args), out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {

        List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
