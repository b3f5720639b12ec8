#!/usr/bin/env bash
# `npm test`: everything CI checks, on a fresh machine. Installs dependencies, starts Postgres,
# Redis and a real Kafka broker when needed, then runs format, lint, type-check, build, unit,
# integration, end-to-end and browser tests (chromium comes from apt when missing), then the chaos
# suite (about 8 minutes on a 2-core machine, on its own private Postgres and Kafka;
# SCB_SKIP_CHAOS=1 leaves it out). Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
step() { printf '\n=== %s ===\n' "$*"; }

step "dependencies"; bash deploy/scripts/ensure-deps.sh
step "infrastructure"; bash deploy/infra.sh up
step "format"; npx prettier --check . --log-level warn
step "lint"; npx eslint . --max-warnings 0
step "type-check"; npm run --silent typecheck
step "build"; npm run --silent build
export SCB_SKIP_INFRA=1
step "unit tests"; npx jest --selectProjects unit
step "integration tests"; npx jest --selectProjects integration --runInBand
step "end-to-end tests"; npx jest --selectProjects e2e --runInBand
step "browser tests"; bash deploy/scripts/test-browser.sh
if [[ "${SCB_SKIP_CHAOS:-0}" != 1 ]]; then
  step "chaos (faults on a private Postgres and Kafka)"; bash deploy/chaos/run-chaos.sh --minutes 4
fi
step "all passed"
