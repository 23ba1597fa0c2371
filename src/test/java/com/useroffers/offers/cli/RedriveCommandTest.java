package com.useroffers.offers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.Main;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code redrive} in-process, with its own stop signal, against an address where no broker listens: the
 * options, the usage errors, the no-broker failure and a stop. (The redrive itself: {@code it/RedriveIT}.)
 */
class RedriveCommandTest {

    /** Nothing listens on port 1 of the loopback interface. */
    private static final String NO_BROKER = "bootstrap.servers=127.0.0.1:1";

    private final ShutdownSignal signal = ShutdownSignal.manual();

    @Test
    void shouldListItsOptionsAndExitCodesInItsHelp() {
        final Result result = redrive("--help");

        assertThat(result.exitCode).isEqualTo(ExitCodes.OK);
        assertThat(result.out).contains("--reason", "--from", "--to", "--offsets=PARTITION:FROM-TO", "--dry-run", "--max-attempts",
                "INVALID_TRANSITION", "id>-redrive (also its transactional.id", "0    done", "8    the dead-letter or the input topic is missing",
                "10   stopped by SIGTERM/SIGINT");
    }

    @Test
    void shouldBeListedAmongTheCommands() {
        final Result result = redrive("--help");
        final StringWriter out = new StringWriter();
        final CommandLine main = Main.commandLine();
        main.setOut(new PrintWriter(out, true));

        main.execute("--help");

        assertThat(result.exitCode).isZero();
        assertThat(out.toString()).containsPattern("(?m)^\\s+redrive\\s");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--reason       | BANANA               | Invalid value for option '--reason'",
        "--offsets      | 3:9-2                | PARTITION:FROM-TO",
        "--offsets      | three                | PARTITION:FROM-TO",
        "--from         | yesterday            | --from expects an ISO-8601 instant",
        "--to           | 2026-11-22           | --to expects an ISO-8601 instant",
        "--max-attempts | 0                    | --max-attempts must be at least 1",
    })
    void shouldExitTwoWithOneLineOnABadOption(final String option, final String value, final String message) {
        final Result result = redrive("--property", NO_BROKER, option, value);

        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err).contains(message);
    }

    @Test
    void shouldExitTwoWhenToIsNotAfterFrom() {
        final Result result = redrive("--property", NO_BROKER, "--from", "2026-11-23T00:00:00Z", "--to", "2026-11-22T00:00:00Z");

        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err).contains("must be after --from");
    }

    @Test
    @Timeout(60)
    void shouldExitFiveWithOneLineWhenNoBrokerAnswers() {
        final Result result = redrive("--property", NO_BROKER, "--property", "offers.startup.timeout=PT2S");

        assertThat(result.exitCode).isEqualTo(ExitCodes.NO_BROKER);
        assertThat(result.errLines()).singleElement().asString().contains("no Kafka broker answered at bootstrap.servers=127.0.0.1:1");
    }

    @Test
    @Timeout(30)
    void shouldExitStoppedWhenStoppedWhileWaitingForKafka() throws Exception {
        // Given a redrive waiting for a broker that does not answer
        final CompletableFuture<Result> running = CompletableFuture.supplyAsync(() -> redrive("--property", NO_BROKER));
        Thread.sleep(1_000);

        // When SIGTERM arrives
        signal.request("SIGTERM");
        final Result result = running.get(10, TimeUnit.SECONDS);

        // Then it stops at once, exit 10, having sent nothing
        assertThat(result.exitCode).isEqualTo(ExitCodes.STOPPED);
        assertThat(result.err).isEmpty();
        assertThat(result.outLines()).first().asString().startsWith("redrive stopped by SIGTERM: 0 dead letters read, 0 sent")
                .endsWith("run redrive again to go on from there");
    }

    private Result redrive(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = InProcess.commandLine(signal, new PrintStream(PrintStream.nullOutputStream()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final String[] command = new String[args.length + 1];
        command[0] = "redrive";
        System.arraycopy(args, 0, command, 1, args.length);
        final int exitCode = commandLine.execute(command);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {

        List<String> outLines() {
            return out.lines().filter(line -> !line.isBlank()).toList();
        }

        List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
