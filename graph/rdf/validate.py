"""SHACL validation (pySHACL) of a store or a graph against ``ontology/shapes.ttl``.

The store is copied into an in-memory rdflib graph first: pySHACL makes many
small lookups, fast in memory and very slow across a store binding. The
ontology and its SKOS schemes go in as the ontology graph, so relation kinds
and mechanisms are known (and checked) too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from powermap.graph.store.backends import Store
from powermap.graph.store.sparql import shorten
from powermap.ontology.graphs import ontology_graph, shapes_graph

__all__ = ["Violation", "ValidationReport", "validate", "store_graph"]


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with terms shortened for reading."""

    severity: str
    shape: str
    focus: str
    path: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value else ""
        return f"{self.severity}: {self.focus}{where}: {self.message}{value} [{self.shape}]"


@dataclass
class ValidationReport:
    """Whether the data conforms, and each violation."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def __str__(self) -> str:
        if self.conforms:
            return "conforms: no SHACL violations"
        lines = [str(v) for v in self.violations]
        lines.append(f"{len(self.violations)} SHACL result(s): does not conform")
        return "\n".join(lines)


def store_graph(store: Store) -> Graph:
    """All triples of a store (every named graph) in one in-memory rdflib graph."""
    dataset = Dataset()
    dataset.parse(data=store.nquads(), format="nquads")
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def validate(data: Store | Graph) -> ValidationReport:
    """Check a store or a graph against powermap's SHACL shapes.

    Parameters
    ----------
    data : an open store (read-only is enough), or an rdflib Graph such as the
        output of :func:`powermap.graph.rdf.mapping.to_rdf`.

    Returns
    -------
    ValidationReport: ``conforms`` and the violations, sorted by focus node.
    """
    from pyshacl import validate as shacl_validate  # heavy: load only when validating

    graph = ontology_graph()  # the schemes' concepts, not only the OWL axioms pySHACL mixes in
    graph += data if isinstance(data, Graph) else store_graph(data)
    shapes = shapes_graph()
    conforms, results, _text = shacl_validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    violations = [
        _violation(results, shapes, r) for r in results.subjects(RDF.type, SH.ValidationResult)
    ]
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(conforms=bool(conforms), violations=violations)


def _node_shape(shapes: Graph, shape: Node | None) -> str:
    """The named node shape a result comes from (property shapes are blank nodes)."""
    if shape is None:
        return ""
    if isinstance(shape, URIRef):
        return str(shape).rsplit("#", 1)[-1]
    owner = shapes.value(predicate=SH.property, object=shape) or shapes.value(
        predicate=SH.sparql, object=shape
    )
    return _node_shape(shapes, owner) if owner is not None else ""


def _violation(results: Graph, shapes: Graph, result: Node) -> Violation:
    def get(predicate: URIRef) -> Node | None:
        return results.value(result, predicate)

    severity = get(SH.resultSeverity)
    return Violation(
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        shape=_node_shape(shapes, get(SH.sourceShape)),
        focus=shorten(get(SH.focusNode)),  # type: ignore[arg-type]
        path=shorten(get(SH.resultPath)) if isinstance(get(SH.resultPath), URIRef) else "",
        value=shorten(get(SH.value)),  # type: ignore[arg-type]
        message=str(get(SH.resultMessage) or ""),
    )
