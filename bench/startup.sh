#!/usr/bin/env bash
# Start-up times of bin/the-eye: how long CLI commands take to finish and how long `serve` takes to answer its
# first HTTP request. Each is run STARTUP_RUNS times (default 5); prints the best and the median in milliseconds.
# Runs in a fresh temporary directory (its own ./data, SQLite), so it touches no existing data.
#   bench/startup.sh                     # the launcher as it is
#   THE_EYE_JAVA_OPTS=... bench/startup.sh   # with extra JVM options
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

# Lines "wall_ms cpu_ms" on stdin: the best and the median of each. CPU time (user + system, the process and the
# children it waited for) says more than wall time on a machine that other work keeps busy.
summary() {
  local lines; lines=$(cat)
  local wall cpu
  wall=$(cut -d' ' -f1 <<<"$lines" | sort -n | awk '{a[NR] = $1} END {printf "best %6d, median %6d ms", a[1], a[int((NR + 1) / 2)]}')
  cpu=$(cut -d' ' -f2 <<<"$lines" | sort -n | awk '{a[NR] = $1} END {printf "best %6d, median %6d ms (%d runs)", a[1], a[int((NR + 1) / 2)], NR}')
  echo "wall: $wall   cpu: $cpu"
}

# CPU time so far of a running process and of the children it has waited for, in ms.
cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); print int(($12 + $13 + $14 + $15) * 1000 / hz)}' "/proc/$1/stat"
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
    echo "$(($(now_ms) - start)) $(cpu_ms "$server_pid")"
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
