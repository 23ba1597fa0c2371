package com.useroffers.offers.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code deploy/grafana/user-offers-streams.json}, read for tests: its panels and the metrics they query. */
public final class GrafanaDashboard {

    /** The ingest service's metrics, which only {@code ingest} exports (its panels filter on its own application label). */
    public static final String INGEST_PREFIX = "user_offers_ingest_";

    static final Path FILE = Path.of("deploy/grafana/user-offers-streams.json");
    /** Metric names as exported: Kafka's (through Micrometer), ours, the JVM's and the process's. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:kafka|user_offers|jvm|process)_[a-z0-9_]+)\\b");

    private final JsonNode root;

    private GrafanaDashboard(final JsonNode root) {
        this.root = root;
    }

    public static GrafanaDashboard load() {
        try {
            return new GrafanaDashboard(new ObjectMapper().readTree(FILE.toFile()));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    /** Every panel, rows included, nested ones too. */
    List<JsonNode> panels() {
        final List<JsonNode> panels = new ArrayList<>();
        root.path("panels").forEach(panel -> {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        });
        return panels;
    }

    /** Every PromQL expression of every panel. */
    List<String> expressions() {
        final List<String> expressions = new ArrayList<>();
        panels().forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        return expressions;
    }

    /** The metric names the panels query that {@code run} exports. */
    Set<String> runMetricNames() {
        final Set<String> names = new TreeSet<>(metricNames());
        names.removeIf(name -> name.startsWith(INGEST_PREFIX));
        return names;
    }

    /** The metric names the panels query that {@code ingest} exports. */
    public Set<String> ingestMetricNames() {
        final Set<String> names = new TreeSet<>(metricNames());
        names.removeIf(name -> !name.startsWith(INGEST_PREFIX));
        return names;
    }

    /** Every metric name the panels query. */
    Set<String> metricNames() {
        final Set<String> names = new TreeSet<>();
        for (final String expression : expressions()) {
            final Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }
}
