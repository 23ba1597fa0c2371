package com.useroffers.offers.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real Apache Kafka node (KRaft, broker and controller combined) running as its own JVM process
 * from the Maven test classpath ({@code kafka.Kafka}), so that it can be killed with SIGKILL and
 * started again on the same data, as a crashed broker would be.
 */
final class KafkaNode {

    private final int nodeId;
    private final Path dir;
    private final Path config;
    private final String classpath;
    private Process process;

    KafkaNode(final int nodeId, final Path dir, final Map<String, String> properties, final String classpath) {
        this.nodeId = nodeId;
        this.dir = dir;
        this.config = dir.resolve("server.properties");
        this.classpath = classpath;
        try {
            Files.createDirectories(dir);
            final StringBuilder text = new StringBuilder();
            properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
            Files.writeString(config, text.toString(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("logback.xml"), logbackConfig(), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int nodeId() {
        return nodeId;
    }

    /** Formats the node's log directory for the cluster id (once; a restart keeps the data). */
    void format(final String clusterId) {
        format(clusterId, List.of());
    }

    /**
     * The same, with more arguments for Kafka's StorageTool, e.g. {@code --add-scram} to bootstrap a SCRAM
     * user in the metadata (on a secured cluster, someone must exist before anyone can log in).
     */
    void format(final String clusterId, final List<String> extraArguments) {
        final List<String> arguments = new ArrayList<>(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted",
                "--cluster-id", clusterId, "--config", config.toString()));
        arguments.addAll(extraArguments);
        final Process format = launch(arguments, dir.resolve("format.log"));
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting node " + nodeId + " failed; see " + dir.resolve("format.log"));
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void start() {
        if (isAlive()) {
            throw new IllegalStateException("node " + nodeId + " is already running");
        }
        process = launch(List.of("kafka.Kafka", config.toString()), dir.resolve("server.out"));
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no controlled shutdown, as in a crash. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit(30);
        }
    }

    /** SIGTERM: controlled shutdown, then SIGKILL if it overstays. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitForExit(30)) {
                kill();
            }
        }
    }

    private boolean waitForExit(final int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Process launch(final List<String> mainAndArgs, final Path output) {
        final List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms128m", "-Xmx512m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-Dkafka.logs.dir=" + dir,
                "-cp", classpath));
        command.addAll(mainAndArgs);
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .start();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start " + mainAndArgs.get(0), e);
        }
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private String logbackConfig() {
        return """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level %%logger{30} - %%msg%%n</pattern></encoder>
                  </appender>
                  <logger name="kafka" level="INFO"/>
                  <logger name="org.apache.kafka" level="WARN"/>
                  <root level="WARN"><appender-ref ref="FILE"/></root>
                </configuration>
                """.formatted(dir.resolve("server.log"));
    }
}
