#!/usr/bin/env bash
# Measures OpsMCP against a bare MCP SDK server and checks the footprint targets. See --help.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
source "$ROOT/scripts/lib/java.sh"
# shellcheck source=../scripts/lib/process.sh
source "$ROOT/scripts/lib/process.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--no-build] [LOAD OPTIONS...]

Builds dist and bench (mvn -pl dist,bench -am package), then, all on this machine's loopback:
 1. throughput: system_info tool calls over streamable HTTP at 1, 16 and 64 concurrent clients
    against a bare MCP SDK server on Jetty (no auth, metrics or database) and against our
    monitoring server (dist Launcher, embedded database, a real API key from scripts/opsmcp),
    each in its own JVM with the same (default) JVM options; prints calls/s, p50, p99, ratio;
 2. startup: time from scripts/start-servers.sh --detach to all four answering /health, on an
    empty data dir and again on the existing one;
 3. idle RSS of the one JVM start-servers.sh runs on the embedded database, and of each server
    in its own JVM (the shape start-servers.sh uses with DATABASE_URL).
Takes about three minutes. Exits 1 if a benchmark call failed or a server did not start.

  --no-build    use the jars already in dist/target/opsmcp/lib and bench/target/lib
  LOAD OPTIONS  passed to the load generator (defaults shown): --levels 1,16,64 --rounds 4
                --warmup-seconds 1 --measure-seconds 3 --initial-warmup-seconds 6
USAGE
}

build=true
load_options=()
while (($# > 0)); do
  case $1 in
    --no-build) build=false ;;
    -h | --help) usage; exit 0 ;;
    --levels | --rounds | --warmup-seconds | --measure-seconds | --initial-warmup-seconds)
      (($# >= 2)) || { echo "error: $1 needs a value" >&2; exit 2; }
      load_options+=("$1" "$2")
      shift ;;
    *) echo "error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

SERVERS=(monitoring orchestration log-analytics messaging)
DIST_LIB=$ROOT/dist/target/opsmcp/lib
BENCH_LIB=$ROOT/bench/target/lib
WORK=$(mktemp -d "${TMPDIR:-/tmp}/opsmcp-bench.XXXXXX")
PIDS=()         # JVMs this script started directly
STACK_DATA=""   # data dir of a start-servers.sh run still to stop

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [[ -n $STACK_DATA ]]; then
    OPSMCP_DATA_DIR=$STACK_DATA "$ROOT/scripts/stop-servers.sh" >/dev/null 2>&1 || true
  fi
  if ((${#PIDS[@]} > 0)); then stop_processes "${PIDS[@]}"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Prints the 1-minute load average; other work on this machine makes the figures noisy.
load_average() { cut -d ' ' -f 1 /proc/loadavg; }

# Prints the resident set size of pid $1 in MB.
rss_mb() {
  awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

# Says whether an RSS of $1 MB meets the 200 MB target.
under_200() { awk -v r="$1" 'BEGIN { print (r < 200 ? "under 200 MB" : "OVER 200 MB") }'; }

# Waits until every URL answers 2xx, polling every 0.1 s; fails after $1 seconds.
wait_healthy() {
  local timeout=$1 url deadline
  shift
  deadline=$((SECONDS + timeout))
  for url in "$@"; do
    until curl -fs --noproxy '*' --max-time 1 -o /dev/null "$url"; do
      if ((SECONDS >= deadline)); then
        echo "error: $url did not answer within $timeout s" >&2
        return 1
      fi
      sleep 0.1
    done
  done
}

# Waits until file $1 contains a line matching $2 and prints that line; fails after 30 s.
wait_for_line() {
  local deadline=$((SECONDS + 30))
  until grep -m 1 "$2" "$1" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "error: no '$2' in $1 after 30 s:" >&2
      tail -n 20 "$1" >&2
      return 1
    fi
    sleep 0.1
  done
}

find_java
if [[ $build == true ]]; then
  echo "Building dist and bench (mvn -B -q -DskipTests package -pl dist,bench -am) ..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package -pl dist,bench -am) >&2
fi
for lib in "$DIST_LIB" "$BENCH_LIB"; do
  compgen -G "$lib/*.jar" >/dev/null || { echo "error: no jars in $lib; run without --no-build" >&2; exit 1; }
done
read -r -a ports <<<"$("$JAVA" -cp "$BENCH_LIB/*" dev.opsmcp.bench.Bench ports 6)"

echo "== 1. Throughput ($JAVA, $(nproc) cores, load average $(load_average) before)"
"$JAVA" -cp "$BENCH_LIB/*" dev.opsmcp.bench.Bench bare --port "${ports[0]}" >"$WORK/bare.log" 2>&1 &
PIDS+=($!)
OPSMCP_DATA_DIR=$WORK/ours OPSMCP_MONITORING_PORT=${ports[1]} \
  OPSMCP_RATE_LIMIT_PER_MINUTE=10000000 \
  "$JAVA" -cp "$DIST_LIB/*" dev.opsmcp.dist.Launcher monitoring >"$WORK/ours.log" 2>&1 &
PIDS+=($!)
wait_for_line "$WORK/bare.log" 'listening on' >/dev/null
wait_healthy 30 "http://127.0.0.1:${ports[1]}/health"
key=$(OPSMCP_DATA_DIR=$WORK/ours "$ROOT/scripts/opsmcp" key create --tenant bench --name bench | tail -n 1)
load_status=0
"$JAVA" -cp "$BENCH_LIB/*" dev.opsmcp.bench.Bench load \
  --bare "http://127.0.0.1:${ports[0]}/mcp" --ours "http://127.0.0.1:${ports[1]}/mcp" \
  --bare-pid "${PIDS[0]}" --ours-pid "${PIDS[1]}" --key "$key" "${load_options[@]}" ||
  load_status=$?
stop_processes "${PIDS[@]}"
PIDS=()
echo "(load average after: $(load_average); above $(nproc), other processes competed for the CPU)"
echo "(bare: MCP SDK 2.1.0 servlet on Jetty, no auth/metrics/filters/DB; ours: dev.opsmcp.dist.Launcher"
echo " monitoring on the embedded DB with OPSMCP_RATE_LIMIT_PER_MINUTE=10000000 so the limiter admits"
echo " the load; same JVM options for both: none, as start-servers.sh)"

echo
echo "== 2. Startup: scripts/start-servers.sh --detach (embedded DB: one JVM hosts all four)"
STACK_DATA=$WORK/stack
export OPSMCP_DATA_DIR=$STACK_DATA OPSMCP_MONITORING_PORT=${ports[2]} \
  OPSMCP_ORCHESTRATION_PORT=${ports[3]} OPSMCP_LOG_ANALYTICS_PORT=${ports[4]} \
  OPSMCP_MESSAGING_PORT=${ports[5]}
health=()
for i in 2 3 4 5; do health+=("http://127.0.0.1:${ports[i]}/health"); done
for run in "first start (empty data dir)" "restart (existing data dir)"; do
  start=$(now)
  "$ROOT/scripts/start-servers.sh" --detach >"$WORK/start.log" 2>&1 &
  script_pid=$!
  wait_healthy 60 "${health[@]}"
  healthy=$(now)
  wait "$script_pid"
  returned=$(now)
  took=$(elapsed "$start" "$healthy")
  verdict=$(awk -v t="$took" 'BEGIN { print (t < 10 ? "met" : "MISSED") }')
  echo "$run: all four /health OK after $took s (script returned after" \
    "$(elapsed "$start" "$returned") s); target < 10 s: $verdict"
  if [[ $run == first* ]]; then
    sleep 5
    pid=$(<"$STACK_DATA/run/all.pid")
    all_rss=$(rss_mb "$pid")
    "$ROOT/scripts/stop-servers.sh" >/dev/null
  fi
done
"$ROOT/scripts/stop-servers.sh" >/dev/null
STACK_DATA=""

echo
echo "== 3. Idle RSS (5 s after healthy; default JVM options, as start-servers.sh)"
echo "one JVM hosting all four (what start-servers.sh runs on the embedded DB): $all_rss MB," \
  "$(under_200 "$all_rss") for the four together"
# One JVM per server, as start-servers.sh runs them with DATABASE_URL; here they share the embedded
# database through H2's AUTO_SERVER (the first JVM hosts it, so it also carries the H2 engine).
for i in "${!SERVERS[@]}"; do
  name=${SERVERS[i]}
  "$JAVA" -cp "$DIST_LIB/*" dev.opsmcp.dist.Launcher "$name" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  if ((i == 0)); then wait_healthy 30 "${health[0]}"; fi
done
wait_healthy 30 "${health[@]}"
sleep 5
line="one JVM per server:"
for i in "${!SERVERS[@]}"; do
  rss=$(rss_mb "${PIDS[i]}")
  line+=" ${SERVERS[i]} $rss MB ($(under_200 "$rss")),"
done
echo "${line%,}; monitoring hosts the H2 engine for the others"
stop_processes "${PIDS[@]}"
PIDS=()
exit "$load_status"
