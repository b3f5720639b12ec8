#!/usr/bin/env bash
# `npm run bench`: replays BENCH_MENTIONS mentions (default 20,000 from BENCH_AUTHORS = 10,000
# authors) through the four running services, as separate processes, in a fresh namespace
# (schema, topics, queue prefix), and measures Kafka alone in the same run as the ceiling.
# `npm run bench:router` (argument `router`): routing + enqueue throughput for BENCH_MENTIONS
# cases and `next` latency with 50 agents through the api as its own process on SCB_BASE_PORT
# (back to back, then with BENCH_HANDLING_MS, default 500, of handling between hand-outs), CPU
# per 1,000 hand-outs, against raw BullMQ in the same run. BENCH_SKIP_ANALYZE=1: the hand-outs
# read a work_items table the planner has no statistics for (a new deployment, a burst).
#
# Scale (options or environment): --mentions N (BENCH_MENTIONS), --authors N (BENCH_AUTHORS),
# --customers N (BENCH_CUSTOMERS: known customers seeded first, half the authors among them).
# --matchers N / --routers N (SCB_MATCHERS / SCB_ROUTERS, default 1): instances of each side by
# side in one consumer group (services.sh); the CPU lines sum all instances of a service.
# --no-build (BENCH_NO_BUILD=1): reuse dist/ from the previous run (back-to-back pairs).
# --sla (BENCH_SLA=1): the default queue gets a one-day SLA target, so every new item arms its
# SLA timers (without it the bench's queue has no target and arms none).
# --profile DIR (BENCH_PROFILE_DIR): the services run with `node --cpu-prof` into DIR, and
# pg_stat_statements (when installed) and Redis INFO commandstats are reset before and printed
# after the run. The pipeline bench prints CPU per 1,000 mentions per service, Postgres, Kafka
# and Redis; on a shared machine compare ratios to Kafka alone, not absolute rates.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
MODE=pipeline
while (($#)); do
  case "$1" in
    pipeline | router) MODE="$1" ;;
    --mentions) export BENCH_MENTIONS="$2"; shift ;;
    --authors) export BENCH_AUTHORS="$2"; shift ;;
    --customers) export BENCH_CUSTOMERS="$2"; shift ;;
    --profile) export BENCH_PROFILE_DIR="$2"; shift ;;
    --matchers) export SCB_MATCHERS="$2"; shift ;;
    --routers) export SCB_ROUTERS="$2"; shift ;;
    --no-build) export BENCH_NO_BUILD=1 ;;
    --sla) export BENCH_SLA=1 ;;
    *) echo "usage: $0 [pipeline|router] [--mentions N] [--authors N] [--customers N] [--profile DIR] [--matchers N] [--routers N] [--no-build] [--sla]" >&2; exit 2 ;;
  esac
  shift
done
bash deploy/scripts/ensure-deps.sh
bash deploy/infra.sh up
if [[ "${BENCH_NO_BUILD:-0}" == 1 && -f dist/deploy/bench/pipeline.bench.js ]]; then
  echo "[bench] reusing the build in dist/" >&2
else
  echo "[bench] building" >&2
  npx tsc -p apps/tsconfig.build.json
  npx tsc -p deploy/bench/tsconfig.bench.json
fi

NS="bench_$(date +%s)"
export DB_SCHEMA="$NS" KAFKA_TOPIC_PREFIX="$NS" QUEUE_PREFIX="$NS"
export LOG_LEVEL="${LOG_LEVEL:-warn}" SCB_BASE_PORT="${SCB_BASE_PORT:-3100}"
export SCB_RUN_DIR="$ROOT/deploy/.runtime/bench"
cleanup() {
  bash deploy/scripts/services.sh stop || true
  [[ "${BENCH_KEEP:-0}" == 1 ]] || TS_NODE_BASEURL=./dist node -r tsconfig-paths/register \
    dist/deploy/bench/bench-cleanup.js || true
}
trap cleanup EXIT

npm run -s migrate >/dev/null
case "$MODE" in
  pipeline)
    if [[ -n "${BENCH_PROFILE_DIR:-}" ]]; then
      mkdir -p "$BENCH_PROFILE_DIR"
      SCB_NODE_ARGS="--cpu-prof --cpu-prof-dir=$(cd "$BENCH_PROFILE_DIR" && pwd) --require=$ROOT/dist/deploy/bench/exit-on-sigterm.js" \
        bash deploy/scripts/services.sh start
      bash deploy/bench/bench-stats.sh reset
    else
      bash deploy/scripts/services.sh start
    fi
    TS_NODE_BASEURL=./dist node -r tsconfig-paths/register dist/deploy/bench/pipeline.bench.js
    [[ -z "${BENCH_PROFILE_DIR:-}" ]] || bash deploy/bench/bench-stats.sh report "$NS"
    ;;
  router)
    # The api runs as its own process (deploy/bench/api-process.ts), under --cpu-prof with --profile.
    [[ -z "${BENCH_PROFILE_DIR:-}" ]] || mkdir -p "$BENCH_PROFILE_DIR"
    TS_NODE_BASEURL=./dist node -r tsconfig-paths/register dist/deploy/bench/router.bench.js
    ;;
esac
