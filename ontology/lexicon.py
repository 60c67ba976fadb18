"""Read access to powermap's domain knowledge: actor gazetteer, mechanisms, relation kinds.

Everything here is loaded once per process from data files shipped in
``powermap.ontology`` (``gazetteer.yaml``, ``mechanisms.ttl``, ``relations.ttl``)
and returned as frozen dataclasses, so the extractor and the RDF mapping read
the same names from one place. The extractor calls these functions instead of
parsing Turtle itself.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import yaml
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import SKOS

__all__ = [
    "FORM_KINDS",
    "GazetteerEntry",
    "MechanismConcept",
    "RelationKind",
    "alias_table",
    "gazetteer",
    "gazetteer_index",
    "mechanisms",
    "normalise",
    "relation_kinds",
]

PM = Namespace("https://w3id.org/powermap/ontology#")
MECHANISM_NS = "https://w3id.org/powermap/mechanism/"
RELATION_NS = "https://w3id.org/powermap/relation/"

# Surface-form kinds of alias_table, in the order the extractor prefers them.
FORM_KINDS = ("label", "alias", "demonym", "metonym")

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DASHES = re.compile(r"[\u2010-\u2015\-/]+")
_DROP = re.compile(r"[.,\u2019'`´]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class GazetteerEntry:
    """One canonical actor and every name it goes by.

    ``ambiguous`` holds the forms (as written in the gazetteer) that are also
    common words, places or names, which the extractor accepts only when NER
    agrees. ``affiliation`` is the id of the state or IGO a person or agency acts for.
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
    """A claim relation of the contract, with its polarity and direct ("truthy") edge.

    ``truthy_property`` is the local name of the pm: property the claim asserts;
    ``direction`` says which way the generic leverage edge points
    ("forward": holder over counterpart, "reverse", or "none").
    """

    id: str
    label: str
    polarity: str
    truthy_property: str
    direction: str


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


def _resource_text(name: str) -> str:
    return (files("powermap.ontology") / name).read_text(encoding="utf-8")


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
    )


@functools.lru_cache(maxsize=1)
def gazetteer() -> tuple[GazetteerEntry, ...]:
    """All canonical actors of ``gazetteer.yaml``, in file order."""
    data = yaml.load(_resource_text("gazetteer.yaml"), Loader=_Loader)  # noqa: S506 (safe loader)
    return tuple(_entry(raw) for raw in data)


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


def _local(iri: URIRef, namespace: str) -> str:
    return str(iri)[len(namespace) :] if str(iri).startswith(namespace) else str(iri)


@functools.lru_cache(maxsize=1)
def _scheme_graph(name: str) -> Graph:
    return Graph().parse(data=_resource_text(name), format="turtle")


def _english(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, predicate))


@functools.lru_cache(maxsize=1)
def mechanisms() -> tuple[MechanismConcept, ...]:
    """Every concept of the mechanism scheme (families included), sorted by id."""
    graph = _scheme_graph("mechanisms.ttl")
    concepts = []
    for subject in set(graph.subjects(SKOS.inScheme, PM.MechanismScheme)):
        assert isinstance(subject, URIRef)
        definitions = _english(graph, subject, SKOS.definition)
        concepts.append(
            MechanismConcept(
                id=str(graph.value(subject, SKOS.notation) or _local(subject, MECHANISM_NS)),
                label=str(graph.value(subject, SKOS.prefLabel)),
                alt_labels=tuple(_english(graph, subject, SKOS.altLabel)),
                definition=definitions[0] if definitions else None,
                broader=tuple(
                    sorted(
                        _local(b, MECHANISM_NS)
                        for b in graph.objects(subject, SKOS.broader)
                        if isinstance(b, URIRef)
                    )
                ),
            )
        )
    return tuple(sorted(concepts, key=lambda c: c.id))


@functools.lru_cache(maxsize=1)
def relation_kinds() -> dict[str, RelationKind]:
    """The contract's claim relations keyed by id ("brokers", "depends_on", ...)."""
    graph = _scheme_graph("relations.ttl")
    kinds = {}
    for subject in set(graph.subjects(SKOS.inScheme, PM.RelationScheme)):
        assert isinstance(subject, URIRef)
        rid = str(graph.value(subject, SKOS.notation) or _local(subject, RELATION_NS))
        truthy = graph.value(subject, PM.truthyProperty)
        kinds[rid] = RelationKind(
            id=rid,
            label=str(graph.value(subject, SKOS.prefLabel)),
            polarity=str(graph.value(subject, PM.polarity)),
            truthy_property=_local(URIRef(str(truthy)), str(PM)) if truthy is not None else "",
            direction=str(graph.value(subject, PM.leverageDirection) or "none"),
        )
    return dict(sorted(kinds.items()))
