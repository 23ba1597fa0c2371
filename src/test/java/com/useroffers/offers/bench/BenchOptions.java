package com.useroffers.offers.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The command line of {@code ./bench.sh}. Each option is declared once, with the text that {@code --help}
 * prints; the default shown is read from a fresh instance, so the help cannot drift from the fields.
 */
final class BenchOptions {

    long events = 1_000_000;
    int runs = 3;
    String only = "raw,txn,eos,alos,latency,scale,recovery";
    int latencySeconds = 30;
    int latencyWarmUp = 20;
    int querySeconds = 20;
    long scaleEvents = 200_000;
    int ingestEvents = 100_000;
    long[] preloads = {10_000, 1_000_000};
    long recoveryIds = 1_000_000;
    int kills = 3;
    int[] recoveryInstances = {1, 2};
    boolean jfr;
    double maxRate;
    String work = "target/bench";
    String classesBefore;
    final List<String> appSettings = new ArrayList<>();
    final Map<String, List<String>> variants = new LinkedHashMap<>();
    String json;
    String charts = "docs/bench";
    int[] commitIntervals = {20, 50, 100, 200};
    double[] curveLoads = {0.1, 0.25, 0.5, 0.8};
    int curveSeconds = 20;
    int curveWarmUp = 15;
    int brokers = 1;
    boolean help;

    /** A command-line mistake: its message is the one line the user sees. */
    static final class UsageException extends RuntimeException {
        UsageException(final String message) {
            super("bench: " + message + " (see ./bench.sh --help)");
        }
    }

    /** {@code argument} null: a flag without a value. */
    private record Spec(String name, String argument, Function<BenchOptions, String> shown, String help,
                        BiConsumer<BenchOptions, String> set) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("--events", "N", o -> Long.toString(o.events), "events pre-produced and drained by each contender",
                    (o, v) -> o.events = Long.parseLong(v)),
            new Spec("--runs", "R", o -> Integer.toString(o.runs), "measured drains per contender, interleaved",
                    (o, v) -> o.runs = Integer.parseInt(v)),
            new Spec("--only", "PARTS", o -> o.only, "parts to run: raw,txn,eos,alos,noop,noop-stores,eos-before,alos-before,latency,"
                    + "latency-curve,scale,recovery,queries,ingest", (o, v) -> o.only = v),
            new Spec("--brokers", "N", o -> Integer.toString(o.brokers), "1, or 3: the production shape (replication 3, "
                    + "min.insync.replicas=2, one standby)", (o, v) -> o.brokers = brokers(v)),
            new Spec("--json", "FILE", o -> o.json == null ? "none" : o.json, "also write every figure of the run as JSON",
                    (o, v) -> o.json = v),
            new Spec("--charts", "DIR", o -> o.charts, "SVG charts (throughput, CPU per event, latency curve); 'none': no charts",
                    (o, v) -> o.charts = v),
            new Spec("--max-rate", "R", o -> o.maxRate > 0 ? Double.toString(o.maxRate) : "the measured EOS median",
                    "events/s taken as the EOS maximum by latency, latency-curve and queries", (o, v) -> o.maxRate = Double.parseDouble(v)),
            new Spec("--latency-seconds", "S", o -> Integer.toString(o.latencySeconds), "latency: seconds measured per load",
                    (o, v) -> o.latencySeconds = Integer.parseInt(v)),
            new Spec("--latency-warmup", "S", o -> Integer.toString(o.latencyWarmUp), "latency and queries: uncounted warm-up seconds",
                    (o, v) -> o.latencyWarmUp = Integer.parseInt(v)),
            new Spec("--commit-intervals", "MS,MS", o -> join(o.commitIntervals), "latency-curve: one series per commit.interval.ms",
                    (o, v) -> o.commitIntervals = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray()),
            new Spec("--curve-loads", "F,F", o -> Arrays.stream(o.curveLoads).mapToObj(Double::toString).collect(Collectors.joining(",")),
                    "latency-curve: input rates as fractions of the EOS maximum",
                    (o, v) -> o.curveLoads = Arrays.stream(v.split(",")).mapToDouble(Double::parseDouble).toArray()),
            new Spec("--curve-seconds", "S", o -> Integer.toString(o.curveSeconds), "latency-curve: seconds measured per point",
                    (o, v) -> o.curveSeconds = Integer.parseInt(v)),
            new Spec("--curve-warmup", "S", o -> Integer.toString(o.curveWarmUp), "latency-curve: uncounted warm-up seconds per point",
                    (o, v) -> o.curveWarmUp = Integer.parseInt(v)),
            new Spec("--query-seconds", "S", o -> Integer.toString(o.querySeconds), "queries: seconds per route",
                    (o, v) -> o.querySeconds = Integer.parseInt(v)),
            new Spec("--scale-events", "N", o -> Long.toString(o.scaleEvents), "scale: events drained after the pre-load",
                    (o, v) -> o.scaleEvents = Long.parseLong(v)),
            new Spec("--preloads", "N,N", o -> join(o.preloads), "scale: remembered ids pre-loaded, one drain each",
                    (o, v) -> o.preloads = Arrays.stream(v.split(",")).mapToLong(Long::parseLong).toArray()),
            new Spec("--recovery-ids", "N", o -> Long.toString(o.recoveryIds), "recovery: remembered ids per instance",
                    (o, v) -> o.recoveryIds = Long.parseLong(v)),
            new Spec("--kills", "K", o -> Integer.toString(o.kills), "recovery: kill -9 and restart, times per case",
                    (o, v) -> o.kills = Integer.parseInt(v)),
            new Spec("--recovery-instances", "N,N", o -> join(o.recoveryInstances), "recovery: the cases (instances)",
                    (o, v) -> o.recoveryInstances = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray()),
            new Spec("--ingest-events", "N", o -> Integer.toString(o.ingestEvents), "ingest: events per contender",
                    (o, v) -> o.ingestEvents = Integer.parseInt(v)),
            new Spec("--set", "KEY=VALUE", o -> "none", "an app setting for the app contenders (repeatable; KEY= drops it)",
                    (o, v) -> o.appSettings.add(v)),
            new Spec("--variant", "NAME:K=V,K=V", o -> "none", "one more EOS contender eos-with-NAME with these settings (repeatable)",
                    (o, v) -> o.variants.put(variantName(v), List.of(v.substring(v.indexOf(':') + 1).split(",")))),
            new Spec("--classes-before", "DIR", o -> o.classesBefore == null ? "none" : o.classesBefore,
                    "classes of the code before a change, for contenders eos-before/alos-before", (o, v) -> o.classesBefore = v),
            new Spec("--jfr", null, o -> "off", "one extra profiled EOS drain (JFR), not counted", (o, v) -> o.jfr = true),
            new Spec("--work", "DIR", o -> o.work, "work directory: broker, state, child logs, results.md",
                    (o, v) -> o.work = v),
            new Spec("--help", null, o -> "", "this text (also -h)", (o, v) -> o.help = true));

    boolean has(final String part) {
        return Arrays.asList(only.split(",")).contains(part);
    }

    /** The replication factor of every topic: 3 on the production shape, else the number of brokers. */
    int replication() {
        return Math.min(3, brokers);
    }

    /** Parses the command line; a mistake is a {@link UsageException} with a one-line message. */
    static BenchOptions parse(final String[] args) {
        final BenchOptions o = new BenchOptions();
        for (int i = 0; i < args.length; i++) {
            final String name = args[i].equals("-h") ? "--help" : args[i];
            final Spec spec = SPECS.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new UsageException("unknown option " + name));
            if (spec.argument() == null) {
                spec.set().accept(o, null);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException("option " + name + " needs a value " + spec.argument());
            }
            final String value = args[++i];
            try {
                spec.set().accept(o, value);
            } catch (final UsageException e) {
                throw e;
            } catch (final RuntimeException e) {
                throw new UsageException("option " + name + ": not a valid " + spec.argument() + ": " + value);
            }
        }
        return o;
    }

    /** Every option with its argument, its default and what it does. */
    static String help() {
        final BenchOptions defaults = new BenchOptions();
        final StringBuilder text = new StringBuilder("""
                Usage: ./bench.sh [option ...]    the side-by-side benchmark on local real brokers (see BENCHMARKS.md)
                       ./bench.sh --hot FILE [N]  the N (30) top-of-stack methods of a JFR recording
                       ./bench.sh --within FILE METHOD ...  the stream thread's share in each method, callees included
                       ./bench.sh --parts [JMH arguments]  the CPU of each part of one event's path (JMH)
                       ./bench.sh --redraw FILE [DIR]  the charts again from a run's --json FILE (DIR: docs/bench)

                """);
        for (final Spec spec : SPECS) {
            final String left = spec.name() + (spec.argument() == null ? "" : " " + spec.argument());
            final String shown = spec.shown().apply(defaults);
            text.append(String.format(java.util.Locale.ROOT, "  %-30s %s%s%n", left, spec.help(), shown.isEmpty() ? "" : " (default: " + shown + ")"));
        }
        return text.toString();
    }

    private static int brokers(final String value) {
        final int n = Integer.parseInt(value);
        if (n != 1 && n != 3) {
            throw new UsageException("option --brokers: 1 or 3, not " + value);
        }
        return n;
    }

    private static String variantName(final String value) {
        final int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new UsageException("option --variant: NAME:KEY=VALUE,..., not " + value);
        }
        return value.substring(0, colon);
    }

    private static String join(final int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    private static String join(final long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(","));
    }
}
