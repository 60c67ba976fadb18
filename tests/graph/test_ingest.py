"""ingest: idempotent, replaces changed analyses, atomic per analysis, batch goes on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from powermap.extract.model import Analysis, Claim, Extraction
from powermap.graph.rdf.ids import Ids
from powermap.graph.rdf.mapping import to_rdf
from powermap.graph.store.backends import OxigraphStore, open_store
from powermap.graph.store.ingest import graph_hash, ingest

Load = Callable[[str], Extraction]


def _quads(store: OxigraphStore) -> set[str]:
    return {str(q) for q in store.raw}


def _graph_quads(store: OxigraphStore, analysis_id: str) -> set[str]:
    name = ox.NamedNode(str(Ids().analysis(analysis_id)))
    return {str(q.triple) for q in store.raw.quads_for_pattern(None, None, None, name)}


def _expected_triples(extraction: Extraction) -> set[str]:
    """The triples to_rdf gives, written the way pyoxigraph prints them."""
    data = to_rdf(extraction).serialize(format="nt", encoding="utf-8")
    return {str(t) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def test_ingesting_the_same_batch_twice_leaves_the_same_quads(
    store: OxigraphStore, extractions: list[Extraction]
) -> None:
    before = _quads(store)
    summary = ingest(store, extractions)
    assert str(summary) == "added 0, replaced 0, skipped 3, failed 0"
    assert _quads(store) == before


def test_two_fresh_stores_built_from_the_same_batch_hold_identical_quads(
    tmp_path: Path, extractions: list[Extraction]
) -> None:
    results = []
    for name in ("one", "two"):
        with open_store(tmp_path / name) as store:
            ingest(store, extractions)
            results.append(store.nquads())
    assert sorted(results[0].splitlines()) == sorted(results[1].splitlines())


def test_each_analysis_lands_in_its_own_named_graph(
    store: OxigraphStore, extractions: list[Extraction]
) -> None:
    for extraction in extractions:
        assert _graph_quads(store, extraction.analysis.id) == _expected_triples(extraction)


def test_changed_analysis_replaces_its_graph_and_old_claims_are_gone(
    store: OxigraphStore, load: Load
) -> None:
    changed = load("doha")
    old_claim = changed.claims.pop(0)
    summary = ingest(store, [changed])
    assert summary.replaced == ["doha-backchannels"] and not summary.added
    old = Ids().claim(changed.analysis.id, old_claim.key)
    assert not store.query("ASK { ?c ?p ?o }", {"c": old}).askAnswer
    assert _graph_quads(store, "doha-backchannels") == _expected_triples(changed)


def test_failing_item_is_reported_and_the_rest_of_the_batch_goes_in(
    store: OxigraphStore, load: Load
) -> None:
    before = _graph_quads(store, "opec-holds-output")
    broken = load("opec")
    broken.claims.append(
        Claim("iran", "annexes", "gains", "qatar", [], None, "Who gains leverage", "x", 0.5)
    )
    fresh = load("tiny")
    failures: list[str] = []
    summary = ingest(store, [broken, fresh], on_error=lambda f: failures.append(str(f)))
    assert summary.added == ["tiny"]
    assert [f.source for f in summary.failed] == ["analyses/opec-holds-output.txt"]
    assert "annexes" in failures[0]
    assert _graph_quads(store, "opec-holds-output") == before


def test_a_second_analysis_with_the_same_id_in_one_batch_is_a_failure(
    tmp_path: Path, load: Load
) -> None:
    first, second = load("tiny"), load("tiny")
    second.analysis.document = "elsewhere/tiny.txt"
    second.analysis.title = "Another page with the same id"
    with open_store(tmp_path / "s") as store:
        summary = ingest(store, [first, second])
        assert summary.added == ["tiny"]
        assert summary.failed[0].source == "elsewhere/tiny.txt"
        assert _graph_quads(store, "tiny") == _expected_triples(first)


def test_an_exception_mid_batch_keeps_every_stored_analysis_whole(
    tmp_path: Path, extractions: list[Extraction]
) -> None:
    def batch() -> Iterator[Extraction]:
        yield extractions[0]
        yield extractions[1]
        raise RuntimeError("extractor crashed")

    with open_store(tmp_path / "s") as store:
        with pytest.raises(RuntimeError):
            ingest(store, batch())
        for extraction in extractions[:2]:
            assert _graph_quads(store, extraction.analysis.id) == _expected_triples(extraction)
        assert _graph_quads(store, extractions[2].analysis.id) == set()


def test_progress_reports_each_outcome(store: OxigraphStore, load: Load) -> None:
    seen: list[tuple[str, str]] = []
    ingest(store, [load("doha"), load("tiny")], progress=lambda i, o: seen.append((i, o)))
    assert seen == [("doha-backchannels", "skipped"), ("tiny", "added")]


def test_graph_hash_ignores_triple_order(load: Load) -> None:
    graph = to_rdf(load("doha"))
    shuffled = type(graph)(identifier=graph.identifier)
    for triple in sorted(graph, reverse=True):
        shuffled.add(triple)
    assert graph_hash(graph) == graph_hash(shuffled)


CRASHING_WRITER = textwrap.dedent(
    """
    import sys
    from powermap.extract.model import Analysis, Claim, Extraction, Section, Actor
    from powermap.graph.store.ingest import ingest
    from powermap.graph.store.backends import open_store

    def synthetic(i):
        actors = [Actor(f"actor-{j}", f"Actor {j}", "State") for j in range(30)]
        claims = [
            Claim(f"actor-{j}", "pressures", "gains", f"actor-{(j + 1) % 30}", [], None,
                  "Who gains leverage", f"Actor {j} pressures the next one, take {i}.", 0.5)
            for j in range(30)
        ]
        sections = [Section("Who gains leverage", "x" * 2000)]
        return Extraction(Analysis(id=f"a{i}", title=f"A {i}", sections=sections), actors, claims)

    store = open_store(sys.argv[1])
    print("ready", flush=True)
    ingest(
        store,
        (synthetic(i) for i in range(100000)),
        progress=lambda analysis, outcome: print(outcome, analysis, flush=True),
    )
    """
)


def test_a_killed_writer_never_leaves_half_an_analysis(tmp_path: Path) -> None:
    location = tmp_path / "s"
    with subprocess.Popen(
        [sys.executable, "-c", CRASHING_WRITER, str(location)], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        for _ in range(3):  # kill it while it writes the fourth analysis or a later one
            assert proc.stdout.readline().startswith("added")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    with open_store(location) as store:
        assert isinstance(store, OxigraphStore)
        hashes = {
            str(row[0]): str(row[1])  # type: ignore[index]
            for row in store.query(
                "SELECT ?g ?h WHERE { GRAPH ?m { ?g pm:graphHash ?h } }", {"m": Ids().meta}
            )
        }
        names = {g.value for g in store.raw.named_graphs()} - {str(Ids().meta)}
        assert len(names) > 2, "the writer was killed before it wrote anything"
        assert names == set(hashes)
        for name in names:
            if name.endswith("/ontology"):
                continue
            graph = copy_graph(store, name)
            assert graph_hash(graph) == hashes[name], f"{name} is incomplete"


def copy_graph(store: OxigraphStore, name: str) -> object:
    """A stored named graph as an rdflib Graph (for hashing)."""
    from rdflib import Graph

    data = store.raw.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
    return Graph(identifier=name).parse(data=data, format="nt")  # type: ignore[arg-type]


def test_analysis_needs_no_optional_metadata(tmp_path: Path) -> None:
    bare = Extraction(Analysis(id="bare"))
    with open_store(tmp_path / "s") as store:
        assert ingest(store, [bare]).added == ["bare"]
