"""The one ontology model: powermap's domain knowledge as typed terms.

Every term comes from a data file of ``powermap.ontology``, read once through
:mod:`powermap.ontology.loader`: the actor gazetteer (``gazetteer.yaml``), the
mechanism and relation-kind SKOS schemes (``mechanisms.ttl``,
``relations.ttl``), the relations with an implicit counterpart and the
pronouns of the claim rules (``leverage.yaml``) and the section cues
(``layout.yaml``). The
extractor and the RDF mapping read the same names from here; code never
restates them. The two key functions live here too: :func:`normalise` (the
lookup key of a name) and :func:`slug` (the id of a name).

rdflib loads only when a Turtle scheme is first asked for.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from powermap.ontology import loader

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

__all__ = [
    "FORM_KINDS",
    "POLARITIES",
    "GazetteerEntry",
    "MechanismConcept",
    "Pronouns",
    "RelationKind",
    "alias_table",
    "gazetteer",
    "gazetteer_index",
    "implicit_counterpart",
    "state_powers",
    "mechanism_index",
    "mechanisms",
    "normalise",
    "pronouns",
    "relation_kinds",
    "section_cue",
    "slug",
]

# Surface-form kinds of alias_table, in the order the extractor prefers them.
FORM_KINDS = ("label", "alias", "demonym", "metonym")

_DASHES = re.compile(r"[\u2010-\u2015\-/]+")
_DROP = re.compile(r"[.,\u2019'`´]")
_SPACE = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class GazetteerEntry:
    """One canonical actor and every name it goes by.

    ``ambiguous`` holds the forms (as written in the gazetteer) that are also
    common words, places or names, which the extractor accepts only when NER
    agrees. ``affiliation`` is the id of the state or IGO a person or agency acts for;
    ``armed`` marks an armed group (its fighters are "the militants" of a story).
    """

    id: str
    label: str
    kind: str
    wikidata: str | None
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    metonyms: tuple[str, ...]
    ambiguous: frozenset[str]
    affiliation: str | None
    iso3: str | None
    armed: bool = False

    def forms(self) -> Iterable[tuple[str, str]]:
        """Every surface form with its form kind, label first."""
        yield self.label, "label"
        yield from ((a, "alias") for a in self.aliases)
        yield from ((d, "demonym") for d in self.demonyms)
        yield from ((m, "metonym") for m in self.metonyms)


@dataclass(frozen=True)
class MechanismConcept:
    """A mechanism of the SKOS mechanism scheme; ``id`` is its slug (skos:notation)."""

    id: str
    label: str
    alt_labels: tuple[str, ...]
    definition: str | None
    broader: tuple[str, ...]


@dataclass(frozen=True)
class RelationKind:
    """A claim relation of the contract (``relations.ttl``): polarity and direct edge.

    ``polarity`` is what a claim of this kind means for its holder ("gains",
    "loses", "neutral"); ``truthy`` the pm: property of the direct
    actor-to-actor edge it asserts; ``direction`` which way the generic
    leverage edge points ("forward": holder over counterpart, "reverse", or
    "none").
    """

    id: str
    iri: URIRef
    label: str
    polarity: str
    truthy: URIRef | None
    direction: str

    @property
    def truthy_property(self) -> str:
        """The local name of :attr:`truthy` ("brokersBetween"), or ""."""
        return str(self.truthy).rpartition("#")[2] if self.truthy is not None else ""


@dataclass(frozen=True)
class Pronouns:
    """The pronouns claim rules resolve to an actor named before them (``leverage.yaml``)."""

    things: frozenset[str]
    persons: frozenset[str]


def normalise(text: str) -> str:
    """The lookup key of a surface form: "The U.S." -> "us", "Côte d'Ivoire" -> "cote divoire".

    Folds accents and case, drops dots and apostrophes, turns hyphens, dashes and
    slashes into spaces, collapses whitespace and strips a leading "the".

    >>> normalise("the U.S.")
    'us'
    >>> normalise("OPEC+")
    'opec+'
    """
    return _normalise(text)


@functools.lru_cache(maxsize=1 << 16)
def _normalise(text: str) -> str:
    """:func:`normalise`, memoised: extraction asks for the same few thousand
    forms hundreds of thousands of times per corpus."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    folded = _DASHES.sub(" ", _DROP.sub("", folded))
    folded = _SPACE.sub(" ", folded).strip()
    if folded.startswith("the "):
        folded = folded[4:]
    return folded


def slug(text: str, *, max_length: int | None = None, default: str | None = None) -> str:
    """The id form of a name: lowercase ASCII words joined by hyphens.

    Parameters
    ----------
    text : any name or title.
    max_length : cut a longer slug at a word boundary.
    default : what a text with no ASCII letter or digit gives: this string,
        or with None a short hash of the text, so that distinct texts keep
        distinct ids.

    Examples
    --------
    >>> slug("Sen. Dana Whitfield")
    'sen-dana-whitfield'
    >>> slug("Doha backchannels: U.S. and Iran — talks continue", max_length=30)
    'doha-backchannels-u-s-and-iran'
    >>> slug("Café déjà vu", max_length=8)
    'cafe'
    >>> slug("東京", default="actor")
    'actor'
    >>> slug("東京")
    'x681ee300008e'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    result = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    if max_length is not None and len(result) > max_length:
        cut = result[: max_length + 1]
        if cut.endswith("-") or "-" not in cut:
            result = cut[:max_length].rstrip("-")
        else:
            result = cut.rsplit("-", 1)[0]
    if result:
        return result
    if default is not None:
        return default
    return "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _entry(raw: dict[str, Any]) -> GazetteerEntry:
    return GazetteerEntry(
        id=raw["id"],
        label=raw["label"],
        kind=raw["kind"],
        wikidata=raw.get("wikidata"),
        aliases=tuple(raw.get("aliases") or ()),
        demonyms=tuple(raw.get("demonyms") or ()),
        metonyms=tuple(raw.get("metonyms") or ()),
        ambiguous=frozenset(raw.get("ambiguous") or ()),
        affiliation=raw.get("affiliation"),
        iso3=raw.get("iso3"),
        armed=bool(raw.get("armed")),
    )


@functools.lru_cache(maxsize=1)
def gazetteer() -> tuple[GazetteerEntry, ...]:
    """All canonical actors of ``gazetteer.yaml``, in file order."""
    return tuple(_entry(raw) for raw in loader.yaml_data("gazetteer.yaml"))


@functools.lru_cache(maxsize=1)
def gazetteer_index() -> dict[str, GazetteerEntry]:
    """The gazetteer keyed by actor id."""
    return {entry.id: entry for entry in gazetteer()}


@functools.lru_cache(maxsize=1)
def alias_table() -> dict[str, list[tuple[GazetteerEntry, str]]]:
    """Every normalised surface form -> the (entry, form kind) pairs it can stand for.

    Form kinds are "label", "alias", "demonym" and "metonym". A form listed twice
    for one entry keeps its first (strongest) kind.
    """
    table: dict[str, list[tuple[GazetteerEntry, str]]] = {}
    for entry in gazetteer():
        seen: set[str] = set()
        for form, kind in entry.forms():
            key = normalise(form)
            if not key or key in seen:
                continue
            seen.add(key)
            table.setdefault(key, []).append((entry, kind))
    return table


@functools.lru_cache(maxsize=1)
def mechanism_index() -> dict[str, MechanismConcept]:
    """The mechanism taxonomy keyed by concept id."""
    return {concept.id: concept for concept in mechanisms()}


def _local(iri: URIRef, namespace: str) -> str:
    return str(iri)[len(namespace) :] if str(iri).startswith(namespace) else str(iri)


def _english(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, predicate))


@functools.lru_cache(maxsize=1)
def mechanisms() -> tuple[MechanismConcept, ...]:
    """Every concept of the mechanism scheme (families included), sorted by id."""
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    from powermap.ontology.namespace import PM, PMM

    graph = loader.turtle("mechanisms.ttl")
    concepts = []
    for subject in set(graph.subjects(SKOS.inScheme, PM.MechanismScheme)):
        assert isinstance(subject, URIRef)
        definitions = _english(graph, subject, SKOS.definition)
        concepts.append(
            MechanismConcept(
                id=str(graph.value(subject, SKOS.notation) or _local(subject, str(PMM))),
                label=str(graph.value(subject, SKOS.prefLabel)),
                alt_labels=tuple(_english(graph, subject, SKOS.altLabel)),
                definition=definitions[0] if definitions else None,
                broader=tuple(
                    sorted(
                        _local(b, str(PMM))
                        for b in graph.objects(subject, SKOS.broader)
                        if isinstance(b, URIRef)
                    )
                ),
            )
        )
    return tuple(sorted(concepts, key=lambda c: c.id))


@functools.lru_cache(maxsize=1)
def relation_kinds() -> dict[str, RelationKind]:
    """The contract's claim relations keyed by id ("brokers", "depends_on", ...), sorted."""
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    from powermap.ontology.namespace import PM, PMR

    graph = loader.turtle("relations.ttl")
    kinds = {}
    for subject in set(graph.subjects(SKOS.inScheme, PM.RelationScheme)):
        assert isinstance(subject, URIRef)
        rid = str(graph.value(subject, SKOS.notation) or _local(subject, str(PMR)))
        truthy = graph.value(subject, PM.truthyProperty)
        kinds[rid] = RelationKind(
            id=rid,
            iri=subject,
            label=str(graph.value(subject, SKOS.prefLabel)),
            polarity=str(graph.value(subject, PM.polarity) or "neutral"),
            truthy=truthy if isinstance(truthy, URIRef) else None,
            direction=str(graph.value(subject, PM.leverageDirection) or "none"),
        )
    return dict(sorted(kinds.items()))


class _Polarities(Mapping[str, str]):
    """Relation id -> the polarity it gives the holder, read on first use."""

    def __getitem__(self, relation: str) -> str:
        return relation_kinds()[relation].polarity

    def __iter__(self) -> Iterator[str]:
        return iter(relation_kinds())

    def __len__(self) -> int:
        return len(relation_kinds())

    def __repr__(self) -> str:
        return repr(dict(self))


POLARITIES: Mapping[str, str] = _Polarities()
"""Relation id -> polarity ("gains", "loses", "neutral"), from ``relations.ttl``."""


@functools.lru_cache(maxsize=1)
def state_powers() -> frozenset[str]:
    """Mechanism ids only a state's authorities exercise (``leverage.yaml``).

    >>> "detention" in state_powers()
    True
    """
    names = frozenset(loader.yaml_data("leverage.yaml").get("state_powers", []))
    unknown = names - {m.id for m in mechanisms()}
    if unknown:
        raise ValueError(f"leverage.yaml: unknown mechanism(s) {sorted(unknown)}")
    return names


@functools.lru_cache(maxsize=1)
def implicit_counterpart() -> frozenset[str]:
    """Relations whose unstated counterpart is the one other party a sentence names.

    From ``leverage.yaml`` (``implicit_counterpart``); each must be a relation kind.

    >>> sorted(implicit_counterpart())[:2]
    ['constrains', 'extracts_concessions']
    """
    names = frozenset(loader.yaml_data("leverage.yaml")["implicit_counterpart"])
    unknown = names - set(relation_kinds())
    if unknown:
        raise ValueError(f"leverage.yaml: unknown relation(s) {sorted(unknown)}")
    return names


@functools.lru_cache(maxsize=1)
def pronouns() -> Pronouns:
    """The pronouns of ``leverage.yaml`` that stand for things and for persons.

    >>> "its" in pronouns().things and "her" in pronouns().persons
    True
    """
    raw = loader.yaml_data("leverage.yaml")["pronouns"]
    return Pronouns(things=frozenset(raw["things"]), persons=frozenset(raw["persons"]))


@functools.cache
def section_cue(kind: str) -> re.Pattern[str]:
    """A pattern that finds a section of ``kind`` by its heading (``layout.yaml``).

    Kinds are the keys of ``section_cues`` ("mechanism", "watch"); a heading
    is of a kind when it contains one of its cues, in any case.

    >>> bool(section_cue("mechanism").search("What mechanism is operating"))
    True
    >>> bool(section_cue("watch").search("Why it matters"))
    False
    """
    cues = loader.yaml_data("layout.yaml")["section_cues"][kind]
    return re.compile("|".join(re.escape(cue) for cue in cues), re.IGNORECASE)
