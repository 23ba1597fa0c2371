package com.useroffers.offers.bench;

import java.util.List;
import java.util.Locale;

/**
 * The {@code latency-curve} part: end-to-end latency (p50, p99, p99.9) against input rate, one series per
 * {@code commit.interval.ms}, and each p99 split into the commit itself and the wait for it (see
 * {@link BenchResults#BREAKDOWN}). Each series is one application JVM on fresh topics, its loads in the order
 * given (ascending: the JVM is warm, and a backlog of one point does not spill into the next, which starts
 * once the output has gone quiet).
 */
final class LatencyCurve {

    private LatencyCurve() {
    }

    static void run(final OffersBench bench, final BenchOptions options, final double maxRate, final BenchResults figures) {
        if (maxRate <= 0) {
            bench.line("latency-curve: skipped (no EOS maximum measured; give --max-rate)");
            return;
        }
        bench.line("");
        bench.line(String.format(Locale.ROOT, "latency curve (send -> state record visible to a read_committed consumer), EOS, "
                + "%s; loads of the EOS maximum %.0f events/s; %d s measured after %d s warm-up per point",
                bench.shape(), maxRate, options.curveSeconds, options.curveWarmUp));
        bench.line("");
        bench.line("| commit.interval.ms | load | rate events/s | state records | p50 ms | p99 ms | p99.9 ms "
                + "| commits | between commits ms | p99 = commit itself + waiting for it + behind, ms |");
        bench.line("|---|---|---|---|---|---|---|---|---|---|");
        figures.curve(maxRate, options.curveSeconds, options.curveWarmUp);
        final int[] rates = java.util.Arrays.stream(options.curveLoads).mapToInt(load -> (int) Math.round(maxRate * load)).toArray();
        for (final int interval : options.commitIntervals) {
            final List<LatencyProbe.Result> points = LatencyProbe.measureSeries(bench, rates, options.curveSeconds,
                    options.curveWarmUp, List.of("commit.interval.ms=" + interval));
            for (int i = 0; i < points.size(); i++) {
                final LatencyProbe.Result r = points.get(i);
                final double load = options.curveLoads[i];
                bench.line(String.format(Locale.ROOT, "| %d | %.0f%% | %d | %d | %d | %d | %d | %d | %.0f | %.1f + %.1f + %.1f |",
                        interval, load * 100, r.rate(), r.count(), r.p50(), r.p99(), r.p999(), r.commits(), r.cadenceMs(),
                        r.commitMs(), r.waitingForCommitMs(), r.behindMs()));
                figures.curvePoint(interval, load, r);
            }
        }
        bench.line("");
        bench.line("breakdown of p99: " + BenchResults.BREAKDOWN);
    }

    /** One line: the p99 of a point split into the commit itself and the wait for it. */
    static String breakdown(final LatencyProbe.Result r) {
        return String.format(Locale.ROOT, "p99 %d ms = commit itself %.1f ms (sendOffsetsToTransaction + commitTransaction, "
                + "mean of %d commits, one every %.0f ms) + waiting for it %.1f ms + behind %.1f ms (backlog, processing, "
                + "the reader's fetch)", r.p99(), r.commitMs(), r.commits(), r.cadenceMs(), r.waitingForCommitMs(), r.behindMs());
    }
}
