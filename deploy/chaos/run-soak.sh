#!/usr/bin/env bash
# `npm run soak [-- --minutes 10 --rate 1000 --agents 50 --handling-ms 2000 --warmup-s S]`: a
# steady load through the four services on a private Postgres and Kafka (never the shared ones),
# agents spending --handling-ms on each item on average (200: the chaos run's closed-loop pace),
# with a warm-up at the rate
# (--warmup-s, default 60: a fresh database's first minute, see soak.main.ts), then the minutes measured; prints
# throughput, end-to-end p50/p99 (measured minutes; the warm-up's apart), per stage and per 5-second
# window, memory of each service after the warm-up and at the end, and consumer lag
# every --sample-s seconds (15).
# The last line reads `soak: <n> mentions/s; p50 <ms> ms; p99 <ms> ms; lost <n>` (post → queued);
# `npm run soak -- --minutes 2 --rate 1000` is the short steady-load check of docs/performance.md.
# Environment: SOAK_PG_PORT (15442), SOAK_KAFKA_PORT (19192, +1 for its controller),
# SOAK_BASE_PORT (3480), REDIS_URL (shared; keys get a prefix).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash deploy/scripts/ensure-deps.sh
npx tsc -p apps/tsconfig.build.json
npx tsc -p deploy/chaos/tsconfig.chaos.json
exec env TS_NODE_BASEURL=./dist node -r tsconfig-paths/register dist/deploy/chaos/soak.main.js "$@"
