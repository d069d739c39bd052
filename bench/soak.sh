#!/usr/bin/env bash
# Soak: a steady mixed load with abandoned sessions; prints how heap, threads, sockets and live MCP
# sessions move over time, and the slope of each.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
source "$ROOT/scripts/lib/java.sh"
# shellcheck source=../scripts/lib/dist.sh
source "$ROOT/scripts/lib/dist.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--minutes N] [--interval S] [--workers W] [--session-idle S] [--help]

Starts the built distribution (the one JVM hosting all four servers, on a fresh embedded database,
started as scripts/start-servers.sh starts it) and runs W (default 4) workers for N minutes
(default 30). Each worker, in a loop, opens a streamable-HTTP MCP session on one server after
another (initialize, notifications/initialized), calls tools/list and system_info in it, and
abandons it without DELETE; every tenth session is also reused for 20 more calls. Every S seconds
(default 30) it samples the JVM: heap used after a full GC (jcmd GC.run, GC.heap_info), threads
(/proc/PID/status), open sockets (/proc/PID/fd), live MCP sessions (the servers' /metrics), and
the calls made. The servers close sessions idle for --session-idle seconds (default 300, their
OPSMCP_SESSION_IDLE_SECONDS; the product's default is 1800), so that a 30-minute run reaches the
steady state in which abandoned sessions are reaped as fast as they are opened: a session lives
between one and two idle periods. At the end it prints each series' slope per hour (least squares)
over the whole run and over the steady state (the samples after two idle periods), and its first
and last values. Exits 1 if a call failed. Run it alone: flock /tmp/bench.lock bench/soak.sh
USAGE
}

minutes=30
interval=30
workers=4
idle=300
while (($#)); do
  case $1 in
    --minutes) minutes=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    --interval) interval=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    --workers) workers=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    --session-idle) idle=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in minutes interval workers idle; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "error: --$v must be a positive number" >&2; exit 2; }
done

find_java
ensure_built
JCMD=$(dirname "$JAVA")/jcmd
[[ -x $JCMD ]] || { echo "error: no jcmd beside $JAVA (a JDK, not a JRE, is needed)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/opsmcp-soak.XXXXXX)
export OPSMCP_DATA_DIR=$WORK/data OPSMCP_RUN_DIR=$WORK/data/run OPSMCP_RUNBOOKS_FILE=$WORK/runbooks.yaml
# The load stays under the rate limit: the soak looks for leaks, not for the limiter.
export OPSMCP_RATE_LIMIT_PER_MINUTE=10000000 OPSMCP_SESSION_IDLE_SECONDS=$idle
mkdir -p "$OPSMCP_RUN_DIR"
echo 'runbooks: []' >"$OPSMCP_RUNBOOKS_FILE"
PID=""
LOADERS=()
cleanup() {
  local p
  for p in "${LOADERS[@]}"; do kill "$p" 2>/dev/null || true; done
  if [[ -n $PID ]]; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORTS=(19501 19502 19503 19504)
export OPSMCP_MONITORING_PORT=19501 OPSMCP_ORCHESTRATION_PORT=19502 \
  OPSMCP_LOG_ANALYTICS_PORT=19503 OPSMCP_MESSAGING_PORT=19504
PROTOCOL=2025-06-18

cds_options all
"$JAVA" "$(heap_option 4)" "${CDS_OPTIONS[@]}" -cp "$OPSMCP_LIB/*" dev.opsmcp.dist.Launcher all \
  >"$WORK/server.log" 2>&1 </dev/null &
PID=$!
for port in "${PORTS[@]}"; do
  deadline=$((SECONDS + 120))
  until curl -fs --noproxy '*' --max-time 1 -o /dev/null "http://127.0.0.1:$port/health"; do
    if ((SECONDS >= deadline)) || ! kill -0 "$PID" 2>/dev/null; then
      echo "error: the servers did not start; their log:" >&2
      tail -n 20 "$WORK/server.log" >&2
      exit 1
    fi
    sleep 0.2
  done
done
key=$("$ROOT/scripts/opsmcp" key create --tenant soak --name soak | tail -n 1)

# One worker: sessions opened, used and abandoned, until killed. Counts calls and failures.
worker() {
  local n=$1 i=0 port session calls=0 failed=0 j uses answer
  local common=(-s --noproxy '*' --max-time 10 -H 'Content-Type: application/json'
    -H 'Accept: application/json, text/event-stream' -H "Authorization: Bearer $key")
  while true; do
    port=${PORTS[i % 4]}
    session=$(curl "${common[@]}" -D - -o /dev/null --data \
      '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"'"$PROTOCOL"'","capabilities":{},"clientInfo":{"name":"opsmcp-soak","version":"0.1.0"}}}' \
      "http://127.0.0.1:$port/mcp" | awk 'tolower($1) == "mcp-session-id:" { sub(/\r$/, "", $2); print $2 }') ||
      session=""
    if [[ -z $session ]]; then
      failed=$((failed + 1))
      echo "$(date +%T) port $port: initialize gave no session" >>"$WORK/failures-$n"
    else
      curl "${common[@]}" -o /dev/null -H "Mcp-Session-Id: $session" -H "MCP-Protocol-Version: $PROTOCOL" \
        --data '{"jsonrpc":"2.0","method":"notifications/initialized"}' "http://127.0.0.1:$port/mcp" ||
        true
      uses=1
      ((i % 10 == 0)) && uses=21
      for ((j = 0; j < uses; j++)); do
        for body in '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' \
          '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"system_info","arguments":{}}}'; do
          answer=$(curl "${common[@]}" -w ' HTTP %{http_code}' -H "Mcp-Session-Id: $session" \
            -H "MCP-Protocol-Version: $PROTOCOL" --data "$body" "http://127.0.0.1:$port/mcp") ||
            answer="curl exit $? $answer"
          if [[ $answer == *'"result"'* ]]; then
            calls=$((calls + 1))
          else
            failed=$((failed + 1))
            echo "$(date +%T) port $port: ${answer:0:300}" >>"$WORK/failures-$n"
          fi
        done
      done
    fi
    i=$((i + 1))
    # Renamed into place: the sampler never reads a half-written file.
    echo "$i $calls $failed" >"$WORK/.worker-$n" && mv "$WORK/.worker-$n" "$WORK/worker-$n"
  done
}
for ((w = 1; w <= workers; w++)); do
  worker "$w" &
  LOADERS+=($!)
done

# heap_mb threads sockets sessions calls failed
sample() {
  local heap threads sockets sessions port totals
  # In its own subshell: a probe that fails (an fd gone while find lists /proc/PID/fd, a jcmd
  # attach that times out) leaves its value empty or short instead of ending the whole sample.
  set +e +o pipefail
  "$JCMD" "$PID" GC.run >/dev/null
  heap=$("$JCMD" "$PID" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); printf "%.1f", v / 1024; exit } }')
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$PID/status")
  sockets=$(find "/proc/$PID/fd" -lname 'socket:*' 2>/dev/null | wc -l)
  sessions=0
  for port in "${PORTS[@]}"; do
    sessions=$((sessions + $(curl -fs --noproxy '*' --max-time 5 "http://127.0.0.1:$port/metrics" |
      awk '/^opsmcp_mcp_sessions\{/ { s += $NF } END { printf "%d", s }')))
  done
  # No worker file yet is no failure (pipefail would end the sample without a word).
  totals=$({ cat "$WORK"/worker-* 2>/dev/null || true; } | awk '{ s += $1; c += $2; f += $3 } END { printf "%d %d %d", s, c, f }')
  echo "${heap:-NaN} ${threads:-NaN} $sockets $sessions $totals"
}

echo "machine: $(nproc) cores; $JAVA; $workers workers for $minutes min, a sample every $interval s," \
  "sessions closed after $idle s idle;" \
  "load average at start $(cut -d ' ' -f 1-3 /proc/loadavg)"
printf '%8s %10s %8s %8s %9s %9s %9s %8s %6s\n' min heap_MB threads sockets sessions \
  opened calls failed load
start=$SECONDS
: >"$WORK/samples"
while ((SECONDS - start < minutes * 60)); do
  sleep "$interval"
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "error: the server JVM ($PID) is gone after $(((SECONDS - start) / 60)) min; the end of its log:" >&2
    tail -n 20 "$WORK/server.log" >&2
    exit 1
  fi
  read -r heap threads sockets sessions opened calls failed < <(sample) || {
    echo "error: sampling the server JVM ($PID) failed" >&2
    exit 1
  }
  t=$(awk -v s=$((SECONDS - start)) 'BEGIN { printf "%.2f", s / 60 }')
  echo "$t $heap $threads $sockets $sessions" >>"$WORK/samples"
  printf '%8s %10s %8s %8s %9s %9s %9s %8s %6s\n' "$t" "$heap" "$threads" "$sockets" \
    "$sessions" "$opened" "$calls" "$failed" "$(cut -d ' ' -f 1 /proc/loadavg)"
done
# Least-squares slope per hour of each series over the samples from minute $1 on, first -> last.
slopes() {
  awk -v from="$1" '
    $1 >= from { n++; x[n] = $1 / 60; for (k = 2; k <= 5; k++) y[k, n] = $k }
    END {
      split("heap_MB threads sockets sessions", name, " ")
      for (k = 2; k <= 5; k++) {
        sx = sy = sxx = sxy = 0
        for (i = 1; i <= n; i++) { sx += x[i]; sy += y[k, i]; sxx += x[i] * x[i]; sxy += x[i] * y[k, i] }
        d = n * sxx - sx * sx
        printf "  %-9s %+10.1f /h   %s -> %s\n", name[k - 1], (d ? (n * sxy - sx * sy) / d : 0), y[k, 1], y[k, n]
      }
    }' "$WORK/samples"
}
echo "slope per hour over the whole run, first -> last:"
slopes 0
steady=$(awk -v i="$idle" 'BEGIN { printf "%.2f", 2 * i / 60 }')
if (($(awk -v s="$steady" -v m="$minutes" 'BEGIN { print (m > s + 1) }'))); then
  echo "slope per hour in the steady state (from minute $steady, two idle periods), first -> last:"
  slopes "$steady"
else
  echo "no steady-state slope: the run is shorter than two idle periods (${steady} min) plus one minute"
fi
echo "load average at end $(cut -d ' ' -f 1-3 /proc/loadavg)"
if ((failed > 0)); then
  echo "error: $failed calls failed; the first ones:" >&2
  cat "$WORK"/failures-* 2>/dev/null | sort | head -n 10 >&2
  exit 1
fi
