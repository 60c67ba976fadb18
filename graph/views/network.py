"""NetworkX views of the store: the actor graph, net leverage, and the topic graph.

* :func:`actor_graph`: a ``MultiDiGraph`` of actors with one edge per claim and
  target (relation, polarity, mechanism, analysis, date, section, evidence,
  confidence);
* :func:`leverage_graph`: a weighted ``DiGraph`` of net leverage between actors;
* :func:`topic_graph`: actors, mechanisms, analyses, lenses and topics linked.

Every view takes a store or a :class:`~powermap.graph.views.snapshot.Snapshot`
and the same filters (lens, topic, mechanism, date range, stated claims only),
applied by :func:`narrow`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import networkx as nx

from powermap.graph.views.filters import Filters, date_bound
from powermap.graph.views.records import AnalysisInfo, ClaimRecord, Snapshot, subset
from powermap.graph.views.resolve import (
    mechanism_family_members,
    resolve_lens,
    resolve_mechanism,
    resolve_topic,
)
from powermap.ontology.lexicon import slug

if TYPE_CHECKING:
    from powermap.graph.store.backends import Store
    from powermap.graph.views.index import ViewIndex

__all__ = ["narrow", "actor_graph", "leverage_graph", "topic_graph", "edge_key"]


def narrow(source: Store | Snapshot | ViewIndex, filters: Filters | None = None) -> Snapshot:
    """The claims and analyses of ``source`` that pass the filters.

    Parameters
    ----------
    source : an open store (read through its views index when it has a current
        one), an open views index, or a snapshot already read from a store.
    filters : which analyses and claims to keep (:class:`Filters`; none: all).

    Raises
    ------
    ViewError : a lens, topic or mechanism the store does not have (close
        matches named), or a date that is not one.
    """
    snap = source if isinstance(source, Snapshot) else _whole(source)
    f = filters or Filters()
    start = date_bound(f.since, end=False, option="since")
    stop = date_bound(f.until, end=True, option="until")
    wanted_lens = resolve_lens(f.lens, snap) if f.lens else None
    wanted_topic = resolve_topic(f.topic, snap) if f.topic else None
    members = (
        mechanism_family_members(resolve_mechanism(f.mechanism, snap), snap)
        if f.mechanism
        else None
    )
    if not (wanted_lens or wanted_topic or members or start or stop or f.stated_only):
        return snap

    def keep_analysis(a: AnalysisInfo) -> bool:
        if wanted_lens and a.lens != wanted_lens:
            return False
        if wanted_topic and wanted_topic not in a.topics:
            return False
        if (start or stop) and not a.date:
            return False
        return not ((start and a.date and a.date < start) or (stop and a.date and a.date > stop))

    def keep_claim(c: ClaimRecord) -> bool:
        if f.stated_only and c.inferred:  # its analysis stays; the claim goes
            return False
        return members is None or c.mechanism in members

    return subset(snap, analyses=keep_analysis, claims=keep_claim)


def _whole(source: Store | ViewIndex) -> Snapshot:
    """Everything a store holds: from its views index when it has a current one."""
    from powermap.graph.views import indexed
    from powermap.graph.views.index import ViewIndex, open_index
    from powermap.graph.views.snapshot import read_snapshot

    if isinstance(source, ViewIndex):
        return indexed.read_snapshot(source)
    index = open_index(source)
    if index is None:
        return read_snapshot(source)
    with index:
        return indexed.read_snapshot(index)


def edge_key(claim: ClaimRecord, target: str) -> str:
    """The key of a claim's edge to one target: the claim id, plus the target for several."""
    return claim.id if len(claim.targets) == 1 else f"{claim.id}/{target}"


def actor_graph(
    source: Store | Snapshot | ViewIndex, filters: Filters | None = None
) -> nx.MultiDiGraph:
    """Actors and every claim between them, one edge per claim and target.

    An edge runs from the claim's holder to its counterpart, or to each party
    a brokerage claim stands between, keyed by :func:`edge_key`. Claims with no
    other actor ("Egyptian households bear the cost") count on their holder's
    node only.

    Parameters
    ----------
    source : an open store or a snapshot.
    filters : which analyses and claims to take (:class:`Filters`; none: all).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are actor ids with ``label``, ``kind``, ``wikidata``, ``aliases``,
        ``analyses`` and ``analysis_ids`` (the analyses that mention the actor), ``first_seen``
        (earliest date of a claim it takes part in) and ``gains``/``loses``/
        ``neutral`` (claims it holds by polarity). Edges carry ``claim``,
        ``relation``, ``polarity``, ``leverage`` (the relation kind's leverage
        direction: ``forward``, ``reverse`` or ``none``), ``mechanism``,
        ``mechanism_label``, ``analysis``, ``title``, ``date``, ``section``,
        ``evidence``, ``confidence``, ``basis`` ("stated" or "inferred") and
        ``between``.

    Examples
    --------
    >>> from powermap.graph.views.snapshot import ClaimRecord, Snapshot
    >>> claim = ClaimRecord("c1", "a1", "qatar", "brokers", "gains", "forward",
    ...                     "Qatar hosts the talks.", 0.8, between=("iran", "united-states"))
    >>> G = actor_graph(Snapshot(claims=(claim,)))
    >>> sorted(G.edges(keys=True))
    [('qatar', 'iran', 'c1/iran'), ('qatar', 'united-states', 'c1/united-states')]
    """
    snap = narrow(source, filters)
    G: nx.MultiDiGraph = nx.MultiDiGraph(name="powermap actor graph")
    held: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    first: dict[str, str] = {}
    for claim in snap.claims:
        held[claim.holder][claim.polarity] += 1
        when = snap.date(claim.analysis)
        for actor in (claim.holder, *claim.targets):
            if when and (actor not in first or when < first[actor]):
                first[actor] = when
    mentioned: dict[str, list[str]] = defaultdict(list)
    for analysis, actors in snap.mentions.items():
        for actor in actors:
            mentioned[actor].append(analysis)
    involved = sorted({a for c in snap.claims for a in (c.holder, *c.targets)})
    for actor_id in involved:
        info = snap.actor(actor_id)
        G.add_node(
            actor_id,
            label=info.label,
            kind=info.kind,
            wikidata=info.wikidata,
            aliases=info.aliases,
            analyses=len(mentioned.get(actor_id, ())),
            analysis_ids=tuple(sorted(mentioned.get(actor_id, ()))),
            first_seen=first.get(actor_id),
            gains=held[actor_id]["gains"],
            loses=held[actor_id]["loses"],
            neutral=held[actor_id]["neutral"],
        )
    for claim in snap.claims:
        analysis = snap.analyses.get(claim.analysis)
        mechanism_label = snap.mechanism(claim.mechanism).label if claim.mechanism else None
        for target in claim.targets:
            G.add_edge(
                claim.holder,
                target,
                key=edge_key(claim, target),
                claim=claim.id,
                relation=claim.relation,
                polarity=claim.polarity,
                leverage=claim.direction,
                mechanism=claim.mechanism,
                mechanism_label=mechanism_label,
                analysis=claim.analysis,
                title=analysis.title if analysis else None,
                date=analysis.date if analysis else None,
                section=claim.section,
                evidence=claim.evidence,
                confidence=claim.confidence,
                basis=claim.basis,
                between=claim.between,
            )
    G.graph.update(analyses=len(snap.analyses), claims=len(snap.claims))
    return G


def leverage_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Net leverage between actors: one edge per pair, from the stronger to the weaker.

    Each claim edge of the actor graph adds its confidence to the side its
    leverage direction favours (``forward``: holder over target; ``reverse``:
    target over holder; ``none`` adds nothing). Per pair, the side with more
    keeps an edge weighted by the difference; an even pair has no edge.

    Parameters
    ----------
    G : an actor graph from :func:`actor_graph`.

    Returns
    -------
    networkx.DiGraph
        Every actor of ``G`` (with its attributes); edges ``u -> v`` with
        ``weight`` (net leverage of u over v), ``gross`` (u over v),
        ``against`` (v over u), ``claims`` (claim edges in either direction)
        and ``analyses`` (sorted analysis ids).

    Examples
    --------
    >>> G: nx.MultiDiGraph = nx.MultiDiGraph()
    >>> G.add_edge("imf", "egypt", leverage="forward", confidence=0.75, analysis="a1")
    0
    >>> G.add_edge("egypt", "imf", leverage="reverse", confidence=0.5, analysis="a2")
    0
    >>> G.add_edge("egypt", "imf", leverage="forward", confidence=0.25, analysis="a2")
    1
    >>> L = leverage_graph(G)
    >>> list(L.edges(data="weight"))
    [('imf', 'egypt', 1.0)]
    """
    gross: dict[tuple[str, str], float] = defaultdict(float)
    claims: dict[frozenset[str], int] = defaultdict(int)
    analyses: dict[frozenset[str], set[str]] = defaultdict(set)
    for u, v, data in G.edges(data=True):
        direction = data.get("leverage")
        pair = frozenset((u, v))
        if direction not in ("forward", "reverse") or len(pair) < 2:
            continue
        stronger, weaker = (u, v) if direction == "forward" else (v, u)
        gross[(stronger, weaker)] += float(data.get("confidence", 1.0))
        claims[pair] += 1
        if data.get("analysis"):
            analyses[pair].add(str(data["analysis"]))
    L: nx.DiGraph = nx.DiGraph(name="powermap net leverage")
    L.add_nodes_from(G.nodes(data=True))
    for pair in sorted(claims, key=sorted):
        a, b = sorted(pair)
        net = round(gross[(a, b)] - gross[(b, a)], 6)
        if net == 0:
            continue
        u, v = (a, b) if net > 0 else (b, a)
        L.add_edge(
            u,
            v,
            weight=abs(net),
            gross=round(gross[(u, v)], 6),
            against=round(gross[(v, u)], 6),
            claims=claims[pair],
            analyses=tuple(sorted(analyses[pair])),
        )
    return L


def topic_graph(source: Store | Snapshot | ViewIndex, filters: Filters | None = None) -> nx.Graph:
    """Actors, mechanisms, analyses, lenses and topics, linked through the analyses.

    Node ids are prefixed by their type (``actor:iran``, ``mechanism:tariffs``,
    ``analysis:<id>``, ``lens:<slug>``, ``topic:<slug>``); each node has
    ``type`` and ``label``. Edges: analysis–actor and analysis–mechanism
    (``relation="mentions"``), analysis–lens (``"lens"``), analysis–topic
    (``"topic"``), and actor–mechanism (``"uses"``, ``weight`` = claims the
    actor holds through the mechanism).

    Parameters
    ----------
    source : an open store or a snapshot.
    filters : which analyses and claims to take (:class:`Filters`; none: all).

    Examples
    --------
    >>> from powermap.graph.views.snapshot import AnalysisInfo, Snapshot
    >>> snap = Snapshot(analyses={"a1": AnalysisInfo("a1", "T", lens="Global Power Plays")},
    ...                 mentions={"a1": frozenset({"iran"})})
    >>> sorted(topic_graph(snap).edges())
    [('analysis:a1', 'actor:iran'), ('analysis:a1', 'lens:global-power-plays')]
    """
    snap = narrow(source, filters)
    T: nx.Graph = nx.Graph(name="powermap topic graph")
    for analysis in snap.analyses.values():
        node = f"analysis:{analysis.id}"
        T.add_node(node, type="analysis", label=analysis.title or analysis.id, date=analysis.date)
        if analysis.lens:
            T.add_node(f"lens:{slug(analysis.lens)}", type="lens", label=analysis.lens)
            T.add_edge(node, f"lens:{slug(analysis.lens)}", relation="lens")
        for label in analysis.topics:
            T.add_node(f"topic:{slug(label)}", type="topic", label=label)
            T.add_edge(node, f"topic:{slug(label)}", relation="topic")
        for actor in sorted(snap.mentions.get(analysis.id, ())):
            T.add_node(f"actor:{actor}", type="actor", label=snap.label(actor))
            T.add_edge(node, f"actor:{actor}", relation="mentions")
        for mechanism in snap.mechanism_mentions.get(analysis.id, {}):
            T.add_node(
                f"mechanism:{mechanism}", type="mechanism", label=snap.mechanism(mechanism).label
            )
            T.add_edge(node, f"mechanism:{mechanism}", relation="mentions")
    for claim in snap.claims:
        if not claim.mechanism:
            continue
        actor, mechanism = f"actor:{claim.holder}", f"mechanism:{claim.mechanism}"
        T.add_node(actor, type="actor", label=snap.label(claim.holder))
        T.add_node(mechanism, type="mechanism", label=snap.mechanism(claim.mechanism).label)
        if T.has_edge(actor, mechanism):
            T[actor][mechanism]["weight"] += 1
        else:
            T.add_edge(actor, mechanism, relation="uses", weight=1)
    return T
