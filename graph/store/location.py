"""Where the store is when nobody says: ``--store``, else ``$POWERMAP_STORE``, else a default.

Kept free of heavy imports so the CLI can show these defaults without loading rdflib.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

__all__ = [
    "DEFAULT_STORE",
    "GENERATION_FILE",
    "STORE_ENV",
    "store_location",
    "is_endpoint",
    "read_generation",
    "new_generation",
]

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


GENERATION_FILE = "powermap-generation"
"""A file in the embedded store's directory holding a random token that every write
through :class:`OxigraphStore` replaces: whatever is derived from the store (the
views' index) records the token it was read at, and is current while they match."""


def read_generation(location: str | os.PathLike[str]) -> str | None:
    """The generation token of the embedded store at ``location`` (None: never written
    by a powermap that keeps one)."""
    try:
        return (Path(location) / GENERATION_FILE).read_text("ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def new_generation(location: str | os.PathLike[str]) -> str:
    """Write a fresh generation token for the store at ``location`` (atomically) and return it."""
    token = uuid.uuid4().hex
    path = Path(location) / GENERATION_FILE
    staging = path.with_name(f"{GENERATION_FILE}.{token}")
    staging.write_text(token + "\n", "ascii")
    os.replace(staging, path)
    return token
