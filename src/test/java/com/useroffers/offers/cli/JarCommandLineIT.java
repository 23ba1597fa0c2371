package com.useroffers.offers.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.useroffers.offers.failure.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as an operator runs it: {@code java -jar target/user-offers-streams.jar ...} in a
 * child process, with real exit codes, real stdout/stderr and real signals. Runs after {@code package}
 * (failsafe); the jar's path is the system property {@code offers.jar}. No broker needed.
 */
class JarCommandLineIT {

    private static final Path JAR = Path.of(System.getProperty("offers.jar", "target/user-offers-streams.jar"));
    /** The same java as this test. */
    private static final String JAVA = ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    /** Nothing listens on port 1 of the loopback interface: connections are refused at once. */
    private static final String NO_BROKER = "bootstrap.servers=127.0.0.1:1";

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void destroyLeftovers() {
        started.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
    }

    @Test
    @Timeout(90)
    void shouldListRunAndProduceInTheHelpAndExitZero() throws Exception {
        final Child child = start(Map.of(), "--help");

        assertThat(child.waitFor(Duration.ofSeconds(60))).isZero();
        assertThat(child.out()).containsPattern("(?m)^\\s+run\\s").containsPattern("(?m)^\\s+produce\\s");
        assertThat(child.err()).isEmpty();
    }

    @Test
    @Timeout(90)
    void shouldExitNonZeroWithOneLineAboutTheBrokerWhenNoneAnswers() throws Exception {
        final long start = System.nanoTime();
        final Child child = start(Map.of(), "run", "--property", NO_BROKER, "--property", "offers.startup.timeout=PT3S");

        final int exitCode = child.waitFor(Duration.ofSeconds(30));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(exitCode).isEqualTo(ExitCodes.NO_BROKER);
        assertThat(child.errLines()).singleElement().asString()
                .startsWith("user-offers-streams: ")
                .contains("broker")
                .contains("127.0.0.1:1");
    }

    @Test
    @Timeout(90)
    void shouldCloseAndExitZeroOnSigtermDuringStartup() throws Exception {
        final Child child = start(Map.of(), "run", "--property", NO_BROKER, "--property", "offers.startup.timeout=PT60S");
        child.awaitOutput("Checking that Kafka answers", Duration.ofSeconds(30));

        child.process.destroy(); // SIGTERM
        final int exitCode = child.waitFor(Duration.ofSeconds(15));

        assertThat(exitCode).as("exit code after SIGTERM (143 would mean the JVM's default handling)").isZero();
        assertThat(child.out()).contains("SIGTERM received");
        assertThat(child.err()).isEmpty();
    }

    @Test
    @Timeout(90)
    void shouldLogOneJsonObjectPerLineWithLogFormatJson() throws Exception {
        final Child child = start(Map.of("LOG_FORMAT", "json"), "run", "--property", NO_BROKER,
                "--property", "offers.startup.timeout=PT2S", "--property", "sasl.jaas.config=secret-jaas-value");

        assertThat(child.waitFor(Duration.ofSeconds(30))).isEqualTo(ExitCodes.NO_BROKER);

        final ObjectMapper json = new ObjectMapper();
        final List<String> lines = child.out().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        for (final String line : lines) {
            final JsonNode event = json.readTree(line);
            assertThat(event.has("level")).as(line).isTrue();
            assertThat(event.has("loggerName")).as(line).isTrue();
        }
        assertThat(child.out()).contains("Effective configuration").doesNotContain("secret-jaas-value");
        assertThat(child.err()).contains("warning: --property sasl.jaas.config puts a secret on the command line")
                .doesNotContain("secret-jaas-value");
    }

    private Child start(final Map<String, String> env, final String... args) throws IOException {
        final List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        final Path out = dir.resolve("stdout-" + started.size() + ".txt");
        final Path err = dir.resolve("stderr-" + started.size() + ".txt");
        final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("USER_OFFERS_") || name.equals("LOG_FORMAT"));
        builder.environment().putAll(env);
        final Process process = builder.start();
        started.add(process);
        return new Child(process, out, err);
    }

    private record Child(Process process, Path stdout, Path stderr) {

        /** The exit code; a child that overstays is destroyed and the test fails. */
        int waitFor(final Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("still running after " + timeout + "; stdout: " + out() + "; stderr: " + err());
            }
            return process.exitValue();
        }

        void awaitOutput(final String text, final Duration timeout) throws InterruptedException {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (!out().contains(text)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    fail("no '" + text + "' on stdout within " + timeout + "; stdout: " + out() + "; stderr: " + err());
                }
                Thread.sleep(100);
            }
        }

        String out() {
            return read(stdout);
        }

        String err() {
            return read(stderr);
        }

        List<String> errLines() {
            return err().lines().filter(line -> !line.isBlank()).toList();
        }

        private static String read(final Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (final IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }
}
