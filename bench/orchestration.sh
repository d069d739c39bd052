#!/usr/bin/env bash
# The orchestration server's figures on the embedded database: list_incidents and get_incident
# p50/p95 over INCIDENTS × EVENTS, Alertmanager intake alerts/s, outbox notifications/s to a local
# webhook receiver.
# Usage: bench/orchestration.sh [--no-build] [INCIDENTS [EVENTS [CLIENTS]]]   (defaults 10000 20 8)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
source "$ROOT/scripts/lib/java.sh"
# shellcheck source=../scripts/lib/process.sh
source "$ROOT/scripts/lib/process.sh"

build=true
positional=()
while (($# > 0)); do
  case $1 in
    --no-build) build=false ;;
    -h | --help) sed -n '2,5p' "$0"; exit 0 ;;
    *[!0-9]* | "") echo "error: unknown argument: $1" >&2; exit 2 ;;
    *) positional+=("$1") ;;
  esac
  shift
done
incidents=${positional[0]:-10000}
events=${positional[1]:-20}
clients=${positional[2]:-8}

find_java
if [[ $build == true ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip -pl dist,bench -am package) >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/opsmcp-orch-bench.XXXXXX")
port=$((20000 + RANDOM % 20000))
server=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  [[ -n $server ]] && stop_processes "$server"
  rm -rf "$work"
}
trap cleanup EXIT

# No rate limit, and the one local receiver may take 16 deliveries at once (default 2 per URL).
export OPSMCP_DATA_DIR=$work OPSMCP_ORCHESTRATION_PORT=$port OPSMCP_RATE_LIMIT_PER_MINUTE=10000000 \
  OPSMCP_NOTIFY_PER_DESTINATION=16
cli() { "$JAVA" -cp "$ROOT/dist/target/opsmcp/lib/*" dev.opsmcp.dist.Admin "$@" | tail -n 1; }
key=$(cli key create --tenant bench --scopes admin)

"$JAVA" -cp "$ROOT/dist/target/opsmcp/lib/*" dev.opsmcp.dist.Launcher orchestration >"$work/server.log" 2>&1 &
server=$!
up=false
for _ in $(seq 1 120); do
  curl -fsS --noproxy '*' "http://127.0.0.1:$port/health" >/dev/null 2>&1 && up=true && break
  sleep 0.5
done
if [[ $up != true ]]; then
  echo "error: the orchestration server did not start; its log:" >&2
  tail -n 30 "$work/server.log" >&2
  exit 1
fi
echo "orchestration server pid $server on port $port (embedded database); $incidents incidents × $events events, $clients clients"
"$JAVA" -cp "$ROOT/bench/target/lib/*" dev.opsmcp.bench.OrchestrationBench \
  "http://127.0.0.1:$port" "$key" "$incidents" "$events" "$clients"
