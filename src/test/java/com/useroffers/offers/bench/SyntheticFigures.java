package com.useroffers.offers.bench;

import java.util.List;
import java.util.Map;

/** Figures of a made-up run (no Kafka), for the tests of the JSON and the charts. */
final class SyntheticFigures {

    private SyntheticFigures() {
    }

    /** Four contenders of three drains each, their ratios, latency at 50%, and a curve of two series by two loads. */
    static BenchResults run() {
        final BenchResults figures = new BenchResults();
        figures.settings().put("events", 20_000).put("runs", 3).put("shape", "1 local broker (KRaft), replication 1");
        figures.contender("raw", "raw pipe", List.of(drain(2.0, 0.10, 800), drain(2.5, 0.11, 810), drain(1.6, 0.12, 820)));
        figures.contender("txn", "transactional pipe", List.of(drain(2.5, 0.12, 800), drain(2.6, 0.12, 800), drain(2.4, 0.13, 800)));
        figures.contender("eos", "application, exactly_once_v2", List.of(drain(10, 0.8, 1000), drain(11, 0.8, 1010), drain(9, 0.7, 990)));
        figures.contender("alos", "application, at_least_once", List.of(drain(9.5, 0.8, 1000), drain(10, 0.8, 1000), drain(10.5, 0.8, 1000)));
        figures.ratio("eos_vs_alos", 0.95);
        figures.ratio("app_vs_raw", 0.2);
        figures.latency(0.5, point(1000, 120, 260));
        figures.curve(2000, 20, 10);
        for (final int interval : new int[] {50, 100}) {
            figures.curvePoint(interval, 0.25, point(500, interval + 10, interval * 2 + 30));
            figures.curvePoint(interval, 0.5, point(1000, interval + 20, interval * 2 + 60));
        }
        return figures;
    }

    /** A drain of 20,000 events in {@code seconds}, a quarter of its CPU in the JIT compiler. */
    static Map<String, Double> drain(final double seconds, final double cpu, final double rssMb) {
        return Map.of("events", 20_000.0, "seconds", seconds, "cpu", cpu, "cpu_jit", cpu / 4, "rss_mb", rssMb);
    }

    /** A latency point whose commits take 8 ms, one every 100 ms. */
    static LatencyProbe.Result point(final int rate, final long p50, final long p99) {
        return new LatencyProbe.Result(rate, rate * 20, p50, p99, p99 + 40, p99 + 80, "[]", 200, 100.0, 8.0);
    }
}
