package com.useroffers.offers.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The application as its own process, started from the fat jar exactly as an operator would
 * ({@code java -jar target/user-offers-streams.jar run --property ...}), so that it can be killed with
 * SIGKILL (a crash) or stopped with SIGTERM (a clean shutdown). Output goes to a log file.
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    /** Where this process's output starts in {@code log}, which restarts of the same instance append to. */
    private final int logStart;

    private AppProcess(final Process process, final Path log, final int logStart) {
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /**
     * Starts {@code java -jar <jar> <verb> --config config/streams.properties --property k=v ...} (the shipped
     * production config, overridden for the test), output appended to {@code log}.
     */
    public static AppProcess start(final String verb, final Map<String, String> properties, final Path log) {
        return start(List.of(), verb, List.of(), properties, log);
    }

    /** The same with JVM options (e.g. {@code -Djava.io.tmpdir=...}) and more arguments after the verb. */
    public static AppProcess start(final List<String> jvmOptions, final String verb, final List<String> arguments,
                                   final Map<String, String> properties, final Path log) {
        return start(jvmOptions, verb, arguments, properties, Map.of(), log);
    }

    /**
     * The same with environment variables added to the child's (e.g. {@code USER_OFFERS_SASL_JAAS_CONFIG}: secrets
     * go through the environment, never the command line, where other users of the machine could read them).
     */
    public static AppProcess start(final List<String> jvmOptions, final String verb, final List<String> arguments,
                                   final Map<String, String> properties, final Map<String, String> environment,
                                   final Path log) {
        return start(TestClasspath.applicationJar(), Path.of("config/streams.properties"), jvmOptions, verb, arguments,
                properties, environment, log);
    }

    /** The same with another build's jar and config file (e.g. a previous release's). */
    public static AppProcess start(final Path jar, final Path configFile, final List<String> jvmOptions, final String verb,
                                   final List<String> arguments, final Map<String, String> properties,
                                   final Map<String, String> environment, final Path log) {
        final List<String> command = new ArrayList<>(List.of(KafkaNode.javaBinary(), "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), verb, "--config", configFile.toString()));
        command.addAll(arguments);
        properties.forEach((key, value) -> {
            command.add("--property");
            command.add(key + "=" + value);
        });
        try {
            Files.createDirectories(log.getParent());
            final int logStart = Files.exists(log) ? Files.readString(log).length() : 0;
            final ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            final Process process = builder.start();
            return new AppProcess(process, log, logStart);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash: no commit, no leave-group, no state flush. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM without waiting. */
    public void signalTerm() {
        process.destroy();
    }

    /** SIGTERM; returns the exit code, or -1 if the process did not exit within {@code timeout} (then it is killed). */
    public int terminate(final Duration timeout) {
        process.destroy();
        final Integer code = awaitExit(timeout);
        if (code == null) {
            kill();
            return -1;
        }
        return code;
    }

    /** Waits for the process to exit by itself; the exit code, or {@code null} on timeout. */
    public Integer awaitExit(final Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Waits until this process's output (not that of an earlier run appending to the same log) contains {@code text} (e.g. a state transition the test must act after);
     * fails if the process exits first or the timeout passes.
     */
    public void awaitOutput(final String text, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().substring(logStart).contains(text)) {
            if (!process.isAlive()) {
                throw new AssertionError("exited with " + process.exitValue() + " before printing '" + text + "':\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + text + "' not printed within " + timeout + ":\n" + output());
            }
            KafkaCluster.sleep(100);
        }
    }

    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
