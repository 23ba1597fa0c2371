package com.useroffers.offers.redrive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a redrive did with the dead letters it read, by {@code offers.dlq.reason}. */
final class Tally {

    /** The bucket of a dead letter without an {@code offers.dlq.reason} header (not written by this application). */
    static final String NO_REASON = "(no reason)";

    private final Map<String, long[]> byReason = new TreeMap<>();

    void count(final String reason, final Selection.Choice choice) {
        byReason.computeIfAbsent(reason == null ? NO_REASON : reason, any -> new long[Selection.Choice.values().length])
                [choice.ordinal()]++;
    }

    void addAll(final Tally other) {
        other.byReason.forEach((reason, counts) -> {
            final long[] mine = byReason.computeIfAbsent(reason, any -> new long[counts.length]);
            for (int i = 0; i < counts.length; i++) {
                mine[i] += counts[i];
            }
        });
    }

    long total(final Selection.Choice choice) {
        return byReason.values().stream().mapToLong(counts -> counts[choice.ordinal()]).sum();
    }

    long read() {
        return byReason.values().stream().mapToLong(counts -> counts[0] + counts[1] + counts[2]).sum();
    }

    /** One line per reason seen: {@code   INVALID_TRANSITION: 12 sent, 1 skipped at max attempts, 0 not selected}. */
    List<String> lines(final String sent) {
        final List<String> lines = new ArrayList<>();
        byReason.forEach((reason, counts) -> lines.add("  " + reason + ": " + counts[Selection.Choice.SEND.ordinal()] + " " + sent
                + ", " + counts[Selection.Choice.SKIP_AT_MAX_ATTEMPTS.ordinal()] + " skipped at max attempts, "
                + counts[Selection.Choice.NOT_SELECTED.ordinal()] + " not selected"));
        return lines;
    }
}
