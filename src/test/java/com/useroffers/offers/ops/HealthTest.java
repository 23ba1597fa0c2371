package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The liveness and readiness rules, state by state, and the one that depends on history. */
class HealthTest {

    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final Health health = new Health(state::get);

    @ParameterizedTest(name = "{0}: live={1}")
    @CsvSource({
        "CREATED,          true",  // starting: give it time
        "REBALANCING,      true",
        "RUNNING,          true",
        "PENDING_SHUTDOWN, true",  // closing cleanly: killing it now would make the stop unclean
        "NOT_RUNNING,      false", // closed: does nothing any more
        "PENDING_ERROR,    false", // died
        "ERROR,            false", // died
    })
    void shouldBeLiveUnlessTheClientHasDiedOrIsClosed(final State current, final boolean live) {
        // Given
        state.set(current);

        // When
        final Health.Verdict verdict = health.liveness();

        // Then
        assertThat(verdict.up()).isEqualTo(live);
        assertThat(verdict.state()).isEqualTo(current);
        assertThat(verdict.httpStatus()).isEqualTo(live ? 200 : 503);
    }

    @ParameterizedTest(name = "{0}: ready={1}")
    @CsvSource({
        "CREATED,          false",
        "REBALANCING,      false", // never RUNNING yet: joining the group, restoring state
        "RUNNING,          true",
        "PENDING_SHUTDOWN, false",
        "NOT_RUNNING,      false",
        "PENDING_ERROR,    false",
        "ERROR,            false",
    })
    void shouldBeReadyOnlyWhileRunningOnAFreshClient(final State current, final boolean ready) {
        // Given
        state.set(current);

        // When
        final Health.Verdict verdict = health.readiness();

        // Then
        assertThat(verdict.up()).isEqualTo(ready);
        assertThat(verdict.httpStatus()).isEqualTo(ready ? 200 : 503);
    }

    @Test
    void shouldStayReadyThroughARebalanceOnceItHasBeenRunning() {
        // Given
        state.set(State.RUNNING);
        health.observe(); // e.g. the one-second tick

        // When
        state.set(State.REBALANCING);

        // Then
        assertThat(health.readiness().up()).isTrue();
        assertThat(health.readiness().reason()).contains("rebalancing");
    }

    @Test
    void shouldNotBeReadyOnceStoppingEvenAfterRunning() {
        // Given
        state.set(State.RUNNING);
        health.observe();

        // When
        state.set(State.PENDING_SHUTDOWN);

        // Then
        assertThat(health.readiness().up()).isFalse();
        assertThat(health.liveness().up()).isTrue();
    }

    @Test
    void shouldGiveAReasonWheneverItSaysDown() {
        for (final State current : State.values()) {
            state.set(current);
            for (final Health.Verdict verdict : new Health.Verdict[] {health.liveness(), health.readiness()}) {
                if (!verdict.up()) {
                    assertThat(verdict.reason()).as("%s", current).isNotBlank();
                }
            }
        }
    }
}
