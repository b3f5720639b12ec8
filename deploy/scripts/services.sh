#!/usr/bin/env bash
# Starts or stops the four services as background processes from the compiled build (dist/).
#
#   deploy/scripts/services.sh start|stop|status
#
# SCB_RUN_DIR (default deploy/.runtime/services) holds their pid and log files; SCB_BASE_PORT
# (default 3000) gives api, ingestion, matcher and router ports BASE..BASE+3, and the api's
# Prometheus port (METRICS_PORT) BASE+4 unless METRICS_PORT is set. HOST (default 127.0.0.1:
# this machine only) is the address they listen on; HOST=0.0.0.0 opens them to the network.
# SCB_NODE_ARGS: extra node options for every service (e.g. `--cpu-prof --cpu-prof-dir=DIR`, which
# NODE_OPTIONS refuses). Every other variable (DB_SCHEMA, KAFKA_TOPIC_PREFIX, ...) is passed through.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="${SCB_RUN_DIR:-$ROOT/deploy/.runtime/services}"
BASE_PORT="${SCB_BASE_PORT:-3000}"
# The demo's services answer on loopback only unless HOST says otherwise.
export HOST="${HOST:-127.0.0.1}"
APPS=(api ingestion matcher router)

log() { printf '[services] %s\n' "$*" >&2; }

pid_of() { local f="$RUN_DIR/$1.pid"; [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }

start() {
  cd "$ROOT"
  mkdir -p "$RUN_DIR"
  [[ -f "$ROOT/dist/apps/api/src/main.js" ]] || { log "no build found: run npm run build first"; exit 1; }
  local i=0
  export METRICS_PORT="${METRICS_PORT:-$((BASE_PORT + 4))}"
  for app in "${APPS[@]}"; do
    local port=$((BASE_PORT + i)); i=$((i + 1))
    if pid_of "$app" >/dev/null; then log "$app already running (pid $(pid_of "$app"))"; continue; fi
    # Started directly (no wrapping subshell) so $! is node's pid and no shell keeps our stdout.
    # shellcheck disable=SC2086 # SCB_NODE_ARGS is a list of options
    PORT="$port" TS_NODE_BASEURL=./dist nohup node ${SCB_NODE_ARGS:-} -r tsconfig-paths/register \
      "dist/apps/$app/src/main.js" </dev/null >"$RUN_DIR/$app.log" 2>&1 &
    echo $! >"$RUN_DIR/$app.pid"
    echo "$port" >"$RUN_DIR/$app.port"
  done
  for app in "${APPS[@]}"; do
    local port; port="$(cat "$RUN_DIR/$app.port")"
    for _ in $(seq 1 120); do
      curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
      pid_of "$app" >/dev/null || { tail -20 "$RUN_DIR/$app.log" >&2; log "$app exited during start-up"; exit 1; }
      sleep 0.5
    done
    curl -fs "http://127.0.0.1:$port/health" >/dev/null ||
      { tail -20 "$RUN_DIR/$app.log" >&2; log "$app is not healthy after 60s (log: $RUN_DIR/$app.log)"; exit 1; }
    log "$app healthy on http://127.0.0.1:$port (log: $RUN_DIR/$app.log)"
  done
}

stop() {
  for app in "${APPS[@]}"; do
    local pid
    pid="$(pid_of "$app")" || { rm -f "$RUN_DIR/$app.pid"; continue; }
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$RUN_DIR/$app.pid"
    log "$app stopped"
  done
}

status() {
  for app in "${APPS[@]}"; do
    if pid="$(pid_of "$app")"; then echo "$app running (pid $pid, port $(cat "$RUN_DIR/$app.port"))"; else echo "$app stopped"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
