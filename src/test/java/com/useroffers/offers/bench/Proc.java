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
