#!/usr/bin/env bash
# Prints what an agent pays in context for OpsMCP: each server's tool definitions and the largest
# result of each read tool, in tokens (characters / 4), against running servers loaded with the
# demo incident:  scripts/start-servers.sh --detach && scripts/opsmcp demo && bench/tokens.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/dist.sh
source "$ROOT/scripts/lib/dist.sh"

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  echo "Usage: $(basename "$0")   (servers from OPSMCP_HOST and OPSMCP_<SERVER>_PORT; key from"
  echo "OPSMCP_API_KEY, default \$OPSMCP_DATA_DIR/agent-key.txt)"
  exit 0
fi
key=${OPSMCP_API_KEY:-}
if [[ -z $key ]]; then
  [[ -r $OPSMCP_DATA_DIR/agent-key.txt ]] || {
    echo "error: set OPSMCP_API_KEY (no $OPSMCP_DATA_DIR/agent-key.txt)" >&2
    exit 1
  }
  key=$(<"$OPSMCP_DATA_DIR/agent-key.txt")
fi
host=${OPSMCP_HOST:-127.0.0.1}
[[ $host == 0.0.0.0 ]] && host=127.0.0.1
project=$ROOT/e2e/agent-sdk
if [[ ! -f $project/node_modules/@modelcontextprotocol/sdk/package.json ]]; then
  (cd "$project" && npm ci --no-audit --no-fund) >&2
fi
cd "$project"
OPSMCP_API_KEY=$key exec node tokens.mjs \
  "monitoring=http://$host:${OPSMCP_MONITORING_PORT:-9001}" \
  "orchestration=http://$host:${OPSMCP_ORCHESTRATION_PORT:-9002}" \
  "log-analytics=http://$host:${OPSMCP_LOG_ANALYTICS_PORT:-9003}" \
  "messaging=http://$host:${OPSMCP_MESSAGING_PORT:-9004}"
