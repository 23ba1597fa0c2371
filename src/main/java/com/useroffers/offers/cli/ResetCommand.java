package com.useroffers.offers.cli;

import com.useroffers.offers.reset.ApplicationReset;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reset}: make the next start replay the input from the beginning. */
@Command(name = "reset",
        description = "Replay from scratch: local state wiped, input offsets to the earliest and internal topics "
                + "deleted (Kafka's StreamsResetter). Refuses while any instance is running, and when the input's "
                + "history is no longer complete unless --allow-truncated-history.",
        exitCodeList = {
            "0:reset done",
            "1:Kafka's StreamsResetter reported an error",
            ExitCodeLines.USAGE,
            "4:refused: instances still running, an unsupported group protocol, or an input whose history is "
                    + "no longer complete; nothing changed",
            ExitCodeLines.NO_BROKER, ExitCodeLines.CREDENTIALS, ExitCodeLines.NOT_AUTHORIZED,
            "8:the input topic is missing",
            "10:stopped by SIGTERM/SIGINT before it was done (the output says which steps were done): run reset again"})
public final class ResetCommand extends SignalledCommand {

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--allow-truncated-history",
            description = "Replay even though retention or deleteRecords removed the input's first records: users "
                    + "whose older events are gone are rebuilt from partial history (states and versions may differ).")
    private boolean allowTruncatedHistory;

    /** Where the progress and Kafka's StreamsResetter's output go (a stream: StreamsResetter prints to {@code System.out}). */
    private PrintStream out = System.out;

    /** Prints the progress to {@code stream} instead of stdout (set before it runs, for running it in-process). */
    void printTo(final PrintStream stream) {
        this.out = stream;
    }

    @Override
    public Integer call() {
        return new ApplicationReset(configOptions.load(), out, stopSignal(), allowTruncatedHistory).run();
    }
}
