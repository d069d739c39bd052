# shellcheck shell=bash
# Sourced by the OpsMCP scripts after setting ROOT (the repository root). Defines where the built
# distribution and the data live, and builds the distribution when it is missing.

OPSMCP_LIB=$ROOT/dist/target/opsmcp/lib

# The servers and the admin CLI must share one data directory whatever directory the scripts run
# from, so an unset OPSMCP_DATA_DIR means $ROOT/data and a relative one is made absolute.
OPSMCP_DATA_DIR=${OPSMCP_DATA_DIR:-$ROOT/data}
[[ $OPSMCP_DATA_DIR == /* ]] || OPSMCP_DATA_DIR=$PWD/$OPSMCP_DATA_DIR
export OPSMCP_DATA_DIR
# shellcheck disable=SC2034 # read by the scripts that source this file
OPSMCP_RUN_DIR=$OPSMCP_DATA_DIR/run
# The orchestration server's runbooks; `opsmcp demo` writes its runbooks into the same file.
OPSMCP_DEFAULT_RUNBOOKS_FILE=$OPSMCP_DATA_DIR/runbooks.yaml
OPSMCP_RUNBOOKS_FILE=${OPSMCP_RUNBOOKS_FILE:-$OPSMCP_DEFAULT_RUNBOOKS_FILE}
export OPSMCP_RUNBOOKS_FILE

# Builds with Maven unless the lib folder already holds jars. Build output goes to stderr so that
# callers' stdout stays clean.
ensure_built() {
  compgen -G "$OPSMCP_LIB/*.jar" >/dev/null && return 0
  command -v mvn >/dev/null || {
    echo "error: $OPSMCP_LIB has no jars and mvn is not installed to build them" >&2
    return 1
  }
  echo "Building OpsMCP (mvn -B -q -DskipTests package) ..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package) >&2 || {
    echo "error: the build failed; see the Maven output above" >&2
    return 1
  }
  compgen -G "$OPSMCP_LIB/*.jar" >/dev/null || {
    echo "error: the build succeeded but $OPSMCP_LIB holds no jars" >&2
    return 1
  }
}
