#!/usr/bin/env bash
# Shared first steps of the measuring commands (bench:matcher, eval:twcs): dependencies, the
# infrastructure, and a build of the services plus the tool's own tsconfig ($1).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bash deploy/scripts/ensure-deps.sh
bash deploy/infra.sh up >&2
npx tsc -p apps/tsconfig.build.json
npx tsc -p "$1"
