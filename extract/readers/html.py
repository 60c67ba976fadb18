"""HTML pages (placeholder)."""

from __future__ import annotations

from powermap.extract.errors import ReadError
from powermap.extract.model import Analysis


def looks_like_html(text: str) -> bool:
    """Whether ``text`` starts like an HTML document."""
    return text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))


def parse_html(text: str, document: str) -> Analysis:
    """Not yet."""
    raise ReadError(document, "HTML not supported yet")
