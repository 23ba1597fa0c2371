#!/usr/bin/env bash
# Creates the least-privilege ACLs one command of user-offers-streams needs, for one principal, with
# the Admin API: the jar's `acls` command (the ACLs come from one place in the code, AclPlan, which
# docs/OPERATIONS.md lists). `./acls.sh --help` prints its options and exit codes. Needs the fat jar
# (mvn -B package -DskipTests).
set -euo pipefail
jar="$(cd "$(dirname "$0")" && pwd)/target/user-offers-streams.jar"
if [ ! -f "$jar" ]; then
  echo "acls.sh: no $jar: build it first (mvn -B package -DskipTests)" >&2
  exit 2
fi
exec java -jar "$jar" acls "$@"
