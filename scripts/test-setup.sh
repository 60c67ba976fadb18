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
