package com.useroffers.offers.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Every figure of one benchmark run, as the JSON that {@code --json FILE} writes and the charts are drawn
 * from. Top-level keys: {@code settings}, {@code contenders.<name>}, {@code ratios}, {@code latency.<rate>},
 * {@code latency_curve}, {@code scale}, {@code recovery}, {@code queries}, {@code ingest}; a part that was not run is absent.
 * Times are in ms and rates in events/s unless a key says otherwise.
 */
final class BenchResults {

    /** How {@code p99_breakdown} is derived; written beside the figures so a reader of the JSON knows. */
    static final String BREAKDOWN = "p99 = commit_ms + waiting_for_commit_ms + behind_ms. commit_ms: the commit itself,"
            + " output invisible until it ends: the producer's time in sendOffsetsToTransaction + commitTransaction"
            + " (txn-send-offsets-time-ns-total + txn-commit-time-ns-total) per commit of the stream thread (commit-total),"
            + " over the measured period; waiting_for_commit_ms: the wait for the next commit to start, at most cadence_ms"
            + " (the measured time between commits: commit.interval.ms, or longer when the thread is busy); behind_ms: the"
            + " rest, input waiting to be processed (a backlog), processing and the reader's fetch";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root = JSON.createObjectNode();

    /** The settings of the run, to be filled by the caller (events, runs, date, machine, Kafka version, shape). */
    ObjectNode settings() {
        return root.withObjectProperty("settings");
    }

    /**
     * One contender's measured drains ({@code events}, {@code seconds}, {@code cpu} s, {@code cpu_jit} s of it in
     * the JIT compiler threads, {@code rss_mb} each).
     */
    void contender(final String name, final String label, final List<Map<String, Double>> runs) {
        final ObjectNode contender = root.withObjectProperty("contenders").putObject(name);
        contender.put("label", label);
        contender.put("runs", runs.size());
        final List<Double> rates = runs.stream().map(BenchResults::rate).toList();
        final List<Double> cpu = runs.stream().map(BenchResults::cpuPerMillion).toList();
        final List<Double> rss = runs.stream().map(r -> r.get("rss_mb")).toList();
        range(contender.putObject("events_per_s"), rates);
        contender.put("cpu_s_per_million", Stats.median(cpu));
        contender.put("cpu_s_per_million_without_jit", Stats.median(runs.stream().map(BenchResults::cpuPerMillionWithoutJit).toList()));
        contender.put("peak_rss_mib", Stats.median(rss));
        range(contender.putObject("cpu_s_per_million_range"), cpu);
        range(contender.putObject("peak_rss_mib_range"), rss);
    }

    /** {@code key}: e.g. {@code eos_vs_alos} (throughput) or {@code cpu_eos_vs_eos_before} (CPU per event). */
    void ratio(final String key, final double value) {
        root.withObjectProperty("ratios").put(key, value);
    }

    /** A point of the fixed-load latency part, keyed by its rate. */
    void latency(final double load, final LatencyProbe.Result r) {
        point(root.withObjectProperty("latency").putObject(Integer.toString(r.rate())), load, r);
    }

    /** The latency curve's settings; its points go to {@link #curvePoint}. */
    void curve(final double maxRate, final int seconds, final int warmUpSeconds) {
        final ObjectNode curve = root.withObjectProperty("latency_curve");
        curve.put("max_rate", maxRate);
        curve.put("seconds", seconds);
        curve.put("warmup_s", warmUpSeconds);
        curve.put("breakdown", BREAKDOWN);
        curve.putObject("series");
    }

    /** A point of the latency curve, in the series of its {@code commit.interval.ms}. */
    void curvePoint(final int commitIntervalMs, final double load, final LatencyProbe.Result r) {
        final ObjectNode series = root.withObjectProperty("latency_curve").withObjectProperty("series");
        final ArrayNode points = series.has(Integer.toString(commitIntervalMs))
                ? (ArrayNode) series.get(Integer.toString(commitIntervalMs))
                : series.putArray(Integer.toString(commitIntervalMs));
        point(points.addObject(), load, r);
    }

    /** A section made of rows (scale, recovery, queries): the caller fills each row's figures. */
    ObjectNode row(final String section) {
        return root.withObjectProperty(section).withArrayProperty("rows").addObject();
    }

    /** A section's own figures beside its rows. */
    ObjectNode section(final String section) {
        return root.withObjectProperty(section);
    }

    JsonNode json() {
        return root;
    }

    void write(final Path file) throws IOException {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), root);
    }

    static double rate(final Map<String, Double> run) {
        return run.get("events") / run.get("seconds");
    }

    /** The same without the JIT compiler threads' CPU ({@code cpu_jit}; 0 when a run did not report it). */
    static double cpuPerMillionWithoutJit(final Map<String, Double> run) {
        return (run.get("cpu") - run.getOrDefault("cpu_jit", 0.0)) / run.get("events") * 1e6;
    }

    static double cpuPerMillion(final Map<String, Double> run) {
        return run.get("cpu") / run.get("events") * 1e6;
    }

    private static void point(final ObjectNode point, final double load, final LatencyProbe.Result r) {
        point.put("load", load);
        point.put("rate", r.rate());
        point.put("count", r.count());
        point.put("p50_ms", r.p50());
        point.put("p99_ms", r.p99());
        point.put("p999_ms", r.p999());
        point.put("max_ms", r.max());
        point.put("commits", r.commits());
        point.put("cadence_ms", r.cadenceMs());
        final ObjectNode breakdown = point.putObject("p99_breakdown");
        breakdown.put("commit_ms", r.commitMs());
        breakdown.put("waiting_for_commit_ms", r.waitingForCommitMs());
        breakdown.put("behind_ms", r.behindMs());
    }

    private static void range(final ObjectNode node, final List<Double> values) {
        node.put("median", Stats.median(values));
        node.put("min", values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
        node.put("max", values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }
}
