package com.useroffers.offers.topology;

import static com.useroffers.offers.fixtures.Events.assigned;
import static com.useroffers.offers.fixtures.Events.redeemed;
import static com.useroffers.offers.fixtures.Events.revoked;
import static com.useroffers.offers.fixtures.OffersDriver.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.DeadLetters;
import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.model.DeadLetterReason;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A user with no offers left: a tombstone (null value) under the user's key, the state deleted from the
 * store, and the next event for that user starts again at version 1.
 */
class TombstoneTest {

    @Test
    void shouldEmitATombstoneAndDeleteTheStateWhenTheLastOfferIsRevoked() {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            driver.send(assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00Z")); // applied: v1
            driver.send(assigned("e-2", "u-1", "B2", "2026-11-20T09:00:00Z")); // applied: v2
            driver.send(revoked("e-3", "u-1", "A1", "2026-11-20T10:00:00Z"));  // applied: v3, B2 left
            driver.stateRecords();
            assertThat(driver.stateStore().get("u-1")).isNotNull();

            // When
            driver.send(revoked("e-4", "u-1", "B2", "2026-11-20T11:00:00Z")); // applied: last offer gone, tombstone

            // Then
            final List<TestRecord<byte[], byte[]>> states = driver.stateRecords();
            assertThat(states).hasSize(1);
            assertThat(text(states.get(0).key())).isEqualTo("u-1");
            assertThat(states.get(0).value()).isNull();
            assertThat(driver.stateStore().get("u-1")).isNull();
            assertThat(driver.stateStoreSize()).isZero();
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldStartAgainAtVersionOneAfterATombstone() {
        try (OffersDriver driver = new OffersDriver()) {
            // Given
            driver.send(assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00Z")); // applied: v1
            driver.send(revoked("e-2", "u-1", "A1", "2026-11-20T09:00:00Z"));  // applied: tombstone
            driver.stateRecords();

            // When
            driver.send(redeemed("e-3", "u-1", "A1", "2026-11-20T10:00:00Z")); // absent again: DLQ
            driver.send(assigned("e-4", "u-1", "A1", "2026-11-20T11:00:00Z")); // applied: v1 again

            // Then
            assertThat(driver.stateValues()).containsExactly("{\"userId\":\"u-1\",\"version\":1,\"updatedAt\":\"2026-11-20T11:00:00Z\","
                    + "\"lastEventId\":\"e-4\",\"offers\":{\"A1\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T11:00:00Z\"}}}");
            assertThat(driver.deadLetters()).extracting(DeadLetters::reason).containsExactly(DeadLetterReason.INVALID_TRANSITION);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldKeepOtherUsersUntouchedByATombstone() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00Z")); // applied: u-1 v1
            driver.send(assigned("e-2", "u-2", "A1", "2026-11-20T08:00:00Z")); // applied: u-2 v1
            driver.send(revoked("e-3", "u-1", "A1", "2026-11-20T09:00:00Z"));  // applied: u-1 tombstone
            driver.send(assigned("e-4", "u-2", "B2", "2026-11-20T10:00:00Z")); // applied: u-2 v2

            // Then
            final List<TestRecord<byte[], byte[]>> states = driver.stateRecords();
            assertThat(states).extracting(record -> text(record.key())).containsExactly("u-1", "u-2", "u-1", "u-2");
            assertThat(states.get(2).value()).isNull();
            assertThat(text(states.get(3).value())).startsWith("{\"userId\":\"u-2\",\"version\":2,");
            assertThat(driver.stateStore().get("u-1")).isNull();
            assertThat(driver.stateStore().get("u-2").version()).isEqualTo(2);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }
}
