package com.useroffers.offers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code reset} in-process, with its own stop signal instead of the process's SIGTERM/SIGINT handler,
 * against an address where no broker listens: a stop ends it at once, exit 0, saying nothing changed.
 * (Refusing a truncated input and a stop in the middle of a real reset: {@code it/ResetIT}.)
 */
class ResetCommandTest {

    /** Nothing listens on port 1 of the loopback interface: the admin client retries until its timeout. */
    private static final String NO_BROKER = "bootstrap.servers=127.0.0.1:1";

    private final ShutdownSignal signal = ShutdownSignal.manual();

    @Test
    @Timeout(30)
    void shouldExitStoppedSayingNothingChangedWhenStoppedWhileWaitingForKafka() throws Exception {
        // Given a reset waiting for a broker that does not answer
        final CompletableFuture<Result> running = CompletableFuture.supplyAsync(() -> reset("--property", NO_BROKER));
        Thread.sleep(1_000);

        // When SIGTERM arrives
        final long stoppedAt = System.nanoTime();
        signal.request("SIGTERM");
        final Result result = running.get(10, TimeUnit.SECONDS);

        // Then it stops at once, exit 10 (not done), with one line saying what was done and how to finish
        assertThat(result.exitCode).isEqualTo(ExitCodes.STOPPED);
        assertThat(result.err).isEmpty();
        assertThat(result.outLines()).last().asString()
                .isEqualTo("reset stopped by SIGTERM: nothing was changed; run reset again to complete it");
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @Timeout(30)
    void shouldExitStoppedWithoutChangingAnythingWhenStoppedBeforeTheStart() {
        signal.request("SIGINT");

        final Result result = reset("--property", NO_BROKER);

        assertThat(result.exitCode).isEqualTo(ExitCodes.STOPPED);
        assertThat(result.outLines()).last().asString().startsWith("reset stopped by SIGINT: nothing was changed");
    }

    @Test
    @Timeout(30)
    void shouldRefuseTheStreamsGroupProtocolWithOneLineAndExitFour() {
        final Result result = reset("--property", NO_BROKER, "--property", "group.protocol=streams");

        assertThat(result.exitCode).isEqualTo(ExitCodes.REFUSED);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("user-offers-streams: reset refused: group.protocol=streams is not supported");
    }

    @Test
    void shouldListTheTruncatedHistoryOptionAndTheExitCodesInItsHelp() {
        final Result result = reset("--help");

        assertThat(result.exitCode).isEqualTo(ExitCodes.OK);
        assertThat(result.helpOut).contains("--allow-truncated-history", "0    reset done",
                "4    refused: instances still running", "8    the input topic is missing", "10   stopped by SIGTERM/SIGINT");
    }

    private Result reset(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final StringWriter helpOut = new StringWriter();
        final StringWriter err = new StringWriter();
        final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        final CommandLine commandLine = InProcess.commandLine(signal, outStream);
        commandLine.setOut(new PrintWriter(helpOut, true));
        commandLine.setErr(new PrintWriter(err, true));
        final String[] command = new String[args.length + 1];
        command[0] = "reset";
        System.arraycopy(args, 0, command, 1, args.length);
        final int exitCode = commandLine.execute(command);
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), helpOut.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String helpOut, String err) {

        List<String> outLines() {
            return out.lines().filter(line -> !line.isBlank()).toList();
        }

        List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
