"""Errors a user can act on: the CLI prints them as one line, never a traceback."""

from __future__ import annotations

__all__ = ["PowermapError", "ReadError", "ExtractError"]


class PowermapError(Exception):
    """Base class for every error powermap reports to the user."""


class ReadError(PowermapError):
    """An input that cannot be read as an analysis (names the file and the problem)."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class ExtractError(PowermapError):
    """An analysis that was read but cannot be extracted."""
