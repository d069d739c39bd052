#!/usr/bin/env bash
# Starts the four OpsMCP servers and waits until each answers /health.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/java.sh
source "$ROOT/scripts/lib/java.sh"
# shellcheck source=lib/dist.sh
source "$ROOT/scripts/lib/dist.sh"
# shellcheck source=lib/process.sh
source "$ROOT/scripts/lib/process.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--detach] [--help]

Starts the OpsMCP servers (monitoring, orchestration, log-analytics, messaging), building them
first if dist/target/opsmcp/lib holds no jars, and waits until each answers /health.
DATABASE_URL unset: one JVM hosts all four on the embedded database under OPSMCP_DATA_DIR.
DATABASE_URL set:   one JVM per server, all on that PostgreSQL database.
Each JVM's heap is OPSMCP_JAVA_HEAP (default 1g for the one JVM, 512m per server). On Java 19+
each JVM keeps a class-data archive in \$OPSMCP_DATA_DIR/run/ that makes the next start faster
(written when it stops gracefully; OPSMCP_JAVA_CDS=off to do without).

  (no option)  logs go to this terminal; Ctrl+C stops the servers
  --detach     run in the background, logs and pid files in \$OPSMCP_DATA_DIR/run/;
               stop them with scripts/stop-servers.sh
  --help       show this help
USAGE
}

detach=false
for arg in "$@"; do
  case $arg in
    --detach) detach=true ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
  esac
done

HOST=${OPSMCP_HOST:-127.0.0.1}
SERVERS=(monitoring orchestration log-analytics messaging)
declare -A PORT=(
  [monitoring]=${OPSMCP_MONITORING_PORT:-9001}
  [orchestration]=${OPSMCP_ORCHESTRATION_PORT:-9002}
  [log-analytics]=${OPSMCP_LOG_ANALYTICS_PORT:-9003}
  [messaging]=${OPSMCP_MESSAGING_PORT:-9004}
)
# Servers bound to the wildcard address are reached through the loopback.
URL_HOST=$HOST
if [[ $HOST == 0.0.0.0 ]]; then URL_HOST=127.0.0.1; fi

# Refuses to start over servers that an earlier --detach left running; drops stale pid files.
check_not_running() {
  local file
  for file in "$OPSMCP_RUN_DIR"/*.pid; do
    [[ -e $file ]] || continue
    if is_opsmcp_server "$(<"$file")"; then
      echo "error: OpsMCP servers are already running (see $file); stop them with" \
        "$ROOT/scripts/stop-servers.sh" >&2
      exit 1
    fi
    rm -f "$file"
  done
}

# Prints what listens on TCP port $1, if anything.
port_listener() {
  if command -v ss >/dev/null; then
    ss -Hltnp "sport = :$1" 2>/dev/null || true
  elif command -v lsof >/dev/null; then
    lsof -nP -iTCP:"$1" -sTCP:LISTEN 2>/dev/null || true
  elif command -v fuser >/dev/null; then
    fuser -v -n tcp "$1" 2>&1 | grep -v '^Cannot stat' || true
  elif (: <>"/dev/tcp/$URL_HOST/$1") 2>/dev/null; then
    echo "something accepts connections on $URL_HOST:$1"
  fi
}

check_ports_free() {
  local name listener holder lines taken=false
  for name in "${SERVERS[@]}"; do
    listener=$(port_listener "${PORT[$name]}")
    [[ -n $listener ]] || continue
    taken=true
    holder=$(sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' <<<"$listener" | head -n 1)
    echo "error: port ${PORT[$name]} ($name) is already in use${holder:+ by $holder}:" >&2
    mapfile -t lines <<<"$listener"
    printf '    %s\n' "${lines[@]}" >&2
  done
  if [[ $taken == true ]]; then
    echo "Stop that process, or choose other ports with OPSMCP_<SERVER>_PORT." >&2
    exit 1
  fi
}

PIDS=() # started JVMs, in the order of NAMES
NAMES=()

start_jvm() {
  local name=$1 cmd
  cds_options "$name"
  cmd=("$JAVA" "$HEAP" "${CDS_OPTIONS[@]}" -cp "$OPSMCP_LIB/*" dev.opsmcp.dist.Launcher "$1")
  if [[ $detach == true ]]; then
    if command -v setsid >/dev/null; then cmd=(setsid nohup "${cmd[@]}"); else cmd=(nohup "${cmd[@]}"); fi
    "${cmd[@]}" >"$OPSMCP_RUN_DIR/$name.log" 2>&1 </dev/null &
    echo $! >"$OPSMCP_RUN_DIR/$name.pid"
  else
    "${cmd[@]}" &
  fi
  PIDS+=($!)
  NAMES+=("$name")
}

# Stops whatever this script started; runs on every exit except a successful --detach.
cleanup() {
  local name
  ((${#PIDS[@]} > 0)) || return 0
  echo "Stopping OpsMCP servers ..." >&2
  stop_processes "${PIDS[@]}"
  for name in "${NAMES[@]}"; do rm -f "$OPSMCP_RUN_DIR/$name.pid"; done
}

# Exits with an error if one of the started JVMs has exited.
check_alive() {
  local i status log
  for i in "${!PIDS[@]}"; do
    is_running "${PIDS[i]}" && continue
    status=0
    wait "${PIDS[i]}" || status=$?
    echo "error: ${NAMES[i]} (pid ${PIDS[i]}) exited with status $status" >&2
    log=$OPSMCP_RUN_DIR/${NAMES[i]}.log
    if [[ $detach == true && -f $log ]]; then
      echo "Last lines of $log:" >&2
      tail -n 40 "$log" >&2
    fi
    exit 1
  done
}

wait_healthy() {
  local name url timeout=${OPSMCP_START_TIMEOUT:-60}
  local deadline=$((SECONDS + timeout))
  for name in "${SERVERS[@]}"; do
    url=http://$URL_HOST:${PORT[$name]}/health
    until curl -fs --noproxy '*' --max-time 2 -o /dev/null "$url"; do
      check_alive
      if ((SECONDS >= deadline)); then
        echo "error: $name did not answer $url within $timeout s" >&2
        if [[ $detach == true ]]; then echo "Logs: $OPSMCP_RUN_DIR/" >&2; fi
        exit 1
      fi
      sleep 1
    done
  done
}

# Says when analysis runs are unavailable here (the log-analytics /health names the cause), with
# the command that fixes the usual one.
check_analysis() {
  local url=http://$URL_HOST:${PORT[log-analytics]}/health body detail sudo=""
  body=$(curl -fs --noproxy '*' --max-time 5 "$url" || true)
  [[ $body == *'"analysis":{"status":"degraded"'* ]] || return 0
  detail=$(sed -n 's/.*"analysis":{"status":"degraded","detail":"\(\([^"\\]\|\\.\)*\)".*/\1/p' <<<"$body")
  echo "warning: analysis runs (execute_analysis_script) are unavailable: ${detail#unavailable: }" >&2
  if [[ ! -x ${OPSMCP_BWRAP_PATH:-/usr/bin/bwrap} || ! -x ${OPSMCP_ANALYSIS_PYTHON:-/usr/bin/python3} ]]; then
    if ((EUID != 0)); then sudo="sudo "; fi
    echo "  fix: ${sudo}apt-get install -y bubblewrap python3   (then restart the servers)" >&2
  fi
}

print_urls() {
  local name base
  echo "OpsMCP servers are up (MCP streamable HTTP and SSE endpoints):"
  for name in "${SERVERS[@]}"; do
    base=http://$URL_HOST:${PORT[$name]}
    printf '  %-14s %s/mcp   %s/sse\n' "$name" "$base" "$base"
  done
}

find_java
# One JVM hosts all four servers on the embedded database, one JVM each on PostgreSQL.
if [[ -z ${DATABASE_URL:-} ]]; then HEAP=$(heap_option 4); else HEAP=$(heap_option 1); fi
cds_options all # checks OPSMCP_JAVA_CDS before anything starts
check_not_running
check_ports_free
ensure_built
mkdir -p "$OPSMCP_RUN_DIR"
# The default runbook file starts empty (a missing runbook file stops the orchestration server).
if [[ $OPSMCP_RUNBOOKS_FILE == "$OPSMCP_DEFAULT_RUNBOOKS_FILE" && ! -e $OPSMCP_RUNBOOKS_FILE ]]; then
  printf '# The runbooks execute_remediation may run (README: Runbooks).\nrunbooks: []\n' \
    >"$OPSMCP_RUNBOOKS_FILE"
fi
# Owner-only: the first start prints the agent key, which --detach writes to a log here.
chmod 700 "$OPSMCP_RUN_DIR"

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [[ -z ${DATABASE_URL:-} ]]; then
  echo "Starting the four servers in one JVM (embedded database in $OPSMCP_DATA_DIR) with $JAVA $HEAP"
  start_jvm all
else
  echo "Starting one JVM per server (PostgreSQL from DATABASE_URL) with $JAVA $HEAP"
  for name in "${SERVERS[@]}"; do start_jvm "$name"; done
fi
wait_healthy
check_analysis
print_urls

if [[ $detach == true ]]; then
  stop_cmd=$(printf '%q' "$ROOT/scripts/stop-servers.sh")
  if [[ $OPSMCP_DATA_DIR != "$ROOT/data" ]]; then
    stop_cmd="OPSMCP_DATA_DIR=$(printf '%q' "$OPSMCP_DATA_DIR") $stop_cmd"
  fi
  echo "Logs and pid files: $OPSMCP_RUN_DIR/"
  echo "Stop them with: $stop_cmd"
  trap - EXIT
  exit 0
fi

echo "Press Ctrl+C to stop."
while true; do
  check_alive
  sleep 1
done
