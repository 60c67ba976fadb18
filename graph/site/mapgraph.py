"""The topic map as a NetworkX graph: typed nodes, claim edges, and what each analysis names.

:func:`map_graph` combines the views: :func:`~powermap.graph.views.network.topic_graph`
for the actors, mechanisms and topics each analysis names, the snapshot's
claims for who gains over whom, and :func:`~powermap.graph.views.leverage.who_gains`
for how big each actor is drawn. :func:`neighbourhood` and
:func:`analyses_part` cut the parts an actor page, an analysis page or a
reader path shows.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

import networkx as nx

from powermap.graph.errors import ViewError
from powermap.graph.site.templating import style
from powermap.graph.store.backends import Store
from powermap.graph.views.filters import Filters
from powermap.graph.views.leverage import who_gains
from powermap.graph.views.network import edge_key, narrow, topic_graph
from powermap.graph.views.resolve import resolve_actor
from powermap.graph.views.snapshot import ClaimRecord, Snapshot

__all__ = ["NODE_TYPES", "map_graph", "neighbourhood", "analyses_part"]

NODE_TYPES = ("actor", "analysis", "mechanism", "topic")


def _actor_sizes(scores: Mapping[str, float]) -> Callable[[str], float]:
    """Node size from leverage gained: the square root of the score, between min and max."""
    low, high = style()["actor_size"]["min"], style()["actor_size"]["max"]
    top = max(scores.values(), default=0.0)

    def size(actor: str) -> float:
        score = scores.get(actor, 0.0)
        if top <= 0 or score <= 0:
            return float(low)
        return round(low + (high - low) * math.sqrt(score / top), 2)

    return size


def _claim_edges(snap: Snapshot, claim: ClaimRecord) -> list[tuple[str, str, str]]:
    """(target node, edge key, role) for each edge a claim draws from its holder.

    To each other actor of the claim; else to its mechanism; else to the
    analysis it comes from, so every claim shows on the map with its evidence.
    """
    if claim.targets:
        return [(f"actor:{t}", edge_key(claim, t), "actor") for t in claim.targets]
    if claim.mechanism:
        return [(f"mechanism:{claim.mechanism}", claim.id, "mechanism")]
    return [(f"analysis:{claim.analysis}", claim.id, "analysis")]


def map_graph(
    source: Store | Snapshot,
    filters: Filters | None = None,
    *,
    actor: str | None = None,
    depth: int = 1,
) -> nx.MultiDiGraph:
    """The topic map as a graph: typed nodes, claim edges and what each analysis names.

    Parameters
    ----------
    source : an open store or a snapshot.
    filters : which analyses and claims to show (:class:`Filters`; none: all).
    actor : only the neighbourhood of this actor (any name the store knows).
    depth : how many links away from ``actor`` the neighbourhood reaches.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes ``actor:<id>``, ``analysis:<id>``, ``mechanism:<id>`` and
        ``topic:<slug>`` with ``type`` and ``label`` (actors also ``kind``,
        ``score``: leverage gained, as in :func:`~powermap.graph.views.leverage.who_gains`,
        and ``size``). Edges have ``kind``: ``"claim"`` (holder to the other
        actor, else to the claim's mechanism, else to its analysis; with
        ``relation``, ``polarity``, ``evidence``, ``analysis``, ``title``,
        ``date``, ``mechanism``, ``section``, ``confidence``, ``basis``), or from an
        analysis ``"mentions"`` (actor), ``"operates"`` (mechanism) and
        ``"tagged"`` (topic).

    Raises
    ------
    ViewError : an unknown actor or filter value, or an actor the filters leave out.

    Examples
    --------
    >>> from powermap.graph.views.snapshot import AnalysisInfo, ClaimRecord, Snapshot
    >>> snap = Snapshot(
    ...     analyses={"a1": AnalysisInfo("a1", "Talks", "2026-07-02", topics=("global",))},
    ...     claims=(ClaimRecord("c1", "a1", "qatar", "brokers", "gains", "forward",
    ...                         "Qatar hosts the talks.", 0.8, counterpart="iran"),),
    ...     mentions={"a1": frozenset({"qatar", "iran"})})
    >>> G = map_graph(snap)
    >>> sorted(G.nodes)
    ['actor:iran', 'actor:qatar', 'analysis:a1', 'topic:global']
    >>> [(u, v, d["relation"]) for u, v, d in G.edges(data=True) if d["kind"] == "claim"]
    [('actor:qatar', 'actor:iran', 'brokers')]
    """
    snap = narrow(source, filters)
    scores = {g.actor: g.score for g in who_gains(snap)}
    size = _actor_sizes(scores)
    gains = Counter(a for c in snap.claims for a in c.gainers)
    T = topic_graph(snap)
    G: nx.MultiDiGraph = nx.MultiDiGraph(name="powermap topic map")
    G.graph["analyses"] = {
        a.id: {"title": a.title, "date": a.date, "lens": a.lens} for a in snap.analyses.values()
    }
    G.graph["families"] = {m.id: m.family for m in snap.mechanisms.values() if m.family}
    G.graph["family_labels"] = {
        m.family: m.family_label or m.family for m in snap.mechanisms.values() if m.family
    }
    covered: Counter[str] = Counter()
    for u, v, data in T.edges(data=True):
        for node in (u, v):
            if T.nodes[node]["type"] != "analysis":
                covered[node] += data.get("relation") != "uses"

    def add_actor(node: str) -> None:
        actor_id = node.split(":", 1)[1]
        info = snap.actor(actor_id)
        G.add_node(
            node,
            type="actor",
            label=info.label,
            kind=info.kind,
            aliases=info.aliases,
            score=scores.get(actor_id, 0.0),
            gains=gains[actor_id],
            analyses=covered[node],
            size=size(actor_id),
        )

    for node, data in T.nodes(data=True):
        kind = data["type"]
        if kind == "lens":
            continue
        if kind == "actor":
            add_actor(node)
        elif kind == "analysis":
            info = snap.analyses[node.split(":", 1)[1]]
            G.add_node(
                node,
                type="analysis",
                label=info.title or info.id,
                date=info.date,
                lens=info.lens,
                topics=info.topics,
                url=info.url,
            )
        elif kind == "mechanism":
            m = snap.mechanism(node.split(":", 1)[1])
            G.add_node(
                node,
                type="mechanism",
                label=m.label,
                family=m.family,
                family_label=m.family_label,
                analyses=covered[node],
            )
        else:
            G.add_node(node, type="topic", label=data["label"], analyses=covered[node])
    for u, v, data in T.edges(data=True):
        relation = data.get("relation")
        if relation == "uses" or "lens" in (T.nodes[u]["type"], T.nodes[v]["type"]):
            continue
        analysis, other = (u, v) if T.nodes[u]["type"] == "analysis" else (v, u)
        kind = {"actor": "mentions", "mechanism": "operates", "topic": "tagged"}[
            T.nodes[other]["type"]
        ]
        mechanism_id = other.split(":", 1)[1] if kind == "operates" else None
        G.add_edge(
            analysis,
            other,
            key=f"{kind}:{analysis}:{other}",
            kind=kind,
            analysis=snap.analyses[analysis.split(":", 1)[1]].id,  # one string per analysis
            mechanism=mechanism_id,
        )
    for claim in snap.claims:
        holder = f"actor:{claim.holder}"
        if holder not in G:
            add_actor(holder)
        info = snap.analyses.get(claim.analysis)
        for target, key, role in _claim_edges(snap, claim):
            if role == "actor" and target not in G:
                add_actor(target)
            if target not in G:  # a mechanism or analysis the filters left out
                continue
            G.add_edge(
                holder,
                target,
                key=key,
                kind="claim",
                claim=claim.id,
                relation=claim.relation,
                polarity=claim.polarity,
                evidence=claim.evidence,
                analysis=claim.analysis,
                title=info.title if info else None,
                date=info.date if info else None,
                mechanism=claim.mechanism,
                mechanism_label=snap.mechanism(claim.mechanism).label if claim.mechanism else None,
                section=claim.section,
                confidence=claim.confidence,
                basis=claim.basis,
                between=tuple(snap.label(b) for b in claim.between),
            )
    if actor is not None:
        centre = f"actor:{resolve_actor(actor, snap)}"
        if centre not in G:
            raise ViewError(f"{snap.label(centre[6:])} is not on the map with these filters")
        G = neighbourhood(G, centre, depth)
    return G


def neighbourhood(G: nx.MultiDiGraph, centre: str, depth: int = 1) -> nx.MultiDiGraph:
    """The part of a map graph within ``depth`` links of ``centre`` (either direction).

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(neighbourhood(G, "a", 2).nodes)
    ['a', 'b', 'c']
    """
    near = {centre}
    ring = {centre}
    for _ in range(max(depth, 0)):  # breadth first, either direction (as ego_graph does)
        ring = {n for node in ring for n in (*G.succ[node], *G.pred[node])} - near
        near |= ring
    # the induced subgraph, copied edge by edge (a subgraph view's copy filters every
    # neighbour of a hub), nodes and edges in the order the map graph has them
    H: nx.MultiDiGraph = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from((node, G.nodes[node]) for node in G if node in near)
    for u in list(H):
        for v, keyed in G.succ[u].items():
            if v in near:
                for key, data in keyed.items():
                    H.add_edge(u, v, key=key, **data)
    H.graph["centre"] = centre
    return H


def analyses_part(G: nx.MultiDiGraph, analyses: Iterable[str]) -> nx.MultiDiGraph:
    """The part of a map graph that some analyses state: their links and what these join.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("analysis:a1", "actor:x", analysis="a1")
    0
    >>> G.add_edge("analysis:a2", "actor:y", analysis="a2")
    0
    >>> sorted(analyses_part(G, ["a1"]).nodes)
    ['actor:x', 'analysis:a1']
    """
    wanted = set(analyses)
    edges = [
        (u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d.get("analysis") in wanted
    ]
    H: nx.MultiDiGraph = G.edge_subgraph(edges).copy()  # type: ignore[arg-type]
    for analysis in wanted:
        node = f"analysis:{analysis}"
        if node in G and node not in H:
            H.add_node(node, **G.nodes[node])
    return H
