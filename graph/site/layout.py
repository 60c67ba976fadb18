"""Where each node of a map sits, computed when the page is written.

vis-network's physics is O(n²) per step and never settles at thousands of nodes,
so the map arrives with positions and the browser draws it at once, physics off.
:func:`aggregate` keeps a big map within a node budget first: the actors with
the fewest claims become one "other <kind>" node per kind.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from typing import Any

import networkx as nx

__all__ = ["OTHERS", "aggregate", "layout"]

OTHERS = "others:"
Point = tuple[float, float]
SPRING_UP_TO = 500  # nodes laid out together by spring_layout; above, only the actors are
SETTLE = 15  # spring_layout steps that spread the other nodes out from among their actors


def _weights(G: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of a map, each link weighted by how many edges it
    stands for (as :func:`~powermap.graph.views.analytics.undirected_ties` weighs them,
    self-loops dropped), its nodes and links in sorted order: the same layout whatever
    order a subgraph copy has.

    The weights are counted per pair, not in a graph of ties copied into this one, so a
    big map's layout holds one such graph, not two."""
    weights = Counter(tuple(sorted((u, v))) for u, v in G.edges() if u != v)
    H: nx.Graph = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))
    H.add_edges_from((u, v, {"weight": w}) for (u, v), w in sorted(weights.items()))
    return H


def _spread(n: int) -> float:
    """Pixels per layout unit: sparse maps stay compact, big ones get room."""
    return 60.0 * math.sqrt(max(n, 1)) + 120.0


def layout(G: nx.MultiDiGraph, *, seed: int = 7) -> dict[str, tuple[int, int]]:
    """Positions in pixels of every node of a map graph, the same for the same graph.

    The actors are laid out first, on the claims between them alone (NetworkX
    ``spring_layout``, each link weighted by how many claims it stands for):
    the actor network, the default view of a big map, gets a layout of its
    own. Then each analysis, mechanism and topic starts at the centre of its
    neighbours already placed, a little apart from the others there; up to 500
    nodes, a few steps of a second ``spring_layout`` (actors held still)
    spread them out from there. Starting where they belong, they need 15 steps
    instead of the 50 a random start takes, which is most of the time a site
    spends laying out its pages.

    Parameters
    ----------
    G : a map graph (:func:`~powermap.graph.site.mapgraph.map_graph`).
    seed : the layout's random seed.

    Returns
    -------
    dict of node -> (x, y), rounded to whole pixels, centred on (0, 0).

    Examples
    --------
    >>> G = nx.MultiDiGraph([("actor:a", "actor:b"), ("analysis:x", "actor:a")])
    >>> nx.set_node_attributes(G, {"actor:a": "actor", "actor:b": "actor",
    ...                            "analysis:x": "analysis"}, "type")
    >>> positions = layout(G)
    >>> sorted(positions), positions == layout(G)
    (['actor:a', 'actor:b', 'analysis:x'], True)
    """
    if G.number_of_nodes() == 0:
        return {}
    H = _weights(G)
    n = H.number_of_nodes()
    actors = sorted(v for v, t in G.nodes(data="type") if t == "actor")
    A: nx.Graph = nx.Graph()  # not H.subgraph: a view iterates its nodes in set order
    A.add_nodes_from(actors)
    A.add_edges_from(sorted((u, v, d) for u, v, d in H.subgraph(actors).edges(data=True)))
    core = _points(nx.spring_layout(A, seed=seed, weight="weight"))
    if len(core) == n:
        raw = core
    elif not actors:
        raw = _points(nx.spring_layout(H, seed=seed, weight="weight"))
    else:
        raw = _place_around(H, dict(core), seed)
        if n <= SPRING_UP_TO:
            settled = nx.spring_layout(
                H, pos=raw, fixed=actors, iterations=SETTLE, seed=seed, weight="weight"
            )
            raw = _points(settled)
    scale = _spread(n)
    # a graph whose views were used refers to itself and waits for the cycle collector;
    # cleared, a big map's layout graphs go at once instead of piling up under the next page
    A.clear()
    H.clear()
    return {v: (round(x * scale), round(y * scale)) for v, (x, y) in raw.items()}


def _points(positions: Mapping[str, Any]) -> dict[str, Point]:
    return {v: (float(p[0]), float(p[1])) for v, p in positions.items()}


def _place_around(H: nx.Graph, placed: dict[str, Point], seed: int) -> dict[str, Point]:
    """Place each remaining node at the centre of its placed neighbours, ringed by its peers."""
    rest = [v for v in H.nodes if v not in placed]
    crowd: Counter[tuple[float, float]] = Counter()
    while rest:
        progress = []
        for v in rest:
            near = [placed[u] for u in H.neighbors(v) if u in placed]
            if near:
                progress.append((v, near))
        if not progress:  # nothing links these to the placed nodes: a ring outside
            for i, v in enumerate(sorted(rest)):
                angle = 2 * math.pi * i / len(rest)
                placed[v] = (1.3 * math.cos(angle), 1.3 * math.sin(angle))
            break
        for v, near in progress:
            x = sum(p[0] for p in near) / len(near)
            y = sum(p[1] for p in near) / len(near)
            spot = (round(x, 2), round(y, 2))
            k = crowd[spot]
            crowd[spot] += 1
            angle = (k * 2.399963 + seed) % (2 * math.pi)  # golden angle: peers spread out
            radius = 0.02 * math.sqrt(k + 1)
            placed[v] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
        placed_now = {v for v, _ in progress}
        rest = [v for v in rest if v not in placed_now]
    return placed


def aggregate(G: nx.MultiDiGraph, budget: int) -> nx.MultiDiGraph:
    """A map graph with at most ``budget`` actors: the rest merged into one node per kind.

    Actors are ranked by the claims they take part in (then by id); those past
    the budget become ``others:<kind>`` (type ``actor``, ``others`` members),
    and their edges move to that node (a claim between two merged actors of a
    kind becomes a loop on it; the links an analysis has to several merged
    actors of a kind become one).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for a in "abc":
    ...     G.add_node(f"actor:{a}", type="actor", label=a, kind="State", aliases=(),
    ...                score=0.0, gains=0, analyses=1, size=9.0)
    >>> G.add_edge("actor:a", "actor:b", kind="claim")
    0
    >>> sorted(aggregate(G, 2).nodes)
    ['actor:a', 'actor:b', 'others:State']
    """
    actors = [v for v, t in G.nodes(data="type") if t == "actor"]
    if len(actors) <= budget:
        return G
    claims: Counter[str] = Counter()
    for u, v, data in G.edges(data=True):
        if data.get("kind") == "claim":
            claims[u] += 1
            claims[v] += 1
    ranked = sorted(actors, key=lambda a: (-claims[a], a))
    merged = {a: f"{OTHERS}{G.nodes[a]['kind']}" for a in ranked[budget:]}
    members = Counter(merged.values())
    most = {group: 0 for group in members}
    for a, group in merged.items():
        most[group] = max(most[group], claims[a])
    H: nx.MultiDiGraph = nx.MultiDiGraph(**G.graph)
    for v, data in G.nodes(data=True):
        if v not in merged:
            H.add_node(v, **data)
    for group, count in sorted(members.items()):
        kind = group[len(OTHERS) :]
        H.add_node(
            group,
            type="actor",
            label=f"{count} other {kind}",
            kind=kind,
            aliases=(),
            score=0.0,
            gains=0,
            analyses=0,
            size=9.0,
            others=count,
            most_claims=most[group],
        )
    for u, v, key, data in G.edges(keys=True, data=True):
        a, b = merged.get(u, u), merged.get(v, v)
        if (a, b) == (u, v):
            H.add_edge(u, v, key=key, **data)
        else:
            if data.get("kind") == "claim":
                new_key = f"{key}|{u}|{v}"  # every claim stays its own edge
            else:
                new_key = f"{data.get('kind')}:{a}:{b}"  # one link per analysis and group
            if not H.has_edge(a, b, new_key):
                H.add_edge(a, b, key=new_key, **data)
    return H
