package com.useroffers.offers.topology;

import static com.useroffers.offers.fixtures.Events.assigned;
import static com.useroffers.offers.fixtures.Events.redeemed;
import static com.useroffers.offers.fixtures.Events.revoked;
import static com.useroffers.offers.fixtures.OffersDriver.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.fixtures.OffersDriver;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The state JSON is canonical: fields in the contract's order, offers sorted by code, instants in
 * {@code Instant#toString()} form, optional fields omitted, no whitespace, non-ASCII as UTF-8; and the
 * same input always gives byte-identical output.
 */
class CanonicalOutputTest {

    @Test
    void shouldWriteTheContractExampleByteForByte() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(assigned("e-1", "u-42", "WELCOME10", "2026-11-01T09:00:00Z"));                                // applied: v1
            driver.send(assigned("e-2", "u-42", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2026-12-31T23:59:59Z")); // applied: v2
            driver.send(redeemed("e-3", "u-42", "WELCOME10", "2026-11-22T10:15:30Z"));                              // applied: v3

            // Then
            final List<TestRecord<byte[], byte[]>> states = driver.stateRecords();
            assertThat(states).hasSize(3);
            assertThat(states.get(2).key()).isEqualTo(bytes("u-42"));
            assertThat(states.get(2).value()).isEqualTo(bytes(
                    "{\"userId\":\"u-42\",\"version\":3,\"updatedAt\":\"2026-11-22T10:15:30Z\",\"lastEventId\":\"e-3\","
                            + "\"offers\":{\"SPRING25\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00Z\",\"expiresAt\":\"2026-12-31T23:59:59Z\"},"
                            + "\"WELCOME10\":{\"status\":\"REDEEMED\",\"assignedAt\":\"2026-11-01T09:00:00Z\",\"redeemedAt\":\"2026-11-22T10:15:30Z\"}}}"));
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldWriteInstantsInInstantToStringFormKeepingFractions() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(assigned("e-1", "u-1", "A1", "2026-11-22T12:15:30.5+02:00").expiresAt("2026-12-01T00:00:00.000Z")); // applied
            driver.send(assigned("e-2", "u-1", "B2", "2026-11-22T10:15:30.12Z").expiresAt("2026-12-01T00:00:00.1234Z"));    // applied
            driver.send(assigned("e-3", "u-1", "C3", "2026-11-22T10:15:30.123456789Z"));                                   // applied
            driver.send(redeemed("e-4", "u-1", "C3", "2026-11-22T05:15:30.000001-05:00"));                                 // applied

            // Then
            final List<String> states = driver.stateValues();
            assertThat(states).hasSize(4);
            assertThat(states.get(3)).isEqualTo("{\"userId\":\"u-1\",\"version\":4,\"updatedAt\":\"2026-11-22T10:15:30.000001Z\",\"lastEventId\":\"e-4\","
                    + "\"offers\":{"
                    + "\"A1\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-22T10:15:30.500Z\",\"expiresAt\":\"2026-12-01T00:00:00Z\"},"
                    + "\"B2\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-22T10:15:30.120Z\",\"expiresAt\":\"2026-12-01T00:00:00.123400Z\"},"
                    + "\"C3\":{\"status\":\"REDEEMED\",\"assignedAt\":\"2026-11-22T10:15:30.123456789Z\",\"redeemedAt\":\"2026-11-22T10:15:30.000001Z\"}}}");
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldSortOffersByCode() {
        try (OffersDriver driver = new OffersDriver()) {
            // When: codes arrive in no particular order
            for (final String code : List.of("Z", "A_1", "9", "B", "A-1", "10", "A")) {
                driver.send(assigned("e-" + code, "u-1", code, "2026-11-20T08:00:00Z")); // applied
            }

            // Then
            final List<String> states = driver.stateValues();
            assertThat(states).hasSize(7);
            assertThat(states.get(6)).isEqualTo("{\"userId\":\"u-1\",\"version\":7,\"updatedAt\":\"2026-11-20T08:00:00Z\",\"lastEventId\":\"e-A\",\"offers\":{"
                    + "\"10\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00Z\"},"
                    + "\"9\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00Z\"},"
                    + "\"A\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00Z\"},"
                    + "\"A-1\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00Z\"},"
                    + "\"A_1\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00Z\"},"
                    + "\"B\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00Z\"},"
                    + "\"Z\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00Z\"}}}");
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldWriteNonAsciiAsUtf8AndEscapeOnlyWhatJsonRequires() {
        // Given: a user id with Latin-1, CJK, an emoji (outside the BMP), U+2028, a quote, a backslash and a slash
        final String userId = "\u00FC-\u7528\u6237-\uD83D\uDE00-\u2028-\"q\"-\\-/";
        final String eventId = "\u00E9v\u00E9nement-1";
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(userId, assigned("x", userId, "A1", "2026-11-20T08:00:00Z").withText("eventId", eventId).json()); // applied

            // Then
            final List<TestRecord<byte[], byte[]>> states = driver.stateRecords();
            assertThat(states).hasSize(1);
            assertThat(states.get(0).key()).isEqualTo(bytes(userId));
            assertThat(states.get(0).value()).isEqualTo(bytes("{\"userId\":\"\u00FC-\u7528\u6237-\uD83D\uDE00-\u2028-\\\"q\\\"-\\\\-/\",\"version\":1,"
                    + "\"updatedAt\":\"2026-11-20T08:00:00Z\",\"lastEventId\":\"\u00E9v\u00E9nement-1\","
                    + "\"offers\":{\"A1\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00Z\"}}}"));
            // the emoji as one 4-byte UTF-8 sequence, not an escape and not two encoded surrogates
            assertThat(indexOf(states.get(0).value(), new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80})).isPositive();
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldProduceByteIdenticalOutputForTheSameInputInTwoFreshDrivers() {
        // Given: a sequence touching every outcome
        final Consumer<OffersDriver> input = driver -> {
            final Events.Event assign = assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00.5Z").expiresAt("2026-12-20T08:00:00+01:00");
            driver.send(assign, Instant.parse("2026-11-22T10:00:00Z"));                                      // applied
            driver.send(assign.reversed(), Instant.parse("2026-11-22T10:00:01Z"));                          // duplicate: dropped
            driver.send(assign.withText("offerCode", "B2"), Instant.parse("2026-11-22T10:00:02Z"));         // conflict: DLQ
            driver.send("u-1", "{\"eventId\":\"e-x\",", Instant.parse("2026-11-22T10:00:03Z"));               // malformed: DLQ
            driver.send(assigned("e-2", "\u00FC", "C3", "2026-11-21T08:00:00Z"), Instant.parse("2026-11-22T10:00:04Z")); // applied
            driver.send(redeemed("e-3", "u-1", "A1", "2026-12-20T07:00:00Z"), Instant.parse("2026-11-22T10:00:05Z"));    // expired: DLQ
            driver.send(revoked("e-4", "u-1", "A1", "2026-12-21T07:00:00Z"), Instant.parse("2026-11-22T10:00:06Z"));     // applied: tombstone
            driver.send("u-2", assigned("e-5", "u-1", "A1", "2026-11-20T08:00:00Z").json());                 // key mismatch: DLQ
        };
        try (OffersDriver first = new OffersDriver(); OffersDriver second = new OffersDriver()) {
            // When
            input.accept(first);
            input.accept(second);

            // Then
            final List<String> firstState = rendered(first.stateRecords());
            final List<String> firstDlq = rendered(first.deadLetters());
            assertThat(firstState).hasSize(3);
            assertThat(firstDlq).hasSize(4);
            assertThat(rendered(second.stateRecords())).isEqualTo(firstState);
            assertThat(rendered(second.deadLetters())).isEqualTo(firstDlq);
            assertThat(first.stateIsEmpty() && second.stateIsEmpty()).isTrue();
            assertThat(first.deadLettersIsEmpty() && second.deadLettersIsEmpty()).isTrue();
        }
    }

    /** Every byte of each record: key, value, timestamp, headers in order. */
    private static List<String> rendered(final List<TestRecord<byte[], byte[]>> records) {
        return records.stream().map(record -> {
            final StringBuilder text = new StringBuilder()
                    .append(Arrays.toString(record.key())).append(' ')
                    .append(Arrays.toString(record.value())).append(' ')
                    .append(record.timestamp());
            for (final Header header : record.headers().toArray()) {
                text.append(' ').append(header.key()).append('=').append(Arrays.toString(header.value()));
            }
            return text.toString();
        }).toList();
    }

    private static int indexOf(final byte[] haystack, final byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
