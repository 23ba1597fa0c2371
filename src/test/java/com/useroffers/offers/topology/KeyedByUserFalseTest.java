package com.useroffers.offers.topology;

import static com.useroffers.offers.fixtures.DeadLetters.assertDeadLetter;
import static com.useroffers.offers.fixtures.Events.assigned;
import static com.useroffers.offers.fixtures.Events.redeemed;
import static com.useroffers.offers.fixtures.Events.revoked;
import static com.useroffers.offers.fixtures.OffersDriver.T0;
import static com.useroffers.offers.fixtures.OffersDriver.bytes;
import static com.useroffers.offers.fixtures.OffersDriver.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.fixtures.Sent;
import com.useroffers.offers.model.DeadLetterReason;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code offers.input.keyed-by-user=false}: whatever the record key (or none), the application re-keys
 * by {@code userId} through {@code <application.id>-offers-by-user-repartition}; there is no
 * {@code KEY_MISMATCH}; and a dead letter decided after the repartition still is the original record
 * (key bytes, value, headers, timestamp) with its original input position.
 */
class KeyedByUserFalseTest {

    private static final Events.Event ASSIGN = assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z");

    private static Headers headers(final String traceId) {
        final Headers headers = new RecordHeaders();
        headers.add("trace-id", bytes(traceId));
        headers.add("origin", new byte[] {0, (byte) 0xFF});
        return headers;
    }

    @Test
    void shouldReKeyRecordsOfAnyKeyByUserId() {
        try (OffersDriver driver = new OffersDriver(OffersDriver.notKeyedByUser())) {
            // When
            driver.send(null, ASSIGN.bytes());                                                            // no key: applied, u-1 v1
            driver.send(bytes("u-2"), assigned("e-2", "u-1", "B2", "2026-11-20T08:00:00Z").bytes());     // another user's id as key: applied, u-1 v2
            driver.send(new byte[] {(byte) 0xFF}, assigned("e-3", "u-2", "A1", "2026-11-20T08:00:00Z").bytes()); // binary key: applied, u-2 v1
            driver.send(bytes("u-1"), assigned("e-4", "u-1", "C3", "2026-11-20T08:00:00Z").bytes());     // the user's id: applied, u-1 v3

            // Then
            final List<TestRecord<byte[], byte[]>> states = driver.stateRecords();
            assertThat(states).extracting(record -> text(record.key())).containsExactly("u-1", "u-1", "u-2", "u-1");
            assertThat(states).extracting(record -> text(record.value()).substring(0, text(record.value()).indexOf(",\"updatedAt\"")))
                    .containsExactly("{\"userId\":\"u-1\",\"version\":1", "{\"userId\":\"u-1\",\"version\":2",
                            "{\"userId\":\"u-2\",\"version\":1", "{\"userId\":\"u-1\",\"version\":3");
            assertThat(driver.driver().producedTopicNames()).contains("user-offers-processor-offers-by-user-repartition");
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldDeduplicateAcrossDifferentRecordKeys() {
        try (OffersDriver driver = new OffersDriver(OffersDriver.notKeyedByUser())) {
            // When
            driver.send(bytes("k-1"), ASSIGN.bytes());            // applied
            driver.send(null, ASSIGN.reversed().bytes());          // duplicate under another key: dropped
            driver.send("u-1", ASSIGN.spaced());                   // duplicate: dropped

            // Then
            assertThat(driver.stateRecords()).hasSize(1);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldDeadLetterAConflictAfterTheRepartitionAsTheOriginalRecord() {
        try (OffersDriver driver = new OffersDriver(OffersDriver.notKeyedByUser())) {
            // Given
            driver.send(bytes("k-1"), ASSIGN.bytes()); // applied
            driver.send("k-2", "not json");            // malformed: DLQ (before the repartition)

            // When
            final Instant timestamp = T0.minusSeconds(30);
            final Sent conflict = driver.send(null, ASSIGN.withText("offerCode", "OTHER").bytes(), headers("t-7"), timestamp); // conflict: DLQ

            // Then
            assertThat(driver.stateRecords()).hasSize(1);
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(2);
            assertDeadLetter(deadLetters.get(1), conflict, DeadLetterReason.DUPLICATE_CONFLICT, "e-1");
            assertThat(conflict.offset()).isEqualTo(2);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldDeadLetterAnInvalidTransitionAfterTheRepartitionAsTheOriginalRecord() {
        try (OffersDriver driver = new OffersDriver(OffersDriver.notKeyedByUser())) {
            // Given
            driver.send(bytes("anything"), ASSIGN.bytes());                                    // applied
            driver.send(bytes("anything"), redeemed("e-2", "u-1", "SPRING25", "2026-11-21T08:00:00Z").bytes()); // applied

            // When
            final byte[] binaryKey = {0, 1, 2, (byte) 0xFE};
            final Sent revoke = driver.send(binaryKey, revoked("e-3", "u-1", "SPRING25", "2026-11-22T08:00:00Z").bytes(),
                    headers("t-9"), T0.plusMillis(7)); // revoke of a REDEEMED offer: DLQ

            // Then
            assertThat(driver.stateRecords()).hasSize(2);
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(1);
            assertDeadLetter(deadLetters.get(0), revoke, DeadLetterReason.INVALID_TRANSITION, "e-3");
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldDeadLetterBeforeTheRepartitionWithoutKeyMismatch() {
        try (OffersDriver driver = new OffersDriver(OffersDriver.notKeyedByUser())) {
            // When
            final Sent malformed = driver.send(null, bytes("[]"), headers("t-1"), T0);                              // malformed: DLQ
            final Sent invalid = driver.send(bytes("u-1"), ASSIGN.withText("type", "X").bytes(), headers("t-2"), T0); // bad field: DLQ
            driver.send(bytes("u-2"), ASSIGN.bytes());                                                               // other key: applied

            // Then
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(2);
            assertDeadLetter(deadLetters.get(0), malformed, DeadLetterReason.MALFORMED, null);
            assertDeadLetter(deadLetters.get(1), invalid, DeadLetterReason.INVALID, "e-1");
            assertThat(driver.stateRecords()).hasSize(1);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldProduceTheSameStateAsTheKeyedModeForCorrectlyKeyedInput() {
        final List<Events.Event> events = List.of(
                ASSIGN,                                                                         // applied
                assigned("e-2", "u-2", "B2", "2026-11-20T08:00:00Z").expiresAt("2026-11-21T00:00:00Z"), // applied
                redeemed("e-3", "u-2", "B2", "2026-11-21T00:00:00Z"),                         // expired: DLQ
                redeemed("e-4", "u-1", "SPRING25", "2026-11-20T09:00:00.25Z"),                // applied
                ASSIGN,                                                                         // duplicate: dropped
                revoked("e-5", "u-2", "B2", "2026-11-22T08:00:00Z"));                         // applied: tombstone
        try (OffersDriver keyed = new OffersDriver(); OffersDriver notKeyed = new OffersDriver(OffersDriver.notKeyedByUser())) {
            // When
            events.forEach(event -> {
                keyed.send(event);
                notKeyed.send(event);
            });

            // Then
            final List<String> keyedStates = keyed.stateValues();
            assertThat(keyedStates).hasSize(4).containsNull();
            assertThat(notKeyed.stateValues()).isEqualTo(keyedStates);
            assertThat(notKeyed.deadLetters()).extracting(record -> text(record.value()))
                    .isEqualTo(keyed.deadLetters().stream().map(record -> text(record.value())).toList());
            assertThat(keyed.stateIsEmpty() && notKeyed.stateIsEmpty()).isTrue();
            assertThat(keyed.deadLettersIsEmpty() && notKeyed.deadLettersIsEmpty()).isTrue();
        }
    }
}
