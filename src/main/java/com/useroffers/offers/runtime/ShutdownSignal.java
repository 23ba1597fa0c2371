package com.useroffers.offers.runtime;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * A request to stop, from SIGTERM or SIGINT. The JVM's default for these signals is to run shutdown
 * hooks and exit with 128 + signal (143 for TERM), whatever the application was doing; handling them
 * here instead lets the main thread close Kafka Streams in order (commit, leave the group) and return
 * its own exit code. The handlers only record the request: every long step of a command waits on
 * {@link #requested()} next to its own work, so a signal is honoured at any moment, start-up included.
 *
 * <p>{@link #install()} is called first thing in {@code main}, before any command is parsed: a command
 * that can run for long must therefore poll {@link #isRequested()} or wait on {@link #requested()}.
 */
public final class ShutdownSignal {

    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private static ShutdownSignal installed;

    private final CompletableFuture<String> requested = new CompletableFuture<>();

    private ShutdownSignal() {
    }

    /**
     * The process-wide instance, handling SIGTERM and SIGINT from the first call on. Idempotent.
     * (javac warns that {@code sun.misc.Signal} is internal API; that warning cannot be suppressed. It
     * is in {@code jdk.unsupported}, exported on purpose for exactly this use.)
     */
    public static synchronized ShutdownSignal install() {
        if (installed == null) {
            final ShutdownSignal signal = new ShutdownSignal();
            for (final String name : SIGNALS) {
                try {
                    Signal.handle(new Signal(name), received -> signal.request("SIG" + received.getName()));
                } catch (final IllegalArgumentException e) {
                    // e.g. the JVM runs with -Xrs or the signal is reserved: the JVM default then applies.
                    LoggerFactory.getLogger(ShutdownSignal.class).warn("Cannot handle SIG{}: {}; it will stop the JVM without a clean close", name, e.getMessage());
                }
            }
            installed = signal;
        }
        return installed;
    }

    /** A signal that only {@link #request} triggers: for running a command in-process (tests). */
    public static ShutdownSignal manual() {
        return new ShutdownSignal();
    }

    /**
     * Records a request to stop; the first one counts. Logs nothing: it runs on the signal's own thread,
     * possibly while logging is still starting up; whoever acts on the request logs it.
     */
    public void request(final String reason) {
        requested.complete(reason);
    }

    /** Why a stop was requested (e.g. {@code SIGTERM}), or {@code null} while none was. */
    public String reason() {
        return requested.getNow(null);
    }

    public boolean isRequested() {
        return requested.isDone();
    }

    /** Completes with the reason (e.g. {@code SIGTERM}) when a stop is requested. Read-only view. */
    public CompletableFuture<String> requested() {
        return requested.copy();
    }
}
