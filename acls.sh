#!/usr/bin/env bash
# Creates the least-privilege ACLs one command of user-offers-streams needs on a cluster that
# authorizes with ACLs, for one principal, with the Admin API (Kafka's createAcls), from the
# application's fat jar (mvn -B package -DskipTests). The ACLs come from one place in the code
# (com.useroffers.offers.security.AclPlan), which the docs' table lists. Run ./acls.sh --help.
set -euo pipefail

usage() {
  cat <<'TXT'
Usage: ./acls.sh --bootstrap-server HOST:PORT --command-config ADMIN_FILE --principal User:NAME
                 --for run|reset|produce|redrive|topics|ingest [options]

Creates the ACLs that one command needs (and no more) for PRINCIPAL, and prints them as a table
(resource type, pattern type, name, operations, principal, why). Creating an ACL that exists already
changes nothing, so it can run again.

  --bootstrap-server HOST:PORT   brokers to talk to (not needed with --dry-run)
  --command-config ADMIN_FILE    client config of a principal allowed to create ACLs (ALTER on the
                                 cluster): SASL/SSL properties (not needed with --dry-run)
  --principal User:NAME          who gets the ACLs: the principal the command runs as
  --for COMMAND                  run, reset, produce, redrive, topics or ingest
  --application-id ID            application.id (default: user-offers-processor): internal topics and
                                 transactional ids are prefixed "ID-", redrive's group and
                                 transactional id are "ID-redrive"
  --input-topic NAME             (default: user-offers)
  --state-topic NAME             (default: user-offer-state)
  --dlq-topic NAME               (default: user-offers-dlq)
  --input-keyed-by-user BOOL     offers.input.keyed-by-user (default: true); false adds what the
                                 repartition topic needs (DELETE on the internal prefix, for run)
  --dry-run                      print the table, create nothing
  -h, --help

Exit status:
  0  the ACLs exist (created now or before), or --dry-run
  1  the tool failed (its message follows "acls.sh:")
  2  usage: an unknown option or a bad value; no jar (build it: mvn -B package -DskipTests)
  5  no broker answered
  6  Kafka refused the credentials of --command-config
  7  not authorized: --command-config's principal may not create ACLs
TXT
}

for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/user-offers-streams.jar"
if [ ! -f "$jar" ]; then
  echo "acls.sh: no $jar: build it first (mvn -B package -DskipTests)" >&2
  exit 2
fi
exec java -cp "$jar" com.useroffers.offers.security.AclsTool "$@"
