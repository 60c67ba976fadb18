"""SHACL shapes: each has a conforming and a violating example, picked up by glob."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from powermap.graph.rdf.validate import validate
from powermap.graph.store.backends import OxigraphStore
from powermap.ontology.graphs import shapes_graph
from powermap.ontology.namespace import PM

SHAPES = Path(__file__).parent.parent / "fixtures" / "shapes"
SHAPE_NAMES = sorted(
    str(s).rsplit("#", 1)[-1] for s in shapes_graph().subjects(RDF.type, SH.NodeShape)
)


def test_every_shape_has_a_conforming_and_a_violating_example() -> None:
    files = {p.name for p in SHAPES.glob("*.ttl")}
    expected = {f"{n}.{kind}.ttl" for n in SHAPE_NAMES for kind in ("conforms", "violates")}
    assert expected == files


@pytest.mark.parametrize("path", sorted(SHAPES.glob("*.conforms.ttl")), ids=lambda p: p.stem)
def test_conforming_example_conforms(path: Path) -> None:
    report = validate(Graph().parse(path))
    assert report.conforms, str(report)


@pytest.mark.parametrize("path", sorted(SHAPES.glob("*.violates.ttl")), ids=lambda p: p.stem)
def test_violating_example_is_caught_by_its_shape(path: Path) -> None:
    shape = path.name.split(".")[0]
    report = validate(Graph().parse(path))
    assert not report.conforms
    assert shape in {v.shape for v in report.violations}, str(report)


def test_report_names_focus_path_and_message_on_one_line_each() -> None:
    report = validate(Graph().parse(SHAPES / "StakeShape.violates.ttl"))
    (line,) = str(report).splitlines()[:-1]
    assert line == "Violation: pmid:k rdfs:label: a stake has exactly one label [StakeShape]"
    assert str(report).splitlines()[-1] == "1 SHACL result(s): does not conform"


def test_a_store_built_from_the_fixtures_conforms(store: OxigraphStore) -> None:
    report = validate(store)
    assert report.conforms, str(report)


def _claim_with_basis(*values: str) -> Graph:
    """The conforming claim example, with these ``pm:basis`` values added."""
    graph = Graph().parse(SHAPES / "ClaimShape.conforms.ttl")
    claim = URIRef("https://w3id.org/powermap/id/c")
    for value in values:
        graph.add((claim, PM.basis, Literal(value)))
    return graph


@pytest.mark.parametrize("values", [(), ("stated",), ("inferred",)], ids=str)
def test_a_claim_may_state_its_basis_or_leave_it_out(values: tuple[str, ...]) -> None:
    report = validate(_claim_with_basis(*values))
    assert report.conforms, str(report)


@pytest.mark.parametrize("values", [("guessed",), ("Inferred",), ("stated", "inferred")], ids=str)
def test_shacl_rejects_a_basis_outside_stated_or_inferred_or_more_than_one(
    values: tuple[str, ...],
) -> None:
    report = validate(_claim_with_basis(*values))
    assert not report.conforms
    assert {(v.shape, v.path) for v in report.violations} == {("ClaimShape", "pm:basis")}
