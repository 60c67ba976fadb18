"""Knowledge-graph commands (build, sparql, validate, export, stats), on the same group."""

from __future__ import annotations

from powermap.cli import cli  # noqa: F401
