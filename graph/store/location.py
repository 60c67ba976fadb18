"""Where the store is when nobody says: ``--store``, else ``$POWERMAP_STORE``, else a default.

Kept free of heavy imports so the CLI can show these defaults without loading rdflib.
"""

from __future__ import annotations

import os

__all__ = ["DEFAULT_STORE", "STORE_ENV", "store_location", "is_endpoint"]

DEFAULT_STORE = "./powermap-store"
STORE_ENV = "POWERMAP_STORE"


def store_location(location: str | os.PathLike[str] | None = None) -> str:
    """``location``, else ``$POWERMAP_STORE``, else ``./powermap-store``."""
    if location is not None and str(location):
        return str(location)
    return os.environ.get(STORE_ENV) or DEFAULT_STORE


def is_endpoint(location: str) -> bool:
    """True for a SPARQL endpoint URL (``http://`` or ``https://``)."""
    return location.startswith(("http://", "https://"))
