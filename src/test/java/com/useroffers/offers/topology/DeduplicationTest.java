package com.useroffers.offers.topology;

import com.useroffers.offers.processor.OfferEventProcessorSupplier;
import static com.useroffers.offers.fixtures.DeadLetters.assertDeadLetter;
import static com.useroffers.offers.fixtures.Events.assigned;
import static com.useroffers.offers.fixtures.Events.redeemed;
import static com.useroffers.offers.fixtures.OffersDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.fixtures.SegmentFiles;
import com.useroffers.offers.fixtures.Sent;
import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.model.RememberedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Step 4: deduplication by event id, per user, by the fingerprint of the normalized event; forgotten
 * after {@code offers.dedup.retention} of stream time (the largest record timestamp, never
 * {@code occurredAt}); storage bounded by the ids within the retention.
 */
class DeduplicationTest {

    private static final Duration RETENTION = Duration.ofHours(1);
    private static final Map<String, String> ONE_HOUR = Map.of(OffersConfig.DEDUP_RETENTION, "PT1H");

    private static final Events.Event ASSIGN = assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z");
    private static final Events.Event ASSIGN_EXPIRING = ASSIGN.expiresAt("2026-12-31T23:59:59Z");

    @Test
    void shouldDropAByteIdenticalDuplicate() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(ASSIGN); // applied: v1
            driver.send(ASSIGN); // duplicate: dropped
            driver.send(ASSIGN); // duplicate: dropped

            // Then
            assertThat(driver.stateRecords()).hasSize(1);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    static Stream<Arguments> reSerializedDuplicates() {
        return Stream.of(
                copy("other field order", ASSIGN_EXPIRING, ASSIGN_EXPIRING.reversed().json()),
                copy("whitespace", ASSIGN_EXPIRING, ASSIGN_EXPIRING.spaced()),
                copy("occurredAt as +02:00 of the same instant", ASSIGN_EXPIRING,
                        ASSIGN_EXPIRING.withText("occurredAt", "2026-11-20T10:00:00+02:00").json()),
                copy("expiresAt as -05:30 of the same instant", ASSIGN_EXPIRING,
                        ASSIGN_EXPIRING.expiresAt("2026-12-31T18:29:59-05:30").json()),
                copy("occurredAt with zero fractions", ASSIGN_EXPIRING,
                        ASSIGN_EXPIRING.withText("occurredAt", "2026-11-20T08:00:00.000000Z").json()),
                copy("unknown fields", ASSIGN_EXPIRING, ASSIGN_EXPIRING.with("source", "\"crm\"").with("x", "{\"y\":[1]}").json()),
                copy("explicit \"expiresAt\":null instead of absent", ASSIGN, ASSIGN.with("expiresAt", "null").json()),
                copy("absent instead of \"expiresAt\":null", ASSIGN.with("expiresAt", "null"), ASSIGN.json()),
                copy("escaped characters", ASSIGN, ASSIGN.with("eventId", "\"\\u0065-1\"").with("offerCode", "\"SPRING\\u0032\\u0035\"").json()));
    }

    private static Arguments copy(final String name, final Events.Event first, final String copy) {
        return Arguments.of(Named.of(name, first), copy);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reSerializedDuplicates")
    void shouldDropADuplicateWrittenDifferently(final Events.Event first, final String sameEventOtherBytes) {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(first);                                // applied: v1
            driver.send(first.userId(), sameEventOtherBytes); // duplicate: dropped

            // Then
            assertThat(driver.stateRecords()).hasSize(1);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    static Stream<Arguments> conflictingCopies() {
        return Stream.of(
                Arguments.of(Named.of("another type", ASSIGN.withText("type", "OFFER_REVOKED"))),
                Arguments.of(Named.of("another offer code", ASSIGN.withText("offerCode", "SPRING26"))),
                Arguments.of(Named.of("occurredAt one nanosecond later", ASSIGN.withText("occurredAt", "2026-11-20T08:00:00.000000001Z"))),
                Arguments.of(Named.of("an expiresAt added", ASSIGN.expiresAt("2026-12-31T23:59:59Z"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conflictingCopies")
    void shouldDeadLetterAConflictingDuplicateAndKeepTheFirstFingerprint(final Events.Event conflicting) {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(ASSIGN);                                    // applied: v1
            final Sent second = driver.send(conflicting);           // conflict: DLQ
            driver.send(ASSIGN.userId(), ASSIGN.reversed().json()); // equal to the first: dropped
            final Sent fourth = driver.send(conflicting);           // equal to the second: conflict again, DLQ

            // Then
            assertThat(driver.stateRecords()).hasSize(1);
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(2);
            assertDeadLetter(deadLetters.get(0), second, DeadLetterReason.DUPLICATE_CONFLICT, "e-1");
            assertDeadLetter(deadLetters.get(1), fourth, DeadLetterReason.DUPLICATE_CONFLICT, "e-1");
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldTreatTheSameIdUnderAnotherUserAsAnotherEvent() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(ASSIGN);                                       // applied: u-1 v1
            driver.send(ASSIGN.withText("userId", "u-2"));             // same id, other user: applied, u-2 v1
            driver.send(ASSIGN.withText("userId", "u-3").withText("offerCode", "OTHER")); // other user, other content: applied, u-3 v1
            driver.send(ASSIGN.withText("userId", "u-2"));             // duplicate for u-2: dropped

            // Then
            assertThat(driver.stateRecords()).extracting(record -> OffersDriver.text(record.key())).containsExactly("u-1", "u-2", "u-3");
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldDropARepeatedInvalidTransitionWithoutASecondDeadLetter() {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            final Events.Event redeemAbsent = redeemed("e-9", "u-1", "SPRING25", "2026-11-20T08:00:00Z");

            // When
            final Sent first = driver.send(redeemAbsent);                               // invalid transition: DLQ
            driver.send(ASSIGN);                                                         // applied: now it could be redeemed
            driver.send(redeemAbsent);                                                   // duplicate of a dead letter: dropped
            final Sent conflict = driver.send(redeemAbsent.withText("offerCode", "OTHER")); // same id, other content: DLQ

            // Then
            assertThat(driver.stateRecords()).hasSize(1);
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(2);
            assertDeadLetter(deadLetters.get(0), first, DeadLetterReason.INVALID_TRANSITION, "e-9");
            assertDeadLetter(deadLetters.get(1), conflict, DeadLetterReason.DUPLICATE_CONFLICT, "e-9");
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldNotRememberTheIdOfAnInvalidEvent() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(ASSIGN.withText("offerCode", "lower")); // bad field: DLQ, id not remembered
            driver.send(ASSIGN);                                 // applied: not a conflict

            // Then
            assertThat(driver.deadLetters()).hasSize(1);
            assertThat(driver.stateRecords()).hasSize(1);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Retention, in stream time

    /** Moves stream time to {@code at} with an event of a user nobody else touches. */
    private static void advanceStreamTimeTo(final OffersDriver driver, final Instant at) {
        driver.send(assigned("tick-" + at.toEpochMilli(), "clock", "TICK", "2026-11-20T08:00:00Z"), at); // applied: the clock user
    }

    @Test
    void shouldStillDropADuplicateExactlyOneRetentionLater() {
        try (OffersDriver driver = new OffersDriver(ONE_HOUR)) {
            // Given
            driver.send(ASSIGN, T0);                          // applied: remembered at stream time T0
            advanceStreamTimeTo(driver, T0.plus(RETENTION));  // stream time T0 + 1h

            // When
            driver.send(ASSIGN, T0); // duplicate, exactly one retention later: dropped

            // Then
            assertThat(driver.stateRecords()).extracting(record -> OffersDriver.text(record.key())).containsExactly("u-1", "clock");
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldForgetAnIdOnceStreamTimeHasPassedTheRetention() {
        try (OffersDriver driver = new OffersDriver(ONE_HOUR)) {
            // Given
            driver.send(ASSIGN, T0);                                      // applied: v1, remembered at T0
            advanceStreamTimeTo(driver, T0.plus(RETENTION).plusMillis(1)); // stream time T0 + 1h + 1ms
            driver.stateRecords();

            // When: the late copy carries the old timestamp: stream time, not the record's, decides
            driver.send(ASSIGN, T0); // forgotten: processed again, ASSIGNED stays ASSIGNED, v2

            // Then
            assertThat(driver.stateValues()).containsExactly("{\"userId\":\"u-1\",\"version\":2,\"updatedAt\":\"2026-11-20T08:00:00Z\","
                    + "\"lastEventId\":\"e-1\",\"offers\":{\"SPRING25\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00Z\"}}}");
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldMeasureRetentionInStreamTimeNotOccurredAt() {
        try (OffersDriver driver = new OffersDriver(ONE_HOUR)) {
            // Given: event time races far ahead, record timestamps do not
            driver.send(ASSIGN, T0);                                                                   // applied
            driver.send(assigned("e-2", "u-2", "SPRING25", "2099-01-01T00:00:00Z"), T0.plusSeconds(1)); // applied
            driver.send(assigned("e-3", "u-2", "OTHER", "2199-01-01T00:00:00Z"), T0.plusSeconds(2));    // applied

            // When
            driver.send(ASSIGN, T0.plusSeconds(3)); // still a duplicate: dropped

            // Then
            assertThat(driver.stateRecords()).hasSize(3);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldRememberALateRecordForTheFullRetentionFromStreamTime() {
        try (OffersDriver driver = new OffersDriver(ONE_HOUR)) {
            // Given
            advanceStreamTimeTo(driver, T0.plus(Duration.ofMinutes(59)));
            final Instant late = T0.minus(Duration.ofHours(10));
            driver.send(ASSIGN, late);                                             // applied though late: remembered at T0 + 59min
            advanceStreamTimeTo(driver, T0.plus(Duration.ofMinutes(59)).plus(RETENTION)); // one retention after it was seen

            // When
            driver.send(ASSIGN, late); // duplicate: dropped

            // Then
            assertThat(driver.stateRecords()).extracting(record -> OffersDriver.text(record.key())).containsExactly("clock", "u-1", "clock");
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Bounded storage

    /**
     * Kafka Streams' {@code persistentWindowStore} splits the store into segments of
     * {@code max(retention / 2, 60 s)} and drops a whole segment once all of it is older than the
     * retention. The store's retention is {@code offers.dedup.retention} + 1 ms (so an id is found
     * exactly one retention later), so with PT1H: segments of 30 min, at most 4 of them alive, and
     * nothing older than retention + one segment on disk.
     */
    @Test
    void shouldKeepDedupStorageBoundedByTheIdsWithinTheRetention() {
        final int ids = 3000;
        final Duration step = Duration.ofSeconds(12); // 3000 ids over 10 hours: 10 retention periods
        final long storeRetention = RETENTION.toMillis() + 1;
        final long segment = Math.max(storeRetention / 2, 60_000L);
        try (OffersDriver driver = new OffersDriver(ONE_HOUR)) {
            // When
            final List<Instant> seenAt = new ArrayList<>();
            for (int i = 0; i < ids; i++) {
                final Instant at = T0.plus(step.multipliedBy(i));
                driver.send(assigned("e-" + i, "u-" + i % 10, "C" + i % 20, "2026-11-20T08:00:00Z"), at); // applied
                seenAt.add(at);
                if (i % 500 == 0) {
                    driver.stateRecords();
                }
            }
            driver.stateRecords();
            final long now = seenAt.get(ids - 1).toEpochMilli();

            // Then: every id of the last retention is remembered, none older is visible
            final long withinRetention = seenAt.stream().filter(at -> at.toEpochMilli() >= now - RETENTION.toMillis()).count();
            assertThat(countEntries(driver)).isEqualTo(withinRetention);

            // And on disk: a bounded number of segments, none older than retention + one segment
            final long oldestLiveSegmentStart = (now - storeRetention) / segment * segment;
            final List<Long> segmentStarts = SegmentFiles.segmentStarts(driver.stateDir(), OfferEventProcessorSupplier.DEDUP_STORE);
            assertThat(segmentStarts).isNotEmpty().hasSizeLessThanOrEqualTo(4).allSatisfy(start ->
                    assertThat(start).isGreaterThanOrEqualTo(oldestLiveSegmentStart));
            // so at most the ids stamped since the oldest live segment began: retention + one segment, far below all ids
            final long storable = seenAt.stream().filter(at -> at.toEpochMilli() >= oldestLiveSegmentStart).count();
            assertThat(storable).isLessThanOrEqualTo((storeRetention + segment) / step.toMillis() + 1).isLessThan(ids / 5);
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    private static long countEntries(final OffersDriver driver) {
        long count = 0;
        try (KeyValueIterator<Windowed<String>, RememberedEvent> all = driver.dedupStore().all()) {
            while (all.hasNext()) {
                final KeyValue<Windowed<String>, RememberedEvent> entry = all.next();
                assertThat(entry.value.fingerprint()).hasSize(32);
                count++;
            }
        }
        return count;
    }
}
