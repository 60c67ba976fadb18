"""Markdown (placeholder)."""

from __future__ import annotations

from powermap.extract.errors import ReadError
from powermap.extract.model import Analysis


def has_front_matter(text: str) -> bool:
    """Whether ``text`` opens with a YAML front-matter fence."""
    return text.lstrip("\ufeff").startswith("---\n")


def has_headings(text: str) -> bool:
    """Whether ``text`` has ``## `` headings."""
    return any(line.startswith("## ") for line in text.split("\n"))


def parse_markdown(text: str, document: str) -> Analysis:
    """Not yet."""
    raise ReadError(document, "Markdown not supported yet")
