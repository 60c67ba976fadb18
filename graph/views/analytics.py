"""Graph analysis over the actor graph: brokers, communities, leverage paths, balance over time.

Each function takes a graph from :mod:`powermap.graph.views.network`, leaves it
alone, and returns plain data. The measures are NetworkX's: betweenness
centrality, Burt's effective size and constraint (structural holes), Louvain
communities and shortest paths.

References
----------
.. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*.
.. [2] Blondel, V. D. et al. (2008). Fast unfolding of communities in large networks.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from powermap.graph.views.network import leverage_graph

__all__ = [
    "Broker",
    "PathStep",
    "LeveragePath",
    "MonthBalance",
    "undirected_ties",
    "EXACT_BETWEENNESS_UP_TO",
    "BETWEENNESS_PIVOTS",
    "CONSTRAINT_MAX_DEGREE",
    "brokers",
    "communities",
    "leverage_path",
    "leverage_balance",
    "months_between",
]


@dataclass(frozen=True)
class Broker:
    """An actor's brokerage: claims that it brokers, and where it sits in the graph.

    ``effective_size`` and ``constraint`` are Burt's structural-hole measures
    (high effective size and low constraint: the actor bridges others who do
    not deal with each other); None for an actor with no ties (and constraint
    None above :data:`CONSTRAINT_MAX_DEGREE` ties).
    """

    actor: str
    label: str
    brokerage_claims: int
    between: tuple[tuple[str, str], ...]
    betweenness: float
    effective_size: float | None
    constraint: float | None


@dataclass(frozen=True)
class PathStep:
    """One link of a leverage path: ``stronger`` holds net leverage ``weight`` over ``weaker``.

    On an ``undirected`` path a link can run against the path's order, or be
    even (``weight`` 0: no net leverage either way, the two in path order).
    ``inferred`` counts the claims of ``claims`` whose party was drawn from the
    discourse; ``basis`` is "inferred" when every claim of the link is, so the
    link rests on no sentence that names both actors.
    """

    stronger: str
    weaker: str
    weight: float
    claims: int
    evidence: tuple[str, ...]
    inferred: int = 0
    basis: str = "stated"


@dataclass(frozen=True)
class LeveragePath:
    """A chain of net leverage from ``source`` to ``target`` (or back, see ``direction``).

    ``direction`` is ``"forward"`` when ``source`` leads to ``target`` through
    net leverage, ``"reverse"`` when ``target`` leads to ``source``, and
    ``"undirected"`` when the two are only connected through claims of any kind.
    """

    source: str
    target: str
    direction: str
    nodes: tuple[str, ...]
    steps: tuple[PathStep, ...]


@dataclass(frozen=True)
class MonthBalance:
    """Leverage between ``a`` and ``b`` in one month: claim edges each way, and the net."""

    month: str
    a_over_b: int
    b_over_a: int

    @property
    def net(self) -> int:
        """Claims of ``a`` over ``b`` minus claims of ``b`` over ``a``."""
        return self.a_over_b - self.b_over_a


def undirected_ties(G: nx.MultiDiGraph) -> nx.Graph:
    """The actor graph as a simple undirected graph, ``weight`` = claim edges per pair.

    Self-loops are dropped; every actor of ``G`` stays, with its attributes.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    >>> sorted(undirected_ties(G).edges(data="weight"))
    [('a', 'b', 2), ('b', 'c', 1)]
    """
    H: nx.Graph = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v in G.edges():
        if u == v:
            continue
        if H.has_edge(u, v):
            H[u][v]["weight"] += 1
        else:
            H.add_edge(u, v, weight=1)
    return H


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 6)


# Above EXACT_BETWEENNESS_UP_TO actors, betweenness is estimated from a seeded
# sample of BETWEENNESS_PIVOTS pivots (networkx's ``k``); Burt's constraint, which
# networkx computes in O(d^4) for an actor of degree d (a second at d = 60), is
# left out for actors with more than CONSTRAINT_MAX_DEGREE ties.
EXACT_BETWEENNESS_UP_TO = 1000
BETWEENNESS_PIVOTS = 250
CONSTRAINT_MAX_DEGREE = 50


def brokers(G: nx.MultiDiGraph, *, top: int | None = 10, seed: int = 42) -> list[Broker]:
    """Rank actors as brokers: brokerage claims first, then betweenness centrality.

    Parameters
    ----------
    G : an actor graph from :func:`powermap.graph.views.network.actor_graph`.
    top : how many to return (None: every actor with a brokerage claim or a tie).
    seed : the seed of the pivot sample when betweenness is estimated.

    Returns
    -------
    list of Broker
        Ordered by brokerage claims, betweenness (normalised, on the undirected
        actor graph :func:`undirected_ties`), then actor id. Burt's effective
        size and constraint (unweighted, on the same graph) are computed for
        the actors returned.

    Notes
    -----
    Betweenness is exact up to :data:`EXACT_BETWEENNESS_UP_TO` actors and
    estimated from :data:`BETWEENNESS_PIVOTS` seeded pivots above; constraint is
    None for an actor with more than :data:`CONSTRAINT_MAX_DEGREE` ties (too
    slow in networkx).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for party in ("iran", "united-states"):
    ...     _ = G.add_edge("qatar", party, relation="brokers", claim="c1")
    >>> _ = G.add_edge("iran", "israel", relation="pressures", claim="c2")
    >>> [(b.actor, b.brokerage_claims, b.betweenness) for b in brokers(G, top=2)]
    [('qatar', 1, 0.666667), ('iran', 0, 0.666667)]
    """
    H = undirected_ties(G)
    sample = None if len(H) <= EXACT_BETWEENNESS_UP_TO else BETWEENNESS_PIVOTS
    betweenness = nx.betweenness_centrality(H, k=sample, seed=seed)
    claims: dict[str, set[str]] = defaultdict(set)
    parties: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for u, v, data in G.edges(data=True):
        if data.get("relation") == "brokers":
            claim = str(data.get("claim", f"{u}->{v}"))
            claims[u].add(claim)
            parties[u][claim].add(v)
    candidates = [a for a in G.nodes if claims.get(a) or H.degree(a) > 0]
    candidates.sort(key=lambda a: (-len(claims.get(a, ())), -betweenness[a], str(a)))
    chosen = candidates[:top] if top is not None else candidates
    effective = nx.effective_size(H, nodes=chosen)
    light = [a for a in chosen if H.degree(a) <= CONSTRAINT_MAX_DEGREE]
    constraint = nx.constraint(H, nodes=light)
    return [
        Broker(
            actor=actor,
            label=str(G.nodes[actor].get("label", actor)),
            brokerage_claims=len(claims.get(actor, ())),
            between=tuple(
                sorted(
                    {pair for named in parties[actor].values() for pair in _pairs(sorted(named))}
                )
            ),
            betweenness=round(betweenness[actor], 6),
            effective_size=_finite(effective[actor]),
            constraint=_finite(constraint[actor]) if actor in constraint else None,
        )
        for actor in chosen
    ]


def _pairs(parties: list[str]) -> Iterable[tuple[str, str]]:
    """Every pair of the parties a claim stands between (one party alone: no pair)."""
    for i, a in enumerate(parties):
        for b in parties[i + 1 :]:
            yield (a, b)


def communities(
    G: nx.MultiDiGraph, *, seed: int = 42, resolution: float = 1.0, min_size: int = 1
) -> list[list[str]]:
    """Communities of actors by Louvain modularity on the undirected, claim-weighted graph.

    Parameters
    ----------
    G : an actor graph.
    seed : the random seed Louvain uses (fixed: the same graph, the same answer).
    resolution : above 1 favours smaller communities, below 1 larger ones.
    min_size : leave out communities smaller than this.

    Returns
    -------
    list of sorted lists of actor ids, largest first, ties by first id.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"),
    ...                      ("z", "x"), ("c", "x")])
    >>> communities(G)
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    H = undirected_ties(G)
    if H.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)
    groups = [sorted(group) for group in found if len(group) >= min_size]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


def _steps(G: nx.MultiDiGraph, L: nx.DiGraph, nodes: list[str]) -> tuple[PathStep, ...]:
    steps = []
    for u, v in zip(nodes, nodes[1:], strict=False):
        stronger, weaker = (v, u) if L.has_edge(v, u) else (u, v)  # even pairs keep path order
        data = L.get_edge_data(stronger, weaker) or {}
        edges = list(_edges_between(G, u, v))
        counted = edges  # the claims ``claims`` counts: with net leverage, those that point it
        if data:
            counted = [e for e in edges if e[2].get("leverage") in ("forward", "reverse")]
        claims = data.get("claims", len(edges))
        weight = float(data.get("weight", 0.0))
        inferred = sum(e[2].get("basis") == "inferred" for e in counted)
        steps.append(
            PathStep(
                stronger,
                weaker,
                weight,
                int(claims),
                _evidence(edges, stronger),
                inferred=inferred,
                basis="inferred" if counted and inferred == len(counted) else "stated",
            )
        )
    return tuple(steps)


def _evidence(edges: list[tuple[str, str, dict[str, Any]]], stronger: str) -> tuple[str, ...]:
    """Evidence of the claims between a pair: for ``stronger`` first, then stated before
    inferred, most confident first."""

    def favours(a: str, b: str, data: dict[str, Any]) -> bool:
        direction = data.get("leverage")
        return (direction == "forward" and a == stronger) or (
            direction == "reverse" and b == stronger
        )

    ranked = sorted(
        (e for e in edges if e[2].get("evidence")),
        key=lambda e: (
            not favours(*e),
            e[2].get("basis") == "inferred",
            -float(e[2].get("confidence", 0.0)),
            str(e[2]["evidence"]),
        ),
    )
    return tuple(dict.fromkeys(str(data["evidence"]) for _, _, data in ranked))


def _edges_between(G: nx.MultiDiGraph, u: str, v: str) -> Iterable[tuple[str, str, dict[str, Any]]]:
    for a, b in ((u, v), (v, u)):
        for data in (G.get_edge_data(a, b) or {}).values():
            yield a, b, data


def leverage_path(G: nx.MultiDiGraph, source: str, target: str) -> LeveragePath | None:
    """The shortest chain of net leverage between two actors.

    Looks for ``source`` over ... over ``target`` in the net leverage graph
    (:func:`powermap.graph.views.network.leverage_graph`), then the reverse, then any
    connection through claims of any kind.

    Parameters
    ----------
    G : an actor graph.
    source, target : actor ids.

    Returns
    -------
    LeveragePath, or None when the two are not connected (or one is not in ``G``).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("imf", "egypt", leverage="forward", confidence=0.8, evidence="IMF ...")
    >>> _ = G.add_edge("egypt", "households", leverage="forward", confidence=0.5, evidence="...")
    >>> leverage_path(G, "households", "imf").nodes
    ('imf', 'egypt', 'households')
    """
    if source not in G or target not in G:
        return None
    L = leverage_graph(G)
    for direction, (a, b) in (("forward", (source, target)), ("reverse", (target, source))):
        if nx.has_path(L, a, b):
            nodes = nx.shortest_path(L, a, b)
            return LeveragePath(source, target, direction, tuple(nodes), _steps(G, L, nodes))
    H = undirected_ties(G)
    if not nx.has_path(H, source, target):
        return None
    nodes = nx.shortest_path(H, source, target)
    return LeveragePath(source, target, "undirected", tuple(nodes), _steps(G, L, nodes))


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), both included.

    Examples
    --------
    >>> months_between("2025-11", "2026-02")
    ['2025-11', '2025-12', '2026-01', '2026-02']
    """
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def leverage_balance(G: nx.MultiDiGraph, a: str, b: str | None = None) -> list[MonthBalance]:
    """Month by month, the claims giving ``a`` leverage over ``b`` and ``b`` over ``a``.

    Each claim edge between the two counts once for the side its leverage
    direction favours (edges of direction ``none`` do not count); undated
    edges are left out. With ``b`` None, ``a`` is weighed against everyone:
    its gains over any actor against any actor's over it. Months with no
    claims between the first and the last are included with zeros, so the
    series can be charted as it is.

    Parameters
    ----------
    G : an actor graph.
    a, b : actor ids.

    Returns
    -------
    list of MonthBalance, in month order (``a_over_b``, ``b_over_a``, ``net``).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", leverage="forward", date="2026-01-05")
    >>> _ = G.add_edge("a", "b", leverage="reverse", date="2026-03-01")
    >>> [(m.month, m.a_over_b, m.b_over_a, m.net) for m in leverage_balance(G, "a", "b")]
    [('2026-01', 1, 0, 1), ('2026-02', 0, 0, 0), ('2026-03', 0, 1, -1)]
    """
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for u, v, data in G.edges(data=True):
        direction, when = data.get("leverage"), data.get("date")
        if direction not in ("forward", "reverse") or not when or u == v:
            continue
        stronger, weaker = (u, v) if direction == "forward" else (v, u)
        if stronger == a and (b is None or weaker == b):
            counts[str(when)[:7]][0] += 1
        elif weaker == a and (b is None or stronger == b):
            counts[str(when)[:7]][1] += 1
    if not counts:
        return []
    months = months_between(min(counts), max(counts))
    return [
        MonthBalance(m, counts[m][0], counts[m][1]) if m in counts else MonthBalance(m, 0, 0)
        for m in months
    ]
