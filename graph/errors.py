"""Errors of the graph layer a user can act on (the CLI prints each as one line)."""

from __future__ import annotations

from powermap.extract.errors import PowermapError

__all__ = [
    "MappingError",
    "StoreError",
    "StoreLockedError",
    "StoreNotFoundError",
    "QueryError",
    "ReadOnlyError",
]


class MappingError(PowermapError):
    """An extraction that cannot be turned into RDF (unknown relation kind, actor kind)."""


class StoreError(PowermapError):
    """The store refused or failed an operation."""


class StoreLockedError(StoreError):
    """Another process has the store open for writing."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(f"store {location} is in use by another powermap process")


class StoreNotFoundError(StoreError):
    """A read-only command was pointed at a store that does not exist."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(f"no store at {location} (run `powermap build` first)")


class QueryError(PowermapError):
    """A SPARQL query that does not parse or that the store rejects."""


class ReadOnlyError(PowermapError):
    """An update sent where only queries are allowed."""
