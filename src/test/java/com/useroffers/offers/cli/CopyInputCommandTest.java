package com.useroffers.offers.cli;

import static com.useroffers.offers.cli.CommandLineTest.assertUsageError;
import static com.useroffers.offers.cli.CommandLineTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.runtime.ShutdownSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code copy-input} does without a broker: a usage mistake exits 2 with its cause first, no broker is
 * exit 5, a stop is exit 10, each with one line. ({@code it/ScalingPartitionsIT} copies on a real broker.)
 */
class CopyInputCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--property offers.input.topic=in              | Missing required option: '--to-topic=TOPIC'",
        "--to-topic user-offers                        | --to-topic must name another topic than the input ('user-offers'), not 'user-offers'",
        "--to-topic v2 --property offers.input.topic=v2 | --to-topic must name another topic than the input ('v2'), not 'v2'",
        "--to-topic a/b                                | --to-topic: 'a/b' is not a valid topic name (letters, digits, '.', '_', '-')",
    })
    void shouldRefuseAUsageMistakeWithItsCauseFirstAndExitTwo(final String args, final String line) {
        assertUsageError("copy-input " + args, line);
    }

    @Test
    void shouldExitFiveWithOneLineWhenNoBrokerAnswers() {
        // When: nothing listens on the port
        final CommandLineTest.Result result = execute("copy-input", "--to-topic", "user-offers-v2",
                "--property", "bootstrap.servers=127.0.0.1:1", "--property", "offers.startup.timeout=PT1S");

        // Then
        assertThat(result.exitCode()).as("%s", result).isEqualTo(5);
        assertThat(result.errLines()).singleElement().asString().startsWith("user-offers-streams: no Kafka broker answered at");
    }

    @Test
    void shouldExitTenWithOneLineWhenStoppedBeforeItWasDone() {
        // Given: a stop already requested
        final ShutdownSignal stop = ShutdownSignal.manual();
        stop.request("test");

        // When
        final CommandLineTest.Result result = CommandLineTest.execute(InProcess.commandLine(stop, System.out),
                "copy-input", "--to-topic", "user-offers-v2", "--property", "bootstrap.servers=127.0.0.1:1");

        // Then
        assertThat(result.exitCode()).as("%s", result).isEqualTo(10);
        assertThat(result.out()).contains("copy-input stopped by test: 0 records copied to 'user-offers-v2' (committed)");
    }
}
