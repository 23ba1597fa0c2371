#!/usr/bin/env bash
# Side-by-side benchmark on a local real broker (see BENCHMARKS.md). Builds if needed, then runs
# com.useroffers.offers.bench.OffersBench from the test classpath. Options are OffersBench's, e.g.
#   ./bench.sh                                  # 1,000,000 events, 3 runs each, latency, scaling
#   ./bench.sh --events 200000 --runs 3         # a quicker run
#   ./bench.sh --only eos --runs 1 --jfr        # one profiled EOS drain
#   ./bench.sh --hot target/bench/eos.jfr       # hot methods of a JFR recording
#   ./bench.sh --help                           # every option with its default
#   ./bench.sh --parts [JMH args]               # JMH: the CPU of each part of one event (bench/parts)
#   ./bench.sh --redraw FILE [DIR]              # the charts again from a run's --json FILE (default DIR docs/bench)
set -euo pipefail
cd "$(dirname "$0")"

if [ "${1:-}" = "--hot" ]; then
  [ $# -ge 2 ] || { echo "bench: option --hot needs a value FILE (see ./bench.sh --help)" >&2; exit 2; }
  # Top frames and top application/Kafka frames of the CPU samples.
  jfr print --events jdk.ExecutionSample "$2" > "$2.samples.txt"
  echo "== top-of-stack methods (share of $(grep -c 'jdk.ExecutionSample' "$2.samples.txt") samples)"
  awk '/stackTrace = \[/{getline; sub(/^[ \t]+/, ""); sub(/ +line:.*/, ""); print}' "$2.samples.txt" \
    | sort | uniq -c | sort -rn | head -${3:-30}
  exit 0
fi

if [ "${1:-}" = "--within" ]; then
  # Inclusive shares of the stream thread: of its CPU samples, the share whose stack holds each
  # METHOD (a substring of a frame, e.g. StateJson.write), so a part counts with all it calls.
  [ $# -ge 3 ] || { echo "bench: option --within needs FILE METHOD [METHOD ...] (see ./bench.sh --help)" >&2; exit 2; }
  file=$2; shift 2
  jfr print --events jdk.ExecutionSample --stack-depth 96 "$file" | awk -v methods="$*" '
    BEGIN { n = split(methods, m, " ") }
    function done() { if (stream) { total++; for (i = 1; i <= n; i++) if (index(stack, m[i])) hits[i]++ } stack = ""; stream = 0 }
    /jdk.ExecutionSample/ { done(); next }
    /sampledThread = .*StreamThread/ { stream = 1 }
    { stack = stack $0 }
    END { done(); printf "%d stream-thread samples\n", total
          for (i = 1; i <= n; i++) printf "%5.1f%%  %s\n", total ? 100 * hits[i] / total : 0, m[i] }'
  exit 0
fi

if [ ! -f target/test-classes/com/useroffers/offers/bench/OffersBench.class ] || [ ! -f target/test-classpath.txt ] \
   || [ -n "$(find src config -newer target/test-classes/com/useroffers/offers/bench/OffersBench.class -type f | head -1)" ]; then
  echo "== building (mvn -q -B package -DskipTests)"
  mvn -q -B package -DskipTests
fi
if [ "${1:-}" = "--redraw" ]; then
  # The charts again from a saved run's JSON (--json FILE), without measuring: --redraw FILE [DIR].
  shift
  exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    com.useroffers.offers.bench.BenchCharts "$@"
fi
if [ "${1:-}" = "--parts" ]; then
  # JMH microbenchmarks of one event's parts (bench/parts, the only JMH benchmarks here); the rest are
  # JMH's own arguments, e.g. a class name to run one group, -f/-wi/-i for forks and iterations.
  shift
  exec java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    -Dlogback.configurationFile=src/test/resources/logback-test.xml \
    org.openjdk.jmh.Main "$@"
fi
exec java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  -Dlogback.configurationFile=src/test/resources/logback-test.xml \
  com.useroffers.offers.bench.OffersBench "$@"
