"""The interactive topic map as vis-network data and as a self-contained page.

:func:`map_data` turns a map graph (:mod:`powermap.graph.site.mapgraph`) into
vis-network nodes and edges through pyvis, with opaque node ids, plus what
the page's filters, legend and tour need; :func:`topic_map` renders a
self-contained page (vis-network and the page's script inlined, so it works
offline and from ``file://``).

Everything from documents reaches the page as data only: the nodes, edges
and filter choices sit in a ``<script type="application/json">`` block
escaped by :func:`~powermap.graph.site.templating.script_json`, the templates are
autoescaped, the page's script writes text with ``textContent``, and
vis-network shows string tooltips as text. A Content-Security-Policy allows
only the page's own scripts.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
from markupsafe import Markup

from powermap.graph.errors import ViewError
from powermap.graph.site.layout import aggregate, layout
from powermap.graph.site.mapgraph import NODE_TYPES, map_graph
from powermap.graph.site.templating import (
    WEB,
    content_security_policy,
    environment,
    page_assets,
    relation_label,
    safe_href,
    script_json,
    style,
)
from powermap.graph.store.backends import Store
from powermap.graph.views.filters import Filters
from powermap.graph.views.snapshot import Snapshot

__all__ = [
    "AnalysisHref",
    "MapPage",
    "fits_shared",
    "edge_order",
    "link_items",
    "map_data",
    "map_items",
    "map_view",
    "shared_map",
    "map_page",
    "map_title",
    "render_map",
    "topic_map",
]

AnalysisHref = Callable[[str], str | None]
ActorHref = Callable[[str], str | None]


def _when(date: str | None) -> str:
    return date or "undated"


def _node_title(data: Mapping[str, Any], href: str | None) -> str:
    """A node's tooltip, plain text (vis-network shows string titles as text)."""
    kind = data["type"]
    if data.get("others"):
        return "\n".join(
            [
                data["label"],
                f"{data['others']} actors of kind {data['kind']} with at most "
                f"{data['most_claims']} claims each, drawn as one node to keep the map readable",
            ]
        )
    if kind == "actor":
        lines = [data["label"], f"{data['kind']} · in {data['analyses']} analyses"]
        if data["gains"]:
            lines.append(f"gains leverage in {data['gains']} claims (score {data['score']:.2f})")
        if data["aliases"]:
            lines.append("also: " + ", ".join(data["aliases"][:6]))
    elif kind == "analysis":
        lines = [data["label"], " · ".join(x for x in (_when(data["date"]), data["lens"]) if x)]
        if href:
            lines.append("Click to open")
    elif kind == "mechanism":
        lines = [f"Mechanism: {data['label']}"]
        if data["family_label"]:
            lines.append(f"family: {data['family_label']}")
        lines.append(f"in {data['analyses']} analyses")
    else:
        lines = [f"Topic: {data['label']}", f"{data['analyses']} analyses"]
    return "\n".join(lines)


def _edge_title(G: nx.MultiDiGraph, u: str, v: str, data: Mapping[str, Any]) -> str:
    """A claim's tooltip: who does what to whom, the evidence, the analysis and its date."""
    head = f"{G.nodes[u]['label']} {relation_label(data['relation'])}"
    if G.nodes[v]["type"] == "actor":
        head += f" {G.nodes[v]['label']}"
    if data["between"]:
        head += f" (between {' and '.join(data['between'])})"
    lines = [
        head,
        f"“{data['evidence']}”",
        f"{data['title'] or data['analysis']} — {_when(data['date'])}",
    ]
    extra = []
    if data["mechanism_label"]:
        extra.append(f"through {data['mechanism_label']}")
    if data["section"]:
        extra.append(f"section: {data['section']}")
    extra.append(f"confidence {data['confidence']:.2f}")
    if data.get("basis") == "inferred":
        extra.append("inferred: a party is drawn from the discourse, not named in the sentence")
    lines.append(" · ".join(extra))
    return "\n".join(lines)


def _font_size(size: float) -> int:
    """Bigger gainers get bigger labels, readable when the whole map is in view."""
    look = style()
    low, high = look["actor_size"]["min"], look["actor_size"]["max"]
    font = look["actor_font"]
    share = (size - low) / (high - low) if high > low else 0.0
    return round(font["min"] + (font["max"] - font["min"]) * share)


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _default_href(G: nx.MultiDiGraph) -> AnalysisHref:
    """Link an analysis to its own web address, when the store has one."""

    def href(analysis: str) -> str | None:
        url = G.nodes.get(f"analysis:{analysis}", {}).get("url")
        return url if url and WEB.match(url) else None

    return href


def map_data(
    G: nx.MultiDiGraph,
    *,
    analysis_href: AnalysisHref | None = None,
    actor_href: ActorHref | None = None,
    tour: Iterable[tuple[str, Iterable[str]]] = (),
    overview: bool | None = None,
    scale: bool = True,
) -> dict[str, Any]:
    """The vis-network data of a map graph: nodes, edges, filters and legend, JSON-ready.

    Above the style's ``actor_budget`` the actors with the fewest claims are
    merged into one node per kind (:func:`~powermap.graph.site.layout.aggregate`);
    every node gets its position (:func:`~powermap.graph.site.layout.layout`),
    so the browser draws the map at once with physics off.

    Parameters
    ----------
    G : a graph from :func:`map_graph`.
    analysis_href : the link of an analysis page by analysis id (None: no link);
        by default an analysis links to its web address when it has one.
    actor_href : the link of an actor page by actor id, for the table view.
    tour : (step label, node keys) for a guided tour: each step highlights its nodes.
    overview : open on the leverage network between actors, analyses,
        mechanisms and topics hidden until asked for (default: when the map
        has more than the style's ``overview_above`` nodes).
    scale : merge the tail of actors, bundle claims and lay the map out (False:
        every node and edge as it is, without positions, as the site's shared
        catalogue needs them).

    Returns
    -------
    dict with ``nodes`` and ``edges`` (vis-network items built with pyvis; ids
    are opaque, ``n0``..., ``e0``..., the graph's node key is in ``key``,
    positions in ``x`` and ``y``), ``analyses`` (by opaque ref ``a0``...: lens,
    month and mechanisms of each analysis an item comes from, for the page's
    filters), ``families`` (mechanism -> family), ``filters`` (lenses,
    mechanisms, families and months to choose from), ``legend``, ``tour``,
    ``centre``, ``hidden`` (node types hidden at first), ``relax`` (whether the
    page offers to relax the layout with physics) and ``table`` (a row per
    actor, for the table view) and ``refs`` (analysis id by ref); these two
    are not sent to the script.
    """
    data = map_items(
        G,
        analysis_href=analysis_href,
        actor_href=actor_href,
        tour=tour,
        overview=overview,
        scale=scale,
    )
    data["edges"] = list(data["edges"])
    return data


def map_items(
    G: nx.MultiDiGraph,
    *,
    analysis_href: AnalysisHref | None = None,
    actor_href: ActorHref | None = None,
    tour: Iterable[tuple[str, Iterable[str]]] = (),
    overview: bool | None = None,
    scale: bool = True,
) -> dict[str, Any]:
    """:func:`map_data` with its ``edges`` as an iterator, made one at a time as they are
    read, so that a big map's edges need not all be held at once (the site writes them
    to its data file as they come)."""
    from pyvis.network import Network

    look = style()
    if scale:
        G = aggregate(G, look["actor_budget"])
    positions = layout(G) if scale else {}
    if overview is None:
        overview = G.number_of_nodes() > look["overview_above"]
    href_of = analysis_href if analysis_href is not None else _default_href(G)
    net = Network(directed=True, cdn_resources="in_line")
    order = sorted(G.nodes)  # ids and items in one order, however the graph was copied
    ids = {node: f"n{i}" for i, node in enumerate(order)}
    analyses = _analysis_facts(G)
    refs = {analysis: f"a{i}" for i, analysis in enumerate(analyses)}
    for node in order:
        data = G.nodes[node]
        kind = data["type"]
        shape = look["node_types"][kind]
        extra: dict[str, Any] = {}
        if kind == "actor":
            color = look["actor_kinds"].get(data["kind"], look["other_kind"])
            extra.update(size=data["size"], kind=data["kind"], score=data["score"])
            extra["font"] = {"size": _font_size(data["size"])}
            search = " ".join((data["label"], *data["aliases"]))
        else:
            color = shape["color"]
            extra.update(size=shape["size"], font={"size": shape["font"]})
            search = data["label"]
        href = None
        if kind == "analysis":
            analysis_id = node.split(":", 1)[1]
            extra["analysis"] = refs[analysis_id]
            href = safe_href(href_of(analysis_id))
            if href:
                extra["href"] = href
        if node in positions:
            extra["x"], extra["y"] = positions[node]
        net.add_node(
            ids[node],
            label=_short(data["label"]) if kind == "analysis" else data["label"],
            shape=shape["shape"],
            color=color,
            title=_node_title(data, href),
            key=node,
            type=kind,
            search=search.lower(),
            **extra,
        )
    bundled = scale and _bundled(G)
    nodes = net.get_network_data()[0]
    return {
        "nodes": nodes,
        "edges": _edge_items(G, ids, refs, bundled),
        "analyses": {refs[a]: facts for a, facts in analyses.items()},
        **_view(G, ids, tour),
        "bundled": bundled,
        "hidden": [t for t in NODE_TYPES if t != "actor"] if overview else [],
        "table": _table(G, ids, actor_href),
        "refs": {ref: analysis for analysis, ref in refs.items()},
    }


def _edge(ids: Mapping[str, str], u: str, v: str, **options: Any) -> dict[str, Any]:
    """A vis-network edge item from ``u`` to ``v``, made by pyvis's ``Edge``
    (``Network.add_edge`` would scan every node per edge)."""
    from pyvis.edge import Edge

    item: dict[str, Any] = Edge(ids[u], ids[v], directed=True, **options).options
    return item


def edge_order(G: nx.MultiDiGraph) -> list[tuple[str, str, Any]]:
    """The edges of a map graph in the order :func:`map_data` numbers its links
    (``e0``, ``e1``...): by their ends, then key."""
    return sorted(G.edges(keys=True), key=lambda e: (e[0], e[1], str(e[2])))


def link_items(
    G: nx.MultiDiGraph,
    ids: Mapping[str, str],
    refs: Mapping[str, str],
    numbered: Iterable[tuple[int, tuple[str, str, Any]]],
) -> Iterator[dict[str, Any]]:
    """The vis-network items of some of a map graph's edges, unbundled, as
    :func:`map_data` makes them with ``scale=False``: ``numbered`` gives each edge
    (``(u, v, key)``) with its number in :func:`edge_order`; ``ids`` and ``refs`` are the
    node ids and analysis refs of the whole map (``refs``: analysis id -> ref)."""
    look = style()
    for i, (u, v, key) in numbered:
        yield _link_item(G, ids, refs, look, i, u, v, G.succ[u][v][key])


def _link_item(
    G: nx.MultiDiGraph,
    ids: Mapping[str, str],
    refs: Mapping[str, str],
    look: Mapping[str, Any],
    i: int,
    u: str,
    v: str,
    data: Mapping[str, Any],
) -> dict[str, Any]:
    """One link of a map as it is drawn on its own: a claim, or what an analysis names."""
    common = {"id": f"e{i}", "kind": data["kind"], "analysis": refs[data["analysis"]]}
    if data["kind"] == "claim":
        colour = look["polarity"].get(data["polarity"], look["polarity"]["neutral"])["color"]
        inferred = data.get("basis") == "inferred"
        return _edge(
            ids,
            u,
            v,
            label=relation_label(data["relation"]),
            title=_edge_title(G, u, v, data),
            color=colour,
            relation=data["relation"],
            polarity=data["polarity"],
            mechanism=data["mechanism"],
            basis=data.get("basis", "stated"),
            dashes=look["inferred"]["dashes"] if inferred else False,
            width=1 + 2 * float(data["confidence"]),
            **common,
        )
    return _edge(
        ids,
        u,
        v,
        color=look["link_kinds"][data["kind"]]["color"],
        arrows={"to": {"enabled": False}},
        dashes=data["kind"] != "mentions",
        width=1,
        mechanism=data["mechanism"],
        **common,
    )


def _edge_items(
    G: nx.MultiDiGraph, ids: Mapping[str, str], refs: Mapping[str, str], bundled: bool
) -> Iterator[dict[str, Any]]:
    """The vis-network edges of :func:`map_items`, one at a time: each link in the order of
    its ends and key, then (when ``bundled``) the bundles of claims between actors."""
    look = style()
    bundles: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}
    for i, (u, v, key) in enumerate(edge_order(G)):
        data = G.succ[u][v][key]
        if data["kind"] == "claim" and bundled and G.nodes[v]["type"] == "actor":
            basis = data.get("basis", "stated")
            bundles.setdefault((u, v, data["polarity"], basis), []).append(data)
        else:
            yield _link_item(G, ids, refs, look, i, u, v, data)
    ranked = sorted(bundles.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for i, ((u, v, polarity, basis), claims) in enumerate(ranked):
        colour = look["polarity"].get(polarity, look["polarity"]["neutral"])["color"]
        yield _edge(
            ids,
            u,
            v,
            id=f"b{i}",
            kind="bundle",
            title=_bundle_title(G, u, v, claims),
            color=colour,
            polarity=polarity,
            basis=basis,
            claims=[[refs[c["analysis"]], c["mechanism"] or ""] for c in claims],
            top=i < look["link_budget"],
            dashes=look["inferred"]["dashes"] if basis == "inferred" else False,
            width=round(1 + min(6.0, math.log2(len(claims))), 2),
        )


def shared_map(
    H: nx.MultiDiGraph,
    ids: Mapping[str, str],
    parts: Iterable[str],
    *,
    actor_href: ActorHref | None = None,
    tour: Iterable[tuple[str, Iterable[str]]] = (),
) -> dict[str, Any]:
    """A map the page assembles from shared data files, as :func:`map_data` describes it.

    Instead of nodes and edges, it names the ``parts`` (data files registered
    in ``window.powermapData``) whose edges it draws, the ``nodes`` it keeps
    (by their ids in the site's node catalogue ``ids``: graph key -> id) and
    their ``positions``; the filters, legend and table are those of ``H``.
    When ``H`` has too many claims between actors (``bundled``), the page
    bundles them as :func:`map_data` does.
    """
    look = style()
    keep = [ids[node] for node in sorted(H.nodes)]
    return {
        "parts": list(parts),
        "nodes": keep,
        "positions": {ids[node]: list(xy) for node, xy in layout(H).items()},
        **_view(H, ids, tour),
        "bundled": _bundled(H),
        "linkBudget": look["link_budget"],
        "hidden": [t for t in NODE_TYPES if t != "actor"]
        if H.number_of_nodes() > look["overview_above"]
        else [],
        "table": _table(H, ids, actor_href),
        "links": any(t == "analysis" for _, t in H.nodes(data="type")),
    }


def _view(
    G: nx.MultiDiGraph, ids: Mapping[str, str], tour: Iterable[tuple[str, Iterable[str]]]
) -> dict[str, Any]:
    """What a map page shows besides its nodes and links, the same for a map drawn
    from its own data and one assembled from shared files: families, filters,
    legend, tour (by node ids in ``ids``), centre and the size switches."""
    look = style()
    return {
        "families": _families(G),
        "filters": _filters(G),
        "legend": _legend(G),
        "tour": [
            {"label": label, "nodes": [ids[k] for k in keys if k in G]} for label, keys in tour
        ],
        "centre": ids.get(G.graph.get("centre", "")),
        "large": G.number_of_nodes() > look["large_graph"],
        "relax": G.number_of_nodes() <= look["relax_up_to"],
    }


def fits_shared(H: nx.MultiDiGraph) -> bool:
    """Whether a map can be drawn from the shared files: its actors within the budget
    (merging the tail of actors is done here, not in the page)."""
    actors = sum(1 for _, t in H.nodes(data="type") if t == "actor")
    return actors <= style()["actor_budget"]


def _bundled(G: nx.MultiDiGraph) -> bool:
    """Whether the claims between actors are too many to draw one by one."""
    between = 0
    for _, v, data in G.edges(data=True):
        between += data["kind"] == "claim" and G.nodes[v]["type"] == "actor"
    return between > style()["claim_links_up_to"]


def _bundle_title(G: nx.MultiDiGraph, u: str, v: str, claims: list[dict[str, Any]]) -> str:
    """The tooltip of the claims from one actor to another: how many, and the first few."""
    analyses = {c["analysis"] for c in claims}
    lines = [
        f"{G.nodes[u]['label']} → {G.nodes[v]['label']}: {len(claims)} claims "
        f"in {len(analyses)} analyses"
    ]
    for c in sorted(claims, key=lambda c: (-float(c["confidence"]), c["claim"]))[:3]:
        lines.append(
            f"{relation_label(c['relation'])}: “{c['evidence']}” "
            f"({c['title'] or c['analysis']}, {_when(c['date'])})"
        )
    return "\n".join(lines)


def _table(
    G: nx.MultiDiGraph, ids: Mapping[str, str], actor_href: ActorHref | None
) -> list[dict[str, Any]]:
    """A row per actor: kind, claims, whom it gains over and loses to, analyses, its page."""
    gains: dict[str, Counter[str]] = {}
    loses: dict[str, Counter[str]] = {}
    claims: Counter[str] = Counter()
    for u, v, data in G.edges(data=True):
        if data["kind"] != "claim":
            continue
        claims[u] += 1
        if G.nodes[v]["type"] == "actor":
            claims[v] += 1
            if data["polarity"] == "gains":
                gains.setdefault(u, Counter())[G.nodes[v]["label"]] += 1
                loses.setdefault(v, Counter())[G.nodes[u]["label"]] += 1
            elif data["polarity"] == "loses":
                loses.setdefault(u, Counter())[G.nodes[v]["label"]] += 1
                gains.setdefault(v, Counter())[G.nodes[u]["label"]] += 1

    def top(counts: Counter[str] | None) -> list[str]:
        return [name for name, _ in sorted((counts or Counter()).items(), key=_most)[:3]]

    rows = []
    for node, data in G.nodes(data=True):
        if data["type"] != "actor":
            continue
        actor = node.split(":", 1)[1]
        href = None if data.get("others") else safe_href(actor_href(actor) if actor_href else None)
        rows.append(
            {
                "id": ids[node],
                "label": data["label"],
                "kind": data["kind"],
                "claims": claims[node],
                "gains_over": top(gains.get(node)),
                "loses_to": top(loses.get(node)),
                "analyses": data["analyses"],
                "href": href,
            }
        )
    return sorted(rows, key=lambda r: (-r["claims"], r["label"].lower()))


def _most(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0].lower())


def _families(G: nx.MultiDiGraph) -> dict[str, str]:
    """The taxonomy family of each mechanism on the map (as a node or on a claim)."""
    known: dict[str, str] = G.graph.get("families", {})
    on_map = {n.split(":", 1)[1] for n, t in G.nodes(data="type") if t == "mechanism"}
    on_map |= {str(d["mechanism"]) for *_, d in G.edges(data=True) if d.get("mechanism")}
    return {m: known[m] for m in sorted(on_map) if m in known}


def _facts(lens: str | None, date: str | None) -> dict[str, Any]:
    return {"lens": lens, "month": (date or "")[:7] or None, "mechanisms": set()}


def _analysis_facts(G: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Per analysis on the map (as a node or through an edge): lens, month, mechanisms.

    The page's filters read these; an analysis cut from a neighbourhood map
    still filters the claims it stated.
    """
    known: dict[str, dict[str, Any]] = G.graph.get("analyses", {})
    facts: dict[str, dict[str, Any]] = {}
    for *_, data in G.edges(data=True):
        analysis = data["analysis"]
        info = known.get(analysis, {})
        entry = facts.setdefault(
            analysis,
            {
                "lens": info.get("lens"),
                "month": (info.get("date") or "")[:7] or None,
                "mechanisms": set(),
            },
        )
        if data["mechanism"] and data["kind"] in ("claim", "operates"):
            entry["mechanisms"].add(data["mechanism"])
    for node, data in G.nodes(data=True):
        if data["type"] == "analysis":
            entry = facts.setdefault(
                node.split(":", 1)[1],
                {
                    "lens": data["lens"],
                    "month": (data["date"] or "")[:7] or None,
                    "mechanisms": set(),
                },
            )
    for entry in facts.values():
        entry["mechanisms"] = sorted(entry["mechanisms"])
    return dict(sorted(facts.items()))


def _filters(G: nx.MultiDiGraph) -> dict[str, Any]:
    """What the page's lens, mechanism and time filters offer."""
    analyses = [d for _, d in G.nodes(data=True) if d["type"] == "analysis"]
    mechanisms: dict[str, str] = {}
    for node, data in G.nodes(data=True):
        if data["type"] == "mechanism":
            mechanisms[node.split(":", 1)[1]] = data["label"]
    for *_, data in G.edges(data=True):
        if data["kind"] == "claim" and data["mechanism"] and data["mechanism"] not in mechanisms:
            mechanisms[data["mechanism"]] = data["mechanism_label"] or data["mechanism"]
    names: dict[str, str] = G.graph.get("family_labels", {})
    family_labels = {f: names.get(f, f) for f in set(_families(G).values())}
    return {
        "lenses": sorted({d["lens"] for d in analyses if d["lens"]}, key=str.lower),
        "mechanisms": sorted(
            ({"value": k, "label": v} for k, v in mechanisms.items()),
            key=lambda m: m["label"].lower(),
        ),
        "families": sorted(
            ({"value": k, "label": v} for k, v in family_labels.items()),
            key=lambda m: m["label"].lower(),
        ),
        "months": sorted({d["date"][:7] for d in analyses if d["date"]}),
    }


def _legend(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Node types, actor kinds, claim polarities and links present on the map, with their looks
    (inferred claims, when there are any, get a toggle of their own)."""
    look = style()
    types = Counter(d["type"] for _, d in G.nodes(data=True))
    kinds = Counter(d["kind"] for _, d in G.nodes(data=True) if d["type"] == "actor")
    polarities = Counter(d["polarity"] for *_, d in G.edges(data=True) if d["kind"] == "claim")
    links = Counter(d["kind"] for *_, d in G.edges(data=True))
    inferred = sum(
        d["kind"] == "claim" and d.get("basis") == "inferred" for *_, d in G.edges(data=True)
    )
    return {
        "types": [
            {
                "value": t,
                "label": look["node_types"][t]["label"],
                "shape": look["node_types"][t]["shape"],
                "color": look["node_types"][t].get("color", look["other_kind"]),
                "count": types[t],
            }
            for t in NODE_TYPES
            if types[t]
        ],
        "kinds": [
            {"label": k, "color": look["actor_kinds"].get(k, look["other_kind"]), "count": n}
            for k, n in sorted(kinds.items())
        ],
        "polarities": [
            {"label": p["label"], "color": p["color"], "count": polarities[name]}
            for name, p in look["polarity"].items()
            if polarities[name]
        ],
        "links": [
            {
                "value": name,
                "label": link["label"],
                "color": link.get("color", "#374151"),
                "count": links[name],
            }
            for name, link in look["link_kinds"].items()
            if links[name]
        ]
        + (
            # inferred claims: a toggle of their own, drawn dashed
            [
                {
                    "value": "inferred",
                    "label": look["inferred"]["label"],
                    "color": "#374151",
                    "count": inferred,
                }
            ]
            if inferred
            else []
        ),
    }


def map_view(data: dict[str, Any], map_id: str) -> dict[str, Any]:
    """What the ``_map.html`` macro needs: the data, its escaped JSON (without the
    table, which the page writes as HTML), a DOM id, and whether clicking an
    analysis opens a page (``links``)."""
    links = data["links"] if "links" in data else any(n.get("href") for n in data["nodes"])
    sent = {k: v for k, v in data.items() if k not in ("table", "refs", "links")}
    return {"id": map_id, "data": data, "json": script_json(sent), "links": links}


@dataclass(frozen=True)
class MapPage:
    """A rendered topic map: the page, and how many nodes and claim links it shows."""

    html: str
    nodes: int
    claim_links: int


def render_map(
    source: Store | Snapshot,
    filters: Filters | None = None,
    *,
    actor: str | None = None,
    depth: int = 1,
    title: str | None = None,
    analysis_href: AnalysisHref | None = None,
) -> MapPage:
    """The topic map page of :func:`topic_map`, with the counts of what it shows."""
    G = map_graph(source, filters, actor=actor, depth=depth)
    heading = title or map_title(G, filters)
    claims = sum(1 for *_, kind in G.edges(data="kind") if kind == "claim")
    page = map_page(G, title=heading, analysis_href=analysis_href)
    return MapPage(html=page, nodes=G.number_of_nodes(), claim_links=claims)


def topic_map(
    source: Store | Snapshot,
    filters: Filters | None = None,
    *,
    actor: str | None = None,
    depth: int = 1,
    title: str | None = None,
    analysis_href: AnalysisHref | None = None,
) -> str:
    """A self-contained HTML page with the interactive topic map.

    Actors are sized by the leverage they gain and coloured by kind;
    mechanisms, analyses and topics are their own node types; claim edges are
    directed, coloured by polarity and labelled by relation (dashed when the
    claim is inferred), and their tooltips give the evidence sentence, the
    analysis title and date. The page has a legend, a search box, filters for
    lens, mechanism and time, and a sortable table of the actors; the view
    (filters, search, focus, table order) is kept in the URL fragment, so a
    copied link reopens it. Positions are computed here, so the map is drawn at
    once with physics off ("Relax layout" runs physics for a moment on small
    maps); a big map opens on the leverage network between actors, with
    analyses, mechanisms and topics a click away. vis-network is inlined: the
    page works offline and from ``file://``.

    Parameters
    ----------
    source : an open store or a snapshot.
    filters : which analyses and claims to show
        (:class:`~powermap.graph.views.filters.Filters`; none: all).
    actor, depth : only this actor's neighbourhood, ``depth`` links deep.
    title : the page's heading (default: says what the map shows).
    analysis_href : the page of an analysis by id, opened when it is clicked
        (default: the analysis's web address, when the store has one).

    Returns
    -------
    str : the page.

    Raises
    ------
    ViewError : an unknown actor or filter value.
    """
    return render_map(
        source, filters, actor=actor, depth=depth, title=title, analysis_href=analysis_href
    ).html


def map_page(
    G: nx.MultiDiGraph,
    *,
    title: str = "Topic map",
    analysis_href: AnalysisHref | None = None,
) -> str:
    """The self-contained page of a map graph (see :func:`topic_map`), scripts inlined.

    The page's Content-Security-Policy lets only its two inline scripts
    (vis-network and the map script, by hash) run.
    """
    data = map_data(G, analysis_href=analysis_href)
    assets = page_assets()
    scripts = [assets.vis_js, assets.map_js]
    for text in [*scripts, assets.vis_css, assets.site_css]:
        if "</script" in text.lower() or "</style" in text.lower():
            raise ViewError("an inlined asset would close its own element")
    return (
        environment()
        .get_template("map_page.html")
        .render(
            title=title,
            root="",
            inline=True,
            assets={k: Markup(v) for k, v in vars(assets).items()},
            csp=content_security_policy(scripts),
            map=map_view(data, "pm-map"),
            nav=False,
            page_id="map",
        )
    )


def map_title(G: nx.MultiDiGraph, filters: Filters | None = None) -> str:
    """A heading that says what a map shows ("Topic map: around Iran, lens Global Power Plays")."""
    f = filters or Filters()
    parts = []
    if "centre" in G.graph:
        parts.append(f"around {G.nodes[G.graph['centre']]['label']}")
    for name, value in (("lens", f.lens), ("topic", f.topic), ("mechanism", f.mechanism)):
        if value:
            parts.append(f"{name} {value}")
    if f.since or f.until:
        parts.append(f"{f.since or '…'} to {f.until or '…'}")
    if f.stated_only:
        parts.append("stated claims only")
    return "Topic map" + (": " + ", ".join(parts) if parts else "")
