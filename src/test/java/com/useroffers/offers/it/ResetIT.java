package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.SharedCluster;
import com.useroffers.offers.kafka.TestApp;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.kafka.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reset} against a real broker, as its own process: it refuses an input whose history was
 * truncated unless told to accept it, and a SIGTERM at any moment ends it cleanly (exit 0, a line saying
 * what was done) without leaving its private client settings behind; a second reset then completes,
 * and the replay is byte-identical.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("try") // an instance is held by try-with-resources only so that it is always stopped
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ResetIT {

    private static final int PARTITIONS = 3;
    private static final Duration CATCH_UP = Duration.ofMinutes(3);
    private static final String ALLOW = "--allow-truncated-history";
    /** SIGTERM is sent once reset has printed each of these: while checking, after the wipe, inside StreamsResetter. */
    private static final List<String> STOP_AFTER = List.of("reset: checking", "reset: local state",
            "reset: running Kafka's StreamsResetter", "Reset-offsets for input topics");

    @RegisterExtension
    static final SharedCluster KAFKA = new SharedCluster(1);

    @Test
    void shouldRefuseATruncatedInputNamingThePartitionAndProceedOnlyWhenAllowed(@TempDir final Path dir) throws Exception {
        // Given an application that processed its input, stopped, and an input partition whose first records were deleted
        final TestApp app = processedAndStopped(dir, "truncated", 11);
        final TopicPartition truncated = new TopicPartition(app.inputTopic(), 1);
        try (Admin admin = KAFKA.cluster().admin()) {
            admin.deleteRecords(Map.of(truncated, RecordsToDelete.beforeOffset(10))).all().get(30, TimeUnit.SECONDS);
        }
        final Map<TopicPartition, Long> committedBefore = committedOffsets(app);

        // When reset runs
        final AppProcess refused = reset(app, dir, "refused", List.of());

        // Then it refuses with exit 4 and one line naming the partition, its earliest offset and the way out; nothing changed
        assertThat(refused.awaitExit(Duration.ZERO)).as("exit code; output:%n%s", refused.output()).isEqualTo(4);
        final List<String> refusal = lines(refused, "reset refused");
        assertThat(refusal).as("output:%n%s", refused.output()).hasSize(1);
        assertThat(refusal.get(0)).contains(truncated + " (earliest offset 10)").contains(ALLOW)
                .doesNotContain(app.inputTopic() + "-0").doesNotContain(app.inputTopic() + "-2");
        assertThat(committedOffsets(app)).as("offsets after a refusal").isEqualTo(committedBefore);

        // When reset runs with --allow-truncated-history
        final AppProcess allowed = reset(app, dir, "allowed", List.of(ALLOW));

        // Then it proceeds, saying what will differ, and the offsets are at the earliest of each partition
        assertThat(allowed.awaitExit(Duration.ZERO)).as("exit code; output:%n%s", allowed.output()).isZero();
        assertThat(allowed.output()).contains("replaying a truncated history", truncated + " (earliest offset 10)",
                "their states and versions may differ", "INVALID_TRANSITION", "reset done");
        assertThat(committedOffsets(app)).containsEntry(truncated, 10L)
                .containsEntry(new TopicPartition(app.inputTopic(), 0), 0L)
                .containsEntry(new TopicPartition(app.inputTopic(), 2), 0L);
    }

    @Test
    void shouldStopCleanlyOnSigtermLeavingNoSecretFileAndCompleteOnTheNextReset(@TempDir final Path dir) {
        // Given an application that processed its input and was stopped
        final TestApp app = processedAndStopped(dir, "stopped-reset", 12);
        final Map<String, byte[]> before = app.latestStates();
        final Path tmp = directory(dir.resolve("tmp"));

        // When reset is stopped by SIGTERM at different moments
        for (int attempt = 0; attempt < STOP_AFTER.size(); attempt++) {
            final AppProcess reset = AppProcess.start(List.of("-Djava.io.tmpdir=" + tmp), "reset", List.of(),
                    app.settings("a"), dir.resolve("reset-stopped-" + attempt + ".log"));
            reset.awaitOutput(STOP_AFTER.get(attempt), Duration.ofMinutes(1));
            reset.signalTerm();
            final Integer exit = reset.awaitExit(Duration.ofSeconds(60));

            // Then it exits 0 with one line saying what was done (or that it was done), and leaves no file behind
            assertThat(exit).as("exit code after SIGTERM; output:%n%s", reset.output()).isEqualTo(ExitCodes.STOPPED);
            final List<String> endings = Stream.concat(lines(reset, "reset stopped by SIGTERM").stream(),
                    lines(reset, "reset done").stream()).toList();
            assertThat(endings).as("output:%n%s", reset.output()).hasSize(1);
            assertThat(reset.output()).as("nothing from an abandoned StreamsResetter").doesNotContain("ERROR: ");
            assertThat(list(tmp)).as("temporary files after reset attempt %d", attempt).isEmpty();
            System.out.printf("[reset sigterm after '%s'] %s%n", STOP_AFTER.get(attempt), endings.get(0));
        }

        // When reset runs again to the end (watching its temporary directory meanwhile)
        final AppProcess completed = AppProcess.start(List.of("-Djava.io.tmpdir=" + tmp), "reset", List.of(),
                app.settings("a"), dir.resolve("reset-completed.log"));
        final Set<String> permissionsSeen = new java.util.TreeSet<>();
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (completed.isAlive() && System.nanoTime() < deadline) {
            permissionsSeen.addAll(permissions(tmp));
            KafkaCluster.sleep(5);
        }

        // Then it completes, its settings file was owner-only in an owner-only directory, and nothing is left
        assertThat(completed.awaitExit(Duration.ofSeconds(30))).as("output:%n%s", completed.output()).isZero();
        assertThat(completed.output()).contains("reset done");
        assertThat(permissionsSeen).as("permissions of what reset wrote in java.io.tmpdir")
                .isSubsetOf("dir rwx------", "file rw-------").contains("dir rwx------");
        assertThat(list(tmp)).isEmpty();

        // And the replay republishes byte-identical latest states
        try (AppProcess replay = app.start("a")) {
            app.waitUntilCaughtUp(CATCH_UP);
            app.assertLatestStatesEqual(before);
        }
    }

    /** An application that processed a workload to the end and was stopped with SIGTERM. */
    private TestApp processedAndStopped(final Path dir, final String name, final long seed) {
        final TestApp app = new TestApp(KAFKA.cluster(), dir, name, PARTITIONS);
        try (AppProcess instance = app.start("a");
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            TopicRecords.produceSynchronously(producer, Workload.records(app.inputTopic(), seed, 3_000, 100));
            app.waitUntilCaughtUp(CATCH_UP);
            assertThat(instance.terminate(Duration.ofSeconds(60))).isZero();
        }
        return app;
    }

    private static AppProcess reset(final TestApp app, final Path dir, final String name, final List<String> arguments) {
        final AppProcess reset = AppProcess.start(List.of(), "reset", arguments, app.settings("a"),
                dir.resolve("reset-" + name + ".log"));
        if (reset.awaitExit(Duration.ofMinutes(2)) == null) {
            reset.kill();
            throw new AssertionError("reset did not finish within 2 minutes:\n" + reset.output());
        }
        return reset;
    }

    private Map<TopicPartition, Long> committedOffsets(final TestApp app) throws Exception {
        try (Admin admin = KAFKA.cluster().admin()) {
            final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app.applicationId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            final Map<TopicPartition, Long> offsets = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (partition.topic().equals(app.inputTopic())) {
                    offsets.put(partition, offset.offset());
                }
            });
            return offsets;
        }
    }

    private static List<String> lines(final AppProcess process, final String text) {
        return process.output().lines().filter(line -> line.contains(text)).toList();
    }

    private static Path directory(final Path path) {
        try {
            return Files.createDirectories(path);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(final Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "dir rwx------" / "file rw-------" for everything under {@code dir} (what vanishes meanwhile is skipped). */
    private static Set<String> permissions(final Path dir) {
        final Set<String> seen = new java.util.TreeSet<>();
        try (Stream<Path> entries = Files.walk(dir)) {
            entries.filter(path -> !path.equals(dir)).forEach(path -> {
                try {
                    seen.add((Files.isDirectory(path) ? "dir " : "file ")
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
                } catch (final IOException gone) {
                    // deleted between listing and reading
                }
            });
        } catch (final IOException | UncheckedIOException gone) {
            // a directory deleted while walked
        }
        return seen;
    }
}
