package com.useroffers.offers.topology;

import static com.useroffers.offers.fixtures.DeadLetters.assertDeadLetter;
import static com.useroffers.offers.fixtures.Events.assigned;
import static com.useroffers.offers.fixtures.Events.redeemed;
import static com.useroffers.offers.fixtures.Events.revoked;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.fixtures.Sent;
import com.useroffers.offers.model.DeadLetterReason;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every cell of the contract's transition table (step 5), through the production topology: three
 * events against an offer that is absent, {@code ASSIGNED} or {@code REDEEMED}; and what an applied
 * event does to {@code version}, {@code updatedAt} and {@code lastEventId}.
 */
class TransitionTableTest {

    private static final String ASSIGNED_SPRING = "{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00Z\",\"expiresAt\":\"2026-12-31T23:59:59Z\"}";

    private static String state(final int version, final String updatedAt, final String lastEventId, final String offers) {
        return "{\"userId\":\"u-1\",\"version\":" + version + ",\"updatedAt\":\"" + updatedAt + "\",\"lastEventId\":\""
                + lastEventId + "\",\"offers\":{" + offers + "}}";
    }

    private static void assertInvalidTransition(final OffersDriver driver, final Sent rejected, final String eventId) {
        final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
        assertThat(deadLetters).hasSize(1);
        assertDeadLetter(deadLetters.get(0), rejected, DeadLetterReason.INVALID_TRANSITION, eventId);
        assertThat(driver.stateIsEmpty()).isTrue();
    }

    @Nested
    class OfferAssigned {

        @Test
        void shouldAssignAnAbsentOffer() {
            try (OffersDriver driver = new OffersDriver()) {
                // When
                driver.send(assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2026-12-31T23:59:59Z")); // absent -> ASSIGNED

                // Then
                assertThat(driver.stateValues()).containsExactly(
                        state(1, "2026-11-20T08:00:00Z", "e-1", "\"SPRING25\":" + ASSIGNED_SPRING));
                assertThat(driver.stateIsEmpty()).isTrue();
                assertThat(driver.deadLettersIsEmpty()).isTrue();
            }
        }

        @Test
        void shouldReplaceAssignedAtAndExpiresAtWhenAnAssignedOfferIsAssignedAgain() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2026-12-31T23:59:59Z")); // applied: v1
                driver.stateRecords();

                // When
                driver.send(assigned("e-2", "u-1", "SPRING25", "2026-11-21T09:30:00Z").expiresAt("2027-01-31T00:00:00Z")); // ASSIGNED -> ASSIGNED

                // Then
                assertThat(driver.stateValues()).containsExactly(state(2, "2026-11-21T09:30:00Z", "e-2",
                        "\"SPRING25\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-21T09:30:00Z\",\"expiresAt\":\"2027-01-31T00:00:00Z\"}"));
                assertThat(driver.stateIsEmpty()).isTrue();
                assertThat(driver.deadLettersIsEmpty()).isTrue();
            }
        }

        @Test
        void shouldRemoveExpiresAtWhenTheNewAssignmentHasNone() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2026-12-31T23:59:59Z")); // applied: v1
                driver.stateRecords();

                // When
                driver.send(assigned("e-2", "u-1", "SPRING25", "2026-11-21T09:30:00Z")); // ASSIGNED -> ASSIGNED, no expiry

                // Then
                assertThat(driver.stateValues()).containsExactly(state(2, "2026-11-21T09:30:00Z", "e-2",
                        "\"SPRING25\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-21T09:30:00Z\"}"));
                assertThat(driver.stateIsEmpty()).isTrue();
                assertThat(driver.deadLettersIsEmpty()).isTrue();
            }
        }

        @Test
        void shouldReassignAnOfferThatHasAlreadyExpired() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2026-11-21T00:00:00Z")); // applied: v1
                driver.stateRecords();

                // When: after the expiry, the table still says ASSIGNED stays ASSIGNED
                driver.send(assigned("e-2", "u-1", "SPRING25", "2026-11-22T00:00:00Z").expiresAt("2026-11-23T00:00:00Z")); // applied: v2

                // Then
                assertThat(driver.stateValues()).containsExactly(state(2, "2026-11-22T00:00:00Z", "e-2",
                        "\"SPRING25\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-22T00:00:00Z\",\"expiresAt\":\"2026-11-23T00:00:00Z\"}"));
                assertThat(driver.stateIsEmpty()).isTrue();
                assertThat(driver.deadLettersIsEmpty()).isTrue();
            }
        }

        @Test
        void shouldRejectAssigningARedeemedOffer() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z")); // applied: v1
                driver.send(redeemed("e-2", "u-1", "SPRING25", "2026-11-21T08:00:00Z")); // applied: v2
                driver.stateRecords();

                // When
                final Sent reassign = driver.send(assigned("e-3", "u-1", "SPRING25", "2026-11-22T08:00:00Z")); // REDEEMED: DLQ

                // Then
                assertInvalidTransition(driver, reassign, "e-3");
                assertThat(driver.stateStore().get("u-1").version()).isEqualTo(2);
            }
        }
    }

    @Nested
    class OfferRedeemed {

        @Test
        void shouldRejectRedeemingAnAbsentOffer() {
            try (OffersDriver driver = new OffersDriver()) {
                // When
                final Sent redeem = driver.send(redeemed("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z")); // absent: DLQ

                // Then
                assertInvalidTransition(driver, redeem, "e-1");
                assertThat(driver.stateStore().get("u-1")).isNull();
            }
        }

        @Test
        void shouldRedeemAnAssignedOfferKeepingAssignedAtAndExpiresAt() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2026-12-31T23:59:59Z")); // applied: v1
                driver.stateRecords();

                // When
                driver.send(redeemed("e-2", "u-1", "SPRING25", "2026-11-22T10:15:30Z")); // ASSIGNED -> REDEEMED

                // Then
                assertThat(driver.stateValues()).containsExactly(state(2, "2026-11-22T10:15:30Z", "e-2",
                        "\"SPRING25\":{\"status\":\"REDEEMED\",\"assignedAt\":\"2026-11-20T08:00:00Z\","
                                + "\"expiresAt\":\"2026-12-31T23:59:59Z\",\"redeemedAt\":\"2026-11-22T10:15:30Z\"}"));
                assertThat(driver.stateIsEmpty()).isTrue();
                assertThat(driver.deadLettersIsEmpty()).isTrue();
            }
        }

        @Test
        void shouldRedeemAnOfferWithoutExpiry() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "WELCOME10", "2026-11-01T09:00:00Z")); // applied: v1
                driver.stateRecords();

                // When
                driver.send(redeemed("e-2", "u-1", "WELCOME10", "2036-11-22T10:15:30Z")); // ASSIGNED -> REDEEMED

                // Then
                assertThat(driver.stateValues()).containsExactly(state(2, "2036-11-22T10:15:30Z", "e-2",
                        "\"WELCOME10\":{\"status\":\"REDEEMED\",\"assignedAt\":\"2026-11-01T09:00:00Z\",\"redeemedAt\":\"2036-11-22T10:15:30Z\"}"));
                assertThat(driver.stateIsEmpty()).isTrue();
                assertThat(driver.deadLettersIsEmpty()).isTrue();
            }
        }

        @Test
        void shouldRedeemOneNanosecondBeforeExpiresAt() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2027-01-01T00:00:00Z")); // applied: v1
                driver.stateRecords();

                // When
                driver.send(redeemed("e-2", "u-1", "SPRING25", "2026-12-31T23:59:59.999999999Z")); // not yet expired: REDEEMED

                // Then
                assertThat(driver.stateValues()).containsExactly(state(2, "2026-12-31T23:59:59.999999999Z", "e-2",
                        "\"SPRING25\":{\"status\":\"REDEEMED\",\"assignedAt\":\"2026-11-20T08:00:00Z\","
                                + "\"expiresAt\":\"2027-01-01T00:00:00Z\",\"redeemedAt\":\"2026-12-31T23:59:59.999999999Z\"}"));
                assertThat(driver.stateIsEmpty()).isTrue();
                assertThat(driver.deadLettersIsEmpty()).isTrue();
            }
        }

        @Test
        void shouldRejectRedeemingAtExactlyExpiresAt() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2026-12-31T23:59:59Z")); // applied: v1
                driver.stateRecords();

                // When: the same instant, written with an offset
                final Sent redeem = driver.send(redeemed("e-2", "u-1", "SPRING25", "2027-01-01T01:59:59+02:00")); // expired: DLQ

                // Then
                assertInvalidTransition(driver, redeem, "e-2");
                assertThat(driver.stateStore().get("u-1").offer("SPRING25").redeemedAt()).isNull();
            }
        }

        @Test
        void shouldRejectRedeemingAfterExpiresAt() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2026-12-31T23:59:59Z")); // applied: v1
                driver.stateRecords();

                // When
                final Sent redeem = driver.send(redeemed("e-2", "u-1", "SPRING25", "2027-01-01T00:00:00Z")); // expired: DLQ

                // Then
                assertInvalidTransition(driver, redeem, "e-2");
            }
        }

        @Test
        void shouldRejectRedeemingARedeemedOffer() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z")); // applied: v1
                driver.send(redeemed("e-2", "u-1", "SPRING25", "2026-11-21T08:00:00Z")); // applied: v2
                driver.stateRecords();

                // When
                final Sent redeem = driver.send(redeemed("e-3", "u-1", "SPRING25", "2026-11-22T08:00:00Z")); // REDEEMED: DLQ

                // Then
                assertInvalidTransition(driver, redeem, "e-3");
            }
        }
    }

    @Nested
    class OfferRevoked {

        @Test
        void shouldRejectRevokingAnAbsentOffer() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "WELCOME10", "2026-11-01T09:00:00Z")); // applied: v1
                driver.stateRecords();

                // When
                final Sent revoke = driver.send(revoked("e-2", "u-1", "SPRING25", "2026-11-20T08:00:00Z")); // absent: DLQ

                // Then
                assertInvalidTransition(driver, revoke, "e-2");
            }
        }

        @Test
        void shouldRemoveARevokedAssignedOfferAndKeepTheOthers() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "WELCOME10", "2026-11-01T09:00:00Z")); // applied: v1
                driver.send(assigned("e-2", "u-1", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2026-12-31T23:59:59Z")); // applied: v2
                driver.stateRecords();

                // When
                driver.send(revoked("e-3", "u-1", "WELCOME10", "2026-11-21T08:00:00Z")); // ASSIGNED -> removed

                // Then
                assertThat(driver.stateValues()).containsExactly(
                        state(3, "2026-11-21T08:00:00Z", "e-3", "\"SPRING25\":" + ASSIGNED_SPRING));
                assertThat(driver.stateIsEmpty()).isTrue();
                assertThat(driver.deadLettersIsEmpty()).isTrue();
            }
        }

        @Test
        void shouldRevokeAnAssignedOfferEvenWhenItHasExpired() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "WELCOME10", "2026-11-01T09:00:00Z")); // applied: v1
                driver.send(assigned("e-2", "u-1", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2026-12-31T23:59:59Z")); // applied: v2
                driver.stateRecords();

                // When
                driver.send(revoked("e-3", "u-1", "SPRING25", "2027-02-01T00:00:00Z")); // ASSIGNED (expired) -> removed

                // Then
                assertThat(driver.stateValues()).containsExactly(state(3, "2027-02-01T00:00:00Z", "e-3",
                        "\"WELCOME10\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-01T09:00:00Z\"}"));
                assertThat(driver.stateIsEmpty()).isTrue();
                assertThat(driver.deadLettersIsEmpty()).isTrue();
            }
        }

        @Test
        void shouldRejectRevokingARedeemedOffer() {
            try (OffersDriver driver = new OffersDriver()) {
                // Given
                driver.send(assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z")); // applied: v1
                driver.send(redeemed("e-2", "u-1", "SPRING25", "2026-11-21T08:00:00Z")); // applied: v2
                driver.stateRecords();

                // When
                final Sent revoke = driver.send(revoked("e-3", "u-1", "SPRING25", "2026-11-22T08:00:00Z")); // REDEEMED: DLQ

                // Then
                assertInvalidTransition(driver, revoke, "e-3");
                assertThat(driver.stateStore().get("u-1").offer("SPRING25").status().name()).isEqualTo("REDEEMED");
            }
        }
    }

    @Test
    void shouldCountAppliedEventsAndTakeUpdatedAtAndLastEventIdFromTheLastAppliedEvent() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00Z"));   // applied: v1
            driver.send(assigned("e-2", "u-1", "B2", "2026-11-21T08:00:00Z"));   // applied: v2
            driver.send(redeemed("e-3", "u-1", "C3", "2026-11-22T08:00:00Z"));   // absent: DLQ, no version
            driver.send(redeemed("e-4", "u-1", "A1", "2026-11-19T08:00:00.5Z")); // applied: v3, event time goes back
            driver.send(revoked("e-5", "u-1", "B2", "2026-11-23T08:00:00Z"));    // applied: v4

            // Then
            assertThat(driver.stateValues()).containsExactly(
                    state(1, "2026-11-20T08:00:00Z", "e-1",
                            "\"A1\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00Z\"}"),
                    state(2, "2026-11-21T08:00:00Z", "e-2",
                            "\"A1\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00Z\"},"
                                    + "\"B2\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-21T08:00:00Z\"}"),
                    state(3, "2026-11-19T08:00:00.500Z", "e-4",
                            "\"A1\":{\"status\":\"REDEEMED\",\"assignedAt\":\"2026-11-20T08:00:00Z\",\"redeemedAt\":\"2026-11-19T08:00:00.500Z\"},"
                                    + "\"B2\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-21T08:00:00Z\"}"),
                    state(4, "2026-11-23T08:00:00Z", "e-5",
                            "\"A1\":{\"status\":\"REDEEMED\",\"assignedAt\":\"2026-11-20T08:00:00Z\",\"redeemedAt\":\"2026-11-19T08:00:00.500Z\"}"));
            assertThat(driver.deadLetters()).extracting(record -> OffersDriver.text(record.value()))
                    .containsExactly(redeemed("e-3", "u-1", "C3", "2026-11-22T08:00:00Z").json());
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }
}
