#!/usr/bin/env bash
# Runs a real single-node Apache Kafka broker (KRaft, combined broker + controller) without Docker.
# The jars come from Maven Central through ./pom.xml; data, logs and the pid live in ./.runtime.
#
#   deploy/kafka/kafka.sh start|stop|restart|status|reset
#
# `start` is idempotent: it reuses downloaded jars, formatted storage and a broker that already
# answers on KAFKA_PORT. Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093),
# KAFKA_HEAP_OPTS (-Xms512m -Xmx1g), KAFKA_START_TIMEOUT seconds (90).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUNTIME="${KAFKA_RUNTIME_DIR:-$HERE/.runtime}"
LIBS="$RUNTIME/libs"
DATA="$RUNTIME/data"
LOGS="$RUNTIME/logs"
PIDFILE="$RUNTIME/kafka.pid"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP="${KAFKA_HEAP_OPTS:--Xms512m -Xmx1g}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"

log() { printf '[kafka] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

our_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

require_java() {
  command -v java >/dev/null || die "java not found: install a JDK/JRE 17+ (Debian: apt-get install openjdk-17-jre-headless)"
}

ensure_jars() {
  if compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null && compgen -G "$LIBS/reload4j-*.jar" >/dev/null; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found: install Apache Maven (Debian: apt-get install maven) to fetch the Kafka jars"
  log "fetching Apache Kafka jars from Maven Central (once)"
  mvn -q -B -f "$HERE/pom.xml" -Druntime.dir="$LIBS" package >"$RUNTIME/maven.log" 2>&1 ||
    { tail -40 "$RUNTIME/maven.log" >&2; die "maven could not fetch the Kafka jars (full log: $RUNTIME/maven.log)"; }
}

java_run() { java -cp "$LIBS/*" -Dlog4j.configuration="file:$RUNTIME/log4j.properties" "$@"; }

write_config() {
  cat >"$RUNTIME/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA
# Topics are created by the project with explicit partition counts; a typo must not invent one.
auto.create.topics.enable=false
delete.topic.enable=true
num.partitions=6
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=24
PROPS
  cat >"$RUNTIME/log4j.properties" <<PROPS
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$LOGS/server.log
log4j.appender.file.MaxFileSize=50MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.controller=INFO
PROPS
}

ensure_storage() {
  [[ -f "$DATA/meta.properties" ]] && return 0
  local cluster_id
  cluster_id="$(java_run kafka.tools.StorageTool random-uuid | tail -1)"
  log "formatting KRaft storage (cluster $cluster_id)"
  java_run kafka.tools.StorageTool format -t "$cluster_id" -c "$RUNTIME/server.properties" >"$LOGS/format.log" 2>&1 ||
    { cat "$LOGS/format.log" >&2; die "storage format failed"; }
}

broker_answers() {
  java_run kafka.admin.BrokerApiVersionsCommand --bootstrap-server "127.0.0.1:$PORT" >/dev/null 2>&1
}

start() {
  mkdir -p "$RUNTIME" "$DATA" "$LOGS"
  if port_open "$PORT"; then
    if our_pid >/dev/null || ! command -v java >/dev/null; then
      log "broker already running on 127.0.0.1:$PORT"
      return 0
    fi
    ensure_jars
    broker_answers || die "port $PORT is taken by something that is not a Kafka broker"
    log "reusing the Kafka broker already on 127.0.0.1:$PORT"
    return 0
  fi
  require_java
  ensure_jars
  write_config
  ensure_storage
  log "starting broker on 127.0.0.1:$PORT (logs: $LOGS/server.log)"
  # No inherited stdio: a caller waiting on our output (jest globalSetup, CI) must not wait on Java.
  nohup java $HEAP -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$RUNTIME/log4j.properties" -Dkafka.logs.dir="$LOGS" \
    -cp "$LIBS/*" kafka.Kafka "$RUNTIME/server.properties" \
    </dev/null >"$LOGS/stdout.log" 2>&1 9>&- &
  echo $! >"$PIDFILE"
  local deadline=$((SECONDS + START_TIMEOUT))
  until port_open "$PORT" && grep -q "Kafka Server started" "$LOGS/server.log" 2>/dev/null; do
    if ! our_pid >/dev/null; then
      tail -30 "$LOGS/stdout.log" "$LOGS/server.log" >&2 2>/dev/null || true
      die "broker exited during start-up"
    fi
    ((SECONDS < deadline)) || die "broker did not answer within ${START_TIMEOUT}s (see $LOGS/server.log)"
    sleep 0.5
  done
  # "Kafka Server started" comes a moment before a loaded broker (or the admin tool's own JVM)
  # answers in time: ask again until the same deadline rather than once.
  until broker_answers; do
    our_pid >/dev/null || die "broker exited during start-up (see $LOGS/server.log)"
    ((SECONDS < deadline)) || die "broker started but does not answer API requests within ${START_TIMEOUT}s (see $LOGS/server.log)"
    sleep 1
  done
  log "broker ready on 127.0.0.1:$PORT"
}

stop() {
  local pid
  if ! pid="$(our_pid)"; then
    log "not running (no broker started by this script)"
    rm -f "$PIDFILE"
    return 0
  fi
  log "stopping broker (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; log "stopped"; return 0; }
    sleep 0.5
  done
  log "broker did not stop in 30s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}

status() {
  if pid="$(our_pid)"; then
    echo "running (pid $pid) on 127.0.0.1:$PORT"
  elif port_open "$PORT"; then
    echo "a broker not started by this script answers on 127.0.0.1:$PORT"
  else
    echo "stopped"
    return 3
  fi
}

with_lock() {
  mkdir -p "$RUNTIME"
  # Parallel callers (several jest projects, a demo and a test run) must not start two brokers.
  exec 9>"$RUNTIME/.lock"
  flock -w 180 9 || die "another kafka.sh holds $RUNTIME/.lock"
  "$@"
}

case "${1:-}" in
  start) with_lock start ;;
  stop) with_lock stop ;;
  restart) with_lock stop; with_lock start ;;
  status) status ;;
  reset) with_lock stop; rm -rf "$DATA"; log "storage removed" ;;
  *) echo "usage: $0 start|stop|restart|status|reset" >&2; exit 2 ;;
esac
