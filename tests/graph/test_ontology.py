"""The ontology files agree with each other and with ontology/namespace.py."""

from __future__ import annotations

import json
from importlib.resources import files

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from powermap.ontology.graphs import jsonld_context, ontology_graph
from powermap.ontology.lexicon import relation_kinds
from powermap.ontology.namespace import PM, PREFIXES

PM_NS = str(PM)
DECLARING_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme}


def _declared_in_powermap_ttl() -> set[str]:
    text = (files("powermap.ontology") / "powermap.ttl").read_text("utf-8")
    graph = Graph().parse(data=text, format="turtle")
    return {
        str(s)[len(PM_NS) :]
        for s, t in graph.subject_objects(RDF.type)
        if str(s).startswith(PM_NS) and t in DECLARING_TYPES
    }


def _pm_terms_used(graph: Graph) -> set[str]:
    return {
        str(term)[len(PM_NS) :]
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(PM_NS)
    }


def test_namespace_class_lists_exactly_the_terms_powermap_ttl_declares() -> None:
    in_code = set(PM.__annotations__)
    assert in_code == _declared_in_powermap_ttl()


def test_every_pm_term_used_by_any_ontology_file_is_declared() -> None:
    package = files("powermap.ontology")
    declared = _declared_in_powermap_ttl()
    for entry in package.iterdir():
        if entry.name.endswith(".ttl"):
            used = _pm_terms_used(Graph().parse(data=entry.read_text("utf-8"), format="turtle"))
            assert used <= declared, f"{entry.name} uses undeclared pm: terms {used - declared}"


def test_relation_kinds_come_from_relations_ttl_with_their_truthy_edge() -> None:
    kinds = relation_kinds()
    assert kinds["depends_on"].truthy == PM.dependsOn
    assert kinds["depends_on"].direction == "reverse"
    assert kinds["brokers"].truthy == PM.brokersBetween
    assert {k.polarity for k in kinds.values()} == {"gains", "loses", "neutral"}


def test_relation_kinds_cover_the_contract_relations() -> None:
    from powermap.extract.model import RELATIONS

    kinds = relation_kinds()
    assert set(kinds) == set(RELATIONS)
    assert {name: kind.polarity for name, kind in kinds.items()} == RELATIONS


def test_ontology_graph_has_no_blank_nodes_so_every_build_stores_the_same_quads() -> None:
    graph = ontology_graph()
    assert len(graph) > 100
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)
    assert set(ontology_graph()) == set(graph)


def test_jsonld_context_prefixes_match_the_namespace_prefixes() -> None:
    context = jsonld_context()
    for prefix, iri in PREFIXES.items():
        assert context[prefix] == iri


def test_jsonld_context_terms_name_declared_pm_terms() -> None:
    declared = _declared_in_powermap_ttl()
    for name, definition in jsonld_context().items():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        if isinstance(iri, str) and iri.startswith("pm:"):
            assert iri[3:] in declared, f"context term {name} -> {iri}"


def test_context_file_is_a_jsonld_document_with_a_context() -> None:
    data = json.loads((files("powermap.ontology") / "context.jsonld").read_text("utf-8"))
    assert set(data) == {"@context"}


def test_every_actor_kind_is_at_most_two_subclass_steps_below_actor() -> None:
    # graph/store/queries/actor_kinds.rq spells the two steps out (no transitive path:
    # Virtuoso 7 drops rows when one joins a graph pattern there)
    from rdflib.namespace import RDFS

    from powermap.extract.model import ACTOR_KINDS

    graph = ontology_graph()
    direct = set(graph.subjects(RDFS.subClassOf, PM.Actor))
    within_two = direct | {k for d in direct for k in graph.subjects(RDFS.subClassOf, d)}
    every = set(graph.transitive_subjects(RDFS.subClassOf, PM.Actor)) - {PM.Actor}
    assert within_two == every
    assert {str(k)[len(PM_NS) :] for k in every} == set(ACTOR_KINDS)
