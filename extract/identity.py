"""Analysis ids that stay unique across a batch and a store, and stay put.

A reader names an analysis after its title (a slug cut at 80 characters), so
two different documents can arrive with the same id: a running series whose
titles share their first 80 characters, two wire stories under one headline.
:class:`AnalysisIds` settles this once per batch, the same way every time:

- the same content as an analysis already seen (same :attr:`Analysis.content_hash`,
  which ignores the path and the id) is a duplicate: reported and skipped,
  except when it is the very document the store already holds (a rebuild);
- otherwise the title slug, when it is free or held by this same document
  (a changed document keeps its id and replaces its old version);
- otherwise the id this document already holds under that slug;
- otherwise the slug plus ``-`` and the first 8 hex digits of the content hash.

In a batch the first document in reading order (sorted paths) keeps the bare
slug, so building the same folder twice, from anywhere, gives the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from powermap.extract.model import Analysis

__all__ = ["AnalysisIds", "Duplicate"]

SUFFIX = 8
"""Hex digits of the content hash appended to a slug that another document holds."""


@dataclass(frozen=True)
class Duplicate:
    """A document whose content was already read (in this batch or into the store)."""

    document: str
    original: str
    analysis_id: str

    def __str__(self) -> str:
        return (
            f"{self.document}: same content as {self.original} "
            f"(analysis {self.analysis_id}); skipped"
        )


@dataclass
class _Holder:
    document: str
    content_hash: str
    stored: bool


@dataclass
class AnalysisIds:
    """Which document holds which analysis id; see the module docstring for the rule.

    Examples
    --------
    >>> from powermap.extract.model import Analysis, Section
    >>> ids = AnalysisIds()
    >>> first = Analysis(id="talks", document="a.txt", title="Talks",
    ...                  sections=[Section("Article", "Qatar hosts.")])
    >>> second = Analysis(id="talks", document="b.txt", title="Talks",
    ...                   sections=[Section("Article", "Iran walks out.")])
    >>> ids.assign(first), first.id
    (None, 'talks')
    >>> ids.assign(second), second.id.startswith("talks-")
    (None, True)
    >>> copy = Analysis(id="talks", document="c.txt", title="Talks",
    ...                 sections=[Section("Article", "Qatar hosts.")])
    >>> str(ids.assign(copy))
    'c.txt: same content as a.txt (analysis talks); skipped'
    """

    _by_id: dict[str, _Holder] = field(default_factory=dict)
    _by_hash: dict[str, str] = field(default_factory=dict)
    _by_document: dict[str, list[str]] = field(default_factory=dict)

    def remember(self, analysis_id: str, document: str | None, content_hash: str) -> None:
        """Record an analysis the store already holds (before a batch is read)."""
        self._hold(analysis_id, document or analysis_id, content_hash, stored=True)

    def assign(self, analysis: Analysis) -> Duplicate | None:
        """Give ``analysis`` its final id in place, or say it duplicates one already seen."""
        document = analysis.document or analysis.id
        digest = analysis.content_hash
        known = self._by_hash.get(digest)
        if known is not None:
            holder = self._by_id[known]
            if holder.stored and holder.document == document:
                holder.stored = False  # read once in this batch: a second read is a duplicate
                analysis.id = known
                return None
            return Duplicate(document, holder.document, known)
        analysis.id = self._choose(analysis.id, document, digest)
        self._hold(analysis.id, document, digest, stored=False)
        return None

    def _choose(self, base: str, document: str, digest: str) -> str:
        holder = self._by_id.get(base)
        if holder is None or holder.document == document:
            return base
        for held in self._by_document.get(document, []):
            if held.startswith(base + "-"):
                return held
        size = SUFFIX
        while (candidate := f"{base}-{digest[:size]}") in self._by_id:
            size += 4
        return candidate

    def _hold(self, analysis_id: str, document: str, digest: str, *, stored: bool) -> None:
        previous = self._by_id.get(analysis_id)
        if previous is not None:
            self._by_hash.pop(previous.content_hash, None)
        self._by_id[analysis_id] = _Holder(document, digest, stored)
        self._by_hash[digest] = analysis_id
        held = self._by_document.setdefault(document, [])
        if analysis_id not in held:
            held.append(analysis_id)
