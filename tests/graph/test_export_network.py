"""export_network: GraphML, GEXF, CSV and node-link JSON of the actor graph parse back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from powermap.extract.errors import PowermapError
from powermap.extract.model import Extraction
from powermap.graph.export.network_files import EDGE_COLUMNS, NODE_COLUMNS, export_network
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.views.filters import Filters
from powermap.graph.views.network import actor_graph
from powermap.graph.views.snapshot import Snapshot, read_snapshot

VIEWS = Path(__file__).parents[1] / "fixtures" / "views"


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    location = tmp_path_factory.mktemp("views") / "store"
    extractions = [
        Extraction.from_dict(json.loads(p.read_text("utf-8"))) for p in sorted(VIEWS.glob("*.json"))
    ]
    with open_store(location) as store:
        assert ingest(store, extractions).ok
    with open_store(location, read_only=True) as store:
        return read_snapshot(store)


def _claim_edge(G: nx.MultiDiGraph, evidence: str) -> dict[str, object]:
    (data,) = [d for _, _, d in G.edges(data=True) if d.get("evidence") == evidence]
    return data


def test_graphml_parses_back_with_labels_kinds_wikidata_and_evidence(
    snap: Snapshot, tmp_path: Path
) -> None:
    path = tmp_path / "actors.graphml"
    assert export_network(snap, "graphml", path) == [str(path)]
    G = nx.read_graphml(path, force_multigraph=True)
    assert (G.number_of_nodes(), G.number_of_edges()) == (9, 12)
    assert G.nodes["united-states"]["label"] == "United States"
    assert G.nodes["united-states"]["kind"] == "State"
    assert G.nodes["united-states"]["wikidata"] == "Q30"
    assert G.nodes["united-states"]["aliases"] == "U.S.; Washington"
    edge = _claim_edge(G, "Egypt depends on the IMF.")
    assert edge["kind"] == "depends_on"
    assert edge["label"] == "depends on"
    assert edge["analysis"] == "wheat-mar"
    assert edge["confidence"] == 0.9


def test_gexf_is_dynamic_so_gephi_can_play_the_timeline(snap: Snapshot, tmp_path: Path) -> None:
    path = tmp_path / "actors.gexf"
    export_network(snap, "gexf", path)
    assert 'timeformat="date"' in path.read_text("utf-8")
    G = nx.read_gexf(path)
    assert G.graph["mode"] == "dynamic"
    assert G.nodes["iran"]["start"] == "2026-01-10"
    assert G.nodes["egypt"]["start"] == "2026-03-20"
    edge = _claim_edge(G, "Iran depends on China.")
    assert (edge["start"], edge["label"], edge["analysis"]) == (
        "2026-03-05", "depends on", "sanctions-mar",
    )  # fmt: skip


def test_csv_writes_nodes_and_edges_for_gephi_and_neo4j(snap: Snapshot, tmp_path: Path) -> None:
    written = export_network(snap, "csv", tmp_path / "out")
    assert [Path(p).name for p in written] == ["nodes.csv", "edges.csv"]
    with open(tmp_path / "out" / "nodes.csv", encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with open(tmp_path / "out" / "edges.csv", encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert list(nodes[0]) == [header for header, _ in NODE_COLUMNS]
    assert list(edges[0]) == [header for header, _ in EDGE_COLUMNS]
    for required in ("id:ID", ":LABEL", "Id", "Label"):
        assert required in nodes[0]
    for required in (":START_ID", ":END_ID", ":TYPE", "Source", "Target", "Type", "Weight"):
        assert required in edges[0]
    ids = {row["id:ID"] for row in nodes}
    assert len(ids) == len(nodes) == 9
    assert all(row[":START_ID"] in ids and row[":END_ID"] in ids for row in edges)
    us = next(row for row in nodes if row["Id"] == "united-states")
    assert (us[":LABEL"], us["Label"], us["wikidata"]) == ("Actor;State", "United States", "Q30")
    brokered = [row for row in edges if row[":TYPE"] == "BROKERS"]
    assert len(brokered) == 4
    assert {row["Type"] for row in edges} == {"Directed"}


def test_nodelink_json_round_trips_through_networkx(snap: Snapshot) -> None:
    out = io.BytesIO()
    assert export_network(snap, "nodelink", out) == ["-"]
    G = nx.node_link_graph(json.loads(out.getvalue()), edges="edges")
    assert G.is_multigraph() and G.is_directed()
    assert G.number_of_edges() == actor_graph(snap).number_of_edges()


def test_export_takes_the_same_filters_as_the_views(snap: Snapshot, tmp_path: Path) -> None:
    export_network(snap, "graphml", tmp_path / "food.graphml", Filters(topic="food"))
    G = nx.read_graphml(tmp_path / "food.graphml")
    assert set(G) == {"egypt", "international-monetary-fund", "saudi-arabia"}


def test_csv_onto_a_stream_and_unknown_formats_are_refused(snap: Snapshot) -> None:
    with pytest.raises(PowermapError, match="give a folder"):
        export_network(snap, "csv", io.BytesIO())
    with pytest.raises(PowermapError, match="unknown network format 'dot'"):
        export_network(snap, "dot", io.BytesIO())
