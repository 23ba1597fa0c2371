package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.failure.ExitCodes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's command line, without a Docker engine: the final stage's ENTRYPOINT + CMD, as written in
 * the Dockerfile, with its ENV, run outside a container. Image paths are mapped back to what the
 * Dockerfile copies there (the fat jar from {@code offers.jar}, {@code config/streams.properties}), and
 * the environment is completed the way {@code docker run -e} would: a broker that does not answer, a
 * writable state directory, a free HTTP port. The JVM flags, the jar, the verb and the config file are
 * the image's own.
 */
@Timeout(120)
class ContainerCommandLineIT {

    private static final String ROOT_COMMAND = "user-offers-streams";

    private final DockerfileSpec.Stage image = DockerfileSpec.load().finalStage();

    @TempDir
    Path work;

    private int deadPort;
    private Process process;

    @BeforeEach
    void findAPortNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
    }

    @AfterEach
    void destroyTheProcess() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldFailFastWithAOneLineCauseWhenNoBrokerAnswers() throws Exception {
        // Given
        final Instant started = Instant.now();
        start(Map.of(ConfigLoader.ENV_PREFIX + "OFFERS_STARTUP_TIMEOUT", "PT5S"));

        // When
        final boolean exited = process.waitFor(60, TimeUnit.SECONDS);

        // Then
        assertThat(exited).as("exited by itself, within its start-up timeout and a margin").isTrue();
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(45));
        assertThat(process.exitValue()).isEqualTo(ExitCodes.NO_BROKER);
        final List<String> errors = nonBlankLines(work.resolve("stderr.txt"));
        assertThat(errors).as("stderr holds exactly the one-line cause").hasSize(1);
        assertThat(errors.get(0)).startsWith(ROOT_COMMAND + ": ").contains("127.0.0.1:" + deadPort);
    }

    @Test
    void shouldStopCleanlyOnSigtermWhileStillStartingUp() throws Exception {
        // Given: a broker that never answers, and a start-up timeout long enough to still be waiting
        start(Map.of(ConfigLoader.ENV_PREFIX + "OFFERS_STARTUP_TIMEOUT", "PT60S"));
        awaitOutput(work.resolve("stdout.txt"), Duration.ofSeconds(30)); // running: logging has begun
        Thread.sleep(500);

        // When
        process.destroy(); // SIGTERM, as docker stop or Kubernetes sends it to PID 1

        // Then
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(nonBlankLines(work.resolve("stderr.txt"))).isEmpty();
    }

    /** ENTRYPOINT + CMD of the image, its ENV plus {@code extraEnv}, as {@code docker run -e} would add them. */
    private void start(final Map<String, String> extraEnv) throws IOException {
        final List<String> command = new ArrayList<>();
        for (final String arg : image.entrypoint) {
            command.add(local(arg));
        }
        for (final String arg : image.cmd) {
            command.add(local(arg));
        }
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(image.entrypoint.get(0)).isEqualTo("java");

        final ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectOutput(work.resolve("stdout.txt").toFile())
                .redirectError(work.resolve("stderr.txt").toFile());
        final Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith(ConfigLoader.ENV_PREFIX) || name.equals("JAVA_TOOL_OPTIONS"));
        env.putAll(image.env);
        env.put(ConfigLoader.ENV_PREFIX + "BOOTSTRAP_SERVERS", "127.0.0.1:" + deadPort);
        env.put(ConfigLoader.ENV_PREFIX + "STATE_DIR", Files.createDirectories(work.resolve("state")).toString());
        env.put(ConfigLoader.ENV_PREFIX + "OFFERS_HTTP_PORT", "0");
        env.putAll(extraEnv);
        process = builder.start();
    }

    /** An image path the Dockerfile copies something to, as the local file it copies; anything else as is. */
    private String local(final String arg) {
        final DockerfileSpec.Copy copy = image.copies.stream().filter(c -> c.dest().equals(arg)).findFirst().orElse(null);
        if (copy == null) {
            return arg;
        }
        if (copy.fromStage() == null) {
            return Path.of(copy.src()).toAbsolutePath().toString();
        }
        final Path jar = Path.of(System.getProperty("offers.jar", "target/user-offers-streams.jar")).toAbsolutePath();
        assertThat(copy.src()).as("the build stage's output is the jar Maven built").endsWith("/target/" + jar.getFileName());
        assertThat(jar).as("run 'mvn package' first").isRegularFile();
        return jar.toString();
    }

    private void awaitOutput(final Path file, final Duration timeout) throws IOException, InterruptedException {
        final Instant deadline = Instant.now().plus(timeout);
        while (nonBlankLines(file).isEmpty()) {
            assertThat(process.isAlive()).as("still running, stderr: %s", nonBlankLines(work.resolve("stderr.txt"))).isTrue();
            assertThat(Instant.now()).as("some output within %s", timeout).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static List<String> nonBlankLines(final Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList() : List.of();
    }
}
