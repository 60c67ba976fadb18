"""query: read-only SPARQL, updates refused before the store is touched, results as text."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pytest
from rdflib import Literal
from rdflib.query import Result
from rdflib.term import Identifier

from powermap.graph.errors import ReadOnlyError
from powermap.graph.store.backends import OxigraphStore
from powermap.graph.store.sparql import (
    is_update,
    load_query,
    query,
    result_table,
    serialize_result,
    shorten,
)

UPDATES = [
    "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "DROP GRAPH <https://w3id.org/powermap/id/analysis/tiny>",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR DEFAULT",
    "PREFIX pm: <https://w3id.org/powermap/ontology#>\n"
    "DELETE { ?c pm:holder ?h } WHERE { ?c pm:holder ?h }",
]


class Untouchable:
    """A store that fails the test if anything reaches it."""

    location = "untouchable"
    read_only = True

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        raise AssertionError("the store was queried")

    def update(self, sparql: str) -> None:
        raise AssertionError("the store was updated")


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_before_the_store_is_touched(update: str) -> None:
    with pytest.raises(ReadOnlyError, match="refusing a SPARQL update"):
        query(Untouchable(), update)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["SELECT * WHERE { ?s ?p ?o }", "ASK { ?s a pm:Claim }", "SELECT ?x WHERE {", ""]
)
def test_queries_and_broken_text_are_not_mistaken_for_updates(text: str) -> None:
    assert not is_update(text)


def test_who_gains_query_answers_from_the_direct_edges(store: OxigraphStore) -> None:
    names, rows = result_table(query(store, load_query("who_gains")))
    assert names == ["holder", "holderLabel", "counterpart", "counterpartLabel", "analyses"]
    pairs = {(row[1], row[3]) for row in rows}
    assert ("Qatar", "Iran") in pairs  # brokers between
    assert ("United States", "Iran") in pairs  # Iran depends on the United States
    assert ("Iran", "United States") in pairs  # Iran extracts concessions
    assert ("International Monetary Fund", "Pakistan") in pairs


def test_claim_provenance_is_one_hop_from_the_edge(store: OxigraphStore) -> None:
    rows = query(
        store,
        """SELECT ?evidence ?heading ?analysis WHERE {
             ?claim pm:holder ?h ; pm:relation pmr:extracts_concessions ;
                    pm:evidence ?evidence ; pm:section/pm:heading ?heading ;
                    prov:wasDerivedFrom ?analysis . }""",
    )
    (row,) = list(rows)
    assert row[1] == Literal("Who gains leverage")  # type: ignore[index]
    assert str(row[2]).endswith("/analysis/doha-backchannels")  # type: ignore[index]


def test_ask_and_construct_work(store: OxigraphStore) -> None:
    assert query(store, "ASK { ?a pm:gainsLeverageOver ?b }").askAnswer is True
    graph = query(
        store, "CONSTRUCT { ?a pm:gainsLeverageOver ?b } WHERE { ?a pm:gainsLeverageOver ?b }"
    ).graph
    assert graph is not None and len(graph) >= 5


def test_results_serialize_as_sparql_json_and_csv(store: OxigraphStore) -> None:
    result = query(
        store,
        "SELECT ?label WHERE { pmid:actor/iran rdfs:label ?label } LIMIT 1".replace(
            "pmid:actor/iran", "<https://w3id.org/powermap/id/actor/iran>"
        ),
    )
    data = json.loads(serialize_result(result, "json"))
    assert data["head"]["vars"] == ["label"]
    assert data["results"]["bindings"][0]["label"]["value"] == "Iran"
    assert serialize_result(result, "csv").splitlines() == ["label", "Iran"]


def test_shorten_uses_the_powermap_prefixes() -> None:
    from rdflib import URIRef

    assert shorten(URIRef("https://w3id.org/powermap/id/actor/iran")) == "pmid:actor/iran"
    assert shorten(URIRef("http://example.org/x")) == "<http://example.org/x>"
    assert shorten(None) == ""
