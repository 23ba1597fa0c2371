package com.useroffers.offers.processor;

import com.useroffers.offers.model.DeadLetterReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * The application's own counters, registered as Kafka Streams custom sensors (per thread and task),
 * so that they appear in {@code KafkaStreams#metrics()} beside Kafka's own and reach Prometheus through
 * the same Micrometer binder. Group {@value #GROUP}; tags {@code thread-id}, {@code task-id} and, for
 * dead letters, {@code reason}:
 * <ul>
 *   <li>{@code events-applied-total}: events applied to a user's state (one state record each);</li>
 *   <li>{@code duplicates-dropped-total}: exact duplicates dropped without output;</li>
 *   <li>{@code dead-letters-total}: records sent to the dead-letter topic, by reason;</li>
 *   <li>{@code redrives-reevaluated-total}: redriven records (header {@code offers.redrive.of}) evaluated
 *       against the user's state, that is neither dropped as duplicates nor refused before: the sum of</li>
 *   <li>{@code redrives-applied-total}: redriven records applied, and</li>
 *   <li>{@code redrives-rejected-total}: redriven records dead-lettered again as {@code INVALID_TRANSITION}
 *       or {@code STATE_LIMIT} (they also count in {@code dead-letters-total}).</li>
 * </ul>
 * Counts are of processing attempts: a transaction that aborts and is retried counts its records again.
 */
public final class OffersMetrics {

    public static final String GROUP = "user-offers-metrics";
    public static final String EVENTS_APPLIED = "events-applied-total";
    public static final String DUPLICATES_DROPPED = "duplicates-dropped-total";
    public static final String DEAD_LETTERS = "dead-letters-total";
    public static final String REDRIVES_REEVALUATED = "redrives-reevaluated-total";
    public static final String REDRIVES_APPLIED = "redrives-applied-total";
    public static final String REDRIVES_REJECTED = "redrives-rejected-total";

    private final StreamsMetrics metrics;
    private final String threadId;
    private final String taskId;
    private final List<Sensor> sensors = new ArrayList<>();

    public OffersMetrics(final ProcessingContext context) {
        this.metrics = context.metrics();
        this.threadId = Thread.currentThread().getName();
        this.taskId = context.taskId().toString();
    }

    public Sensor counter(final String name, final String description) {
        return counter(name, description, Map.of());
    }

    public Map<DeadLetterReason, Sensor> deadLetterCounters() {
        final Map<DeadLetterReason, Sensor> counters = new EnumMap<>(DeadLetterReason.class);
        for (final DeadLetterReason reason : DeadLetterReason.values()) {
            counters.put(reason, counter(DEAD_LETTERS, "Records sent to the dead-letter topic, by reason",
                    Map.of("reason", reason.name())));
        }
        return counters;
    }

    private Sensor counter(final String name, final String description, final Map<String, String> extraTags) {
        final Map<String, String> tags = new java.util.LinkedHashMap<>();
        tags.put("thread-id", threadId);
        tags.put("task-id", taskId);
        tags.putAll(extraTags);
        final String sensorName = "user-offers." + threadId + "." + taskId + "." + name + extraTags.values();
        final Sensor sensor = metrics.addSensor(sensorName, Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(name, GROUP, description, tags), new CumulativeCount());
        sensors.add(sensor);
        return sensor;
    }

    /** Removes this task's sensors (a task that moves to another instance must not leave stale counters). */
    public void close() {
        sensors.forEach(metrics::removeSensor);
        sensors.clear();
    }
}
