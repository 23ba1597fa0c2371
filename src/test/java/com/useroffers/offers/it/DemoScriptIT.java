package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "try it" command works: {@code ./demo.sh} starts a local broker, creates the topics,
 * runs the application, produces sample events, shows a table of user states, the dead letters by
 * reason and one state pretty-printed, in plain ASCII lines of at most 100 characters, and cleans up after
 * itself (run here with {@code --skip-build}: Maven has just built the jar). With {@code --secure}, the
 * same on a node that demands SASL_SSL and ACLs, each command as its own principal, and no file the demo
 * leaves holds any of its passwords.
 */
class DemoScriptIT {

    /** A row of the state table: user, version (at least 1), offers ASSIGNED and REDEEMED. */
    private static final String USER_ROW = "(?m)^  (user-\\d{6}\\S*) +([1-9]\\d*) +(\\d+) +(\\d+)$";

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldShowStatesAndDeadLettersAndLeaveNothingRunning(@TempDir final Path dir) throws Exception {
        final Path output = dir.resolve("demo.out");
        final Process demo = startDemo(output, "--skip-build", "--events", "3000");
        final boolean finished = finishesOrIsKilled(demo, 3, TimeUnit.MINUTES);
        final String text = read(output);
        assertThat(finished).as("demo finished; output:%n%s", text).isTrue();
        assertThat(demo.exitValue()).as("demo exit code; output:%n%s", text).isZero();
        assertStatesAndDeadLetters(text);
        assertThat(demoProcesses()).as("broker or application processes left behind").isEmpty();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldShowTheSameOnASecuredNodeAsEachCommandsPrincipalAndLeaveNoSecretBehind(@TempDir final Path dir)
            throws Exception {
        // Given: the secured demo, its client files read while it runs to learn this run's passwords
        final Path output = dir.resolve("demo-secure.out");
        final Path clients = Path.of("target", "demo", "kafka", "clients");
        final Process demo = startDemo(output, "--secure", "--skip-build", "--events", "1000");

        // When
        final Set<String> secrets = new HashSet<>();
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (demo.isAlive() && System.nanoTime() < deadline) {
            secrets.addAll(secretsIn(clients));
            demo.waitFor(200, TimeUnit.MILLISECONDS);
        }
        final boolean finished = finishesOrIsKilled(demo, 10, TimeUnit.SECONDS);

        // Then
        final String text = read(output);
        assertThat(finished).as("demo finished; output:%n%s", text).isTrue();
        assertThat(demo.exitValue()).as("demo exit code; output:%n%s", text).isZero();
        assertStatesAndDeadLetters(text);
        assertThat(text).containsPattern("== ACLs by ./acls.sh \\(as User:admin\\): [1-9]\\d* for User:demo-topics \\(topics\\), "
                + "[1-9]\\d* for User:demo-run \\(run\\), [1-9]\\d* for User:demo-produce \\(produce\\);");
        assertThat(demoProcesses()).as("broker or application processes left behind").isEmpty();
        // admin's, the three principals' and the stores' passwords, all seen while the demo ran
        assertThat(secrets).as("passwords read from the client files").hasSizeGreaterThanOrEqualTo(5);
        assertThat(clients).doesNotExist();
        assertThat(Path.of("target", "demo", "kafka", "tls")).doesNotExist();
        for (final Path tree : List.of(Path.of("target", "demo"), dir)) {
            try (Stream<Path> files = Files.walk(tree)) {
                files.filter(Files::isRegularFile).forEach(file -> {
                    final String content = readBytes(file);
                    secrets.forEach(secret -> assertThat(content).as("%s holds a password", file).doesNotContain(secret));
                });
            }
        }
    }

    /** What the report shows, secured or not: the topics, the state table, the dead letters, a state; then the clean-up. */
    /** {@code ./demo.sh ARGS}, stdout and stderr into {@code output}. */
    private static Process startDemo(final Path output, final String... args) throws IOException {
        final List<String> command = new ArrayList<>(List.of("bash", "demo.sh"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Whether the demo ended within the time; if not, it and everything it started are killed. */
    private static boolean finishesOrIsKilled(final Process demo, final long time, final TimeUnit unit)
            throws InterruptedException {
        final boolean finished = demo.waitFor(time, unit);
        if (!finished) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
        return finished;
    }

    private static void assertStatesAndDeadLetters(final String text) {
        assertThat(text)
                .contains("created: user-offers", "created: user-offer-state", "created: user-offers-dlq")
                .containsPattern("== user-offer-state: \\d+ records, [1-9]\\d* users, [1-9]\\d* with offers, "
                        + "\\d+ tombstoned")
                .containsPattern("(?m)^  user +version +ASSIGNED +REDEEMED$")
                .containsPattern(USER_ROW)
                .containsPattern("\"version\" : [1-9]\\d*")
                .containsPattern("== user-offers-dlq: [1-9]\\d* dead letters")
                .containsPattern("(?m)^  MALFORMED +[1-9]\\d*$")
                .containsPattern("(?m)^  INVALID_TRANSITION +[1-9]\\d*$")
                .containsPattern("(?m)^  MALFORMED: \\S")
                .containsPattern("(?m)^  INVALID_TRANSITION: \\S")
                .containsPattern("== the same user from the application's HTTP endpoint: "
                        + "GET http://127\\.0\\.0\\.1:\\d+/users/user-\\d+\\S*/offers")
                .containsPattern("(?m)^   HTTP/1\\.1 200 OK$")
                .containsPattern("(?m)^\\{\"userId\":\"user-\\d+[^\"]*\",\"version\":[1-9]\\d*,")
                .contains("stopping the application", "stopping local Kafka");
        assertPrettyStateMatchesItsRow(text);
        final String report = text.substring(text.indexOf("== user-offer-state:"),
                text.indexOf("== the same user from the application's HTTP endpoint"));
        assertThat(report.lines()).as("report lines: plain ASCII, at most 100 characters")
                .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(100).matches("[\\x20-\\x7E]*"));
    }

    /** The passwords in the client files of the secured demo: every {@code *password} setting and those in a JAAS line. */
    private static Set<String> secretsIn(final Path clients) {
        final Set<String> secrets = new HashSet<>();
        try (Stream<Path> files = Files.list(clients)) {
            files.filter(file -> file.toString().endsWith(".properties")).forEach(file -> {
                final Properties settings = new Properties();
                try (Reader reader = Files.newBufferedReader(file)) {
                    settings.load(reader);
                } catch (final IOException e) {
                    return; // being written or already deleted: read again on the next round
                }
                settings.stringPropertyNames().stream().filter(key -> key.endsWith("password"))
                        .map(settings::getProperty).forEach(secrets::add);
                final Matcher jaas = Pattern.compile("password=\"([^\"]+)\"")
                        .matcher(settings.getProperty("sasl.jaas.config", ""));
                while (jaas.find()) {
                    secrets.add(jaas.group(1));
                }
            });
        } catch (final IOException e) {
            return secrets; // not there yet, or gone
        }
        secrets.removeIf(String::isEmpty);
        return secrets;
    }

    private static String readBytes(final Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The pretty-printed state is the one of a user in the table, with as many offers as the table
     * counts and the same version: the table is read from the states, not made up.
     */
    private static void assertPrettyStateMatchesItsRow(final String text) {
        final Matcher heading = Pattern.compile("== (\\S+), the most offers of the users shown \\((\\d+)\\):\\R\\{")
                .matcher(text);
        assertThat(heading.find()).as("pretty-printed state; output:%n%s", text).isTrue();
        final String user = heading.group(1);
        final int offers = Integer.parseInt(heading.group(2));
        final Map<String, int[]> rows = new LinkedHashMap<>();
        final Matcher row = Pattern.compile(USER_ROW).matcher(text);
        while (row.find()) {
            rows.put(row.group(1), new int[] {Integer.parseInt(row.group(2)),
                Integer.parseInt(row.group(3)) + Integer.parseInt(row.group(4))});
        }
        assertThat(rows).as("table rows").containsKey(user);
        assertThat(rows.get(user)[1]).as("offers of %s in the table", user).isEqualTo(offers);
        assertThat(rows.values()).as("no user shown has more offers")
                .allSatisfy(r -> assertThat(r[1]).isLessThanOrEqualTo(offers));
        final String json = text.substring(heading.end() - 1);
        assertThat(json).containsPattern("^\\{\\R  \"userId\" : \"" + Pattern.quote(user) + "\",\\R"
                + "  \"version\" : " + rows.get(user)[0] + ",");
        final String state = json.substring(0, json.indexOf("\n}"));
        assertThat(Pattern.compile("\"status\" : \"(ASSIGNED|REDEEMED)\"").matcher(state).results().count())
                .as("offers in the pretty-printed state").isEqualTo(offers);
    }

    /**
     * Processes started by this checkout's demo: every one of them has the demo's work directory on its
     * command line (relative, so the process must also run in this checkout: a demo of another checkout
     * of the project on the same machine is not ours).
     */
    private static java.util.List<String> demoProcesses() {
        final Path projectDir = Path.of("").toAbsolutePath();
        final String workDir = projectDir.resolve("target").resolve("demo").toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(workDir)
                        || p.info().commandLine().orElse("").contains("target/demo") && runsIn(p, projectDir))
                .map(p -> p.info().commandLine().orElse(""))
                .toList();
    }

    /** Whether the process's working directory is {@code dir}; true when that cannot be read (not Linux). */
    private static boolean runsIn(final ProcessHandle process, final Path dir) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")).equals(dir);
        } catch (final java.nio.file.NoSuchFileException e) {
            return !Files.isDirectory(Path.of("/proc", "self")) && process.isAlive();
        } catch (final IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }

    private static String read(final Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
