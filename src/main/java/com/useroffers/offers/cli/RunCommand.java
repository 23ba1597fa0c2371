package com.useroffers.offers.cli;

import com.useroffers.offers.config.EffectiveConfig;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.ShutdownSignal;
import com.useroffers.offers.run.StreamsRunner;
import com.useroffers.offers.topology.OffersTopology;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code run}: process offer events until SIGTERM or SIGINT. */
@Command(name = "run",
        description = "Process offer events until SIGTERM/SIGINT, then close cleanly and exit 0.",
        exitCodeList = {
            "0:stopped by SIGTERM/SIGINT and closed cleanly",
            "1:Kafka Streams failed (ERROR state) or did not close in time",
            ExitCodeLines.USAGE, ExitCodeLines.NO_BROKER, ExitCodeLines.CREDENTIALS, ExitCodeLines.NOT_AUTHORIZED,
            "8:a topic is missing",
            "9:a topic or the producer cannot keep the contract (e.g. state topic not compacted)"})
public final class RunCommand extends SignalledCommand {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    private ConfigOptions configOptions;

    @Override
    public Integer call() {
        final ShutdownSignal stop = stopSignal();
        final OffersConfig config = requireExactlyOnce(configOptions.load());
        LOG.info("{}", EffectiveConfig.describe(config));
        final Topology topology = OffersTopology.build(config);
        LOG.info("{}", topology.describe());
        return new StreamsRunner(config, topology, stop).run();
    }

    /**
     * The contract's guarantees hold under exactly-once only; the benchmark measures at-least-once with
     * its own runner, never through {@code run}.
     */
    static OffersConfig requireExactlyOnce(final OffersConfig config) {
        final String guarantee = config.streamsProperties().getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
            throw new RunFailure(ExitCodes.USAGE, StreamsConfig.PROCESSING_GUARANTEE_CONFIG + "=" + guarantee
                    + ": run keeps its promises only under " + StreamsConfig.EXACTLY_ONCE_V2
                    + ", the default; remove the setting");
        }
        return config;
    }
}
