#!/usr/bin/env bash
# System packages the full test suite needs (idempotent; run by `make test`).
set -euo pipefail
