"""Errors of the graph layer a user can act on (the CLI prints each as one line)."""

from __future__ import annotations

from powermap.errors import PowermapError

__all__ = [
    "GraphError",
    "ViewError",
    "MappingError",
    "StoreError",
    "StoreLockedError",
    "StoreNotFoundError",
    "StoreUnavailableError",
    "QueryError",
    "ReadOnlyError",
]


class GraphError(PowermapError):
    """Base class of the graph layer's errors."""


class ViewError(GraphError):
    """A view, export or site asked for what it cannot give (an unknown name or format)."""


class MappingError(GraphError):
    """An extraction that cannot be turned into RDF (unknown relation kind, actor kind)."""


class StoreError(GraphError):
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


class StoreUnavailableError(StoreError):
    """A SPARQL server that cannot be reached or does not answer in time (a batch stops)."""


class QueryError(GraphError):
    """A SPARQL query that does not parse or that the store rejects."""


class ReadOnlyError(GraphError):
    """An update sent where only queries are allowed."""
