package com.useroffers.offers.cli;

import com.useroffers.offers.Main;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.io.PrintStream;
import picocli.CommandLine;

/** The command line as {@code main} parses it, whose commands a test's own signal stops instead of SIGTERM/SIGINT. */
final class InProcess {

    private InProcess() {
    }

    /** {@code reset} prints its progress to {@code resetOut}. */
    static CommandLine commandLine(final ShutdownSignal signal, final PrintStream resetOut) {
        return Main.commandLine(new CommandLine.IFactory() {
            @Override
            public <K> K create(final Class<K> type) throws Exception {
                final K made = CommandLine.defaultFactory().create(type);
                if (made instanceof SignalledCommand command) {
                    command.stopBy(signal);
                }
                if (made instanceof ResetCommand reset) {
                    reset.printTo(resetOut);
                }
                return made;
            }
        });
    }
}
