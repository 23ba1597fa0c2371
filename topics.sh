#!/usr/bin/env bash
# Creates the three topics of user-offers-streams with the contract's settings (docs/CONTRACT.md,
# section 1) and, for a topic that already exists, reports every setting that differs from them
# instead of passing silently; with --apply it also changes those that can change in place without
# losing records. Run ./topics.sh --help for the options and exit codes.
#
# Kafka tools: kafka-topics(.sh), kafka-configs(.sh) and kafka-get-offsets(.sh) from a Kafka
# distribution when they are on PATH, otherwise Kafka's own TopicCommand and GetOffsetShell from the
# application's fat jar (mvn -B package -DskipTests). The jar has no tool that alters topic
# settings, so --apply needs kafka-configs(.sh) on PATH. Every tool call starts a JVM (about 2 s):
# one describe call covers the three topics.
set -euo pipefail

usage() {
  cat <<'TXT'
Usage: ./topics.sh [options]

Creates the topics of user-offers-streams with the contract's settings. For a topic that already
exists, compares its partition count, replication factor and settings with them and prints one line
per difference ("TOPIC: SETTING is FOUND, the contract needs NEEDED"); --apply also changes those
that are safe to change in place.

  --bootstrap-server HOST:PORT   brokers to talk to                    (default: 127.0.0.1:9092)
  --command-config FILE          client config for a secured cluster (SASL/SSL properties)
  --partitions N                 partitions of the input and the state topic     (default: 6)
  --replication-factor N         replication factor of all three topics          (default: 3)
  --min-insync-replicas N        min.insync.replicas of all three topics         (default: 2,
                                 at most the replication factor)
  --input-max-message-bytes N    max.message.bytes of the input (default: 1048576); the
                                 dead-letter topic gets N + 65536
  --input-topic NAME             (default: user-offers)
  --state-topic NAME             (default: user-offer-state)
  --dlq-topic NAME               (default: user-offers-dlq)
  --dlq-partitions N             partitions of the dead-letter topic (default: as --partitions;
                                 an existing one's count is checked only when this is given)
  --apply                        change what differs where that is safe (needs kafka-configs.sh
                                 on PATH: the application's jar has no tool that alters settings)
  -h, --help

Settings (besides partitions, replication factor and min.insync.replicas):
  input        cleanup.policy=delete, retention.ms=-1, message.timestamp.after.max.ms=3600000,
               max.message.bytes=1048576
  state        cleanup.policy=compact
  dead letters cleanup.policy=delete, retention.ms=2592000000 (30 days),
               max.message.bytes at least the input's + 65536 (created with exactly that)
A setting that an existing topic does not override is taken at its Kafka 4 default
(cleanup.policy=delete, retention.ms=604800000, max.message.bytes=1048588,
message.timestamp.after.max.ms=3600000, min.insync.replicas=1).

--apply changes in place: message.timestamp.after.max.ms, max.message.bytes; retention.ms when
that keeps records longer (a shorter one would delete records at once); min.insync.replicas up to
the topic's replication factor; cleanup.policy only on an empty topic (on one with records it would
change which of them are kept). It never changes the partition count (Kafka cannot remove
partitions, and adding some moves users to other partitions, breaking their order and state) nor
the replication factor (kafka-reassign-partitions.sh does that): for each, it says what to do.

Exit status:
  0  every topic exists with these settings (created, found so, or changed by --apply)
  1  a Kafka tool failed (its message follows "topics.sh:")
  2  usage: an unknown option or a bad value; no Kafka tool found (build the jar:
     mvn -B package -DskipTests); --apply without kafka-configs.sh on PATH
  5  no broker answered
  6  Kafka refused the credentials
  7  not authorized: an ACL is missing
  9  a topic's settings differ from these (each difference is printed; after --apply, those left)
TXT
}

die() {   # die CODE MESSAGE: the one line that ends every failure
  echo "topics.sh: $2" >&2
  exit "$1"
}

bootstrap=127.0.0.1:9092
command_config=""
partitions=6
replication=3
min_isr=2
input_max_bytes=1048576
input_topic=user-offers
state_topic=user-offer-state
dlq_topic=user-offers-dlq
dlq_partitions=""
apply=0

while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --apply) apply=1; shift; continue ;;
    --bootstrap-server|--command-config|--partitions|--replication-factor|--min-insync-replicas|\
    --input-max-message-bytes|--input-topic|--state-topic|--dlq-topic|--dlq-partitions)
      [ $# -ge 2 ] || die 2 "$1 needs a value (see ./topics.sh --help)" ;;
    *) die 2 "unknown option $1 (see ./topics.sh --help)" ;;
  esac
  case "$1" in
    --bootstrap-server) bootstrap="$2" ;;
    --command-config) command_config="$2" ;;
    --partitions) partitions="$2" ;;
    --replication-factor) replication="$2" ;;
    --min-insync-replicas) min_isr="$2" ;;
    --input-max-message-bytes) input_max_bytes="$2" ;;
    --input-topic) input_topic="$2" ;;
    --state-topic) state_topic="$2" ;;
    --dlq-topic) dlq_topic="$2" ;;
    --dlq-partitions) dlq_partitions="$2" ;;
  esac
  shift 2
done

for pair in "--partitions=$partitions" "--replication-factor=$replication" \
            "--min-insync-replicas=$min_isr" "--input-max-message-bytes=$input_max_bytes" \
            "--dlq-partitions=${dlq_partitions:-1}"; do
  [[ "${pair#*=}" =~ ^[1-9][0-9]{0,8}$ ]] || die 2 "${pair%%=*} must be a positive whole number, not '${pair#*=}'"
done
for name in "$input_topic" "$state_topic" "$dlq_topic"; do
  [[ "$name" =~ ^[A-Za-z0-9._-]{1,249}$ ]] || die 2 "'$name' is not a valid topic name (letters, digits, '.', '_', '-')"
done
if [ -n "$command_config" ] && [ ! -r "$command_config" ]; then
  die 2 "cannot read --command-config $command_config"
fi
check_dlq_partitions=0
[ -n "$dlq_partitions" ] && check_dlq_partitions=1
dlq_partitions="${dlq_partitions:-$partitions}"
if [ "$min_isr" -gt "$replication" ]; then
  min_isr="$replication"   # a single-broker dev cluster: min.insync.replicas cannot exceed the replicas
fi
dlq_max_bytes=$((input_max_bytes + 65536))   # a dead letter is a whole input record plus headers
thirty_days_ms=2592000000

# The contract's settings of each topic, as KEY=VALUE (the dead-letter topic's max.message.bytes is a
# minimum: see check()).
input_settings=(cleanup.policy=delete retention.ms=-1 message.timestamp.after.max.ms=3600000
                "max.message.bytes=$input_max_bytes" "min.insync.replicas=$min_isr")
state_settings=(cleanup.policy=compact "min.insync.replicas=$min_isr")
dlq_settings=(cleanup.policy=delete "retention.ms=$thirty_days_ms" "max.message.bytes=$dlq_max_bytes"
              "min.insync.replicas=$min_isr")

# tool DISTRIBUTION-NAME [JAR-CLASS]: the command line of a Kafka tool, or nothing.
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/user-offers-streams.jar"
tool() {
  if command -v "$1.sh" >/dev/null 2>&1; then
    echo "$1.sh"
  elif command -v "$1" >/dev/null 2>&1; then
    echo "$1"
  elif [ -n "${2:-}" ] && [ -f "$jar" ]; then
    echo "java -cp $jar $2"
  fi
}
topics_tool="$(tool kafka-topics org.apache.kafka.tools.TopicCommand)"
offsets_tool="$(tool kafka-get-offsets org.apache.kafka.tools.GetOffsetShell)"
configs_tool="$(tool kafka-configs)"
[ "$apply" = 0 ] || [ -n "$configs_tool" ] \
  || die 2 "--apply needs kafka-configs.sh (a Kafka distribution's bin/) on PATH: the application's jar has no tool that alters topic settings"
[ -n "$topics_tool" ] || die 2 "no kafka-topics.sh on PATH and no $jar; build it: mvn -B package -DskipTests"
[[ "$jar" != *" "* ]] || die 2 "the path $jar has a space in it; move the project or put kafka-topics.sh on PATH"

common=(--bootstrap-server "$bootstrap")
[ -z "$command_config" ] || common+=(--command-config "$command_config")

# kafka TOOL ARGS...: runs a Kafka tool, keeping its output (logs included) in $out; on failure, ends
# the script with one line naming the cause and its exit code.
out=""
kafka() {
  local tool_cmd="$1"; shift
  local rc=0
  # shellcheck disable=SC2086  # the tool command is words by design (java -cp JAR CLASS)
  out="$($tool_cmd "${common[@]}" "$@" 2>&1)" || rc=$?
  [ "$rc" = 0 ] && return 0
  local cause
  cause="$(printf '%s\n' "$out" | grep -m1 -E '^Error|Exception:' | sed -E 's/^Error[^:]*: *//; s/^.*Exception: *//' || true)"
  [ -n "$cause" ] || cause="$(printf '%s\n' "$out" | grep -v '^[[:space:]]' | tail -n 1)"
  case "$out" in
    *AuthenticationException*) die 6 "Kafka refused the credentials: $cause (check --command-config)" ;;
    *AuthorizationException*) die 7 "not authorized: $cause (grant the ACL the docs list for topics.sh)" ;;
    *TimeoutException*) die 5 "no broker answered at $bootstrap: $cause (check --bootstrap-server and that Kafka is up)" ;;
  esac
  local name="${tool_cmd##* }"
  die 1 "${name##*.tools.} $1 failed: $cause"
}

# Describe the three topics at once; --if-exists keeps a topic that does not exist from failing it.
regex="$(printf '%s|%s|%s' "$input_topic" "$state_topic" "$dlq_topic" | sed 's/\./\\./g')"
kafka "$topics_tool" --describe --if-exists --topic "$regex"
described="$out"

# header TOPIC: the topic's summary line of the describe output (tab-separated "Key: value" fields).
header() {
  printf '%s\n' "$described" | awk -F'\t' -v t="Topic: $1" '$1 == t && /PartitionCount:/ { print; exit }'
}
# field HEADER NAME: a field of a summary line, e.g. PartitionCount.
field() {
  printf '%s\n' "$1" | tr '\t' '\n' | sed -n "s/^$2: *//p" | head -n 1
}
# setting HEADER KEY: the topic's value of KEY, or nothing when the topic does not show it. The
# Configs field is "k=v,k=v"; a list value (cleanup.policy=compact,delete) keeps its commas.
setting() {
  field "$1" Configs | awk '{
    n = split($0, parts, ","); cur = ""
    for (i = 1; i <= n; i++) {
      if (index(parts[i], "=") > 0) { if (cur != "") print cur; cur = parts[i] }
      else if (cur != "") cur = cur "," parts[i]
    }
    if (cur != "") print cur
  }' | sed -n "s/^${2//./\\.}=//p"
}
kafka_default() {
  case "$1" in
    cleanup.policy) echo delete ;;
    retention.ms) echo 604800000 ;;
    max.message.bytes) echo 1048588 ;;
    message.timestamp.after.max.ms) echo 3600000 ;;
    min.insync.replicas) echo 1 ;;
  esac
}

differences=0   # differences found and left as they are
create() {
  local topic="$1" parts="$2"; shift 2
  local configs=() kv
  for kv in "$@"; do configs+=(--config "$kv"); done
  kafka "$topics_tool" --create --if-not-exists --topic "$topic" --partitions "$parts" \
    --replication-factor "$replication" "${configs[@]}"
  echo "created: $topic (partitions=$parts, replication-factor=$replication, $(IFS=,; echo "$*" | sed 's/,/, /g'))"
}

# differs TOPIC WHAT FOUND NEEDED: prints one difference.
differs() {
  echo "$1: $2 is $3, the contract needs $4"
}

# is_empty TOPIC: true when no partition of the topic holds a record.
is_empty() {
  local topic_regex="${1//./\\.}" earliest latest
  kafka "$offsets_tool" --topic "$topic_regex" --time -2
  earliest="$(printf '%s\n' "$out" | grep -E "^$topic_regex:[0-9]+:" | sort)"
  kafka "$offsets_tool" --topic "$topic_regex" --time -1
  latest="$(printf '%s\n' "$out" | grep -E "^$topic_regex:[0-9]+:" | sort)"
  [ -n "$latest" ] && [ "$earliest" = "$latest" ]
}

# safe_change TOPIC KEY FOUND NEEDED HEADER: prints nothing when KEY can change in place, otherwise
# why not and what to do.
safe_change() {
  local topic="$1" key="$2" found="$3" needed="$4" head="$5"
  case "$key" in
    retention.ms)
      if [ "$needed" != -1 ] && { [ "$found" = -1 ] || [ "$found" -gt "$needed" ]; }; then
        echo "a shorter retention deletes the older records at once; if that is meant: $(alter_hint "$topic" "$key=$needed")"
      fi ;;
    min.insync.replicas)
      local rf; rf="$(field "$head" ReplicationFactor)"
      if [ "$needed" -gt "$rf" ]; then
        echo "the topic has $rf replica(s), so no write with acks=all could succeed; add replicas first (kafka-reassign-partitions.sh)"
      fi ;;
    cleanup.policy)
      if [ -z "$offsets_tool" ]; then
        echo "cannot tell whether the topic holds records (no kafka-get-offsets.sh on PATH and no $jar)"
      elif ! is_empty "$topic"; then
        if [[ "$needed" == *compact* ]]; then
          echo "the topic holds records, and compaction would delete all but the last record of each key; if that is meant: $(alter_hint "$topic" "$key=$needed"), or recreate the topic"
        else
          echo "the topic holds records, and retention would then delete those older than retention.ms; if that is meant: $(alter_hint "$topic" "$key=$needed"), or recreate the topic"
        fi
      fi ;;
  esac
}
alter_hint() {
  echo "kafka-configs.sh --bootstrap-server $bootstrap --entity-type topics --entity-name $1 --alter --add-config $2"
}

# check TOPIC PARTITIONS CHECK-PARTITIONS SETTINGS...: reports (and with --apply, fixes where safe)
# every difference of an existing topic.
check() {
  local topic="$1" parts="$2" check_parts="$3"; shift 3
  local head found needed needed_text key kv shown why
  local to_apply=() applied=()
  head="$(header "$topic")"
  local before=$differences
  found="$(field "$head" PartitionCount)"
  if [ "$check_parts" = 1 ] && [ "$found" != "$parts" ]; then
    differs "$topic" partitions "$found" "$parts"
    differences=$((differences + 1))
    [ "$apply" = 0 ] || echo "not changed: $topic: partitions: Kafka cannot remove partitions, and adding some moves users to other partitions (breaking their order and state); recreate the topic with $parts (and replay), or pass the count it has if that is meant"
  fi
  found="$(field "$head" ReplicationFactor)"
  if [ "$found" != "$replication" ]; then
    differs "$topic" "replication factor" "$found" "$replication"
    differences=$((differences + 1))
    [ "$apply" = 0 ] || echo "not changed: $topic: replication factor: change it with kafka-reassign-partitions.sh, or pass --replication-factor $found if that is meant"
  fi
  for kv in "$@"; do
    key="${kv%%=*}"; needed="${kv#*=}"
    found="$(setting "$head" "$key")"
    shown="$found"
    if [ -z "$found" ]; then
      found="$(kafka_default "$key")"
      shown="$found (Kafka's default)"
    fi
    if [ "$topic" = "$dlq_topic" ] && [ "$key" = max.message.bytes ]; then
      [ "$found" -lt "$needed" ] || continue
      needed_text="at least $needed (the input's $input_max_bytes + 65536)"
    else
      [ "$found" != "$needed" ] || continue
      needed_text="$needed"
    fi
    differs "$topic" "$key" "$shown" "$needed_text"
    [ "$apply" = 1 ] || { differences=$((differences + 1)); continue; }
    why="$(safe_change "$topic" "$key" "$found" "$needed" "$head")"
    if [ -n "$why" ]; then
      echo "not changed: $topic: $key: $why"
      differences=$((differences + 1))
    else
      to_apply+=("$key=$needed")
      applied+=("$key=$needed (was $found)")
    fi
  done
  if [ "${#to_apply[@]}" -gt 0 ]; then
    kafka "$configs_tool" --entity-type topics --entity-name "$topic" --alter \
      --add-config "$(IFS=,; echo "${to_apply[*]}")"
    for kv in "${applied[@]}"; do echo "applied: $topic: $kv"; done
  fi
  if [ "$differences" = "$before" ] && [ "${#to_apply[@]}" = 0 ]; then
    echo "exists:  $topic (as the contract says)"
  fi
}

ensure() {   # ensure TOPIC PARTITIONS CHECK-PARTITIONS SETTINGS...
  local topic="$1" parts="$2" check_parts="$3"; shift 3
  if [ -z "$(header "$topic")" ]; then
    create "$topic" "$parts" "$@"
  else
    check "$topic" "$parts" "$check_parts" "$@"
  fi
}

ensure "$input_topic" "$partitions" 1 "${input_settings[@]}"
ensure "$state_topic" "$partitions" 1 "${state_settings[@]}"
ensure "$dlq_topic" "$dlq_partitions" "$check_dlq_partitions" "${dlq_settings[@]}"

if [ "$differences" -gt 0 ]; then
  if [ "$apply" = 1 ]; then
    die 9 "$differences difference(s) from the contract left as they are (see 'not changed' above)"
  fi
  die 9 "$differences difference(s) from the contract (above); ./topics.sh --apply changes those that are safe to change in place"
fi
