#!/usr/bin/env bash
# System packages the full test suite needs (idempotent; run by `make test`).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${VENV:-.venv}/bin"

# A real SPARQL 1.1 server for tests/graph/test_endpoint.py: Oxigraph's HTTP
# server, a prebuilt binary from the PyPI package "oxigraph" (into the venv).
if ! "$BIN/oxigraph" --version >/dev/null 2>&1; then
    "$BIN/pip" install -q "oxigraph>=0.5"
fi

# Headless Chromium from Debian for tests/browser, driven by Playwright through
# its executable_path (nothing downloads a browser: never `playwright install`).
if [ ! -x /usr/bin/chromium ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
if ! "$BIN/python" -c "import playwright.sync_api" >/dev/null 2>&1; then
    "$BIN/pip" install -q "playwright>=1.40"
fi
