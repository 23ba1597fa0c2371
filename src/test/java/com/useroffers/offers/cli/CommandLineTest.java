package com.useroffers.offers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line as {@code main} parses it, run in-process: what a user types and what comes back. */
class CommandLineTest {

    @Test
    void shouldListRunAndProduceInTheHelpAndExitZero() {
        final Result result = execute("--help");

        assertThat(result.exitCode).isZero();
        assertThat(result.out).contains("user-offers-streams").containsPattern("(?m)^\\s+run\\s").containsPattern("(?m)^\\s+produce\\s");
        assertThat(result.err).isEmpty();
    }

    @Test
    void shouldListTheExitCodesInTheHelpOfEveryCommand() {
        for (final String command : List.of("run", "produce", "reset", "redrive", "ingest", "topics", "acls", "copy-input")) {
            final Result result = execute(command, "--help");

            assertThat(result.exitCode).as(command).isZero();
            assertThat(result.out).as(command).contains("Exit codes:").containsPattern("(?m)^\\s+0\\s+\\S")
                    .containsPattern("(?m)^\\s+2\\s+bad option or setting");
        }
    }

    @Test
    void shouldPrintTheVersionAndExitZero() {
        final Result result = execute("--version");

        assertThat(result.exitCode).isZero();
        assertThat(result.out).contains("user-offers-streams").contains("Kafka Streams 4.4.0");
    }

    @Test
    void shouldExitTwoOnAnUnknownOption() {
        final Result result = execute("--no-such-option");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void shouldExitTwoWithoutACommand() {
        final Result result = execute();

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("Missing required command");
    }

    @Test
    void shouldExitTwoOnAPropertyThatIsNotKeyEqualsValue() {
        assertThat(execute("run", "--property", "bootstrap.servers").exitCode).isEqualTo(2);
    }

    @Test
    void shouldExitTwoWithOneLineNamingABadSetting() {
        final Result result = execute("run", "--property", "offers.dedup.retention=banana");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("user-offers-streams: bad setting:")
                .contains("offers.dedup.retention");
    }

    @Test
    void shouldExitTwoWithOneLineNamingAMissingConfigFile() {
        final Result result = execute("run", "--config", "no/such/file.properties");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().contains("no/such/file.properties");
    }

    @Test
    void shouldRequireEventsForProduce() {
        final Result result = execute("produce");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("--events");
    }

    @Test
    void shouldRefuseImpossibleRatiosForProduce() {
        final Result result = execute("produce", "--events", "10", "--duplicates", "0.9", "--invalid", "0.5");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("duplicates and invalid");
    }

    /** {@code args} run in-process as {@code main} runs them (also for the other command tests of this package). */
    static Result execute(final String... args) {
        return execute(Main.commandLine(), args);
    }

    /** {@code args} run in-process by {@code commandLine} (e.g. {@link InProcess}'s, stopped by the test). */
    static Result execute(final CommandLine commandLine, final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** {@code commandLine} (split on spaces) run in-process is a usage error: exit 2, nothing on stdout, {@code firstLine} first on stderr. */
    static void assertUsageError(final String commandLine, final String firstLine) {
        final Result result = execute(commandLine.split(" "));
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.out()).as("%s", result).isEmpty();
        assertThat(result.errLines()).first().isEqualTo(firstLine);
    }

    record Result(int exitCode, String out, String err) {

        List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
