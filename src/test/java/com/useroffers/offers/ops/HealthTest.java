package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The liveness and readiness rules, state by state, the one that depends on history, and restoration. */
class HealthTest {

    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final AtomicInteger restoring = new AtomicInteger();
    private final Health health = new Health(state::get, restoring::get);

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

    @ParameterizedTest(name = "{0}, has been running={1}, restoring={2}: ready={3}")
    @CsvSource({
        "RUNNING,          true,  0, true",
        "RUNNING,          true,  1, false", // Kafka Streams is RUNNING while its tasks restore in the background
        "RUNNING,          true,  6, false",
        "REBALANCING,      true,  0, true",  // a normal rebalance keeps it ready
        "REBALANCING,      true,  2, false", // a task it took over is restoring
        "REBALANCING,      false, 0, false", // still starting
        "REBALANCING,      false, 3, false", // starting, and restoring
        "CREATED,          false, 0, false",
        "PENDING_SHUTDOWN, true,  0, false",
        "PENDING_SHUTDOWN, true,  2, false",
        "ERROR,            true,  0, false",
        "NOT_RUNNING,      true,  0, false",
    })
    void shouldNotBeReadyWhileActivePartitionsRestore(final State current, final boolean hasBeenRunning,
                                                      final int restoringPartitions, final boolean ready) {
        // When
        final Health.Verdict verdict = Health.readiness(current, hasBeenRunning, restoringPartitions);

        // Then
        assertThat(verdict.up()).isEqualTo(ready);
        assertThat(verdict.state()).isEqualTo(current);
    }

    @Test
    void shouldSayHowManyPartitionsAreRestoringAndTurnReadyOnceTheyAreDone() {
        // Given: running, one active partition restoring
        state.set(State.RUNNING);
        restoring.set(1);

        // When
        final Health.Verdict restoringVerdict = health.readiness();
        restoring.set(0);
        final Health.Verdict doneVerdict = health.readiness();

        // Then
        assertThat(restoringVerdict.up()).isFalse();
        assertThat(restoringVerdict.httpStatus()).isEqualTo(503);
        assertThat(restoringVerdict.reason()).isEqualTo("restoring state: 1 active changelog partition");
        assertThat(doneVerdict.up()).isTrue();
        assertThat(health.liveness().up()).isTrue(); // restoring, however long, is alive
    }

    @Test
    void shouldSayItIsRestoringWhenAStartingInstanceRestores() {
        // Given: never RUNNING yet
        state.set(State.REBALANCING);

        // When
        final Health.Verdict joining = health.readiness();
        restoring.set(2);
        final Health.Verdict restoringVerdict = health.readiness();

        // Then
        assertThat(joining.reason()).isEqualTo("starting: joining the group");
        assertThat(restoringVerdict.up()).isFalse();
        assertThat(restoringVerdict.reason()).isEqualTo("restoring state: 2 active changelog partitions");
    }

    @Test
    void shouldGiveAReasonWheneverItSaysDown() {
        for (final int restoringPartitions : new int[] {0, 2}) {
            restoring.set(restoringPartitions);
            for (final State current : State.values()) {
                state.set(current);
                for (final Health.Verdict verdict : new Health.Verdict[] {health.liveness(), health.readiness()}) {
                    if (!verdict.up()) {
                        assertThat(verdict.reason()).as("%s, restoring %s", current, restoringPartitions).isNotBlank();
                    }
                }
            }
        }
    }
}
