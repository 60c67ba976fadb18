"""Small helpers every format parser shares: paragraphs, heading shape, ids."""

from __future__ import annotations

import re
from pathlib import PurePath

from powermap.ontology.lexicon import slug

__all__ = ["blocks", "is_heading_shaped", "analysis_id", "join_lines"]

_TERMINAL = tuple(".!?,;:\"”’'…")


def blocks(text: str) -> list[list[str]]:
    """The paragraphs of ``text``: runs of non-blank lines, each line stripped."""
    out: list[list[str]] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def join_lines(lines: list[str]) -> str:
    """One paragraph from hard-wrapped lines."""
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


def is_heading_shaped(line: str) -> bool:
    """A short line starting with a capital and without final punctuation."""
    line = line.strip()
    return (
        0 < len(line) <= 80
        and len(line.split()) <= 10
        and (line[0].isupper() or line[0].isdigit())
        and not line.endswith(_TERMINAL)
    )


def analysis_id(title: str | None, document: str | None) -> str:
    """Slug of the title, else of the file stem, else ``"stdin"``."""
    for candidate in (title, PurePath(document).stem if document else None):
        if candidate and (key := slug(candidate, max_length=80, default="")):
            return key
    return "stdin"
