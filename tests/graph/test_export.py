"""export: every format parses back in rdflib with the store's content."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from powermap.graph.export.dataset import EXPORT_FORMATS, export, serialize_store
from powermap.graph.store.backends import OxigraphStore

RDFLIB_FORMAT = {"turtle": "turtle", "jsonld": "json-ld", "nquads": "nquads", "trig": "trig"}


def _store_dataset(store: OxigraphStore) -> Dataset:
    return Dataset().parse(data=store.nquads(), format="nquads")


def _quad_set(dataset: Dataset) -> set[tuple[object, ...]]:
    return {(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))}


@pytest.mark.parametrize("fmt", ["jsonld", "nquads", "trig"])
def test_graph_keeping_formats_parse_back_to_the_same_quads(store: OxigraphStore, fmt: str) -> None:
    parsed = Dataset().parse(data=serialize_store(store, fmt), format=RDFLIB_FORMAT[fmt])
    assert _quad_set(parsed) == _quad_set(_store_dataset(store))


def test_turtle_is_the_union_of_all_graphs(store: OxigraphStore) -> None:
    parsed = Graph().parse(data=serialize_store(store, "turtle"), format="turtle")
    union = {(s, p, o) for s, p, o, _ in _store_dataset(store).quads((None, None, None, None))}
    assert set(parsed) == union


def test_jsonld_uses_the_published_context(store: OxigraphStore) -> None:
    data = json.loads(serialize_store(store, "jsonld"))
    assert data["@context"]["pm"] == "https://w3id.org/powermap/ontology#"
    assert "holder" in data["@context"]


def test_turtle_uses_powermap_prefixes(store: OxigraphStore) -> None:
    text = serialize_store(store, "turtle").decode("utf-8")
    assert "@prefix pm: <https://w3id.org/powermap/ontology#> ." in text
    assert "pm:gainsLeverageOver" in text


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_writes_to_a_path_or_a_stream(
    store: OxigraphStore, tmp_path: Path, fmt: str
) -> None:
    stream = io.BytesIO()
    written = export(store, fmt, stream)
    assert written == len(stream.getvalue()) > 0
    export(store, fmt, tmp_path / f"out.{fmt}")
    assert (tmp_path / f"out.{fmt}").read_bytes() == stream.getvalue()


def test_unknown_format_is_a_clear_error(store: OxigraphStore) -> None:
    with pytest.raises(Exception, match="unknown export format 'rdfxml'"):
        serialize_store(store, "rdfxml")
