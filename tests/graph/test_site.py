"""The static site: pages, relative links that resolve, highlighted evidence, escaped payloads."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import networkx as nx
import pytest

from powermap.extract.errors import PowermapError
from powermap.extract.model import Extraction
from powermap.graph.site import pages
from powermap.graph.site.fingerprint import graph_digest
from powermap.graph.site.mapgraph import map_graph
from powermap.graph.site.pages import SITE_MARKER, SiteSummary, build_site, site_pages
from powermap.graph.site.render import map_data
from powermap.graph.site.templating import script_json, style
from powermap.graph.store.backends import OxigraphStore, open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.views.filters import Filters
from powermap.graph.views.index import sync_index
from powermap.graph.views.network import narrow
from powermap.graph.views.snapshot import read_snapshot

READERS = Path(__file__).parent.parent / "fixtures" / "readers"
NAMES = ("talks-jan", "oil-mar", "wheat-apr", "talks-jun", "payload")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the four fixture analyses and one carrying HTML payloads."""
    location = tmp_path_factory.mktemp("site") / "store"
    extractions = [
        Extraction.from_dict(json.loads((READERS / f"{name}.json").read_text("utf-8")))
        for name in NAMES
    ]
    with open_store(location) as opened:
        assert ingest(opened, extractions).ok
    return location


@pytest.fixture(scope="module")
def site(store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteSummary]:
    out = tmp_path_factory.mktemp("out") / "site"
    with open_store(store, read_only=True) as opened:
        return out, build_site(opened, out)


class _Links(HTMLParser):
    """Every href and src of a page, its element ids, and the text inside <mark> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.marks: list[str] = []
        self._mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._mark = self._mark or tag == "mark"
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value is not None:
                self.ids.add(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._mark = False

    def handle_data(self, data: str) -> None:
        if self._mark:
            self.marks.append(data)


def read(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser


# ---------------------------------------------------------------- the site


def test_the_site_has_an_index_map_ontology_and_a_page_per_actor_analysis_and_path(
    site: tuple[Path, SiteSummary],
) -> None:
    out, summary = site
    for name in ("index.html", "map.html", "ontology.html", "actors.html", "analyses.html"):
        assert (out / name).is_file(), name
    assert (summary.analyses, summary.actors) == (5, 8)
    assert len(list((out / "analysis").glob("*.html"))) == 5
    assert len(list((out / "actor").glob("*.html"))) == 8
    assert len(list((out / "path").glob("*.html"))) == summary.paths
    assert (out / "assets" / "vis-network.min.js").is_file()
    assert summary.pages == 6 + 5 + 8 + summary.paths == len(list(out.rglob("*.html")))


def test_every_link_of_every_page_resolves_to_a_file_of_the_site(
    site: tuple[Path, SiteSummary],
) -> None:
    out, _ = site
    pages = sorted(out.rglob("*.html"))
    checked = 0
    for page in pages:
        found = read(page)
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue  # Wikidata and the original reporting: links out, never loaded
            if link.startswith("#"):  # within the page (the skip link to the map's table)
                assert parts.fragment in found.ids, f"{page.relative_to(out)}: no {link}"
                continue
            assert not parts.scheme and not parts.netloc, f"{page.name}: {link}"
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(out)} links to missing {link}"
            assert out.resolve() in target.parents
            checked += 1
    assert checked > 100


def test_pages_load_scripts_and_styles_only_from_the_site(site: tuple[Path, SiteSummary]) -> None:
    out, _ = site
    for page in out.rglob("*.html"):
        text = page.read_text("utf-8")
        assert 'src="http' not in text and 'rel="stylesheet" href="http' not in text
        assert "Content-Security-Policy" in text


def test_the_index_lists_lenses_topics_top_gainers_and_latest_analyses(
    site: tuple[Path, SiteSummary],
) -> None:
    out, _ = site
    index = (out / "index.html").read_text("utf-8")
    assert '<a href="path/lens-labor-economy.html">Labor &amp; Economy</a>' in index
    assert 'href="path/topic-food.html"' in index
    assert index.index("Top gainers") < index.index('href="actor/international-monetary-fund.html"')
    latest = index[index.index("Latest analyses") :]
    assert latest.index("talks-jun.html") < latest.index("wheat-apr.html")


def test_an_analysis_page_highlights_its_claims_evidence_in_its_sections(
    site: tuple[Path, SiteSummary],
) -> None:
    out, _ = site
    page = read(out / "analysis" / "talks-jan.html")
    assert page.marks == [
        "Qatar brokers between Iran and the United States.",
        "Washington pressures Tehran with sanctions.",
    ]
    text = (out / "analysis" / "talks-jan.html").read_text("utf-8")
    assert 'id="pm-map-data"' in text


def test_an_analysis_page_links_to_the_next_step_of_its_reader_paths(
    site: tuple[Path, SiteSummary],
) -> None:
    out, _ = site
    text = (out / "analysis" / "oil-mar.html").read_text("utf-8")
    assert "Next on this path:" in text
    assert 'href="../analysis/talks-jun.html"' in text
    assert 'On the reader path <a href="../path/actor-iran.html">Iran</a> (step 2 of 3)' in text


def test_a_path_page_lists_its_steps_with_why_and_a_tour_button_each(
    site: tuple[Path, SiteSummary],
) -> None:
    out, _ = site
    text = (out / "path" / "actor-iran.html").read_text("utf-8")
    assert text.count('data-tour="pm-map"') == 3
    assert "Picks up Iran and sanctions from the last step" in text


def test_an_actor_page_has_its_profile_neighbourhood_map_and_timeline(
    site: tuple[Path, SiteSummary],
) -> None:
    out, _ = site
    text = (out / "actor" / "saudi-arabia.html").read_text("utf-8")
    assert "<h1>Saudi Arabia</h1>" in text
    assert "Gains leverage over" in text and 'href="../actor/iran.html"' in text
    assert 'id="pm-map-data"' in text
    assert "Saudi Arabia gains leverage over Iran." in text


def test_the_ontology_page_explains_kinds_relations_and_mechanisms(
    site: tuple[Path, SiteSummary],
) -> None:
    out, _ = site
    text = (out / "ontology.html").read_text("utf-8")
    for words in ("pm:IGO", "extracts concessions", "third-party mediation", "economic coercion"):
        assert words in text


def test_payloads_render_as_text_on_every_page(site: tuple[Path, SiteSummary]) -> None:
    out, _ = site
    for page in out.rglob("*.html"):
        text = page.read_text("utf-8")
        for payload in ("<script>alert", "<img src=x", "javascript:alert"):
            assert payload not in text, page.relative_to(out)
        assert "img" not in read(page).tags
    text = (out / "analysis" / "payload-page.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Talks &#34;&gt;&lt;img src=x" in text
    assert "onerror=alert(10)&gt;.</mark>" in text


def test_the_site_records_its_pages_by_id(site: tuple[Path, SiteSummary]) -> None:
    out, _ = site
    pages = site_pages(out)
    assert pages["analysis"]["talks-jan"] == "analysis/talks-jan.html"
    assert pages["actor"]["iran"] == "actor/iran.html"


def test_rebuilding_replaces_the_pages_and_removes_those_gone(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    with open_store(store, read_only=True) as opened:
        build_site(opened, out)
        assert isinstance(opened, OxigraphStore)
        fewer = narrow(read_snapshot(opened), Filters(lens="Labor & Economy"))
        summary = build_site(opened, out, snap=fewer)
    assert sorted(p.name for p in (out / "analysis").glob("*.html")) == ["wheat-apr.html"]
    assert "analysis/talks-jan.html" in summary.removed


def test_a_current_views_index_gives_the_records_texts_and_same_pages_as_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = tmp_path / "store"
    extractions = [
        Extraction.from_dict(json.loads((READERS / f"{name}.json").read_text("utf-8")))
        for name in NAMES
    ]
    with open_store(location) as opened:
        assert ingest(opened, extractions).ok
    with open_store(location, read_only=True) as opened:
        build_site(opened, tmp_path / "from-store")  # no index yet: read from the store
        sync_index(opened)

        def no_store_reads(store: object) -> None:
            raise AssertionError("read the store although its index is current")

        monkeypatch.setattr(pages, "read_snapshot", no_store_reads)
        monkeypatch.setattr(pages, "read_texts", no_store_reads)
        build_site(opened, tmp_path / "from-index")
    files = sorted(
        p.relative_to(tmp_path / "from-store")
        for p in (tmp_path / "from-store").rglob("*")
        if p.is_file()
    )
    assert len(files) > 20
    for name in files:
        assert (tmp_path / "from-index" / name).read_bytes() == (
            tmp_path / "from-store" / name
        ).read_bytes(), name


def test_a_part_of_the_map_spanning_many_analyses_is_a_view_equal_to_the_copy(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(store, read_only=True) as opened:
        snap = read_snapshot(opened)
    G = map_graph(snap)
    site = pages._Site(
        snap=snap, gainers=[], paths=[], mechanisms=[], graph=G, files=pages._Files()
    )
    pages._index_records(site)
    analyses = sorted(snap.analyses)[:3]
    copy = site.part_of(analyses)
    monkeypatch.setattr(pages, "style", lambda: {**style(), "shared_parts_up_to": 2})
    view = site.part_of(analyses)
    assert nx.is_frozen(view) and not nx.is_frozen(copy)
    assert sorted(view.nodes(data=True)) == sorted(copy.nodes(data=True))
    assert graph_digest(view) == graph_digest(copy)
    assert map_data(view) == map_data(copy)
    pages._let_go(view)  # a view of the map is left alone
    assert G.number_of_edges() > view.number_of_edges() > 0


def test_a_folder_holding_something_else_is_refused(store: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with (
        open_store(store, read_only=True) as opened,
        pytest.raises(PowermapError, match="not empty"),
    ):
        build_site(opened, tmp_path)
    assert (tmp_path / "notes.txt").read_text("utf-8") == "mine"
    assert not (tmp_path / SITE_MARKER).exists()


def test_site_pages_of_a_folder_without_a_site_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PowermapError, match="no site"):
        site_pages(tmp_path)


# ---------------------------------------------------------------- shared map data, paginated lists


def scripts_of(path: Path) -> list[str]:
    return [link for link in read(path).links if link.endswith(".js")]


def test_pages_share_map_data_files_instead_of_embedding_copies(
    site: tuple[Path, SiteSummary],
) -> None:
    out, _ = site
    assert (out / "data" / "nodes.js").is_file()
    analysis = scripts_of(out / "analysis" / "talks-jan.html")
    assert "../data/nodes.js" in analysis and "../data/analysis/talks-jan.js" in analysis
    path = scripts_of(out / "path" / "actor-iran.html")
    assert {"../data/analysis/talks-jan.js", "../data/analysis/oil-mar.js"} <= set(path)
    for page in [out / "analysis" / "talks-jan.html", out / "path" / "actor-iran.html"]:
        text = page.read_text("utf-8")
        block = text[text.index('id="pm-map-data">') :]
        spec = json.loads(block[block.index(">") + 1 : block.index("</script>")])
        assert all(isinstance(n, str) for n in spec["nodes"])  # ids into data/nodes.js
        assert "edges" not in spec
    nodes = (out / "data" / "nodes.js").read_text("utf-8")
    assert nodes.count('"key":"actor:iran"') == 1


def test_a_data_file_written_in_pieces_holds_the_escaped_json_of_its_value() -> None:
    value = {
        "nodes": [{"label": "</script><img src=x onerror=alert(1)>", "x": 1}, {"t": "a&b"}],
        "edges": [],
        "analyses": {"a0": {"lens": "Labor & Economy", "mechanisms": ["m\u2028"]}},
    }
    text = pages._register("parts", "path/x", value)
    assert text == (
        "(window.powermapData = window.powermapData || {parts: {}, nodes: {}})"
        f'.parts["path/x"] = {script_json(value)};\n'
    )
    assert "</script" not in text and "<img" not in text


def test_a_map_too_big_to_share_gets_a_data_file_of_its_own(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(style(), "shared_parts_up_to", 1)
    out = tmp_path / "site"
    with open_store(store, read_only=True) as opened:
        build_site(opened, out)
    assert scripts_of(out / "path" / "actor-iran.html") == [
        "../assets/vis-network.min.js",
        "../data/path/actor-iran.js",
        "../assets/map.js",
    ]
    assert "../data/analysis/talks-jan.js" in scripts_of(out / "analysis" / "talks-jan.html")


def test_list_pages_are_paginated_with_previous_and_next_links(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "LIST_PAGE", 2)
    out = tmp_path / "site"
    with open_store(store, read_only=True) as opened:
        summary = build_site(opened, out)
    assert sorted(p.name for p in out.glob("analyses*.html")) == [
        "analyses-2.html",
        "analyses-3.html",
        "analyses.html",
    ]
    second = (out / "analyses-2.html").read_text("utf-8")
    assert 'href="analyses.html" rel="prev"' in second
    assert 'href="analyses-3.html" rel="next"' in second
    assert "3–4 of 5 (page 2 of 3)" in second
    assert len(list(out.glob("actors*.html"))) == 4  # 8 actors
    listed = "".join(p.read_text("utf-8") for p in out.glob("analyses*.html"))
    assert all(f"analysis/{name}.html" in listed for name in ("talks-jan", "wheat-apr"))
    assert summary.pages == len(list(out.rglob("*.html")))
    with open_store(store, read_only=True) as opened:
        monkeypatch.setattr(pages, "LIST_PAGE", 200)
        again = build_site(opened, out)
    assert not (out / "analyses-2.html").exists()
    assert "analyses-3.html" in again.removed


# ---------------------------------------------------------------- incremental


def test_an_incremental_build_rewrites_only_the_files_that_change(
    store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    with open_store(store, read_only=True) as opened:
        snap = read_snapshot(opened)
        build_site(opened, out, snap=snap)
        files = sorted(p for p in out.rglob("*") if p.is_file())
        for path in files:
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # long ago
        before = {p: p.read_bytes() for p in files}
        same = build_site(opened, out, snap=snap, incremental=True)
        assert same.written == 0
        assert all(p.stat().st_mtime_ns == 1_000_000_000 for p in files)
        claim = next(c for c in snap.claims if c.analysis == "wheat-apr")
        edited = replace(claim, evidence=claim.evidence.replace(".", ", says the edit."))
        changed = replace(snap, claims=tuple(edited if c == claim else c for c in snap.claims))
        summary = build_site(opened, out, snap=changed, incremental=True)
    touched = {
        p.relative_to(out).as_posix() for p in files if p.stat().st_mtime_ns != 1_000_000_000
    }
    assert "analysis/wheat-apr.html" in touched and "data/analysis/wheat-apr.js" in touched
    assert summary.written == len(touched)
    untouched = [p for p in files if p.relative_to(out).as_posix() not in touched]
    assert out / "analysis" / "talks-jan.html" in untouched
    assert out / "data" / "analysis" / "talks-jan.js" in untouched
    assert all(p.read_bytes() == before[p] for p in untouched)
    assert ", says the edit" in (out / "analysis" / "wheat-apr.html").read_text("utf-8")


def test_an_incremental_build_renders_only_the_pages_whose_inputs_changed(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    rendered: list[str] = []
    original = pages._render

    def spy(site: object, where: Path, name: str, template: str, **context: object) -> None:
        rendered.append(name)
        original(site, where, name, template, **context)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "_render", spy)
    with open_store(store, read_only=True) as opened:
        snap = read_snapshot(opened)
        first = build_site(opened, out, snap=snap)
        assert first.rendered == len(rendered) == first.pages
        files = sorted(p for p in out.rglob("*") if p.is_file() and p.name != SITE_MARKER)
        for path in files:
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))
        before = {p: p.read_bytes() for p in files}
        rendered.clear()
        same = build_site(opened, out, snap=snap, incremental=True)
        assert (same.rendered, same.written, rendered) == (0, 0, [])
        claim = next(c for c in snap.claims if c.analysis == "wheat-apr")
        edited = replace(claim, evidence=claim.evidence.replace(".", ", says the edit."))
        changed = replace(snap, claims=tuple(edited if c == claim else c for c in snap.claims))
        summary = build_site(opened, out, snap=changed, incremental=True)
    names = site_pages(out)
    # the pages that show the edited claim: its analysis, the actors it names (their
    # profiles and neighbourhood maps), the paths through its analysis, the full map and
    # the index (its top gainers quote their evidence)
    showing = {"map.html", "index.html", names["analysis"]["wheat-apr"]}
    showing |= {names["actor"][a] for a in snap.mentions["wheat-apr"] if a in names["actor"]}
    showing |= {names["actor"][a] for a in (claim.holder, *claim.targets)}
    showing |= {
        file
        for key, file in names["path"].items()
        if "wheat-apr" in (out / file).read_text("utf-8")
    }
    assert names["analysis"]["wheat-apr"] in rendered and "map.html" in rendered
    assert set(rendered) <= showing
    assert summary.rendered == len(rendered) < first.pages
    assert not any(name.startswith("analysis/") and "wheat-apr" not in name for name in rendered)
    touched = {p for p in files if p.stat().st_mtime_ns != 1_000_000_000}
    assert all(p.read_bytes() == before[p] for p in files if p not in touched)
    assert {p.relative_to(out).as_posix() for p in touched} <= showing | {
        "data/map.js",
        "data/nodes.js",
        "data/analysis/wheat-apr.js",
    }
