package com.useroffers.offers.run;

import static com.useroffers.offers.run.ThreadFailurePolicy.MAX_REPLACEMENTS;
import static com.useroffers.offers.run.ThreadFailurePolicy.WINDOW;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidSessionTimeoutException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.errors.TopologyException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What happens when a stream thread dies: a failure a new thread cannot cure shuts the client down at
 * once; any other replaces the thread, at most {@link ThreadFailurePolicy#MAX_REPLACEMENTS} times within a
 * sliding {@link ThreadFailurePolicy#WINDOW}, and the next one shuts the client down. Time is a test clock.
 */
class ThreadFailurePolicyTest {

    private final MutableClock clock = new MutableClock();
    private final ThreadFailurePolicy policy = new ThreadFailurePolicy(clock);

    /** One of each incurable type, as thrown and as the cause of the exception a stream thread dies with. */
    static Stream<Arguments> incurableFailures() {
        return Stream.of(
                        new OutOfMemoryError("Java heap space"),                              // Error
                        new SaslAuthenticationException("invalid credentials"),               // AuthenticationException
                        new AuthenticationException("SSL handshake failed"),
                        new TopicAuthorizationException("not authorized to read user-offers"), // AuthorizationException
                        new TransactionalIdAuthorizationException("not authorized to write the transactional id"),
                        new MissingSourceTopicException("user-offers is missing"),
                        new InvalidTopicException("user offers is not a valid topic name"),
                        new UnsupportedVersionException("the broker is too old"),
                        new FencedInstanceIdException("another consumer with the same group.instance.id has registered"),
                        new InvalidSessionTimeoutException("session timeout below the broker's minimum"),
                        new TopologyException("no such store"),
                        new ConfigException("processing.guarantee", "exactly_twice"))
                .flatMap(cause -> Stream.of(
                        Arguments.of(Named.of(cause.getClass().getSimpleName(), cause)),
                        Arguments.of(Named.of("StreamsException caused by " + cause.getClass().getSimpleName(),
                                new StreamsException("stream thread failed", cause))),
                        Arguments.of(Named.of("StreamsException caused by a KafkaException caused by " + cause.getClass().getSimpleName(),
                                new StreamsException(new KafkaException("poll failed", cause))))));
    }

    /** Faults of the moment, and bugs: a new thread, starting again from the last commit, may get past them. */
    static Stream<Arguments> curableFailures() {
        return Stream.of(
                Arguments.of(Named.of("broker timeout", new StreamsException(new TimeoutException("broker went away")))),
                Arguments.of(Named.of("aborted transaction", new StreamsException("transaction aborted"))),
                Arguments.of(Named.of("bug", new IllegalStateException("unexpected state"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("incurableFailures")
    void shouldShutTheClientDownAtOnceAndKeepTheFailureWhenANewThreadCannotCureIt(final Throwable incurable) {
        // When
        final StreamThreadExceptionResponse response = policy.handle(incurable);

        // Then
        assertThat(response).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(policy.fatal()).isSameAs(incurable);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("incurableFailures")
    void shouldShutTheClientDownOnAnIncurableFailureEvenWithReplacementsLeft(final Throwable incurable) {
        // Given
        assertThat(policy.handle(new StreamsException("transaction aborted"))).isEqualTo(REPLACE_THREAD); // 1 of 3

        // When
        final StreamThreadExceptionResponse response = policy.handle(incurable);

        // Then
        assertThat(response).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(policy.fatal()).isSameAs(incurable);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("curableFailures")
    void shouldReplaceTheThreadUpToMaxReplacementsWithinTheWindowThenShutTheClientDown(final Throwable curable) {
        // When: MAX_REPLACEMENTS failures spread over the window, one minute apart
        for (int i = 1; i <= MAX_REPLACEMENTS; i++) {
            assertThat(policy.handle(curable)).as("failure %d", i).isEqualTo(REPLACE_THREAD);
            assertThat(policy.fatal()).as("fatal after failure %d", i).isNull();
            clock.advance(Duration.ofMinutes(1));
        }
        final StreamsException next = new StreamsException("the same again", curable);

        // Then: the next one, still within the window of the first, shuts the client down
        assertThat(policy.handle(next)).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(policy.fatal()).isSameAs(next);
    }

    @Test
    void shouldNoLongerCountReplacementsOnceTheyAreWindowOld() {
        // Given: every replacement used at once
        replaceMaxTimes();

        // When
        clock.advance(WINDOW); // the replacements are exactly WINDOW old: forgotten

        // Then
        assertThat(policy.handle(new StreamsException("transaction aborted"))).isEqualTo(REPLACE_THREAD);
        assertThat(policy.fatal()).isNull();
    }

    @Test
    void shouldStillCountReplacementsOneNanosecondYoungerThanTheWindow() {
        // Given: every replacement used at once
        replaceMaxTimes();

        // When
        clock.advance(WINDOW.minusNanos(1)); // still within the window

        // Then
        final StreamsException next = new StreamsException("transaction aborted");
        assertThat(policy.handle(next)).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(policy.fatal()).isSameAs(next);
    }

    @Test
    void shouldSlideTheWindowForgettingOnlyTheReplacementsThatLeftIt() {
        final StreamsException failure = new StreamsException("transaction aborted");

        // Given: replacements at minutes 0, 4 and 8
        for (final int minute : new int[] {0, 4, 8}) {
            clock.set(MutableClock.START.plus(Duration.ofMinutes(minute)));
            assertThat(policy.handle(failure)).as("minute %d", minute).isEqualTo(REPLACE_THREAD);
        }

        // When / Then
        clock.set(MutableClock.START.plus(Duration.ofMinutes(10)));
        assertThat(policy.handle(failure)).as("minute 10: the one of minute 0 has left the window").isEqualTo(REPLACE_THREAD);
        assertThat(policy.fatal()).isNull();
        clock.set(MutableClock.START.plus(Duration.ofMinutes(11)));
        assertThat(policy.handle(failure)).as("minute 11: those of minutes 4, 8 and 10 count").isEqualTo(SHUTDOWN_CLIENT);
        assertThat(policy.fatal()).isSameAs(failure);
    }

    @Test
    void shouldNeverShutDownWhenFailuresComeSlowerThanTheWindowAllows() {
        final StreamsException failure = new StreamsException("transaction aborted");

        for (int i = 0; i < 10; i++) {
            assertThat(policy.handle(failure)).as("failure %d", i).isEqualTo(REPLACE_THREAD);
            clock.advance(WINDOW.dividedBy(MAX_REPLACEMENTS)); // never more than MAX_REPLACEMENTS within the window
        }
        assertThat(policy.fatal()).isNull();
    }

    private void replaceMaxTimes() {
        for (int i = 1; i <= MAX_REPLACEMENTS; i++) {
            assertThat(policy.handle(new StreamsException("transaction aborted"))).as("failure %d", i).isEqualTo(REPLACE_THREAD);
        }
    }

    /** A clock that moves only when told. */
    private static final class MutableClock extends Clock {

        static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

        private Instant now = START;

        void advance(final Duration duration) {
            now = now.plus(duration);
        }

        /** Only forward: the policy's window assumes a clock that never goes back. */
        void set(final Instant instant) {
            if (instant.isBefore(now)) {
                throw new IllegalArgumentException(instant + " is before " + now);
            }
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            return this;
        }
    }
}
