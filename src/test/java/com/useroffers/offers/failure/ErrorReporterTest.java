package com.useroffers.offers.failure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
