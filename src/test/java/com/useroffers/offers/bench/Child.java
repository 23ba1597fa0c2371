package com.useroffers.offers.bench;

import com.useroffers.offers.kafka.KafkaCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A benchmark contender in its own JVM (same flags for all), output to a log file; RESULT lines parsed. */
final class Child implements AutoCloseable {

    private final Process process;
    private final Path log;

    private Child(final Process process, final Path log) {
        this.process = process;
        this.log = log;
    }

    static Child start(final List<String> jvmFlags, final String mainClass, final List<String> args, final Path log) {
        return start(jvmFlags, System.getProperty("java.class.path"), mainClass, args, log);
    }

    static Child start(final List<String> jvmFlags, final String classpath, final String mainClass, final List<String> args,
                       final Path log) {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, String.join(" ", command) + "\n");
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new Child(process, log);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Waits (bounded) until the log holds a line starting with {@code marker}; fails if the child dies first. */
    void awaitLine(final String marker, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().lines().anyMatch(line -> line.startsWith(marker))) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("child exited (" + process.exitValue() + ") before " + marker + "; see " + log);
            }
            KafkaCluster.sleep(50);
        }
        throw new IllegalStateException("no " + marker + " within " + timeout + "; see " + log);
    }

    /** Waits for exit (bounded) and returns the RESULT line's values. */
    Map<String, Double> awaitResult(final Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("child did not finish within " + timeout + "; see " + log);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return result();
    }

    Map<String, Double> result() {
        final String line = output().lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no RESULT from child; see " + log));
        return pairs(line.substring(7));
    }

    private static Map<String, Double> pairs(final String text) {
        final Map<String, Double> values = new HashMap<>();
        for (final String pair : text.split(" ")) {
            final int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
        }
        return values;
    }

    /**
     * Writes {@code command} to the child's stdin and waits (bounded) for its answer: the next line starting
     * with {@code command}, parsed as {@code key=value} pairs.
     */
    Map<String, Double> ask(final String command, final Duration timeout) {
        final long before = output().lines().filter(line -> line.startsWith(command + " ")).count();
        try {
            process.getOutputStream().write((command + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            final List<String> answers = output().lines().filter(line -> line.startsWith(command + " ")).toList();
            if (answers.size() > before) {
                return pairs(answers.get(answers.size() - 1).substring(command.length() + 1));
            }
            KafkaCluster.sleep(20);
        }
        throw new IllegalStateException("no answer to " + command + " within " + timeout + "; see " + log);
    }

    /** SIGKILL: a crash. */
    void kill() {
        process.destroyForcibly();
        waitQuietly(30);
    }

    /** SIGTERM, then SIGKILL after 40 s; the seconds until the process exited, or -1 if it had to be killed. */
    double terminate() {
        final long start = System.nanoTime();
        process.destroy();
        if (!waitQuietly(40)) {
            kill();
            return -1;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private boolean waitQuietly(final int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String output() {
        try {
            return Files.readString(log);
        } catch (final IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
