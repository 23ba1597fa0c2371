package com.useroffers.offers.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local state of an instance that did not stop cleanly, under exactly-once: deleted before Kafka
 * Streams opens it, so that every task restores from its changelog.
 *
 * <p>Why: under exactly_once_v2 Kafka Streams 4.3.1 already discards such state (a store not closed
 * cleanly may hold writes of an aborted transaction), but it finds out store by store while opening them,
 * and for a window store's segments that path has a bug (KAFKA-20808, fixed in Kafka 4.4.0): a segment
 * that failed to open stays registered, and the next access kills the stream thread with "Store
 * offers-dedup-store.&lt;segment&gt; is currently closed". Measured here with two instances and standbys:
 * the instance restarted after a {@code kill -9} went to ERROR. Deleting the task directories first
 * gives Kafka Streams empty stores, which it restores without that path (and without opening every
 * store twice and an extra rebalance, which also shortens recovery).
 *
 * <p>How a clean stop is known: {@link #recordCleanStop} writes a marker after a clean close;
 * {@link #wipeIfUncleanlyStopped} removes it at start. No marker and task directories present: the last
 * run crashed, was killed, or its close timed out. Only task directories are deleted: the process id file
 * stays, so the restarted instance keeps its transactional ids and fences its dead predecessor's open
 * transaction at once. Under at-least-once nothing is deleted (Kafka Streams keeps such state there).
 */
public final class UncleanStopState {

    private static final Logger LOG = LoggerFactory.getLogger(UncleanStopState.class);
    /** In the application's state directory, beside Kafka Streams' own files. */
    static final String CLEAN_STOP_MARKER = "user-offers-clean-stop";
    /** Kafka Streams' lock of the application's state directory (StateDirectory's LOCK_FILE_NAME). */
    private static final String LOCK_FILE = ".lock";

    private UncleanStopState() {
    }

    /**
     * Before Kafka Streams is created: under exactly-once, deletes the task directories left by a run
     * that did not stop cleanly, and forgets the last clean stop (this run has not stopped yet).
     *
     * @return the number of task directories deleted
     */
    public static int wipeIfUncleanlyStopped(final Properties streamsProps) {
        final Path appDir = applicationStateDir(streamsProps);
        if (!Files.isDirectory(appDir)) {
            return 0;
        }
        final boolean cleanlyStopped = Files.exists(appDir.resolve(CLEAN_STOP_MARKER));
        try (FileChannel channel = FileChannel.open(appDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(channel)) {
            if (lock == null) {
                // Another process uses this state directory: Kafka Streams will refuse to start, and says why.
                return 0;
            }
            Files.deleteIfExists(appDir.resolve(CLEAN_STOP_MARKER));
            if (cleanlyStopped || !exactlyOnce(streamsProps)) {
                return 0;
            }
            final List<Path> taskDirs = taskDirectories(appDir);
            for (final Path taskDir : taskDirs) {
                Utils.delete(taskDir.toFile());
            }
            if (!taskDirs.isEmpty()) {
                LOG.warn("The last run on {} did not stop cleanly: deleted the local state of {} task(s), which Kafka Streams"
                        + " restores from the changelogs (under exactly-once such state is never reused)", appDir, taskDirs.size());
            }
            return taskDirs.size();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot check the local state in " + appDir + ": " + e.getMessage(), e);
        }
    }

    /** After Kafka Streams closed cleanly: its local state may be reused by the next start. */
    public static void recordCleanStop(final Properties streamsProps) {
        final Path appDir = applicationStateDir(streamsProps);
        try {
            if (Files.isDirectory(appDir)) {
                Files.writeString(appDir.resolve(CLEAN_STOP_MARKER), "");
            }
        } catch (final IOException e) {
            // The next start then restores from the changelogs: slower, never wrong.
            LOG.warn("Could not record the clean stop in {}: {}", appDir, e.getMessage());
        }
    }

    /** {@code <state.dir>/<application.id>}, as Kafka Streams resolves it. */
    static Path applicationStateDir(final Properties streamsProps) {
        return Path.of(setting(streamsProps, StreamsConfig.STATE_DIR_CONFIG), setting(streamsProps, StreamsConfig.APPLICATION_ID_CONFIG));
    }

    private static boolean exactlyOnce(final Properties streamsProps) {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(setting(streamsProps, StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    private static String setting(final Properties streamsProps, final String key) {
        final Object value = streamsProps.getOrDefault(key, StreamsConfig.configDef().defaultValues().get(key));
        return String.valueOf(value);
    }

    /** Directories named like a task ({@code 0_3}); never the process id file or the lock. */
    private static List<Path> taskDirectories(final Path appDir) throws IOException {
        try (Stream<Path> entries = Files.list(appDir)) {
            return entries.filter(Files::isDirectory).filter(dir -> isTaskId(dir.getFileName().toString())).toList();
        }
    }

    private static boolean isTaskId(final String name) {
        try {
            TaskId.parse(name);
            return true;
        } catch (final RuntimeException e) {
            return false;
        }
    }

    private static FileLock tryLock(final FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (final OverlappingFileLockException e) {
            return null;
        }
    }
}
