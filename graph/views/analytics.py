"""Graph analysis over the actor graph: brokers, communities, leverage paths, balance over time.

Each function takes a graph from :mod:`powermap.graph.views.network`, leaves it
alone, and returns plain data. :func:`brokers`, :func:`communities` and
:func:`leverage_path` also take a store, a views index or a snapshot (and
filters): without a filter, a store's current index gives them its aggregated
actor-actor ``edges`` in the per-claim graph's order (:func:`actor_ties`), so
they never read the claims one by one. The measures are NetworkX's: betweenness
centrality, Burt's effective size and constraint (structural holes), Louvain
communities and shortest paths.

References
----------
.. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*.
.. [2] Blondel, V. D. et al. (2008). Fast unfolding of communities in large networks.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from powermap.graph.views.months import MonthBalance, month_balance, months_between
from powermap.graph.views.network import actor_graph, leverage_graph, net_leverage

if TYPE_CHECKING:
    from powermap.graph.store.backends import Store
    from powermap.graph.views.filters import Filters
    from powermap.graph.views.index import ViewIndex
    from powermap.graph.views.records import Snapshot

__all__ = [
    "Broker",
    "PathStep",
    "LeveragePath",
    "MonthBalance",
    "undirected_ties",
    "ActorTies",
    "GraphTies",
    "IndexTies",
    "actor_ties",
    "EXACT_BETWEENNESS_UP_TO",
    "BETWEENNESS_PIVOTS",
    "CONSTRAINT_MAX_DEGREE",
    "brokers",
    "communities",
    "leverage_path",
    "leverage_balance",
    "month_balance",
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


Edge = tuple[str, str, dict[str, Any]]


class ActorTies:
    """What the whole-graph measures read of the actor graph, however it is kept.

    :class:`GraphTies` reads a per-claim actor graph
    (:func:`~powermap.graph.views.network.actor_graph`);
    :class:`IndexTies` reads the views index's
    aggregated ``edges`` table. Both give the same nodes, ties and leverage in
    the same order, so the measures give the same answers.
    """

    def nodes(self) -> list[str]:
        """Every actor a claim names, in the actor graph's order (sorted ids)."""
        raise NotImplementedError

    def __contains__(self, actor: object) -> bool:
        return actor in set(self.nodes())

    def ties(self) -> nx.Graph:
        """:func:`undirected_ties` of the actor graph."""
        raise NotImplementedError

    def leverage(self) -> nx.DiGraph:
        """:func:`~powermap.graph.views.network.leverage_graph` of the actor graph."""
        raise NotImplementedError

    def brokerage(self) -> dict[str, dict[str, set[str]]]:
        """Per actor, its brokerage claims (ids) and the parties each stands between."""
        raise NotImplementedError

    def labels(self, actors: Iterable[str]) -> dict[str, str]:
        """The labels of these actors (an actor with none: its id)."""
        raise NotImplementedError

    def edges_between(self, u: str, v: str) -> list[Edge]:
        """The claim edges ``u -> v`` then ``v -> u``, with ``leverage``, ``basis``,
        ``evidence`` and ``confidence``."""
        raise NotImplementedError


class GraphTies(ActorTies):
    """:class:`ActorTies` of a per-claim actor graph."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G

    def nodes(self) -> list[str]:
        return list(self.G.nodes)

    def __contains__(self, actor: object) -> bool:
        return actor in self.G

    def ties(self) -> nx.Graph:
        return undirected_ties(self.G)

    def leverage(self) -> nx.DiGraph:
        return leverage_graph(self.G)

    def brokerage(self) -> dict[str, dict[str, set[str]]]:
        parties: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for u, v, data in self.G.edges(data=True):
            if data.get("relation") == "brokers":
                parties[u][str(data.get("claim", f"{u}->{v}"))].add(v)
        return parties

    def labels(self, actors: Iterable[str]) -> dict[str, str]:
        return {a: str(self.G.nodes[a].get("label", a)) for a in actors}

    def edges_between(self, u: str, v: str) -> list[Edge]:
        return list(_edges_between(self.G, u, v))


@contextmanager
def actor_ties(
    source: nx.MultiDiGraph | ActorTies | Store | ViewIndex | Snapshot,
    filters: Filters | None = None,
) -> Iterator[ActorTies]:
    """The actor graph of ``source`` as the whole-graph measures read it.

    A store with a current views index, or an open index: the index
    (:class:`IndexTies`), never the claims one by one: its aggregated ``edges``
    table with no filter, the claim rows that pass the filters counted per pair
    in SQL with them. A snapshot, a SPARQL server or a graph already built: the
    per-claim actor graph.
    """
    from powermap.graph.views.index import ViewIndex, open_index
    from powermap.graph.views.records import Snapshot

    if isinstance(source, ActorTies):
        yield source
        return
    if isinstance(source, nx.MultiDiGraph):
        if filters is not None and filters.active:
            raise ValueError("filters apply to a store, an index or a snapshot, not a graph")
        yield GraphTies(source)
        return
    if isinstance(source, Snapshot):
        yield GraphTies(actor_graph(source, filters))
        return
    if isinstance(source, ViewIndex):
        yield IndexTies(source, filters)
        return
    index = open_index(source)
    if index is None:
        yield GraphTies(actor_graph(source, filters))
        return
    with index:
        yield IndexTies(index, filters)


class IndexTies(ActorTies):
    """The actor graph of a views index, read from its aggregated ``edges`` (one row per
    holder, target and relation), never claim by claim.

    The per-claim graph (:func:`~powermap.graph.views.network.actor_graph`) adds its
    actors in id order and each holder's edges in the order of the claims (analysis
    date, analysis, claim id; a claim's parties in id order); each edge row keeps the
    sort key of its earliest claim (``first``), so :meth:`ties` adds the ties in the
    same order and Louvain and the betweenness pivots see the same graph. With
    ``filters``, the same rows are counted in SQL from the claims that pass
    (:data:`~powermap.graph.views.index.EDGE_ROWS` with the filters' WHERE), as the
    sync counts the table. Only the claims between the actors of a path
    (:meth:`edges_between`) and the brokerage claims are read one by one.
    """

    def __init__(self, index: ViewIndex, filters: Filters | None = None) -> None:
        from powermap.graph.views.index import EDGE_ROWS
        from powermap.graph.views.indexed import claim_filter

        self.index = index
        self._where, self._params = claim_filter(index, filters)
        self.filtered = bool(self._where)  # the ties are counted from the claims that pass
        self._edges = "edges"
        if self._where:
            self._edges = f"({EDGE_ROWS.format(where=self._where)}) e"
        self._nodes: list[str] | None = None
        self._node_set: set[str] = set()

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows of ``sql`` over the edges (``{edges}``) or claims (``{where}`` on ``c``)
        that pass the filters."""
        text = sql.format(edges=self._edges, where=self._where)
        return self.index.rows(text, [*self._params, *params])

    def nodes(self) -> list[str]:
        if self._nodes is None:
            found = self._rows(
                "SELECT DISTINCT a.actor FROM claim_actors a JOIN claims c "
                "ON a.claim = c.iri AND a.graph = c.graph WHERE 1{where}"
                if self._where
                else "SELECT DISTINCT actor FROM claim_actors"
            )
            self._nodes = sorted(r[0] for r in found)
            self._node_set = set(self._nodes)
        return self._nodes

    def __contains__(self, actor: object) -> bool:
        self.nodes()
        return actor in self._node_set

    def ties(self) -> nx.Graph:
        targets: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for holder, target, weight in self._rows(
            "SELECT holder, target, SUM(weight) FROM {edges} GROUP BY holder, target "
            "ORDER BY holder, MIN(first), target"
        ):
            targets[holder].append((target, weight))
        H: nx.Graph = nx.Graph()
        H.add_nodes_from(self.nodes())
        for u in self.nodes():  # as undirected_ties walks the per-claim graph's edges
            for v, weight in targets.get(u, ()):
                if H.has_edge(u, v):
                    H[u][v]["weight"] += weight
                else:
                    H.add_edge(u, v, weight=weight)
        return H

    def leverage(self) -> nx.DiGraph:
        gross: dict[tuple[str, str], float] = defaultdict(float)
        claims: dict[frozenset[str], int] = defaultdict(int)
        for holder, target, direction, weight, confidence in self._rows(
            "SELECT holder, target, direction, SUM(weight), SUM(confidence) FROM {edges} "
            "WHERE direction IN ('forward', 'reverse') GROUP BY holder, target, direction "
            "ORDER BY holder, target, direction"
        ):
            stronger, weaker = (holder, target) if direction == "forward" else (target, holder)
            gross[(stronger, weaker)] += confidence
            claims[frozenset((holder, target))] += weight
        # the analyses of each pair (an attribute no path step reads) are left out
        return net_leverage(self.nodes(), gross, claims, {})

    def brokerage(self) -> dict[str, dict[str, set[str]]]:
        parties: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for holder, claim, party in self._rows(
            "SELECT c.holder, c.id, a.actor FROM claims c JOIN claim_actors a "
            "ON a.claim = c.iri AND a.graph = c.graph "
            "WHERE c.relation = 'brokers' AND a.actor != c.holder{where}"
        ):
            parties[holder][claim].add(party)
        return parties

    def labels(self, actors: Iterable[str]) -> dict[str, str]:
        wanted = list(actors)
        known = self.index.actors(wanted)
        return {a: known[a].label if a in known else a for a in wanted}

    def edges_between(self, u: str, v: str) -> list[Edge]:
        found: list[Edge] = []
        for a, b in ((u, v), (v, u)):
            for direction, basis, evidence, confidence in self._rows(
                "SELECT c.direction, c.basis, c.evidence, c.confidence FROM claims c "
                "JOIN claim_actors x ON x.claim = c.iri AND x.graph = c.graph "
                "WHERE 1{where} AND c.holder = ? AND x.actor = ?",
                (a, b),
            ):
                data = {
                    "leverage": direction,
                    "basis": basis,
                    "evidence": evidence,
                    "confidence": confidence,
                }
                found.append((a, b, data))
        return found


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 6)


# Above EXACT_BETWEENNESS_UP_TO actors, betweenness is estimated from a seeded
# sample of BETWEENNESS_PIVOTS pivots (networkx's ``k``); Burt's constraint, which
# networkx computes in O(d^4) for an actor of degree d (a second at d = 60), is
# left out for actors with more than CONSTRAINT_MAX_DEGREE ties.
EXACT_BETWEENNESS_UP_TO = 1000
BETWEENNESS_PIVOTS = 250
CONSTRAINT_MAX_DEGREE = 50


def brokers(
    G: nx.MultiDiGraph | ActorTies | Store | ViewIndex | Snapshot,
    *,
    top: int | None = 10,
    seed: int = 42,
    filters: Filters | None = None,
) -> list[Broker]:
    """Rank actors as brokers: brokerage claims first, then betweenness centrality.

    Parameters
    ----------
    G : an actor graph from :func:`powermap.graph.views.network.actor_graph`, or a
        store, views index or snapshot (read by :func:`actor_ties`: a store's
        aggregated edges when it has a current index and no filter is set).
    top : how many to return (None: every actor with a brokerage claim or a tie).
    seed : the seed of the pivot sample when betweenness is estimated.
    filters : which analyses and claims to take, for a store, index or snapshot.

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
    with actor_ties(G, filters) as T:
        if not isinstance(T, IndexTies) or T.filtered:
            return _brokers(T, top, seed)
        key = f"brokers top={top} seed={seed}"
        kept = T.index.remembered(key)
        if kept is not None:
            return [_broker(row) for row in json.loads(kept)]
        generation = T.index.generation()
        found = _brokers(T, top, seed)
        T.index.remember(key, json.dumps([dataclasses.asdict(b) for b in found]), generation)
        return found


def _broker(row: dict[str, Any]) -> Broker:
    """A :class:`Broker` back from its JSON (pairs are lists there)."""
    return Broker(**(row | {"between": tuple(tuple(pair) for pair in row["between"])}))


def _brokers(T: ActorTies, top: int | None, seed: int) -> list[Broker]:
    H = T.ties()
    sample = None if len(H) <= EXACT_BETWEENNESS_UP_TO else BETWEENNESS_PIVOTS
    betweenness = nx.betweenness_centrality(H, k=sample, seed=seed)
    parties = T.brokerage()
    candidates = [a for a in T.nodes() if parties.get(a) or H.degree(a) > 0]
    candidates.sort(key=lambda a: (-len(parties.get(a, ())), -betweenness[a], str(a)))
    chosen = candidates[:top] if top is not None else candidates
    effective = _effective_size(H, chosen)
    light = [a for a in chosen if H.degree(a) <= CONSTRAINT_MAX_DEGREE]
    constraint = nx.constraint(H, nodes=light)
    labels = T.labels(chosen)
    return [
        Broker(
            actor=actor,
            label=labels[actor],
            brokerage_claims=len(parties.get(actor, ())),
            between=tuple(
                sorted(
                    {
                        pair
                        for named in parties.get(actor, {}).values()
                        for pair in _pairs(sorted(named))
                    }
                )
            ),
            betweenness=round(betweenness[actor], 6),
            effective_size=_finite(effective[actor]),
            constraint=_finite(constraint[actor]) if actor in constraint else None,
        )
        for actor in chosen
    ]


def _effective_size(H: nx.Graph, nodes: list[str]) -> dict[str, float]:
    """Burt's effective size (:func:`networkx.effective_size`) of each of ``nodes``, taken
    on its ego network: the actor, its neighbours and the ties among them, all the measure
    reads. On the whole graph networkx copies every actor and tie once per node asked
    (``ego_graph`` calls ``to_undirected``): 3 s for ten actors at 10,000 analyses."""
    return {v: nx.effective_size(H.subgraph([v, *H[v]]), nodes=[v])[v] for v in nodes}


def _pairs(parties: list[str]) -> Iterable[tuple[str, str]]:
    """Every pair of the parties a claim stands between (one party alone: no pair)."""
    for i, a in enumerate(parties):
        for b in parties[i + 1 :]:
            yield (a, b)


def communities(
    G: nx.MultiDiGraph | ActorTies | Store | ViewIndex | Snapshot,
    *,
    seed: int = 42,
    resolution: float = 1.0,
    min_size: int = 1,
    filters: Filters | None = None,
) -> list[list[str]]:
    """Communities of actors by Louvain modularity on the undirected, claim-weighted graph.

    Parameters
    ----------
    G : an actor graph, or a store, views index or snapshot (as :func:`brokers`).
    seed : the random seed Louvain uses (fixed: the same graph, the same answer).
    resolution : above 1 favours smaller communities, below 1 larger ones.
    min_size : leave out communities smaller than this.
    filters : which analyses and claims to take, for a store, index or snapshot.

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
    with actor_ties(G, filters) as T:
        H = T.ties()
    if H.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)
    groups = [sorted(group) for group in found if len(group) >= min_size]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


def _steps(T: ActorTies, L: nx.DiGraph, nodes: list[str]) -> tuple[PathStep, ...]:
    steps = []
    for u, v in zip(nodes, nodes[1:], strict=False):
        stronger, weaker = (v, u) if L.has_edge(v, u) else (u, v)  # even pairs keep path order
        data = L.get_edge_data(stronger, weaker) or {}
        edges = T.edges_between(u, v)
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


def leverage_path(
    G: nx.MultiDiGraph | ActorTies | Store | ViewIndex | Snapshot,
    source: str,
    target: str,
    *,
    filters: Filters | None = None,
) -> LeveragePath | None:
    """The shortest chain of net leverage between two actors.

    Looks for ``source`` over ... over ``target`` in the net leverage graph
    (:func:`powermap.graph.views.network.leverage_graph`), then the reverse, then any
    connection through claims of any kind.

    Parameters
    ----------
    G : an actor graph, or a store, views index or snapshot (as :func:`brokers`).
    source, target : actor ids.
    filters : which analyses and claims to take, for a store, index or snapshot.

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
    with actor_ties(G, filters) as T:
        if source not in T or target not in T:
            return None
        L = T.leverage()
        for direction, (a, b) in (("forward", (source, target)), ("reverse", (target, source))):
            if nx.has_path(L, a, b):
                nodes = nx.shortest_path(L, a, b)
                return LeveragePath(source, target, direction, tuple(nodes), _steps(T, L, nodes))
        H = T.ties()
        if not nx.has_path(H, source, target):
            return None
        nodes = nx.shortest_path(H, source, target)
        return LeveragePath(source, target, "undirected", tuple(nodes), _steps(T, L, nodes))


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
    pairs = (
        ((u, v) if data.get("leverage") == "forward" else (v, u), data.get("date"))
        for u, v, data in G.edges(data=True)
        if data.get("leverage") in ("forward", "reverse") and u != v
    )
    return month_balance(((s, w, when) for (s, w), when in pairs), a, b)
