package com.useroffers.offers.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.fixtures.Directories;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.produce.SampleEvents;
import com.useroffers.offers.produce.SampleRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The side-by-side benchmark, one run on local real brokers (one; three with {@code --brokers 3}). Not a test: run it with
 * {@code ./bench.sh [options]}. Every contender is its own child JVM with the same flags and reports its
 * own CPU time and peak RSS. Runs are interleaved (raw, txn, eos, alos, raw, ...) so that drift of a noisy
 * machine hits all of them alike. Results go to stdout and to {@code <work>/results.md}.
 *
 * <p>Options: {@link BenchOptions}, listed with their defaults by {@code ./bench.sh --help}; a mistake on the command
 * line ends in one line and exit code 2. Every figure also goes to {@code --json FILE} ({@link BenchResults}) and,
 * drawn, to {@code --charts DIR} ({@link BenchCharts}). {@code --brokers 3} measures the production shape: three
 * brokers, replication 3, {@code min.insync.replicas=2}, one standby.
 */
public final class OffersBench {

    static final String INPUT = "bench-in";
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(20);
    /** Prefix of the contender name of a {@code --variant}. */
    private static final String VARIANT = "eos-with-";

    private final BenchOptions options;
    /** Every figure of the run: written as JSON ({@code --json}) and drawn ({@code --charts}) at the end. */
    private final BenchResults figures = new BenchResults();
    private final Path work;
    private final StringBuilder report = new StringBuilder();
    private KafkaCluster cluster;
    private int serial;

    private OffersBench(final BenchOptions options) {
        this.options = options;
        this.work = Path.of(options.work);
    }

    public static void main(final String[] args) throws Exception {
        final BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (final BenchOptions.UsageException e) {
            System.err.println(e.getMessage());
            System.exit(ExitCodes.USAGE);
            return;
        }
        if (options.help) {
            System.out.print(BenchOptions.help());
            System.exit(ExitCodes.OK);
        }
        new OffersBench(options).run();
        System.exit(ExitCodes.OK);
    }

    private void run() throws Exception {
        Directories.deleteRecursively(work);
        Files.createDirectories(work);
        Files.writeString(work.resolve("logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        line("# user-offers-streams benchmark, " + LocalDateTime.now().withNano(0));
        line("");
        line("events=" + options.events + ", runs=" + options.runs + ", app settings " + options.appSettings
                + ", " + shape() + ", input " + INPUT + " with 6 partitions");
        settings();
        cluster = KafkaCluster.start(options.brokers, work.resolve("kafka"));
        try {
            if (options.has("ingest")) {
                IngestBench.run(cluster, options.replication(), options.ingestEvents, this::line, figures);
                if (options.only.equals("ingest")) {
                    return;
                }
            }
            TopicRecords.createTopics(cluster, 6, options.replication(), INPUT);
            final long start = System.nanoTime();
            final long bytes = produce(INPUT, options.events, 42);
            line(String.format(Locale.ROOT, "pre-produced %d events (%.0f bytes/event avg) in %.1f s",
                    options.events, (double) bytes / options.events, (System.nanoTime() - start) / 1e9));
            final Map<String, List<Map<String, Double>>> results = new LinkedHashMap<>();
            if (Stream.of("raw", "txn", "eos", "alos", "noop", "noop-stores").anyMatch(options::has)) {
                throughput(results);
            }
            if (options.has("latency")) {
                latencies(results);
            }
            if (options.has("latency-curve")) {
                LatencyCurve.run(this, options, maxRate(results), figures);
            }
            if (options.has("queries")) {
                queries(results);
            }
            if (options.has("scale")) {
                scaling();
            }
            if (options.has("recovery")) {
                recovery();
            }
            if (options.jfr) {
                profile();
            }
        } finally {
            cluster.close();
            Files.writeString(work.resolve("results.md"), report.toString());
            writeFigures();
        }
    }

    /** The run's settings in the JSON: what was measured, where, with what. */
    private void settings() {
        final ObjectNode settings = figures.settings();
        settings.put("date", LocalDateTime.now().withNano(0).toString());
        settings.put("events", options.events);
        settings.put("runs", options.runs);
        settings.put("only", options.only);
        settings.put("app_settings", String.join(" ", options.appSettings));
        options.variants.forEach((name, values) -> settings.withObjectProperty("variants").put(name, String.join(",", values)));
        settings.put("cores", Runtime.getRuntime().availableProcessors());
        settings.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        settings.put("kafka_version", com.useroffers.offers.Main.Version.kafka());
        settings.put("shape", shape());
        settings.put("brokers", options.brokers);
        settings.put("replication_factor", options.replication());
        settings.put("min_insync_replicas", Math.min(2, options.replication()));
        settings.put("num_standby_replicas", options.brokers > 1 ? 1 : 0);
    }

    /** The cluster shape measured, as labels and the JSON name it. */
    String shape() {
        return options.brokers == 1 ? "1 local broker (KRaft), replication 1"
                : options.brokers + " local brokers (KRaft), replication 3, min.insync.replicas=2, 1 standby";
    }

    private void writeFigures() {
        try {
            if (options.json != null) {
                figures.write(Path.of(options.json));
                System.out.println("figures as JSON: " + options.json);
            }
            if (!options.charts.equals("none")) {
                for (final Path chart : BenchCharts.write(figures.json(), Path.of(options.charts))) {
                    System.out.println("chart: " + chart);
                }
            }
        } catch (final IOException | RuntimeException e) {
            System.out.println("could not write the figures or charts: " + e);
        }
    }

    /** The EOS maximum for the fixed-rate parts: the measured median, else {@code --max-rate} (0: none). */
    private double maxRate(final Map<String, List<Map<String, Double>>> results) {
        final List<Map<String, Double>> eos = results.get("eos");
        return eos != null ? Stats.median(values(eos, OffersBench::rate)) : options.maxRate;
    }

    // --- 1. throughput, CPU, RSS draining the backlog ----------------------------------------------

    private void throughput(final Map<String, List<Map<String, Double>>> results) {
        final List<String> contenders = Stream.concat(
                        Stream.of("raw", "txn", "eos", "alos", "noop", "noop-stores", "eos-before", "alos-before").filter(options::has),
                        options.variants.keySet().stream().map(name -> VARIANT + name))
                .toList();
        line("");
        line("warm-up: one unreported drain of each contender");
        for (final String contender : contenders) {
            final Map<String, Double> r = drain(contender, List.of());
            line("  warm-up " + contender + ": " + perSecond(r));
        }
        for (int run = 1; run <= options.runs; run++) {
            for (final String contender : contenders) {
                final Map<String, Double> r = drain(contender, List.of());
                results.computeIfAbsent(contender, k -> new ArrayList<>()).add(r);
                line(String.format(Locale.ROOT, "  run %d %-4s: %s, %.2f CPU s/M events (%.2f without JIT), peak RSS %.0f MiB",
                        run, contender, perSecond(r), cpuPerMillion(r), BenchResults.cpuPerMillionWithoutJit(r), r.get("rss_mb")));
            }
        }
        line("");
        line("| contender | events/s median (min-max) | CPU s per 1M events | of it without the JIT compiler | peak RSS MiB |");
        line("|---|---|---|---|---|");
        for (final Map.Entry<String, List<Map<String, Double>>> e : results.entrySet()) {
            final List<Map<String, Double>> runs = e.getValue();
            figures.contender(e.getKey(), label(e.getKey()) + ", " + shape(), runs);
            line("| " + label(e.getKey()) + " | " + Stats.summary(values(runs, OffersBench::rate), "%.0f")
                    + " | " + Stats.summary(values(runs, OffersBench::cpuPerMillion), "%.1f")
                    + " | " + Stats.summary(values(runs, BenchResults::cpuPerMillionWithoutJit), "%.1f")
                    + " | " + Stats.summary(values(runs, r -> r.get("rss_mb")), "%.0f") + " |");
        }
        line("");
        ratio(results, "eos", "alos", "EOS / ALOS throughput (target >= 0.90)");
        ratio(results, "eos", "raw", "app (EOS) / raw pipe throughput (target >= 0.50)");
        ratio(results, "alos", "raw", "app (ALOS) / raw pipe throughput");
        ratio(results, "txn", "raw", "transactional pipe / raw pipe throughput");
        ratio(results, "eos", "txn", "app (EOS) / transactional pipe throughput");
        ratio(results, "eos", "eos-before", "EOS after / before the change (throughput)");
        ratio(results, "alos", "alos-before", "ALOS after / before the change (throughput)");
        cpuRatio(results, "noop", "eos", "Kafka Streams alone (noop) / app, EOS (CPU per event)");
        cpuRatio(results, "noop-stores", "eos", "Kafka Streams with the app's store writes (noop-stores) / app, EOS (CPU per event)");
        cpuRatio(results, "eos", "eos-before", "EOS after / before the change (CPU per event)");
        cpuRatio(results, "alos", "alos-before", "ALOS after / before the change (CPU per event)");
        for (final String name : options.variants.keySet()) {
            ratio(results, VARIANT + name, "eos", "EOS with " + name + " / EOS (throughput)");
            cpuRatio(results, VARIANT + name, "eos", "EOS with " + name + " / EOS (CPU per event)");
        }
    }

    /** One drain of the whole input by one contender; output topics and app state deleted afterwards. */
    private Map<String, Double> drain(final String contender, final List<String> extraJvmFlags) {
        final String tag = contender + "-" + (++serial);
        final String out = "out-" + tag;
        final String dlq = "dlq-" + tag;
        final Map<String, Double> r;
        if (contender.equals("raw") || contender.equals("txn")) {
            TopicRecords.createTopics(cluster, 6, options.replication(), out);
            awaitLeaders(cluster, out);
            try (Child child = Child.start(jvmFlags(extraJvmFlags), PipeBench.class.getName(),
                    List.of(contender, cluster.bootstrapServers(), INPUT, out, Long.toString(options.events)),
                    work.resolve("logs").resolve(tag + ".log"))) {
                r = child.awaitResult(CHILD_TIMEOUT);
            }
        } else {
            TopicRecords.createTopics(cluster, 6, options.replication(), out, dlq);
            awaitLeaders(cluster, out);
            awaitLeaders(cluster, dlq);
            final List<String> jvmFlags = new ArrayList<>(extraJvmFlags);
            if (contender.startsWith("noop")) {
                jvmFlags.add("-D" + AppBench.FLOOR_PROPERTY + "=" + contender);
            }
            try (Child child = app("drain", "bench-" + tag, INPUT, out, dlq,
                    contender.startsWith("alos") ? "at_least_once" : "exactly_once_v2", jvmFlags,
                    contender.endsWith("-before") ? options.classesBefore : null,
                    contender.startsWith(VARIANT) ? options.variants.get(contender.substring(VARIANT.length())) : List.of())) {
                r = child.awaitResult(CHILD_TIMEOUT);
            }
        }
        deleteTopics(out, dlq, "bench-" + tag + "-");
        Directories.deleteRecursively(work.resolve("state").resolve("bench-" + tag));
        return r;
    }

    private Child app(final String mode, final String appId, final String input, final String out, final String dlq,
                      final String guarantee, final List<String> extraJvmFlags) {
        return app(mode, appId, input, out, dlq, guarantee, extraJvmFlags, null, List.of());
    }

    /**
     * {@code classesFirst}: a directory of classes put before the application's (the code before a change), or null;
     * {@code variantSettings}: app settings applied after {@code --set}'s.
     */
    private Child app(final String mode, final String appId, final String input, final String out, final String dlq,
                      final String guarantee, final List<String> extraJvmFlags, final String classesFirst,
                      final List<String> variantSettings) {
        final List<String> args = new ArrayList<>(List.of(mode, cluster.bootstrapServers(), appId,
                work.resolve("state").resolve(appId).toString(), input, out, dlq, "processing.guarantee=" + guarantee));
        if (options.brokers > 1) {
            // The production shape: replicated internal topics and one standby, as config/streams.properties ships.
            args.addAll(List.of("replication.factor=3", "topic.min.insync.replicas=2", "num.standby.replicas=1"));
        }
        args.addAll(options.appSettings);
        args.addAll(variantSettings);
        final String classpath = (classesFirst == null ? "" : classesFirst + java.io.File.pathSeparator)
                + System.getProperty("java.class.path");
        return Child.start(jvmFlags(extraJvmFlags), classpath, AppBench.class.getName(), args,
                work.resolve("logs").resolve(appId + "-" + mode + "-" + (++serial) + ".log"));
    }

    // --- 1b. end-to-end latency at 50% and 80% of the measured EOS maximum --------------------------

    private void latencies(final Map<String, List<Map<String, Double>>> results) {
        final double max = maxRate(results);
        if (max <= 0) {
            line("latency: skipped (no EOS maximum measured; give --max-rate)");
            return;
        }
        line("");
        line(String.format(Locale.ROOT, "end-to-end latency (send -> state record visible to a read_committed consumer), "
                + "EOS, fixed rate, %d s measured after %d s warm-up at the same rate; max rate %.0f events/s", options.latencySeconds, options.latencyWarmUp, max));
        line("");
        line("| load | rate events/s | state records | p50 ms | p99 ms | p99.9 ms | max ms |");
        line("|---|---|---|---|---|---|---|");
        for (final double load : new double[] {0.5, 0.8}) {
            final LatencyProbe.Result r = LatencyProbe.measure(this, (int) Math.round(max * load), options.latencySeconds, options.latencyWarmUp);
            line(String.format(Locale.ROOT, "| %.0f%% | %d | %d | %d | %d | %d | %d |", load * 100, r.rate(), r.count(),
                    r.p50(), r.p99(), r.p999(), r.max()));
            line("max latency (ms) per 5 s of send time, " + (int) Math.round(load * 100) + "%: " + r.windows());
            line(LatencyCurve.breakdown(r));
            figures.latency(load, r);
            if (load == 0.5) {
                line(String.format(Locale.ROOT, "p99 at 50%% load = %d ms vs commit.interval.ms + 20 = 120 ms: %s",
                        r.p99(), r.p99() <= 120 ? "met" : "missed by " + (r.p99() - 120) + " ms"));
            }
        }
    }

    // --- 1c. queries, local and forwarded, at 50% of the EOS maximum ----------------------------------

    private void queries(final Map<String, List<Map<String, Double>>> results) {
        final double max = maxRate(results);
        if (max <= 0) {
            line("queries: skipped (no EOS maximum measured; give --max-rate)");
            return;
        }
        final int rate = (int) Math.round(max * 0.5);
        line("");
        line(String.format(Locale.ROOT, "queries (GET /users/{userId}/offers, all sent to instance A of two, %d client threads,"
                + " closed loop, %d s per route after %d s warm-up) while the app processes %d events/s (50%% of %.0f)",
                QueryBench.CLIENTS, options.querySeconds, options.latencyWarmUp, rate, max));
        final List<QueryBench.Result> measured = QueryBench.measure(this, rate, options.querySeconds, options.latencyWarmUp);
        line("");
        line("| route | queries/s | p50 ms | p99 ms | max ms | 200/404 | other |");
        line("|---|---|---|---|---|---|---|");
        for (final QueryBench.Result r : measured) {
            line(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.1f | %d | %d |", r.route(), r.perSecond(),
                    r.p50() / 1000.0, r.p99() / 1000.0, r.max() / 1000.0, r.ok(), r.other()));
            final ObjectNode row = figures.row("queries");
            row.put("route", r.route());
            row.put("input_rate", rate);
            row.put("queries_per_s", r.perSecond());
            row.put("p50_ms", r.p50() / 1000.0);
            row.put("p99_ms", r.p99() / 1000.0);
            row.put("max_ms", r.max() / 1000.0);
            row.put("ok_or_404", r.ok());
            row.put("other", r.other());
        }
    }

    // --- 2. scaling with remembered ids; store size; restore after SIGKILL -------------------------

    private void scaling() throws Exception {
        final String input = "scale-in";
        TopicRecords.createTopics(cluster, 6, options.replication(), input);
        produce(input, options.scaleEvents, 42);
        final long largest = Arrays.stream(options.preloads).max().orElse(0);
        line("");
        line("scaling: dedup store pre-loaded with P remembered ids (written to its changelog, restored at start), then "
                + options.scaleEvents + " events of the default mix drained (EOS)");
        line("");
        line("| preloaded ids | contender | events/s | CPU s per 1M events | restored at start (records) | restore records/s "
                + "| peak RSS MiB | RocksDB block cache MiB | RocksDB memtables MiB |");
        line("|---|---|---|---|---|---|---|---|---|");
        final Map<String, List<String>> contenders = new LinkedHashMap<>();
        contenders.put("eos", List.of());
        options.variants.forEach((name, settings) -> contenders.put(VARIANT + name, settings));
        final Map<Long, Map<String, Double>> byPreload = new LinkedHashMap<>();
        Child held = null;
        String heldApp = null;
        for (final long preload : options.preloads) {
            for (final Map.Entry<String, List<String>> contender : contenders.entrySet()) {
                final boolean plain = contender.getKey().equals("eos");
                final String appId = "bench-scale-" + preload + (plain ? "" : "-" + contender.getKey());
                final String out = "scale-out-" + preload + (plain ? "" : "-" + contender.getKey());
                final String dlq = "scale-dlq-" + preload + (plain ? "" : "-" + contender.getKey());
                TopicRecords.createTopics(cluster, 6, options.replication(), out, dlq);
                DedupPreload.write(cluster, options.replication(), appId, preload);
                final boolean hold = plain && preload == largest;
                final Child child = app(hold ? "drain-hold" : "drain", appId, input, out, dlq, "exactly_once_v2", List.of(),
                        null, contender.getValue());
                final Map<String, Double> r;
                if (hold) {
                    child.awaitLine("DRAINED", CHILD_TIMEOUT);
                    r = child.result();
                    held = child;
                    heldApp = appId;
                } else {
                    r = child.awaitResult(CHILD_TIMEOUT);
                    child.close();
                }
                if (plain) {
                    byPreload.put(preload, r);
                }
                line(String.format(Locale.ROOT, "| %d | %s | %.0f | %.1f | %.0f | %.0f | %.0f | %.1f | %.1f |", preload, contender.getKey(),
                        rate(r), cpuPerMillion(r), r.get("restored"), r.get("restore_s") > 0 ? r.get("restored") / r.get("restore_s") : 0,
                        r.get("rss_mb"), r.get("rocksdb_cache_mb"), r.get("rocksdb_memtables_mb")));
                final ObjectNode row = figures.row("scale");
                row.put("preloaded_ids", preload);
                row.put("contender", contender.getKey());
                row.put("events_per_s", rate(r));
                row.put("cpu_s_per_million", cpuPerMillion(r));
                row.put("restored", r.get("restored"));
                row.put("restore_records_per_s", r.get("restore_s") > 0 ? r.get("restored") / r.get("restore_s") : 0);
                row.put("peak_rss_mib", r.get("rss_mb"));
                row.put("rocksdb_cache_mib", r.get("rocksdb_cache_mb"));
                row.put("rocksdb_memtables_mib", r.get("rocksdb_memtables_mb"));
            }
        }
        final Map<String, Double> small = byPreload.get(Arrays.stream(options.preloads).min().orElse(0));
        final Map<String, Double> big = byPreload.get(largest);
        line("");
        line(String.format(Locale.ROOT, "throughput with %d ids / with %d ids = %.2f (target >= 0.90)",
                largest, Arrays.stream(options.preloads).min().orElse(0), rate(big) / rate(small)));
        figures.section("scale").put("largest_vs_smallest", rate(big) / rate(small));
        if (held != null) {
            final Path stateDir = work.resolve("state").resolve(heldApp);
            line(String.format(Locale.ROOT, "stores on disk with ~%d ids (+%d events): %.1f MiB (du of %s); app RSS now %.0f MiB, peak %.0f MiB",
                    largest, options.scaleEvents, du(stateDir) / 1048576.0, stateDir, big.get("rss_now_mb"), big.get("rss_mb")));
            line(storeFiles(stateDir));
            figures.section("scale").put("stores_on_disk_mib", du(stateDir) / 1048576.0);
            held.kill();
            line("SIGKILLed the app after it drained; restarting it on the same state directory (EOS: unclean stop, local state wiped and restored from the changelogs)");
            try (Child again = app("drain", heldApp, input, "scale-out-" + largest, "scale-dlq-" + largest, "exactly_once_v2", List.of())) {
                final Map<String, Double> r = again.awaitResult(CHILD_TIMEOUT);
                line(String.format(Locale.ROOT, "restore after SIGKILL: %.0f records in %.2f s = %.0f records/s (target >= 250000); "
                                + "start to RUNNING %.2f s", r.get("restored"), r.get("restore_s"),
                        r.get("restore_s") > 0 ? r.get("restored") / r.get("restore_s") : 0, r.get("to_running_s")));
                final ObjectNode restore = figures.section("scale").putObject("restore_after_kill");
                restore.put("records", r.get("restored"));
                restore.put("seconds", r.get("restore_s"));
                restore.put("records_per_s", r.get("restore_s") > 0 ? r.get("restored") / r.get("restore_s") : 0);
                restore.put("to_running_s", r.get("to_running_s"));
            }
        }
    }

    // --- 2b. recovery after kill -9, and after a clean stop ----------------------------------------

    private void recovery() throws Exception {
        final Map<String, List<String>> contenders = new LinkedHashMap<>();
        contenders.put("defaults", List.of());
        options.variants.forEach((name, settings) -> contenders.put(name, settings));
        line("");
        line(String.format(Locale.ROOT, "recovery: ~%d remembered ids per instance, input at 1000 events/s; the instance owning most input partitions killed (SIGKILL) "
                + "and restarted at once %d times, then stopped with SIGTERM and started once, then killed, restarted and sent "
                + "SIGTERM 2 s later; group.instance.id per instance (a variant that sets it empty: derived from the state "
                + "directory, as run does)", options.recoveryIds, options.kills));
        final RecoveryBench recoveryBench = new RecoveryBench(this);
        final List<String> rows = new ArrayList<>();
        for (final int instances : options.recoveryInstances) {
            for (final Map.Entry<String, List<String>> contender : contenders.entrySet()) {
                final List<RecoveryBench.Recovery> r = recoveryBench.measure(contender.getKey(), instances, options.recoveryIds,
                        options.kills, contender.getValue());
                final List<RecoveryBench.Recovery> killed = r.subList(0, options.kills);
                final RecoveryBench.Recovery clean = r.get(options.kills);
                final String takeover = r.size() > options.kills + 1
                        ? String.format(Locale.ROOT, "%.1f", r.get(options.kills + 1).seconds()) : "-";
                rows.add(String.format(Locale.ROOT, "| %s | %d | %s | %.1f / %.1f / %.1f | %.0f | %s | %.0f | %s | %.1f | %.1f |", contender.getKey(), instances,
                        Stats.summary(killed.stream().map(RecoveryBench.Recovery::seconds).toList(), "%.1f"),
                        Stats.median(killed.stream().map(RecoveryBench.Recovery::toJvmSeconds).toList()),
                        Stats.median(killed.stream().map(RecoveryBench.Recovery::jvmToRunningSeconds).toList()),
                        Stats.median(killed.stream().map(RecoveryBench.Recovery::runningToCommitsSeconds).toList()),
                        Stats.median(killed.stream().map(RecoveryBench.Recovery::restored).toList()),
                        String.format(Locale.ROOT, "%.1f", clean.seconds()), clean.restored(), takeover,
                        recoveryBench.stops().afterRun(), recoveryBench.stops().afterCrash()));
                final ObjectNode row = figures.row("recovery");
                row.put("contender", contender.getKey());
                row.put("instances", instances);
                final List<Double> seconds = killed.stream().map(RecoveryBench.Recovery::seconds).toList();
                final ObjectNode kill = row.putObject("kill_restart_s");
                kill.put("median", Stats.median(seconds));
                kill.put("min", seconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
                kill.put("max", seconds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
                row.put("jvm_start_to_running_s", Stats.median(killed.stream().map(RecoveryBench.Recovery::jvmToRunningSeconds).toList()));
                row.put("running_to_committing_s", Stats.median(killed.stream().map(RecoveryBench.Recovery::runningToCommitsSeconds).toList()));
                row.put("restored", Stats.median(killed.stream().map(RecoveryBench.Recovery::restored).toList()));
                row.put("clean_stop_s", clean.seconds());
                row.put("clean_stop_restored", clean.restored());
                if (r.size() > options.kills + 1) {
                    row.put("kill_no_restart_s", r.get(options.kills + 1).seconds());
                }
                row.put("sigterm_s", recoveryBench.stops().afterRun());
                row.put("sigterm_after_crash_s", recoveryBench.stops().afterCrash());
            }
        }
        line("");
        line("| contender | instances | kill -9 to every partition committing again, s: median (min-max) | of which: kill to new JVM / JVM start to RUNNING / RUNNING to all committing, s (medians) "
                + "| records restored (median) | clean stop + start: every partition committing again, s | records restored "
                + "| kill -9, no restart: the others take over, s | SIGTERM to exit, s | SIGTERM 2 s after a kill -9 and restart, to exit, s |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(this::line);
    }

    // --- 3. a profiled EOS drain (JFR), not counted ----------------------------------------------

    private void profile() {
        final Path jfr = work.resolve("eos.jfr").toAbsolutePath();
        final Map<String, Double> r = drain("eos", List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile"));
        line("");
        line("profiled EOS drain (JFR " + jfr + "): " + perSecond(r) + "; summarize with bench.sh --hot " + jfr);
    }

    // --- helpers -----------------------------------------------------------------------------------

    private List<String> jvmFlags(final List<String> extra) {
        final List<String> flags = new ArrayList<>(List.of("-Xms1g", "-Xmx1g",
                "-Dlogback.configurationFile=" + work.resolve("logback.xml").toAbsolutePath()));
        flags.addAll(extra);
        return flags;
    }

    KafkaCluster cluster() {
        return cluster;
    }

    Child startServingApp(final String appId, final String input, final String out, final String dlq,
                          final List<String> settings) {
        return app("serve", appId, input, out, dlq, "exactly_once_v2", List.of(), null, settings);
    }

    /** The replication factor of the topics the parts create (3 on the production shape). */
    int replication() {
        return options.replication();
    }

    /** The process id Kafka Streams keeps in instance {@code n}'s state directory (it names the instance's clients). */
    String processId(final String appId, final int n) throws IOException {
        final String json = Files.readString(work.resolve("state").resolve(appId + "-" + n).resolve(appId)
                .resolve("kafka-streams-process-metadata"));
        return json.replaceAll(".*\"processId\"\\s*:\\s*\"([^\"]+)\".*", "$1").trim();
    }

    /** Instance {@code n} of a multi-instance application (EOS, serve mode, its own state directory), these settings last. */
    Child startInstance(final String appId, final int n, final String input, final String out, final String dlq,
                        final List<String> settings) {
        final List<String> all = new ArrayList<>(List.of("state.dir=" + work.resolve("state").resolve(appId + "-" + n)));
        all.addAll(settings);
        return app("serve", appId, input, out, dlq, "exactly_once_v2", List.of(), null, all);
    }

    /** An instance with the HTTP endpoint on {@code port}, its application.server, and client.id {@code appId-instance}. */
    Child startQueryApp(final String appId, final String input, final String out, final String dlq, final int port,
                        final String instance) {
        return app("serve-http", appId, input, out, dlq, "exactly_once_v2", List.of(), null, List.of(
                "offers.http.port=" + port, "offers.http.bind-address=127.0.0.1", "application.server=127.0.0.1:" + port,
                "client.id=" + appId + "-" + instance, "state.dir=" + work.resolve("state").resolve(appId + "-" + instance)));
    }

    /** The default mix of the produce command (1000 users, 5% duplicates, 2% bad records); returns the bytes written. */
    private long produce(final String topic, final long count, final long seed) {
        awaitLeaders(cluster, topic);
        final SampleEvents sample = new SampleEvents(seed, 1000, 0.05, 0.02);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(cluster)) {
            for (long i = 0; i < count; i++) {
                final SampleRecord record = sample.next();
                bytes += record.value().length + (record.key() == null ? 0 : record.key().length);
                producer.send(new ProducerRecord<>(topic, record.key(), record.value()));
            }
            producer.flush();
        }
        return bytes;
    }

    /**
     * Waits (bounded) until every partition of a new topic has a leader: an idempotent producer that
     * starts sending before that can loop on OUT_OF_ORDER_SEQUENCE_NUMBER retries for minutes.
     */
    static void awaitLeaders(final KafkaCluster cluster, final String topic) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = cluster.admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    final boolean ready = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                            .get(topic).partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                    if (ready) {
                        KafkaCluster.sleep(1000);
                        return;
                    }
                } catch (final Exception e) {
                    // not there yet
                }
                KafkaCluster.sleep(200);
            }
        }
    }

    private void deleteTopics(final String out, final String dlq, final String internalPrefix) {
        try (Admin admin = cluster.admin()) {
            final List<String> doomed = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.equals(out) || t.equals(dlq) || t.startsWith(internalPrefix)).toList();
            admin.deleteTopics(doomed).all().get(60, TimeUnit.SECONDS);
        } catch (final Exception e) {
            line("  (could not delete topics: " + e + ")");
        }
    }

    private static double rate(final Map<String, Double> r) {
        return r.get("events") / r.get("seconds");
    }

    private static double cpuPerMillion(final Map<String, Double> r) {
        return r.get("cpu") / r.get("events") * 1e6;
    }

    private static String perSecond(final Map<String, Double> r) {
        return String.format(Locale.ROOT, "%.0f events in %.2f s = %.0f events/s", r.get("events"), r.get("seconds"), rate(r));
    }

    private static List<Double> values(final List<Map<String, Double>> runs,
                                       final java.util.function.ToDoubleFunction<Map<String, Double>> f) {
        return runs.stream().map(f::applyAsDouble).toList();
    }

    private void ratio(final Map<String, List<Map<String, Double>>> results, final String a, final String b, final String what) {
        if (results.containsKey(a) && results.containsKey(b)) {
            final double ra = Stats.median(values(results.get(a), OffersBench::rate));
            final double rb = Stats.median(values(results.get(b), OffersBench::rate));
            line(String.format(Locale.ROOT, "- %s: %.2f (medians %.0f / %.0f)", what, ra / rb, ra, rb));
            figures.ratio(ratioKey(a, b), ra / rb);
            if (a.equals("eos") && b.equals("raw")) {
                figures.ratio("app_vs_raw", ra / rb);
            }
        }
    }

    private void cpuRatio(final Map<String, List<Map<String, Double>>> results, final String a, final String b, final String what) {
        if (results.containsKey(a) && results.containsKey(b)) {
            final double ca = Stats.median(values(results.get(a), OffersBench::cpuPerMillion));
            final double cb = Stats.median(values(results.get(b), OffersBench::cpuPerMillion));
            line(String.format(Locale.ROOT, "- %s: %.2f (medians %.1f / %.1f CPU s per 1M events)", what, ca / cb, ca, cb));
            figures.ratio("cpu_" + ratioKey(a, b), ca / cb);
        }
    }

    /** {@code eos_vs_alos}, {@code eos_with_big_vs_eos}: JSON keys of ratios. */
    private static String ratioKey(final String a, final String b) {
        return (a + "_vs_" + b).replace('-', '_');
    }

    private String label(final String contender) {
        return switch (contender) {
            case "raw" -> "raw pipe (consumer -> idempotent acks=all producer)";
            case "txn" -> "transactional pipe (commit every 100 ms)";
            case "eos" -> "application, exactly_once_v2";
            case "alos" -> "application, at_least_once";
            case "noop" -> "Kafka Streams alone, exactly_once_v2: the app's stores attached, each value forwarded (no app code)";
            case "noop-stores" -> "Kafka Streams, exactly_once_v2, with the app's store writes and sends per event (no app code)";
            case "eos-before" -> "application, exactly_once_v2, classes before the change (--classes-before)";
            case "alos-before" -> "application, at_least_once, classes before the change (--classes-before)";
            default -> contender.startsWith(VARIANT)
                    ? "application, exactly_once_v2, with " + String.join(", ", options.variants.get(contender.substring(VARIANT.length())))
                    : contender;
        };
    }

    void line(final String text) {
        System.out.println(text);
        System.out.flush();
        report.append(text).append('\n');
        try {
            Files.writeString(work.resolve("results.md"), report.toString());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long du(final Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String storeFiles(final Path dir) throws IOException {
        final Map<String, Long> byStore = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                final String s = p.toString();
                final String store = s.contains("offers-dedup-store") ? "offers-dedup-store"
                        : s.contains("offers-state-store") ? "offers-state-store" : "other";
                byStore.merge(store, p.toFile().length(), Long::sum);
            });
        }
        final StringBuilder text = new StringBuilder("by store:");
        byStore.forEach((k, v) -> text.append(String.format(Locale.ROOT, " %s %.1f MiB;", k, v / 1048576.0)));
        return text.toString();
    }
}
