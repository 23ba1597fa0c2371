package com.useroffers.offers.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Median and range of a few runs; percentiles of latency samples. */
final class Stats {

    private Stats() {
    }

    static double median(final List<Double> values) {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        final int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** {@code median (min-max)} with the given format. */
    static String summary(final List<Double> values, final String format) {
        final double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        final double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", median(values), min, max);
    }

    /** The nearest-rank percentile of sorted samples. */
    static long percentile(final long[] sorted, final double p) {
        if (sorted.length == 0) {
            return -1;
        }
        final int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static long[] sorted(final long[] samples, final int count) {
        final long[] copy = Arrays.copyOf(samples, count);
        Arrays.sort(copy);
        return copy;
    }
}
