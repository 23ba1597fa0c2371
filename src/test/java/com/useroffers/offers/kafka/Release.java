package com.useroffers.offers.kafka;

import com.useroffers.offers.fixtures.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release of the application built from this repository's history: one that {@code CHANGELOG.md} names
 * with a {@code ## X.Y.Z (commit H)} heading (the first of another version than the one being built is the
 * previous release; the last heading is the first release), its
 * sources taken from git at that commit ({@code git archive}, which leaves the repository untouched) and
 * built with Maven once into {@code target/releases/X.Y.Z}. Its Maven test classpath holds the Kafka
 * brokers that release was tested against.
 */
public record Release(String version, String commit, Path dir) {

    private static final Pattern RELEASE = Pattern.compile("(?m)^## (\\d+\\.\\d+\\.\\d+) \\(commit ([0-9a-f]{7,40})\\)");
    private static final Pattern OWN_VERSION =
            Pattern.compile("<artifactId>user-offers-streams</artifactId>\\s*<version>([^<]+)</version>");
    private static final Pattern KAFKA_CLIENTS = Pattern.compile("kafka-clients-(\\d+\\.\\d+\\.\\d+)\\.jar");
    private static final long BUILD_MINUTES = 10;

    /** The release before this build, built if it is not yet. */
    public static Release previous() {
        return upgradedFrom().get(0).built();
    }

    /**
     * The releases the upgrade test starts from, not yet built: the release before this build, and the first
     * release too when it is another one (it was tested on the oldest brokers still supported, Kafka 4.3.1).
     */
    public static List<Release> upgradedFrom() {
        final String own = read(Path.of("pom.xml"), OWN_VERSION).replace("-SNAPSHOT", "");
        final Matcher headings = RELEASE.matcher(readString(Path.of("CHANGELOG.md")));
        final List<Release> releases = new ArrayList<>();
        while (headings.find()) {
            if (!headings.group(1).equals(own)) {
                releases.add(new Release(headings.group(1), headings.group(2),
                        Path.of("target", "releases", headings.group(1)).toAbsolutePath()));
            }
        }
        if (releases.isEmpty()) {
            throw new IllegalStateException("CHANGELOG.md names no release before " + own + " with its commit");
        }
        final Release previous = releases.get(0);
        final Release first = releases.get(releases.size() - 1);
        return previous.equals(first) ? List.of(previous) : List.of(previous, first);
    }

    /** This release, built if it is not yet. */
    public Release built() {
        buildIfMissing();
        return this;
    }

    @Override
    public String toString() {
        return version + " (" + commit + ")";
    }

    public Path jar() {
        return dir.resolve("target").resolve("user-offers-streams.jar");
    }

    /** The release's own {@code config/streams.properties}. */
    public Path configFile() {
        return dir.resolve("config").resolve("streams.properties");
    }

    /** The release's Maven test classpath: Kafka's server modules of the version it was tested against. */
    public String brokerClasspath() {
        return readString(dir.resolve("target").resolve("test-classpath.txt")).trim();
    }

    /** The Kafka version of {@link #brokerClasspath()}. */
    public String kafkaVersion() {
        final Matcher matcher = KAFKA_CLIENTS.matcher(brokerClasspath());
        return matcher.find() ? matcher.group(1) : "unknown";
    }

    private void buildIfMissing() {
        if (Files.isRegularFile(jar()) && Files.isRegularFile(dir.resolve("target").resolve("test-classpath.txt"))) {
            return;
        }
        final Path log = dir.resolveSibling(version + "-build.log");
        try {
            Directories.deleteRecursively(dir);
            Files.createDirectories(dir);
            run(List.of("git", "cat-file", "-e", commit + "^{commit}"), log,
                    "commit " + commit + " of release " + version + " (CHANGELOG.md) is not in this clone's history"
                            + " (a shallow clone? git fetch --unshallow)");
            run(List.of("bash", "-c", "git archive --format=tar " + commit + " | tar -x -C '" + dir + "'"), log,
                    "cannot take release " + version + "'s sources from git");
            run(List.of("mvn", "-B", "-q", "-f", dir.resolve("pom.xml").toString(), "package", "-Dmaven.test.skip=true"), log,
                    "cannot build release " + version);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(final List<String> command, final Path log, final String failure) throws IOException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(failure + ": " + String.join(" ", command) + " took over " + BUILD_MINUTES
                        + " minutes (log: " + log + ")");
            }
        } catch (final InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(failure + ": interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(failure + ": " + String.join(" ", command) + " exited " + process.exitValue()
                    + "; last lines of " + log + ":\n" + tail(log));
        }
    }

    private static String tail(final Path log) {
        final List<String> lines = readString(log).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static String read(final Path file, final Pattern pattern) {
        final Matcher matcher = pattern.matcher(readString(file));
        if (!matcher.find()) {
            throw new IllegalStateException(file + " has no " + pattern);
        }
        return matcher.group(1);
    }

    private static String readString(final Path file) {
        try {
            return Files.readString(file);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
