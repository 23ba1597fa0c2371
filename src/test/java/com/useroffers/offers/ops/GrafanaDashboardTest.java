package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.useroffers.offers.processor.OffersMetrics;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboard is valid and queries the metrics under the names they are exported as. (That Kafka's
 * metrics really exist under those names is checked against a running client in {@code OpsServerIT}.)
 */
class GrafanaDashboardTest {

    private final GrafanaDashboard dashboard = GrafanaDashboard.load();

    @Test
    void shouldChartTheApplicationCountersUnderTheNamesMicrometerGivesThem() {
        // Micrometer's Kafka binder: "kafka." + group without "-metrics" + "." + name, then Prometheus' naming
        assertThat(dashboard.metricNames()).contains(
                prometheusName(OffersMetrics.EVENTS_APPLIED),
                prometheusName(OffersMetrics.DUPLICATES_DROPPED),
                prometheusName(OffersMetrics.DEAD_LETTERS),
                "user_offers_dedup_ids",
                "user_offers_streams_state");
        assertThat(dashboard.expressions()).anySatisfy(expression ->
                assertThat(expression).contains("sum by (reason) (rate(" + prometheusName(OffersMetrics.DEAD_LETTERS)));
    }

    @Test
    void shouldChartKafkaStreamsKeyMetrics() {
        assertThat(dashboard.metricNames()).contains(
                "kafka_stream_thread_process_rate",
                "kafka_stream_thread_commit_latency_avg",
                "kafka_consumer_fetch_manager_records_lag_max",
                "kafka_stream_task_restore_remaining_records_total",
                "kafka_stream_state_updater_restore_records_rate");
    }

    @Test
    void shouldGiveEveryPanelAUniqueIdAndEveryQueryTheDashboardsDatasourceAndFilters() {
        final List<JsonNode> panels = dashboard.panels();
        final Set<Integer> ids = new HashSet<>();
        for (final JsonNode panel : panels) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", panel.path("title")).isTrue();
            assertThat(panel.path("title").asText()).isNotBlank();
            panel.path("targets").forEach(target -> {
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                final String expr = target.path("expr").asText();
                if (expr.contains(GrafanaDashboard.INGEST_PREFIX)) {
                    // the ingest service is its own application, with its own instances
                    assertThat(expr).as(panel.path("title").asText())
                            .contains("application=\"user-offers-ingest\"", "instance=~\"$ingest_instance\"");
                } else {
                    assertThat(expr).as(panel.path("title").asText())
                            .contains("application=\"$application\"", "instance=~\"$instance\"");
                }
            });
        }
        assertThat(dashboard.expressions()).hasSizeGreaterThan(10);
    }

    @Test
    void shouldLayOutPanelsWithoutOverlap() {
        final List<JsonNode> panels = dashboard.panels();
        for (int i = 0; i < panels.size(); i++) {
            for (int j = i + 1; j < panels.size(); j++) {
                assertThat(overlap(panels.get(i).path("gridPos"), panels.get(j).path("gridPos")))
                        .as("%s and %s", panels.get(i).path("title"), panels.get(j).path("title")).isFalse();
            }
        }
    }

    static String prometheusName(final String kafkaMetricName) {
        return ("kafka_" + OffersMetrics.GROUP.replace("-metrics", "") + "_" + kafkaMetricName).replace('-', '_');
    }

    private static boolean overlap(final JsonNode a, final JsonNode b) {
        final int ax = a.path("x").asInt();
        final int ay = a.path("y").asInt();
        final int bx = b.path("x").asInt();
        final int by = b.path("y").asInt();
        return ax < bx + b.path("w").asInt() && bx < ax + a.path("w").asInt()
                && ay < by + b.path("h").asInt() && by < ay + a.path("h").asInt();
    }
}
