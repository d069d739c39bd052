# shellcheck shell=bash
# Sourced by the OpsMCP scripts: checking and stopping processes by pid.

# True if pid $1 exists and is not a zombie (a zombie has exited but is not yet reaped).
is_running() {
  kill -0 "$1" 2>/dev/null || return 1
  [[ -r /proc/$1/stat ]] || return 0
  local stat
  stat=$(<"/proc/$1/stat") || return 1
  [[ ${stat##*") "} != Z* ]]
}

# Sends SIGTERM to the given pids, waits up to OPSMCP_STOP_TIMEOUT (15) seconds for them to exit,
# then sends SIGKILL to those still running.
stop_processes() {
  local pid waiting deadline=$((SECONDS + ${OPSMCP_STOP_TIMEOUT:-15}))
  (($# > 0)) || return 0
  kill -TERM "$@" 2>/dev/null || true
  while ((SECONDS < deadline)); do
    waiting=false
    for pid in "$@"; do
      is_running "$pid" && waiting=true
    done
    [[ $waiting == true ]] || return 0
    sleep 0.5
  done
  for pid in "$@"; do
    if is_running "$pid"; then
      echo "pid $pid did not stop within ${OPSMCP_STOP_TIMEOUT:-15} s; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

# True if pid $1 is running an OpsMCP server JVM (guards against pids reused by other programs).
is_opsmcp_server() {
  is_running "$1" || return 1
  [[ -r /proc/$1/cmdline ]] || return 0
  [[ $(tr '\0' ' ' <"/proc/$1/cmdline") == *dev.opsmcp.dist.Launcher* ]]
}
