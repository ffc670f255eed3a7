#!/usr/bin/env bash
# Start-up times of bin/the-eye: how long CLI commands take to finish and how long `serve` takes to answer its
# first HTTP request. Each is run STARTUP_RUNS times (default 5); prints the best and the median in milliseconds.
# Runs in a fresh temporary directory (its own ./data, SQLite), so it touches no existing data. The first command
# (migrate) is not counted: it may build the jar and make the start cache.
#   bench/startup.sh                                  # this checkout's launcher
#   STARTUP_LAUNCHER=/elsewhere/bin/the-eye bench/startup.sh   # another checkout's, e.g. an older commit's
#   THE_EYE_JAVA_OPTS=... bench/startup.sh            # with extra JVM options
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
launcher=${STARTUP_LAUNCHER:-$repo/bin/the-eye}
runs=${STARTUP_RUNS:-5}
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Lines "wall_ms cpu_ms [main_ms]" on stdin: the best and the median of each column. CPU time (user + system, the
# process and the children it waited for) says more than wall time on a machine that other work keeps busy; the main
# thread's CPU time (serve only) is the start's critical path, near what the wall time is on an idle machine.
summary() {
  local lines label column stats out=""
  lines=$(cat)
  for column in 1 2 3; do
    label=$(echo "wall cpu main" | cut -d' ' -f"$column")
    stats=$(awk -v c="$column" '$c != "" {print $c}' <<<"$lines" | sort -n \
      | awk '{a[NR] = $1} END {if (NR) printf "best %6d, median %6d ms", a[1], a[int((NR + 1) / 2)]}')
    [ -z "$stats" ] || out+="${out:+   }$label: $stats"
  done
  echo "$out   ($(grep -c . <<<"$lines") runs)"
}

# CPU time so far of a running process and of the children it has waited for, in ms.
cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); print int(($12 + $13 + $14 + $15) * 1000 / hz)}' "/proc/$1/stat"
}

# CPU time so far of a JVM's main thread, in ms: the threads the JVM leaves named "java" (the launcher's first
# thread, which only waits, and the one that runs main).
main_thread_cpu_ms() {
  local task ticks=0
  for task in /proc/"$1"/task/*; do
    [ "$(cat "$task/comm" 2>/dev/null)" = java ] || continue
    ticks=$((ticks + $(awk '{sub(/.*\) /, ""); print $12 + $13}' "$task/stat")))
  done
  echo $((ticks * 1000 / $(getconf CLK_TCK)))
}

time_command() {
  local label=$1; shift
  local i
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -o "$work/time" -f '%e %U %S' "$launcher" "$@" >/dev/null 2>"$work/stderr" \
      || { cat "$work/stderr" >&2; exit 1; }
    awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' "$work/time"
  done | summary | sed "s/^/$(printf '%-34s' "$label")/"
}

time_serve() {
  local i start port
  for ((i = 0; i < runs; i++)); do
    port=$(free_port)
    start=$(now_ms)
    THE_EYE_PORT=$port "$launcher" serve >"$work/serve.log" 2>&1 &
    server_pid=$!
    until curl -s -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
      kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
      sleep 0.02
    done
    echo "$(($(now_ms) - start)) $(cpu_ms "$server_pid") $(main_thread_cpu_ms "$server_pid")"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  done | summary | sed "s/^/$(printf '%-34s' "serve, to first HTTP answer")/"
}

# The first run builds the jar if needed and creates ./data; it is not counted.
"$launcher" migrate >/dev/null 2>&1
client=$("$launcher" clients create --name startup --json)
client_id=$(sed -E 's/.*"client_id":"([^"]+)".*/\1/' <<<"$client")
secret_key=$(sed -E 's/.*"secret_key":"([^"]+)".*/\1/' <<<"$client")

echo "nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg), THE_EYE_JAVA_OPTS='${THE_EYE_JAVA_OPTS:-}'"
time_command "--help" --help
time_command "token" token --client-id "$client_id" --secret-key "$secret_key"
time_command "clients list" clients list
time_command "clients create" clients create --name bench
time_serve
