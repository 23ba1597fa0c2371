package com.useroffers.offers.cli;

import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.redrive.OffsetRange;
import com.useroffers.offers.redrive.Redrive;
import com.useroffers.offers.redrive.Selection;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code redrive}: send chosen dead letters back to the input topic, exactly once. */
@Command(name = "redrive",
        description = {
            "Send chosen dead letters back to the input topic, exactly once, to be processed again once their cause "
                    + "is fixed. Each goes with its original key, value, timestamp and headers (without offers.dlq.*), "
                    + "plus offers.redrive.of=<dlq topic>/<partition>/<offset> and offers.redrive.count.",
            "Reads the dead-letter topic read_committed as consumer group <application.id>-redrive (also its "
                    + "transactional.id: one redrive runs at a time), from where the last run stopped up to the end as "
                    + "of its start; dead letters read but not selected are passed over for good. Run --dry-run first."},
        exitCodeList = {
            "0:done (or dry run done)",
            "1:failed (another redrive fenced this one, or an unexpected Kafka error); what was committed stays",
            ExitCodeLines.USAGE, ExitCodeLines.NO_BROKER, ExitCodeLines.CREDENTIALS, ExitCodeLines.NOT_AUTHORIZED,
            "8:the dead-letter or the input topic is missing",
            "10:stopped by SIGTERM/SIGINT (the open transaction aborted, the rest committed): run redrive again to go on"})
public final class RedriveCommand extends SignalledCommand {

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--reason", paramLabel = "R",
            description = "Select dead letters with this offers.dlq.reason (repeatable; default: every reason): ${COMPLETION-CANDIDATES}.")
    private List<DeadLetterReason> reasons = new ArrayList<>();

    @Option(names = "--from", paramLabel = "INSTANT",
            description = "Select dead letters whose timestamp (the original record's) is at or after this ISO-8601 instant, e.g. 2026-11-22T00:00:00Z.")
    private String from;

    @Option(names = "--to", paramLabel = "INSTANT",
            description = "Select dead letters whose timestamp is before this instant; this run reads no further than the first dead letter at or after it.")
    private String to;

    @Option(names = "--offsets", paramLabel = "PARTITION:FROM-TO",
            description = "Select the dead letters of DLQ partition PARTITION at offsets FROM to TO, both included, e.g. 3:1200-1350 "
                    + "(repeatable; only the partitions named are read).")
    private List<String> offsets = new ArrayList<>();

    @Option(names = "--dry-run", description = "Read and count by reason what would be sent; write nothing, commit nothing.")
    private boolean dryRun;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "3",
            description = "Skip (and count) a dead letter already redriven N times, as its offers.redrive.count says (default: ${DEFAULT-VALUE}).")
    private int maxAttempts;

    @Override
    public Integer call() {
        final Selection selection = selection();
        if (maxAttempts < 1) {
            throw usage("--max-attempts must be at least 1, not " + maxAttempts);
        }
        final ShutdownSignal stop = stopSignal();
        final PrintWriter out = out();
        return new Redrive(configOptions.load(), selection, maxAttempts, dryRun, out, stop).run();
    }

    private Selection selection() {
        try {
            final Set<DeadLetterReason> chosen = reasons.isEmpty() ? Set.of() : EnumSet.copyOf(reasons);
            return new Selection(chosen, instant("--from", from), instant("--to", to), offsets.stream().map(OffsetRange::parse).toList());
        } catch (final IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Instant instant(final String option, final String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (final DateTimeParseException e) {
            throw usage(option + " expects an ISO-8601 instant such as 2026-11-22T00:00:00Z, not '" + text + "'");
        }
    }
}
