"""The topic map as vis-network data and as a self-contained page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from powermap.extract.model import Extraction
from powermap.graph.site.mapgraph import map_graph
from powermap.graph.site.render import (
    edge_order,
    link_items,
    map_data,
    map_items,
    map_page,
    topic_map,
)
from powermap.graph.site.templating import style
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.views.filters import Filters
from powermap.graph.views.snapshot import Snapshot, read_snapshot

READERS = Path(__file__).parent.parent / "fixtures" / "readers"
NORMAL = ("talks-jan", "oil-mar", "wheat-apr", "talks-jun")
PAYLOADS = ("<script>alert(", "<img src=x", "</script><script>")


def load(*names: str) -> list[Extraction]:
    return [
        Extraction.from_dict(json.loads((READERS / f"{name}.json").read_text("utf-8")))
        for name in names
    ]


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The four fixture analyses read back from a store."""
    location = tmp_path_factory.mktemp("render") / "store"
    with open_store(location) as opened:
        assert ingest(opened, load(*NORMAL)).ok
        return read_snapshot(opened)


@pytest.fixture(scope="module")
def payload_snap(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """An analysis whose title, actor, evidence, topic and mechanism carry HTML payloads."""
    location = tmp_path_factory.mktemp("payload") / "store"
    with open_store(location) as opened:
        assert ingest(opened, load("payload", "talks-jan")).ok
        return read_snapshot(opened)


class _Scripts(HTMLParser):
    """The elements of a page: tag names with attributes, and the JSON data blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: dict[str, str] = {}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") == "application/json":
            self._in = attributes.get("id") or ""

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self.data[self._in] = self.data.get(self._in, "") + data


def parse(page: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(page)
    return parser


# ---------------------------------------------------------------- map_data


def test_map_data_uses_opaque_ids_and_keeps_the_graph_key(snap: Snapshot) -> None:
    data = map_data(map_graph(snap))
    assert all(re.fullmatch(r"n\d+", n["id"]) for n in data["nodes"])
    assert all(re.fullmatch(r"e\d+", e["id"]) for e in data["edges"])
    keys = {n["key"] for n in data["nodes"]}
    assert {"actor:iran", "analysis:talks-jan", "mechanism:sanctions", "topic:food"} <= keys


def test_claim_edges_are_labelled_by_relation_and_coloured_by_polarity(snap: Snapshot) -> None:
    data = map_data(map_graph(snap))
    claims = [e for e in data["edges"] if e["kind"] == "claim"]
    concession = next(e for e in claims if e["relation"] == "extracts_concessions")
    depends = next(e for e in claims if e["relation"] == "depends_on")
    assert concession["label"] == "extracts concessions"
    assert concession["arrows"] == "to"
    assert concession["color"] != depends["color"]


def test_inferred_claims_are_dashed_with_a_legend_toggle_of_their_own(snap: Snapshot) -> None:
    from dataclasses import replace

    depends = next(c for c in snap.claims if c.relation == "depends_on")
    inferred = replace(
        snap, claims=tuple(replace(c, basis="inferred") if c == depends else c for c in snap.claims)
    )
    claims = [e for e in map_data(map_graph(inferred))["edges"] if e["kind"] == "claim"]
    dashed = [e for e in claims if e["dashes"]]
    assert [(e["relation"], e["basis"]) for e in dashed] == [("depends_on", "inferred")]
    assert "inferred: a party is drawn from the discourse" in dashed[0]["title"]
    links = {
        link["value"]: link["count"] for link in map_data(map_graph(inferred))["legend"]["links"]
    }
    assert links["inferred"] == 1


def test_a_map_with_only_stated_claims_draws_no_dashed_claim_and_no_inferred_toggle(
    snap: Snapshot,
) -> None:
    data = map_data(map_graph(snap))
    assert not [e for e in data["edges"] if e["kind"] == "claim" and e["dashes"]]
    assert "inferred" not in {link["value"] for link in data["legend"]["links"]}


def test_an_edge_tooltip_gives_evidence_title_and_date(snap: Snapshot) -> None:
    data = map_data(map_graph(snap))
    edge = next(e for e in data["edges"] if e.get("relation") == "extracts_concessions")
    assert edge["title"].splitlines()[:3] == [
        "Iran extracts concessions United States",
        "“Iran extracts concessions from the United States while Qatar hosts.”",
        "Second Doha round: Iran extracts a concession — 2026-06-15",
    ]


def test_filters_offer_the_lenses_mechanisms_and_months_on_the_map(snap: Snapshot) -> None:
    data = map_data(map_graph(snap))
    assert data["filters"]["lenses"] == ["Global Power Plays", "Labor & Economy"]
    assert data["filters"]["months"] == ["2026-01", "2026-03", "2026-04", "2026-06"]
    mechanisms = {m["value"] for m in data["filters"]["mechanisms"]}
    assert {"sanctions", "energy-leverage", "loan-conditionality"} <= mechanisms
    assert {"value": "economic-coercion", "label": "economic coercion"} in data["filters"][
        "families"
    ]


def test_a_neighbourhood_still_knows_the_family_of_each_claims_mechanism(snap: Snapshot) -> None:
    data = map_data(map_graph(snap, actor="Riyadh", depth=1))
    assert data["families"] == {"energy-leverage": "economic-coercion"}
    assert data["filters"]["families"] == [
        {"value": "economic-coercion", "label": "economic coercion"}
    ]


def test_analyses_link_to_the_given_pages_and_never_to_script_urls(snap: Snapshot) -> None:
    G = map_graph(snap)
    pages = {
        "talks-jan": "analysis/talks-jan.html",
        "oil-mar": "javascript:alert(1)",
        "wheat-apr": "//elsewhere.example/page.html",
    }
    data = map_data(G, analysis_href=pages.get)
    links = {n["key"]: n.get("href") for n in data["nodes"] if n["type"] == "analysis"}
    assert links["analysis:talks-jan"] == "analysis/talks-jan.html"
    assert links["analysis:oil-mar"] is None
    assert links["analysis:wheat-apr"] is None


def test_by_default_an_analysis_links_to_its_web_address_only(snap: Snapshot) -> None:
    data = map_data(map_graph(snap))
    assert not any(n.get("href") for n in data["nodes"])  # no analysis has a web address


def test_a_tour_names_the_nodes_each_step_highlights(snap: Snapshot) -> None:
    G = map_graph(snap)
    data = map_data(G, tour=[("1. Jan", ["analysis:talks-jan", "actor:iran", "actor:gone"])])
    ids = {n["key"]: n["id"] for n in data["nodes"]}
    assert data["tour"] == [
        {"label": "1. Jan", "nodes": [ids["analysis:talks-jan"], ids["actor:iran"]]}
    ]


# ---------------------------------------------------------------- the page


def test_the_page_inlines_its_scripts_and_loads_nothing_from_elsewhere(snap: Snapshot) -> None:
    page = topic_map(snap)
    tags = parse(page).tags
    scripts = [a for t, a in tags if t == "script"]
    assert scripts and all("src" not in a for a in scripts)
    assert not [a for t, a in tags if t == "link"]
    assert "vis.Network" in page and "https://cdn" not in page


def test_the_page_policy_allows_only_its_own_inline_scripts(snap: Snapshot) -> None:
    page = topic_map(snap)
    (policy,) = [
        a["content"]
        for t, a in parse(page).tags
        if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policy is not None
    assert policy.startswith("default-src 'none'; script-src 'self' 'sha256-")
    assert policy.count("'sha256-") == 2
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_the_page_data_block_holds_the_map(snap: Snapshot) -> None:
    G = map_graph(snap)
    data = json.loads(parse(map_page(G)).data["pm-map-data"])
    assert len(data["nodes"]) == G.number_of_nodes()
    assert len(data["edges"]) == G.number_of_edges()


def test_the_page_says_analyses_open_only_when_they_link_somewhere(snap: Snapshot) -> None:
    G = map_graph(snap)
    assert "Click an analysis to open its page." not in map_page(G)
    linked = map_page(G, analysis_href=lambda a: f"analysis/{a}.html")
    assert "Click an analysis to open its page." in linked


def test_the_heading_says_what_the_map_shows(snap: Snapshot) -> None:
    page = topic_map(snap, Filters(lens="Global Power Plays"), actor="Iran")
    assert "<h1>Topic map: around Iran, lens Global Power Plays</h1>" in page


def test_payloads_in_titles_names_and_evidence_are_escaped_everywhere(
    payload_snap: Snapshot,
) -> None:
    page = topic_map(payload_snap)
    for payload in PAYLOADS:
        assert payload not in page
    data = json.loads(parse(page).data["pm-map-data"])
    labels = {n["label"] for n in data["nodes"]}
    assert '"><img src=x onerror=alert(11)>' in labels
    titles = "\n".join(e.get("title", "") for e in data["edges"])
    assert "</script><script>alert(13)</script><!-- -->" in titles
    assert "<script>alert(1)</script>" in "\n".join(n["title"] for n in data["nodes"])


# ---------------------------------------------------------------- scale and the table


def test_every_node_comes_with_its_position_so_the_page_needs_no_physics(snap: Snapshot) -> None:
    data = map_data(map_graph(snap))
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert data["relax"] is True  # a small map offers to relax its layout


def test_a_big_map_opens_on_the_actor_network(
    snap: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert map_data(map_graph(snap))["hidden"] == []
    monkeypatch.setitem(style(), "overview_above", 3)
    monkeypatch.setitem(style(), "relax_up_to", 3)
    data = map_data(map_graph(snap))
    assert data["hidden"] == ["analysis", "mechanism", "topic"]
    assert data["relax"] is False
    page = map_page(map_graph(snap))
    assert 'data-toggle="analysis">' in page and 'data-toggle="actor" checked>' in page
    assert 'data-role="relax"' not in page


def test_many_claims_between_actors_are_drawn_one_line_per_pair_and_polarity(
    snap: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(style(), "claim_links_up_to", 1)
    monkeypatch.setitem(style(), "link_budget", 2)
    G = map_graph(snap)
    data = map_data(G)
    assert data["bundled"] is True
    between = [
        (u, v, d)
        for u, v, d in G.edges(data=True)
        if d["kind"] == "claim" and G.nodes[v]["type"] == "actor"
    ]
    bundles = [e for e in data["edges"] if e["kind"] == "bundle"]
    types = {n["id"]: n["type"] for n in data["nodes"]}
    claims = [e for e in data["edges"] if e["kind"] == "claim"]
    assert claims and all(types[e["to"]] != "actor" for e in claims)  # to a mechanism or analysis
    assert sum(len(b["claims"]) for b in bundles) == len(between)
    assert [b["top"] for b in bundles].count(True) == 2
    assert all(" claims in " in b["title"].splitlines()[0] for b in bundles)


def test_the_table_gives_each_actor_its_claims_gains_and_losses(snap: Snapshot) -> None:
    data = map_data(map_graph(snap), actor_href=lambda a: f"actor/{a}.html")
    rows = {r["label"]: r for r in data["table"]}
    iran = rows["Iran"]
    assert iran["href"] == "actor/iran.html" and iran["kind"] == "State"
    assert "United States" in iran["gains_over"]
    assert iran["claims"] >= 1
    page = map_page(map_graph(snap))
    assert "<summary>Table of the" in page and 'data-focus="n' in page
    assert '"table"' not in parse(page).data["pm-map-data"]  # written as HTML, not sent twice


def test_the_table_heads_are_sort_buttons_in_the_order_of_the_issue(snap: Snapshot) -> None:
    tags = parse(map_page(map_graph(snap))).tags
    sorts = [(a["data-sort"], "data-numeric" in a) for t, a in tags if "data-sort" in a]
    assert sorts == [
        ("actor", False),
        ("kind", False),
        ("gains", False),
        ("loses", False),
        ("claims", True),
        ("analyses", True),
    ]
    assert [a["aria-sort"] for t, a in tags if t == "th" and "aria-sort" in a] == ["descending"]
    assert all(t == "button" and a.get("type") == "button" for t, a in tags if "data-sort" in a)


def test_the_canvas_is_an_image_described_by_a_pointer_to_the_table(snap: Snapshot) -> None:
    tags = parse(map_page(map_graph(snap))).tags
    canvas = next(a for t, a in tags if a.get("data-role") == "canvas")
    assert canvas["role"] == "img" and canvas["aria-label"].startswith("Network map of 7 actors")
    ids = {a.get("id") for t, a in tags}
    assert canvas["aria-describedby"] in ids
    skip = next(a for t, a in tags if a.get("data-role") == "skip")
    assert skip["href"] == "#pm-map-table" and "pm-map-table" in ids


def test_link_items_numbered_in_edge_order_are_the_links_map_data_draws(snap: Snapshot) -> None:
    G = map_graph(snap)
    whole = map_data(G, scale=False)
    ids = {n["key"]: n["id"] for n in whole["nodes"]}
    refs = {analysis: ref for ref, analysis in whole["refs"].items()}
    links = list(link_items(G, ids, refs, enumerate(edge_order(G))))
    assert links == whole["edges"]
    assert len(links) == G.number_of_edges() > 0


def test_map_items_gives_the_edges_of_map_data_one_at_a_time(snap: Snapshot) -> None:
    G = map_graph(snap)
    lazy = map_items(G)
    assert not isinstance(lazy["edges"], list)
    assert {**lazy, "edges": list(lazy["edges"])} == map_data(G)
