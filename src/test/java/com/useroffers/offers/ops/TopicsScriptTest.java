package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.kafka.TopicsScript;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code topics.sh} says before it talks to Kafka: its help, and one line with exit 2 for every
 * usage mistake. ({@code it/TopicsScriptIT} runs it against brokers.)
 */
@Timeout(60)
class TopicsScriptTest {

    /** No Kafka distribution on this PATH, whatever the machine has. */
    private static final String PLAIN_PATH = "/usr/local/bin:/usr/bin:/bin";

    @TempDir
    Path dir;

    @Test
    void shouldDocumentEveryOptionTheSettingsAndTheExitCodes() {
        // When
        final TopicsScript.Result help = TopicsScript.runWithPath(dir, PLAIN_PATH, "--help");

        // Then
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("--bootstrap-server", "--command-config", "--partitions",
                "--replication-factor", "--min-insync-replicas", "--input-max-message-bytes", "--input-topic",
                "--state-topic", "--dlq-topic", "--dlq-partitions", "--apply",
                "cleanup.policy=delete, retention.ms=-1, message.timestamp.after.max.ms=3600000",
                "cleanup.policy=compact", "retention.ms=2592000000 (30 days)", "Exit status:");
        assertThat(help.stdout().lines().filter(line -> line.matches("  \\d  .*")).map(line -> line.substring(2, 3)))
                .as("documented exit codes (never 3)").containsExactly("0", "1", "2", "5", "6", "7", "9");
        assertThat(help.stdout().lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(100));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--frobnicate                         | topics.sh: unknown option --frobnicate (see ./topics.sh --help)",
        "--partitions                         | topics.sh: --partitions needs a value (see ./topics.sh --help)",
        "--partitions 0                       | topics.sh: --partitions must be a positive whole number, not '0'",
        "--replication-factor three           | topics.sh: --replication-factor must be a positive whole number, not 'three'",
        "--input-max-message-bytes -1         | topics.sh: --input-max-message-bytes must be a positive whole number, not '-1'",
        "--dlq-partitions 1.5                 | topics.sh: --dlq-partitions must be a positive whole number, not '1.5'",
        "--state-topic a/b                    | topics.sh: 'a/b' is not a valid topic name (letters, digits, '.', '_', '-')",
        "--command-config /no/such/file       | topics.sh: cannot read --command-config /no/such/file",
        "--apply                              | topics.sh: --apply needs kafka-configs.sh (a Kafka distribution's bin/) "
            + "on PATH: the application's jar has no tool that alters topic settings",
    })
    void shouldRefuseAUsageMistakeWithOneLineAndExitTwo(final String args, final String line) {
        // When
        final TopicsScript.Result result = TopicsScript.runWithPath(dir, PLAIN_PATH, args.split(" "));

        // Then
        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().lines()).containsExactly(line);
    }
}
