"""The topic map as a graph: node types, claim edges, sizes, neighbourhoods and filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from powermap.extract.errors import PowermapError
from powermap.extract.model import Extraction
from powermap.graph.site.mapgraph import analyses_part, map_graph
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.views.filters import Filters
from powermap.graph.views.snapshot import Snapshot, read_snapshot

READERS = Path(__file__).parent.parent / "fixtures" / "readers"
NORMAL = ("talks-jan", "oil-mar", "wheat-apr", "talks-jun")


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The four fixture analyses read back from a store."""
    location = tmp_path_factory.mktemp("mapgraph") / "store"
    extractions = [
        Extraction.from_dict(json.loads((READERS / f"{name}.json").read_text("utf-8")))
        for name in NORMAL
    ]
    with open_store(location) as opened:
        assert ingest(opened, extractions).ok
        return read_snapshot(opened)


def test_map_graph_has_actors_analyses_mechanisms_and_topics_as_node_types(snap: Snapshot) -> None:
    G = map_graph(snap)
    types = {d["type"] for _, d in G.nodes(data=True)}
    assert types == {"actor", "analysis", "mechanism", "topic"}
    assert G.nodes["actor:iran"]["kind"] == "State"
    assert G.nodes["topic:global"]["label"] == "global"
    assert G.nodes["mechanism:sanctions"]["family"] == "economic-coercion"


def test_claim_edges_run_from_holder_to_each_other_actor_with_evidence(snap: Snapshot) -> None:
    G = map_graph(snap)
    brokered = sorted(
        v for u, v, d in G.edges(data=True) if d["kind"] == "claim" and d["relation"] == "brokers"
    )
    assert brokered == ["actor:iran", "actor:united-states"]
    (data,) = G.get_edge_data("actor:saudi-arabia", "actor:iran").values()
    assert data["evidence"] == "Saudi Arabia gains leverage over Iran."
    assert (data["polarity"], data["date"]) == ("gains", "2026-03-05")


def test_a_claim_with_no_other_actor_points_at_its_mechanism_else_its_analysis(
    snap: Snapshot,
) -> None:
    G = map_graph(snap)
    (cost,) = G.get_edge_data("actor:iranian-households", "analysis:oil-mar").values()
    assert (cost["kind"], cost["relation"]) == ("claim", "bears_cost")


def test_actors_are_sized_by_the_leverage_they_gain(snap: Snapshot) -> None:
    G = map_graph(snap)
    sizes = {n: d["size"] for n, d in G.nodes(data=True) if d["type"] == "actor"}
    assert max(sizes, key=lambda n: sizes[n]) == "actor:international-monetary-fund"
    assert sizes["actor:iranian-households"] == min(sizes.values())
    assert sizes["actor:iran"] > sizes["actor:iranian-households"]


def test_an_actor_neighbourhood_keeps_what_is_within_depth_links(snap: Snapshot) -> None:
    G = map_graph(snap, actor="Riyadh", depth=1)
    assert set(G.nodes) == {"actor:saudi-arabia", "actor:iran", "analysis:oil-mar"}
    assert G.graph["centre"] == "actor:saudi-arabia"
    assert len(map_graph(snap, actor="Riyadh", depth=2)) > len(G)


def test_filters_narrow_the_map_before_it_is_drawn(snap: Snapshot) -> None:
    G = map_graph(snap, Filters(lens="Labor & Economy"))
    analyses = {n for n, d in G.nodes(data=True) if d["type"] == "analysis"}
    assert analyses == {"analysis:wheat-apr"}
    assert "actor:iran" not in G


def test_an_unknown_actor_is_an_error(snap: Snapshot) -> None:
    with pytest.raises(PowermapError, match="no actor 'Atlantis'"):
        map_graph(snap, actor="Atlantis")


def test_an_analysis_part_holds_only_what_those_analyses_state(snap: Snapshot) -> None:
    G = analyses_part(map_graph(snap), ["wheat-apr"])
    assert {d["analysis"] for *_, d in G.edges(data=True)} == {"wheat-apr"}
    assert "actor:egypt" in G and "actor:iran" not in G
