"""The one root of every error powermap reports to the user.

``extract`` (:class:`powermap.extract.errors.ReadError`, ``ExtractError``) and
``graph`` (:class:`powermap.graph.errors.GraphError` and its kinds) subclass
:class:`PowermapError`; the CLI prints any of them as one line on stderr,
never a traceback. Kept free of imports so every layer can depend on it.
"""

from __future__ import annotations

__all__ = ["PowermapError"]


class PowermapError(Exception):
    """Base class for every error powermap reports to the user."""
