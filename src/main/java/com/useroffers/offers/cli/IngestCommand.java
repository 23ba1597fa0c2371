package com.useroffers.offers.cli;

import com.useroffers.offers.config.EffectiveConfig;
import com.useroffers.offers.config.IngestConfig;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.ingest.IngestServer;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ingest}: a gRPC service that validates offer events and writes them to the input topic. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Serve the gRPC ingest API (OfferIngest: Submit, SubmitStream) on offers.ingest.port: "
                + "events are checked with the processor's own rules and written to the input topic keyed by userId, "
                + "each acknowledged only once Kafka has it. Until SIGTERM/SIGINT, then finishes the calls in flight and exits 0.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped by SIGTERM/SIGINT; calls in flight finished, producer flushed",
            "1:an unexpected failure",
            "2:bad option or setting, a port that cannot be bound (in use), unreadable TLS files",
            "5:no Kafka broker answered within offers.startup.timeout",
            "6:Kafka refused the credentials",
            "7:not authorized: an ACL is missing",
            "8:the input topic is missing"})
public final class IngestCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);

    @Mixin
    private ConfigOptions configOptions;

    /** {@code null}: the process-wide SIGTERM/SIGINT handler, installed when the command runs. */
    private final ShutdownSignal signal;

    /** The command as {@code main} runs it: stopped by SIGTERM/SIGINT. */
    public IngestCommand() {
        this(null);
    }

    /** The command with its own stop signal, for running it in-process. */
    public IngestCommand(final ShutdownSignal signal) {
        this.signal = signal;
    }

    @Override
    public Integer call() {
        final ShutdownSignal stop = signal == null ? ShutdownSignal.install() : signal;
        final OffersConfig config = configOptions.load();
        final IngestConfig settings = new IngestConfig(config.originals());
        LOG.info("{}", EffectiveConfig.describe(effective(config, settings)));
        final IngestServer server = IngestServer.start(config, settings, stop);
        if (server == null) {
            LOG.info("{} received during start-up: exiting without serving", stop.reason());
            return ExitCodes.OK;
        }
        return server.stop(stop.requested().join());
    }

    /** Every setting given, plus the {@code offers.*} defaults of both definitions (secrets are masked when printed). */
    private static Map<String, String> effective(final OffersConfig config, final IngestConfig settings) {
        final Map<String, String> all = new TreeMap<>();
        config.values().forEach((key, value) -> all.put(key, String.valueOf(value)));
        settings.values().forEach((key, value) -> all.put(key, String.valueOf(value)));
        config.originals().forEach((key, value) -> all.put(key, String.valueOf(value)));
        return all;
    }
}
