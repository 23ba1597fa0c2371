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
import com.useroffers.offers.model.RememberedEvent;
import com.useroffers.offers.processor.OffersMetrics;
import com.useroffers.offers.pipeline.RedriveHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Step 4 for a redriven record (header {@code offers.redrive.of}): an id remembered only because it was
 * dead-lettered by the transition table is evaluated again; a plain repeat of it is still dropped; an
 * applied id stays applied; a conflicting repeat is a conflict as always.
 */
class RedriveDeduplicationTest {

    private static final Events.Event ASSIGN = assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z");
    private static final Events.Event REDEEM = redeemed("e-2", "u-1", "SPRING25", "2026-11-20T09:00:00Z");

    /** The headers redrive writes: the original ones (here none), then where the dead letter was and the count. */
    static Headers redriveHeaders(final long dlqOffset, final int count) {
        final Headers headers = new RecordHeaders();
        headers.add(RedriveHeaders.OF, bytes(RedriveHeaders.of("user-offers-dlq", 0, dlqOffset)));
        headers.add(RedriveHeaders.COUNT, bytes(Integer.toString(count)));
        return headers;
    }

    private static Sent redrive(final OffersDriver driver, final Events.Event event, final long dlqOffset, final int count) {
        return driver.send(bytes(event.userId()), event.bytes(), redriveHeaders(dlqOffset, count), T0);
    }

    @Test
    void shouldApplyARedrivenRedeemThatArrivedBeforeItsAssignment() {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            driver.send(REDEEM);            // no offer yet: DLQ INVALID_TRANSITION, id remembered as rejected
            driver.send(ASSIGN);            // applied: v1
            driver.send(REDEEM);            // plain repeat of a rejected id: dropped, as always
            assertThat(driver.deadLetters()).singleElement().satisfies(dl ->
                    assertThat(DeadLetters.reason(dl)).isEqualTo(DeadLetterReason.INVALID_TRANSITION));
            assertThat(driver.stateValues()).hasSize(1);

            // When
            redrive(driver, REDEEM, 0, 1);  // redriven: evaluated again, applied: v2
            driver.send(REDEEM);            // plain repeat of an applied id: dropped
            redrive(driver, REDEEM, 0, 2);  // redrive of an applied id: dropped

            // Then
            assertThat(driver.stateValues()).singleElement().asString()
                    .contains("\"version\":2", "\"lastEventId\":\"e-2\"", "\"status\":\"REDEEMED\"");
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
            assertThat(remembered(driver)).containsExactly("u-1\u0000e-1 APPLIED", "u-1\u0000e-2 APPLIED");
        }
    }

    @Test
    void shouldDeadLetterARedriveThatFailsAgainWithItsRedriveHeadersAndEvaluateTheNextOneAgain() {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            driver.send(REDEEM);                                     // no offer: DLQ INVALID_TRANSITION
            driver.deadLetters();

            // When
            final Sent again = redrive(driver, REDEEM, 0, 1);        // still no offer: DLQ again
            driver.send(ASSIGN);                                     // applied: v1
            redrive(driver, REDEEM, 1, 2);                           // now applies: v2

            // Then: the second dead letter is the redriven record, its redrive headers kept (the next count starts there)
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(1);
            assertDeadLetter(deadLetters.get(0), again, DeadLetterReason.INVALID_TRANSITION, "e-2");
            assertThat(header(deadLetters.get(0), RedriveHeaders.COUNT)).isEqualTo("1");
            assertThat(header(deadLetters.get(0), RedriveHeaders.OF)).isEqualTo("user-offers-dlq/0/0");
            assertThat(driver.stateValues()).hasSize(2).last().asString().contains("\"version\":2", "\"REDEEMED\"");
            assertThat(remembered(driver)).containsExactly("u-1\u0000e-1 APPLIED", "u-1\u0000e-2 APPLIED");
        }
    }

    @Test
    void shouldEvaluateARedrivenStateLimitEventAgainOnceTheUserHasRoom() {
        try (OffersDriver driver = new OffersDriver(Map.of(OffersConfig.STATE_MAX_OFFERS, "1"))) {
            // Given
            driver.send(ASSIGN);                                                        // applied: v1
            final Events.Event second = assigned("e-3", "u-1", "WELCOME10", "2026-11-20T08:01:00Z");
            driver.send(second);                                                        // beyond the limit: DLQ STATE_LIMIT
            assertThat(remembered(driver)).contains("u-1\u0000e-3 STATE_LIMIT");
            driver.send(revoked("e-4", "u-1", "SPRING25", "2026-11-20T08:02:00Z"));     // applied: tombstone

            // When
            redrive(driver, second, 0, 1);                                              // room now: applied, v1

            // Then
            assertThat(driver.stateValues()).hasSize(3).last().asString().contains("\"version\":1", "\"WELCOME10\"");
            assertThat(driver.deadLetters()).hasSize(1);
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldDeadLetterARedriveWhoseContentConflictsWithTheRememberedEvent() {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            driver.send(REDEEM);                                                        // DLQ INVALID_TRANSITION
            driver.send(ASSIGN);                                                        // applied: v1
            driver.deadLetters();

            // When: same id, other content, carrying the redrive header
            final Events.Event other = redeemed("e-2", "u-1", "SPRING25", "2026-11-20T09:30:00Z");
            redrive(driver, other, 0, 1);                                               // conflict: DLQ

            // Then
            assertThat(driver.deadLetters()).singleElement().satisfies(dl ->
                    assertThat(DeadLetters.reason(dl)).isEqualTo(DeadLetterReason.DUPLICATE_CONFLICT));
            assertThat(driver.stateValues()).hasSize(1);
            assertThat(remembered(driver)).contains("u-1\u0000e-2 INVALID_TRANSITION");
        }
    }

    @Test
    void shouldKeepTheRedriveHeaderThroughTheRepartitionWhenTheInputIsNotKeyedByUser() {
        try (OffersDriver driver = new OffersDriver(OffersDriver.notKeyedByUser())) {
            // Given
            driver.send(REDEEM);            // DLQ INVALID_TRANSITION
            driver.send(ASSIGN);            // applied: v1

            // When
            redrive(driver, REDEEM, 0, 1);  // applied: v2

            // Then
            assertThat(driver.stateValues()).hasSize(2).last().asString().contains("\"version\":2", "\"REDEEMED\"");
        }
    }

    @Test
    void shouldCountRedrivesEvaluatedAppliedAndRejectedAgain() {
        try (OffersDriver driver = new OffersDriver()) {
            driver.send(REDEEM);            // DLQ INVALID_TRANSITION
            redrive(driver, REDEEM, 0, 1);  // evaluated, rejected again
            driver.send(ASSIGN);            // applied
            redrive(driver, REDEEM, 1, 2);  // evaluated, applied
            redrive(driver, REDEEM, 1, 2);  // applied id: dropped, not evaluated

            final Map<MetricName, ? extends Metric> metrics = driver.driver().metrics();
            assertThat(total(metrics, OffersMetrics.REDRIVES_REEVALUATED)).isEqualTo(2);
            assertThat(total(metrics, OffersMetrics.REDRIVES_APPLIED)).isEqualTo(1);
            assertThat(total(metrics, OffersMetrics.REDRIVES_REJECTED)).isEqualTo(1);
            assertThat(total(metrics, OffersMetrics.DUPLICATES_DROPPED)).isEqualTo(1);
        }
    }

    /** Every entry of the dedup store as {@code key outcome}, in key order: one entry per id. */
    private static List<String> remembered(final OffersDriver driver) {
        final List<String> entries = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, RememberedEvent> all = driver.dedupStore().all()) {
            all.forEachRemaining(entry -> entries.add(entry.key.key() + " " + entry.value.outcome()));
        }
        entries.sort(null);
        return entries;
    }

    private static double total(final Map<MetricName, ? extends Metric> metrics, final String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals(OffersMetrics.GROUP) && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }
}
