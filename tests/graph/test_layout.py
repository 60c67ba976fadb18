"""Positions computed when the page is written, and big maps kept within a node budget."""

from __future__ import annotations

import networkx as nx

from powermap.graph.site.layout import SPRING_UP_TO, aggregate, layout


def actor(G: nx.MultiDiGraph, name: str, kind: str = "State") -> None:
    G.add_node(
        f"actor:{name}",
        type="actor",
        label=name,
        kind=kind,
        aliases=(),
        score=0.0,
        gains=0,
        analyses=1,
        size=9.0,
    )


def claim(G: nx.MultiDiGraph, holder: str, other: str) -> None:
    G.add_edge(f"actor:{holder}", f"actor:{other}", kind="claim", analysis="a1")


def test_layout_places_every_node_the_same_way_each_time() -> None:
    G = nx.MultiDiGraph()
    for name in "abcd":
        actor(G, name)
    claim(G, "a", "b")
    claim(G, "c", "d")
    G.add_node("analysis:a1", type="analysis")
    G.add_edge("analysis:a1", "actor:a", kind="mentions", analysis="a1")
    positions = layout(G)
    assert set(positions) == set(G.nodes)
    assert positions == layout(G)
    assert all(isinstance(x, int) and isinstance(y, int) for x, y in positions.values())
    assert len(set(positions.values())) == len(positions)


def test_a_big_map_lays_out_the_actors_and_puts_each_analysis_among_its_actors() -> None:
    G = nx.MultiDiGraph()
    for i in range(SPRING_UP_TO + 10):
        G.add_node(f"analysis:{i}", type="analysis")
    for name in "abcdef":
        actor(G, name)
    claim(G, "a", "b")
    claim(G, "e", "f")
    for i in range(SPRING_UP_TO + 10):
        pair = ("a", "b") if i % 2 else ("e", "f")
        for name in pair:
            G.add_edge(f"analysis:{i}", f"actor:{name}", kind="mentions", analysis=str(i))
    positions = layout(G)
    ax, ay = positions["actor:a"]
    bx, by = positions["actor:b"]
    x, y = positions["analysis:1"]  # names a and b: between them
    assert min(ax, bx) - 50 <= x <= max(ax, bx) + 50
    assert min(ay, by) - 50 <= y <= max(ay, by) + 50
    assert len(set(positions.values())) == len(positions)


def test_aggregate_merges_the_actors_with_fewest_claims_into_one_node_per_kind() -> None:
    G = nx.MultiDiGraph()
    for name, kind in [("a", "State"), ("b", "State"), ("c", "State"), ("d", "Person")]:
        actor(G, name, kind)
    claim(G, "a", "b")
    claim(G, "a", "b")
    claim(G, "a", "c")
    claim(G, "c", "d")
    G.add_node("analysis:a1", type="analysis")
    G.add_edge("analysis:a1", "actor:c", kind="mentions", analysis="a1")
    G.add_edge("analysis:a1", "actor:d", kind="mentions", analysis="a1")
    H = aggregate(G, 2)
    assert sorted(H.nodes) == ["actor:a", "actor:b", "analysis:a1", "others:Person", "others:State"]
    assert H.nodes["others:State"]["others"] == 1
    assert H.nodes["others:State"]["label"] == "1 other State"
    claims = sorted((u, v) for u, v, k in H.edges(data="kind") if k == "claim")
    assert claims == [
        ("actor:a", "actor:b"),
        ("actor:a", "actor:b"),
        ("actor:a", "others:State"),
        ("others:State", "others:Person"),
    ]
    mentions = sorted(v for _, v, k in H.edges(data="kind") if k == "mentions")
    assert mentions == ["others:Person", "others:State"]


def test_aggregate_leaves_a_map_within_the_budget_alone() -> None:
    G = nx.MultiDiGraph()
    actor(G, "a")
    assert aggregate(G, 1) is G
