package com.useroffers.offers.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window stores' local state of an instance that did not stop cleanly, under exactly-once: deleted
 * before Kafka Streams opens it.
 *
 * <p>Why: under exactly_once_v2 Kafka Streams 4.3.1 discards such state itself (a store not closed
 * cleanly may hold writes of an aborted transaction): it finds out while opening the stores, wipes the
 * task, and, for an active task, triggers a rebalance, so that a warm standby elsewhere takes the task
 * over instead of this instance restoring it from scratch. But for a window store's segments that path
 * has a bug (KAFKA-20808, fixed in Kafka 4.4.0): a segment that failed to open stays registered, and the
 * next access kills the stream thread with "Store offers-dedup-store.&lt;segment&gt; is currently closed".
 * Measured in the recovery benchmark: an instance with standbys restarted after a {@code kill -9} went
 * to ERROR. Deleting the window stores' directories first leaves no segment to fail; the key-value store
 * still tells Kafka Streams that the task's state is dirty, so it wipes the rest and rebalances as it
 * should. (Deleting whole task directories would avoid the bug too, but then Kafka Streams sees clean
 * empty tasks, keeps them on this instance and restores them, while the standbys elsewhere are warm.)
 *
 * <p>How a clean stop is known: {@link #recordCleanStop} writes a marker after a clean close;
 * {@link #wipeIfUncleanlyStopped} removes it at start. No marker: the last run crashed, was killed, or
 * its close timed out. Nothing else is touched: not the process id file (the restarted instance keeps
 * its transactional ids and so fences its dead predecessor's open transaction at once), not the
 * key-value stores. Under at-least-once nothing is deleted (Kafka Streams keeps such state there).
 */
public final class UncleanStopState {

    private static final Logger LOG = LoggerFactory.getLogger(UncleanStopState.class);
    /** In the application's state directory, beside Kafka Streams' own files. */
    static final String CLEAN_STOP_MARKER = "user-offers-clean-stop";
    /** Kafka Streams' lock of the application's state directory (StateDirectory's LOCK_FILE_NAME). */
    private static final String LOCK_FILE = ".lock";
    /** The directory of a task's key-value stores (RocksDbKeyValueBytesStoreSupplier's parent dir). */
    private static final String KEY_VALUE_STORES = "rocksdb";

    private UncleanStopState() {
    }

    /**
     * Before Kafka Streams is created: under exactly-once, deletes the window stores' directories in the
     * task directories left by a run that did not stop cleanly, and forgets the last clean stop (this run
     * has not stopped yet).
     *
     * @return the number of store directories deleted
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
            final List<Path> storeDirs = new ArrayList<>();
            for (final Path taskDir : taskDirectories(appDir)) {
                storeDirs.addAll(windowStoreDirectories(taskDir));
            }
            for (final Path storeDir : storeDirs) {
                Utils.delete(storeDir.toFile());
            }
            if (!storeDirs.isEmpty()) {
                LOG.warn("The last run on {} did not stop cleanly: deleted {} window store director{} (KAFKA-20808);"
                        + " Kafka Streams discards the rest of that state and restores it from the changelogs",
                        appDir, storeDirs.size(), storeDirs.size() == 1 ? "y" : "ies");
            }
            return storeDirs.size();
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

    /**
     * Kafka Streams keeps key-value stores under {@code <task>/rocksdb/<store>} and segmented (window and
     * session) stores under {@code <task>/<store>/<segment>}: every directory of a task but {@code rocksdb}.
     */
    private static List<Path> windowStoreDirectories(final Path taskDir) throws IOException {
        try (Stream<Path> entries = Files.list(taskDir)) {
            return entries.filter(Files::isDirectory).filter(dir -> !dir.getFileName().toString().equals(KEY_VALUE_STORES)).toList();
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
