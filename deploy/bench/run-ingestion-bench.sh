#!/usr/bin/env bash
# `npm run bench:ingestion`: replay throughput of the twcs CSV source into Kafka next to a raw
# kafkajs producer of the same messages, in a throwaway topic namespace. Last line:
# `ingestion: <n> mentions/s; raw producer <n> msg/s; ratio <r>`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash deploy/scripts/ensure-deps.sh
bash deploy/infra.sh up >&2
echo "[bench:ingestion] building" >&2
npx tsc -p apps/tsconfig.build.json
npx tsc -p deploy/bench/tsconfig.bench.json
export KAFKA_TOPIC_PREFIX="bench_ingestion_$(date +%s)" LOG_LEVEL="${LOG_LEVEL:-warn}"
export BENCH_FILE="${BENCH_FILE:-$ROOT/libs/testing/data/twcs/twcs-spotifycares-inbound.csv}"
TS_NODE_BASEURL=./dist node -r tsconfig-paths/register dist/deploy/bench/ingestion.bench.js
