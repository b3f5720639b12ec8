#!/usr/bin/env bash
# `npm run test:browser`: the web console in a real (headless) chromium against the four services
# running in-process on the real Kafka, Postgres and Redis. Builds the console first.
# SCB_SCREENSHOTS=docs (npm run docs:screenshots) also writes the README's screenshots to docs/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bash deploy/scripts/ensure-chromium.sh
npm run --silent build:console
npx jest --selectProjects browser --runInBand "$@"
