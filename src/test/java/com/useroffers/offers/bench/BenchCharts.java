package com.useroffers.offers.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * SVG charts of a run, drawn from its {@link BenchResults} JSON, with stable names so that BENCHMARKS.md
 * can embed them: {@code throughput.svg} and {@code cpu-per-event.svg} (the contenders) and
 * {@code latency-curve.svg}; a chart whose part was not run is not written.
 */
final class BenchCharts {

    static final String THROUGHPUT = "throughput.svg";
    static final String CPU_PER_EVENT = "cpu-per-event.svg";
    static final String LATENCY_CURVE = "latency-curve.svg";

    private BenchCharts() {
    }

    /**
     * Draws the charts again from a saved run: {@code ./bench.sh --redraw FILE [DIR]} (DIR defaults to
     * docs/bench), e.g. after a change of style, without measuring again.
     */
    public static void main(final String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("bench: --redraw needs a JSON file of a run (--json) and optionally a directory");
            System.exit(2);
        }
        final Path json = Path.of(args[0]);
        if (!Files.isRegularFile(json)) {
            System.err.println("bench: no such file " + json + " (write one with ./bench.sh --json FILE)");
            System.exit(2);
        }
        final JsonNode figures = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        for (final Path chart : write(figures, Path.of(args.length == 2 ? args[1] : "docs/bench"))) {
            System.out.println("chart: " + chart);
        }
    }

    /** Writes the charts the figures allow into {@code dir}; returns the files written. */
    static List<Path> write(final JsonNode figures, final Path dir) throws IOException {
        // No display needed: the charts are drawn off screen.
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        final List<Path> written = new ArrayList<>();
        final String shape = figures.path("settings").path("shape").asText("");
        final JsonNode contenders = figures.path("contenders");
        if (contenders.size() > 0) {
            written.add(save(bars(contenders, "events_per_s", "Throughput draining the backlog (median events/s)",
                    "events/s", shape, "events/s"), dir.resolve(THROUGHPUT)));
            final boolean withoutJit = contenders.elements().next().has("cpu_s_per_million_without_jit");
            final CategoryChart cpu = bars(contenders, "cpu_s_per_million", "CPU per event (median CPU s per 1M events)",
                    "CPU s per 1M events", shape, withoutJit ? "all threads" : "CPU s per 1M events");
            // Beside it, the same without the JIT compiler: what a long-running instance pays per event.
            if (withoutJit) {
                cpu.addSeries("without the JIT compiler threads", names(contenders), medians(contenders, "cpu_s_per_million_without_jit"));
                cpu.getStyler().setLegendVisible(true);
                cpu.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
            }
            written.add(save(cpu, dir.resolve(CPU_PER_EVENT)));
        }
        final JsonNode series = figures.path("latency_curve").path("series");
        if (series.size() > 0) {
            written.add(save(latencyCurve(series, shape), dir.resolve(LATENCY_CURVE)));
        }
        return written;
    }

    /** One bar per contender: {@code key}'s median (an object with a median, or a number). */
    private static CategoryChart bars(final JsonNode contenders, final String key, final String title, final String unit,
                                      final String shape, final String series) {
        final CategoryChart chart = new CategoryChartBuilder().width(800).height(450)
                .title(title).xAxisTitle(shape).yAxisTitle(unit).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setChartTitleVisible(true);
        // Plain numbers, as in the tables (XChart's default turns 183,618 into 1.84E5).
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        chart.addSeries(series, names(contenders), medians(contenders, key));
        return chart;
    }

    private static List<String> names(final JsonNode contenders) {
        final List<String> names = new ArrayList<>();
        contenders.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Each contender's {@code key}: its median (an object with a median, or a number). */
    private static List<Double> medians(final JsonNode contenders, final String key) {
        final List<Double> values = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> contender : contenders.properties()) {
            final JsonNode value = contender.getValue().path(key);
            final double median = value.isObject() ? value.path("median").asDouble() : value.asDouble();
            // Labels on the bars: three significant figures are all a noisy machine's medians are worth (rounded
            // from the shortest decimal of the double, as the tables' %.1f rounds: 11.35 is 11.4 in both).
            values.add(roundToSignificant(median, 3));
        }
        return values;
    }

    /**
     * p50 (dashed) and p99 (solid) against input rate, one colour per commit interval; latency on a log axis
     * when it spans more than a decade and a bit: past the knee p99 runs into seconds, which on a linear
     * axis flattens the region that matters (below a few hundred ms) into one line.
     */
    private static XYChart latencyCurve(final JsonNode series, final String shape) {
        final double smallest = series.findValues("p50_ms").stream().mapToDouble(v -> Math.max(1, v.asDouble())).min().orElse(1);
        final double largest = series.findValues("p99_ms").stream().mapToDouble(JsonNode::asDouble).max().orElse(1);
        final boolean log = largest / smallest > 20;
        final XYChart chart = new XYChartBuilder().width(1000).height(500)
                .title("End-to-end latency against input rate (EOS), " + shape)
                .xAxisTitle("input rate, events/s").yAxisTitle(log ? "latency, ms (log scale)" : "latency, ms").build();
        chart.getStyler().setYAxisLogarithmic(log);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        final java.awt.Color[] colours = chart.getStyler().getSeriesColors();
        int n = 0;
        for (final Map.Entry<String, JsonNode> interval : series.properties()) {
            final java.awt.Color colour = colours[n++ % colours.length];
            final List<Double> rates = new ArrayList<>();
            final List<Double> p50 = new ArrayList<>();
            final List<Double> p99 = new ArrayList<>();
            for (final JsonNode point : interval.getValue()) {
                rates.add(point.path("rate").asDouble());
                // A log axis cannot show 0 (or the -1 of a point without samples).
                p50.add(Math.max(1, point.path("p50_ms").asDouble()));
                p99.add(Math.max(1, point.path("p99_ms").asDouble()));
            }
            style(chart.addSeries("p50, commit.interval.ms=" + interval.getKey(), rates, p50), colour,
                    SeriesMarkers.CIRCLE, SeriesLines.DASH_DASH);
            style(chart.addSeries("p99, commit.interval.ms=" + interval.getKey(), rates, p99), colour,
                    SeriesMarkers.DIAMOND, SeriesLines.SOLID);
        }
        return chart;
    }

    private static void style(final XYSeries series, final java.awt.Color colour, final Marker marker,
                              final java.awt.BasicStroke line) {
        series.setMarker(marker);
        series.setMarkerColor(colour);
        series.setLineColor(colour);
        series.setLineStyle(line);
    }

    private static double roundToSignificant(final double value, final int digits) {
        return value == 0 || !Double.isFinite(value) ? value
                : java.math.BigDecimal.valueOf(value).round(new java.math.MathContext(digits)).doubleValue();
    }

    private static Path save(final org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, final Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsFormat.SVG);
        }
        return file;
    }
}
