package com.useroffers.offers.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaFuture;

/**
 * How one wait on Kafka ended. Every command waits on Kafka's futures through {@link #await}, so that a
 * wait ends at its deadline or at a stop request (SIGTERM/SIGINT), whichever comes first: never a hang,
 * and a signal is acted on at once rather than after Kafka's own (long) timeouts.
 *
 * @param value   the future's value, when {@link Status#DONE}
 * @param failure the future's own failure (unwrapped), when {@link Status#FAILED}
 */
public record Awaited<T>(Status status, T value, Throwable failure) {

    public enum Status { DONE, FAILED, STOPPED, TIMED_OUT }

    public static <T> Awaited<T> await(final KafkaFuture<T> future, final Duration timeout, final ShutdownSignal signal) {
        final CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
        return await(result, timeout, signal);
    }

    /** A future that ends first wins over a stop requested at the same time: its outcome is already there. */
    public static <T> Awaited<T> await(final CompletableFuture<T> future, final Duration timeout, final ShutdownSignal signal) {
        try {
            CompletableFuture.anyOf(future, signal.requested()).get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (final ExecutionException e) {
            // the future's failure is read below
        } catch (final TimeoutException e) {
            return new Awaited<>(Status.TIMED_OUT, null, null);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Awaited<>(Status.STOPPED, null, null);
        }
        if (!future.isDone()) {
            return new Awaited<>(Status.STOPPED, null, null);
        }
        try {
            return new Awaited<>(Status.DONE, future.join(), null);
        } catch (final CompletionException e) {
            return new Awaited<>(Status.FAILED, null, e.getCause() == null ? e : e.getCause());
        } catch (final RuntimeException e) { // CancellationException
            return new Awaited<>(Status.FAILED, null, e);
        }
    }
}
