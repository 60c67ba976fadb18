"""SPARQL every server accepts: bound values up front, pages, chunked staged updates."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from powermap.graph.store.backends import OxigraphStore
from powermap.graph.store.portable import bind, chunks, page, staged_replace, staging_graph

G = URIRef("urn:x:g")
OTHER = URIRef("urn:x:other")


REST = " GRAPH ?g { ?s ?p ?o } }"


@pytest.mark.parametrize(
    "start",
    [
        "SELECT ?s WHERE {",
        "SELECT * {",
        "CONSTRUCT { ?s ?p ?o } WHERE {",
        "# a { comment } WHERE\nASK WHERE {",
        'SELECT ("{ WHERE" AS ?x) ?s WHERE {',
        "SELECT ?where WHERE {",
    ],
)
def test_bind_puts_values_at_the_start_of_the_where_group(start: str) -> None:
    bound = bind(start + REST, {"g": G})
    assert bound == start + " VALUES ( ?g ) { ( <urn:x:g> ) }\n" + REST
    commented = bind(start + " # a } in a comment\n" + REST, {"g": G})
    assert commented == start + " VALUES ( ?g ) { ( <urn:x:g> ) }\n # a } in a comment\n" + REST


def test_bound_queries_answer_only_for_the_bound_value(tmp_path: Path) -> None:
    with OxigraphStore(f"{tmp_path}/store") as store:
        store.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> 1 } "
                     "GRAPH <urn:x:other> { <urn:x:b> <urn:x:p> 2 } }")  # fmt: skip
        rows = store.query("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": G})
        assert [str(r[0]) for r in rows] == ["urn:x:a"]  # type: ignore[index]
        grouped = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        assert [int(r[0]) for r in store.query(grouped, {"g": OTHER})] == [1]  # type: ignore[index]


def test_pages_of_an_ordered_query_add_up_to_the_whole(tmp_path: Path) -> None:
    ordered = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o)"
    with OxigraphStore(f"{tmp_path}/store") as store:
        triples = " ".join(f"<urn:x:s{n}> <urn:x:p> {n} ." for n in range(7))
        store.update(f"INSERT DATA {{ {triples} }}")
        pages = [
            [int(r[0]) for r in store.query(page(ordered, 3, at))]  # type: ignore[index]
            for at in (0, 3, 6, 9)
        ]
    assert pages == [[6, 5, 4], [3, 2, 1], [0], []]


def test_chunks_respect_the_triple_and_byte_limits() -> None:
    lines = [f"<urn:x:s> <urn:x:p> {n} ." for n in range(10)]
    assert [len(c) for c in chunks(lines, max_triples=4)] == [4, 4, 2]
    assert [len(c) for c in chunks(lines, max_triples=100, max_bytes=50)] == [2, 2, 2, 2, 2]
    assert chunks([], max_triples=4) == [[]]


def test_a_staged_replace_writes_aside_and_moves_in_place_last() -> None:
    lines = [f"<urn:x:s> <urn:x:p> {n} ." for n in range(5)]
    requests, rollback = staged_replace(G, lines, URIRef("urn:x:meta"), "abc", max_triples=2)
    staging = staging_graph(G).n3()
    assert len(requests) == 3
    assert requests[0].startswith(f"DROP SILENT GRAPH {staging} ;")
    assert all(f"GRAPH {staging}" in r for r in requests)
    assert all("MOVE" not in r and "urn:x:meta" not in r for r in requests[:-1])
    assert f"MOVE SILENT GRAPH {staging} TO <urn:x:g>" in requests[-1]
    assert Literal("abc").n3() in requests[-1]
    assert rollback == f"DROP SILENT GRAPH {staging}"


def test_a_staged_replace_of_a_small_graph_is_one_request(tmp_path: Path) -> None:
    meta = URIRef("urn:x:meta")
    lines = ["<urn:x:s> <urn:x:p> 1 ."]
    requests, _ = staged_replace(G, lines, meta, "abc")
    with OxigraphStore(f"{tmp_path}/store") as store:
        store.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:old> <urn:x:p> 0 } }")
        assert len(requests) == 1
        store.update(requests[0])
        rows = store.query("SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s")
        stored = [(str(r[0]), str(r[1])) for r in rows]  # type: ignore[index]
    assert stored == [("urn:x:g", "urn:x:s"), ("urn:x:meta", "urn:x:g")]  # no staging left
