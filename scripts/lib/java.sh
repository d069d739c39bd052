# shellcheck shell=bash
# Sourced by the OpsMCP scripts. find_java sets JAVA to a java binary of version 21 or newer:
# JAVA_HOME if new enough, else `java` on PATH, else the newest JDK found in the usual places.

OPSMCP_JAVA_MIN=21

# Prints the major version of the java binary $1 ("1.8.0_402" -> 8, "21.0.2" -> 21, "25" -> 25).
java_major() {
  local out
  out=$("$1" -version 2>&1) || return 1
  [[ $out =~ version\ \"([0-9]+)(\.([0-9]+))? ]] || return 1
  if [[ ${BASH_REMATCH[1]} == 1 && -n ${BASH_REMATCH[3]} ]]; then
    echo "${BASH_REMATCH[3]}"
  else
    echo "${BASH_REMATCH[1]}"
  fi
}

# Prints the path of the java binary to use, or fails with a message on stderr.
pick_java() {
  local candidate major best="" best_major=0
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    major=$(java_major "$JAVA_HOME/bin/java") || major=0
    if ((major >= OPSMCP_JAVA_MIN)); then
      echo "$JAVA_HOME/bin/java"
      return 0
    fi
    echo "note: JAVA_HOME ($JAVA_HOME) is not Java $OPSMCP_JAVA_MIN+; looking elsewhere" >&2
  fi
  if candidate=$(command -v java) && major=$(java_major "$candidate") &&
    ((major >= OPSMCP_JAVA_MIN)); then
    echo "$candidate"
    return 0
  fi
  for candidate in /usr/lib/jvm/*/bin/java /opt/java/bin/java /opt/java/*/bin/java \
    /usr/local/*jdk*/bin/java; do
    [[ -x $candidate ]] || continue
    major=$(java_major "$candidate") || continue
    if ((major >= OPSMCP_JAVA_MIN && major > best_major)); then
      best=$candidate
      best_major=$major
    fi
  done
  if [[ -z $best ]]; then
    echo "error: no Java $OPSMCP_JAVA_MIN+ found (looked at JAVA_HOME, PATH, /usr/lib/jvm," \
      "/opt/java, /usr/local/*jdk*). Install a JDK $OPSMCP_JAVA_MIN or newer, or set" \
      "JAVA_HOME to one." >&2
    return 1
  fi
  echo "$best"
}

find_java() {
  local java
  java=$(pick_java) || return 1
  # shellcheck disable=SC2034 # read by the scripts that source this file
  JAVA=$java
}

# Prints the -Xmx option for a JVM hosting $1 servers (4: all in one JVM; 1: one server), from
# OPSMCP_JAVA_HEAP (a java size such as 768m or 2g) or the default for that shape. Fails with a
# message naming the variable when it is not a size.
heap_option() {
  local heap
  if (($1 > 1)); then heap=${OPSMCP_JAVA_HEAP:-1g}; else heap=${OPSMCP_JAVA_HEAP:-512m}; fi
  if [[ ! $heap =~ ^[1-9][0-9]*[mMgG]$ ]]; then
    echo "error: OPSMCP_JAVA_HEAP must be a heap size such as 768m or 2g, not '$heap'" >&2
    return 1
  fi
  echo "-Xmx$heap"
}

# Sets CDS_OPTIONS to the class-data-sharing options of the server JVM named $1 (all, messaging,
# messaging-r1, ...): the JVM maps the classes it loaded last time from an archive in
# $OPSMCP_RUN_DIR/$1.jsa instead of reading and verifying them from the jars again. The JVM writes
# the archive when it stops gracefully (stop-servers.sh, Ctrl+C), and again after an upgrade of
# OpsMCP or of Java; a start after kill -9 uses the last one written. Empty with OPSMCP_JAVA_CDS=off,
# or on a Java older than 19. Fails with a message naming the variable on another value.
cds_options() {
  CDS_OPTIONS=()
  case ${OPSMCP_JAVA_CDS:-on} in
    on) ;;
    off) return 0 ;;
    *)
      echo "error: OPSMCP_JAVA_CDS must be on or off, not '$OPSMCP_JAVA_CDS'" >&2
      return 1
      ;;
  esac
  (($(java_major "$JAVA") >= 19)) || return 0
  # The archive's dump at exit warns once per class it cannot hold (JDK proxies, lambdas, JFR
  # events): hundreds of lines that would bury the real reason a process stopped in its log.
  # shellcheck disable=SC2034 # read by the scripts that source this file
  CDS_OPTIONS=("-XX:SharedArchiveFile=$OPSMCP_RUN_DIR/$1.jsa" -XX:+AutoCreateSharedArchive
    "-Xlog:cds=error,cds+dynamic=error")
}
