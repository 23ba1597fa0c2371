package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.processor.OfferEventProcessorSupplier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** Which of Kafka's metrics the dedup gauge sums, and how it splits active from standby tasks. */
class DedupStoreSizeTest {

    private final Map<MetricName, Metric> metrics = new LinkedHashMap<>();
    private final DedupStoreSize size = new DedupStoreSize(() -> metrics,
            () -> Set.of(thread(Set.of(task(0, 0), task(0, 1)), Set.of(task(0, 2)))));

    @Test
    void shouldSumTheDedupStoreKeyEstimateOfActiveAndStandbyTasksSeparately() {
        // Given
        add("estimate-num-keys", "stream-state-metrics", "0_0", "rocksdb-window-state-id", OfferEventProcessorSupplier.DEDUP_STORE, () -> 10L);
        add("estimate-num-keys", "stream-state-metrics", "0_1", "rocksdb-window-state-id", OfferEventProcessorSupplier.DEDUP_STORE, () -> 5L);
        add("estimate-num-keys", "stream-state-metrics", "0_2", "rocksdb-window-state-id", OfferEventProcessorSupplier.DEDUP_STORE, () -> 7L); // standby

        // Then
        assertThat(size.active()).isEqualTo(15.0);
        assertThat(size.standby()).isEqualTo(7.0);
    }

    @Test
    void shouldIgnoreOtherStoresMetricsAndGroups() {
        // Given
        add("estimate-num-keys", "stream-state-metrics", "0_0", "rocksdb-state-id", OfferEventProcessorSupplier.STATE_STORE, () -> 100L); // the user state store
        add("estimate-num-keys", "stream-state-metrics", "0_0", "rocksdb-window-state-id", "another-store", () -> 100L);
        add("estimate-table-readers-mem", "stream-state-metrics", "0_0", "rocksdb-window-state-id", OfferEventProcessorSupplier.DEDUP_STORE, () -> 100L);
        add("estimate-num-keys", "other-metrics", "0_0", "rocksdb-window-state-id", OfferEventProcessorSupplier.DEDUP_STORE, () -> 100L);
        add("estimate-num-keys", "stream-state-metrics", "0_0", "rocksdb-window-state-id", OfferEventProcessorSupplier.DEDUP_STORE, () -> 3L);

        // Then
        assertThat(size.active()).isEqualTo(3.0);
        assertThat(size.standby()).isZero();
    }

    @Test
    void shouldCountAStoreWhoseGaugeThrowsAsEmpty() {
        // Given: a store closed by a rebalance while being read
        add("estimate-num-keys", "stream-state-metrics", "0_0", "rocksdb-window-state-id", OfferEventProcessorSupplier.DEDUP_STORE, () -> {
            throw new IllegalStateException("store is closed");
        });
        add("estimate-num-keys", "stream-state-metrics", "0_1", "rocksdb-window-state-id", OfferEventProcessorSupplier.DEDUP_STORE, () -> 4L);

        // Then
        assertThat(size.active()).isEqualTo(4.0);
    }

    @Test
    void shouldBeZeroBeforeAnyTaskIsAssigned() {
        assertThat(size.active()).isZero();
        assertThat(size.standby()).isZero();
    }

    private void add(final String name, final String group, final String taskId, final String storeTag, final String store,
                     final Supplier<Object> value) {
        final Map<String, String> tags = new LinkedHashMap<>();
        tags.put("thread-id", "app-StreamThread-1");
        tags.put("task-id", taskId);
        tags.put(storeTag, store);
        final MetricName metricName = new MetricName(name, group, "", tags);
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value.get();
            }
        });
    }

    private static TaskMetadata task(final int subtopology, final int partition) {
        final TaskId id = new TaskId(subtopology, partition);
        return new TaskMetadata() {
            @Override
            public TaskId taskId() {
                return id;
            }

            @Override
            public Set<TopicPartition> topicPartitions() {
                return Set.of();
            }

            @Override
            public Map<TopicPartition, Long> committedOffsets() {
                return Map.of();
            }

            @Override
            public Map<TopicPartition, Long> endOffsets() {
                return Map.of();
            }

            @Override
            public Optional<Long> timeCurrentIdlingStarted() {
                return Optional.empty();
            }
        };
    }

    private static ThreadMetadata thread(final Set<TaskMetadata> active, final Set<TaskMetadata> standby) {
        return new ThreadMetadata() {
            @Override
            public String threadState() {
                return "RUNNING";
            }

            @Override
            public String threadName() {
                return "app-StreamThread-1";
            }

            @Override
            public Set<TaskMetadata> activeTasks() {
                return active;
            }

            @Override
            public Set<TaskMetadata> standbyTasks() {
                return standby;
            }

            @Override
            public String consumerClientId() {
                return "consumer";
            }

            @Override
            public String restoreConsumerClientId() {
                return "restore-consumer";
            }

            @Override
            public Set<String> producerClientIds() {
                return Set.of();
            }

            @Override
            public String adminClientId() {
                return "admin";
            }
        };
    }
}
