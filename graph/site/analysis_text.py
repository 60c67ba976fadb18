"""An analysis's own text as the site shows it: its sections, with the claims' evidence marked.

:func:`read_texts` reads each analysis's summary, type, source and sections
from the store (``graph/store/queries/site_*.rq``); :func:`highlight` splits a
section into runs of plain text and runs that are a claim's evidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from powermap.graph.store.backends import Store
from powermap.graph.views.index import ViewIndex
from powermap.graph.views.snapshot import ClaimRecord, local_id, rows_of

__all__ = ["Segment", "SectionText", "AnalysisText", "highlight", "read_text", "read_texts"]


@dataclass(frozen=True)
class Segment:
    """A run of section text, and the claims whose evidence it is (none: plain text)."""

    text: str
    claims: tuple[ClaimRecord, ...] = ()


@dataclass(frozen=True)
class SectionText:
    """One section of an analysis as stored: heading, text, position in the page."""

    heading: str
    text: str
    position: int


@dataclass(frozen=True)
class AnalysisText:
    """What an analysis page shows besides the claims: summary, type, source, sections."""

    summary: str | None = None
    genre: str | None = None
    minutes: int | None = None
    outlet: str | None = None
    source: str | None = None
    sections: tuple[SectionText, ...] = ()


def highlight(text: str, claims: Iterable[ClaimRecord]) -> tuple[list[Segment], set[str]]:
    """Split ``text`` into segments, marking the sentences that are claims' evidence.

    Claims with the same evidence share one mark; a mark that would overlap an
    earlier one is left out.

    Returns
    -------
    (segments, claim ids whose evidence was found in ``text``)

    Examples
    --------
    >>> c = ClaimRecord("c1", "a1", "qatar", "brokers", "gains", "forward", "Qatar hosts.", 0.8)
    >>> segments, found = highlight("Talks resumed. Qatar hosts. More later.", [c])
    >>> [(s.text, len(s.claims)) for s in segments], found
    ([('Talks resumed. ', 0), ('Qatar hosts.', 1), (' More later.', 0)], {'c1'})
    """
    by_sentence: dict[str, list[ClaimRecord]] = defaultdict(list)
    for claim in claims:
        if claim.evidence.strip():
            by_sentence[claim.evidence].append(claim)
    spans = []
    for sentence, claims_here in by_sentence.items():
        start = text.find(sentence)
        if start >= 0:
            spans.append((start, start + len(sentence), tuple(claims_here)))
    spans.sort(key=lambda s: (s[0], -s[1]))
    segments: list[Segment] = []
    found: set[str] = set()
    at = 0
    for start, end, group in spans:
        if start < at:
            continue
        if start > at:
            segments.append(Segment(text[at:start]))
        segments.append(Segment(text[start:end], group))
        found.update(c.id for c in group)
        at = end
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments, found


def read_texts(store: Store) -> dict[str, AnalysisText]:
    """Summary, type, source and sections of each analysis of the store (two queries)."""
    sections: dict[str, list[SectionText]] = defaultdict(list)
    for values in rows_of(store, "site_sections"):  # strings, without rdflib terms
        position = values.get("position")
        sections[local_id(values["analysis"])].append(
            SectionText(
                heading=values["heading"],
                text=values["text"],
                position=int(position) if position is not None else 0,
            )
        )
    texts: dict[str, AnalysisText] = {}
    for values in rows_of(store, "site_about"):
        analysis = local_id(values["analysis"])
        texts[analysis] = _text(values, sections.get(analysis, ()))
    return texts


def read_text(index: ViewIndex, analysis: str) -> AnalysisText:
    """One analysis's summary, type, source and sections from the views index, as
    :func:`read_texts` reads them from the store (an empty text when it has none)."""
    about = index.rows(
        "SELECT summary, genre, minutes, outlet, source FROM texts WHERE analysis = ? "
        "ORDER BY seq DESC LIMIT 1",  # the last row, as read_texts keeps it
        (analysis,),
    )
    if not about:
        return AnalysisText()
    names = ("summary", "genre", "minutes", "outlet", "source")
    sections = [
        SectionText(heading, text, int(position) if position is not None else 0)
        for heading, text, position in index.rows(
            "SELECT heading, text, position FROM sections WHERE analysis = ? ORDER BY seq",
            (analysis,),
        )
    ]
    return _text({k: v for k, v in zip(names, about[0], strict=True) if v is not None}, sections)


def _text(values: dict[str, str], sections: Iterable[SectionText]) -> AnalysisText:
    """An analysis's text from its row of ``site_about`` and its sections (any order)."""
    minutes = values.get("minutes", "")
    return AnalysisText(
        summary=values.get("summary"),
        genre=values.get("genre"),
        minutes=int(minutes) if minutes.isdigit() else None,
        outlet=values.get("outlet"),
        source=values.get("source"),
        sections=tuple(sorted(sections, key=lambda s: s.position)),
    )
