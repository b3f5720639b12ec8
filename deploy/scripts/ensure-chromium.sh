#!/usr/bin/env bash
# The browser tests drive Debian's chromium through playwright-core (which downloads no browser
# of its own). Installs it with apt when /usr/bin/chromium (or $CHROMIUM_PATH) is missing.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[[ -x "$CHROMIUM" ]] && exit 0
SUDO=""
[[ "$(id -u)" -eq 0 ]] || SUDO="sudo"
command -v apt-get >/dev/null ||
  { echo "[chromium] $CHROMIUM not found and no apt-get: install chromium, or set CHROMIUM_PATH" >&2; exit 1; }
echo "[chromium] installing chromium with apt-get (once; takes a minute)" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
[[ -x "$CHROMIUM" ]] || { echo "[chromium] $CHROMIUM still missing after install" >&2; exit 1; }
