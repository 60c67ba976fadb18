"""The map by keyboard and by link, in headless Chromium (Playwright, Debian's build).

A small site is built from the reader fixtures, with one analysis repeated so
that some actors have ten claims or more and others fewer (a text sort would
put "12" before "3"). The tests reach the table of actors by keyboard, sort it
and follow an actor's link; set filters, a search and a focus, copy the URL and
open it in a fresh page; change the fragment in place; and feed the fragment
HTML and unknown values, which must change nothing but what the page offers.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from powermap.extract.model import Extraction
from powermap.graph.site.pages import build_site, site_pages
from powermap.graph.site.render import topic_map
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest

pytestmark = pytest.mark.slow

READERS = Path(__file__).parent.parent / "fixtures" / "readers"
REPEATS = 6  # copies of the Doha talks: Qatar, Iran and the United States pass ten claims


@dataclass
class Site:
    out: Path
    single: Path  # a self-contained map page (`powermap map`), scripts inlined


@dataclass
class Watch:
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def extractions() -> list[Extraction]:
    found = {
        name: json.loads((READERS / f"{name}.json").read_text("utf-8"))
        for name in ("talks-jan", "oil-mar", "wheat-apr", "talks-jun")
    }
    for i in range(2, REPEATS + 1):
        again = copy.deepcopy(found["talks-jan"])
        again["analysis"]["id"] = f"talks-jan-{i}"
        again["analysis"]["document"] = f"talks-jan-{i}.txt"
        again["analysis"]["source"]["url"] = f"https://example.org/talks-jan-{i}"
        again["analysis"]["published"] = f"2026-01-{10 + i:02d}"
        found[f"talks-jan-{i}"] = again
    return [Extraction.from_dict(data) for data in found.values()]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    base = tmp_path_factory.mktemp("share")
    with open_store(base / "store") as store:
        assert ingest(store, extractions()).ok
        build_site(store, base / "site")
        single = base / "single.html"
        single.write_text(topic_map(store), "utf-8")
    return Site(base / "site", single)


def open_map(browser: Any, url: str, watch: Watch | None = None) -> Any:
    """A page at ``url`` once its map has drawn, recording dialogs and errors."""
    watch = watch if watch is not None else Watch()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    page.on(
        "console",
        lambda m: watch.errors.append(m.text) if m.type in ("error", "warning") else None,
    )
    page.goto(url)
    page.wait_for_selector("section.pm-map[data-stable=true]", state="attached", timeout=60_000)
    return page


def focused(page: Any) -> dict[str, Any]:
    """The element with keyboard focus: tag, attributes that name it, text."""
    found: dict[str, Any] = page.evaluate(
        """(() => { const e = document.activeElement;
             return {tag: e.tagName, sort: e.getAttribute('data-sort'),
                     href: e.getAttribute('href'), text: e.textContent.trim(),
                     inBody: !!e.closest('.pm-table tbody')}; })()"""
    )
    return found


def tab_until(page: Any, wanted: Any, limit: int = 80) -> dict[str, Any]:
    """Press Tab until the focused element is ``wanted`` (a predicate); fail after ``limit``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"Tab never reached it in {limit} presses")


def column(page: Any, index: int) -> list[str]:
    """The text of one column of the table, row by row as shown."""
    cells: list[str] = page.evaluate(
        "(i) => [...document.querySelectorAll('.pm-table tbody tr')]"
        ".map(r => r.cells[i].textContent.trim())",
        index,
    )
    return cells


def view(page: Any) -> dict[str, Any]:
    """Everything a reader sees of the view: controls, legend, map, status, table."""
    seen: dict[str, Any] = page.evaluate(
        """(() => { const m = window.powermapMaps['pm-map'];
             const heads = [...document.querySelectorAll('.pm-table thead th[aria-sort]')];
             return {
               controls: Object.fromEntries([...document.querySelectorAll('[data-filter]')]
                 .map(c => [c.getAttribute('data-filter'), c.value])),
               legend: Object.fromEntries([...document.querySelectorAll('[data-toggle]')]
                 .map(b => [b.getAttribute('data-toggle'), b.checked])),
               nodes: m.nodeView.getIds().sort(), edges: m.edgeView.getIds().sort(),
               selected: m.network.getSelectedNodes().sort(),
               status: document.querySelector('[data-role=status]').textContent,
               sorted: heads.map(h => [h.textContent.trim(), h.getAttribute('aria-sort')]),
               rows: [...document.querySelectorAll('.pm-table tbody th')].map(t => t.textContent),
               tableOpen: document.querySelector('.pm-table').open }; })()"""
    )
    return seen


def fragment(page: Any) -> str:
    return str(urlsplit(page.url).fragment)


# ---------------------------------------------------------------- keyboard


def test_the_keyboard_reaches_the_table_sorts_it_and_follows_an_actor_link(
    site: Site, browser: Any
) -> None:
    watch = Watch()
    page = open_map(browser, (site.out / "map.html").as_uri(), watch)
    tab_until(page, lambda f: f["tag"] == "SUMMARY")
    page.keyboard.press("Enter")  # opens the table
    assert page.locator(".pm-table").evaluate("d => d.open") is True
    assert tab_until(page, lambda f: f["tag"] == "BUTTON", limit=1)["sort"] == "actor"
    page.keyboard.press("Enter")
    head = page.locator(".pm-table thead th", has=page.locator("[data-sort=actor]"))
    assert head.get_attribute("aria-sort") == "ascending"
    names = column(page, 0)
    assert names == sorted(names, key=str.casefold) and names[0] == "Egypt"
    link = tab_until(page, lambda f: f["inBody"])  # past the other column heads
    assert link == {
        "tag": "A",
        "sort": None,
        "href": "actor/egypt.html",
        "text": "Egypt",
        "inBody": True,
    }
    page.keyboard.press("Enter")
    page.wait_for_url("**/actor/egypt.html")
    assert page.url.endswith("/" + site_pages(site.out)["actor"]["egypt"])
    assert page.locator("h1").text_content() == "Egypt"
    assert watch.errors == [] and watch.dialogs == []
    page.close()


def test_the_skip_link_takes_the_keyboard_past_the_map_to_the_table(
    site: Site, browser: Any
) -> None:
    page = open_map(browser, (site.out / "map.html").as_uri())
    skip = tab_until(page, lambda f: f["href"] == "#pm-map-table")
    assert skip["text"].startswith("Skip the map")
    page.keyboard.press("Enter")
    assert focused(page)["tag"] == "SUMMARY"
    assert page.locator(".pm-table").evaluate("d => d.open") is True
    assert fragment(page) == ""  # the link moved the focus, not the view
    page.close()


def test_a_numeric_column_sorts_by_value_and_a_second_press_reverses_it(
    site: Site, browser: Any
) -> None:
    page = open_map(browser, (site.out / "map.html").as_uri())
    page.locator(".pm-table summary").click()
    claims = [int(c) for c in column(page, 4)]
    assert {2, 12} <= set(claims)  # as text, "12" would sort before "2"
    head = page.locator(".pm-table thead th", has=page.locator("[data-sort=claims]"))
    assert head.get_attribute("aria-sort") == "descending"  # the order the page opens in
    page.locator("[data-sort=claims]").focus()
    page.keyboard.press("Enter")
    assert head.get_attribute("aria-sort") == "ascending"
    assert [int(c) for c in column(page, 4)] == sorted(claims)
    page.keyboard.press("Space")
    assert head.get_attribute("aria-sort") == "descending"
    assert [int(c) for c in column(page, 4)] == sorted(claims, reverse=True)
    page.locator("[data-sort=analyses]").focus()
    page.keyboard.press("Enter")  # a new numeric column starts from the largest
    analyses = [int(c) for c in column(page, 5)]
    assert analyses == sorted(analyses, reverse=True) and analyses[0] > analyses[-1]
    assert head.get_attribute("aria-sort") is None
    assert page.locator(".pm-table thead th[aria-sort]").count() == 1
    page.close()


def test_the_canvas_the_filters_and_the_table_buttons_have_names(site: Site, browser: Any) -> None:
    page = open_map(browser, (site.out / "map.html").as_uri())
    canvas = page.get_by_role("img", name="Network map of 7 actors and the claims between them")
    assert canvas.count() == 1
    about = page.locator("#" + canvas.get_attribute("aria-describedby"))
    assert "table of actors" in about.text_content()
    assert page.locator(".vis-network").get_attribute("tabindex") == "-1"  # no blind stop
    assert page.get_by_role("searchbox", name="Search").count() == 1
    for name in ("Lens", "Mechanism", "From", "To"):
        assert page.get_by_role("combobox", name=name).count() == 1, name
    unnamed = page.evaluate(
        """[...document.querySelectorAll('[data-filter], [data-toggle]')]
             .filter(c => !c.labels.length || !c.labels[0].textContent.trim())
             .map(c => c.outerHTML)"""
    )
    assert unnamed == []
    for label in ("Actors", "Analyses", "Mechanisms", "Topics"):
        assert page.get_by_role("checkbox", name=label).count() == 1, label
    page.locator(".pm-table summary").click()
    assert page.get_by_role("button", name="Show Iran on map").count() == 1
    assert page.get_by_role("button", name="Claims").count() == 1
    page.close()


# ---------------------------------------------------------------- shareable links


@pytest.mark.parametrize("where", ["site", "self-contained"])
def test_a_copied_link_reopens_the_same_view(site: Site, browser: Any, where: str) -> None:
    url = (site.out / "map.html" if where == "site" else site.single).as_uri()
    watch = Watch()
    page = open_map(browser, url, watch)
    page.get_by_role("combobox", name="Lens").select_option("Global Power Plays")
    page.get_by_role("combobox", name="From").select_option("2026-01")
    page.get_by_role("checkbox", name="Topics").uncheck()
    page.get_by_role("searchbox", name="Search").fill("qat")
    page.locator(".pm-table summary").click()
    page.get_by_role("button", name="Show Iran on map").click()
    page.locator("[data-sort=analyses]").click()
    page.locator("[data-sort=analyses]").click()  # ascending
    link = page.url
    assert urlsplit(link).fragment == (
        "q=qat&focus=actor:iran&lens=Global+Power+Plays&since=2026-01&hide=topic"
        "&sort=analyses&order=ascending"
    )
    before = view(page)
    assert "around Iran" in before["status"] and "match \u201cqat\u201d" in before["status"]
    fresh = open_map(browser, link, watch)
    after = view(fresh)
    assert after == before
    assert after["sorted"] == [["Analyses", "ascending"]] and after["tableOpen"] is True
    assert after["controls"]["lens"] == "Global Power Plays" and after["legend"]["topic"] is False
    assert fresh.url == link
    assert watch.errors == [] and watch.dialogs == []
    fresh.close()
    page.close()


def test_a_link_to_an_actor_page_reopens_on_the_actor_it_asked_for(
    site: Site, browser: Any
) -> None:
    page = open_map(browser, (site.out / site_pages(site.out)["actor"]["iran"]).as_uri())
    page.locator(".pm-table summary").click()
    page.get_by_role("button", name="Show Qatar on map").click()
    assert fragment(page) == "focus=actor:qatar"
    before = view(page)
    fresh = open_map(browser, page.url)
    after = view(fresh)
    del before["tableOpen"], after["tableOpen"]  # only a sorted table opens from a link
    assert after == before  # the page's own centre (Iran) does not take the selection back
    keys = fresh.evaluate(
        "window.powermapMaps['pm-map'].network.getSelectedNodes()"
        ".map(id => window.powermapMaps['pm-map'].nodes.get(id).key)"
    )
    assert keys == ["actor:qatar"]
    fresh.close()
    page.close()


def test_reset_clears_the_fragment_and_the_page_opens_as_written(site: Site, browser: Any) -> None:
    page = open_map(browser, (site.out / "map.html").as_uri())
    first = view(page)
    page.get_by_role("combobox", name="Lens").select_option("Labor & Economy")
    assert fragment(page) == "lens=Labor+%26+Economy"
    page.get_by_role("button", name="Reset").click()
    assert fragment(page) == "" and "#" not in page.url
    assert view(page) == first
    page.close()


def test_the_view_follows_a_fragment_changed_in_place(site: Site, browser: Any) -> None:
    page = open_map(browser, (site.out / "map.html").as_uri())
    first = view(page)
    page.evaluate("location.hash = 'focus=actor:egypt&mechanism=economic-coercion'")
    page.wait_for_function("document.querySelector('[data-filter=mechanism]').value !== ''")
    now = view(page)
    assert now["controls"]["mechanism"] == "economic-coercion"
    assert "around Egypt" in now["status"] and now["nodes"] != first["nodes"]
    page.evaluate("location.hash = 'pm-map-table'")  # an anchor, not a view: nothing changes
    assert view(page) == now
    page.evaluate("location.hash = ''")
    page.wait_for_function("document.querySelector('[data-filter=mechanism]').value === ''")
    assert view(page) == first
    page.close()


def test_a_fragment_with_html_and_unknown_values_runs_nothing_and_is_ignored(
    site: Site, browser: Any
) -> None:
    watch = Watch()
    query = '"><img src=x onerror=alert(1)>'
    hostile = (
        "q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
        "&focus=%3Cscript%3Ealert(2)%3C/script%3E&lens=%3Csvg%20onload%3Dalert(3)%3E"
        "&mechanism=__proto__&since=constructor&hide=%3Cb%3E,topic&sort=__proto__&order=toString"
    )
    page = open_map(browser, (site.out / "map.html").as_uri() + "#" + hostile, watch)
    seen = view(page)
    assert seen["controls"] == {
        "query": query,
        "lens": "",
        "mechanism": "",
        "since": "",
        "until": "",
    }
    assert seen["legend"]["topic"] is False and seen["legend"]["actor"] is True
    assert f"match \u201c{query}\u201d" in seen["status"] and "around" not in seen["status"]
    assert seen["sorted"] == [["Claims", "descending"]] and seen["tableOpen"] is False
    assert page.locator("img, svg, b").count() == 0
    assert fragment(page) == "q=%22%3E%3Cimg+src%3Dx+onerror%3Dalert%281%29%3E&hide=topic"
    assert watch.dialogs == [] and watch.errors == []
    page.close()
