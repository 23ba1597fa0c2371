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
import org.knowm.xchart.style.Styler;
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
                    "events/s", shape), dir.resolve(THROUGHPUT)));
            written.add(save(bars(contenders, "cpu_s_per_million", "CPU per event (median CPU s per 1M events)",
                    "CPU s per 1M events", shape), dir.resolve(CPU_PER_EVENT)));
        }
        final JsonNode series = figures.path("latency_curve").path("series");
        if (series.size() > 0) {
            written.add(save(latencyCurve(series, shape), dir.resolve(LATENCY_CURVE)));
        }
        return written;
    }

    /** One bar per contender: {@code key}'s median (an object with a median, or a number). */
    private static CategoryChart bars(final JsonNode contenders, final String key, final String title, final String unit,
                                      final String shape) {
        final CategoryChart chart = new CategoryChartBuilder().width(800).height(450)
                .title(title).xAxisTitle(shape).yAxisTitle(unit).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setChartTitleVisible(true);
        final List<String> names = new ArrayList<>();
        final List<Double> values = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> contender : contenders.properties()) {
            final JsonNode value = contender.getValue().path(key);
            names.add(contender.getKey());
            values.add(value.isObject() ? value.path("median").asDouble() : value.asDouble());
        }
        chart.addSeries(unit, names, values);
        return chart;
    }

    /** p50 and p99 against input rate, one pair of lines per commit interval; latency on a log axis. */
    private static XYChart latencyCurve(final JsonNode series, final String shape) {
        final XYChart chart = new XYChartBuilder().width(800).height(500)
                .title("End-to-end latency against input rate (EOS), " + shape)
                .xAxisTitle("input rate, events/s").yAxisTitle("latency, ms (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        for (final Map.Entry<String, JsonNode> interval : series.properties()) {
            final List<Double> rates = new ArrayList<>();
            final List<Double> p50 = new ArrayList<>();
            final List<Double> p99 = new ArrayList<>();
            for (final JsonNode point : interval.getValue()) {
                rates.add(point.path("rate").asDouble());
                // A log axis cannot show 0 (or the -1 of a point without samples).
                p50.add(Math.max(1, point.path("p50_ms").asDouble()));
                p99.add(Math.max(1, point.path("p99_ms").asDouble()));
            }
            chart.addSeries("p50, commit.interval.ms=" + interval.getKey(), rates, p50).setMarker(SeriesMarkers.CIRCLE);
            chart.addSeries("p99, commit.interval.ms=" + interval.getKey(), rates, p99).setMarker(SeriesMarkers.DIAMOND);
        }
        return chart;
    }

    private static Path save(final org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, final Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsFormat.SVG);
        }
        return file;
    }
}
