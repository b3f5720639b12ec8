#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
command -v node >/dev/null || { echo "node not found: install Node.js 20.19+ (https://nodejs.org)" >&2; exit 1; }
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[deps] npm ci" >&2
  npm ci --no-audit --no-fund
fi
# The deploy/k8s tests render the manifests with the real Kustomize v5 (`kubectl kustomize`, or a
# standalone `kustomize`) and fail without it. Nothing is downloaded here: say what to install.
if ! command -v kubectl >/dev/null && ! command -v kustomize >/dev/null; then
  echo "[deps] WARNING: kubectl not found: the deploy/k8s tests will fail. Install kubectl 1.27+" \
    "(embeds Kustomize v5; https://kubernetes.io/docs/tasks/tools/) or a standalone kustomize v5." \
    "Debian's kubernetes-client (kubectl 1.20) is too old." >&2
fi
