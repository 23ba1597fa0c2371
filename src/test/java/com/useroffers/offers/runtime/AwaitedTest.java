package com.useroffers.offers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every wait on Kafka ends with the future, at the deadline or on a stop request: never a hang. */
@Timeout(10)
class AwaitedTest {

    private final ShutdownSignal signal = ShutdownSignal.manual();

    @Test
    void shouldGiveTheValueOfAFutureThatCompletes() {
        final Awaited<String> awaited = Awaited.await(KafkaFuture.completedFuture("cluster-1"), Duration.ofSeconds(5), signal);

        assertThat(awaited).isEqualTo(new Awaited<>(Awaited.Status.DONE, "cluster-1", null));
    }

    @Test
    void shouldGiveTheFuturesOwnFailureUnwrapped() {
        final KafkaFutureImpl<String> future = new KafkaFutureImpl<>();
        final TopicAuthorizationException denied = new TopicAuthorizationException("denied");
        future.completeExceptionally(denied);

        final Awaited<String> awaited = Awaited.await(future, Duration.ofSeconds(5), signal);

        assertThat(awaited.status()).isEqualTo(Awaited.Status.FAILED);
        assertThat(awaited.failure()).isSameAs(denied);
    }

    @Test
    void shouldTimeOutWhenTheFutureDoesNotComplete() {
        final Awaited<String> awaited = Awaited.await(new CompletableFuture<String>(), Duration.ofMillis(50), signal);

        assertThat(awaited.status()).isEqualTo(Awaited.Status.TIMED_OUT);
    }

    @Test
    void shouldStopAtOnceOnAStopRequest() {
        signal.request("SIGTERM");

        final Awaited<String> awaited = Awaited.await(new CompletableFuture<String>(), Duration.ofMinutes(5), signal);

        assertThat(awaited.status()).isEqualTo(Awaited.Status.STOPPED);
    }
}
