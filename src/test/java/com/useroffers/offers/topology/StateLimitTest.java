package com.useroffers.offers.topology;

import static com.useroffers.offers.fixtures.DeadLetters.assertDeadLetter;
import static com.useroffers.offers.fixtures.DeadLetters.header;
import static com.useroffers.offers.fixtures.Events.assigned;
import static com.useroffers.offers.fixtures.Events.redeemed;
import static com.useroffers.offers.fixtures.Events.revoked;
import static com.useroffers.offers.fixtures.OffersDriver.T0;
import static com.useroffers.offers.fixtures.OffersDriver.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.fixtures.DeadLetters;
import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.fixtures.Sent;
import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.processor.OffersMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Step 5's limit: a user holds at most {@code offers.state.max-offers} offers; an {@code OFFER_ASSIGNED}
 * of a new code beyond it is a {@code STATE_LIMIT} dead letter that changes nothing but remembers its id.
 * The limit is 3 here, so that a few events reach it.
 */
class StateLimitTest {

    private static final int LIMIT = 3;
    private static final Instant TIMESTAMP = T0.plusMillis(77);

    private static OffersDriver limitedDriver() {
        return new OffersDriver(Map.of(OffersConfig.STATE_MAX_OFFERS, Integer.toString(LIMIT)));
    }

    /** u-1 holds A1, B2 and C3: exactly the limit. */
    private static void fillToTheLimit(final OffersDriver driver) {
        driver.send(assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00Z")); // applied: v1
        driver.send(assigned("e-2", "u-1", "B2", "2026-11-20T08:01:00Z")); // applied: v2
        driver.send(assigned("e-3", "u-1", "C3", "2026-11-20T08:02:00Z")); // applied: v3, at the limit
    }

    private static Headers producerHeaders() {
        final Headers headers = new RecordHeaders();
        headers.add("trace-id", bytes("t-1"));
        headers.add(DeadLetters.REASON, bytes("FORGED"));
        return headers;
    }

    @Test
    void shouldDefaultToOneThousandOffers() {
        assertThat(OffersDriver.config(Map.of()).stateMaxOffers()).isEqualTo(1000);
    }

    @Test
    void shouldApplyAssignmentsUpToExactlyTheLimit() {
        try (OffersDriver driver = limitedDriver()) {
            // When
            fillToTheLimit(driver);

            // Then
            assertThat(driver.stateValues()).hasSize(LIMIT).last().asString().contains("\"version\":3", "\"C3\"");
            assertThat(driver.stateStore().get("u-1").offers()).containsOnlyKeys("A1", "B2", "C3");
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldDeadLetterANewCodeOneBeyondTheLimitWithTheContractsHeadersAndChangeNothing() {
        try (OffersDriver driver = limitedDriver()) {
            // Given
            fillToTheLimit(driver);
            driver.stateRecords();
            final OfferState before = driver.stateStore().get("u-1");

            // When
            final Sent beyond = driver.send(bytes("u-1"), assigned("e-4", "u-1", "D4", "2026-11-20T08:03:00Z").bytes(),
                    producerHeaders(), TIMESTAMP); // a fourth code: DLQ

            // Then
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(1);
            assertDeadLetter(deadLetters.get(0), beyond, DeadLetterReason.STATE_LIMIT, "e-4");
            assertThat(header(deadLetters.get(0), DeadLetters.ERROR)).contains("D4", "offers.state.max-offers", "3");
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.stateStore().get("u-1")).isEqualTo(before);
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldDropARepeatOfAStateLimitEventAsAnExactDuplicate() {
        try (OffersDriver driver = limitedDriver()) {
            // Given
            fillToTheLimit(driver);
            final Events.Event beyond = assigned("e-4", "u-1", "D4", "2026-11-20T08:03:00Z");
            driver.send(beyond); // beyond the limit: DLQ
            driver.stateRecords();
            driver.deadLetters();

            // When
            driver.send(beyond);                                                // exact repeat: dropped
            driver.send(beyond.withText("occurredAt", "2026-11-20T08:04:00Z")); // same id, other content: DLQ conflict

            // Then
            assertThat(driver.deadLetters()).extracting(DeadLetters::reason).containsExactly(DeadLetterReason.DUPLICATE_CONFLICT);
            assertThat(driver.stateIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldReassignACodeTheUserHoldsAtTheLimit() {
        try (OffersDriver driver = limitedDriver()) {
            // Given
            fillToTheLimit(driver);
            driver.stateRecords();

            // When
            driver.send(assigned("e-4", "u-1", "B2", "2026-11-20T09:00:00Z").expiresAt("2026-12-31T23:59:59Z")); // held: applied, v4

            // Then
            assertThat(driver.stateValues()).singleElement().asString()
                    .contains("\"version\":4", "\"B2\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T09:00:00Z\","
                            + "\"expiresAt\":\"2026-12-31T23:59:59Z\"}");
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldCountARedeemedOfferAndRefuseItsReassignmentAsAnInvalidTransitionNotTheLimit() {
        try (OffersDriver driver = limitedDriver()) {
            // Given
            fillToTheLimit(driver);
            driver.send(redeemed("e-4", "u-1", "A1", "2026-11-20T09:00:00Z")); // applied: A1 redeemed, still held
            driver.stateRecords();

            // When
            driver.send(assigned("e-5", "u-1", "D4", "2026-11-20T10:00:00Z")); // a redeemed offer counts: DLQ limit
            driver.send(assigned("e-6", "u-1", "A1", "2026-11-20T10:01:00Z")); // held but redeemed: DLQ transition

            // Then
            assertThat(driver.deadLetters()).extracting(DeadLetters::reason)
                    .containsExactly(DeadLetterReason.STATE_LIMIT, DeadLetterReason.INVALID_TRANSITION);
            assertThat(driver.stateIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldAssignANewCodeOnceARevocationMadeRoom() {
        try (OffersDriver driver = limitedDriver()) {
            // Given
            fillToTheLimit(driver);
            driver.send(assigned("e-4", "u-1", "D4", "2026-11-20T08:03:00Z")); // beyond the limit: DLQ
            driver.send(revoked("e-5", "u-1", "A1", "2026-11-20T09:00:00Z"));  // applied: v4, two offers left
            driver.stateRecords();
            driver.deadLetters();

            // When
            driver.send(assigned("e-6", "u-1", "D4", "2026-11-20T10:00:00Z")); // room again: applied, v5

            // Then
            assertThat(driver.stateValues()).singleElement().asString().contains("\"version\":5", "\"lastEventId\":\"e-6\"");
            assertThat(driver.stateStore().get("u-1").offers()).containsOnlyKeys("B2", "C3", "D4");
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldLimitEachUserOnItsOwn() {
        try (OffersDriver driver = limitedDriver()) {
            // Given
            fillToTheLimit(driver);
            driver.stateRecords();

            // When
            driver.send(assigned("e-1", "u-2", "D4", "2026-11-20T09:00:00Z")); // another user: applied, v1

            // Then
            assertThat(driver.stateValues()).singleElement().asString().startsWith("{\"userId\":\"u-2\",\"version\":1,");
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldCountStateLimitDeadLettersUnderTheirOwnReason() {
        try (OffersDriver driver = limitedDriver()) {
            // Given
            fillToTheLimit(driver);

            // When
            driver.send(assigned("e-4", "u-1", "D4", "2026-11-20T08:03:00Z")); // beyond the limit: DLQ
            driver.send(assigned("e-5", "u-1", "E5", "2026-11-20T08:04:00Z")); // beyond the limit: DLQ

            // Then
            final Map<MetricName, ? extends Metric> metrics = driver.driver().metrics();
            assertThat(deadLetterCount(metrics, "STATE_LIMIT")).isEqualTo(2);
            assertThat(deadLetterCount(metrics, "INVALID_TRANSITION")).isZero();
        }
    }

    private static double deadLetterCount(final Map<MetricName, ? extends Metric> metrics, final String reason) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals(OffersMetrics.GROUP))
                .filter(e -> e.getKey().name().equals(OffersMetrics.DEAD_LETTERS))
                .filter(e -> reason.equals(e.getKey().tags().get("reason")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }
}
