package com.useroffers.offers.cli;

import static com.useroffers.offers.cli.CommandLineTest.assertUsageError;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code copy-input} refuses before it talks to Kafka: a usage mistake exits 2 with its cause first.
 * ({@code it/ScalingPartitionsIT} copies on a real broker.)
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
}
