# Sourced by bin/the-eye: a faster start from the JDK's own class-data archive, made once per jar and JDK.
#
# The JDK keeps the classes a training run loaded (parsed, verified, linked) in an archive that later runs map at
# start. JDK 25 and newer: an AOT cache (-XX:AOTCacheOutput / -XX:AOTCache, JEPs 483, 514, 515); JDK 21 to 24: a
# dynamic CDS archive (-XX:ArchiveClassesAtExit / -XX:SharedArchiveFile). Both need plain jars on the class path, so
# the jar runs in its extracted form (java -Djarmode=tools -jar the-eye.jar extract), and both are only good for the
# jar and the JDK they were made with. So each (jar, JDK) pair gets a folder of its own beside the jar,
# start/<key>/, with the extracted jar, the archive, and the training run's log; a new build or another JDK makes a
# new one and the older ones are removed.
#
# The training run starts the server on an empty SQLite database in a temporary folder, with none of the user's
# THE_EYE_* settings, asks it once for its readiness and stops it (the_eye_train). The SQLite driver's native library,
# which the driver would otherwise unpack from its jar at every start, is kept in the same folder (start/<key>/native)
# and the driver pointed at it (org.sqlite.lib.path, org.sqlite.lib.name).
#
# THE_EYE_START_CACHE=off runs the jar as it is.

# The java options that run the jar ($1) through its start cache, one per line; the plain jar when there is no
# cache and none can be made (a read-only install, no training possible).
the_eye_start_options() {
  local jar=$1 major key dir library
  if [ "${THE_EYE_START_CACHE:-auto}" = off ]; then
    printf '%s\n' -jar "$jar"; return 0
  fi
  major=$(the_eye_java_major "$JAVA_HOME")
  key=$(the_eye_start_key "$jar") || { printf '%s\n' -jar "$jar"; return 0; }
  dir="$(dirname "$jar")/start/$key"
  if [ ! -f "$dir/ready" ] && [ ! -f "$dir/failed" ]; then
    the_eye_make_start_cache "$jar" "$dir" "$major" || true
  fi
  if [ ! -f "$dir/ready" ]; then
    printf '%s\n' -jar "$jar"; return 0
  fi
  if [ "$major" -ge 25 ]; then
    printf '%s\n' "-XX:AOTCache=$dir/the-eye.aot"
  else
    printf '%s\n' "-XX:SharedArchiveFile=$dir/the-eye.jsa"
  fi
  for library in "$dir"/native/*; do
    [ -f "$library" ] && printf '%s\n' "-Dorg.sqlite.lib.path=$dir/native" "-Dorg.sqlite.lib.name=$(basename "$library")"
  done
  printf '%s\n' -jar "$dir/app/the-eye.jar"
}

# Names the jar (path, size, modification time) and the JDK (its java binary and release file).
the_eye_start_key() {
  local jar=$1 java
  java=$(readlink -f "$JAVA_HOME/bin/java")
  {
    echo "$jar $(wc -c <"$jar") $(date -r "$jar" +%s)"
    echo "$java $(wc -c <"$java") $(date -r "$java" +%s)"
    cat "$JAVA_HOME/release" 2>/dev/null || true
  } | cksum | cut -d' ' -f1
}

# Extracts the jar into $2 and trains the archive there (the archive records the class path, so it is made in
# place). One launcher at a time: the others wait for it and use its work.
the_eye_make_start_cache() {
  local jar=$1 dir=$2 major=$3 root training archive made status=0
  root=$(dirname "$dir")
  mkdir -p "$root" 2>/dev/null && [ -w "$root" ] || return 1
  (
    if command -v flock >/dev/null 2>&1; then
      exec 9>"$root/.lock" && flock 9
    fi
    if [ -f "$dir/ready" ] || [ -f "$dir/failed" ]; then
      exit 0
    fi
    echo "the-eye: preparing a faster start for this jar and JDK (once per build; THE_EYE_START_CACHE=off skips it) ..." >&2
    rm -rf "$dir" && mkdir -p "$dir" || exit 1
    training=$(mktemp -d) || exit 1
    archive=(-XX:ArchiveClassesAtExit="$dir/the-eye.jsa"); made="$dir/the-eye.jsa"
    if [ "$major" -ge 25 ]; then
      archive=(-XX:AOTCacheOutput="$dir/the-eye.aot"); made="$dir/the-eye.aot"
    fi
    (cd "$training" \
      && "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$dir/app" \
      && the_eye_train "$dir" "$training" "${archive[@]}") >"$dir/training.log" 2>&1 || status=$?
    rm -rf "$training"
    if [ "$status" -eq 0 ] && [ -s "$made" ]; then
      touch "$dir/ready"
      # Older builds' caches; a server still running from one keeps its open files.
      find "$root" -mindepth 1 -maxdepth 1 -type d ! -name "$(basename "$dir")" -exec rm -rf {} + 2>/dev/null || true
    else
      touch "$dir/failed"
      echo "the-eye: no faster start this time (training failed, see $dir/training.log); running the jar as it is" >&2
    fi
  )
}

# The training run ($1: the cache's folder, $2: an empty working folder, then the archive's options): the server
# started as `serve` starts it, until it has answered its first request (so Tomcat's start and a request's classes
# are in the archive too), then stopped as a service manager stops it, with SIGTERM; the JVM writes the archive as
# it exits. Its output is $1/training.log, where it says which port it took.
the_eye_train() {
  local dir=$1 training=$2 pid port="" status=0 i library
  shift 2
  # shellcheck disable=SC2046 # one -u per THE_EYE_* variable
  env $(env | sed -n 's/^\(THE_EYE_[A-Za-z0-9_]*\)=.*/-u \1/p') \
    "$JAVA_HOME/bin/java" "$@" -Djava.io.tmpdir="$training" -jar "$dir/app/the-eye.jar" serve --server.port=0 &
  pid=$!
  for ((i = 0; i < 6000; i++)); do # 10 minutes at most
    port=$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$dir/training.log")
    [ -z "$port" ] && kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  # The SQLite driver's native library, as the driver unpacked it for this system (sqlite-VERSION-UUID-NAME, removed
  # at exit): later runs load it from here instead of unpacking it again at each start.
  for library in "$training"/sqlite-*; do
    case "$library" in *.lck | *'*') continue ;; esac
    mkdir -p "$dir/native" && cp "$library" "$dir/native/$(basename "$library" | sed 's/^sqlite-[0-9.]*-[0-9a-f-]\{36\}-//')"
  done
  if [ -n "$port" ] && exec 3<>"/dev/tcp/127.0.0.1/$port"; then
    printf 'GET /actuator/health/readiness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
    echo "the-eye: training run answered: $(head -n 1 <&3)"
    exec 3<&-
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || status=$?
  [ "$status" -eq 0 ] || [ "$status" -eq 143 ] # 143: stopped by the SIGTERM above
}
