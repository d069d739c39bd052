#!/usr/bin/env bash
# Stops the OpsMCP servers that `start-servers.sh --detach` started.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/dist.sh
source "$ROOT/scripts/lib/dist.sh"
# shellcheck source=lib/process.sh
source "$ROOT/scripts/lib/process.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--help]

Stops the OpsMCP servers started with start-servers.sh --detach, using the pid files in
\$OPSMCP_DATA_DIR/run/ (now $OPSMCP_RUN_DIR): SIGTERM, then SIGKILL for any server still
running after \$OPSMCP_STOP_TIMEOUT seconds (default 15).
USAGE
}

for arg in "$@"; do
  case $arg in
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
  esac
done

pids=()
names=()
files=()
for file in "$OPSMCP_RUN_DIR"/*.pid; do
  [[ -e $file ]] || continue
  files+=("$file")
  pid=$(<"$file")
  name=$(basename "$file" .pid)
  if [[ $pid =~ ^[0-9]+$ ]] && is_opsmcp_server "$pid"; then
    pids+=("$pid")
    names+=("$name (pid $pid)")
  else
    echo "Removing stale pid file $file (no OpsMCP server with pid $pid)"
  fi
done

if ((${#pids[@]} == 0)); then
  rm -f "${files[@]}"
  echo "No OpsMCP servers are running (no live pid files in $OPSMCP_RUN_DIR)."
  exit 0
fi

echo "Stopping ${names[*]} ..."
stop_processes "${pids[@]}"
rm -f "${files[@]}"
echo "Stopped."
