#!/usr/bin/env bash
# `npm run eval:twcs [-- path/to/file.csv]`: replays a "Customer Support on Twitter" CSV through
# ingestion's replay source onto Kafka and the matcher service into Postgres (a private schema and
# topic prefix, dropped afterwards) and prints how well the cases follow the dataset's
# conversations. Tuning: EVAL_RESOLVE_IDLE_HOURS, EVAL_REOPEN_WINDOW_HOURS, EVAL_SLICE_SIZE; what
# production knows and the file lacks: EVAL_BRAND_REPLIES, EVAL_CONVERSATION_IDS (1 by default).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FILE="$(realpath "${1:-$ROOT/libs/testing/data/twcs/twcs-spotifycares-inbound.csv}")"
cd "$ROOT"
bash deploy/scripts/prepare-tool.sh deploy/eval/tsconfig.eval.json
LOG_LEVEL="${LOG_LEVEL:-warn}" TS_NODE_BASEURL=./dist node -r tsconfig-paths/register \
  dist/deploy/eval/twcs.eval.js "$FILE"
