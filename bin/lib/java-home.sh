# Sourced by bin/the-eye and .ci/run: sets JAVA_HOME to a JDK 21 or newer, or fails saying how to get one.
# Order: JAVA_HOME if new enough, then the java on the PATH, then the newest JDK under /usr/lib/jvm.

the_eye_required_java=21

the_eye_java_major() {
  local version
  version=$("$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}') || true
  version="${version:-0}"
  echo "${version%%.*}"
}

the_eye_find_java_home() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] \
      && [ "$(the_eye_java_major "$JAVA_HOME/bin/java")" -ge "$the_eye_required_java" ]; then
    echo "$JAVA_HOME"; return 0
  fi
  if command -v java >/dev/null 2>&1 \
      && [ "$(the_eye_java_major "$(command -v java)")" -ge "$the_eye_required_java" ]; then
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"; return 0
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/*/; do
    candidate="${candidate%/}"
    [ -x "$candidate/bin/java" ] || continue
    major=$(the_eye_java_major "$candidate/bin/java")
    if [ "$major" -ge "$the_eye_required_java" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  [ -n "$best" ] && echo "$best"
}

JAVA_HOME="$(the_eye_find_java_home || true)"
if [ -z "$JAVA_HOME" ]; then
  echo "the-eye: needs a JDK $the_eye_required_java or newer; set JAVA_HOME to one (none found on the PATH or under /usr/lib/jvm)." >&2
  exit 1
fi
export JAVA_HOME
