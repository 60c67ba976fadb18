"""The ontology data files, read once: OWL terms, SKOS schemes, relation kinds, shapes.

Everything here comes from ``ontology/`` (package data), so the mapping and the
extractor read the same source of truth.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import SKOS

from powermap.ontology.namespace import ONTOLOGY, PM, PREFIXES

__all__ = [
    "RelationKind",
    "relation_kinds",
    "ontology_graph",
    "shapes_graph",
    "jsonld_context",
    "bind_prefixes",
]

SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True)
class RelationKind:
    """One relation kind of ``relations.ttl`` and the direct edges a claim of it asserts."""

    iri: URIRef
    polarity: str
    truthy: URIRef | None
    direction: str  # "forward", "reverse" or "none"


def bind_prefixes(graph: Graph) -> Graph:
    """Bind powermap's prefixes on ``graph`` (for readable serializations); returns it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def _ttl_names() -> list[str]:
    """The Turtle files of the ontology package other than the shapes, sorted."""
    package = files("powermap.ontology")
    return sorted(
        p.name for p in package.iterdir() if p.name.endswith(".ttl") and p.name != SHAPES_FILE
    )


@cache
def _ontology() -> Graph:
    graph = Graph(identifier=ONTOLOGY)
    package = files("powermap.ontology")
    for name in _ttl_names():
        graph.parse(data=(package / name).read_text(encoding="utf-8"), format="turtle")
    # Canonical blank-node labels, then skolemized: the same files give the same
    # quads in the store on every build.
    canonical = to_canonical_graph(graph).skolemize(authority="https://w3id.org/powermap/")
    result = Graph(identifier=ONTOLOGY)
    for triple in canonical:
        result.add(triple)
    return bind_prefixes(result)


def ontology_graph() -> Graph:
    """The ontology with its SKOS schemes (every ``ontology/*.ttl`` but the shapes).

    A fresh copy each call, named ``https://w3id.org/powermap/ontology``.
    """
    copy = Graph(identifier=ONTOLOGY)
    for triple in _ontology():
        copy.add(triple)
    return bind_prefixes(copy)


@cache
def _shapes() -> Graph:
    text = (files("powermap.ontology") / SHAPES_FILE).read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def shapes_graph() -> Graph:
    """The SHACL shapes of ``shapes.ttl`` (a fresh copy)."""
    copy = Graph()
    for triple in _shapes():
        copy.add(triple)
    return copy


@cache
def relation_kinds() -> dict[str, RelationKind]:
    """Relation kinds by contract name (``skos:notation``), from ``relations.ttl``."""
    graph = _ontology()
    kinds: dict[str, RelationKind] = {}
    for iri in graph.subjects(SKOS.inScheme, PM.RelationScheme):
        notation = graph.value(iri, SKOS.notation)
        if notation is None or not isinstance(iri, URIRef):
            continue
        truthy = graph.value(iri, PM.truthyProperty)
        kinds[str(notation)] = RelationKind(
            iri=iri,
            polarity=str(graph.value(iri, PM.polarity) or "neutral"),
            truthy=truthy if isinstance(truthy, URIRef) else None,
            direction=str(graph.value(iri, PM.leverageDirection) or "none"),
        )
    return kinds


@cache
def jsonld_context() -> dict[str, Any]:
    """The ``@context`` object of ``context.jsonld``."""
    text = (files("powermap.ontology") / "context.jsonld").read_text(encoding="utf-8")
    context: dict[str, Any] = json.loads(text)["@context"]
    return context
