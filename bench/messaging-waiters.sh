#!/usr/bin/env bash
# N agents blocked in ask_question on one messaging server, answered through the REST API.
# Prints answer-to-return latency p50/p99, server heap and RSS while all wait, and lost answers.
# Usage: bench/messaging-waiters.sh [--no-build] [AGENTS [ANSWERERS]]   (defaults 1000, 8)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
source "$ROOT/scripts/lib/java.sh"
# shellcheck source=../scripts/lib/process.sh
source "$ROOT/scripts/lib/process.sh"

build=true
agents=1000
answerers=8
positional=()
while (($# > 0)); do
  case $1 in
    --no-build) build=false ;;
    -h | --help) sed -n '2,4p' "$0"; exit 0 ;;
    *[!0-9]* | "") echo "error: unknown argument: $1" >&2; exit 2 ;;
    *) positional+=("$1") ;;
  esac
  shift
done

((${#positional[@]} > 0)) && agents=${positional[0]}
((${#positional[@]} > 1)) && answerers=${positional[1]}
find_java
if [[ $build == true ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip -pl dist,bench -am package) >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/opsmcp-waiters.XXXXXX")
port=$((20000 + RANDOM % 20000))
server=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  [[ -n $server ]] && stop_processes "$server"
  rm -rf "$work"
}
trap cleanup EXIT

export OPSMCP_DATA_DIR=$work OPSMCP_MESSAGING_PORT=$port OPSMCP_RATE_LIMIT_PER_MINUTE=10000000
cli() { "$JAVA" -cp "$ROOT/dist/target/opsmcp/lib/*" dev.opsmcp.common.cli.AdminCli "$@" | tail -n 1; }
agent_key=$(cli key create --tenant bench --scopes messaging:agent)
human_key=$(cli key create --tenant bench --scopes messaging:human)

"$JAVA" -Xmx512m -cp "$ROOT/dist/target/opsmcp/lib/*" dev.opsmcp.dist.Launcher messaging >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -fsS --noproxy '*' "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
echo "messaging server pid $server on port $port (embedded database, -Xmx512m); $agents agents"
"$JAVA" -cp "$ROOT/bench/target/lib/*" dev.opsmcp.bench.WaitersBench \
  "http://127.0.0.1:$port" "$agent_key" "$human_key" "$server" "$agents" "$answerers"
