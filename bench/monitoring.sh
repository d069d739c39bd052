#!/usr/bin/env bash
# Monitoring benchmarks: OTLP metric ingest points/s into the built-in store, then p50/p95 of
# get_system_metrics and root_cause_analysis over S services x K series x H hours at a fixed step,
# from the built-in store and (when Debian's prometheus is installed) from a Prometheus holding the
# same data, and the token size of each tool's largest result and of the tool definitions.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
source "$ROOT/scripts/lib/java.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--no-build] [--services N] [--series N] [--hours N] [--step S]
                        [--senders N] [--calls N] [--passes N] [--no-prometheus]

  --services N     services (default 50)
  --series N       series per service (default 20: 12 gauges, 6 counters, 2 histograms)
  --hours N        hours of history (default 24)
  --step S         seconds between points (default 15)
  --senders N      concurrent OTLP senders (default 2)
  --calls N        measured calls per tool (default 20)
  --passes N       passes over the built-in store's tool calls (default 1; the first pass runs
                   while PostgreSQL still digests the ingest)
  --no-prometheus  skip the Prometheus part (it needs /usr/bin/prometheus and promtool)

The database is the tests' one: embedded by default, PostgreSQL with
OPSMCP_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test (a throwaway database is
created on it). Figures measured while other work loads the machine are not meaningful.
USAGE
}

build=true
services=50
series=20
hours=24
step=15
senders=2
calls=20
passes=1
prometheus=true
while (($#)); do
  case $1 in
    --no-build) build=false; shift ;;
    --services) services=${2:?}; shift 2 ;;
    --series) series=${2:?}; shift 2 ;;
    --hours) hours=${2:?}; shift 2 ;;
    --step) step=${2:?}; shift 2 ;;
    --senders) senders=${2:?}; shift 2 ;;
    --calls) calls=${2:?}; shift 2 ;;
    --passes) passes=${2:?}; shift 2 ;;
    --no-prometheus) prometheus=false; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

cd "$ROOT"
if $build; then
  # Compiled in the reactor, nothing installed: the classpath names the modules' target dirs.
  mvn -B -q -pl monitoring-server -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$ROOT/target/monitoring-bench-classpath.txt" \
    -Dspotless.check.skip=true
fi
JAVA=$(pick_java)
cp="monitoring-server/target/test-classes:monitoring-server/target/classes:$(cat target/monitoring-bench-classpath.txt)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM, load $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA" -version 2>&1 | head -1)"
exec "$JAVA" -Xmx4g -Dbench.services="$services" -Dbench.series="$series" -Dbench.hours="$hours" \
  -Dbench.step="$step" -Dbench.senders="$senders" -Dbench.calls="$calls" -Dbench.passes="$passes" \
  -Dbench.prometheus="$prometheus" -Dlogback.configurationFile="$ROOT/bench/logback-quiet.xml" \
  -cp "$cp" dev.opsmcp.monitoring.bench.MonitoringBench
