#!/usr/bin/env bash
# `npm run test:chaos [-- --mentions 5000 --seed 42]`: the whole pipeline under faults on a
# private Postgres and Kafka (never the shared ones), then checks nothing was lost or doubled.
# Options: --mentions N (50000), --agents N (30), --seed N, --minutes N (6: the replay is paced
# to span them; faults land at random moments in it) or --rate N/s,
# --matcher-kills N (5), --router-kills N (5), --replay-kills N (2), --timeout-min N, --keep.
# Environment: CHAOS_PG_PORT (15432), CHAOS_KAFKA_PORT (19092, +1 for its controller),
# CHAOS_BASE_PORT (3380, services take the next ports), REDIS_URL (shared; keys get a prefix),
# The suites sign in as the admin their private api bootstraps (see agent-swarm.ts).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash deploy/scripts/ensure-deps.sh
npx tsc -p apps/tsconfig.build.json
npx tsc -p deploy/chaos/tsconfig.chaos.json
exec env TS_NODE_BASEURL=./dist node -r tsconfig-paths/register dist/deploy/chaos/chaos.main.js "$@"
