#!/usr/bin/env bash
# Log-analytics benchmarks: OTLP protobuf and OTLP/JSON ingest vs a plain COPY of the same rows
# (same run), get_raw_logs latency with millions of rows stored (no manual VACUUM or ANALYZE), and
# sandbox overhead. Compiles what it needs (nothing installed), then prints figures.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
source "$ROOT/scripts/lib/java.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--no-build] [--embedded] [--rows N] [--ingest N] [--senders N] [--no-sandbox]
       [--server-from DIR]

  --no-build    use the classes already compiled under log-analytics-server/target
  --embedded    run against the embedded database (H2) instead of PostgreSQL (no COPY baseline)
  --rows N      rows stored for the get_raw_logs latency test (default 5000000)
  --ingest N    records sent per ingest phase (OTLP/JSON, OTLP protobuf, COPY) (default 300000)
  --senders N   concurrent OTLP senders (default 4)
  --no-sandbox  skip the sandbox overhead part
  --server-from DIR  run this bench against the server classes compiled in another checkout (e.g. a
                worktree of main after mvn -pl log-analytics-server -am test-compile): A/B runs

Needs PostgreSQL at OPSMCP_TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test)
unless --embedded; a throwaway database is created on it and dropped at exit. Needs bubblewrap for
the sandbox part. Extra JVM options (e.g. a JFR recording) from BENCH_JAVA_OPTS; BENCH_FORMATS=protobuf
(or json) runs one OTLP ingest phase only; BENCH_VACUUM_WAIT=0 skips waiting (up to 180 s) for a
vacuum of the log table after the load and the second round of calls.
USAGE
}

build=true
embedded=false
sandbox=true
server_from=
rows=5000000
ingest=300000
senders=4
while (($#)); do
  case $1 in
    --no-build) build=false; shift ;;
    --embedded) embedded=true; shift ;;
    --no-sandbox) sandbox=false; shift ;;
    --server-from) server_from=$(cd "${2:?}" && pwd); shift 2 ;;
    --rows) rows=${2:?}; shift 2 ;;
    --ingest) ingest=${2:?}; shift 2 ;;
    --senders) senders=${2:?}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

if $embedded; then
  unset OPSMCP_TEST_DATABASE_URL
else
  export OPSMCP_TEST_DATABASE_URL=${OPSMCP_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}
fi
cd "$ROOT"
if $build; then
  # Compiled in the reactor, nothing installed: the classpath names the modules' target dirs.
  mvn -B -q -pl log-analytics-server -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$ROOT/target/log-analytics-bench-classpath.txt" \
    -Dspotless.check.skip=true
fi
JAVA=$(pick_java)
cp="log-analytics-server/target/test-classes:log-analytics-server/target/classes:$(cat target/log-analytics-bench-classpath.txt)"
if [[ -n $server_from ]]; then
  cp="log-analytics-server/target/test-classes:$server_from/log-analytics-server/target/classes:$(
    sed "s#$ROOT/common/target/classes#$server_from/common/target/classes#" target/log-analytics-bench-classpath.txt)"
  echo "server classes from $server_from ($(git -C "$server_from" rev-parse --short HEAD))"
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM, load $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA" -version 2>&1 | head -1)"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
"$JAVA" -Xmx4g ${BENCH_JAVA_OPTS:-} -Dbench.rows="$rows" -Dbench.ingest="$ingest" \
  -Dbench.senders="$senders" -Dbench.formats="${BENCH_FORMATS:-json,protobuf}" \
  -Dbench.vacuumWait="${BENCH_VACUUM_WAIT:-180}" \
  -Dbench.noSandbox="$(if $sandbox; then echo false; else echo true; fi)" \
  -Dlogback.configurationFile="$ROOT/bench/logback-quiet.xml" -cp "$cp" \
  dev.opsmcp.loganalytics.bench.LogAnalyticsBench
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
