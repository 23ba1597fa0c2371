package com.useroffers.offers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON of a run ({@code --json}): the keys BENCHMARKS.md documents, with figures computed from the drains. */
class BenchResultsTest {

    @Test
    void shouldWriteEveryFigureUnderItsDocumentedKey(@TempDir final Path dir) throws Exception {
        // Given a made-up run
        final BenchResults figures = SyntheticFigures.run();

        // When
        figures.write(dir.resolve("run.json"));
        final JsonNode json = new ObjectMapper().readTree(dir.resolve("run.json").toFile());

        // Then: contenders, medians and ranges of 20,000-event drains of 9, 10 and 11 s
        final JsonNode eos = json.at("/contenders/eos");
        assertThat(eos.at("/events_per_s/median").asDouble()).isEqualTo(2000.0);
        assertThat(eos.at("/events_per_s/min").asDouble()).isCloseTo(1818.18, org.assertj.core.data.Offset.offset(0.01));
        assertThat(eos.at("/events_per_s/max").asDouble()).isCloseTo(2222.22, org.assertj.core.data.Offset.offset(0.01));
        assertThat(eos.at("/cpu_s_per_million").asDouble()).isEqualTo(40.0);
        assertThat(eos.at("/cpu_s_per_million_without_jit").asDouble()).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(eos.at("/peak_rss_mib").asDouble()).isEqualTo(1000.0);
        assertThat(json.path("contenders").fieldNames()).toIterable().containsExactly("raw", "txn", "eos", "alos");
        // ratios
        assertThat(json.at("/ratios/eos_vs_alos").asDouble()).isEqualTo(0.95);
        assertThat(json.at("/ratios/app_vs_raw").asDouble()).isEqualTo(0.2);
        // latency at a rate, and its p99 split into the commit and the wait for it
        assertThat(json.at("/latency/1000/p50_ms").asLong()).isEqualTo(120);
        assertThat(json.at("/latency/1000/p99_ms").asLong()).isEqualTo(260);
        assertThat(json.at("/latency/1000/p999_ms").asLong()).isEqualTo(300);
        assertThat(json.at("/latency/1000/p99_breakdown/commit_ms").asDouble()).isEqualTo(8.0);
        assertThat(json.at("/latency/1000/p99_breakdown/waiting_for_commit_ms").asDouble()).isEqualTo(100.0);
        assertThat(json.at("/latency/1000/p99_breakdown/behind_ms").asDouble()).isEqualTo(152.0);
        // the curve: one series per commit interval, a point per load, and how the breakdown is derived
        assertThat(json.at("/latency_curve/series").fieldNames()).toIterable().containsExactly("50", "100");
        assertThat(json.at("/latency_curve/series/100/1/rate").asInt()).isEqualTo(1000);
        assertThat(json.at("/latency_curve/series/100/1/p99_ms").asLong()).isEqualTo(260);
        assertThat(json.at("/latency_curve/breakdown").asText()).contains("txn-commit-time-ns-total", "commit-total");
        // settings
        assertThat(json.at("/settings/events").asLong()).isEqualTo(20_000);
        assertThat(json.at("/settings/shape").asText()).contains("1 local broker");
    }

    @Test
    void shouldLeaveOutThePartsThatWereNotRun() {
        // Given a run of the throughput part only
        final BenchResults figures = new BenchResults();
        figures.contender("raw", "raw pipe", java.util.List.of(SyntheticFigures.drain(2.0, 0.1, 800)));

        // Then
        assertThat(figures.json().fieldNames()).toIterable().containsExactly("contenders");
    }
}
