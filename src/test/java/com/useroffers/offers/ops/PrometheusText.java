package com.useroffers.offers.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line must
 * be a {@code # HELP}, a {@code # TYPE} or a sample of a family declared by a {@code # TYPE} line before
 * it, or the parse fails with the line number.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final String[] SUFFIXES = {"", "_total", "_created", "_count", "_sum", "_bucket", "_max"};

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    static PrometheusText parse(final String text) {
        final PrometheusText parsed = new PrometheusText();
        final String[] lines = text.split("\n", -1);
        if (!lines[lines.length - 1].isEmpty()) {
            throw new AssertionError("the exposition does not end with a line feed");
        }
        for (int i = 0; i < lines.length - 1; i++) {
            try {
                parsed.read(lines[i]);
            } catch (final IllegalArgumentException e) {
                throw new AssertionError("line " + (i + 1) + ": " + e.getMessage() + ": " + lines[i]);
            }
        }
        return parsed;
    }

    private void read(final String line) {
        final Matcher type = TYPE.matcher(line);
        if (type.matches()) {
            if (types.put(type.group(1), type.group(2)) != null) {
                throw new IllegalArgumentException("a second TYPE line for " + type.group(1));
            }
            return;
        }
        if (HELP.matcher(line).matches()) {
            return;
        }
        if (line.startsWith("#")) {
            throw new IllegalArgumentException("not a HELP or TYPE comment");
        }
        final Matcher sample = SAMPLE.matcher(line);
        if (!sample.matches()) {
            throw new IllegalArgumentException("not a sample");
        }
        final String name = sample.group(1);
        if (family(name) == null) {
            throw new IllegalArgumentException("a sample of " + name + " before its TYPE line");
        }
        samples.add(new Sample(name, labels(sample.group(3) == null ? "" : sample.group(3)), value(sample.group(4))));
    }

    private String family(final String name) {
        for (final String suffix : SUFFIXES) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return null;
    }

    private static Map<String, String> labels(final String text) {
        final Map<String, String> labels = new LinkedHashMap<>();
        final Matcher label = LABEL.matcher(text);
        int end = 0;
        while (end < text.length()) {
            if (!label.find(end) || label.start() != end) {
                throw new IllegalArgumentException("bad label list at position " + end);
            }
            if (labels.put(label.group(1), label.group(2)) != null) {
                throw new IllegalArgumentException("label " + label.group(1) + " twice");
            }
            end = label.end();
        }
        return labels;
    }

    private static double value(final String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                if (!text.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
                    throw new IllegalArgumentException("bad value " + text);
                }
                yield Double.parseDouble(text);
            }
        };
    }

    /** The declared type of a family, or {@code null}. */
    String type(final String family) {
        return types.get(family);
    }

    List<Sample> samples() {
        return samples;
    }

    List<Sample> samples(final String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    /** The value of the one sample with this name whose labels include {@code labels}. */
    double value(final String name, final Map<String, String> labels) {
        final List<Sample> matching = samples(name).stream()
                .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
        if (matching.size() != 1) {
            throw new AssertionError(matching.size() + " samples of " + name + " with " + labels);
        }
        return matching.get(0).value();
    }

    /** The sum of every sample with this name whose labels include {@code labels}. */
    double sum(final String name, final Map<String, String> labels) {
        return samples(name).stream()
                .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    boolean has(final String name) {
        return !samples(name).isEmpty();
    }
}
