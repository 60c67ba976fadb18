"""to_rdf: one named graph per analysis, claims with provenance and their direct edges."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from string import Template

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import XSD

from powermap.extract.model import Claim, Extraction
from powermap.graph.errors import MappingError
from powermap.graph.rdf.ids import Ids
from powermap.graph.rdf.mapping import to_rdf
from powermap.graph.rdf.validate import validate
from powermap.ontology.namespace import PM

FIXTURES = Path(__file__).parent.parent / "fixtures" / "graph"
Load = Callable[[str], Extraction]


def _expected(extraction: Extraction) -> Graph:
    brokers, depends = extraction.claims
    text = Template((FIXTURES / "tiny.expected.ttl").read_text("utf-8")).substitute(
        content_hash=extraction.analysis.content_hash,
        claim_brokers=brokers.key,
        claim_depends=depends.key,
    )
    return Graph().parse(data=text, format="turtle")


def test_to_rdf_gives_the_hand_written_graph(load: Load) -> None:
    extraction = load("tiny")
    got, expected = to_rdf(extraction), _expected(extraction)
    if not isomorphic(got, expected):
        _both, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        pytest.fail(
            "mapping differs\nonly in to_rdf:\n"
            + only_got.serialize(format="nt")
            + "\nonly expected:\n"
            + only_expected.serialize(format="nt")
        )


def test_graph_is_named_by_the_analysis_iri(load: Load) -> None:
    graph = to_rdf(load("tiny"))
    assert graph.identifier == URIRef("https://w3id.org/powermap/id/analysis/tiny")


def test_instance_iris_follow_the_configured_base(load: Load) -> None:
    graph = to_rdf(load("tiny"), base="http://example.org/pm/")
    assert graph.identifier == URIRef("http://example.org/pm/analysis/tiny")
    subjects = {str(s) for s in graph.subjects() if "example.org" in str(s)}
    assert "http://example.org/pm/actor/qatar" in subjects
    assert not any("w3id.org/powermap/id/" in str(t) for triple in graph for t in triple)


def test_mapping_makes_no_blank_nodes_and_is_deterministic(load: Load) -> None:
    first, second = to_rdf(load("doha")), to_rdf(load("doha"))
    assert not any(isinstance(t, BNode) for triple in first for t in triple)
    assert set(first) == set(second)


def test_reverse_relation_points_generic_leverage_at_the_holder(load: Load) -> None:
    ids = Ids()
    graph = to_rdf(load("opec"))
    iran, us = ids.actor("iran"), ids.actor("united-states")
    assert (iran, PM.dependsOn, us) in graph
    assert (us, PM.gainsLeverageOver, iran) in graph
    assert (iran, PM.gainsLeverageOver, us) not in graph


def test_claim_without_counterpart_or_parties_asserts_no_direct_edge(load: Load) -> None:
    graph = to_rdf(load("doha"))
    citizens = Ids().actor("ordinary-citizens")
    assert (citizens, PM.bearsCostFrom, None) not in graph
    assert (citizens, PM.gainsLeverageOver, None) not in graph
    assert (None, PM.holder, citizens) in graph


def test_claim_keeps_confidence_as_decimal_and_its_evidence(load: Load) -> None:
    extraction = load("doha")
    claim = extraction.claims[1]
    node = Ids().claim(extraction.analysis.id, claim.key)
    graph = to_rdf(extraction)
    assert graph.value(node, PM.confidence) == Literal("0.7", datatype=XSD.decimal)
    assert graph.value(node, PM.evidence) == Literal(claim.evidence)


def test_claim_in_a_section_the_reader_did_not_keep_still_points_to_a_section(load: Load) -> None:
    extraction = load("doha")
    graph = to_rdf(extraction)
    node = Ids().claim(extraction.analysis.id, extraction.claims[2].key)
    section = graph.value(node, PM.section)
    assert graph.value(section, PM.heading) == Literal("Why it matters")


def test_unknown_relation_kind_is_a_mapping_error(load: Load) -> None:
    extraction = load("tiny")
    extraction.claims.append(
        Claim("iran", "annexes", "gains", "qatar", [], None, "Who gains leverage", "x", 0.5)
    )
    with pytest.raises(MappingError, match="annexes"):
        to_rdf(extraction)


def test_claim_basis_is_a_literal_on_the_claim_node_stated_by_default(load: Load) -> None:
    extraction = load("tiny")
    brokers, depends = extraction.claims
    graph = to_rdf(extraction)
    ids = Ids()
    assert graph.value(ids.claim("tiny", brokers.key), PM.basis) == Literal("stated")
    assert graph.value(ids.claim("tiny", depends.key), PM.basis) == Literal("inferred")


def test_unknown_claim_basis_is_a_mapping_error(load: Load) -> None:
    extraction = load("tiny")
    extraction.claims[0].basis = "guessed"
    with pytest.raises(MappingError, match="guessed"):
        to_rdf(extraction)


def test_unknown_actor_kind_is_a_mapping_error(load: Load) -> None:
    extraction = load("tiny")
    extraction.actors[0].kind = "Planet"
    with pytest.raises(MappingError, match="Planet"):
        to_rdf(extraction)


def test_wikidata_id_becomes_owl_same_as_entity(load: Load) -> None:
    graph = to_rdf(load("opec"))
    entity = URIRef("http://www.wikidata.org/entity/Q7795")
    assert (Ids().actor("opec"), URIRef("http://www.w3.org/2002/07/owl#sameAs"), entity) in graph


@pytest.mark.parametrize("name", ["tiny", "doha", "opec", "imf"])
def test_each_fixture_graph_conforms_to_the_shapes(load: Load, name: str) -> None:
    report = validate(to_rdf(load(name)))
    assert report.conforms, str(report)
