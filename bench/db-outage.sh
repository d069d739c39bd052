#!/usr/bin/env bash
# Database outage: stops the local PostgreSQL cluster for 30 s under light load while a messaging
# server keeps running, then starts it (DatabaseOutageIT). Prints what /health and the tools
# answered during the outage and how fast the same server recovered.
# It stops the cluster every other test on this machine uses: run it alone. The cluster is started
# again whatever happens (the test's finally, and this script's exit trap).
# Usage: bench/db-outage.sh [--help]   (OPSMCP_TEST_DATABASE_URL, default the local test database)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case ${1:-} in
  "") ;;
  -h | --help) sed -n '2,7p' "$0"; exit 0 ;;
  *) echo "error: unknown argument: $1" >&2; exit 2 ;;
esac
command -v pg_ctlcluster >/dev/null || {
  echo "error: pg_ctlcluster not found: this runs against a local Debian PostgreSQL cluster" >&2
  exit 1
}
version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -n 1)
[[ -n $version ]] || { echo "error: no cluster under /etc/postgresql" >&2; exit 1; }
export OPSMCP_OUTAGE_CLUSTER="$version main"
export OPSMCP_TEST_DATABASE_URL=${OPSMCP_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}
trap 'pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true' EXIT

cd "$ROOT"
log=$(mktemp)
status=0
mvn -B -pl dist -am verify -Dit.test=DatabaseOutageIT -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true | tee "$log" || status=$?
echo
echo "=== database outage: figures"
grep '^\[outage\]' "$log" || echo "(none: see the Maven output above)"
rm -f "$log"
exit "$status"
