package com.useroffers.offers.topology;

import static com.useroffers.offers.fixtures.DeadLetters.assertDeadLetter;
import static com.useroffers.offers.fixtures.DeadLetters.assertOneLineError;
import static com.useroffers.offers.fixtures.DeadLetters.header;
import static com.useroffers.offers.fixtures.Events.assigned;
import static com.useroffers.offers.fixtures.Events.redeemed;
import static com.useroffers.offers.fixtures.OffersDriver.T0;
import static com.useroffers.offers.fixtures.OffersDriver.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.DeadLetters;
import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.fixtures.Sent;
import com.useroffers.offers.model.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter record, for every reason the topology decides: the original key, value and timestamp
 * byte for byte (a null stays null), the original headers first and in order, then exactly the
 * {@code offers.dlq.*} headers, the event id only when the value was a JSON object with a valid
 * {@code eventId}. ({@code PROCESSING_ERROR} needs a throwing transition: see
 * {@code processor.OfferEventProcessorTest}.)
 */
class DeadLetterTest {

    private static final Instant TIMESTAMP = T0.plusMillis(123);
    private static final Events.Event ASSIGN = assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z");

    /** Producer headers, including a null value, a repeated name and a forged dlq header a reader must not take. */
    private static Headers producerHeaders() {
        final Headers headers = new RecordHeaders();
        headers.add("trace-id", bytes("t-1"));
        headers.add("empty", null);
        headers.add("trace-id", bytes("t-2"));
        headers.add(DeadLetters.REASON, bytes("FORGED"));
        headers.add(DeadLetters.EVENT_ID, bytes("forged-id"));
        return headers;
    }

    private static TestRecord<byte[], byte[]> onlyDeadLetter(final OffersDriver driver) {
        final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
        assertThat(deadLetters).hasSize(1);
        assertThat(driver.deadLettersIsEmpty()).isTrue();
        return deadLetters.get(0);
    }

    @Test
    void shouldDeadLetterAMalformedValueWithOriginalBytesHeadersAndTimestampAndNoEventId() {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            driver.send(ASSIGN); // applied: offset 0

            // When
            final Sent malformed = driver.send(bytes("u-1"), bytes("{\"eventId\":\"e-2\",oops}"), producerHeaders(), TIMESTAMP); // malformed: DLQ

            // Then
            final TestRecord<byte[], byte[]> deadLetter = onlyDeadLetter(driver);
            assertDeadLetter(deadLetter, malformed, DeadLetterReason.MALFORMED, null);
            assertThat(header(deadLetter, DeadLetters.OFFSET)).isEqualTo("1");
            assertThat(deadLetter.headers().headers(DeadLetters.EVENT_ID)).extracting(header -> header.value())
                    .as("the producer's forged id is kept, and masked by the last one").containsExactly(bytes("forged-id"), null);
            assertThat(driver.stateRecords()).hasSize(1);
            assertThat(driver.stateIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldKeepANullKeyAndANullValueNull() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            final Sent nullValue = driver.send(null, null, producerHeaders(), TIMESTAMP); // null value: DLQ

            // Then
            final TestRecord<byte[], byte[]> deadLetter = onlyDeadLetter(driver);
            assertThat(deadLetter.key()).isNull();
            assertThat(deadLetter.value()).isNull();
            assertDeadLetter(deadLetter, nullValue, DeadLetterReason.MALFORMED, null);
            assertThat(driver.stateIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldNotClaimAnEventIdForAMalformedValueEvenIfItContainsOne() {
        try (OffersDriver driver = new OffersDriver()) {
            // When: a JSON-looking object with a valid eventId, but a duplicated field name
            final Sent duplicatedName = driver.send("u-1", ASSIGN.json().replace("}", ",\"type\":\"OFFER_ASSIGNED\"}")); // malformed: DLQ

            // Then
            assertDeadLetter(onlyDeadLetter(driver), duplicatedName, DeadLetterReason.MALFORMED, null);
            assertThat(driver.stateIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldDeadLetterAnInvalidEventWithItsEventIdWhenTheEventIdIsValid() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            final Sent badCode = driver.send(bytes("u-1"), ASSIGN.withText("offerCode", "spring25").bytes(), producerHeaders(), TIMESTAMP); // bad field: DLQ

            // Then
            final TestRecord<byte[], byte[]> deadLetter = onlyDeadLetter(driver);
            assertDeadLetter(deadLetter, badCode, DeadLetterReason.INVALID, "e-1");
            assertThat(header(deadLetter, DeadLetters.ERROR)).contains("offerCode");
            assertThat(driver.stateIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldDeadLetterAnInvalidEventWithoutEventIdWhenTheEventIdItselfIsInvalid() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            final Sent numericId = driver.send(ASSIGN.with("eventId", "42"));                    // bad field: DLQ, no id
            final Sent longId = driver.send(ASSIGN.withText("eventId", "x".repeat(129)));        // bad field: DLQ, no id
            final Sent missingId = driver.send(ASSIGN.without("eventId"));                       // bad field: DLQ, no id
            final Sent controlInId = driver.send(ASSIGN.withText("eventId", "e\u00851"));        // bad field: DLQ, no id
            final Sent badUserValidId = driver.send("u-1", ASSIGN.with("userId", "null").json()); // bad field: DLQ, id e-1

            // Then
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(5);
            assertDeadLetter(deadLetters.get(0), numericId, DeadLetterReason.INVALID, null);
            assertDeadLetter(deadLetters.get(1), longId, DeadLetterReason.INVALID, null);
            assertDeadLetter(deadLetters.get(2), missingId, DeadLetterReason.INVALID, null);
            assertDeadLetter(deadLetters.get(3), controlInId, DeadLetterReason.INVALID, null);
            assertDeadLetter(deadLetters.get(4), badUserValidId, DeadLetterReason.INVALID, "e-1");
            assertThat(driver.deadLettersIsEmpty()).isTrue();
            assertThat(driver.stateIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldDeadLetterAKeyMismatchWithTheOriginalKeyBytes() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            final Sent nullKey = driver.send(null, ASSIGN.bytes(), producerHeaders(), TIMESTAMP);                 // no key: DLQ
            final Sent otherUser = driver.send(bytes("u-2"), ASSIGN.bytes(), new RecordHeaders(), TIMESTAMP);     // other key: DLQ
            final Sent notUtf8 = driver.send(new byte[] {(byte) 0xFF, 0x00}, ASSIGN.bytes(), new RecordHeaders(), TIMESTAMP); // binary key: DLQ
            final Sent utf16 = driver.send("u-1".getBytes(StandardCharsets.UTF_16BE), ASSIGN.bytes(), new RecordHeaders(), TIMESTAMP); // not UTF-8: DLQ
            final Sent padded = driver.send(bytes("u-1 "), ASSIGN.bytes(), new RecordHeaders(), TIMESTAMP);       // trailing space: DLQ

            // Then
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(5);
            assertDeadLetter(deadLetters.get(0), nullKey, DeadLetterReason.KEY_MISMATCH, "e-1");
            assertDeadLetter(deadLetters.get(1), otherUser, DeadLetterReason.KEY_MISMATCH, "e-1");
            assertDeadLetter(deadLetters.get(2), notUtf8, DeadLetterReason.KEY_MISMATCH, "e-1");
            assertDeadLetter(deadLetters.get(3), utf16, DeadLetterReason.KEY_MISMATCH, "e-1");
            assertDeadLetter(deadLetters.get(4), padded, DeadLetterReason.KEY_MISMATCH, "e-1");
            assertThat(driver.deadLettersIsEmpty()).isTrue();
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.stateStoreSize()).isZero();
        }
    }

    @Test
    void shouldNotRememberTheIdOfAKeyMismatch() {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            driver.send(bytes("u-2"), ASSIGN.bytes()); // other key: DLQ
            driver.deadLetters();

            // When: the same event, correctly keyed
            driver.send(ASSIGN); // applied: the mismatch left nothing behind

            // Then
            assertThat(driver.stateRecords()).hasSize(1);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldDeadLetterADuplicateConflict() {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            driver.send(ASSIGN); // applied
            driver.stateRecords();

            // When
            final Sent conflict = driver.send(bytes("u-1"), ASSIGN.withText("offerCode", "OTHER").bytes(), producerHeaders(), TIMESTAMP); // conflict: DLQ

            // Then
            assertDeadLetter(onlyDeadLetter(driver), conflict, DeadLetterReason.DUPLICATE_CONFLICT, "e-1");
            assertThat(driver.stateIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldDeadLetterAnInvalidTransition() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            final Sent redeem = driver.send(bytes("u-1"), redeemed("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z").bytes(),
                    producerHeaders(), TIMESTAMP); // absent: DLQ

            // Then
            final TestRecord<byte[], byte[]> deadLetter = onlyDeadLetter(driver);
            assertDeadLetter(deadLetter, redeem, DeadLetterReason.INVALID_TRANSITION, "e-1");
            assertThat(header(deadLetter, DeadLetters.ERROR)).contains("SPRING25");
            assertThat(driver.stateIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldKeepTheErrorOnOneLineAndWithinOneKibibyteWhateverTheInput() {
        try (OffersDriver driver = new OffersDriver()) {
            // When: causes that quote the input back, with line breaks and much text
            final String longName = "\\n\\r\\u2028\\u2029\\u0085" + "ä".repeat(3000);
            final Sent duplicated = driver.send("u-1", "{\"" + longName + "\":1,\"" + longName + "\":2}"); // malformed: DLQ
            final Sent badToken = driver.send("u-1", "{\"eventId\":tru" + "e\u2028".repeat(2000) + "}");   // malformed: DLQ
            final Sent badEscape = driver.send("u-1", "{\"eventId\":\"\\q\n\n\"}");                          // malformed: DLQ

            // Then
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(3);
            assertDeadLetter(deadLetters.get(0), duplicated, DeadLetterReason.MALFORMED, null);
            assertDeadLetter(deadLetters.get(1), badToken, DeadLetterReason.MALFORMED, null);
            assertDeadLetter(deadLetters.get(2), badEscape, DeadLetterReason.MALFORMED, null);
            deadLetters.forEach(deadLetter -> assertOneLineError(header(deadLetter, DeadLetters.ERROR)));
            assertThat(driver.deadLettersIsEmpty()).isTrue();
            assertThat(driver.stateIsEmpty()).isTrue();
        }
    }
}
