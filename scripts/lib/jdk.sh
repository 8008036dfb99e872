# Sourced by ./gcdn, .ci/run and scripts/*: picks a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME if it is >= 21, else the newest >= 21 under /usr/lib/jvm, else fail saying what to install.

gcdn_java_major() { # $1 = path to a java binary; prints its feature version (8, 17, 21, 25 ...)
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)
  case "$v" in 1.*) v=${v#1.} ;; esac
  printf '%s' "${v:-0}"
}

gcdn_pick_jdk() {
  local best="" best_major=0 candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(gcdn_java_major "$JAVA_HOME/bin/java")
    if [ "$major" -ge 21 ] 2>/dev/null; then
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(gcdn_java_major "$candidate/bin/java")
    if [ "$major" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "gcdn: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}; looked in /usr/lib/jvm)." >&2
    echo "gcdn: install one, e.g. 'apt-get install openjdk-21-jdk' (or Temurin 21+), or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
