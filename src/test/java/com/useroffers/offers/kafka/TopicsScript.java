package com.useroffers.offers.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./topics.sh} as an operator would, with the Kafka tools it finds: the application's
 * fat jar, and optionally a directory put first on {@code PATH} (e.g. holding a
 * {@code kafka-configs.sh}, as a Kafka distribution's {@code bin/} does). Each run is bounded; what it
 * prints is kept in files under {@code outputDir}.
 */
public final class TopicsScript {

    private static final long TIMEOUT_SECONDS = 180;

    private TopicsScript() {
    }

    /** What one run printed, and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** The lines that report a difference: {@code TOPIC: SETTING is FOUND, the contract needs NEEDED}. */
        public List<String> differences() {
            return stdout.lines().filter(line -> line.contains(", the contract needs ")).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    public static Result run(final Path outputDir, final String... args) {
        return run(outputDir, null, args);
    }

    /** Runs the script with {@code args}; {@code pathFirst}, when not null, goes first on {@code PATH}. */
    public static Result run(final Path outputDir, final Path pathFirst, final String... args) {
        return runWithPath(outputDir, pathFirst == null ? System.getenv("PATH") : pathFirst + ":" + System.getenv("PATH"),
                args);
    }

    /** Runs the script with exactly {@code path} as its {@code PATH}. */
    public static Result runWithPath(final Path outputDir, final String path, final String... args) {
        final List<String> command = new ArrayList<>(List.of("bash", "topics.sh"));
        command.addAll(List.of(args));
        final Path stdout = outputDir.resolve("topics-" + System.nanoTime() + ".out");
        final Path stderr = outputDir.resolve("topics-" + System.nanoTime() + ".err");
        final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("PATH", path);
        try {
            final Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("topics.sh did not finish within " + TIMEOUT_SECONDS + " s: "
                        + String.join(" ", command) + "\n" + Files.readString(stdout) + Files.readString(stderr));
            }
            return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A {@code kafka-configs.sh} in {@code binDir} that runs Kafka 4.4.0's own ConfigCommand from the
     * test classpath, as a distribution's script runs it from {@code libs/}; returns {@code binDir}.
     */
    public static Path kafkaConfigsTool(final Path binDir) {
        try {
            Files.createDirectories(binDir);
            final Path script = binDir.resolve("kafka-configs.sh");
            final String classpath = Path.of("target", "classes").toAbsolutePath() + ":" + TestClasspath.dependencies();
            Files.writeString(script, "#!/usr/bin/env bash\nexec java -cp '" + classpath
                    + "' org.apache.kafka.tools.ConfigCommand \"$@\"\n");
            if (!script.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + script + " executable");
            }
            return binDir;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
