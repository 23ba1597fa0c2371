package com.useroffers.offers.cli;

import static com.useroffers.offers.cli.CommandLineTest.assertUsageError;
import static com.useroffers.offers.cli.CommandLineTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.runtime.ShutdownSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code topics} (and so {@code topics.sh}) says before it talks to Kafka: its help, and exit 2
 * with the mistake on the first line for every usage mistake. ({@code it/TopicsScriptIT} runs it
 * against brokers.)
 */
class TopicsCommandTest {

    @Test
    void shouldDocumentEveryOptionTheSettingsAndTheExitCodes() {
        // When
        final CommandLineTest.Result help = execute("topics", "--help");

        // Then
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--bootstrap-server", "--command-config", "--partitions",
                "--replication-factor", "--min-insync-replicas", "--input-max-message-bytes", "--input-topic",
                "--state-topic", "--dlq-topic", "--dlq-partitions", "--apply", "--config", "--property",
                "cleanup.policy=delete, retention.ms=-1,", "message.timestamp.after.max.ms=3600000",
                "cleanup.policy=compact", "retention.ms=2592000000 (30 days)", "Exit codes:");
        assertThat(help.out().lines().filter(line -> line.matches("  \\d+\\s+.*")).map(line -> line.trim().split("\\s+")[0]))
                .as("documented exit codes (never 3)").containsExactly("0", "1", "2", "5", "6", "7", "9", "10");
        assertThat(help.out().lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--frobnicate                    | Unknown option: '--frobnicate'",
        "--partitions                    | Missing required parameter for option '--partitions' (N)",
        "--partitions 0                  | --partitions must be a positive whole number, not '0'",
        "--replication-factor three      | Invalid value for option '--replication-factor': 'three' is not an int",
        "--input-max-message-bytes -1    | --input-max-message-bytes must be a positive whole number, not '-1'",
        "--dlq-partitions 0              | --dlq-partitions must be a positive whole number, not '0'",
        "--state-topic a/b               | --state-topic: 'a/b' is not a valid topic name (letters, digits, '.', '_', '-')",
        "--command-config /no/such/file  | cannot read --command-config /no/such/file: /no/such/file",
    })
    void shouldRefuseAUsageMistakeWithItsCauseFirstAndExitTwo(final String args, final String line) {
        assertUsageError("topics " + args, line);
    }

    @Test
    void shouldExitFiveWithOneLineWhenNoBrokerAnswers() {
        // When: nothing listens on the port
        final CommandLineTest.Result result = execute("topics", "--bootstrap-server", "127.0.0.1:1",
                "--property", "offers.startup.timeout=PT1S");

        // Then
        assertThat(result.exitCode()).as("%s", result).isEqualTo(5);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("user-offers-streams: no broker answered at 127.0.0.1:1 while describing '")
                .endsWith("(check --bootstrap-server and that Kafka is up)");
    }

    @Test
    void shouldExitTenWhenStoppedBeforeItWasDone() {
        // Given: a stop already requested
        final ShutdownSignal stop = ShutdownSignal.manual();
        stop.request("test");

        // When
        final CommandLineTest.Result result = CommandLineTest.execute(InProcess.commandLine(stop, System.out),
                "topics", "--bootstrap-server", "127.0.0.1:1");

        // Then
        assertThat(result.exitCode()).as("%s", result).isEqualTo(10);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("user-offers-streams: stopped by SIGTERM/SIGINT before it was done");
    }
}
