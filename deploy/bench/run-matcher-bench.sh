#!/usr/bin/env bash
# `npm run bench:matcher`: the matcher alone (rules, identity, decision, the batch transaction) on
# the real Postgres in a private schema, next to a raw batched insert of the same rows as the
# ceiling. Tuning: BENCH_CUSTOMERS (100,000), BENCH_MENTIONS (50,000), BENCH_BATCH (1,000).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash deploy/scripts/prepare-tool.sh deploy/bench/tsconfig.bench.json
LOG_LEVEL="${LOG_LEVEL:-warn}" TS_NODE_BASEURL=./dist node -r tsconfig-paths/register \
  dist/deploy/bench/matcher.bench.js
