#!/usr/bin/env bash
# Restart time after kill -9, started as before and as the start scripts start servers now.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
source "$ROOT/scripts/lib/java.sh"
# shellcheck source=../scripts/lib/dist.sh
source "$ROOT/scripts/lib/dist.sh"
# shellcheck source=lib/database.sh
source "$ROOT/bench/lib/database.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--rounds N] [--server NAME] [--help]

Starts the built distribution's server JVM, waits for /health 200, kills it with SIGKILL and
starts it again, N rounds (default 5), alternating two ways of starting it:
  before  as the start scripts did: no class-data archive, H2's default 16 connect retries
  after   as scripts/start-servers.sh does now: its class-data archive (OPSMCP_JAVA_CDS=on), and
          the Launcher's 2 retries (H2ConnectRetries)
Prints each restart's time from exec to /health 200 with the load average, and the median of
each. Before the rounds it starts and stops each way gracefully once (migrates; writes the
archive), and prints where one restart of each spends its time: classes loaded (how many from the
archive) and the log's times of the pool, Flyway and each server's bind, from exec.

DATABASE_URL unset: one JVM hosting all four servers on a fresh embedded database (the
start-servers.sh shape). Set (postgresql://user@host:port/any): a fresh database is created there
for the run (psql) and dropped after; one JVM running --server (default messaging).
Run it alone: flock /tmp/bench.lock bench/startup.sh
USAGE
}

rounds=5
server=""
while (($#)); do
  case $1 in
    --rounds) rounds=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    --server) server=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "error: --rounds must be a positive number" >&2; exit 2; }

find_java
ensure_built
WORK=$(mktemp -d /tmp/opsmcp-startup.XXXXXX)
export OPSMCP_DATA_DIR=$WORK/data OPSMCP_RUN_DIR=$WORK/data/run
mkdir -p "$OPSMCP_RUN_DIR"
export OPSMCP_RUNBOOKS_FILE=$WORK/runbooks.yaml
echo 'runbooks: []' >"$OPSMCP_RUNBOOKS_FILE"
PID=""
cleanup() {
  if [[ -n $PID ]]; then kill -KILL "$PID" 2>/dev/null || true; fi
  drop_bench_database
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SERVERS=(monitoring orchestration log-analytics messaging)
declare -A PORT=([monitoring]=19301 [orchestration]=19302 [log-analytics]=19303 [messaging]=19304)
export OPSMCP_MONITORING_PORT=19301 OPSMCP_ORCHESTRATION_PORT=19302 \
  OPSMCP_LOG_ANALYTICS_PORT=19303 OPSMCP_MESSAGING_PORT=19304
if [[ -n ${DATABASE_URL:-} ]]; then
  create_bench_database opsmcp_startup
  process=${server:-messaging}
  [[ -n ${PORT[$process]:-} ]] || { echo "error: --server must be one of ${SERVERS[*]}" >&2; exit 2; }
  HEALTH=("http://127.0.0.1:${PORT[$process]}/health")
  HEAP=$(heap_option 1)
else
  [[ -z $server ]] || { echo "error: --server needs DATABASE_URL (PostgreSQL)" >&2; exit 2; }
  process=all
  HEALTH=()
  for s in "${SERVERS[@]}"; do HEALTH+=("http://127.0.0.1:${PORT[$s]}/health"); done
  HEAP=$(heap_option 4)
fi

now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
load_average() { cut -d ' ' -f 1 /proc/loadavg; }

# Starts the JVM the way $1 (before, after) with extra options $2...
launch() {
  local way=$1
  shift
  if [[ $way == before ]]; then
    CDS_OPTIONS=(-Dh2.socketConnectRetry=16)
  else
    OPSMCP_JAVA_CDS=on cds_options "$process"
  fi
  "$JAVA" "$HEAP" "${CDS_OPTIONS[@]}" "$@" -cp "$OPSMCP_LIB/*" dev.opsmcp.dist.Launcher \
    "$process" >"$WORK/server.log" 2>&1 </dev/null &
  PID=$!
}

# Waits until every server answers /health 200 (60 s at most).
wait_healthy() {
  local url deadline=$((SECONDS + 60))
  for url in "${HEALTH[@]}"; do
    until curl -fs --noproxy '*' --max-time 1 -o /dev/null "$url"; do
      if ((SECONDS >= deadline)) || ! kill -0 "$PID" 2>/dev/null; then
        echo "error: $url did not answer within 60 s; the server's log:" >&2
        tail -n 20 "$WORK/server.log" >&2
        exit 1
      fi
      sleep 0.05
    done
  done
}

kill9() {
  kill -KILL "$PID"
  wait "$PID" 2>/dev/null || true
  PID=""
}

stop_gracefully() {
  kill -TERM "$PID"
  wait "$PID" 2>/dev/null || true
  PID=""
}

# Prints where one start's time went: classes, and the log's milestones from the JVM's start.
phases() {
  local way=$1 t0 started
  t0=$(now)
  launch "$way" -Xlog:class+load:file="$WORK/classes.txt" \
    -Dlogback.configurationFile="$ROOT/bench/logback-startup.xml"
  wait_healthy
  started=$(now)
  kill9
  echo "  $way: /health 200 after $(elapsed "$t0" "$started") s (load $(load_average));" \
    "$(grep -c . "$WORK/classes.txt") classes loaded," \
    "$(grep -c 'shared objects file' "$WORK/classes.txt") of them from the archive"
  awk -v t0="$t0" '
    function secs(hms, p) { split(hms, p, /[:.]/); return p[1] * 3600 + p[2] * 60 + p[3] + p[4] / 1000 }
    / - Start completed|Successfully validated|is up to date|Successfully applied|Started oejs|listening on/ {
      if (!base) { cmd = "date -d @" int(t0) " +%H:%M:%S"; cmd | getline h; close(cmd)
        base = secs(h ".000") + (t0 - int(t0)) }
      line = $0; sub(/^[0-9:.]+ +[A-Z]+ +\[[^]]*\] +/, "", line)
      printf "    %6.2f s  %s\n", secs($1) - base, substr(line, 1, 100)
    }' "$WORK/server.log"
}

echo "machine: $(nproc) cores; $JAVA ($(java_major "$JAVA")); $process on" \
  "${BENCH_DB:-the embedded database}; load average at start $(cut -d ' ' -f 1-3 /proc/loadavg)"
for way in before after; do
  t0=$(now)
  launch "$way"
  wait_healthy
  t1=$(now)
  stop_gracefully
  echo "first start, $way: /health 200 in $(elapsed "$t0" "$t1") s, graceful stop" \
    "$(elapsed "$t1" "$(now)") s (load $(load_average))"
done
find "$OPSMCP_RUN_DIR" -name '*.jsa' -printf 'archive: %p, %s bytes\n'
echo "where one restart after kill -9 goes (log milestones from exec):"
launch before
wait_healthy
kill9
phases before
phases after

declare -A TIMES=([before]="" [after]="")
echo "restart after kill -9, exec to /health 200, alternating:"
launch after
wait_healthy
for ((i = 1; i <= rounds; i++)); do
  for way in before after; do
    kill9
    t0=$(now)
    launch "$way"
    wait_healthy
    took=$(elapsed "$t0" "$(now)")
    TIMES[$way]+="$took "
    echo "  round $i, $way: $took s (load $(load_average))"
  done
done
kill9
for way in before after; do
  # shellcheck disable=SC2086 # one figure per word
  median=$(printf '%s\n' ${TIMES[$way]} | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  echo "$way: median ${median} s of ${TIMES[$way]}"
done
echo "load average at end $(cut -d ' ' -f 1-3 /proc/loadavg)"
