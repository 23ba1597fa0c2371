package com.useroffers.offers.bench.parts;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation, next to JMH's wall time: {@code ·cpu.thread} (the benchmark thread's own)
 * and {@code ·cpu.process} (the whole JVM's: also GC, JIT and RocksDB's background threads). On this
 * shared machine wall time per operation grows with whatever else runs, CPU time far less, and the
 * application's figure to compare with is CPU per event ({@code -prof com.useroffers.offers.bench.parts.CpuPerOp}).
 */
public final class CpuPerOp implements InternalProfiler {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long processStart;
    private long threadStart;

    @Override
    public String getDescription() {
        return "CPU time per operation: the benchmark threads' and the whole JVM's";
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams) {
        processStart = os.getProcessCpuTime();
        threadStart = workerCpu();
    }

    @Override
    public Collection<? extends Result> afterIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams,
                                                       final IterationResult result) {
        final long process = os.getProcessCpuTime() - processStart;
        final long thread = workerCpu() - threadStart;
        final long ops = Math.max(1, result.getMetadata().getAllOps());
        return List.of(
                new ScalarResult("cpu.thread", thread / 1000.0 / ops, "us/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.process", process / 1000.0 / ops, "us/op", AggregationPolicy.AVG));
    }

    /** JMH's worker threads live across iterations of one fork, so their CPU time is a running total. */
    private long workerCpu() {
        long total = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().contains("jmh-worker")) {
                total += Math.max(0, threads.getThreadCpuTime(thread.getId()));
            }
        }
        return total;
    }
}
