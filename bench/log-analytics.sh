#!/usr/bin/env bash
# Log-analytics benchmarks on PostgreSQL: OTLP/JSON ingest vs plain COPY, get_raw_logs latency
# with millions of rows stored, and sandbox overhead. Builds what it needs, then prints figures.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
source "$ROOT/scripts/lib/java.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--rows N] [--ingest N] [--senders N]

  --rows N     rows stored for the get_raw_logs latency test (default 5000000)
  --ingest N   records sent over OTLP/JSON and copied with COPY (default 300000)
  --senders N  concurrent OTLP senders (default 4)

Needs PostgreSQL at OPSMCP_TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test);
a throwaway database is created on it and dropped at exit. Needs bubblewrap for the sandbox part.
USAGE
}

rows=5000000
ingest=300000
senders=4
while (($#)); do
  case $1 in
    --rows) rows=${2:?}; shift 2 ;;
    --ingest) ingest=${2:?}; shift 2 ;;
    --senders) senders=${2:?}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

export OPSMCP_TEST_DATABASE_URL=${OPSMCP_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}
cd "$ROOT"
mvn -B -q -pl log-analytics-server -am install -DskipTests -DskipITs -Dspotless.check.skip=true
mvn -B -q -pl log-analytics-server dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$ROOT/target/bench-classpath.txt"
JAVA=$(pick_java)
cp="log-analytics-server/target/test-classes:log-analytics-server/target/classes:$(cat target/bench-classpath.txt)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM; $("$JAVA" -version 2>&1 | head -1)"
exec "$JAVA" -Xmx4g -Dbench.rows="$rows" -Dbench.ingest="$ingest" -Dbench.senders="$senders" \
  -Dlogback.configurationFile="$ROOT/bench/logback-quiet.xml" -cp "$cp" dev.opsmcp.loganalytics.bench.LogAnalyticsBench
