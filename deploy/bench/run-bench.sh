#!/usr/bin/env bash
# `npm run bench`: replays BENCH_MENTIONS mentions (default 20,000 from BENCH_AUTHORS = 10,000
# authors) through the four running services, as separate processes, in a fresh namespace
# (schema, topics, queue prefix), and measures Kafka alone in the same run as the ceiling.
# `npm run bench:router` (argument `router`): routing + enqueue throughput for BENCH_MENTIONS
# cases and `next` latency with 50 agents, against raw BullMQ in the same run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash deploy/scripts/ensure-deps.sh
bash deploy/infra.sh up
echo "[bench] building" >&2
npx tsc -p apps/tsconfig.build.json
npx tsc -p deploy/bench/tsconfig.bench.json

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
case "${1:-pipeline}" in
  pipeline)
    bash deploy/scripts/services.sh start
    TS_NODE_BASEURL=./dist node -r tsconfig-paths/register dist/deploy/bench/pipeline.bench.js
    ;;
  router)
    TS_NODE_BASEURL=./dist node -r tsconfig-paths/register dist/deploy/bench/router.bench.js
    ;;
  *) echo "usage: $0 [pipeline|router]" >&2; exit 2 ;;
esac
