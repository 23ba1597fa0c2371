package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "try it" command works: {@code ./demo.sh} starts a local broker, creates the topics,
 * runs the application, produces sample events, shows states and dead letters, and cleans up after
 * itself (run here with {@code --skip-build}: Maven has just built the jar).
 */
class DemoScriptIT {

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldShowStatesAndDeadLettersAndLeaveNothingRunning(@TempDir final Path dir) throws Exception {
        final Path output = dir.resolve("demo.out");
        final Process demo = new ProcessBuilder("bash", "demo.sh", "--skip-build", "--events", "3000")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        final boolean finished = demo.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
        final String text = read(output);
        assertThat(finished).as("demo finished; output:%n%s", text).isTrue();
        assertThat(demo.exitValue()).as("demo exit code; output:%n%s", text).isZero();
        assertThat(text)
                .contains("created: user-offers", "created: user-offer-state", "created: user-offers-dlq")
                .containsPattern("== user-offer-state: \\d+ records, \\d+ users")
                .contains("\"version\":")
                .containsPattern("== user-offers-dlq: \\d+ dead letters")
                .contains("MALFORMED", "INVALID_TRANSITION")
                .contains("stopping the application", "stopping local Kafka");
        assertThat(demoProcesses()).as("broker or application processes left behind").isEmpty();
    }

    /** Processes started by the demo: every one of them has the demo's work directory on its command line. */
    private static java.util.List<String> demoProcesses() {
        final String workDir = Path.of("target", "demo").toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains("target/demo") || line.contains(workDir))
                .toList();
    }

    private static String read(final Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
