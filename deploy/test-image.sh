#!/usr/bin/env bash
# Tests the container image for real, with podman on this machine (Debian, as root):
#   1. installs podman, runc and debootstrap when missing;
#   2. points podman at a containers.conf of its own (CONTAINERS_CONF; nothing system-wide changes) and at storage in
#      its cache folder;
#   3. builds a base image once (debootstrap --variant=minbase trixie + openjdk-21-jre-headless, from the Debian
#      mirror apt uses here) and keeps it between runs: no image registry is reachable from these machines, so the
#      test cannot pull the Dockerfile's default base (eclipse-temurin:21-jre), which users keep;
#   4. builds the project's image on that base, then:
#      - runs it (serve) with --network host and a volume, makes a client with `clients create` in a second
#        container on the same volume, posts events with a token from `the-eye token`, restarts the container and
#        reads the events back; checks the user, the health check and the heap's share of the memory limit;
#      - runs an API container (serve --no-worker) and a worker container against this machine's PostgreSQL and Redis
#        (THE_EYE_QUEUE=redis, with a signing key made for the run) and checks that events posted to the API are
#        stored by the worker;
#   5. prints the image's size, the time from container start to first HTTP answer, and its own duration.
# Containers, volumes and the test database are removed on exit; the images stay, as a cache.
#
# Settings (environment):
#   TEST_IMAGE_CACHE  podman's storage and the base image, kept between runs
#                     (default: ${XDG_CACHE_HOME:-$HOME/.cache}/the-eye/test-image)
#   TEST_IMAGE_PG_HOST, TEST_IMAGE_PG_PORT, TEST_IMAGE_PG_USER  PostgreSQL for the worker test, where the script
#                     makes a database of its own and drops it after (default: 127.0.0.1, 5432, postgres; no password)
#   TEST_IMAGE_REDIS  Redis for the worker test (default: redis://127.0.0.1:6379)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
began=$SECONDS
run_id="the-eye-test-$$"
cache=${TEST_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/the-eye/test-image}
base_image=localhost/the-eye-test-base:trixie-openjdk-21
image=localhost/the-eye:test
pg_host=${TEST_IMAGE_PG_HOST:-127.0.0.1} pg_port=${TEST_IMAGE_PG_PORT:-5432} pg_user=${TEST_IMAGE_PG_USER:-postgres}
pg_args=(-h "$pg_host" -p "$pg_port" -U "$pg_user")
redis_url=${TEST_IMAGE_REDIS:-redis://127.0.0.1:6379}

log() { printf '[test-image %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

[ "$(id -u)" -eq 0 ] || die "needs root (podman's own storage, debootstrap)"

# 1. Tools
missing=()
for tool in podman runc debootstrap; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null
fi

# 2. Podman's settings and storage, this script's own. crun (podman's default) refuses this machine's hybrid
# cgroups, and runc refuses podman's default ulimits when they are above the shell's hard limits.
mkdir -p "$cache"
# Podman's run-time state: on a tmpfs, where a reboot clears it (podman then knows to refresh its state), the same
# folder every run.
runroot="/run/the-eye-test-image"
export CONTAINERS_CONF="$cache/containers.conf" CONTAINERS_STORAGE_CONF="$cache/storage.conf"
cat >"$CONTAINERS_CONF" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$runroot/libpod"
EOF
cat >"$CONTAINERS_STORAGE_CONF" <<EOF
[storage]
driver = "overlay"
graphroot = "$cache/storage"
runroot = "$runroot"
EOF

containers=() volumes=() database="" stream="" rootfs=""
cleanup() {
  local status=$?
  # -v: the anonymous /data volumes of containers started without one
  [ "${#containers[@]}" -eq 0 ] || podman rm -f -i -v -t 5 "${containers[@]}" >/dev/null 2>&1 || true
  [ "${#volumes[@]}" -eq 0 ] || podman volume rm -f "${volumes[@]}" >/dev/null 2>&1 || true
  [ -z "$database" ] || dropdb "${pg_args[@]}" --if-exists --force "$database" >/dev/null 2>&1 || true
  [ -z "$stream" ] || redis-cli -u "$redis_url" del "$stream" >/dev/null 2>&1 || true
  [ -z "$rootfs" ] || remove_rootfs "$rootfs"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A debootstrap folder: unmount what may still be mounted inside it, then delete it without leaving its file system.
remove_rootfs() {
  local mount
  for mount in $(awk -v root="$1/" 'index($2, root) == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$mount" 2>/dev/null || true
  done
  rm -rf --one-file-system "$1"
}

# The Debian mirror apt uses on this machine: the first URI with "debian" in it, not the security archive, in its
# sources (deb822 .sources files, then one-line .list files).
debian_mirror() {
  local mirror
  mirror=$({
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {for (i = 2; i <= NF; i++) print $i}'
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; break}}'
  } | grep -i debian | grep -v -i security | head -n 1 || true)
  echo "${mirror:-http://deb.debian.org/debian}"
}

# podman run without the image's health check: podman runs it from a systemd timer, and this machine runs no systemd
# ("unable to get systemd connection" on every run, even with --health-interval disable in podman 4.3).
run_image() { podman run --no-healthcheck "$@"; }
# For the one container whose health check the test runs itself (podman healthcheck run): the same, unsaid.
without_timer_errors() { "$@" 2> >(grep -v 'unable to get systemd connection' >&2); }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits for the URL to answer at all (any status); prints the milliseconds since $2.
await_answer() {
  local url=$1 since=$2 container=$3 deadline=$((SECONDS + 180))
  until curl -s -o /dev/null "$url"; do
    [ "$(podman inspect -f '{{.State.Running}}' "$container" 2>/dev/null)" = true ] \
      || { podman logs "$container" >&2 || true; die "container $container stopped before answering $url"; }
    [ "$SECONDS" -lt "$deadline" ] || { podman logs "$container" >&2 || true; die "no answer from $url in 180 s"; }
    sleep 0.05
  done
  echo $(($(now_ms) - since))
}

json_field() { # $1 field of the one-line JSON object on stdin
  sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"
}

uuid() { cat /proc/sys/kernel/random/uuid; }

# Posts $2 events with fresh ids to the API at $1 with token $3; prints their ids.
post_events() {
  local api=$1 count=$2 token=$3 ids=() body="" i answer
  for ((i = 0; i < count; i++)); do
    ids+=("$(uuid)")
    body+="${body:+,}{\"id\":\"${ids[i]}\",\"session_id\":\"$run_id\",\"category\":\"test\",\"name\":\"image\",\"data\":{\"i\":$i}}"
  done
  answer=$(curl -s -w ' %{http_code}' -X POST "$api/events" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "[$body]")
  [[ $answer == *" 202" && $answer == *"\"accepted\":$count"* ]] || die "POST /events answered: $answer"
  printf '%s\n' "${ids[@]}"
}

# How many of the ids (stdin) GET /events at $1 returns for this run's session.
count_stored() {
  local api=$1 token=$2 page found=0 id
  page=$(curl -s "$api/events?session_id=$run_id&limit=1000" -H "Authorization: Bearer $token")
  while read -r id; do [[ $page == *"\"$id\""* ]] && found=$((found + 1)); done
  echo "$found"
}

# 3. The base image, made once
if ! podman image exists "$base_image"; then
  mirror=$(debian_mirror)
  log "building the base image $base_image: debootstrap --variant=minbase trixie from $mirror, with openjdk-21-jre-headless"
  started=$SECONDS
  rootfs=$(mktemp -d "$cache/rootfs.XXXXXX")
  debootstrap --variant=minbase --include=openjdk-21-jre-headless trixie "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { tail -n 20 "$cache/debootstrap.log" >&2; die "debootstrap failed (log: $cache/debootstrap.log)"; }
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  tar -C "$rootfs" -c . | podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' - "$base_image" >/dev/null
  remove_rootfs "$rootfs"; rootfs=""
  log "base image built in $((SECONDS - started)) s"
else
  log "base image $base_image: cached"
fi

# 4. The project's image
jar="$repo/target/the-eye.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$repo/src/main" "$repo/pom.xml" -newer "$jar" -print -quit)" ]; then
  log "building $jar"
  (cd "$repo" && ./mvnw -B -q package -DskipTests)
fi
log "building $image on $base_image"
started=$SECONDS
podman build --quiet --format docker --network none --build-arg BASE_IMAGE="$base_image" -t "$image" "$repo" >/dev/null \
  || die "podman build failed"
build_seconds=$((SECONDS - started))
podman image prune -f >/dev/null 2>&1 || true
image_mb=$(($(podman image inspect -f '{{.Size}}' "$image") / 1000000))
base_mb=$(($(podman image inspect -f '{{.Size}}' "$base_image") / 1000000))
log "image built in $build_seconds s: $image_mb MB ($base_mb MB of it the base)"

[ "$(podman image inspect -f '{{.Config.User}}' "$image")" = "10001:10001" ] || die "the image does not run as 10001"
podman image inspect -f '{{.Config.Healthcheck.Test}}' "$image" | grep -q healthcheck.sh || die "no HEALTHCHECK"
# The class-data archives trained in the build, the server's and the commands', are there and valid for the image's
# JVM (-Xshare:on: a JVM that cannot map its archive stops with an error).
archives=$(run_image --rm --network none --entrypoint /bin/sh "$image" -c \
  'cd /opt/the-eye/target/start/*/ && ls server.* command.*' 2>&1) \
  && [ "$(wc -l <<<"$archives")" -eq 2 ] || die "the image has not both start archives: $archives"
version=$(run_image --rm --network none -e THE_EYE_JAVA_OPTS=-Xshare:on "$image" --version 2>&1) \
  && [[ $version == the-eye* && $version != *$'\n'* ]] || die "the commands' start archive is not used: $version"
usage=$(run_image --rm --network none -e THE_EYE_JAVA_OPTS=-Xshare:on "$image" serve --help 2>&1) \
  && [[ $usage == Usage:* ]] || die "the server's start archive is not used: $usage"

# 4a. One container on the embedded database, its data in a volume
volume="$run_id-data"; volumes+=("$volume")
podman volume create "$volume" >/dev/null
port=$(free_port); api="http://127.0.0.1:$port"
server="$run_id-serve"; containers+=("$server")
started_ms=$(now_ms)
# The metrics as a public deployment has them: behind a token (docs/production.md).
metrics_token=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
without_timer_errors podman run -d --name "$server" --network host --memory 1g -v "$volume:/data" -e THE_EYE_PORT="$port" \
  -e THE_EYE_METRICS_TOKEN="$metrics_token" "$image" >/dev/null
first_answer_ms=$(await_answer "$api/actuator/health/readiness" "$started_ms" "$server")
log "serve: first HTTP answer $first_answer_ms ms after podman run"

started_ms=$(now_ms)
client=$(run_image --rm --network host -v "$volume:/data" "$image" clients create --name shop --json)
cli_ms=$(($(now_ms) - started_ms))
client_id=$(json_field client_id <<<"$client"); secret_key=$(json_field secret_key <<<"$client")
[ -n "$client_id" ] && [ -n "$secret_key" ] || die "clients create printed: $client"
token=$(run_image --rm --network none "$image" token --client-id "$client_id" --secret-key "$secret_key" --ttl 15m)
log "clients create in a second container: $cli_ms ms (podman run included)"

ids=$(post_events "$api" 3 "$token")
[ "$(count_stored "$api" "$token" <<<"$ids")" -eq 3 ] || die "the 3 events are not readable after their 202"
podman healthcheck run "$server" >/dev/null || die "the health check says unhealthy"
[ "$(podman exec "$server" id -u)" = 10001 ] || die "the server does not run as user 10001"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$api/actuator/prometheus")" = 401 ] \
  || die "the metrics answer a scrape without the token"
heap=$(curl -s -H "Authorization: Bearer $metrics_token" "$api/actuator/prometheus" \
  | awk '/^jvm_memory_max_bytes\{.*area="heap"/ && $NF > 0 {sum += $NF} END {printf "%d", sum / 1048576}')
# The JVM's default is a quarter of the memory; the image's MaxRAMPercentage=75 gives it three quarters.
[ "$heap" -ge 600 ] && [ "$heap" -le 800 ] || die "max heap is $heap MiB with a 1 GiB memory limit, expected about 768"
log "events stored, health check healthy, user 10001, metrics only with their token, max heap $heap MiB of a 1 GiB limit"

without_timer_errors podman stop -t 30 "$server" >/dev/null
started_ms=$(now_ms)
without_timer_errors podman start "$server" >/dev/null
restart_answer_ms=$(await_answer "$api/actuator/health/readiness" "$started_ms" "$server")
[ "$(count_stored "$api" "$token" <<<"$ids")" -eq 3 ] || die "the events are gone after a restart"
log "restarted: first HTTP answer $restart_answer_ms ms after podman start; the 3 events read back"
without_timer_errors podman rm -f -v -t 5 "$server" >/dev/null

# 4b. API and worker apart, through Redis, on PostgreSQL
if run_image --rm --network none "$image" worker --help >/dev/null 2>&1; then
  database="the_eye_image_test_$$" stream="$run_id:events"
  createdb "${pg_args[@]}" "$database"
  # API and worker must share it: the worker stores only batches signed with it.
  signing_key=$(head -c 48 /dev/urandom | base64 -w 0)
  broker_env=(-e THE_EYE_DB_URL="jdbc:postgresql://$pg_host:$pg_port/$database" -e THE_EYE_DB_USER="$pg_user"
    -e THE_EYE_QUEUE=redis -e THE_EYE_QUEUE_SIGNING_KEY="$signing_key" -e THE_EYE_REDIS_URL="$redis_url"
    -e THE_EYE_REDIS_STREAM="$stream" -e THE_EYE_REDIS_GROUP="$run_id-workers")
  port=$(free_port); api="http://127.0.0.1:$port"
  api_container="$run_id-api" worker_container="$run_id-worker"
  containers+=("$api_container" "$worker_container")
  run_image -d --name "$api_container" --network host "${broker_env[@]}" -e THE_EYE_PORT="$port" \
    "$image" serve --no-worker >/dev/null
  await_answer "$api/actuator/health/readiness" "$(now_ms)" "$api_container" >/dev/null
  client=$(run_image --rm --network host "${broker_env[@]}" "$image" clients create --name flow --json)
  token=$(run_image --rm --network none "$image" token --client-id "$(json_field client_id <<<"$client")" \
    --secret-key "$(json_field secret_key <<<"$client")" --ttl 15m)
  ids=$(post_events "$api" 5 "$token")
  # No worker yet: the events wait in Redis.
  sleep 2
  [ "$(count_stored "$api" "$token" <<<"$ids")" -eq 0 ] || die "events were stored without a worker"
  run_image -d --name "$worker_container" --network host "${broker_env[@]}" "$image" worker >/dev/null
  deadline=$((SECONDS + 120))
  until [ "$(count_stored "$api" "$token" <<<"$ids")" -eq 5 ]; do
    [ "$SECONDS" -lt "$deadline" ] || { podman logs "$worker_container" >&2 || true; die "the worker did not store the events in 120 s"; }
    sleep 0.5
  done
  log "API and worker apart: 5 events posted to serve --no-worker, waited in Redis, stored by the worker"
  worker_result="passed"
else
  worker_result="SKIPPED: the image's launcher has no 'worker' command yet (issue 7)"
  log "API and worker apart: $worker_result"
fi

echo "test-image: passed"
echo "  image:                    $image_mb MB (base $base_mb MB), built in $build_seconds s"
echo "  serve, first HTTP answer: $first_answer_ms ms after podman run, $restart_answer_ms ms after podman start"
echo "  clients create:           $cli_ms ms in a container of its own (podman run included)"
echo "  API and worker apart:     $worker_result"
echo "  total:                    $((SECONDS - began)) s"
