package com.useroffers.offers.topology;

import static com.useroffers.offers.fixtures.DeadLetters.assertDeadLetter;
import static com.useroffers.offers.fixtures.Events.assigned;
import static com.useroffers.offers.fixtures.Events.event;
import static com.useroffers.offers.fixtures.Events.redeemed;
import static com.useroffers.offers.fixtures.Events.revoked;
import static com.useroffers.offers.fixtures.OffersDriver.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.fixtures.Sent;
import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.model.OfferState;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The contract's transition table (step 5), through the production topology: its nine cells as the
 * rows of one table, then the column that depends on time ({@code expiresAt}), then what an applied
 * event does to {@code version}, {@code updatedAt} and {@code lastEventId}.
 */
class TransitionTableTest {

    private static final String USER = "u-1";
    private static final String ASSIGNED_AT = "2026-11-20T08:00:00Z";
    private static final String EXPIRES_AT = "2026-12-31T23:59:59Z";
    private static final String REDEEMED_AT = "2026-11-21T08:00:00Z";
    private static final String NOW = "2026-11-22T10:15:30Z";
    private static final String NEW_EXPIRES_AT = "2027-01-31T00:00:00Z";
    private static final String WELCOME10 = offer("WELCOME10", "ASSIGNED", "2026-11-01T09:00:00Z", null, null);

    /** The status of the offer {@code SPRING25} before the event. */
    enum Before { ABSENT, ASSIGNED, REDEEMED }

    /** The contract's words for what the event does. */
    enum Outcome { BECOMES_ASSIGNED, STAYS_ASSIGNED_DATES_REPLACED, BECOMES_REDEEMED, REMOVED, INVALID_TRANSITION }

    @ParameterizedTest(name = "{0} on an offer {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # Given SPRING25 is the user's only offer (ABSENT: the user has no state), when this event comes
            # at NOW (an assignment with a new expiresAt), then the contract's cell:
            # event        | SPRING25 before | outcome
            OFFER_ASSIGNED | ABSENT          | BECOMES_ASSIGNED
            OFFER_ASSIGNED | ASSIGNED        | STAYS_ASSIGNED_DATES_REPLACED
            OFFER_ASSIGNED | REDEEMED        | INVALID_TRANSITION
            OFFER_REDEEMED | ABSENT          | INVALID_TRANSITION
            OFFER_REDEEMED | ASSIGNED        | BECOMES_REDEEMED
            OFFER_REDEEMED | REDEEMED        | INVALID_TRANSITION
            OFFER_REVOKED  | ABSENT          | INVALID_TRANSITION
            OFFER_REVOKED  | ASSIGNED        | REMOVED
            OFFER_REVOKED  | REDEEMED        | INVALID_TRANSITION
            """)
    void shouldApplyEveryCellOfTheTransitionTable(final String type, final Before before, final Outcome outcome) {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            if (before != Before.ABSENT) {
                driver.send(assigned("e-1", USER, "SPRING25", ASSIGNED_AT).expiresAt(EXPIRES_AT)); // applied: v1
            }
            if (before == Before.REDEEMED) {
                driver.send(redeemed("e-2", USER, "SPRING25", REDEEMED_AT)); // applied: v2
            }
            driver.stateRecords();
            final OfferState state = driver.stateStore().get(USER);
            final long version = state == null ? 0 : state.version();

            // When
            final Sent sent = driver.send(when(type, NOW));

            // Then
            switch (outcome) {
                case BECOMES_ASSIGNED, STAYS_ASSIGNED_DATES_REPLACED -> assertApplied(driver,
                        state(version + 1, NOW, "e-3", offer("SPRING25", "ASSIGNED", NOW, NEW_EXPIRES_AT, null)));
                case BECOMES_REDEEMED -> assertApplied(driver,
                        state(version + 1, NOW, "e-3", offer("SPRING25", "REDEEMED", ASSIGNED_AT, EXPIRES_AT, NOW)));
                case REMOVED -> assertTombstone(driver);
                case INVALID_TRANSITION -> assertInvalidTransition(driver, sent, state);
                default -> throw new AssertionError(outcome);
            }
        }
    }

    @ParameterizedTest(name = "{0} at {2}, SPRING25 expiring at {1}: {3}")
    @CsvSource(delimiter = '|', nullValues = "never", textBlock = """
            # Given the user holds WELCOME10 (no expiry) and SPRING25 (assigned at ASSIGNED_AT, expiring as
            # the row says), when this event comes for SPRING25 (an assignment with a new expiresAt):
            # event        | SPRING25 expires at  | event occurred at              | outcome
            # redeemed one nanosecond before it expires
            OFFER_REDEEMED | 2027-01-01T00:00:00Z | 2026-12-31T23:59:59.999999999Z | BECOMES_REDEEMED
            # redeemed exactly when it expires (the same instant, written with an offset): expired
            OFFER_REDEEMED | 2026-12-31T23:59:59Z | 2027-01-01T01:59:59+02:00      | INVALID_TRANSITION
            # redeemed after it expired
            OFFER_REDEEMED | 2026-12-31T23:59:59Z | 2027-01-01T00:00:00Z           | INVALID_TRANSITION
            # an offer without expiry never expires
            OFFER_REDEEMED | never                | 2036-11-22T10:15:30Z           | BECOMES_REDEEMED
            # an expired offer is still ASSIGNED: it is assigned again,
            OFFER_ASSIGNED | 2026-11-21T00:00:00Z | 2026-11-22T00:00:00Z           | STAYS_ASSIGNED_DATES_REPLACED
            # and revoked
            OFFER_REVOKED  | 2026-12-31T23:59:59Z | 2027-02-01T00:00:00Z           | REMOVED
            """)
    void shouldLookAtExpiresAtOnlyWhenAnOfferIsRedeemed(final String type, final String expiresAt, final String occurredAt,
                                                        final Outcome outcome) {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            driver.send(assigned("e-1", USER, "WELCOME10", "2026-11-01T09:00:00Z")); // applied: v1
            final Events.Event spring = assigned("e-2", USER, "SPRING25", ASSIGNED_AT);
            driver.send(expiresAt == null ? spring : spring.expiresAt(expiresAt)); // applied: v2
            driver.stateRecords();
            final OfferState state = driver.stateStore().get(USER);

            // When
            final Sent sent = driver.send(when(type, occurredAt));

            // Then
            switch (outcome) {
                case STAYS_ASSIGNED_DATES_REPLACED -> assertApplied(driver, state(3, occurredAt, "e-3",
                        offer("SPRING25", "ASSIGNED", occurredAt, NEW_EXPIRES_AT, null) + "," + WELCOME10));
                case BECOMES_REDEEMED -> assertApplied(driver, state(3, occurredAt, "e-3",
                        offer("SPRING25", "REDEEMED", ASSIGNED_AT, expiresAt, occurredAt) + "," + WELCOME10));
                case REMOVED -> assertApplied(driver, state(3, occurredAt, "e-3", WELCOME10));
                case INVALID_TRANSITION -> assertInvalidTransition(driver, sent, state);
                default -> throw new AssertionError(outcome);
            }
        }
    }

    @Test
    void shouldRemoveExpiresAtWhenTheNewAssignmentHasNone() {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            driver.send(assigned("e-1", USER, "SPRING25", ASSIGNED_AT).expiresAt(EXPIRES_AT)); // applied: v1
            driver.stateRecords();

            // When
            driver.send(assigned("e-2", USER, "SPRING25", "2026-11-21T09:30:00Z")); // ASSIGNED -> ASSIGNED, no expiry

            // Then
            assertApplied(driver, state(2, "2026-11-21T09:30:00Z", "e-2",
                    offer("SPRING25", "ASSIGNED", "2026-11-21T09:30:00Z", null, null)));
        }
    }

    @Test
    void shouldRejectRevokingAnOfferTheUserDoesNotHold() {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            driver.send(assigned("e-1", USER, "WELCOME10", "2026-11-01T09:00:00Z")); // applied: v1
            driver.stateRecords();
            final OfferState state = driver.stateStore().get(USER);

            // When
            final Sent revoke = driver.send(revoked("e-2", USER, "SPRING25", ASSIGNED_AT)); // absent: DLQ

            // Then
            assertInvalidTransition(driver, revoke, "e-2", state);
        }
    }

    @Test
    void shouldRemoveARevokedAssignedOfferAndKeepTheOthers() {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            driver.send(assigned("e-1", USER, "WELCOME10", "2026-11-01T09:00:00Z")); // applied: v1
            driver.send(assigned("e-2", USER, "SPRING25", ASSIGNED_AT).expiresAt(EXPIRES_AT)); // applied: v2
            driver.stateRecords();

            // When
            driver.send(revoked("e-3", USER, "WELCOME10", "2026-11-21T08:00:00Z")); // ASSIGNED -> removed

            // Then
            assertApplied(driver, state(3, "2026-11-21T08:00:00Z", "e-3",
                    offer("SPRING25", "ASSIGNED", ASSIGNED_AT, EXPIRES_AT, null)));
        }
    }

    @Test
    void shouldCountAppliedEventsAndTakeUpdatedAtAndLastEventIdFromTheLastAppliedEvent() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(assigned("e-1", USER, "A1", "2026-11-20T08:00:00Z"));   // applied: v1
            driver.send(assigned("e-2", USER, "B2", "2026-11-21T08:00:00Z"));   // applied: v2
            driver.send(redeemed("e-3", USER, "C3", "2026-11-22T08:00:00Z"));   // absent: DLQ, no version
            driver.send(redeemed("e-4", USER, "A1", "2026-11-19T08:00:00.5Z")); // applied: v3, event time goes back
            driver.send(revoked("e-5", USER, "B2", "2026-11-23T08:00:00Z"));    // applied: v4

            // Then
            assertThat(driver.stateValues()).containsExactly(
                    state(1, "2026-11-20T08:00:00Z", "e-1", offer("A1", "ASSIGNED", "2026-11-20T08:00:00Z", null, null)),
                    state(2, "2026-11-21T08:00:00Z", "e-2", offer("A1", "ASSIGNED", "2026-11-20T08:00:00Z", null, null)
                            + "," + offer("B2", "ASSIGNED", "2026-11-21T08:00:00Z", null, null)),
                    state(3, "2026-11-19T08:00:00.500Z", "e-4",
                            offer("A1", "REDEEMED", "2026-11-20T08:00:00Z", null, "2026-11-19T08:00:00.500Z")
                                    + "," + offer("B2", "ASSIGNED", "2026-11-21T08:00:00Z", null, null)),
                    state(4, "2026-11-23T08:00:00Z", "e-5",
                            offer("A1", "REDEEMED", "2026-11-20T08:00:00Z", null, "2026-11-19T08:00:00.500Z")));
            assertThat(driver.deadLetters()).extracting(record -> text(record.value()))
                    .containsExactly(redeemed("e-3", USER, "C3", "2026-11-22T08:00:00Z").json());
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    /** The event of the tables' When: id {@code e-3} for SPRING25; an assignment carries {@link #NEW_EXPIRES_AT}. */
    private static Events.Event when(final String type, final String occurredAt) {
        final Events.Event event = event("e-3", USER, type, "SPRING25", occurredAt);
        return type.equals(Events.ASSIGNED) ? event.expiresAt(NEW_EXPIRES_AT) : event;
    }

    /** The canonical state JSON of {@link #USER}; {@code offers} are the entries, sorted by code. */
    private static String state(final long version, final String updatedAt, final String lastEventId, final String offers) {
        return "{\"userId\":\"" + USER + "\",\"version\":" + version + ",\"updatedAt\":\"" + updatedAt
                + "\",\"lastEventId\":\"" + lastEventId + "\",\"offers\":{" + offers + "}}";
    }

    /** One entry of the state's {@code offers}, optional fields omitted when {@code null}. */
    private static String offer(final String code, final String status, final String assignedAt, final String expiresAt,
                                final String redeemedAt) {
        return "\"" + code + "\":{\"status\":\"" + status + "\",\"assignedAt\":\"" + assignedAt + "\""
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"")
                + (redeemedAt == null ? "" : ",\"redeemedAt\":\"" + redeemedAt + "\"")
                + "}";
    }

    /** Exactly one state record, {@code expected}, and no dead letter. */
    private static void assertApplied(final OffersDriver driver, final String expected) {
        assertThat(driver.stateValues()).containsExactly(expected);
        assertThat(driver.stateIsEmpty()).isTrue();
        assertThat(driver.deadLettersIsEmpty()).isTrue();
    }

    /** The user's last offer is gone: one tombstone under the user's key, the state deleted, no dead letter. */
    private static void assertTombstone(final OffersDriver driver) {
        final List<TestRecord<byte[], byte[]>> states = driver.stateRecords();
        assertThat(states).hasSize(1);
        assertThat(text(states.get(0).key())).isEqualTo(USER);
        assertThat(states.get(0).value()).isNull();
        assertThat(driver.stateStore().get(USER)).isNull();
        assertThat(driver.stateIsEmpty()).isTrue();
        assertThat(driver.deadLettersIsEmpty()).isTrue();
    }

    private static void assertInvalidTransition(final OffersDriver driver, final Sent rejected, final OfferState before) {
        assertInvalidTransition(driver, rejected, "e-3", before);
    }

    /** One {@code INVALID_TRANSITION} dead letter of {@code rejected}, no state record, and the state as it was. */
    private static void assertInvalidTransition(final OffersDriver driver, final Sent rejected, final String eventId,
                                                final OfferState before) {
        final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
        assertThat(deadLetters).hasSize(1);
        assertDeadLetter(deadLetters.get(0), rejected, DeadLetterReason.INVALID_TRANSITION, eventId);
        assertThat(driver.stateIsEmpty()).isTrue();
        assertThat(driver.stateStore().get(USER)).isEqualTo(before);
    }
}
