"""Plain dataclasses for an analysis and its extraction, and their contract JSON form.

The JSON form is ``powermap/extraction/v1`` (see ``shared/contract/EXTRACTION.md``):
``Extraction.to_dict()`` produces it and ``Extraction.from_dict()`` reads it back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from powermap.ontology.lexicon import POLARITIES

__all__ = [
    "SCHEMA",
    "ACTOR_KINDS",
    "RELATIONS",
    "BASES",
    "Section",
    "Source",
    "Analysis",
    "Mention",
    "Actor",
    "Claim",
    "Mechanism",
    "Stake",
    "WatchItem",
    "Extraction",
]

SCHEMA = "powermap/extraction/v1"
ACTOR_KINDS = ("State", "IGO", "Organization", "Person", "Group")
BASES = ("stated", "inferred")
# relation -> polarity it gives the holder, from ontology/relations.ttl (read on first use)
RELATIONS: Mapping[str, str] = POLARITIES

Polarity = Literal["gains", "loses", "neutral"]


@dataclass
class Section:
    """One headed part of an analysis ("What happened", "Who gains leverage", ...)."""

    heading: str
    text: str


@dataclass
class Source:
    """The outlet whose reporting the analysis is based on."""

    name: str | None = None
    url: str | None = None


@dataclass
class Analysis:
    """One analysis as read from any format: metadata plus its sections, in order."""

    id: str
    document: str | None = None
    title: str | None = None
    summary: str | None = None
    lens: str | None = None
    type: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    read_time_minutes: int | None = None
    source: Source = field(default_factory=Source)
    topics: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All section texts joined by blank lines (what NLP reads)."""
        return "\n\n".join(s.text for s in self.sections)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the analysis content (not its path, nor the id it was given):
        same content, same hash, so a copy under another name is recognised."""
        data = self.to_dict()
        data.pop("document", None)
        data.pop("id", None)
        payload = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def section(self, heading: str) -> Section | None:
        """The first section whose heading matches case-insensitively, if any."""
        for s in self.sections:
            if s.heading.lower() == heading.lower():
                return s
        return None

    def to_dict(self) -> dict[str, Any]:
        """The ``analysis`` block of the extraction contract."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        """Inverse of :meth:`to_dict`."""
        return cls(
            id=data["id"],
            document=data.get("document"),
            title=data.get("title"),
            summary=data.get("summary"),
            lens=data.get("lens"),
            type=data.get("type"),
            published=data.get("published"),
            read_time_minutes=data.get("read_time_minutes"),
            source=Source(**(data.get("source") or {})),
            topics=list(data.get("topics") or []),
            sections=[Section(**s) for s in data.get("sections") or []],
        )


@dataclass
class Mention:
    """Where an actor is named: character offsets into one section's text."""

    section: str
    start: int
    end: int
    text: str


@dataclass
class Actor:
    """A canonical actor of one analysis, with every surface form it was named by."""

    id: str
    label: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    wikidata: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if data["wikidata"] is None:
            del data["wikidata"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(
            id=data["id"],
            label=data["label"],
            kind=data["kind"],
            aliases=list(data.get("aliases") or []),
            mentions=[Mention(**m) for m in data.get("mentions") or []],
            wikidata=data.get("wikidata"),
        )


@dataclass
class Claim:
    """A directed leverage claim read from one evidence sentence."""

    holder: str
    relation: str
    polarity: str
    counterpart: str | None
    between: list[str]
    mechanism: str | None
    section: str
    evidence: str
    confidence: float
    # "stated": the sentence names holder and counterpart; "inferred": one of them
    # was drawn from the discourse (the previous sentences, the headline)
    basis: str = "stated"

    @property
    def key(self) -> str:
        """Stable content id of the claim (used for IRIs and de-duplication)."""
        parts = [self.holder, self.relation, self.counterpart or "", ",".join(self.between)]
        parts += [self.mechanism or "", self.section or "", self.evidence]
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**fields)


@dataclass
class Mechanism:
    """A mechanism of power the analysis says is operating."""

    id: str
    label: str
    evidence: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # surface forms found in the text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mechanism:
        return cls(
            id=data["id"],
            label=data["label"],
            evidence=list(data.get("evidence") or []),
            aliases=list(data.get("aliases") or []),
        )


@dataclass
class Stake:
    """Something at stake: what may be won or lost."""

    label: str
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class WatchItem:
    """A "what to watch next" point and the actors it names."""

    text: str
    actors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Extraction:
    """Everything extracted from one analysis: the contract's top-level object."""

    analysis: Analysis
    actors: list[Actor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    mechanisms: list[Mechanism] = field(default_factory=list)
    stakes: list[Stake] = field(default_factory=list)
    watch: list[WatchItem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The ``powermap/extraction/v1`` JSON object."""
        return {
            "schema": SCHEMA,
            "analysis": self.analysis.to_dict(),
            "actors": [a.to_dict() for a in self.actors],
            "claims": [c.to_dict() for c in self.claims],
            "mechanisms": [m.to_dict() for m in self.mechanisms],
            "stakes": [s.to_dict() for s in self.stakes],
            "watch": [w.to_dict() for w in self.watch],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        """Read a contract object back (e.g. a saved ``powermap extract`` output)."""
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} object (schema={data.get('schema')!r})")
        return cls(
            analysis=Analysis.from_dict(data["analysis"]),
            actors=[Actor.from_dict(a) for a in data.get("actors", [])],
            claims=[Claim.from_dict(c) for c in data.get("claims", [])],
            mechanisms=[Mechanism.from_dict(m) for m in data.get("mechanisms", [])],
            stakes=[Stake(**s) for s in data.get("stakes", [])],
            watch=[WatchItem(**w) for w in data.get("watch", [])],
        )
