# Sourced by bin/the-eye: a faster start from the JDK's own class-data archives, made once per jar and JDK.
#
# The JDK keeps the classes a training run loaded (parsed, verified, linked) in an archive that later runs map at
# start. JDK 25 and newer: an AOT cache (-XX:AOTCacheOutput / -XX:AOTCache, JEPs 483, 514, 515); JDK 21 to 24: a
# dynamic CDS archive (-XX:ArchiveClassesAtExit / -XX:SharedArchiveFile). Both need plain jars on the class path, so
# the jar runs in its extracted form (java -Djarmode=tools -jar the-eye.jar extract), and both are only good for the
# jar and the JDK they were made with. So each (jar, JDK) pair gets a folder of its own beside the jar,
# start/<key>/, with the extracted jar, the archives, and the training runs' log; a new build or another JDK makes a
# new one and the older ones are removed.
#
# Two archives, two training runs (the_eye_train_server, the_eye_train_command), each on an empty SQLite database in a
# temporary folder of its own, with none of the user's settings (the_eye_training_java): the server's (server.aot or
# .jsa), for the long-running processes (serve, worker, exporter), and a command's (command.aot or .jsa), for every
# other command. With its classes linked, the JVM loads every class of its archive at start: a command started from
# the server's archive would load the web server's classes too, which it never uses. When one training fails, its
# processes use the other archive. The SQLite driver's native library, which the driver would otherwise unpack from
# its jar at every start, is kept in the same folder (start/<key>/native) and the driver pointed at it
# (org.sqlite.lib.path, org.sqlite.lib.name).
#
# THE_EYE_START_CACHE=off runs the jar as it is.

# The java options that run the jar ($1) through its start cache, one per line, for a process of kind $2: server
# (serve, worker, exporter) or command (the others). The plain jar when there is no cache and none can be made (a
# read-only install, no training possible).
the_eye_start_options() {
  local jar=$1 kind=$2 major key dir type archive="" candidate
  if [ "${THE_EYE_START_CACHE:-auto}" = off ]; then
    printf '%s\n' -jar "$jar"; return 0
  fi
  major=$(the_eye_java_major "$JAVA_HOME")
  key=$(the_eye_start_key "$jar") || { printf '%s\n' -jar "$jar"; return 0; }
  dir="$(dirname "$jar")/start/$key"
  if [ ! -f "$dir/ready" ] && [ ! -f "$dir/failed" ]; then
    the_eye_make_start_cache "$jar" "$dir" "$major" || true
  fi
  type=$(the_eye_archive_type "$major")
  for candidate in "$kind" server command; do
    if [ -f "$dir/ready" ] && [ -s "$dir/$candidate.$type" ]; then
      archive="$dir/$candidate.$type"; break
    fi
  done
  if [ -z "$archive" ]; then
    printf '%s\n' -jar "$jar"; return 0
  fi
  if [ "$major" -ge 25 ]; then
    printf '%s\n' "-XX:AOTCache=$archive"
  else
    printf '%s\n' "-XX:SharedArchiveFile=$archive"
  fi
  the_eye_native_options "$dir"
  printf '%s\n' -jar "$dir/app/the-eye.jar"
}

# The archive's file extension for a JDK of feature version $1: aot (an AOT cache) or jsa (a dynamic CDS archive).
the_eye_archive_type() {
  if [ "$1" -ge 25 ]; then echo aot; else echo jsa; fi
}

# The options that point the SQLite driver at the native library kept in the cache's folder $1, if there is one.
the_eye_native_options() {
  local library
  for library in "$1"/native/*; do
    [ -f "$library" ] && printf '%s\n' "-Dorg.sqlite.lib.path=$1/native" "-Dorg.sqlite.lib.name=$(basename "$library")"
  done
  return 0
}

# Names the jar (path, size, modification time), the JDK (its java binary and release file) and the cache's layout
# (a launcher that lays the folder out differently must not take an older launcher's folder for its own).
the_eye_start_key() {
  local jar=$1 java
  java=$(readlink -f "$JAVA_HOME/bin/java")
  {
    echo "layout 2: server and command archives"
    echo "$jar $(wc -c <"$jar") $(date -r "$jar" +%s)"
    echo "$java $(wc -c <"$java") $(date -r "$java" +%s)"
    cat "$JAVA_HOME/release" 2>/dev/null || true
  } | cksum | cut -d' ' -f1
}

# Extracts the jar into $2 and trains both archives there (an archive records the class path, so it is made in
# place). One launcher at a time: the others wait for it and use its work. The cache is ready when either archive
# was made; a training that failed leaves its log in $2/training.log and the command runs all the same.
the_eye_make_start_cache() {
  local jar=$1 dir=$2 major=$3 root
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
    local type kind made=() missed=()
    type=$(the_eye_archive_type "$major")
    if (cd "$dir" && "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$dir/app") \
      >"$dir/training.log" 2>&1; then
      for kind in server command; do
        if the_eye_train "$kind" "$dir" "$major" >>"$dir/training.log" 2>&1 && [ -s "$dir/$kind.$type" ]; then
          made+=("$kind")
        else
          rm -f "$dir/$kind.$type"; missed+=("$kind")
        fi
      done
    fi
    if [ "${#made[@]}" -gt 0 ]; then
      touch "$dir/ready"
      # Older builds' caches; a server still running from one keeps its open files.
      find "$root" -mindepth 1 -maxdepth 1 -type d ! -name "$(basename "$dir")" -exec rm -rf {} + 2>/dev/null || true
    else
      touch "$dir/failed"
    fi
    if [ "${#made[@]}" -eq 0 ]; then
      echo "the-eye: no faster start this time (training failed, see $dir/training.log); running the jar as it is" >&2
    elif [ "${#missed[@]}" -gt 0 ]; then
      echo "the-eye: the ${missed[0]}'s start archive could not be made (see $dir/training.log); using the ${made[0]}'s" >&2
    fi
  )
}

# Trains the archive of kind $1 (server or command) in the cache's folder $2 for a JDK of feature version $3, in an
# empty temporary folder that holds the training's database and is removed after.
the_eye_train() {
  local kind=$1 dir=$2 major=$3 training archive status=0
  archive=-XX:ArchiveClassesAtExit="$dir/$kind.jsa"
  [ "$major" -lt 25 ] || archive=-XX:AOTCacheOutput="$dir/$kind.aot"
  training=$(mktemp -d) || return 1
  echo "the-eye: training the $kind archive"
  (cd "$training" && "the_eye_train_$kind" "$dir" "$training" "$archive") || status=$?
  rm -rf "$training"
  return "$status"
}

# java without the user's settings of The Eye or of Spring Boot (THE_EYE_*, and the SPRING_*, SERVER_*, MANAGEMENT_*
# and LOGGING_* variables Spring Boot binds), so a training run touches none of the user's data or services, listens
# where its readiness check asks, and logs the line it reads its port from. It replaces the (sub)shell that calls it:
# the server's training stops the process it started, which must be the JVM.
the_eye_training_java() {
  # shellcheck disable=SC2046 # one -u per such variable
  exec env $(env | sed -n 's/^\(\(THE_EYE\|THEEYE\|SPRING\|SERVER\|MANAGEMENT\|LOGGING\)_[A-Za-z0-9_]*\)=.*/-u \1/p') \
    "$JAVA_HOME/bin/java" "$@"
}

# The server's training run ($1: the cache's folder, $2: the empty working folder, $3: the archive's option): the
# server started as `serve` starts it, until it has answered its first request (so Tomcat's start and a request's
# classes are in the archive too), then stopped as a service manager stops it, with SIGTERM; the JVM writes the
# archive as it exits. Its output goes on with $1/training.log, where it says which port it took.
the_eye_train_server() {
  local dir=$1 training=$2 pid port="" status=0 i library
  (the_eye_training_java "$3" -Djava.io.tmpdir="$training" -jar "$dir/app/the-eye.jar" serve --server.port=0) &
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

# A command's training run (same arguments): `clients list` on a database that `migrate` made first, as most
# commands run (a migrated database, a Spring context of the database's beans made lazily, Flyway's check of an
# up-to-date schema, a query, a table printed), reading and writing nothing of the user's. The native library is
# the one the server's training kept, as later commands load it.
the_eye_train_command() {
  local dir=$1 training=$2 native=() option
  while IFS= read -r option; do native+=("$option"); done < <(the_eye_native_options "$dir")
  (the_eye_training_java ${native[@]+"${native[@]}"} -Djava.io.tmpdir="$training" -jar "$dir/app/the-eye.jar" migrate) \
    && (the_eye_training_java "$3" ${native[@]+"${native[@]}"} -Djava.io.tmpdir="$training" \
      -jar "$dir/app/the-eye.jar" clients list)
}
