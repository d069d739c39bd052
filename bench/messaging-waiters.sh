#!/usr/bin/env bash
# N agents blocked in ask_question on one messaging server, answered through the REST API.
# Prints answers/s, answer-to-return latency p50/p99, server heap and RSS while all wait, lost
# answers, and the CPU the server and the load generator each spent per answer.
# Usage: bench/messaging-waiters.sh [--no-build] [AGENTS [ANSWERERS]]   (defaults 1000, 8)
# DATABASE_URL (or else OPSMCP_TEST_DATABASE_URL) unset: the embedded database. Set
# (postgresql://user@host:port/any): a fresh database is created on that server for the run (psql)
# and dropped after.
# BENCH_SERVER_LIB: run the server from this lib directory (a before/after A/B; default the build's).
# BENCH_SERVER_JAVA_OPTS: extra JVM options for the server (JFR, say).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
source "$ROOT/scripts/lib/java.sh"
# shellcheck source=../scripts/lib/process.sh
source "$ROOT/scripts/lib/process.sh"
# shellcheck source=lib/database.sh
source "$ROOT/bench/lib/database.sh"

build=true
agents=1000
answerers=8
positional=()
while (($# > 0)); do
  case $1 in
    --no-build) build=false ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
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
  drop_bench_database
  rm -rf "$work"
}
trap cleanup EXIT

export OPSMCP_DATA_DIR=$work OPSMCP_MESSAGING_PORT=$port OPSMCP_RATE_LIMIT_PER_MINUTE=10000000
DATABASE_URL=${DATABASE_URL:-${OPSMCP_TEST_DATABASE_URL:-}}
unset OPSMCP_TEST_DATABASE_URL
[[ -n $DATABASE_URL ]] || unset DATABASE_URL
create_bench_database opsmcp_waiters
db_kind=${BENCH_DB:+PostgreSQL database $BENCH_DB}
db_kind=${db_kind:-embedded database}

lib=${BENCH_SERVER_LIB:-$ROOT/dist/target/opsmcp/lib}
cli() { "$JAVA" -cp "$lib/*" dev.opsmcp.dist.Admin "$@" | tail -n 1; }
agent_key=$(cli key create --tenant bench --scopes messaging:agent)
human_key=$(cli key create --tenant bench --scopes messaging:human)

# shellcheck disable=SC2206 # options split on spaces on purpose
opts=(${BENCH_SERVER_JAVA_OPTS:-})
"$JAVA" -Xmx512m "${opts[@]}" -cp "$lib/*" dev.opsmcp.dist.Launcher messaging >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -fsS --noproxy '*' "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS --noproxy '*' "http://127.0.0.1:$port/health" >/dev/null 2>&1 || {
  echo "error: the server did not start; its log:" >&2
  tail -n 30 "$work/server.log" >&2
  exit 1
}
echo "messaging server pid $server on port $port ($db_kind, -Xmx512m); $agents agents," \
  "$answerers answerers; load average $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
"$JAVA" -cp "$ROOT/bench/target/lib/*" dev.opsmcp.bench.WaitersBench \
  "http://127.0.0.1:$port" "$agent_key" "$human_key" "$server" "$agents" "$answerers" || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
