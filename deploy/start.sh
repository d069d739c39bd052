#!/usr/bin/env bash
# Starts two replicas of each OpsMCP server on one PostgreSQL and HAProxy in front of them
# (deploy/README.md), and waits until every server answers /health through the balancer.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
source "$ROOT/scripts/lib/java.sh"
# shellcheck source=../scripts/lib/dist.sh
source "$ROOT/scripts/lib/dist.sh"
# shellcheck source=../scripts/lib/process.sh
source "$ROOT/scripts/lib/process.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--help]

Starts two replicas of every OpsMCP server (one JVM each) on the PostgreSQL database of
DATABASE_URL, and HAProxy (deploy/haproxy.cfg) in front of them; waits until each server answers
/health through the balancer. Runs in the foreground: Ctrl+C or SIGTERM stops everything. A
replica that exits is reported and left out by the balancer; the others keep serving.

  DATABASE_URL                 required: the one PostgreSQL all replicas share
  OPSMCP_LB_HOST               address HAProxy listens on (default 127.0.0.1)
  OPSMCP_<SERVER>_PORT         the ports clients use (defaults 9001 monitoring, 9002
                               orchestration, 9003 log-analytics, 9004 messaging)
  OPSMCP_REPLICA_PORT_BASE     replica r of the i-th server listens on BASE + 10*i + r
                               (default 9100: 9111, 9112, 9121, ... 9142)
  OPSMCP_JAVA_HEAP             -Xmx of each replica (default 512m)
  OPSMCP_JAVA_CDS              on (default): each replica keeps a class-data archive in
                               \$OPSMCP_DATA_DIR/run/deploy/ for faster restarts; off
  OPSMCP_START_TIMEOUT         seconds to wait for every replica and the balancer (default 180)
Replica pid files and logs, and HAProxy's log: \$OPSMCP_DATA_DIR/run/deploy/.
USAGE
}

for arg in "$@"; do
  case $arg in
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
  esac
done

if [[ -z ${DATABASE_URL:-} ]]; then
  echo "error: DATABASE_URL is not set: replicas share one PostgreSQL database (the embedded" \
    "database belongs to one JVM); e.g. DATABASE_URL=postgresql://opsmcp@db:5432/opsmcp" >&2
  exit 2
fi
command -v haproxy >/dev/null || {
  echo "error: haproxy is not installed (Debian/Ubuntu: apt-get install -y haproxy)" >&2
  exit 1
}

SERVERS=(monitoring orchestration log-analytics messaging)
export OPSMCP_LB_HOST=${OPSMCP_LB_HOST:-127.0.0.1}
export OPSMCP_MONITORING_PORT=${OPSMCP_MONITORING_PORT:-9001}
export OPSMCP_ORCHESTRATION_PORT=${OPSMCP_ORCHESTRATION_PORT:-9002}
export OPSMCP_LOG_ANALYTICS_PORT=${OPSMCP_LOG_ANALYTICS_PORT:-9003}
export OPSMCP_MESSAGING_PORT=${OPSMCP_MESSAGING_PORT:-9004}
REPLICA_BASE=${OPSMCP_REPLICA_PORT_BASE:-9100}
REPLICA_HOST=${OPSMCP_HOST:-127.0.0.1}
[[ $REPLICA_HOST == 0.0.0.0 ]] && REPLICA_HOST=127.0.0.1
LB_URL_HOST=$OPSMCP_LB_HOST
[[ $LB_URL_HOST == 0.0.0.0 ]] && LB_URL_HOST=127.0.0.1
RUN_DIR=$OPSMCP_RUN_DIR/deploy
UID_BASE=${OPSMCP_ANALYSIS_UID_BASE:-200000}

# OPSMCP_LOG_ANALYTICS, the prefix of a server's variables.
var_prefix() { local upper=${1^^}; echo "OPSMCP_${upper//-/_}"; }
front_port() { local v; v="$(var_prefix "$1")_PORT"; echo "${!v}"; }
replica_port() { echo $((REPLICA_BASE + 10 * ($1 + 1) + $2)); }

# Fails naming the first port that something already listens on.
check_port_free() {
  if (: <>"/dev/tcp/$1/$2") 2>/dev/null; then
    echo "error: $1:$2 ($3) is already in use; stop that process or choose other ports" \
      "(OPSMCP_<SERVER>_PORT, OPSMCP_REPLICA_PORT_BASE)" >&2
    exit 1
  fi
}

PIDS=()
NAMES=()
cleanup() {
  ((${#PIDS[@]} > 0)) || return 0
  echo "Stopping the replicas and HAProxy ..." >&2
  stop_processes "${PIDS[@]}"
  rm -f "$RUN_DIR"/*.pid
}

start_replica() {
  local name=$1 r=$2 i=$3 prefix port
  prefix=$(var_prefix "$name")
  port=$(replica_port "$i" "$r")
  export "${prefix}_R$r=$REPLICA_HOST:$port"
  cds_options "deploy/$name-r$r"
  # The replica's own port, its path on the balancer, and the balancer's URL as its public one.
  env "${prefix}_PORT=$port" OPSMCP_REPLICA_PREFIX="/r$r" \
    "OPSMCP_PUBLIC_URL_${prefix#OPSMCP_}=$(public_url "$name")" \
    OPSMCP_ANALYSIS_UID_BASE=$((UID_BASE + (r - 1) * 1000)) \
    "$JAVA" "$HEAP" "${CDS_OPTIONS[@]}" -cp "$OPSMCP_LIB/*" dev.opsmcp.dist.Launcher "$name" \
    >"$RUN_DIR/$name-r$r.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name-r$r.pid"
  PIDS+=($!)
  NAMES+=("$name-r$r")
}

# OPSMCP_PUBLIC_URL_<SERVER> if the operator set it, else the balancer's address.
public_url() {
  local v
  v=$(var_prefix "$1")
  v=OPSMCP_PUBLIC_URL_${v#OPSMCP_}
  echo "${!v:-http://$LB_URL_HOST:$(front_port "$1")}"
}

# Waits for $1 (a URL) to answer 200, failing if a started process died meanwhile or the start
# has taken OPSMCP_START_TIMEOUT seconds in all.
wait_url() {
  local i
  until curl -fs --noproxy '*' --max-time 2 -o /dev/null "$1"; do
    for i in "${!PIDS[@]}"; do
      is_running "${PIDS[i]}" && continue
      echo "error: ${NAMES[i]} exited during start; last lines of $RUN_DIR/${NAMES[i]}.log:" >&2
      tail -n 40 "$RUN_DIR/${NAMES[i]}.log" >&2
      exit 1
    done
    if ((SECONDS >= START_DEADLINE)); then
      echo "error: $1 did not answer within ${OPSMCP_START_TIMEOUT:-180} s of the start (logs: $RUN_DIR/)" >&2
      exit 1
    fi
    sleep 1
  done
}

find_java
HEAP=$(heap_option 1)
cds_options check # checks OPSMCP_JAVA_CDS before anything starts
ensure_built
for i in "${!SERVERS[@]}"; do
  check_port_free "$OPSMCP_LB_HOST" "$(front_port "${SERVERS[i]}")" "balancer, ${SERVERS[i]}"
  for r in 1 2; do
    check_port_free "$REPLICA_HOST" "$(replica_port "$i" "$r")" "${SERVERS[i]} replica r$r"
  done
done
mkdir -p "$RUN_DIR"
chmod 700 "$OPSMCP_RUN_DIR"
if [[ $OPSMCP_RUNBOOKS_FILE == "$OPSMCP_DEFAULT_RUNBOOKS_FILE" && ! -e $OPSMCP_RUNBOOKS_FILE ]]; then
  printf '# The runbooks execute_remediation may run (README: Runbooks).\nrunbooks: []\n' \
    >"$OPSMCP_RUNBOOKS_FILE"
fi

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Once, before any replica: eight processes then start on a migrated database.
"$JAVA" -cp "$OPSMCP_LIB/*" dev.opsmcp.dist.Admin migrate
echo "Starting two replicas of each server with $JAVA $HEAP"
START_DEADLINE=$((SECONDS + ${OPSMCP_START_TIMEOUT:-180}))
for i in "${!SERVERS[@]}"; do
  for r in 1 2; do start_replica "${SERVERS[i]}" "$r" "$i"; done
done
haproxy -db -f "$ROOT/deploy/haproxy.cfg" >"$RUN_DIR/haproxy.log" 2>&1 </dev/null &
echo $! >"$RUN_DIR/haproxy.pid"
PIDS+=($!)
NAMES+=(haproxy)
HAPROXY_PID=$!

for i in "${!SERVERS[@]}"; do
  for r in 1 2; do wait_url "http://$REPLICA_HOST:$(replica_port "$i" "$r")/health"; done
  wait_url "http://$LB_URL_HOST:$(front_port "${SERVERS[i]}")/health"
done
echo "OpsMCP is up behind HAProxy (two replicas each; MCP streamable HTTP and SSE endpoints):"
for name in "${SERVERS[@]}"; do
  base=http://$LB_URL_HOST:$(front_port "$name")
  printf '  %-14s %s/mcp   %s/sse\n' "$name" "$base" "$base"
done
echo "Replica logs and pid files: $RUN_DIR/. Press Ctrl+C to stop."

# A replica that exits is reported once; the balancer already routes around it.
declare -A reported=()
while true; do
  is_running "$HAPROXY_PID" || { echo "error: HAProxy exited; see $RUN_DIR/haproxy.log" >&2; exit 1; }
  for i in "${!PIDS[@]}"; do
    if [[ -z ${reported[$i]:-} ]] && ! is_running "${PIDS[i]}"; then
      echo "warning: ${NAMES[i]} (pid ${PIDS[i]}) exited; the balancer serves from the other replica" >&2
      reported[$i]=1
    fi
  done
  sleep 1
done
