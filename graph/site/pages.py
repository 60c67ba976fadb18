"""The static site: index, full map, a page per actor, analysis and reader path, the ontology.

:func:`build_site` reads the store once (from its views index when that is
current, texts included), computes the views (who gains, actor profiles, reader
paths, the topic map) and renders ``graph/site/templates/*.html`` with
autoescaping into a folder of plain files. Links are relative and the
scripts are files of the site itself, so it works from ``file://`` and from any
static host, with no request leaving the site. The maps' data sits in shared
script files under ``data/`` (every node once, each analysis's links once)
that pages load by ``<script src>``; the lists are paginated.
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib.namespace import RDFS, SKOS

from powermap.graph.errors import ViewError
from powermap.graph.site.analysis_text import AnalysisText, highlight, read_text, read_texts
from powermap.graph.site.fingerprint import fingerprint
from powermap.graph.site.mapgraph import map_graph, neighbourhood
from powermap.graph.site.paths import ReaderPath, reader_paths
from powermap.graph.site.render import (
    edge_order,
    fits_shared,
    link_items,
    map_items,
    map_view,
    shared_map,
)
from powermap.graph.site.templating import (
    content_security_policy,
    environment,
    page_assets,
    script_json,
    style,
)
from powermap.graph.store.backends import OxigraphStore, Store
from powermap.graph.views import indexed
from powermap.graph.views.filters import Filters
from powermap.graph.views.index import ViewIndex, open_current
from powermap.graph.views.leverage import (
    ActorProfile,
    Gainer,
    MechanismSummary,
    mechanism_summary,
    profile,
    who_gains,
)
from powermap.graph.views.network import narrow
from powermap.graph.views.snapshot import ClaimRecord, Snapshot, read_snapshot
from powermap.ontology.graphs import ontology_graph
from powermap.ontology.lexicon import mechanisms as taxonomy
from powermap.ontology.lexicon import relation_kinds, slug
from powermap.ontology.namespace import PM

__all__ = ["SITE_MARKER", "SiteSummary", "build_site", "site_pages"]

SITE_MARKER = ".powermap-site"
FOLDERS = ("actor", "analysis", "path")
DATA = "data"
NODES = "data/nodes.js"
LISTS = ("actors", "analyses", "paths")
LIST_PAGE = 200  # entries per page of a list
NEIGHBOURHOOD_DEPTH = 1
LATEST = 10
TOP_GAINERS = 10


@dataclass(frozen=True)
class SiteSummary:
    """What :func:`build_site` wrote."""

    out: Path
    pages: int
    actors: int
    analyses: int
    paths: int
    removed: tuple[str, ...] = field(default_factory=tuple)
    written: int = 0
    rendered: int = 0


# ---------------------------------------------------------------- file names and links


class _Files:
    """Page file names per kind of page: a slug of the id, unique, never from raw text."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, str], str] = {}
        self.taken: set[str] = set()

    def add(self, folder: str, key: str) -> str:
        base = slug(key)[:80].strip("-") or "page"
        name, n = base, 1
        while f"{folder}/{name}" in self.taken:
            n += 1
            name = f"{base}-{n}"
        self.taken.add(f"{folder}/{name}")
        self.names[(folder, key)] = f"{folder}/{name}.html"
        return self.names[(folder, key)]

    def get(self, folder: str, key: str) -> str | None:
        return self.names.get((folder, key))


@dataclass
class _Site:
    """What the pages are rendered from, computed once, with each page's share indexed
    (claims by analysis and by actor, map edges by analysis, path steps by analysis) so a
    page reads only its own records, never the whole corpus."""

    snap: Snapshot
    gainers: list[Gainer]
    paths: list[ReaderPath]
    mechanisms: list[MechanismSummary]
    graph: nx.MultiDiGraph
    files: _Files
    text_of: Callable[[str], AnalysisText] = field(default=lambda _: AnalysisText())
    ids: dict[str, str] = field(default_factory=dict)  # map node key -> id in data/nodes.js
    data: set[str] = field(default_factory=set)  # data files written
    incremental: bool = False  # leave files whose bytes would not change alone
    written: int = 0  # files (re)written
    counts: dict[str, int] = field(default_factory=dict)  # the footer's, the same on every page
    claims_of: dict[str, list[ClaimRecord]] = field(default_factory=dict)  # by analysis
    edges_of: dict[str, list[tuple[str, str, Any]]] = field(default_factory=dict)  # by analysis
    steps_of: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by analysis
    shared: str = ""  # the fingerprint of what every page shows (labels, file names, counts)
    before: dict[str, Any] = field(default_factory=dict)  # the manifest of the last build
    hashes: dict[str, str] = field(default_factory=dict)  # page -> fingerprint, this build
    own_data: dict[str, list[str]] = field(default_factory=dict)  # page -> its own data files
    rendered: int = 0  # pages rendered (the others kept, their inputs unchanged)
    big: bool = False  # a big map was just drawn (see _sweep)

    def unchanged(self, out: Path, page: str, *inputs: Any, graphs: Sequence[Any] = ()) -> bool:
        """Record the fingerprint of ``page``'s inputs; when incremental and it did not
        move since the last build (and its files are there), keep the page as it is."""
        digest = fingerprint(self.shared, page, *inputs, graphs=graphs)
        self.hashes[page] = digest
        own = list(self.before.get("data", {}).get(page, []))
        if (
            self.incremental
            and self.before.get("hashes", {}).get(page) == digest
            and (out / page).is_file()
            and all((out / d).is_file() for d in own)
        ):
            if own:
                self.own_data[page] = own
                self.data.update(own)
            return True
        self.rendered += 1
        return False

    def part_of(self, analyses: Iterable[str]) -> nx.MultiDiGraph:
        """The part of the map graph some analyses state (as
        :func:`~powermap.graph.site.mapgraph.analyses_part`), read from the edges indexed
        by analysis instead of every edge of the map.

        A part of more analyses than the style's ``shared_parts_up_to`` (a reader path
        across the corpus) is a read-only view of the map graph, sharing its data, not
        a copy of most of it; a smaller one is a copy, quicker to read many times. Pages
        read either in sorted order."""
        G = self.graph
        wanted = sorted(set(analyses))
        edges = sorted(
            (e for a in wanted for e in self.edges_of.get(a, ())),
            key=lambda e: (e[0], e[1], str(e[2])),
        )
        nodes = {n for u, v, _ in edges for n in (u, v)} | {f"analysis:{a}" for a in wanted}
        if len(wanted) > style()["shared_parts_up_to"]:
            kept = set(edges)
            view: nx.MultiDiGraph = nx.subgraph_view(
                G,
                filter_node=nodes.__contains__,
                filter_edge=lambda u, v, k: (u, v, k) in kept,
            )
            return view
        H: nx.MultiDiGraph = nx.MultiDiGraph()
        H.graph.update(G.graph)
        for node in sorted(nodes):
            if node in G:
                H.add_node(node, **G.nodes[node])
        H.add_edges_from((u, v, k, G.succ[u][v][k]) for u, v, k in edges)  # type: ignore[misc]
        return H

    def write(self, target: Path, text: str) -> None:
        """Write ``text`` to ``target``; when incremental, only if its bytes change."""
        content = text.encode("utf-8")
        if self.incremental and target.is_file() and target.read_bytes() == content:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        self.written += 1

    def write_pieces(self, target: Path, pieces: Iterable[str]) -> None:
        """:meth:`write` the text ``pieces`` make, a piece at a time (into a file beside
        ``target`` that replaces it), so that a big map's text is never held whole."""
        target.parent.mkdir(parents=True, exist_ok=True)
        draft = target.with_name(target.name + ".part")
        with draft.open("wb") as handle:
            for piece in pieces:
                handle.write(piece.encode("utf-8"))
        if self.incremental and target.is_file() and _same_bytes(draft, target):
            draft.unlink()
            return
        draft.replace(target)
        self.written += 1

    def part(self, analysis: str) -> str:
        """The name of an analysis's shared map data (``analysis/<page name>``)."""
        name = self.files.get("analysis", analysis)
        assert name is not None
        return name.removesuffix(".html")

    def href(self, folder: str, key: str | None, root: str) -> str | None:
        """A relative link from a page at ``root`` ("" or "../") to a page, if it exists."""
        if key is None:
            return None
        name = self.files.get(folder, key)
        return root + name if name else None


def _same_bytes(one: Path, other: Path, chunk: int = 1 << 20) -> bool:
    """Whether two files hold the same bytes (read a chunk at a time)."""
    if one.stat().st_size != other.stat().st_size:
        return False
    with one.open("rb") as a, other.open("rb") as b:
        while True:
            block = a.read(chunk)
            if block != b.read(chunk):
                return False
            if not block:
                return True


def _web(url: str | None) -> str | None:
    """An http(s) address that is safe as a link, else None."""
    if url and url.startswith(("http://", "https://")) and not any(c in url for c in "\"'<> \\"):
        return url
    return None


# ---------------------------------------------------------------- rendering


def _render(site: _Site, out: Path, name: str, template: str, **context: Any) -> None:
    """Render one page to ``out/name``; pages in a folder link back with ``../``."""
    root = "../" * name.count("/")
    snap = site.snap
    page = (
        environment()
        .get_template(template)
        .render(
            root=root,
            nav=True,
            inline=False,
            csp=content_security_policy(),
            counts=site.counts,
            page_id=slug(name),
            link=lambda folder, key: site.href(folder, key, root),
            label=snap.label,
            mechanism_label=lambda m: snap.mechanism(m).label if m else "",
            analysis_info=snap.analyses.get,
            **{"map": None, **context},
        )
    )
    site.write(out / name, page)


def _render_changed(site: _Site, out: Path, name: str, template: str, **context: Any) -> None:
    """:func:`_render` a page that needs no map, unless its inputs (``context``, plain data)
    are those of the last build."""
    if not site.unchanged(out, name, template, context):
        _render(site, out, name, template, **context)


def _register(kind: str, name: str, value: Any) -> str:
    """A data file's script: it adds ``value`` to ``window.powermapData[kind][name]``."""
    return "".join(_registration(kind, name, value))


def _registration(kind: str, name: str, value: Any, *, consume: bool = False) -> Iterator[str]:
    """:func:`_register` in pieces, for :meth:`_Site.write_pieces`.

    A dict's lists (and iterators) are written an item at a time (the same
    JSON as :func:`script_json` of the whole), so a big map's data is never one
    JSON text escaped and copied whole on top of its items. With ``consume``,
    those lists are emptied as they are written, and an iterator's items are
    made as they are written: a big map's items and their JSON are not held at
    once."""
    yield "(window.powermapData = window.powermapData || {parts: {}, nodes: {}})"
    yield f".{kind}[{script_json(name)}] = "
    yield from _json_pieces(value, consume)
    yield ";\n"


def _json_pieces(value: Any, consume: bool = False) -> Iterator[str]:
    """:func:`script_json` of ``value`` in pieces: a dict key by key, a list (or an
    iterator) item by item (emptying the list as it goes, with ``consume``)."""
    if isinstance(value, dict):
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield f"{',' if i else ''}{script_json(key)}:"
            yield from (
                _json_pieces(item, consume)
                if isinstance(item, list | Iterator)
                else [script_json(item)]
            )
        yield "}"
    elif isinstance(value, Iterator):
        yield "["
        for i, item in enumerate(value):
            yield f"{',' if i else ''}{script_json(item)}"
        yield "]"
    elif isinstance(value, list):
        yield "["
        if consume:
            value.reverse()  # popped from the end, in order
            for i in range(len(value)):
                yield f"{',' if i else ''}{script_json(value.pop())}"
        else:
            for i, item in enumerate(value):
                yield f"{',' if i else ''}{script_json(item)}"
        yield "]"
    else:
        yield script_json(value)


def _write_data(site: _Site, out: Path, name: str, text: str | Iterator[str]) -> str:
    """Write ``data/<name>.js`` (a text, or its pieces); return its path in the site."""
    path = f"{DATA}/{name}.js"
    if isinstance(text, str):
        site.write(out / path, text)
    else:
        site.write_pieces(out / path, text)
    site.data.add(path)
    return path


def _catalogue(site: _Site, out: Path) -> None:
    """The shared map data: every node once (``data/nodes.js``), and per analysis the
    links it states (``data/analysis/<name>.js``), read by every page that shows them.

    The links are made an analysis at a time, numbered as :func:`map_data` numbers the
    links of the whole map, so they are never all held at once."""
    G = site.graph
    data = map_items(
        G,
        analysis_href=lambda analysis: site.href("analysis", analysis, "../"),
        scale=False,
    )
    site.ids = {n["key"]: n["id"] for n in data["nodes"]}
    nodes = "".join(_register("nodes", n["id"], n) for n in data["nodes"])
    _write_data(site, out, "nodes", nodes)
    del nodes
    refs = {analysis: ref for ref, analysis in data["refs"].items()}
    number = {edge: i for i, edge in enumerate(edge_order(G))}
    for analysis in site.snap.analyses:
        ref = refs.get(analysis)
        numbered = sorted((number[e], e) for e in site.edges_of.get(analysis, ()))
        part = {
            "edges": list(link_items(G, site.ids, refs, numbered)) if ref else [],
            "analyses": {ref: data["analyses"][ref]} if ref else {},
        }
        _write_data(site, out, site.part(analysis), _register("parts", site.part(analysis), part))


def _map(
    site: _Site,
    out: Path,
    G: nx.MultiDiGraph,
    page: str,
    analyses: Sequence[str] | None = None,
    tour: Sequence[Any] = (),
) -> Any:
    """The map of a page: drawn from the shared files of ``analyses`` when it is small
    enough, else from a data file of its own (``data/<page>.js``, bundled and aggregated)."""
    root = "../" * page.count("/")
    actor_link = lambda actor: site.href("actor", actor, root)  # noqa: E731
    budget = style()["shared_parts_up_to"]
    site.big = site.big or G.number_of_nodes() > style()["large_graph"]
    if analyses is not None and len(analyses) <= budget and fits_shared(G):
        parts = [site.part(a) for a in analyses]
        spec = shared_map(G, site.ids, parts, actor_href=actor_link, tour=tour)
        view = map_view(spec, "pm-map")
        view["scripts"] = [NODES, *(f"{DATA}/{p}.js" for p in parts)]
        return view
    data = map_items(  # its edges made as they are written
        G,
        analysis_href=lambda analysis: site.href("analysis", analysis, root),
        actor_href=actor_link,
        tour=tour,
    )
    name = page.removesuffix(".html")
    own = {k: data.pop(k) for k in ("nodes", "edges", "analyses")}
    spec = data
    spec["parts"] = [name]
    spec["links"] = any(n.get("href") for n in own["nodes"])
    path = _write_data(site, out, name, _registration("parts", name, own, consume=True))
    del own
    site.own_data[page] = [path]
    site.big = True
    view = map_view(spec, "pm-map")
    view["scripts"] = [path]
    return view


def _sweep(site: _Site) -> None:
    """After a page with a big map (a data file of its own, or more nodes than the style's
    ``large_graph``: the full map, reader paths and actors spanning hundreds of
    analyses), collect what it left behind now: its reference cycles would otherwise wait
    for the collector and pile up under the next big map."""
    if site.big:
        gc.collect()
        site.big = False


def _index(site: _Site, out: Path) -> None:
    snap = site.snap
    lenses: dict[str, int] = defaultdict(int)
    topics: dict[str, int] = defaultdict(int)
    for info in snap.analyses.values():
        if info.lens:
            lenses[info.lens] += 1
        for t in info.topics:
            topics[t] += 1
    latest = sorted(snap.analyses.values(), key=lambda a: (a.date or "", a.id), reverse=True)
    _render_changed(
        site,
        out,
        "index.html",
        "index.html",
        title="Who gains leverage",
        lenses=[
            (lens, n, f"lens-{slug(lens)}")
            for lens, n in sorted(lenses.items(), key=lambda kv: kv[0].lower())
        ],
        topics=[
            (topic, n, f"topic-{slug(topic)}")
            for topic, n in sorted(topics.items(), key=lambda kv: (-kv[1], kv[0].lower()))
        ],
        gainers=site.gainers[:TOP_GAINERS],
        latest=latest[:LATEST],
        more_analyses=len(latest) > LATEST,
        actor_paths=[p for p in site.paths if p.kind == "actor"],
    )


def _actor_page(site: _Site, out: Path, actor: str, claims: Sequence[ClaimRecord]) -> None:
    name = site.files.get("actor", actor)
    assert name is not None
    centre = f"actor:{actor}"
    graph = site.graph
    named = sorted(
        {d["analysis"] for *_, d in graph.out_edges(centre, data=True)}
        | {d["analysis"] for *_, d in graph.in_edges(centre, data=True)}
    )
    profile = _profile(site, actor, claims)
    part = site.part_of(named)
    G = neighbourhood(part, centre, NEIGHBOURHOOD_DEPTH)
    _let_go(part)
    try:
        path = next((p for p in site.paths if p.kind == "actor" and p.key == actor), None)
        shown = sorted(set(named) | {e.analysis for e in profile.timeline})
        infos = [site.snap.analyses.get(a) for a in shown]
        if site.unchanged(
            out, name, profile, path, infos, [site.ids.get(n) for n in sorted(G)], graphs=[G]
        ):
            return
        _render(
            site,
            out,
            name,
            "actor.html",
            title=profile.label,
            profile=profile,
            map=_map(site, out, G, name, named),
            path=path,
            wikidata=f"https://www.wikidata.org/wiki/{profile.wikidata}"
            if profile.wikidata and profile.wikidata[1:].isdigit()
            else None,
        )
    finally:
        _let_go(G)


def _let_go(G: nx.MultiDiGraph) -> None:
    """Empty a page's copy of part of the map once the page is done (a view is left
    alone): a graph whose views were used refers to itself and would wait for the cycle
    collector, the copies of many pages piling up meanwhile; emptied, they go at once."""
    if not nx.is_frozen(G):
        G.clear()


def _profile(site: _Site, actor: str, claims: Sequence[ClaimRecord]) -> ActorProfile:
    """The actor's profile (:func:`~powermap.graph.views.leverage.profile`) from a snapshot
    of its own claims and the analyses that name it, not the whole corpus."""
    snap = site.snap
    analyses = {c.analysis for c in claims}
    analyses |= {a for a, named in snap.mentions.items() if actor in named}
    own = Snapshot(
        actors=snap.actors,
        analyses={a: snap.analyses[a] for a in sorted(analyses) if a in snap.analyses},
        claims=tuple(claims),
        mechanisms=snap.mechanisms,
        mentions={a: snap.mentions[a] for a in sorted(analyses) if a in snap.mentions},
        mechanism_mentions={},
    )
    return profile(own, actor)


def _steps(paths: Sequence[ReaderPath]) -> dict[str, list[dict[str, Any]]]:
    """For each analysis, each path through it: its position, the step before and after."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path in paths:
        seen: set[str] = set()
        for i, step in enumerate(path.steps):
            if step.analysis in seen:  # the first time a path passes an analysis
                continue
            seen.add(step.analysis)
            found[step.analysis].append(
                {
                    "path": path,
                    "position": i + 1,
                    "previous": path.steps[i - 1] if i > 0 else None,
                    "next": path.steps[i + 1] if i + 1 < len(path.steps) else None,
                }
            )
    return found


def _analysis_page(site: _Site, out: Path, analysis: str) -> None:
    snap = site.snap
    info = snap.analyses[analysis]
    name = site.files.get("analysis", analysis)
    assert name is not None
    text = site.text_of(analysis)
    claims = site.claims_of.get(analysis, [])
    G = site.part_of([analysis])
    try:
        steps = site.steps_of.get(analysis, [])
        mechanisms = snap.mechanism_mentions.get(analysis, {})
        ids = [site.ids.get(n) for n in sorted(G)]
        on_paths = [  # what the page shows of each path through it, not the whole path
            (
                s["path"].id,
                s["path"].label,
                len(s["path"].steps),
                s["position"],
                s["previous"],
                s["next"],
            )
            for s in steps
        ]
        if site.unchanged(out, name, info, text, claims, mechanisms, on_paths, ids, graphs=[G]):
            return
        sections = []
        placed: set[str] = set()
        for section in text.sections:
            here = [c for c in claims if (c.section or "").lower() == section.heading.lower()]
            segments, found = highlight(section.text, here)
            if len(found) < len(here):  # evidence filed under another heading, or none
                others = [c for c in claims if c.id not in placed | found and c not in here]
                segments, more = highlight(section.text, [*here, *others])
                found |= more
            placed |= found
            sections.append({"heading": section.heading, "segments": segments})
        unplaced = [c for c in claims if c.id not in placed]
        page_map = _map(site, out, G, name, [analysis])
        _render(
            site,
            out,
            name,
            "analysis.html",
            title=info.title or analysis,
            info=info,
            text=text,
            source=_web(text.source),
            web=_web(info.url),
            sections=sections,
            claims=claims,
            unplaced=unplaced,
            mechanisms=mechanisms,
            map=page_map,
            on_paths=steps,
        )
    finally:
        _let_go(G)


def _path_page(site: _Site, out: Path, path: ReaderPath) -> None:
    name = site.files.get("path", path.id)
    assert name is not None
    steps = [s.analysis for s in path.steps]
    G = site.part_of(steps)
    try:
        tour = [(f"{i}. {s.title or s.analysis}", s.focus) for i, s in enumerate(path.steps, 1)]
        if site.unchanged(out, name, path, [site.ids.get(n) for n in sorted(G)], graphs=[G]):
            return
        _render(
            site,
            out,
            name,
            "path.html",
            title=f"Reader path: {path.label}",
            path=path,
            map=_map(site, out, G, name, steps, tour),
        )
    finally:
        _let_go(G)


def _ontology_page(site: _Site, out: Path) -> None:
    graph = ontology_graph()
    kinds = []
    subclasses = set(graph.transitive_subjects(RDFS.subClassOf, PM.Actor)) - {PM.Actor}
    for cls in sorted(subclasses, key=str):
        kinds.append(
            {
                "name": str(cls).rsplit("#", 1)[-1],
                "label": str(graph.value(cls, RDFS.label) or str(cls).rsplit("#", 1)[-1]),
                "comment": str(graph.value(cls, RDFS.comment) or ""),
            }
        )
    definitions = {
        str(graph.value(s, SKOS.notation)): str(graph.value(s, SKOS.definition) or "")
        for s in graph.subjects(SKOS.inScheme, PM.RelationScheme)
    }
    relations = [
        {
            "id": k.id,
            "label": k.label,
            "polarity": k.polarity,
            "direction": k.direction,
            "definition": definitions.get(k.id, ""),
        }
        for k in relation_kinds().values()
    ]
    concepts = taxonomy()
    used = {m.id: m for m in site.mechanisms}
    families = [c for c in concepts if not c.broader]
    members: dict[str, list[Any]] = defaultdict(list)
    for concept in concepts:
        for broader in concept.broader:
            members[broader].append(concept)
    known = {c.id for c in concepts}
    reported = [m for m in site.mechanisms if m.id not in known]
    snap = site.snap
    _render_changed(
        site,
        out,
        "ontology.html",
        "ontology.html",
        title="Ontology",
        kinds=kinds,
        relations=relations,
        families=[(f, members.get(f.id, [])) for f in families],
        used=used,
        reported=reported,
        lenses=sorted({a.lens for a in snap.analyses.values() if a.lens}, key=str.lower),
        topics=sorted({t for a in snap.analyses.values() for t in a.topics}, key=str.lower),
    )


def _list_pages(
    site: _Site, out: Path, stem: str, template: str, title: str, items: Sequence[Any]
) -> list[str]:
    """``stem.html``, ``stem-2.html``...: ``items`` :data:`LIST_PAGE` at a time, each page
    linking to the one before and after it. Returns the file names."""
    chunks = [items[i : i + LIST_PAGE] for i in range(0, len(items), LIST_PAGE)] or [[]]
    names = [f"{stem}.html" if i == 0 else f"{stem}-{i + 1}.html" for i in range(len(chunks))]
    for i, chunk in enumerate(chunks):
        pager = {
            "page": i + 1,
            "pages": len(chunks),
            "total": len(items),
            "first": i * LIST_PAGE + 1,
            "last": i * LIST_PAGE + len(chunk),
            "previous": names[i - 1] if i else None,
            "next": names[i + 1] if i + 1 < len(names) else None,
        }
        heading = title if i == 0 else f"{title}, page {i + 1} of {len(chunks)}"
        _render_changed(site, out, names[i], template, title=heading, items=chunk, pager=pager)
    return names


def _lists(site: _Site, out: Path) -> list[str]:
    """The lists of actors (by kind), analyses (latest first) and reader paths, paginated."""
    snap = site.snap
    involved: dict[str, int] = defaultdict(int)
    for claim in snap.claims:
        for actor in {claim.holder, *claim.targets}:
            involved[actor] += 1
    actors = sorted(snap.actors, key=lambda a: (snap.actor(a).kind, snap.label(a).lower(), a))
    rows = [(snap.actor(a).kind, a, involved.get(a, 0)) for a in actors]
    ordered = sorted(snap.analyses.values(), key=lambda a: (a.date or "", a.id), reverse=True)
    return [
        *_list_pages(site, out, "actors", "actors.html", "Actors", rows),
        *_list_pages(site, out, "analyses", "analyses.html", "Analyses", ordered),
        *_list_pages(site, out, "paths", "paths.html", "Reader paths", site.paths),
    ]


def _prepare(out: Path) -> set[Path]:
    """Make ``out`` ready: new or empty, or a site written before (its old pages returned)."""
    if out.exists() and not out.is_dir():
        raise ViewError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / SITE_MARKER).exists():
        raise ViewError(
            f"{out} is not empty and holds no powermap site; give a new or empty folder"
        )
    out.mkdir(parents=True, exist_ok=True)
    if not (out / SITE_MARKER).exists():
        _write_manifest(out, {"pages": {}})
    lists = {p for stem in LISTS for p in out.glob(f"{stem}-*.html")}
    pages = {p for folder in FOLDERS for p in (out / folder).glob("*.html")}
    return pages | lists | set((out / DATA).rglob("*.js"))


def _write_manifest(out: Path, content: dict[str, Any]) -> bool:
    """The marker that says powermap wrote this folder, with each page's file by id
    (``pages``), the fingerprint of each page's inputs (``hashes``) and the data files of
    its own (``data``), read by the next incremental build; left alone when unchanged."""
    manifest = {"generator": "powermap site", **content}
    text = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    marker = out / SITE_MARKER
    if not marker.is_file() or marker.read_text(encoding="utf-8") != text:
        marker.write_text(text, encoding="utf-8")
        return True
    return False


def _manifest(out: Path) -> dict[str, Any]:
    """The manifest of the last build in ``out`` (empty when there is none or it is unreadable)."""
    try:
        manifest = json.loads((out / SITE_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def site_pages(out: str | Path) -> dict[str, dict[str, str]]:
    """The pages of a site :func:`build_site` wrote: ``{"analysis": {id: file}, ...}``.

    Files are relative to the site folder (``analysis/<name>.html``); the kinds
    are ``actor``, ``analysis`` and ``path``.

    Raises
    ------
    ViewError : the folder holds no powermap site.
    """
    marker = Path(out) / SITE_MARKER
    try:
        manifest = json.loads(marker.read_text(encoding="utf-8"))
        pages: dict[str, dict[str, str]] = manifest["pages"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ViewError(f"{out} holds no site written by powermap site") from None
    return pages


def build_site(
    store: Store,
    out: str | Path,
    *,
    snap: Snapshot | None = None,
    top_actors: int = 12,
    stated_only: bool = False,
    incremental: bool = False,
) -> SiteSummary:
    """Write the static site of a store into the folder ``out``.

    Parameters
    ----------
    store : an open store (read-only is enough).
    out : the folder; it must be new, empty, or a site this function wrote
        before (whose pages it replaces, removing those of actors, analyses and
        paths that are gone).
    snap : a snapshot already read from ``store`` (read when None).
    top_actors : how many major actors get a reader path.
    stated_only : leave out inferred claims (a party drawn from the discourse)
        on every page; otherwise they are marked "inferred" and drawn dashed.
    incremental : render again only the pages whose inputs changed since the
        last build (their fingerprints are kept in the site's manifest: the
        pages of the analyses and actors that changed, and the pages that list
        or count them), and rewrite only the files whose content changes; the
        others keep their bytes and modification times.

    Returns
    -------
    SiteSummary : the folder, the number of pages, actors, analyses and paths,
    the files removed, how many files were (re)written and how many pages were
    rendered (all of them unless incremental).

    Raises
    ------
    ViewError : ``out`` is a file, or a folder holding something else.

    Notes
    -----
    Pages: ``index.html`` (lenses, topics, top gainers, latest analyses),
    ``map.html`` (the full map), ``actors.html``, ``analyses.html`` and
    ``paths.html`` (200 entries a page: ``actors-2.html``...),
    ``ontology.html``, ``actor/<id>.html`` (profile, map of the analyses
    naming the actor, timeline), ``analysis/<id>.html`` (sections with the
    claims' evidence highlighted, a small map, the next step of each reader
    path through it) and ``path/<id>.html`` (the steps, with a map that
    highlights each in turn). Scripts and styles go to ``assets/``.

    Map data is shared, never embedded: ``data/nodes.js`` holds every node
    once and ``data/analysis/<id>.js`` the links each analysis states; a
    page loads the files of its analyses by ``<script src>`` (which works
    from ``file://``) and names the nodes it keeps and where they sit. The
    full map, and a page whose map spans more than 200 analyses or is big
    enough to need bundling, get a data file of their own (``data/map.js``,
    ``data/<page>.js``).
    """
    index = open_current(store.location) if isinstance(store, OxigraphStore) else None
    with index if index is not None else nullcontext():
        return _build(store, index, Path(out), snap, top_actors, stated_only, incremental)


def _build(
    store: Store,
    index: ViewIndex | None,
    out: Path,
    snap: Snapshot | None,
    top_actors: int,
    stated_only: bool,
    incremental: bool,
) -> SiteSummary:
    """:func:`build_site`, reading the records and texts from ``index`` when it is current
    (not None), else from the store."""
    old = _prepare(out)
    before = _manifest(out) if incremental else {}
    if snap is None:
        snap = indexed.read_snapshot(index) if index is not None else read_snapshot(store)
    if stated_only:
        snap = narrow(snap, Filters(stated_only=True))
    files = _Files()
    for analysis in snap.analyses:
        files.add("analysis", analysis)
    graph = map_graph(snap)
    # an actor page for each actor the analyses name (its profile resolves the id)
    actors = sorted(a for a in snap.actors if f"actor:{a}" in graph)
    for actor in actors:
        files.add("actor", actor)
    paths = reader_paths(snap, top_actors=top_actors)
    for path in paths:
        files.add("path", path.id)
    site = _Site(
        snap=snap,
        gainers=who_gains(snap)[:TOP_GAINERS],  # all the index shows; the rest let go
        paths=paths,
        mechanisms=mechanism_summary(snap),
        graph=graph,
        files=files,
        incremental=incremental,
        before=before,
    )
    _index_records(site)
    assets = out / "assets"
    assets.mkdir(exist_ok=True)
    for file_name, content in page_assets().items():
        site.write(assets / file_name, content)
    _index(site, out)
    _catalogue(site, out)
    if not site.unchanged(out, "map.html", graphs=[site.graph]):
        _render(
            site,
            out,
            "map.html",
            "map_page.html",
            title="Topic map",
            map=_map(site, out, site.graph, "map.html"),
        )
        _sweep(site)
    lists = _lists(site, out)
    by_actor: dict[str, list[ClaimRecord]] = defaultdict(list)
    for claim in snap.claims:
        for party in dict.fromkeys((claim.holder, *claim.targets)):
            by_actor[party].append(claim)
    for actor in actors:
        _actor_page(site, out, actor, by_actor.pop(actor, []))
        _sweep(site)
    del by_actor
    for path in paths:
        _path_page(site, out, path)
        _sweep(site)
    # the texts last, once the big maps (full map, catalogue, long paths) have been let go:
    # from the index one analysis at a time, else all at once from the store
    if index is not None:
        site.text_of = partial(read_text, index)
    else:
        texts = read_texts(store)
        site.text_of = lambda analysis: texts.pop(analysis, AnalysisText())  # drop once shown
    for analysis in snap.analyses:
        _analysis_page(site, out, analysis)
    # the ontology last: its graph (kept for the process) is not held under every page
    _ontology_page(site, out)
    pages: dict[str, dict[str, str]] = defaultdict(dict)
    for (folder, key), name in files.names.items():
        pages[folder][key] = name
    site.written += _write_manifest(
        out,
        {"pages": dict(pages), "hashes": site.hashes, "data": dict(sorted(site.own_data.items()))},
    )
    written = {out / name for name in files.names.values()}
    removed = sorted(old - written - {out / p for p in site.data} - {out / n for n in lists})
    for stale in removed:
        stale.unlink()
    return SiteSummary(
        out=out,
        pages=3 + len(lists) + len(written),
        actors=len(actors),
        analyses=len(snap.analyses),
        paths=len(paths),
        removed=tuple(str(p.relative_to(out)) for p in removed),
        written=site.written,
        rendered=site.rendered,
    )


def _index_records(site: _Site) -> None:
    """Index each page's share of the records once (claims and map edges by analysis, path
    steps by analysis), count what the footer counts, and fingerprint what every page
    shows, so that pages never scan the corpus."""
    snap = site.snap
    for claim in snap.claims:
        site.claims_of.setdefault(claim.analysis, []).append(claim)
    for u, v, k, data in site.graph.edges(keys=True, data=True):
        if data.get("analysis") is not None:
            site.edges_of.setdefault(data["analysis"], []).append((u, v, k))
    site.steps_of = dict(_steps(site.paths))
    site.counts = {
        "analyses": len(snap.analyses),
        "actors": len({a for c in snap.claims for a in (c.holder, *c.targets)}),
        "claims": len(snap.claims),
    }
    site.shared = fingerprint(
        site.counts,
        sorted(site.files.names.items()),
        {a: (info.label, info.kind) for a, info in snap.actors.items()},
        {m: info.label for m, info in snap.mechanisms.items()},
        site.graph.graph.get("families", {}),
        site.graph.graph.get("family_labels", {}),
        style(),
    )
