#!/usr/bin/env bash
# Starts or stops the four services as background processes from the compiled build (dist/).
#
#   deploy/scripts/services.sh start|stop|status
#
# SCB_RUN_DIR (default deploy/.runtime/services) holds their pid and log files; SCB_BASE_PORT
# (default 3000) gives api, ingestion, matcher and router ports BASE..BASE+3, and the api's
# Prometheus port (METRICS_PORT) BASE+4 unless METRICS_PORT is set. HOST (default 127.0.0.1:
# this machine only) is the address they listen on; HOST=0.0.0.0 opens them to the network.
# SCB_MATCHERS / SCB_ROUTERS (default 1): instances of the matcher and the router. Each further
# instance is named matcher-2, router-2, ... (its own pid, port and log file) and takes the next
# port from BASE+5 on; all instances of a service join the same consumer group, so Kafka splits
# the topic's partitions between them.
# SCB_NODE_ARGS: extra node options for every service (e.g. `--cpu-prof --cpu-prof-dir=DIR`, which
# NODE_OPTIONS refuses). Every other variable (DB_SCHEMA, KAFKA_TOPIC_PREFIX, ...) is passed through.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="${SCB_RUN_DIR:-$ROOT/deploy/.runtime/services}"
BASE_PORT="${SCB_BASE_PORT:-3000}"
MATCHERS="${SCB_MATCHERS:-1}"
ROUTERS="${SCB_ROUTERS:-1}"
# The demo's services answer on loopback only unless HOST says otherwise.
export HOST="${HOST:-127.0.0.1}"

log() { printf '[services] %s\n' "$*" >&2; }

[[ "$MATCHERS" =~ ^[1-9][0-9]*$ && "$ROUTERS" =~ ^[1-9][0-9]*$ ]] ||
  { log "SCB_MATCHERS and SCB_ROUTERS must be positive integers"; exit 2; }

# Instance names in start order: the four services, then the extra matchers and routers.
INSTANCES=(api ingestion matcher router)
for ((n = 2; n <= MATCHERS; n++)); do INSTANCES+=("matcher-$n"); done
for ((n = 2; n <= ROUTERS; n++)); do INSTANCES+=("router-$n"); done

# matcher-2 → matcher: the app an instance runs.
app_of() { echo "${1%-[0-9]*}"; }

pid_of() { local f="$RUN_DIR/$1.pid"; [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }

# Every instance with a pid file, also extra ones started with a larger SCB_MATCHERS/SCB_ROUTERS
# than this call was given, so `stop` never leaves one running.
known_instances() {
  local extra=() f
  for f in "$RUN_DIR"/matcher-*.pid "$RUN_DIR"/router-*.pid; do
    [[ -f "$f" ]] || continue
    f="$(basename "$f" .pid)"
    [[ " ${INSTANCES[*]} " == *" $f "* ]] || extra+=("$f")
  done
  echo "${INSTANCES[@]}" "${extra[@]}"
}

start() {
  cd "$ROOT"
  mkdir -p "$RUN_DIR"
  [[ -f "$ROOT/dist/apps/api/src/main.js" ]] || { log "no build found: run npm run build first"; exit 1; }
  local i=0
  export METRICS_PORT="${METRICS_PORT:-$((BASE_PORT + 4))}"
  for instance in "${INSTANCES[@]}"; do
    # BASE+4 is the api's metrics port: instances past the first four start at BASE+5.
    local port=$((BASE_PORT + i + (i >= 4 ? 1 : 0))); i=$((i + 1))
    if pid_of "$instance" >/dev/null; then log "$instance already running (pid $(pid_of "$instance"))"; continue; fi
    # Started directly (no wrapping subshell) so $! is node's pid and no shell keeps our stdout.
    # shellcheck disable=SC2086 # SCB_NODE_ARGS is a list of options
    PORT="$port" TS_NODE_BASEURL=./dist nohup node ${SCB_NODE_ARGS:-} -r tsconfig-paths/register \
      "dist/apps/$(app_of "$instance")/src/main.js" </dev/null >"$RUN_DIR/$instance.log" 2>&1 &
    echo $! >"$RUN_DIR/$instance.pid"
    echo "$port" >"$RUN_DIR/$instance.port"
  done
  for instance in "${INSTANCES[@]}"; do
    local port; port="$(cat "$RUN_DIR/$instance.port")"
    for _ in $(seq 1 120); do
      curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
      pid_of "$instance" >/dev/null || { tail -20 "$RUN_DIR/$instance.log" >&2; log "$instance exited during start-up"; exit 1; }
      sleep 0.5
    done
    curl -fs "http://127.0.0.1:$port/health" >/dev/null ||
      { tail -20 "$RUN_DIR/$instance.log" >&2; log "$instance is not healthy after 60s (log: $RUN_DIR/$instance.log)"; exit 1; }
    log "$instance healthy on http://127.0.0.1:$port (log: $RUN_DIR/$instance.log)"
  done
}

stop() {
  for instance in $(known_instances); do
    local pid
    pid="$(pid_of "$instance")" || { rm -f "$RUN_DIR/$instance.pid"; continue; }
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$RUN_DIR/$instance.pid"
    log "$instance stopped"
  done
}

status() {
  for instance in $(known_instances); do
    if pid="$(pid_of "$instance")"; then echo "$instance running (pid $pid, port $(cat "$RUN_DIR/$instance.port"))"; else echo "$instance stopped"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
