#!/usr/bin/env bash
# A single-node Kafka broker (KRaft: broker and controller in one process) from Kafka's own jars on Maven Central,
# for benchmarks on a machine with no Kafka: `kafka.tools.StorageTool format`, then `kafka.Kafka server.properties`.
# Usage: bench/kafka-server.sh DATA_DIR [PORT]   Runs in the foreground until stopped (SIGTERM or Ctrl-C).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
. "$REPO/bin/lib/java-home.sh"
DATA=${1:?usage: bench/kafka-server.sh DATA_DIR [PORT]}
PORT=${2:-19092}
CONTROLLER_PORT=$((PORT + 1))
LIB=${BENCH_KAFKA_LIB:-$REPO/target/kafka-server-lib}

if [[ ! -f $LIB/.complete ]]; then
  echo "[kafka] fetching Kafka's jars from Maven Central into $LIB" >&2
  (cd "$BENCH_DIR/kafka" && JAVA_HOME=$JAVA_HOME "$REPO/mvnw" -B -q dependency:copy-dependencies \
    -DoutputDirectory="$LIB" -DincludeScope=runtime) >&2
  touch "$LIB/.complete"
fi

mkdir -p "$DATA/log"
cat >"$DATA/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA/log
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS

java=("$JAVA_HOME/bin/java" -Xms512m -Xmx1g -cp "$LIB/*")
if [[ ! -f $DATA/log/meta.properties ]]; then
  cluster=$("${java[@]}" kafka.tools.StorageTool random-uuid)
  "${java[@]}" kafka.tools.StorageTool format -t "$cluster" -c "$DATA/server.properties" >&2
fi
exec "${java[@]}" kafka.Kafka "$DATA/server.properties"
