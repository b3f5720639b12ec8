#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and Kafka answer, starting what it can and explaining what is missing.
#
#   deploy/infra.sh up|down|status
#
# Postgres and Redis: the servers named by DATABASE_URL / REDIS_URL (default 127.0.0.1:5432 and
# 127.0.0.1:6379) are used when they answer; otherwise a local server is started when its binaries
# are installed. Kafka: the broker in KAFKA_BROKERS is used when it answers; otherwise (for a
# 127.0.0.1 address) deploy/kafka/kafka.sh starts a real single-node KRaft broker.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUNTIME="$HERE/.runtime"
DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# host and port out of scheme://user@host:port/db
url_host() { local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"; echo "${rest%%:*}"; }
url_port() { local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"; [[ "$rest" == *:* ]] && echo "${rest##*:}" || echo "$2"; }
url_db() { local rest="${1#*://}"; rest="${rest#*/}"; echo "${rest%%\?*}"; }
url_user() { local rest="${1#*://}"; [[ "$rest" == *@* ]] && { rest="${rest%%@*}"; echo "${rest%%:*}"; } || echo postgres; }

local_host() { [[ "$1" == 127.0.0.1 || "$1" == localhost || "$1" == ::1 ]]; }

wait_port() {
  local host="$1" port="$2" what="$3"
  for _ in $(seq 1 60); do port_open "$host" "$port" && return 0; sleep 0.5; done
  die "$what did not answer on $host:$port within 30s"
}

postgres_up() {
  local host port; host="$(url_host "$DATABASE_URL")"; port="$(url_port "$DATABASE_URL" 5432)"
  if port_open "$host" "$port"; then log "postgres answers on $host:$port"; return 0; fi
  local_host "$host" || die "postgres at $host:$port does not answer (DATABASE_URL)"
  if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]] && [[ -n "$(ls /etc/postgresql)" ]]; then
    local version; version="$(ls /etc/postgresql | sort -V | tail -1)"
    log "starting the system postgres cluster $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  else
    local bindir; bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    [[ -n "$bindir" ]] || command -v initdb >/dev/null ||
      die "postgres is not running and not installed: install PostgreSQL 14+ (Debian: apt-get install postgresql) or set DATABASE_URL"
    local initdb="${bindir:+$bindir/}initdb" pg_ctl="${bindir:+$bindir/}pg_ctl" data="$RUNTIME/postgres"
    if [[ ! -f "$data/PG_VERSION" ]]; then
      log "initialising a local postgres cluster in $data"
      "$initdb" -D "$data" -U "$(url_user "$DATABASE_URL")" --auth=trust >"$RUNTIME/postgres-init.log" 2>&1
    fi
    log "starting a local postgres on $port"
    "$pg_ctl" -D "$data" -l "$RUNTIME/postgres.log" -o "-p $port -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  wait_port "$host" "$port" postgres
  local db; db="$(url_db "$DATABASE_URL")"
  if command -v psql >/dev/null && [[ -n "$db" ]]; then
    psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 ||
      psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$db\"" || true
  fi
}

redis_up() {
  local host port; host="$(url_host "$REDIS_URL")"; port="$(url_port "$REDIS_URL" 6379)"
  if port_open "$host" "$port"; then log "redis answers on $host:$port"; return 0; fi
  local_host "$host" || die "redis at $host:$port does not answer (REDIS_URL)"
  command -v redis-server >/dev/null ||
    die "redis is not running and not installed: install Redis 6.2+ (Debian: apt-get install redis-server) or set REDIS_URL"
  mkdir -p "$RUNTIME/redis"
  log "starting a local redis on $port"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$RUNTIME/redis" --logfile "$RUNTIME/redis.log" --pidfile "$RUNTIME/redis.pid"
  wait_port "$host" "$port" redis
}

kafka_up() {
  local first="${KAFKA_BROKERS%%,*}" host port
  host="${first%%:*}"; port="${first##*:}"
  if ! local_host "$host"; then
    port_open "$host" "$port" || die "kafka at $first does not answer (KAFKA_BROKERS)"
    log "kafka answers on $first"
    return 0
  fi
  KAFKA_PORT="$port" "$HERE/kafka/kafka.sh" start
}

case "${1:-up}" in
  up)
    mkdir -p "$RUNTIME"
    postgres_up
    redis_up
    kafka_up
    ;;
  down)
    # Only Kafka is ours to stop; Postgres and Redis may be shared with other work on the machine.
    "$HERE/kafka/kafka.sh" stop
    ;;
  status)
    printf 'postgres %s\n' "$(port_open "$(url_host "$DATABASE_URL")" "$(url_port "$DATABASE_URL" 5432)" && echo up || echo down)"
    printf 'redis    %s\n' "$(port_open "$(url_host "$REDIS_URL")" "$(url_port "$REDIS_URL" 6379)" && echo up || echo down)"
    printf 'kafka    %s\n' "$("$HERE/kafka/kafka.sh" status || true)"
    ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
