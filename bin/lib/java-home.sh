# The one place that knows how The Eye finds a JDK. Sourced by mvnw, bin/the-eye and the benchmark scripts (POSIX
# sh, as mvnw runs under /bin/sh): exports JAVA_HOME as a JDK 21 or newer, or says in one line that there is none
# and exits 1.
# Order: JAVA_HOME if it is one, then the java on the PATH, then the newest JDK in THE_EYE_JDK_DIRS (directories
# whose subdirectories are JDK homes; by default where Debian/Ubuntu/Fedora, macOS and SDKMAN install them).

the_eye_required_java=21
the_eye_jdk_dirs="${THE_EYE_JDK_DIRS-/usr/lib/jvm /Library/Java/JavaVirtualMachines ${HOME:-}/.sdkman/candidates/java}"

# The feature version (17, 21, 25 ...) of the JDK at $1, or 0: from its release file, read without starting a JVM.
the_eye_java_major() {
  the_eye_version=""
  if [ -f "$1/release" ]; then
    the_eye_version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")
  fi
  if [ -z "$the_eye_version" ]; then
    the_eye_version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | awk -F' = ' '/java.specification.version/ {print $2}') || true
  fi
  the_eye_version="${the_eye_version#1.}"
  the_eye_version="${the_eye_version%%[!0-9]*}"
  echo "${the_eye_version:-0}"
}

# A JDK, not only a runtime: mvnw compiles with it and bin/the-eye builds the jar when it is missing. An installed
# copy that builds nothing (the container image) sets the_eye_runtime_enough=1 before sourcing this file.
the_eye_is_jdk() {
  [ -x "$1/bin/java" ] && { [ -n "${the_eye_runtime_enough:-}" ] || [ -x "$1/bin/javac" ]; }
}

the_eye_find_java_home() {
  if [ -n "${JAVA_HOME:-}" ] && the_eye_is_jdk "$JAVA_HOME" \
      && [ "$(the_eye_java_major "$JAVA_HOME")" -ge "$the_eye_required_java" ]; then
    echo "$JAVA_HOME"; return 0
  fi
  if command -v java >/dev/null 2>&1; then
    the_eye_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if the_eye_is_jdk "$the_eye_home" \
        && [ "$(the_eye_java_major "$the_eye_home")" -ge "$the_eye_required_java" ]; then
      echo "$the_eye_home"; return 0
    fi
  fi
  the_eye_best="" the_eye_best_major=0
  # mvnw runs with globbing off (set -f): switch it on for the search, and back off after.
  case $- in *f*) the_eye_noglob=1; set +f ;; *) the_eye_noglob="" ;; esac
  for the_eye_dir in $the_eye_jdk_dirs; do
    for the_eye_home in "$the_eye_dir"/*/ "$the_eye_dir"/*/Contents/Home/; do
      the_eye_home="${the_eye_home%/}"
      the_eye_is_jdk "$the_eye_home" || continue
      the_eye_major=$(the_eye_java_major "$the_eye_home")
      if [ "$the_eye_major" -ge "$the_eye_required_java" ] && [ "$the_eye_major" -gt "$the_eye_best_major" ]; then
        the_eye_best="$the_eye_home" the_eye_best_major="$the_eye_major"
      fi
    done
  done
  [ -z "$the_eye_noglob" ] || set -f
  [ -n "$the_eye_best" ] && echo "$the_eye_best"
}

JAVA_HOME="$(the_eye_find_java_home || true)"
if [ -z "$JAVA_HOME" ]; then
  echo "The Eye needs a JDK $the_eye_required_java or newer and found none (looked at JAVA_HOME, the java on the PATH${the_eye_jdk_dirs:+ and under $the_eye_jdk_dirs}): install one, or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
