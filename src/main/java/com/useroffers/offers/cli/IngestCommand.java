package com.useroffers.offers.cli;

import com.useroffers.offers.config.EffectiveConfig;
import com.useroffers.offers.config.IngestConfig;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.ingest.IngestServer;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ingest}: a gRPC service that validates offer events and writes them to the input topic. */
@Command(name = "ingest",
        description = "Serve the gRPC ingest API (OfferIngest: Submit, SubmitStream) on offers.ingest.port: "
                + "events are checked with the processor's own rules and written to the input topic keyed by userId, "
                + "each acknowledged only once Kafka has it. Until SIGTERM/SIGINT, then finishes the calls in flight and exits 0.",
        exitCodeList = {
            "0:stopped by SIGTERM/SIGINT; calls in flight finished, producer flushed",
            "1:an unexpected failure",
            "2:bad option or setting, a port that cannot be bound (in use), unreadable TLS files",
            ExitCodeLines.NO_BROKER, ExitCodeLines.CREDENTIALS, ExitCodeLines.NOT_AUTHORIZED,
            "8:the input topic is missing"})
public final class IngestCommand extends SignalledCommand {

    private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);

    @Mixin
    private ConfigOptions configOptions;

    @Override
    public Integer call() {
        final ShutdownSignal stop = stopSignal();
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
