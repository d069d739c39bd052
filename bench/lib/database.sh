# shellcheck shell=bash
# Sourced by the bench scripts: a fresh PostgreSQL database for one run, dropped after it.

BENCH_DB=""
BENCH_PG_ADMIN=""

# With DATABASE_URL set, creates database $1_<pid>_<random> on that server and points DATABASE_URL
# at it (keeping the URL's query), and prints nothing; without it, does nothing. Call
# drop_bench_database when the run ends (an EXIT trap).
create_bench_database() {
  [[ -n ${DATABASE_URL:-} ]] || return 0
  command -v psql >/dev/null || {
    echo "error: DATABASE_URL is set but psql is not installed" >&2
    return 1
  }
  local query="" base
  BENCH_PG_ADMIN=$DATABASE_URL
  BENCH_DB=${1}_$$_$RANDOM
  psql -q "$BENCH_PG_ADMIN" -c "CREATE DATABASE $BENCH_DB" >/dev/null
  [[ $DATABASE_URL == *\?* ]] && query="?${DATABASE_URL#*\?}"
  base=${DATABASE_URL%%\?*}
  export DATABASE_URL=${base%/*}/$BENCH_DB$query
}

drop_bench_database() {
  [[ -n $BENCH_DB ]] || return 0
  psql -q "$BENCH_PG_ADMIN" -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null || true
  BENCH_DB=""
}
