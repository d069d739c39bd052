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
Usage: $(basename "$0") [--no-build] [--throughput-only] [LOAD OPTIONS...]

Builds dist and bench (mvn -pl dist,bench -am package), then, all on this machine's loopback:
 1. throughput: JSON-RPC tools/call POSTs driven by wrk (bench/wrk/tools-call.lua) on one
    initialized streamable-HTTP session, at 1, 16 and 64 connections, against three servers in
    one JVM: a raw Jetty servlet answering a fixed JSON (the ceiling), the bare MCP SDK on Jetty
    (no auth, metrics or database; the anchor) and our monitoring server (dev.opsmcp.dist.Launcher,
    embedded database, a real API key from scripts/opsmcp). The systems alternate, ROUNDS runs of
    SECONDS each per point, and each one's best run is kept; prints calls/s (2xx answers with a
    result only), p50, p99, the non-2xx count and the ratio ours/bare, withheld (and says why)
    when the ceiling was not at least 1.3x the system under test or any answer failed;
 2. startup: time from scripts/start-servers.sh --detach to all four answering /health, on an
    empty data dir and again on the existing one;
 3. idle RSS of the one JVM start-servers.sh runs on the embedded database, and of each server
    in its own JVM (the shape start-servers.sh uses with DATABASE_URL).
Takes about five minutes with the defaults. Exits 1 if an answer failed or a server did not start.
Figures mean something only on a quiet machine: the load average at start is printed beside them.
Installs wrk (Debian package) with apt-get if it is missing.

  --no-build          use the jars already in dist/target/opsmcp/lib and bench/target/lib
  --throughput-only   run step 1 only
  LOAD OPTIONS (defaults shown):
    --levels 1,16,64              connections per point
    --rounds 3                    runs per system and point (the best is kept)
    --seconds 6                   length of one measured run (alias: --measure-seconds)
    --warmup-seconds 0            unmeasured wrk run before each measured one
    --initial-warmup-seconds 5    unmeasured run per system at 16 connections before the points
    --ceiling-ratio 1.3           the ceiling must reach this multiple of bare and of ours, or no
                                  ratio is printed (the client could not push past the system)
USAGE
}

build=true
throughput_only=false
levels=1,16,64
rounds=3
seconds=6
warmup_seconds=0
initial_warmup_seconds=5
ceiling_ratio=1.3 # the ceiling must reach this multiple of a system for its ratio to count
while (($# > 0)); do
  case $1 in
    --no-build) build=false ;;
    --throughput-only) throughput_only=true ;;
    -h | --help) usage; exit 0 ;;
    --levels | --rounds | --seconds | --measure-seconds | --warmup-seconds | --initial-warmup-seconds | --ceiling-ratio)
      (($# >= 2)) || { echo "error: $1 needs a value" >&2; exit 2; }
      case $1 in
        --levels) [[ $2 =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "error: --levels: N[,N...]" >&2; exit 2; } ;;
        --ceiling-ratio) [[ $2 =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "error: --ceiling-ratio: a number" >&2; exit 2; } ;;
        *) [[ $2 =~ ^[0-9]+$ ]] || { echo "error: $1 needs a whole number" >&2; exit 2; } ;;
      esac
      case $1 in
        --levels) levels=$2 ;;
        --rounds) rounds=$2 ;;
        --seconds | --measure-seconds) seconds=$2 ;;
        --warmup-seconds) warmup_seconds=$2 ;;
        --initial-warmup-seconds) initial_warmup_seconds=$2 ;;
        --ceiling-ratio) ceiling_ratio=$2 ;;
      esac
      shift ;;
    *) echo "error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
((rounds >= 1 && seconds >= 1)) || { echo "error: --rounds and --seconds must be at least 1" >&2; exit 2; }

SERVERS=(monitoring orchestration log-analytics messaging)
SYSTEMS=(ceiling bare ours)
DIST_LIB=$ROOT/dist/target/opsmcp/lib
BENCH_LIB=$ROOT/bench/target/lib
LUA=$ROOT/bench/wrk/tools-call.lua
PROTOCOL=2025-06-18 # as McpSession.PROTOCOL
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

# Waits until file $1 contains a line matching $2 and prints that line; fails after $3 (30) s.
wait_for_line() {
  local deadline=$((SECONDS + ${3:-30}))
  until grep -m 1 "$2" "$1" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "error: no '$2' in $1 after ${3:-30} s:" >&2
      tail -n 20 "$1" >&2
      return 1
    fi
    sleep 0.1
  done
}

# Installs wrk from the distribution's packages unless it is on the PATH.
ensure_wrk() {
  command -v wrk >/dev/null && return 0
  echo "wrk is missing; installing the Debian package wrk with apt-get ..." >&2
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  "${sudo[@]}" apt-get install -y -q wrk >&2 ||
    { "${sudo[@]}" apt-get update -q >&2 && "${sudo[@]}" apt-get install -y -q wrk >&2; } ||
    { echo "error: could not install wrk; install it (apt-get install wrk) and run again" >&2; exit 1; }
  command -v wrk >/dev/null || { echo "error: wrk installed but not on the PATH" >&2; exit 1; }
}

# MCP handshake on streamable-HTTP endpoint $1 with Authorization header value $2: initialize, then
# notifications/initialized; prints the Mcp-Session-Id.
handshake() {
  local url=$1 authorization=$2 session status
  local common=(-sS --noproxy '*' --max-time 10 -H 'Content-Type: application/json'
    -H 'Accept: application/json, text/event-stream' -H "Authorization: $authorization")
  curl "${common[@]}" -D "$WORK/handshake.headers" -o "$WORK/handshake.body" --data \
    '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"'"$PROTOCOL"'","capabilities":{},"clientInfo":{"name":"opsmcp-bench-wrk","version":"0.1.0"}}}' \
    "$url"
  session=$(awk 'tolower($1) == "mcp-session-id:" { sub(/\r$/, "", $2); print $2 }' \
    "$WORK/handshake.headers")
  if [[ -z $session ]]; then
    echo "error: initialize at $url gave no Mcp-Session-Id:" >&2
    cat "$WORK/handshake.headers" "$WORK/handshake.body" >&2
    return 1
  fi
  status=$(curl "${common[@]}" -o /dev/null -w '%{http_code}' -H "Mcp-Session-Id: $session" \
    -H "MCP-Protocol-Version: $PROTOCOL" \
    --data '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$url")
  if [[ $status != 2* ]]; then
    echo "error: notifications/initialized at $url: HTTP $status" >&2
    return 1
  fi
  echo "$session"
}

declare -A URL SESSION AUTH
# One wrk run of $2 seconds with $3 connections against system $1; writes wrk's report to $4 and
# prints "calls/s p50_ms p99_ms non2xx bad_body socket_errors", where calls/s counts only 2xx
# answers carrying a successful result.
run_wrk() {
  local system=$1 duration=$2 connections=$3 out=$4 threads
  threads=$(nproc)
  ((threads <= connections)) || threads=$connections
  wrk -t "$threads" -c "$connections" -d "${duration}s" --latency --timeout 10s -s "$LUA" \
    -H "Mcp-Session-Id: ${SESSION[$system]}" -H "MCP-Protocol-Version: $PROTOCOL" \
    -H "Authorization: ${AUTH[$system]}" "${URL[$system]}" >"$out" 2>&1 ||
    { echo "error: wrk failed against $system:" >&2; cat "$out" >&2; return 1; }
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000
      if (v ~ /ms$/) return v + 0
      if (v ~ /m$/) return v * 60000
      if (v ~ /s$/) return v * 1000
      return v + 0
    }
    / requests in / { requests = $1 }
    /^Requests\/sec:/ { rate = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /^ *Socket errors:/ { gsub(/,/, ""); sock = $4 + $6 + $8 + $10 }
    $1 == "bench-non2xx" { non2xx = $2 }
    $1 == "bench-bad-body" { bad = $2 }
    END {
      ok = requests > 0 ? rate * (requests - non2xx - bad) / requests : 0
      printf "%.0f %.2f %.2f %d %d %d\n", ok, p50, p99, non2xx, bad, sock
    }' "$out"
}

find_java
if [[ $build == true ]]; then
  echo "Building dist and bench (mvn -B -q -DskipTests package -pl dist,bench -am) ..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package -pl dist,bench -am) >&2
fi
for lib in "$DIST_LIB" "$BENCH_LIB"; do
  compgen -G "$lib/*.jar" >/dev/null || { echo "error: no jars in $lib; run without --no-build" >&2; exit 1; }
done
ensure_wrk
read -r -a ports <<<"$("$JAVA" -cp "$BENCH_LIB/*" dev.opsmcp.bench.Bench ports 7)"

cores=$(nproc)
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
load_start=$(cut -d ' ' -f 1-3 /proc/loadavg)
echo "== 1. Throughput: wrk, tools/call on one streamable-HTTP session, best of $rounds run(s) of" \
  "$seconds s per system and point"
echo "machine: $cores cores${cpu:+ ($cpu)}, load average at start $load_start (1/5/15 min);" \
  "$(wrk -v 2>&1 | awk 'NR == 1 { print $1, $2 }'); $("$JAVA" -version 2>&1 | head -n 1)"
# One JVM, dist's jars first so that our server runs with its shipped configuration; the bench jars
# add the ceiling and the bare SDK server (the same SDK and Jetty versions, from the parent POM).
OPSMCP_DATA_DIR=$WORK/ours OPSMCP_MONITORING_PORT=${ports[2]} \
  OPSMCP_RATE_LIMIT_PER_MINUTE=10000000 \
  "$JAVA" -cp "$DIST_LIB/*:$BENCH_LIB/*" dev.opsmcp.bench.Bench serve \
  --ceiling-port "${ports[0]}" --bare-port "${ports[1]}" --ours monitoring >"$WORK/servers.log" 2>&1 &
PIDS+=($!)
wait_for_line "$WORK/servers.log" '^ours (monitoring) starting' 60 >/dev/null
wait_healthy 30 "http://127.0.0.1:${ports[2]}/health"
key=$(OPSMCP_DATA_DIR=$WORK/ours "$ROOT/scripts/opsmcp" key create --tenant bench --name bench | tail -n 1)
URL=([ceiling]="http://127.0.0.1:${ports[0]}/mcp" [bare]="http://127.0.0.1:${ports[1]}/mcp"
  [ours]="http://127.0.0.1:${ports[2]}/mcp")
AUTH=([ceiling]="Bearer none" [bare]="Bearer none" [ours]="Bearer $key")
SESSION=([ceiling]=none)
SESSION[bare]=$(handshake "${URL[bare]}" "${AUTH[bare]}")
SESSION[ours]=$(handshake "${URL[ours]}" "${AUTH[ours]}")

load_status=0
declare -A BEST FAILED
if ((initial_warmup_seconds > 0)); then
  echo "(warming up each system for $initial_warmup_seconds s at 16 connections, not counted)" >&2
  for system in "${SYSTEMS[@]}"; do
    result=$(run_wrk "$system" "$initial_warmup_seconds" 16 "$WORK/wrk.out")
    read -r _ _ _ n b s <<<"$result"
    if ((n + b + s > 0)); then
      echo "warning: warm-up of $system: $n non-2xx, $b bad bodies, $s socket errors" >&2
    fi
  done
fi
IFS=, read -r -a level_list <<<"$levels"
for connections in "${level_list[@]}"; do
  echo "($connections connection(s): $rounds round(s) × 3 systems × $seconds s)" >&2
  for ((round = 0; round < rounds; round++)); do
    # Alternate the order so that drift (JIT, GC, the machine's other work) falls on all sides.
    order=("${SYSTEMS[@]}")
    ((round % 2 == 0)) || order=(ours bare ceiling)
    for system in "${order[@]}"; do
      if ((warmup_seconds > 0)); then
        run_wrk "$system" "$warmup_seconds" "$connections" "$WORK/wrk.out" >/dev/null
      fi
      result=$(run_wrk "$system" "$seconds" "$connections" "$WORK/wrk.out")
      read -r rate p50 p99 n b s <<<"$result"
      point=$system,$connections
      failed=${FAILED[$point]:-0 0 0}
      read -r fn fb fs <<<"$failed"
      FAILED[$point]="$((fn + n)) $((fb + b)) $((fs + s))"
      if [[ -z ${BEST[$point]:-} ]] || ((rate > ${BEST[$point]%% *})); then
        BEST[$point]="$rate $p50 $p99"
      fi
    done
  done
done

printf '%-6s %-8s %10s %9s %9s %8s %9s %8s\n' conns system calls/s p50_ms p99_ms non-2xx bad-body sock-err
for connections in "${level_list[@]}"; do
  for system in "${SYSTEMS[@]}"; do
    read -r rate p50 p99 <<<"${BEST[$system,$connections]}"
    read -r n b s <<<"${FAILED[$system,$connections]}"
    printf '%-6s %-8s %10s %9s %9s %8s %9s %8s\n' "$connections" "$system" "$rate" "$p50" "$p99" "$n" "$b" "$s"
  done
  read -r ceiling _ <<<"${BEST[ceiling,$connections]}"
  read -r bare _ <<<"${BEST[bare,$connections]}"
  read -r ours _ <<<"${BEST[ours,$connections]}"
  reasons=()
  for system in "${SYSTEMS[@]}"; do
    read -r n b s <<<"${FAILED[$system,$connections]}"
    if ((n + b + s > 0)); then
      reasons+=("$system had $n non-2xx, $b bad bodies, $s socket errors")
      load_status=1
    fi
  done
  for system in bare ours; do
    read -r rate _ <<<"${BEST[$system,$connections]}"
    if awk -v c="$ceiling" -v r="$rate" -v k="$ceiling_ratio" 'BEGIN { exit !(c < k * r) }'; then
      reasons+=("the ceiling ($ceiling calls/s) was not ${ceiling_ratio}x $system ($rate): the client could not push past it")
    fi
  done
  if ((${#reasons[@]} > 0)); then
    line="no ratio:"
    for reason in "${reasons[@]}"; do line+=" $reason;"; done
    echo "       ${line%;}"
  else
    awk -v o="$ours" -v b="$bare" -v c="$ceiling" 'BEGIN {
      printf "       ours/bare %.2f (ceiling %.1fx bare, %.1fx ours)\n", (b > 0 ? o / b : 0),
        (b > 0 ? c / b : 0), (o > 0 ? c / o : 0) }'
  fi
done
stop_processes "${PIDS[@]}"
PIDS=()
echo "(load average after: $(load_average); above $cores, other processes competed for the CPU and"
echo " the figures are not a measurement: take them on a quiet machine)"
sdk_version=$(find "$BENCH_LIB" -maxdepth 1 -name 'mcp-core-*.jar' -printf '%f\n' | sed 's/^mcp-core-//; s/\.jar$//')
echo "(ceiling: raw Jetty servlet, fixed JSON; bare: MCP SDK ${sdk_version:-?} streamable-HTTP servlet on Jetty,"
echo " virtual threads, immediate execution, a constant system_info-shaped tool, no auth/metrics/DB;"
echo " ours: dev.opsmcp.dist.Launcher monitoring, embedded DB, a real API key,"
echo " OPSMCP_RATE_LIMIT_PER_MINUTE=10000000 so the limiter admits the load; all three in one JVM"
echo " with default options, driven one at a time; calls/s counts 2xx answers with a result only)"
if [[ $throughput_only == true ]]; then
  exit "$load_status"
fi

echo
echo "== 2. Startup: scripts/start-servers.sh --detach (embedded DB: one JVM hosts all four)"
STACK_DATA=$WORK/stack
export OPSMCP_DATA_DIR=$STACK_DATA OPSMCP_MONITORING_PORT=${ports[3]} \
  OPSMCP_ORCHESTRATION_PORT=${ports[4]} OPSMCP_LOG_ANALYTICS_PORT=${ports[5]} \
  OPSMCP_MESSAGING_PORT=${ports[6]}
health=()
for i in 3 4 5 6; do health+=("http://127.0.0.1:${ports[i]}/health"); done
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
