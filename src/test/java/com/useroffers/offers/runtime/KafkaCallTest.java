package com.useroffers.offers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.FaultWording;
import com.useroffers.offers.failure.RunFailure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one way to wait on Kafka: a value, a stop, or one line with the exit code of the fault. */
@Timeout(10)
class KafkaCallTest {

    /** Says which kind of fault it was asked for, and about what. */
    private static final FaultWording SAID = new FaultWording() {
        @Override
        public String refusedCredentials(final Throwable cause) {
            return "credentials: " + cause.getMessage();
        }

        @Override
        public String notAuthorized(final Throwable cause) {
            return "denied: " + cause.getMessage();
        }

        @Override
        public String noAnswer(final Throwable cause) {
            return cause == null ? "no answer by the deadline" : "no answer: " + cause.getMessage();
        }

        @Override
        public String failed(final Throwable cause) {
            return "failed: " + cause.getMessage();
        }
    };

    private final ShutdownSignal signal = ShutdownSignal.manual();

    @Test
    void shouldGiveTheValue() {
        assertThat(KafkaCall.within(Duration.ofSeconds(5), signal).get(KafkaFuture.completedFuture("cluster-1"), SAID))
                .isEqualTo("cluster-1");
    }

    @Test
    void shouldGiveWayAtOnceToAStopRequest() {
        signal.request("SIGTERM");
        final KafkaCall call = KafkaCall.within(Duration.ofMinutes(5), signal);

        assertThatThrownBy(() -> call.get(new KafkaFutureImpl<String>(), SAID)).isInstanceOf(KafkaCall.Stopped.class);
        assertThatThrownBy(call::checkNotStopped).isInstanceOf(KafkaCall.Stopped.class);
    }

    @Test
    void shouldSayNoBrokerWhenTheDeadlinePasses() {
        final KafkaCall call = KafkaCall.within(Duration.ofMillis(50), signal);

        assertThatThrownBy(() -> call.get(new KafkaFutureImpl<String>(), SAID)).isInstanceOfSatisfying(RunFailure.class, f -> {
            assertThat(f.exitCode()).isEqualTo(ExitCodes.NO_BROKER);
            assertThat(f.getMessage()).isEqualTo("no answer by the deadline");
        });
    }

    @Test
    void shouldShareOneDeadlineUntilMadeFresh() throws InterruptedException {
        final KafkaCall call = KafkaCall.within(Duration.ofMillis(200), signal);
        Thread.sleep(250);

        assertThat(call.remainingMs()).isEqualTo(1);
        assertThat(call.fresh().remainingMs()).isGreaterThan(100);
        assertThat(call.fresh().timeout()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldSayEachKindOfFaultWithItsExitCode() {
        assertFailure(new SaslAuthenticationException("bad password"), ExitCodes.AUTHENTICATION_FAILED, "credentials: bad password");
        assertFailure(new TopicAuthorizationException("denied"), ExitCodes.NOT_AUTHORIZED, "denied: denied");
        assertFailure(new TimeoutException("slow"), ExitCodes.NO_BROKER, "no answer: slow");
        assertFailure(new UnknownTopicOrPartitionException("gone"), ExitCodes.TOPIC_MISSING, "failed: gone");
        assertFailure(new IllegalStateException("bug"), ExitCodes.FAILED, "failed: bug");
    }

    @Test
    void shouldLeaveAFailureThatIsAnAnswerToTheCaller() {
        final KafkaCall call = KafkaCall.within(Duration.ofSeconds(5), signal);
        final GroupIdNotFoundException absent = new GroupIdNotFoundException("no group");

        assertThat(call.getOrNull(failed(absent), SAID, GroupIdNotFoundException.class)).isNull();
        final Awaited<String> outcome = call.await(failed(absent), SAID);
        assertThat(outcome.status()).isEqualTo(Awaited.Status.FAILED);
        assertThat(outcome.failure()).isSameAs(absent);
    }

    @Test
    void shouldTakeKafkasOwnTimeoutAsNoAnswerButLeaveOurOwnWorksFailureToTheCaller() {
        final KafkaCall call = KafkaCall.within(Duration.ofSeconds(5), signal);
        final TimeoutException slow = new TimeoutException("slow");

        assertThatThrownBy(() -> call.await(failed(slow), SAID)).isInstanceOf(RunFailure.class);
        assertThat(call.await(CompletableFuture.<String>failedFuture(slow), SAID).failure()).isSameAs(slow);
    }

    private void assertFailure(final RuntimeException cause, final int exitCode, final String line) {
        final KafkaCall call = KafkaCall.within(Duration.ofSeconds(5), signal);

        assertThatThrownBy(() -> call.get(failed(cause), SAID)).isInstanceOfSatisfying(RunFailure.class, f -> {
            assertThat(f.exitCode()).as("%s", cause).isEqualTo(exitCode);
            assertThat(f.getMessage()).isEqualTo(line);
            assertThat(f.getCause()).isSameAs(cause);
        });
    }

    private static KafkaFuture<String> failed(final Throwable cause) {
        final KafkaFutureImpl<String> future = new KafkaFutureImpl<>();
        future.completeExceptionally(cause);
        return future;
    }
}
