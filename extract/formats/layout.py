"""The page-layout knowledge from ``ontology/layout.yaml`` and ``ontology/topics.yaml``.

Loaded once; the parsers read patterns and word lists from here and never
spell them out in code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from powermap.ontology import loader

__all__ = ["Layout", "layout"]


@dataclass(frozen=True)
class Layout:
    """Compiled form of the layout data files."""

    section_headings: tuple[str, ...]
    lead_label: str
    credit: re.Pattern[str]
    metadata_labels: dict[str, str]
    boilerplate: tuple[str, ...]
    read_original: re.Pattern[str]
    attribution: re.Pattern[str]
    topics_heading: str
    skip_in_folders: frozenset[str]
    topics: tuple[str, ...]
    dateline: re.Pattern[str]
    byline: re.Pattern[str]
    news_heading: str

    def is_known_heading(self, line: str) -> bool:
        """Whether ``line`` is one of the site's section headings (any case)."""
        return line.strip().casefold() in {h.casefold() for h in self.section_headings}

    def is_boilerplate(self, line: str) -> bool:
        """Whether ``line`` is made only of site furniture ("Subscribe for more...")."""
        rest = self.strip_boilerplate(line)
        return not rest.strip(" \t|·•-")

    def strip_boilerplate(self, line: str) -> str:
        """``line`` with every boilerplate phrase removed (they may be run together)."""
        for phrase in sorted(self.boilerplate, key=len, reverse=True):
            line = line.replace(phrase, " ")
        return line.strip()


def _load(name: str) -> dict[str, Any]:
    data = loader.yaml_data(name)
    if not isinstance(data, dict):  # pragma: no cover - a broken package
        raise RuntimeError(f"ontology/{name} is not a mapping")
    return data


@lru_cache(maxsize=1)
def layout() -> Layout:
    """The layout knowledge, loaded from the package data on first use."""
    data = _load("layout.yaml")
    news = data["news"]
    return Layout(
        section_headings=tuple(data["section_headings"]),
        lead_label=data["lead_label"],
        credit=re.compile(data["credit_pattern"], re.IGNORECASE),
        metadata_labels=dict(data["metadata_labels"]),
        boilerplate=tuple(data["boilerplate"]),
        read_original=re.compile(data["read_original_pattern"], re.IGNORECASE),
        attribution=re.compile(data["attribution_pattern"], re.IGNORECASE),
        topics_heading=data["topics_heading"],
        skip_in_folders=frozenset(s.casefold() for s in data["skip_in_folders"]),
        topics=tuple(_load("topics.yaml")["topics"]),
        dateline=re.compile(news["dateline"]),
        byline=re.compile(news["byline"]),
        news_heading=news["section_heading"],
    )
