package com.useroffers.offers.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./topics.sh} (the fat jar's {@code topics} command) as an operator would. Each run is
 * bounded; what it prints is kept in files under {@code outputDir}.
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

    /** Runs the script with {@code args}. */
    public static Result run(final Path outputDir, final String... args) {
        final List<String> command = new ArrayList<>(List.of("bash", "topics.sh"));
        command.addAll(List.of(args));
        final Path stdout = outputDir.resolve("topics-" + System.nanoTime() + ".out");
        final Path stderr = outputDir.resolve("topics-" + System.nanoTime() + ".err");
        final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
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
}
