package com.useroffers.offers.topology;

import static com.useroffers.offers.fixtures.Events.assigned;
import static com.useroffers.offers.fixtures.Events.redeemed;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.processor.OffersMetrics;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** The application's own counters count exactly what happened to the records, in Kafka Streams' metrics. */
class OffersMetricsTest {

    @Test
    void shouldCountAppliedEventsDuplicatesAndDeadLettersByReason() {
        try (OffersDriver driver = new OffersDriver()) {
            driver.send(assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00Z"));            // applied
            driver.send(assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00Z"));            // duplicate: dropped
            driver.send(redeemed("e-2", "u-1", "A1", "2026-11-20T09:00:00Z"));            // applied
            driver.send(redeemed("e-3", "u-1", "A1", "2026-11-20T10:00:00Z"));            // already redeemed: DLQ
            driver.send("u-1", "not json");                                                // malformed: DLQ
            driver.send("u-2", assigned("e-4", "u-1", "B2", "2026-11-20T08:00:00Z").json()); // key mismatch: DLQ

            final Map<MetricName, ? extends Metric> metrics = driver.driver().metrics();
            assertThat(total(metrics, OffersMetrics.EVENTS_APPLIED, null)).isEqualTo(2);
            assertThat(total(metrics, OffersMetrics.DUPLICATES_DROPPED, null)).isEqualTo(1);
            assertThat(total(metrics, OffersMetrics.DEAD_LETTERS, "INVALID_TRANSITION")).isEqualTo(1);
            assertThat(total(metrics, OffersMetrics.DEAD_LETTERS, "MALFORMED")).isEqualTo(1);
            assertThat(total(metrics, OffersMetrics.DEAD_LETTERS, "KEY_MISMATCH")).isEqualTo(1);
            assertThat(total(metrics, OffersMetrics.DEAD_LETTERS, "INVALID")).isZero();
        }
    }

    /** The sum over tasks and threads of a counter of ours (with the given reason, when given). */
    private static double total(final Map<MetricName, ? extends Metric> metrics, final String name, final String reason) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals(OffersMetrics.GROUP) && e.getKey().name().equals(name))
                .filter(e -> reason == null || reason.equals(e.getKey().tags().get("reason")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }
}
