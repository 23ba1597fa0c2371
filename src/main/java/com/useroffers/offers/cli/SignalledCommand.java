package com.useroffers.offers.cli;

import com.useroffers.offers.runtime.ShutdownSignal;
import java.util.concurrent.Callable;

/**
 * A command that SIGTERM/SIGINT stops: {@code main} runs it with the process-wide handler, a test
 * in-process with a signal of its own ({@link #stopBy}).
 */
abstract class SignalledCommand implements Callable<Integer> {

    /** {@code null}: the process-wide SIGTERM/SIGINT handler, installed when the command runs (not when it is parsed). */
    private ShutdownSignal signal;

    /** Stops this command with {@code stop} instead of SIGTERM/SIGINT (set before it runs). */
    final void stopBy(final ShutdownSignal stop) {
        this.signal = stop;
    }

    /** The signal that stops this run: the one given, or the process-wide handler, installed now. */
    final ShutdownSignal stopSignal() {
        return signal == null ? ShutdownSignal.install() : signal;
    }
}
