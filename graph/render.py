"""The interactive topic map: actors, mechanisms, analyses and topics, and the claims between them.

:func:`map_graph` builds the map as a NetworkX graph from the views
(:func:`~powermap.graph.network.topic_graph` for what each analysis names,
the claims of the snapshot for who gains over whom); :func:`map_data` turns
it into vis-network nodes and edges through pyvis, with opaque node ids; and
:func:`topic_map` renders a self-contained page (vis-network and the page's
script inlined, so it works offline and from ``file://``).

Everything from documents reaches the page as data only: the nodes, edges
and filter choices sit in a ``<script type="application/json">`` block
escaped by :func:`script_json`, the templates are autoescaped, the page's
script writes text with ``textContent``, and vis-network shows string
tooltips as text. A Content-Security-Policy allows only the page's own
scripts.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from powermap.extract.errors import PowermapError
from powermap.graph.ids import slug
from powermap.graph.network import DateLike, edge_key, narrow, topic_graph
from powermap.graph.records import ClaimRecord, Snapshot
from powermap.graph.resolve import resolve_actor
from powermap.graph.store import Store
from powermap.graph.views import who_gains
from powermap.ontology.lexicon import relation_kinds

__all__ = [
    "NODE_TYPES",
    "Assets",
    "environment",
    "style",
    "script_json",
    "vis_assets",
    "page_assets",
    "content_security_policy",
    "relation_label",
    "map_graph",
    "neighbourhood",
    "analyses_part",
    "map_data",
    "map_view",
    "map_page",
    "map_title",
    "topic_map",
]

NODE_TYPES = ("actor", "analysis", "mechanism", "topic")
VIS_DIR = "templates/lib/vis-9.1.2"
_WEB = re.compile(r"^https?://[^\s\"'<>\\]+$")
AnalysisHref = Callable[[str], str | None]


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment of ``graph/templates``, autoescaping everything it renders."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("powermap.graph", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["relation"] = relation_label
    env.filters["slug"] = slug
    return env


@cache
def style() -> dict[str, Any]:
    """Shapes and colours of the map (``graph/templates/map-style.json``)."""
    text = (files("powermap.graph") / "templates" / "map-style.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def relation_label(relation: str) -> str:
    """The relation kind's label from ``relations.ttl`` ("depends_on" -> "depends on")."""
    kind = relation_kinds().get(relation)
    return kind.label if kind else relation.replace("_", " ")


_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def script_json(value: Any) -> Markup:
    """JSON safe to place inside a ``<script type="application/json">`` element.

    ``<``, ``>`` and ``&`` (and the line separators U+2028/U+2029) become
    ``\\uXXXX`` escapes, so no text can close the element or open a comment;
    ``JSON.parse`` reads the same value back.

    Examples
    --------
    >>> str(script_json({"t": "</script><b>"}))
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return Markup(_JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text))


@dataclass(frozen=True)
class Assets:
    """The scripts and styles a page needs: vis-network, the map script, the site style."""

    vis_js: str
    vis_css: str
    map_js: str
    site_css: str

    def items(self) -> Iterable[tuple[str, str]]:
        """(file name, text) of each asset, as the static site writes them."""
        yield "vis-network.min.js", self.vis_js
        yield "vis-network.css", self.vis_css
        yield "map.js", self.map_js
        yield "site.css", self.site_css


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network 9.1.2's script and style as pyvis ships them (offline, no CDN)."""
    try:
        folder = files("pyvis") / VIS_DIR
        return (
            (folder / "vis-network.min.js").read_text("utf-8"),
            (folder / "vis-network.css").read_text("utf-8"),
        )
    except (ModuleNotFoundError, OSError) as exc:
        raise PowermapError(f"vis-network is missing from the pyvis package: {exc}") from None


@cache
def page_assets() -> Assets:
    """Every asset of a map page."""
    vis_js, vis_css = vis_assets()
    templates = files("powermap.graph") / "templates"
    return Assets(
        vis_js=vis_js,
        vis_css=vis_css,
        map_js=(templates / "map.js").read_text("utf-8"),
        site_css=(templates / "site.css").read_text("utf-8"),
    )


def _sha256(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def content_security_policy(inline_scripts: Iterable[str] = ()) -> str:
    """A policy that runs only the page's own scripts and loads nothing from elsewhere.

    Scripts come from the site's own files (``'self'``) or, for a
    self-contained page, are the inline scripts given here (by hash); no
    inline event handler, injected script or outside request is allowed.
    """
    hashes = " ".join(_sha256(s) for s in inline_scripts)
    return (
        "default-src 'none'; "
        f"script-src 'self'{' ' + hashes if hashes else ''}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'"
    )


# ---------------------------------------------------------------- the map as a graph


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
    *,
    actor: str | None = None,
    depth: int = 2,
    lens: str | None = None,
    topic: str | None = None,
    mechanism: str | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
) -> nx.MultiDiGraph:
    """The topic map as a graph: typed nodes, claim edges and what each analysis names.

    Parameters
    ----------
    source : an open store or a snapshot.
    actor : only the neighbourhood of this actor (any name the store knows).
    depth : how many links away from ``actor`` the neighbourhood reaches.
    lens, topic, mechanism, since, until : filters, as for
        :func:`powermap.graph.network.narrow`.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes ``actor:<id>``, ``analysis:<id>``, ``mechanism:<id>`` and
        ``topic:<slug>`` with ``type`` and ``label`` (actors also ``kind``,
        ``score``: leverage gained, as in :func:`~powermap.graph.views.who_gains`,
        and ``size``). Edges have ``kind``: ``"claim"`` (holder to the other
        actor, else to the claim's mechanism, else to its analysis; with
        ``relation``, ``polarity``, ``evidence``, ``analysis``, ``title``,
        ``date``, ``mechanism``, ``section``, ``confidence``), or from an
        analysis ``"mentions"`` (actor), ``"operates"`` (mechanism) and
        ``"tagged"`` (topic).

    Raises
    ------
    PowermapError : an unknown actor or filter value, or an actor the filters leave out.

    Examples
    --------
    >>> from powermap.graph.records import AnalysisInfo, ClaimRecord, Snapshot
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
    snap = narrow(source, lens=lens, topic=topic, mechanism=mechanism, since=since, until=until)
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
            analysis=analysis.split(":", 1)[1],
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
                between=tuple(snap.label(b) for b in claim.between),
            )
    if actor is not None:
        centre = f"actor:{resolve_actor(actor, snap)}"
        if centre not in G:
            raise PowermapError(f"{snap.label(centre[6:])} is not on the map with these filters")
        G = neighbourhood(G, centre, depth)
    return G


def neighbourhood(G: nx.MultiDiGraph, centre: str, depth: int = 2) -> nx.MultiDiGraph:
    """The part of a map graph within ``depth`` links of ``centre`` (either direction).

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(neighbourhood(G, "a", 2).nodes)
    ['a', 'b', 'c']
    """
    near = nx.ego_graph(G.to_undirected(as_view=True), centre, radius=max(depth, 0))
    H: nx.MultiDiGraph = G.subgraph(near.nodes).copy()
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


# ---------------------------------------------------------------- the map as vis data


def _when(date: str | None) -> str:
    return date or "undated"


def _node_title(data: Mapping[str, Any], href: str | None) -> str:
    """A node's tooltip, plain text (vis-network shows string titles as text)."""
    kind = data["type"]
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
        return url if url and _WEB.match(url) else None

    return href


def _safe_href(href: str | None) -> str | None:
    """Only relative paths and http(s) addresses may become links (never ``javascript:``)."""
    if not href:
        return None
    if _WEB.match(href):
        return href
    if re.match(r"^[A-Za-z0-9._~/%#-]+$", href) and not href.startswith("//"):
        return href  # a relative path (never protocol-relative)
    return None


def map_data(
    G: nx.MultiDiGraph,
    *,
    analysis_href: AnalysisHref | None = None,
    tour: Iterable[tuple[str, Iterable[str]]] = (),
) -> dict[str, Any]:
    """The vis-network data of a map graph: nodes, edges, filters and legend, JSON-ready.

    Parameters
    ----------
    G : a graph from :func:`map_graph`.
    analysis_href : the link of an analysis page by analysis id (None: no link);
        by default an analysis links to its web address when it has one.
    tour : (step label, node keys) for a guided tour: each step highlights its nodes.

    Returns
    -------
    dict with ``nodes`` and ``edges`` (vis-network items built with pyvis; ids
    are opaque, ``n0``..., ``e0``..., the graph's node key is in ``key``),
    ``analyses`` (by opaque ref ``a0``...: lens, month and mechanisms of each
    analysis an item comes from, for the page's filters), ``families``
    (mechanism -> family), ``filters`` (lenses, mechanisms, families and months
    to choose from), ``legend``, ``tour``, ``centre`` and layout hints.
    """
    from pyvis.network import Network

    look = style()
    href_of = analysis_href if analysis_href is not None else _default_href(G)
    net = Network(directed=True, cdn_resources="in_line")
    ids = {node: f"n{i}" for i, node in enumerate(G.nodes)}
    analyses = _analysis_facts(G)
    refs = {analysis: f"a{i}" for i, analysis in enumerate(analyses)}
    for node, data in G.nodes(data=True):
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
            href = _safe_href(href_of(analysis_id))
            if href:
                extra["href"] = href
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
    links = look["link_kinds"]
    for i, (u, v, data) in enumerate(G.edges(data=True)):
        common = {"id": f"e{i}", "kind": data["kind"], "analysis": refs[data["analysis"]]}
        if data["kind"] == "claim":
            colour = look["polarity"].get(data["polarity"], look["polarity"]["neutral"])["color"]
            net.add_edge(
                ids[u],
                ids[v],
                label=relation_label(data["relation"]),
                title=_edge_title(G, u, v, data),
                color=colour,
                relation=data["relation"],
                polarity=data["polarity"],
                mechanism=data["mechanism"],
                width=1 + 2 * float(data["confidence"]),
                **common,
            )
        else:
            net.add_edge(
                ids[u],
                ids[v],
                color=links[data["kind"]]["color"],
                arrows={"to": {"enabled": False}},
                dashes=data["kind"] != "mentions",
                width=1,
                mechanism=data["mechanism"],
                **common,
            )
    nodes, edges, *_ = net.get_network_data()
    families = _families(G)
    return {
        "nodes": nodes,
        "edges": edges,
        "analyses": {refs[a]: facts for a, facts in analyses.items()},
        "families": families,
        "filters": _filters(G),
        "legend": _legend(G),
        "tour": [
            {"label": label, "nodes": [ids[k] for k in keys if k in ids]} for label, keys in tour
        ],
        "centre": ids.get(G.graph.get("centre", "")),
        "large": G.number_of_nodes() > look["large_graph"],
        "improvedLayout": G.number_of_nodes() <= look["improved_layout_up_to"],
    }


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
    """Node types, actor kinds and claim polarities present on the map, with their looks."""
    look = style()
    types = Counter(d["type"] for _, d in G.nodes(data=True))
    kinds = Counter(d["kind"] for _, d in G.nodes(data=True) if d["type"] == "actor")
    polarities = Counter(d["polarity"] for *_, d in G.edges(data=True) if d["kind"] == "claim")
    links = Counter(d["kind"] for *_, d in G.edges(data=True))
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
        ],
    }


def map_view(data: dict[str, Any], map_id: str) -> dict[str, Any]:
    """What the ``_map.html`` macro needs: the data, its escaped JSON, and a DOM id."""
    return {"id": map_id, "data": data, "json": script_json(data)}


def topic_map(
    source: Store | Snapshot,
    *,
    actor: str | None = None,
    depth: int = 2,
    lens: str | None = None,
    topic: str | None = None,
    mechanism: str | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
    title: str | None = None,
    analysis_href: AnalysisHref | None = None,
) -> str:
    """A self-contained HTML page with the interactive topic map.

    Actors are sized by the leverage they gain and coloured by kind;
    mechanisms, analyses and topics are their own node types; claim edges are
    directed, coloured by polarity and labelled by relation, and their
    tooltips give the evidence sentence, the analysis title and date. The page
    has a legend, a search box and filters for lens, mechanism and time; the
    layout settles, then physics stops. vis-network is inlined: the page works
    offline and from ``file://``.

    Parameters
    ----------
    source : an open store or a snapshot.
    actor, depth : only this actor's neighbourhood, ``depth`` links deep.
    lens, topic, mechanism, since, until : filters, as for
        :func:`powermap.graph.network.narrow`.
    title : the page's heading (default: says what the map shows).
    analysis_href : the page of an analysis by id, opened when it is clicked
        (default: the analysis's web address, when the store has one).

    Returns
    -------
    str : the page.

    Raises
    ------
    PowermapError : an unknown actor or filter value.
    """
    G = map_graph(
        source,
        actor=actor,
        depth=depth,
        lens=lens,
        topic=topic,
        mechanism=mechanism,
        since=since,
        until=until,
    )
    heading = title or map_title(G, lens, topic, mechanism, since, until)
    return map_page(G, title=heading, analysis_href=analysis_href)


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
            raise PowermapError("an inlined asset would close its own element")
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


def map_title(
    G: nx.MultiDiGraph,
    lens: str | None = None,
    topic: str | None = None,
    mechanism: str | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
) -> str:
    """A heading that says what a map shows ("Topic map: around Iran, lens Global Power Plays")."""
    parts = []
    if "centre" in G.graph:
        parts.append(f"around {G.nodes[G.graph['centre']]['label']}")
    for name, value in (("lens", lens), ("topic", topic), ("mechanism", mechanism)):
        if value:
            parts.append(f"{name} {value}")
    if since or until:
        parts.append(f"{since or '…'} to {until or '…'}")
    return "Topic map" + (": " + ", ".join(parts) if parts else "")
