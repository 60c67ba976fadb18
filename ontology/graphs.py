"""The ontology as RDF: OWL terms with their SKOS schemes, SHACL shapes, the JSON-LD context.

The graph layer stores :func:`ontology_graph` in its own named graph and
validates against :func:`shapes_graph`; exports and query results use
:func:`jsonld_context`. Every file is read through :mod:`powermap.ontology.loader`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from powermap.ontology import loader
from powermap.ontology.namespace import ONTOLOGY, bind_prefixes

__all__ = ["SHAPES_FILE", "jsonld_context", "ontology_graph", "shapes_graph"]

SHAPES_FILE = "shapes.ttl"


@cache
def _ontology() -> Graph:
    graph = Graph(identifier=ONTOLOGY)
    for name in loader.data_files(".ttl"):
        if name != SHAPES_FILE:
            for triple in loader.turtle(name):
                graph.add(triple)
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


def shapes_graph() -> Graph:
    """The SHACL shapes of ``shapes.ttl`` (a fresh copy)."""
    copy = Graph()
    for triple in loader.turtle(SHAPES_FILE):
        copy.add(triple)
    return copy


@cache
def jsonld_context() -> dict[str, Any]:
    """The ``@context`` object of ``context.jsonld``."""
    context: dict[str, Any] = loader.json_data("context.jsonld")["@context"]
    return context
