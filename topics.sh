#!/usr/bin/env bash
# Creates the three topics of user-offers-streams with the contract's settings (docs/CONTRACT.md §1),
# or reports how existing ones differ (--apply changes what is safe): the jar's `topics` command,
# whose options, settings and exit codes `./topics.sh --help` prints. Needs the fat jar
# (mvn -B package -DskipTests); no Kafka distribution.
set -euo pipefail
jar="$(cd "$(dirname "$0")" && pwd)/target/user-offers-streams.jar"
if [ ! -f "$jar" ]; then
  echo "topics.sh: no $jar: build it first (mvn -B package -DskipTests)" >&2
  exit 2
fi
exec java -jar "$jar" topics "$@"
