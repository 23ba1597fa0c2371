package com.useroffers.offers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The charts of a run ({@code --charts}): SVG files under stable names, drawn from the figures alone. */
class BenchChartsTest {

    @Test
    void shouldDrawThroughputCpuAndLatencyCurveAsSvg(@TempDir final Path dir) throws Exception {
        // Given a made-up run with contenders and a latency curve
        final BenchResults figures = SyntheticFigures.run();

        // When
        final java.util.List<Path> written = BenchCharts.write(figures.json(), dir.resolve("charts"));

        // Then
        assertThat(written).containsExactly(dir.resolve("charts/throughput.svg"), dir.resolve("charts/cpu-per-event.svg"),
                dir.resolve("charts/latency-curve.svg"));
        for (final Path chart : written) {
            assertThat(svgRoot(chart)).as(chart.toString()).isEqualTo("svg");
        }
    }

    /** The root element of a well-formed XML file (the charts' text is drawn as paths, so there is no text to look for). */
    private static String svgRoot(final Path file) throws Exception {
        final javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        // No fetching of the SVG DTD while parsing.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement().getTagName();
    }

    @Test
    void shouldDrawNothingForPartsThatWereNotRun(@TempDir final Path dir) throws Exception {
        // Given a run without contenders or curve
        final BenchResults figures = new BenchResults();
        figures.settings().put("events", 1);

        // Then
        assertThat(BenchCharts.write(figures.json(), dir)).isEmpty();
    }
}
