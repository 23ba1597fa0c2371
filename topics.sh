#!/usr/bin/env bash
# Creates the three topics of user-offers-streams with the contract's settings. Idempotent: a topic
# that exists is left as it is (and reported), so running it twice is safe.
#
# Uses kafka-topics(.sh) from a Kafka distribution when one is on PATH, otherwise Kafka's own
# TopicCommand from the application's fat jar (build it first: mvn -B package -DskipTests).
set -euo pipefail

usage() {
  cat <<'TXT'
Usage: ./topics.sh [options]
  --bootstrap-server HOST:PORT   brokers to talk to                    (default: 127.0.0.1:9092)
  --partitions N                 partitions of user-offers and user-offer-state (default: 6)
  --replication-factor N         replication factor of all three topics (default: 3)
  --min-insync-replicas N        min.insync.replicas of all three topics (default: 2)
  --command-config FILE          client config for a secured cluster (SASL/SSL properties)
  --input-topic NAME             (default: user-offers)
  --state-topic NAME             (default: user-offer-state)
  --dlq-topic NAME               (default: user-offers-dlq)
  --dlq-partitions N             partitions of the dead-letter topic  (default: same as --partitions)
  -h, --help
TXT
}

bootstrap=127.0.0.1:9092
partitions=6
replication=3
min_isr=2
command_config=""
input_topic=user-offers
state_topic=user-offer-state
dlq_topic=user-offers-dlq
dlq_partitions=""

while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap-server) bootstrap="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --replication-factor) replication="$2"; shift 2 ;;
    --min-insync-replicas) min_isr="$2"; shift 2 ;;
    --command-config) command_config="$2"; shift 2 ;;
    --input-topic) input_topic="$2"; shift 2 ;;
    --state-topic) state_topic="$2"; shift 2 ;;
    --dlq-topic) dlq_topic="$2"; shift 2 ;;
    --dlq-partitions) dlq_partitions="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "topics.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
dlq_partitions="${dlq_partitions:-$partitions}"
if [ "$min_isr" -gt "$replication" ]; then
  min_isr="$replication"   # a single-broker dev cluster: min.insync.replicas cannot exceed the replicas
fi

here="$(cd "$(dirname "$0")" && pwd)"
if command -v kafka-topics.sh >/dev/null 2>&1; then
  topics_cmd=(kafka-topics.sh)
elif command -v kafka-topics >/dev/null 2>&1; then
  topics_cmd=(kafka-topics)
elif [ -f "$here/target/user-offers-streams.jar" ]; then
  topics_cmd=(java -cp "$here/target/user-offers-streams.jar" org.apache.kafka.tools.TopicCommand)
else
  echo "topics.sh: no kafka-topics.sh on PATH and no target/user-offers-streams.jar; run: mvn -B package -DskipTests" >&2
  exit 3
fi

common=(--bootstrap-server "$bootstrap")
if [ -n "$command_config" ]; then
  common+=(--command-config "$command_config")
fi

create() {
  local topic="$1" parts="$2"; shift 2
  local existing
  existing="$("${topics_cmd[@]}" "${common[@]}" --list --topic "$topic" 2>/dev/null || true)"
  if printf '%s\n' "$existing" | grep -qx -- "$topic"; then
    echo "exists:  $topic (left unchanged)"
    return 0
  fi
  "${topics_cmd[@]}" "${common[@]}" --create --if-not-exists --topic "$topic" \
    --partitions "$parts" --replication-factor "$replication" \
    --config "min.insync.replicas=$min_isr" "$@" >/dev/null
  echo "created: $topic (partitions=$parts, replication-factor=$replication, min.insync.replicas=$min_isr $*)"
}

# 7 days = 604800000 ms, 30 days = 2592000000 ms
create "$input_topic" "$partitions" --config cleanup.policy=delete --config retention.ms=604800000
create "$state_topic" "$partitions" --config cleanup.policy=compact
create "$dlq_topic" "$dlq_partitions" --config cleanup.policy=delete --config retention.ms=2592000000
