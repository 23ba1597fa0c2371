package com.useroffers.offers.cli;

import com.useroffers.offers.reset.ApplicationReset;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reset}: make the next start replay the input from the beginning. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Replay from scratch: local state wiped, input offsets to the earliest and internal topics "
                + "deleted (Kafka's StreamsResetter). Refuses while any instance is running, and when the input's "
                + "history is no longer complete unless --allow-truncated-history.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:reset done",
            "1:Kafka's StreamsResetter reported an error",
            "2:bad option or setting",
            "4:refused: instances still running, an unsupported group protocol, or an input whose history is "
                    + "no longer complete; nothing changed",
            "5:no broker answered",
            "6:Kafka refused the credentials",
            "7:not authorized: an ACL is missing",
            "8:the input topic is missing",
            "10:stopped by SIGTERM/SIGINT before it was done (the output says which steps were done): run reset again"})
public final class ResetCommand implements Callable<Integer> {

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--allow-truncated-history",
            description = "Replay even though retention or deleteRecords removed the input's first records: users "
                    + "whose older events are gone are rebuilt from partial history (states and versions may differ).")
    private boolean allowTruncatedHistory;

    /** {@code null}: the process-wide SIGTERM/SIGINT handler, installed when the command runs (not when it is parsed). */
    private final ShutdownSignal signal;
    /** Where the progress and Kafka's StreamsResetter's output go (a stream: StreamsResetter prints to {@code System.out}). */
    private final PrintStream out;

    /** The command as {@code main} runs it: stopped by SIGTERM/SIGINT, output on stdout. */
    public ResetCommand() {
        this(null, System.out);
    }

    /** The command with its own stop signal and output, for running it in-process. */
    public ResetCommand(final ShutdownSignal signal, final PrintStream out) {
        this.signal = signal;
        this.out = out;
    }

    @Override
    public Integer call() {
        final ShutdownSignal stop = signal == null ? ShutdownSignal.install() : signal;
        return new ApplicationReset(configOptions.load(), out, stop, allowTruncatedHistory).run();
    }
}
