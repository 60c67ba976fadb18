"""Plain news (placeholder)."""

from __future__ import annotations

from powermap.extract.errors import ReadError
from powermap.extract.model import Analysis


def parse_news(text: str, document: str) -> Analysis:
    """Not yet."""
    raise ReadError(document, "plain news not supported yet")
