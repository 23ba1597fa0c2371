package com.useroffers.offers.cli;

import com.useroffers.offers.reset.ApplicationReset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code reset}: make the next start replay the input from the beginning. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Replay from scratch: input offsets to the earliest, internal topics deleted (Kafka's "
                + "StreamsResetter), local state wiped. Refuses while any instance is running.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:reset done",
            "1:Kafka's StreamsResetter reported an error, or Kafka could not be asked",
            "2:bad option or setting",
            "4:refused: instances still running, or an unsupported group protocol; nothing changed"})
public final class ResetCommand implements Callable<Integer> {

    @Mixin
    private ConfigOptions configOptions;

    @Override
    public Integer call() throws InterruptedException {
        return new ApplicationReset(configOptions.load(), System.out).run();
    }
}
