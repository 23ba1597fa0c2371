package com.useroffers.offers.cli;

import com.useroffers.offers.runtime.ShutdownSignal;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that SIGTERM/SIGINT stops: {@code main} runs it with the process-wide handler, a test
 * in-process with a signal of its own ({@link #stopBy}). It also gives every command its output and
 * its usage errors (exit 2, the message first).
 */
abstract class SignalledCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

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

    /** Where the command writes what it reports (the command line's, so that a test can read it). */
    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A usage error of this command: exit 2, {@code message} first. */
    final ParameterException usage(final String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
