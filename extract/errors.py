"""Errors of reading and extraction a user can act on (subclasses of the one root)."""

from __future__ import annotations

from powermap.errors import PowermapError

__all__ = ["ReadError", "ExtractError"]


class ReadError(PowermapError):
    """An input that cannot be read as an analysis (names the file and the problem)."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class ExtractError(PowermapError):
    """An analysis that was read but cannot be extracted."""
