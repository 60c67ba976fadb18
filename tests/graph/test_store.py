"""open_store: location rules, one writer per directory, read-only beside a writer."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from powermap.graph.errors import QueryError, StoreLockedError, StoreNotFoundError
from powermap.graph.store.backends import OxigraphStore, SparqlStore, open_store
from powermap.graph.store.location import DEFAULT_STORE, store_location


def test_location_prefers_argument_then_environment_then_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("POWERMAP_STORE", raising=False)
    assert store_location(None) == DEFAULT_STORE
    monkeypatch.setenv("POWERMAP_STORE", "/data/pm")
    assert store_location(None) == "/data/pm"
    assert store_location("here") == "here"


def test_http_location_opens_a_sparql_endpoint_with_the_update_url_by_convention() -> None:
    store = open_store("http://127.0.0.1:1/query")
    assert isinstance(store, SparqlStore)
    assert store.update_url == "http://127.0.0.1:1/update"
    other = open_store("http://127.0.0.1:1/sparql", update_url="http://127.0.0.1:1/up")
    assert isinstance(other, SparqlStore) and other.update_url == "http://127.0.0.1:1/up"


def test_directory_location_opens_the_embedded_store_and_creates_it(tmp_path: Path) -> None:
    with open_store(tmp_path / "new" / "store") as store:
        assert isinstance(store, OxigraphStore)
    assert (tmp_path / "new" / "store" / "CURRENT").exists()


def test_second_writer_on_the_same_directory_gets_a_clear_error(tmp_path: Path) -> None:
    with open_store(tmp_path / "s"):
        with pytest.raises(StoreLockedError, match="in use by another powermap process"):
            open_store(tmp_path / "s")


def test_writer_in_another_process_locks_the_store(tmp_path: Path) -> None:
    location = tmp_path / "s"
    holder = textwrap.dedent(
        f"""
        import sys, time
        from powermap.graph.store.backends import open_store
        store = open_store({str(location)!r})
        print("open", flush=True)
        sys.stdin.readline()
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
            with pytest.raises(StoreLockedError):
                open_store(location)
            with open_store(location, read_only=True) as reader:  # readers still work
                assert reader.query("ASK { ?s ?p ?o }").askAnswer is False
        finally:
            proc.communicate("\n", timeout=30)
    with open_store(location):  # released when the other process ends
        pass


def test_closing_releases_the_lock(tmp_path: Path) -> None:
    open_store(tmp_path / "s").close()
    open_store(tmp_path / "s").close()


def test_read_only_open_of_a_missing_store_says_to_build_first(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFoundError, match="powermap build"):
        open_store(tmp_path / "nothing", read_only=True)


def test_read_only_store_refuses_updates(store: OxigraphStore) -> None:
    location = store.location
    store.close()
    with open_store(location, read_only=True) as reader:
        with pytest.raises(Exception, match="read-only"):
            reader.update("CLEAR ALL")


def test_syntax_error_is_one_line(store: OxigraphStore) -> None:
    with pytest.raises(QueryError) as info:
        store.query("SELECT ?x WHERE { ?x ")
    assert "\n" not in str(info.value)
    assert "1:" in str(info.value)


def test_queries_see_the_union_of_graphs_with_prefixes_predeclared(store: OxigraphStore) -> None:
    rows = list(store.query("SELECT DISTINCT ?a WHERE { ?a a pm:Analysis } ORDER BY ?a"))
    assert len(rows) == 3


def test_bindings_restrict_a_query(store: OxigraphStore) -> None:
    iran = URIRef("https://w3id.org/powermap/id/actor/iran")
    rows = store.query("SELECT DISTINCT ?label WHERE { ?a rdfs:label ?label }", {"a": iran})
    assert [row[0] for row in rows] == [Literal("Iran")]  # type: ignore[index]
