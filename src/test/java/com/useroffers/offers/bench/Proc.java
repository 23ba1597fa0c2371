package com.useroffers.offers.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What a benchmark child JVM reports about itself: process CPU time and peak RSS (VmHWM). */
final class Proc {

    private Proc() {
    }

    /** CPU time of this whole process (all threads: JIT, GC, RocksDB, Kafka clients), in nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU time of this process's JIT compiler threads ({@code C1/C2 CompilerThread}), in nanoseconds, from
     * /proc/self/task (Linux; USER_HZ taken as 100, as on every mainstream Linux); 0 if unavailable. A drain
     * is a fresh JVM, so its CPU includes compiling the hot paths, which a long-running instance pays once.
     */
    static long jitCpuNanos() {
        long ticks = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (final Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    // The thread names are cut to 15 characters there: "C2 CompilerThre".
                    if (Files.readString(task.resolve("comm")).matches("C[12] CompilerThre.*\\s*")) {
                        final String stat = Files.readString(task.resolve("stat"));
                        // Fields after the command, which is in parentheses: utime and stime are the 12th and 13th.
                        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (final IOException | RuntimeException e) {
                    // The thread has ended: its time is gone with it.
                }
            }
        } catch (final IOException e) {
            return 0;
        }
        return ticks * 10_000_000L;
    }

    /** Peak resident set size of this process in MiB, from /proc/self/status (VmHWM); -1 if unavailable. */
    static double peakRssMb() {
        return statusKb("VmHWM") / 1024.0;
    }

    static double rssMb() {
        return statusKb("VmRSS") / 1024.0;
    }

    private static long statusKb(final String field) {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (final IOException | RuntimeException e) {
            return -1024;
        }
        return -1024;
    }

    /** One machine-readable line for the parent: {@code RESULT key=value ...}. */
    static void result(final Object... keyValues) {
        final StringBuilder line = new StringBuilder("RESULT");
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            final Object value = keyValues[i + 1];
            line.append(' ').append(keyValues[i]).append('=')
                    .append(value instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : value);
        }
        System.out.println(line);
        System.out.flush();
    }
}
