"""The readers' commands: map, paths and site."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from powermap.cli import cli
from powermap.extract.model import Extraction
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest

READERS = Path(__file__).parent / "fixtures" / "readers"
NAMES = ("talks-jan", "oil-mar", "wheat-apr", "talks-jun")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding the four fixture analyses (Jan-Jun 2026)."""
    location = tmp_path_factory.mktemp("readers") / "store"
    extractions = [
        Extraction.from_dict(json.loads((READERS / f"{name}.json").read_text("utf-8")))
        for name in NAMES
    ]
    with open_store(location) as opened:
        assert ingest(opened, extractions).ok
    return str(location)


def run(store: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--store", store])
    return result.exit_code, result.stdout, result.stderr


def data_block(page: str) -> Any:
    """The map data of a page, from its JSON block."""
    match = re.search(r'<script type="application/json" id="pm-map-data">(.*?)</script>', page)
    assert match is not None
    return json.loads(match.group(1))


# ---------------------------------------------------------------- map


def test_map_writes_one_offline_page_and_says_what_it_drew(store: str, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    code, stdout, stderr = run(store, "map", "--out", str(out))
    assert code == 0, stderr
    assert stdout == f"wrote {out}: 19 nodes, 8 claim links\n"
    page = out.read_text("utf-8")
    assert page.startswith("<!doctype html>")
    assert "https://" not in page.split("<script>", 1)[0]


def test_map_of_an_actor_is_its_neighbourhood(store: str, tmp_path: Path) -> None:
    out = tmp_path / "riyadh.html"
    code, _, stderr = run(store, "map", "--actor", "Riyadh", "--out", str(out))
    assert code == 0, stderr
    page = out.read_text("utf-8")
    keys = {n["key"] for n in data_block(page)["nodes"]}
    assert keys == {"actor:saudi-arabia", "actor:iran", "analysis:oil-mar"}
    assert "<h1>Topic map: around Saudi Arabia</h1>" in page


def test_map_filters_by_lens_and_dates(store: str, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    args = ["map", "--lens", "Global Power Plays", "--since", "2026-03", "--out", str(out)]
    code, _, stderr = run(store, *args)
    assert code == 0, stderr
    keys = {n["key"] for n in data_block(out.read_text("utf-8"))["nodes"]}
    assert {k for k in keys if k.startswith("analysis:")} == {
        "analysis:oil-mar",
        "analysis:talks-jun",
    }


def test_map_to_stdout_prints_only_the_page(store: str) -> None:
    code, stdout, stderr = run(store, "map", "--out", "-")
    assert code == 0, stderr
    assert stdout.startswith("<!doctype html>") and stdout.rstrip().endswith("</html>")


def test_map_links_analyses_to_the_pages_of_a_site(store: str, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run(store, "site", "--out", str(site))[0] == 0
    out = tmp_path / "maps" / "m.html"
    out.parent.mkdir()
    code, _, stderr = run(store, "map", "--site", str(site), "--out", str(out))
    assert code == 0, stderr
    nodes = data_block(out.read_text("utf-8"))["nodes"]
    hrefs = {n["key"]: n.get("href") for n in nodes if n["type"] == "analysis"}
    assert hrefs["analysis:talks-jan"] == "../site/analysis/talks-jan.html"


def test_map_of_an_unknown_actor_is_one_line_on_stderr(store: str, tmp_path: Path) -> None:
    code, stdout, stderr = run(
        store, "map", "--actor", "Atlantis", "--out", str(tmp_path / "x.html")
    )
    assert code == 1
    assert stdout == ""
    assert stderr.startswith("powermap: no actor 'Atlantis'") and stderr.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


def test_map_with_a_bad_date_is_one_line_on_stderr(store: str, tmp_path: Path) -> None:
    code, _, stderr = run(store, "map", "--since", "July", "--out", str(tmp_path / "x.html"))
    assert code == 1
    assert stderr == "powermap: since: 'July' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)\n"


def test_map_of_a_missing_store_is_one_line_on_stderr(tmp_path: Path) -> None:
    code, _, stderr = run(str(tmp_path / "none"), "map", "--out", str(tmp_path / "x.html"))
    assert code == 1
    assert stderr.startswith("powermap: no store at") and stderr.count("\n") == 1


# ---------------------------------------------------------------- paths


def test_paths_table_shows_each_step_and_why_it_comes_next(store: str) -> None:
    code, stdout, stderr = run(store, "paths", "--topic", "global")
    assert code == 0, stderr
    assert "Topic: global (2 steps)" in stdout
    assert "Doha talks open with Qatar in the middle" in stdout
    assert "Start here: the earliest analysis on global" in stdout


def test_paths_json_for_an_actor_by_any_name(store: str) -> None:
    code, stdout, stderr = run(store, "paths", "--actor", "Tehran", "--format", "json")
    assert code == 0, stderr
    (path,) = json.loads(stdout)
    assert path["id"] == "actor-iran"
    assert [s["analysis"] for s in path["steps"]] == ["talks-jan", "oil-mar", "talks-jun"]
    assert (
        path["steps"][1]["why"] == "Picks up Iran and sanctions from the last step, 8 weeks later."
    )


def test_paths_without_filters_cover_topics_lenses_and_actors(store: str) -> None:
    code, stdout, stderr = run(store, "paths", "--format", "json")
    assert code == 0, stderr
    kinds = [p["kind"] for p in json.loads(stdout)]
    assert kinds == ["topic"] * 4 + ["lens"] * 2 + ["actor"] * 2


def test_paths_of_an_unknown_topic_is_one_line_on_stderr(store: str) -> None:
    code, _, stderr = run(store, "paths", "--topic", "globl")
    assert code == 1
    assert stderr.startswith("powermap: no topic 'globl'") and stderr.count("\n") == 1


# ---------------------------------------------------------------- site


def test_site_writes_the_pages_and_says_where_to_open_them(store: str, tmp_path: Path) -> None:
    out = tmp_path / "site"
    code, stdout, stderr = run(store, "site", "--out", str(out))
    assert code == 0, stderr
    assert stdout == (
        f"wrote 25 pages to {out} (4 analyses, 7 actors, 8 reader paths): "
        f"open {out / 'index.html'}\n"
    )
    assert (out / "index.html").is_file() and (out / "analysis" / "talks-jan.html").is_file()


def test_site_incremental_rewrites_nothing_when_nothing_changed(store: str, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run(store, "site", "--out", str(out))[0] == 0
    code, stdout, stderr = run(store, "site", "--out", str(out), "--incremental")
    assert code == 0, stderr
    assert stdout.startswith(f"wrote 25 pages to {out} (0 files changed) (4 analyses")


def test_site_into_a_folder_holding_other_files_is_refused(store: str, tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    code, _, stderr = run(store, "site", "--out", str(tmp_path))
    assert code == 1
    assert "is not empty and holds no powermap site" in stderr and stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_site_needs_an_out_folder(store: str) -> None:
    code, _, stderr = run(store, "site")
    assert code == 2
    assert "--out" in stderr
