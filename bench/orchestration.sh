#!/usr/bin/env bash
# The orchestration server's figures: list_incidents and get_incident p50/p95 over INCIDENTS ×
# EVENTS, Alertmanager intake alerts/s, outbox notifications/s to a local webhook receiver, and
# (PostgreSQL only) approval decided → approved remediation started, p99 across two processes.
# Usage: bench/orchestration.sh [--no-build] [--sql-seed] [INCIDENTS [EVENTS [CLIENTS]]]
#        (defaults 10000 20 8)
# DATABASE_URL unset: the embedded database. Set (postgresql://user@host:port/any): a fresh
# database is created on that server for the run (psql) and dropped after. --sql-seed (PostgreSQL
# only) writes the same incidents and events with one SQL script instead of 200,000 REST calls,
# and times the notification dispatcher alone on an outbox filled with SQL.
# BENCH_SERVER_LIB: run the servers from this lib directory (a before/after A/B; default the build's).
# BENCH_SERVER_JAVA_OPTS: extra JVM options for the first orchestration server (JFR, say).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
source "$ROOT/scripts/lib/java.sh"
# shellcheck source=../scripts/lib/process.sh
source "$ROOT/scripts/lib/process.sh"
# shellcheck source=lib/database.sh
source "$ROOT/bench/lib/database.sh"

build=true
sql_seed=false
positional=()
while (($# > 0)); do
  case $1 in
    --no-build) build=false ;;
    --sql-seed) sql_seed=true ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *[!0-9]* | "") echo "error: unknown argument: $1" >&2; exit 2 ;;
    *) positional+=("$1") ;;
  esac
  shift
done
incidents=${positional[0]:-10000}
events=${positional[1]:-20}
clients=${positional[2]:-8}

find_java
if [[ $build == true ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip -pl dist,bench -am package) >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/opsmcp-orch-bench.XXXXXX")
free_port() { echo $((20000 + RANDOM % 20000)); }
port=$(free_port)
pids=()
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  ((${#pids[@]} > 0)) && stop_processes "${pids[@]}"
  drop_bench_database
  rm -rf "$work"
}
trap cleanup EXIT

# No rate limit, and the one local receiver may take 16 deliveries at once (default 2 per URL).
export OPSMCP_DATA_DIR=$work OPSMCP_RATE_LIMIT_PER_MINUTE=10000000 OPSMCP_NOTIFY_PER_DESTINATION=16
create_bench_database opsmcp_bench
db_kind=${BENCH_DB:+PostgreSQL database $BENCH_DB}
db_kind=${db_kind:-embedded database}

# bench-restart: the high-risk runbook whose approved runs the approval figure times.
runbook_port=$(free_port)
cat >"$work/runbooks.yaml" <<YAML
runbooks:
  - name: bench-restart
    description: Benchmark remediation (POSTs to the bench's receiver)
    risk: high
    kind: remediation
    parameters:
      id: {type: string, pattern: "[a-z0-9]{1,20}"}
    http:
      method: POST
      url: "http://127.0.0.1:$runbook_port/run/{{id}}"
      accept: [204]
YAML
export OPSMCP_RUNBOOKS_FILE=$work/runbooks.yaml

lib=${BENCH_SERVER_LIB:-$ROOT/dist/target/opsmcp/lib}
cli() { "$JAVA" -cp "$lib/*" dev.opsmcp.dist.Admin "$@" | tail -n 1; }
cli migrate >/dev/null
key=$(cli key create --tenant bench --scopes admin)
if [[ $sql_seed == true ]]; then
  [[ -n $BENCH_DB ]] || { echo "error: --sql-seed needs DATABASE_URL (PostgreSQL)" >&2; exit 2; }
  # What POST /api/v1/incidents and POST .../events write, in one go: incident INC-n is bench
  # incident n-1 (SEVn, service svc-(n-1)%50), opened by the agent, with EVENTS-1 findings.
  psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" >/dev/null <<SQL
INSERT INTO incident (tenant_id, ref_number, title, severity, status, started_at, created_at, updated_at)
  SELECT 'bench', g, 'bench incident ' || (g - 1), 'SEV' || (1 + (g - 1) % 4), 'OPEN', t, t, t
  FROM generate_series(1, $incidents) g, LATERAL (SELECT now() - ($incidents - g) * interval '10 ms' AS t) x;
INSERT INTO incident_service (incident_id, service)
  SELECT id, 'svc-' || ((ref_number - 1) % 50) FROM incident WHERE tenant_id = 'bench';
INSERT INTO incident_counter (tenant_id, last_ref) VALUES ('bench', $incidents)
  ON CONFLICT (tenant_id) DO UPDATE SET last_ref = EXCLUDED.last_ref;
INSERT INTO incident_event (tenant_id, incident_id, kind, text, source, actor, at)
  SELECT 'bench', id, 'created', 'Incident opened: ' || title, 'agent', NULL, created_at
  FROM incident WHERE tenant_id = 'bench';
INSERT INTO incident_event (tenant_id, incident_id, kind, text, source, actor, at)
  SELECT 'bench', i.id, 'finding', 'finding ' || e || ' of INC-' || i.ref_number, 'agent', NULL,
         i.created_at + e * interval '1 ms'
  FROM incident i, generate_series(1, $events - 1) e WHERE i.tenant_id = 'bench';
ANALYZE;
SQL
  export BENCH_SEEDED=1
fi

# Starts server $1 on port $2 as start-servers.sh does (one JVM per server, 512 MB heap).
start_server() {
  local var opts=()
  var=OPSMCP_$(tr 'a-z-' 'A-Z_' <<<"$1")_PORT
  # shellcheck disable=SC2206 # options split on spaces on purpose
  [[ $1 == orchestration && ${#pids[@]} == 0 ]] && opts=(${BENCH_SERVER_JAVA_OPTS:-})
  env "$var=$2" "$JAVA" -Xmx512m "${opts[@]}" -cp "$lib/*" dev.opsmcp.dist.Launcher "$1" >"$work/$1-$2.log" 2>&1 &
  pids+=($!)
}
await_health() {
  for _ in $(seq 1 240); do
    curl -fsS --noproxy '*' "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "error: the server on port $1 did not start; the logs:" >&2
  tail -n 30 "$work"/*.log >&2
  exit 1
}

start_server orchestration "$port"
server=${pids[0]}
if [[ -n $BENCH_DB ]]; then
  replica_port=$(free_port)
  messaging_port=$(free_port)
  start_server orchestration "$replica_port"
  start_server messaging "$messaging_port"
  await_health "$replica_port"
  await_health "$messaging_port"
  export BENCH_REPLICA_URL=http://127.0.0.1:$replica_port \
    BENCH_MESSAGING_URL=http://127.0.0.1:$messaging_port BENCH_RUNBOOK_PORT=$runbook_port
fi
await_health "$port"
export BENCH_SERVER_PID=$server
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "orchestration server pid $server on port $port ($db_kind, servers from $lib); $incidents incidents × $events events, $clients clients"
"$JAVA" -cp "$ROOT/bench/target/lib/*" dev.opsmcp.bench.OrchestrationBench \
  "http://127.0.0.1:$port" "$key" "$incidents" "$events" "$clients"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
