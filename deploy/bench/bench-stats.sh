#!/usr/bin/env bash
# Database and Redis counters around a profiled bench run (`npm run bench -- --profile DIR`).
#
#   deploy/bench/bench-stats.sh reset          # before: pg_stat_statements reset, Redis snapshot
#   deploy/bench/bench-stats.sh report [NS]    # after: top statements, Redis commands since reset
#
# pg_stat_statements needs `shared_preload_libraries = 'pg_stat_statements'` on the server (a
# restart); where it is not loaded the report says so and lists per-table counters instead.
# Redis counters are not reset (the server is shared): the report is the difference between the
# INFO commandstats snapshot taken at `reset` and now, so other clients' commands count too.
set -euo pipefail
DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
SNAPSHOT="${BENCH_PROFILE_DIR:-/tmp}/redis-commandstats.before"
redis_host_port() { local r="${REDIS_URL#*://}"; r="${r#*@}"; r="${r%%/*}"; echo "-h ${r%%:*} -p ${r##*:}"; }
# shellcheck disable=SC2046
commandstats() { redis-cli $(redis_host_port) INFO commandstats | tr -d '\r' | grep '^cmdstat_'; }
sql() { psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }

case "${1:-}" in
  reset)
    if sql -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' -c 'SELECT pg_stat_statements_reset()' >/dev/null 2>&1; then
      echo "[bench] pg_stat_statements reset" >&2
    else
      echo "[bench] pg_stat_statements not usable here (not in shared_preload_libraries?)" >&2
    fi
    commandstats >"$SNAPSHOT" || true
    ;;
  report)
    echo "--- postgres: top statements by total time (pg_stat_statements) ---"
    if ! sql -c "SELECT calls, round(total_exec_time)::bigint AS total_ms,
                        round((total_exec_time / calls)::numeric, 3) AS mean_ms, rows,
                        left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
                   FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 20" 2>/dev/null; then
      echo "(pg_stat_statements not loaded; per-table counters of schema ${2:-public} instead)"
      sql -c "SELECT relname, seq_scan, idx_scan, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd
                FROM pg_stat_user_tables WHERE schemaname = '${2:-public}'
               ORDER BY n_tup_ins + n_tup_upd + n_tup_del DESC LIMIT 20" || true
    fi
    echo "--- redis: commands since reset (INFO commandstats difference) ---"
    # cmdstat_evalsha:calls=12,usec=345,... → name calls usec, minus the snapshot's.
    commandstats | awk -F'[:=,]' -v before="$SNAPSHOT" '
      BEGIN { while ((getline line < before) > 0) { split(line, f, /[:=,]/); c0[f[1]] = f[3]; u0[f[1]] = f[5] } }
      { calls = $3 - c0[$1]; usec = $5 - u0[$1]
        if (calls > 0) printf "%-28s calls %9d  usec %11d  usec/call %7.1f\n", substr($1, 9), calls, usec, usec / calls }
    ' | sort -k5 -n -r | head -20
    ;;
  *) echo "usage: $0 reset|report [schema]" >&2; exit 2 ;;
esac
