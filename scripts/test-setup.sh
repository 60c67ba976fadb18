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

# Debian packages, installed once: headless Chromium for tests/browser, driven by
# Playwright through its executable_path (nothing downloads a browser: never
# `playwright install`); OpenLink Virtuoso 7 (`virtuoso-t`, `isql-vt`), the second
# SPARQL server of tests/graph/test_endpoint.py, which starts it itself on a free
# 127.0.0.1 port with a private database directory (the package starts no service).
MISSING=""
if [ ! -x /usr/bin/chromium ]; then MISSING="$MISSING chromium"; fi
if [ ! -x /usr/bin/virtuoso-t ] || [ ! -x /usr/bin/isql-vt ]; then
    MISSING="$MISSING virtuoso-opensource-7-bin"
fi
if [ -n "$MISSING" ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $MISSING
fi
if ! "$BIN/python" -c "import playwright.sync_api" >/dev/null 2>&1; then
    "$BIN/pip" install -q "playwright>=1.40"
fi
