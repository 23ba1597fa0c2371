package com.useroffers.offers.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The benchmark's command line: every option documented with its default, mistakes refused in one line. */
class BenchOptionsTest {

    @Test
    void shouldPrintEveryOptionWithItsDefault() {
        // When
        final String help = BenchOptions.help();

        // Then
        assertThat(help).contains("--events N", "(default: 1000000)", "--runs R", "(default: 3)",
                "--only PARTS", "latency-curve", "--brokers N", "--json FILE", "--charts DIR", "(default: docs/bench)",
                "--commit-intervals MS,MS", "(default: 20,50,100,200)", "--curve-loads F,F", "(default: 0.1,0.25,0.5,0.8)",
                "--curve-seconds S", "--curve-warmup S", "--max-rate R", "--latency-seconds S", "--latency-warmup S",
                "--query-seconds S", "--scale-events N", "--preloads N,N", "(default: 10000,1000000)", "--recovery-ids N",
                "--kills K", "--recovery-instances N,N", "--ingest-events N", "--set KEY=VALUE", "--variant NAME:K=V,K=V",
                "--classes-before DIR", "--jfr", "--work DIR", "(default: target/bench)", "--help", "--hot FILE");
    }

    @Test
    void shouldAskForHelpWithEitherSpelling() {
        assertThat(BenchOptions.parse(new String[] {"--help"}).help).isTrue();
        assertThat(BenchOptions.parse(new String[] {"-h"}).help).isTrue();
        assertThat(BenchOptions.parse(new String[] {}).help).isFalse();
    }

    @Test
    void shouldReadTheToolingOptions() {
        // When
        final BenchOptions o = BenchOptions.parse(new String[] {"--events", "20000", "--only", "raw,eos,latency-curve",
                "--json", "/tmp/x.json", "--charts", "none", "--commit-intervals", "50,100", "--curve-loads", "0.25,0.5",
                "--curve-seconds", "5", "--curve-warmup", "3", "--brokers", "3", "--variant", "big:a=1,b=2", "--set", "c=3"});

        // Then
        assertThat(o.events).isEqualTo(20_000);
        assertThat(o.has("latency-curve")).isTrue();
        assertThat(o.has("alos")).isFalse();
        assertThat(o.json).isEqualTo("/tmp/x.json");
        assertThat(o.charts).isEqualTo("none");
        assertThat(o.commitIntervals).containsExactly(50, 100);
        assertThat(o.curveLoads).containsExactly(0.25, 0.5);
        assertThat(o.curveSeconds).isEqualTo(5);
        assertThat(o.curveWarmUp).isEqualTo(3);
        assertThat(o.brokers).isEqualTo(3);
        assertThat(o.replication()).isEqualTo(3);
        assertThat(o.variants).containsEntry("big", java.util.List.of("a=1", "b=2"));
        assertThat(o.appSettings).containsExactly("c=3");
    }

    @Test
    void shouldRefuseAnUnknownOptionInOneLineNamingHelp() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--events", "10", "--bogus"}))
                .isInstanceOf(BenchOptions.UsageException.class)
                .hasMessage("bench: unknown option --bogus (see ./bench.sh --help)");
    }

    @Test
    void shouldRefuseAMissingOrBadValue() {
        // missing value
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--runs"}))
                .hasMessage("bench: option --runs needs a value R (see ./bench.sh --help)");
        // not a number
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--runs", "three"}))
                .hasMessage("bench: option --runs: not a valid R: three (see ./bench.sh --help)");
        // neither one broker nor the production shape
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--brokers", "2"}))
                .hasMessage("bench: option --brokers: 1 or 3, not 2 (see ./bench.sh --help)");
        // a variant without a name
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--variant", "a=1"}))
                .hasMessage("bench: option --variant: NAME:KEY=VALUE,..., not a=1 (see ./bench.sh --help)");
    }
}
