"""The site in a real browser: Debian's headless Chromium driven by Playwright.

The site is built from ``data/`` plus an analysis whose title, actor name and
evidence carry HTML payloads. The tests read the vis-network DataSets from the
pages, use the search box, filters, legend and tour, click an analysis, visit
every page checking that its links resolve, that no request leaves
``file://``, and that no payload runs. ``scripts/test-setup.sh`` installs
Chromium (``apt-get install chromium``); nothing downloads a browser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from powermap.builder import build
from powermap.extract.model import Extraction
from powermap.graph.site.layout import aggregate
from powermap.graph.site.mapgraph import map_graph
from powermap.graph.site.pages import build_site, site_pages
from powermap.graph.site.templating import style
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.views.filters import Filters
from powermap.graph.views.network import narrow
from powermap.graph.views.snapshot import Snapshot, read_snapshot

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parent.parent.parent
DATA = ROOT / "data"
PAYLOAD = ROOT / "tests" / "fixtures" / "readers" / "payload.json"


@dataclass
class Site:
    out: Path
    snap: Snapshot


@dataclass
class Watch:
    """What a page did that it must not: dialogs, outside requests, errors, CSP reports."""

    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The site of data/ and the payload analysis."""
    base = tmp_path_factory.mktemp("browser")
    with open_store(base / "store") as store:
        assert build([DATA], store).ok
        payload = Extraction.from_dict(json.loads(PAYLOAD.read_text("utf-8")))
        assert ingest(store, [payload]).ok
        snap = read_snapshot(store)
        build_site(store, base / "site", snap=snap)
    return Site(base / "site", snap)


def open_page(browser: Any, url: str, watch: Watch | None = None) -> Any:
    """A page at ``url`` that records dialogs, requests leaving file:// and errors."""
    watch = watch if watch is not None else Watch()
    page = browser.new_page(viewport={"width": 1300, "height": 900})

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            watch.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    page.on(
        "console",
        lambda m: watch.errors.append(m.text) if m.type in ("error", "warning") else None,
    )
    page.goto(url)
    return page


def open_map(browser: Any, path: Path, watch: Watch | None = None) -> Any:
    """A page with a map, once the map has drawn its first frame."""
    page = open_page(browser, path.as_uri(), watch)
    page.wait_for_selector("section.pm-map[data-stable=true]", state="attached", timeout=60_000)
    return page


def shown(page: Any, what: str = "nodes") -> list[dict[str, Any]]:
    """The items the map draws now (its DataView), with their data."""
    view = "nodeView" if what == "nodes" else "edgeView"
    items: list[dict[str, Any]] = page.evaluate(f"window.powermapMaps['pm-map'].{view}.get()")
    return items


def keys(page: Any) -> set[str]:
    return {n["key"] for n in shown(page)}


def show_everything(page: Any) -> None:
    """Tick every legend box: a big map opens on the actor network alone."""
    for box in page.locator("[data-toggle]").all():
        box.check()


def analyses_of(site: Site, **filters: str) -> set[str]:
    return {f"analysis:{a}" for a in narrow(site.snap, Filters(**filters)).analyses}


# ---------------------------------------------------------------- the map


def test_the_map_opens_on_the_actor_network_at_given_positions(site: Site, browser: Any) -> None:
    G = map_graph(site.snap)
    page = open_map(browser, site.out / "map.html")
    nodes = page.evaluate("window.powermapMaps['pm-map'].nodes.get()")
    assert all(isinstance(n["x"], int | float) and isinstance(n["y"], int | float) for n in nodes)
    assert {n["type"] for n in shown(page)} == {"actor"}
    assert {e["kind"] for e in shown(page, "edges")} == {"claim"}
    physics = page.evaluate("window.powermapMaps['pm-map'].network.physics.physicsEnabled")
    assert physics is False
    assert page.locator("[data-role=relax]").count() == 0  # too big to relax
    assert G.number_of_nodes() > 80
    page.close()


def test_the_map_draws_every_node_and_edge_of_the_graph(site: Site, browser: Any) -> None:
    G = aggregate(map_graph(site.snap), style()["actor_budget"])  # the tail merged by kind
    page = open_map(browser, site.out / "map.html")
    show_everything(page)
    counts = page.evaluate(
        """(() => { const m = window.powermapMaps['pm-map'];
             return [m.nodes.length, m.edges.length, m.nodeView.length, m.edgeView.length,
                     Object.keys(m.network.getPositions()).length,
                     m.network.physics.physicsEnabled]; })()"""
    )
    n, e = G.number_of_nodes(), G.number_of_edges()
    assert counts == [n, e, n, e, n, False]  # all drawn, no physics
    assert keys(page) == set(G.nodes)
    claims = [x for x in shown(page, "edges") if x["kind"] == "claim"]
    assert len(claims) == sum(1 for *_, k in G.edges(data="kind") if k == "claim")
    assert page.locator("[data-role=status]").text_content() == (
        f"Showing {n} of {n} nodes and {e} of {e} links"
    )
    page.close()


def test_the_search_box_shows_the_matches_and_their_neighbours(site: Site, browser: Any) -> None:
    page = open_map(browser, site.out / "map.html")
    show_everything(page)
    total = len(shown(page))
    page.fill("[data-filter=query]", "qatar")
    nodes, edges = shown(page), shown(page, "edges")
    matches = {n["id"] for n in nodes if "qatar" in n["search"]}
    assert "actor:qatar" in {n["key"] for n in nodes if n["id"] in matches}
    assert 0 < len(nodes) < total
    assert all(e["from"] in matches or e["to"] in matches for e in edges)
    linked = matches | {e["from"] for e in edges} | {e["to"] for e in edges}
    assert {n["id"] for n in nodes} == linked
    selected = page.evaluate("window.powermapMaps['pm-map'].network.getSelectedNodes()")
    assert set(selected) == matches
    page.fill("[data-filter=query]", "")
    assert len(shown(page)) == total
    page.close()


def test_the_lens_filter_keeps_the_analyses_of_that_lens(site: Site, browser: Any) -> None:
    page = open_map(browser, site.out / "map.html")
    show_everything(page)
    page.select_option("[data-filter=lens]", "Labor & Economy")
    on_map = {k for k in keys(page) if k.startswith("analysis:")}
    assert on_map == analyses_of(site, lens="Labor & Economy")
    assert on_map
    page.close()


def test_the_time_filter_keeps_the_analyses_of_those_months(site: Site, browser: Any) -> None:
    page = open_map(browser, site.out / "map.html")
    show_everything(page)
    page.select_option("[data-filter=since]", "2026-06")
    page.select_option("[data-filter=until]", "2026-09")
    on_map = {k for k in keys(page) if k.startswith("analysis:")}
    assert on_map == analyses_of(site, since="2026-06", until="2026-09")
    assert 0 < len(on_map) < len(site.snap.analyses)
    page.close()


def test_the_mechanism_filter_keeps_the_claims_through_it(site: Site, browser: Any) -> None:
    page = open_map(browser, site.out / "map.html")
    claims = [c for c in site.snap.claims if c.mechanism]
    mechanism = max(
        {c.mechanism for c in claims}, key=lambda m: sum(c.mechanism == m for c in claims)
    )
    show_everything(page)
    page.select_option("[data-filter=mechanism]", mechanism)
    edges = [e for e in shown(page, "edges") if e["kind"] == "claim"]
    assert edges and all(e["mechanism"] == mechanism for e in edges)
    expected = sum(len(c.targets) or 1 for c in claims if c.mechanism == mechanism)
    assert len(edges) == expected
    page.close()


def test_clicking_an_actor_shows_its_analyses_and_a_click_beside_hides_them(
    site: Site, browser: Any
) -> None:
    page = open_map(browser, site.out / "map.html")
    named = {a for actors in site.snap.mentions.values() for a in actors}
    wanted = sorted(named, key=lambda a: -sum(a in m for m in site.snap.mentions.values()))
    found = page.evaluate(
        """(wanted) => { const m = window.powermapMaps['pm-map'], net = m.network;
             for (const actor of wanted) {  // the first whose spot no other node covers
               const node = m.nodes.get({filter: n => n.key === 'actor:' + actor})[0];
               if (!node) continue;
               net.moveTo({position: net.getPosition(node.id), scale: 2.5, animation: false});
               const at = net.canvasToDOM(net.getPosition(node.id));
               if (net.getNodeAt(at) === node.id) return {actor: actor, at: at, label: node.label};
             }
             return null; }""",
        wanted,
    )
    assert found is not None
    box = page.locator(".pm-canvas canvas").bounding_box()
    page.mouse.click(box["x"] + found["at"]["x"], box["y"] + found["at"]["y"])
    near = {k for k in keys(page) if k.startswith("analysis:")}
    actor = found["actor"]
    naming = {f"analysis:{a}" for a, named in site.snap.mentions.items() if actor in named}
    assert naming and naming <= near
    assert f"around {found['label']}" in page.locator("[data-role=status]").text_content()
    page.wait_for_timeout(500)  # a second tap too soon after the first is a double tap
    beside = page.evaluate(
        """() => { const net = window.powermapMaps['pm-map'].network;  // a spot with no node
             const c = document.querySelector('.pm-canvas canvas');
             for (let y = 5; y < c.clientHeight; y += 15)
               for (let x = 5; x < c.clientWidth; x += 15)
                 if (net.getNodeAt({x: x, y: y}) === undefined) return {x: x, y: y};
             return null; }"""
    )
    assert beside is not None
    page.mouse.click(box["x"] + beside["x"], box["y"] + beside["y"])  # a link at most
    assert {n["type"] for n in shown(page)} == {"actor"}
    page.close()


def test_the_table_lists_the_actors_and_the_keyboard_reaches_one_on_the_map(
    site: Site, browser: Any
) -> None:
    page = open_map(browser, site.out / "map.html")
    summary = page.locator(".pm-table summary")
    summary.focus()
    page.keyboard.press("Enter")
    rows = page.locator(".pm-table tbody tr")
    G = aggregate(map_graph(site.snap), style()["actor_budget"])
    actors = {k for k, t in G.nodes(data="type") if t == "actor"}
    assert rows.count() == len(actors)
    row = rows.filter(has=page.locator("th a", has_text="Qatar")).first
    assert row.locator("th a").get_attribute("href") == "actor/qatar.html"
    row.locator("button").focus()
    page.keyboard.press("Enter")
    assert "around Qatar" in page.locator("[data-role=status]").text_content()
    selected = page.evaluate("window.powermapMaps['pm-map'].network.getSelectedNodes()")
    assert [n["key"] for n in shown(page) if n["id"] in selected] == ["actor:qatar"]
    page.close()


def test_relax_layout_moves_a_small_map_for_a_moment_then_stops(site: Site, browser: Any) -> None:
    page = open_map(browser, site.out / site_pages(site.out)["actor"]["qatar"])
    before = page.evaluate("window.powermapMaps['pm-map'].network.getPositions()")
    page.click("[data-role=relax]")
    page.wait_for_selector("section.pm-map:not([data-relaxing])", state="attached")
    after = page.evaluate("window.powermapMaps['pm-map'].network.getPositions()")
    assert after.keys() == before.keys() and after != before
    physics = page.evaluate("window.powermapMaps['pm-map'].network.physics.physicsEnabled")
    assert physics is False
    page.close()


def test_the_legend_hides_and_shows_a_node_type(site: Site, browser: Any) -> None:
    page = open_map(browser, site.out / "map.html")
    page.uncheck("[data-toggle=topic]")
    assert not [n for n in shown(page) if n["type"] == "topic"]
    page.check("[data-toggle=topic]")
    assert [n for n in shown(page) if n["type"] == "topic"]
    page.close()


def test_clicking_an_analysis_opens_its_page(site: Site, browser: Any) -> None:
    page = open_map(browser, site.out / "map.html")
    show_everything(page)
    found = page.evaluate(
        """(wanted) => { const m = window.powermapMaps['pm-map'], net = m.network;
             for (const analysis of wanted) {  // the first whose spot no other node covers
               const id = m.nodes.get({filter: n => n.key === 'analysis:' + analysis})[0].id;
               net.moveTo({position: net.getPosition(id), scale: 2.5, animation: false});
               const at = net.canvasToDOM(net.getPosition(id));
               if (net.getNodeAt(at) === id) return {analysis: analysis, at: at};
             }
             return null; }""",
        sorted(site.snap.analyses),
    )
    assert found is not None
    analysis = found["analysis"]
    box = page.locator(".pm-canvas canvas").bounding_box()
    page.mouse.click(box["x"] + found["at"]["x"], box["y"] + found["at"]["y"])
    page.wait_for_url("**/analysis/*.html")
    assert page.url.endswith("/" + site_pages(site.out)["analysis"][analysis])
    page.close()


def test_edge_tooltips_show_evidence_title_and_date_as_text(site: Site, browser: Any) -> None:
    page = open_map(browser, site.out / "analysis" / "payload-page.html")
    edge = page.evaluate(
        """(() => {
             const m = window.powermapMaps['pm-map'], net = m.network;
             const e = m.edges.get({filter: x => x.relation === 'gains_leverage'})[0];
             const a = net.canvasToDOM(net.getPosition(e.from));
             const b = net.canvasToDOM(net.getPosition(e.to));
             for (let t = 0.2; t <= 0.8; t += 0.05) {
               for (let d = -30; d <= 30; d += 2) {
                 const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
                 const p = {x: a.x + t * (b.x - a.x) - d * (b.y - a.y) / len,
                            y: a.y + t * (b.y - a.y) + d * (b.x - a.x) / len};
                 if (net.getEdgeAt(p) === e.id && net.getNodeAt(p) === undefined) return p;
               }
             }
             return null; })()"""
    )
    assert edge is not None
    box = page.locator(".pm-canvas canvas").bounding_box()
    tooltip = page.locator("div.vis-tooltip")
    for attempt in range(10):  # a busy machine may drop a hover: move in again, a pixel off
        page.mouse.move(box["x"] + edge["x"] + attempt % 2, box["y"] + edge["y"])
        try:
            tooltip.wait_for(state="visible", timeout=2_000)
            break
        except Exception:  # playwright's TimeoutError; retried
            continue
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.text_content()
    assert "<script>alert(9)</script> Qatar gains leverage over" in text
    assert "<script>alert(1)</script> Talks" in text and "2026-05-01" in text
    tags = tooltip.evaluate("t => [...t.querySelectorAll('*')].map(e => e.tagName)")
    assert set(tags) <= {"BR"}  # text and line breaks only: no element came from the text
    page.close()


def test_a_path_step_highlights_its_part_of_the_map(site: Site, browser: Any) -> None:
    pages = site_pages(site.out)["path"]
    path = next(p for p in pages if p.startswith("actor-"))
    page = open_map(browser, site.out / pages[path])
    page.locator("[data-tour=pm-map]").nth(1).click()
    selected = page.evaluate("window.powermapMaps['pm-map'].network.getSelectedNodes()")
    tour = json.loads(page.locator("#pm-map-data").text_content())["tour"][1]["nodes"]
    assert selected and set(selected) == set(tour)
    assert page.locator("[data-tour=pm-map]").nth(1).get_attribute("aria-current") == "step"
    page.close()


# ---------------------------------------------------------------- every page


def test_every_page_resolves_its_links_and_sends_nothing_outside(site: Site, browser: Any) -> None:
    watch = Watch()
    pages = sorted(site.out.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        page = open_page(browser, path.as_uri(), watch)
        links = page.evaluate(
            """[...document.querySelectorAll('a[href], script[src], link[href]')]
                 .map(e => e.href || e.src)"""
        )
        for link in links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue  # a link out (Wikidata, the original reporting), never loaded
            assert parts.scheme == "file", f"{path.name}: {link}"
            assert Path(unquote(parts.path)).is_file(), f"{path.relative_to(site.out)}: {link}"
        page.close()
    assert watch.outside == []
    assert watch.dialogs == []
    assert watch.errors == []


def test_payloads_render_as_text_and_run_nothing(site: Site, browser: Any) -> None:
    watch = Watch()
    pages = site_pages(site.out)
    with_map = ["map.html", pages["analysis"]["payload-page"], pages["actor"]["payload-actor"]]
    for name in ["index.html", "analyses.html", "actors.html", *with_map]:
        if name in with_map:
            page = open_map(browser, site.out / name, watch)
        else:
            page = open_page(browser, (site.out / name).as_uri(), watch)
        assert page.locator("img").count() == 0, name
        page.close()
    page = open_page(browser, (site.out / pages["analysis"]["payload-page"]).as_uri(), watch)
    assert page.locator("h1").text_content() == (
        '<script>alert(1)</script> Talks "><img src=x onerror=alert(2)>'
    )
    mark = page.locator("mark").first.text_content()
    assert mark.startswith("<script>alert(9)</script> Qatar gains leverage")
    page.close()
    page = open_page(browser, (site.out / pages["actor"]["payload-actor"]).as_uri(), watch)
    assert page.locator("h1").text_content() == '"><img src=x onerror=alert(11)>'
    page.close()
    assert watch.dialogs == []
    assert watch.errors == []  # an injected script or handler would be reported, blocked


def test_a_shared_map_with_many_claims_bundles_them_in_the_page(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(style(), "claim_links_up_to", 1)
    readers = ROOT / "tests" / "fixtures" / "readers"
    extractions = [
        Extraction.from_dict(json.loads((readers / f"{name}.json").read_text("utf-8")))
        for name in ("talks-jan", "oil-mar", "wheat-apr", "talks-jun")
    ]
    with open_store(tmp_path / "store") as store:
        assert ingest(store, extractions).ok
        build_site(store, tmp_path / "site")
    watch = Watch()
    page = open_map(browser, tmp_path / "site" / "path" / "actor-iran.html", watch)
    edges = shown(page, "edges")
    bundles = [e for e in edges if e["kind"] == "bundle"]
    assert bundles and " claims in " in bundles[0]["title"]
    types = {n["id"]: n["type"] for n in shown(page)}
    assert not [e for e in edges if e["kind"] == "claim" and types[e["to"]] == "actor"]
    assert watch.errors == []
    page.close()
