package com.useroffers.offers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code run} in-process, with its own stop signal instead of the process's SIGTERM/SIGINT handler,
 * against an address where no broker listens; and the policy it applies when a stream thread dies.
 */
class RunCommandTest {

    /** Nothing listens on port 1 of the loopback interface: connections are refused at once. */
    private static final String NO_BROKER = "bootstrap.servers=127.0.0.1:1";

    private final ShutdownSignal signal = ShutdownSignal.manual();

    @Test
    @Timeout(30)
    void shouldExitNoBrokerWithOneLineWhenNoBrokerAnswersWithinTheStartupTimeout() {
        final long start = System.nanoTime();

        final Result result = run("--property", NO_BROKER, "--property", "offers.startup.timeout=PT2S");

        assertThat(result.exitCode).isEqualTo(ExitCodes.NO_BROKER);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("user-offers-streams: no Kafka broker answered at bootstrap.servers=127.0.0.1:1 within PT2S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    @Timeout(30)
    void shouldExitZeroWhenStoppedDuringTheStartupChecks() throws Exception {
        final CompletableFuture<Result> running = CompletableFuture.supplyAsync(
                () -> run("--property", NO_BROKER, "--property", "offers.startup.timeout=PT60S"));
        Thread.sleep(1_000);

        final long stoppedAt = System.nanoTime();
        signal.request("SIGTERM");
        final Result result = running.get(10, TimeUnit.SECONDS);

        assertThat(result.exitCode).isEqualTo(ExitCodes.OK);
        assertThat(result.err).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @Timeout(30)
    void shouldExitZeroWithoutContactingKafkaWhenStoppedBeforeTheStart() {
        signal.request("SIGINT");

        final Result result = run("--property", NO_BROKER, "--property", "offers.startup.timeout=PT60S");

        assertThat(result.exitCode).isEqualTo(ExitCodes.OK);
    }

    @Test
    void shouldExitTwoOnABadStartupTimeout() {
        final Result result = run("--property", "offers.startup.timeout=soon");

        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errLines()).singleElement().asString().contains("offers.startup.timeout");
    }

    @Test
    void shouldExitTwoWithOneLineWhenAskedToRunWithAnotherGuaranteeThanExactlyOnce() {
        final Result result = run("--property", NO_BROKER, "--property", "processing.guarantee=at_least_once");

        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errLines()).singleElement().asString()
                .contains("processing.guarantee=at_least_once").contains("exactly_once_v2");
    }

    private Result run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = InProcess.commandLine(signal, new PrintStream(PrintStream.nullOutputStream()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final String[] command = new String[args.length + 1];
        command[0] = "run";
        System.arraycopy(args, 0, command, 1, args.length);
        return new Result(commandLine.execute(command), out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {

        List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
