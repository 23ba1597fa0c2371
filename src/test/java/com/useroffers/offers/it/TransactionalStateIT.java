package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.SharedCluster;
import com.useroffers.offers.kafka.TestApp;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.kafka.Workload;
import com.useroffers.offers.processor.OfferEventProcessorSupplier;
import com.useroffers.offers.reference.ExactlyOnceVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactional state stores (KIP-892, on by default under exactly-once) through a {@code kill -9}: the
 * restarted instance keeps its local stores and restores only what it had not committed, for the state
 * store and the dedup window store alike, where without them Kafka Streams wipes both and restores them
 * whole. The restore counts are read from the instance's restore listener (its "Restored N records" log
 * lines). A SIGTERM right after a kill and restart ends the instance with exit 0, and exactly-once holds
 * throughout.
 */
@SuppressWarnings("try") // an instance is held by try-with-resources only so that it is always stopped
class TransactionalStateIT {

    @RegisterExtension
    static final SharedCluster KAFKA = new SharedCluster(1);

    private static final int PARTITIONS = 2;
    private static final Duration CATCH_UP = Duration.ofMinutes(3);
    private static final List<String> STORES =
            List.of(OfferEventProcessorSupplier.STATE_STORE, OfferEventProcessorSupplier.DEDUP_STORE);
    private static final Pattern RESTORED = Pattern.compile("Restored (\\d+) records of (\\S+) from ");
    /**
     * The smallest RocksDB budget, so that memtables of under 0.5 MiB flush several times during the workload:
     * what a crash loses of a transactional store, and what is then restored, is what its memtables held.
     */
    private static final Map<String, String> SMALL_MEMTABLES = Map.of("offers.rocksdb.memory", "16MiB");

    /** Records restored per store after the crash, and the records the store's changelog held. */
    private record Restart(Map<String, Long> restored, Map<String, Long> changelog, AppProcess instance) {
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldRestoreOnlyTheUncommittedTailOfEachStoreAfterAKillAndStopCleanlyOnSigtermRightAfterOne(@TempDir final Path dir) {
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "txn-stores", PARTITIONS);
        final Restart restart = crashAndRestart(app, SMALL_MEMTABLES);
        try (AppProcess second = restart.instance()) {
            // Then each store restored only a part of its changelog: what the crashed run had committed but not yet
            // flushed from its memtables (Kafka Streams writes RocksDB without a write-ahead log)
            STORES.forEach(store -> assertThat(restart.restored().getOrDefault(store, 0L))
                    .as("records of %s restored after the kill, of %d in its changelog; output:%n%s",
                            store, restart.changelog().get(store), second.output())
                    .isLessThanOrEqualTo(restart.changelog().get(store) / 2));
            assertThat(second.output()).doesNotContain("is currently closed");
            second.kill();
        }
        // And when a SIGTERM reaches an instance right after a kill -9 and restart, it exits 0
        try (AppProcess third = app.start("a", SMALL_MEMTABLES)) {
            KafkaCluster.sleep(1500);
            final int exit = third.terminate(Duration.ofMinutes(1));
            assertThat(exit).as("exit of a SIGTERM right after a restart; output:%n%s", third.output()).isZero();
        }
        try (AppProcess fourth = app.start("a", SMALL_MEMTABLES)) {
            app.waitUntilCaughtUp(CATCH_UP);
        }
        verifyExactlyOnce(app, "transactional stores, kill -9 twice, SIGTERM");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldWipeAndRestoreEveryStoreWholeAfterAKillWhenTransactionalStoresAreOff(@TempDir final Path dir) {
        // The contrast: Kafka Streams' behaviour without KIP-892, and the application's before 1.1.0
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "plain-stores", PARTITIONS);
        final Restart restart = crashAndRestart(app, with(SMALL_MEMTABLES, "enable.transactional.statestores", "false"));
        try (AppProcess second = restart.instance()) {
            STORES.forEach(store -> assertThat(restart.restored().getOrDefault(store, 0L))
                    .as("records of %s restored after the kill, of %d in its changelog", store, restart.changelog().get(store))
                    .isGreaterThanOrEqualTo(restart.changelog().get(store) * 8 / 10));
        }
        verifyExactlyOnce(app, "plain stores, kill -9");
    }

    /**
     * One instance processes most of a workload and commits it, and is killed while it processes the rest;
     * its replacement, on the same state directory, catches up. Returns the replacement, still running, with
     * what it restored.
     */
    private static Restart crashAndRestart(final TestApp app, final Map<String, String> overrides) {
        final List<List<ProducerRecord<byte[], byte[]>>> slices =
                Workload.slices(Workload.records(app.inputTopic(), 11, 24_000, 400), 4);
        final long before;
        try (KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster());
             AppProcess first = app.start("a", overrides)) {
            for (int i = 0; i < 3; i++) {
                TopicRecords.produceSynchronously(producer, slices.get(i));
            }
            app.waitUntilCaughtUp(CATCH_UP);
            TopicRecords.produceSynchronously(producer, slices.get(3));
            KafkaCluster.sleep(400);
            first.kill();
            before = first.output().length();
        }
        final Map<String, Long> changelog = changelogRecords(app);
        final AppProcess second = app.start("a", overrides);
        app.waitUntilCaughtUp(CATCH_UP);
        second.awaitOutput("Kafka Streams is RUNNING", Duration.ofMinutes(1));
        final Map<String, Long> restored = restored(second.output().substring((int) before));
        System.out.printf("[%s] restored after kill -9: %s, changelog end offsets %s%n", app.applicationId(), restored, changelog);
        return new Restart(restored, changelog, second);
    }

    private static Map<String, String> with(final Map<String, String> settings, final String key, final String value) {
        final Map<String, String> more = new TreeMap<>(settings);
        more.put(key, value);
        return more;
    }

    /** The sum of each store's restore counts in {@code output}. */
    private static Map<String, Long> restored(final String output) {
        final Map<String, Long> restored = new TreeMap<>();
        final Matcher matcher = RESTORED.matcher(output);
        while (matcher.find()) {
            restored.merge(matcher.group(2), Long.parseLong(matcher.group(1)), Long::sum);
        }
        return restored;
    }

    /** The end offsets of each store's changelog, summed over partitions: at least the records it holds. */
    private static Map<String, Long> changelogRecords(final TestApp app) {
        final Map<String, Long> records = new TreeMap<>();
        try (Admin admin = KAFKA.cluster().admin()) {
            for (final String store : STORES) {
                final String changelog = app.applicationId() + "-" + store + "-changelog";
                records.put(store, TopicRecords.endOffsets(admin, changelog).values().stream().mapToLong(Long::longValue).sum());
            }
        } catch (final Exception e) {
            throw new IllegalStateException("cannot read the changelogs' end offsets", e);
        }
        return records;
    }

    private static void verifyExactlyOnce(final TestApp app, final String scenario) {
        final ExactlyOnceVerifier.Summary summary = ExactlyOnceVerifier.verify(
                TopicRecords.readCommitted(KAFKA.cluster(), app.inputTopic()),
                TopicRecords.readCommitted(KAFKA.cluster(), app.stateTopic()),
                TopicRecords.readCommitted(KAFKA.cluster(), app.dlqTopic()));
        System.out.printf("[%s] %s%n", scenario, summary);
    }
}
