#!/usr/bin/env bash
# Try it: from a fresh clone, one command builds the jar, starts a local single-node Kafka (from Maven
# Central artifacts, on 127.0.0.1), creates the topics, runs the application, produces sample events
# (duplicates and bad records included), shows the resulting user states and a summary of the dead
# letters, asks the application's HTTP endpoint for one user's state, and cleans everything up on exit
# or Ctrl-C.
# --secure: the same against a node that demands SASL_SSL (SCRAM-SHA-512) and enforces ACLs; each
# command runs as its own principal with exactly the ACLs ./acls.sh gives it (files with a password
# or a private key are deleted at exit).
#
#   ./demo.sh [--secure] [--events N] [--skip-build] [--keep-running]
set -euo pipefail
cd "$(dirname "$0")"

events=20000
build=1
keep=0
secure=0
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events="$2"; shift 2 ;;
    --skip-build) build=0; shift ;;
    --keep-running) keep=1; shift ;;
    --secure) secure=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if [ "$build" = 1 ]; then
  echo "== building (mvn -B package -DskipTests)"
  mvn -q -B package -DskipTests
fi

work=target/demo
rm -rf "$work"
mkdir -p "$work"
cp_test="target/test-classes:$(cat target/test-classpath.txt)"
jar=target/user-offers-streams.jar
broker_pid=""
app_pid=""

cleanup() {
  trap - EXIT INT TERM
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    echo "== stopping the application (SIGTERM)"
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  if [ -n "$broker_pid" ] && kill -0 "$broker_pid" 2>/dev/null; then
    echo "== stopping local Kafka"
    kill -TERM "$broker_pid" 2>/dev/null || true
    wait "$broker_pid" 2>/dev/null || true
  fi
  if [ "$secure" = 1 ]; then
    # The broker deletes them itself when it stops; again here in case it could not.
    rm -rf "$work/kafka/clients" "$work/kafka/tls" "$work/kafka/node-1/server.properties"
    echo "== deleted the client config files, the TLS stores and the broker's config (passwords, private key)"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$secure" = 0 ]; then
  echo "== starting a local Kafka node (logs: $work/kafka)"
  java -cp "$cp_test" com.useroffers.offers.kafka.LocalKafka "$work/kafka" 1 1800 > "$work/kafka.out" 2>&1 &
else
  # Owner-only: the TLS stores and the broker's config hold passwords too.
  umask 077
  echo "== starting a local secured Kafka node: SASL_SSL, SCRAM-SHA-512, ACLs enforced (logs: $work/kafka)"
  java -cp "$cp_test" com.useroffers.offers.kafka.LocalSecureKafka "$work/kafka" 1800 \
    demo-topics demo-run demo-produce > "$work/kafka.out" 2>&1 &
fi
broker_pid=$!
bootstrap=""
for _ in $(seq 1 120); do
  bootstrap="$(sed -n 's/^BOOTSTRAP=//p' "$work/kafka.out")"
  [ -n "$bootstrap" ] && break
  kill -0 "$broker_pid" 2>/dev/null || { echo "local Kafka failed to start:" >&2; tail -20 "$work/kafka.out" >&2; exit 1; }
  sleep 1
done
[ -n "$bootstrap" ] || { echo "local Kafka did not start within 120 s" >&2; exit 1; }
echo "   bootstrap.servers=$bootstrap"

# Secured: every client's settings (password included) are in its own owner-only file, never on a command line.
clients="$work/kafka/clients"
report_config=()
if [ "$secure" = 1 ]; then
  for command in topics run produce; do
    ./acls.sh --bootstrap-server "$bootstrap" --command-config "$clients/admin.properties" \
      --principal "User:demo-$command" --for "$command" >> "$work/acls.out"
  done
  echo "== ACLs by ./acls.sh (as User:admin): $(sed -n 's/^created \([0-9]*\) ACLs for \(.*\)$/\1 for \2/p' \
    "$work/acls.out" | paste -sd, - | sed 's/,/, /g'); tables: $work/acls.out; the report reads as User:admin"
  report_config=("$clients/admin.properties")
  echo "== creating topics (as User:demo-topics)"
  ./topics.sh --bootstrap-server "$bootstrap" --command-config "$clients/demo-topics.properties" \
    --partitions 6 --replication-factor 1
else
  echo "== creating topics"
  ./topics.sh --bootstrap-server "$bootstrap" --partitions 6 --replication-factor 1
fi

# The application's HTTP endpoint (health, metrics, queries) on the first free port from 18080.
http_port=18080
while [ "$http_port" -lt 18180 ] && (exec 3<>"/dev/tcp/127.0.0.1/$http_port") 2>/dev/null; do
  http_port=$((http_port + 1))
done

# A single broker: internal topics with one replica; state in the work dir.
props=(--property "bootstrap.servers=$bootstrap"
       --property replication.factor=1
       --property topic.min.insync.replicas=1
       --property num.standby.replicas=0
       --property "state.dir=$work/state")

if [ "$secure" = 1 ]; then
  echo "== starting the application as User:demo-run (log: $work/app.log)"
  java -jar "$jar" run --config "$clients/demo-run.properties" "${props[@]}" \
    --property offers.http.port="$http_port" --property offers.http.bind-address=127.0.0.1 > "$work/app.log" 2>&1 &
  app_pid=$!
  echo "== producing $events sample events as User:demo-produce"
  java -jar "$jar" produce --config "$clients/demo-produce.properties" "${props[@]}" --events "$events" \
    2> "$work/produce.log"
else
  echo "== starting the application (log: $work/app.log)"
  java -jar "$jar" run "${props[@]}" --property offers.http.port="$http_port" \
    --property offers.http.bind-address=127.0.0.1 > "$work/app.log" 2>&1 &
  app_pid=$!

  echo "== producing $events sample events"
  java -jar "$jar" produce "${props[@]}" --events "$events" 2> "$work/produce.log"
fi

echo "== waiting for the application to process everything, then reading the output (read_committed)"
java -cp "$cp_test" com.useroffers.offers.kafka.DemoReport "$bootstrap" user-offers-processor \
  user-offers user-offer-state user-offers-dlq 8 ${report_config[@]+"${report_config[@]}"} | tee "$work/report.txt"

# The last user the report shows, asked of the application itself (bash's /dev/tcp: no curl needed).
user="$(sed -n 's/^ *"userId" *: *"\([^"]*\)".*/\1/p' "$work/report.txt" | tail -1)"
if [ -n "$user" ]; then
  echo "== the same user from the application's HTTP endpoint: GET http://127.0.0.1:$http_port/users/$user/offers"
  exec 3<>"/dev/tcp/127.0.0.1/$http_port"
  printf 'GET /users/%s/offers HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$user" >&3
  tr -d '\r' <&3 | sed -n '1s/^/   /p; /^$/,$p' | sed '/^$/d'
  exec 3<&-
  echo
fi

if [ "$keep" = 1 ]; then
  echo
  echo "== running; bootstrap.servers=$bootstrap. Ctrl-C to stop and clean up."
  [ "$secure" = 0 ] || echo "   client settings of each principal: $clients/*.properties (deleted at exit)"
  wait "$app_pid" || true
fi
