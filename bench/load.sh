#!/usr/bin/env bash
# Load: the mixed load of an incident at rising concurrency until its p99 passes a limit (the knee).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
source "$ROOT/scripts/lib/java.sh"
# shellcheck source=lib/database.sh
source "$ROOT/bench/lib/database.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--no-build] [--levels 1,2,4,...] [--seconds S] [--p99-ms MS] [--help]

Starts the four servers with scripts/start-servers.sh --detach on free ports (DATABASE_URL unset:
one JVM on a fresh embedded database; set: one JVM per server on a fresh database created on that
PostgreSQL server and dropped after), the rate limit off, and drives them with C clients for each
level C (default 1,2,4,8,16,32,64,128). Each client holds an MCP session on every server and runs
an incident's mix in a loop: log_step; create_incident, add_timeline_event, list_incidents; an
OTLP/JSON batch of 20 log records and get_raw_logs; an OTLP/JSON batch of 5 metric points and
get_system_metrics. After 20 s of the mix untimed with 4 clients (the servers' code compiled), a
level runs 3 s of warm-up and S s measured (default 10). Prints per level the
mixes and operations per second, p50 and p99 over all operations, failures, the slowest operation,
and the CPU of the servers and of this load generator per mix; stops at the first level whose p99
passes MS (default 100) and names the knee. Run it alone: flock /tmp/bench.lock bench/load.sh
USAGE
}

build=true
levels=1,2,4,8,16,32,64,128
seconds=10
p99=100
while (($#)); do
  case $1 in
    --no-build) build=false; shift ;;
    --levels) levels=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    --seconds) seconds=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    --p99-ms) p99=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $levels =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "error: --levels must be like 1,2,4" >&2; exit 2; }
for v in seconds p99; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "error: --${v/p99/p99-ms} must be a positive number" >&2; exit 2; }
done

find_java
if [[ $build == true ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests -DskipITs -Dspotless.check.skip -pl dist,bench -am package) >&2
fi
BENCH_LIB=$ROOT/bench/target/lib
WORK=$(mktemp -d /tmp/opsmcp-load.XXXXXX)
export OPSMCP_DATA_DIR=$WORK/data OPSMCP_RUNBOOKS_FILE=$WORK/runbooks.yaml
export OPSMCP_RATE_LIMIT_PER_MINUTE=10000000 OPSMCP_HOST_METRICS=false
echo 'runbooks: []' >"$OPSMCP_RUNBOOKS_FILE"
started=false
cleanup() {
  if [[ $started == true ]]; then "$ROOT/scripts/stop-servers.sh" >/dev/null 2>&1 || true; fi
  drop_bench_database
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

create_bench_database opsmcp_load
read -r -a ports <<<"$("$JAVA" -cp "$BENCH_LIB/*" dev.opsmcp.bench.Bench ports 4)"
export OPSMCP_MONITORING_PORT=${ports[0]} OPSMCP_ORCHESTRATION_PORT=${ports[1]} \
  OPSMCP_LOG_ANALYTICS_PORT=${ports[2]} OPSMCP_MESSAGING_PORT=${ports[3]}
started=true
"$ROOT/scripts/start-servers.sh" --detach >"$WORK/start.log" 2>&1 || {
  echo "error: the servers did not start:" >&2
  tail -n 20 "$WORK/start.log" >&2
  exit 1
}
key=$("$ROOT/scripts/opsmcp" key create --tenant load --name load | tail -n 1)
pids=$(cat "$OPSMCP_DATA_DIR"/run/*.pid | sort -u | paste -sd, -)

db_kind=${BENCH_DB:+PostgreSQL database $BENCH_DB}
echo "machine: $(nproc) cores; $JAVA; ${db_kind:-embedded database};" \
  "load average at start $(cut -d ' ' -f 1-3 /proc/loadavg)"
"$JAVA" -cp "$BENCH_LIB/*" dev.opsmcp.bench.LoadKnee \
  --monitoring "http://127.0.0.1:${ports[0]}" --orchestration "http://127.0.0.1:${ports[1]}" \
  --log-analytics "http://127.0.0.1:${ports[2]}" --messaging "http://127.0.0.1:${ports[3]}" \
  --key "$key" --levels "$levels" --seconds "$seconds" --p99-ms "$p99" --pids "$pids"
echo "load average at end $(cut -d ' ' -f 1-3 /proc/loadavg)"
