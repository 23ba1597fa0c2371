package com.useroffers.offers.ops;

import com.useroffers.offers.processor.OfferEventProcessorSupplier;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * The approximate number of event ids held in this instance's dedup store, from Kafka's own RocksDB
 * metric: {@code estimate-num-keys} in group {@code stream-state-metrics}, one per task, tagged
 * {@code rocksdb-window-state-id=offers-dedup-store} (a window store's metrics scope is
 * {@code rocksdb-window}; the metric is already the sum over the store's segments). It is a gauge
 * recorded at {@code INFO} level, so the default {@code metrics.recording.level} is enough.
 *
 * <p>Split by the role of the task on this instance, so that a cluster-wide total does not count
 * standby copies: {@code active} for the active tasks, {@code standby} for every other task (standby
 * replicas, and a task in the middle of being handed over).
 *
 * <p>An estimate: RocksDB counts entries not yet compacted away, and Kafka's own bookkeeping in the
 * same database (its {@code offsets} column family, a few entries per store segment), so it runs a
 * little ahead of the number of ids; expired segments are dropped whole, and the count with them.
 *
 * <p>Read directly from {@link KafkaStreams#metrics()} at every scrape rather than through the
 * Micrometer binder: Prometheus needs every series of a name to have the same label keys, and Kafka
 * gives the key-value store's and the window store's {@code estimate-num-keys} different ones
 * ({@code rocksdb-state-id} and {@code rocksdb-window-state-id}), so the binder can export only one
 * of the two.
 */
public final class DedupStoreSize {

    static final String GROUP = "stream-state-metrics";
    static final String NAME = "estimate-num-keys";
    static final String STORE_TAG = "rocksdb-window-state-id";
    static final String TASK_TAG = "task-id";

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final Supplier<Set<ThreadMetadata>> threads;

    public DedupStoreSize(final Supplier<Map<MetricName, ? extends Metric>> metrics,
                          final Supplier<Set<ThreadMetadata>> threads) {
        this.metrics = metrics;
        this.threads = threads;
    }

    public static DedupStoreSize of(final KafkaStreams streams) {
        return new DedupStoreSize(streams::metrics, streams::metadataForLocalThreads);
    }

    /** Ids held by the active tasks of this instance. */
    public double active() {
        return count(true);
    }

    /** Ids held by every other task of this instance (standby replicas). */
    public double standby() {
        return count(false);
    }

    private double count(final boolean active) {
        final Set<String> activeTasks = activeTaskIds();
        double sum = 0;
        for (final Map.Entry<MetricName, ? extends Metric> entry : metrics.get().entrySet()) {
            final MetricName name = entry.getKey();
            if (isDedupStoreKeyEstimate(name)
                    && activeTasks.contains(name.tags().get(TASK_TAG)) == active) {
                sum += valueOf(entry.getValue());
            }
        }
        return sum;
    }

    private static boolean isDedupStoreKeyEstimate(final MetricName name) {
        return NAME.equals(name.name()) && GROUP.equals(name.group())
                && OfferEventProcessorSupplier.DEDUP_STORE.equals(name.tags().get(STORE_TAG));
    }

    private Set<String> activeTaskIds() {
        final Set<String> ids = new HashSet<>();
        for (final ThreadMetadata thread : threads.get()) {
            thread.activeTasks().forEach(task -> ids.add(task.taskId().toString()));
        }
        return ids;
    }

    /** A store closed under our feet (a rebalance) makes its gauge throw: it then holds nothing here. */
    private static double valueOf(final Metric metric) {
        try {
            final Object value = metric.metricValue();
            return value instanceof Number number ? number.doubleValue() : 0;
        } catch (final RuntimeException e) {
            return 0;
        }
    }
}
