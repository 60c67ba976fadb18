"""Inferred claims through the commands: build, validate, who-gains, actor, path, map, export, site.

The spaCy pipeline is replaced by a fake that yields, for one analysis, a
stated claim (the United States pressures China) and an inferred one (Japan
gains leverage over China, the counterpart drawn from the discourse), so each
test follows a claim's ``basis`` from ``powermap build`` into the store and out
of the views.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from powermap.cli import cli
from powermap.extract.model import Actor, Analysis, Claim, Extraction

PAGE = """---
title: Tariff talks stall
lens: Global Power Plays
published: 2026-05-04
source: AP
topics: [trade]
---

## Who gains leverage

Washington pressed Beijing to open its markets. Japan gains as well.
"""
STATED = "Washington pressed Beijing to open its markets."
INFERRED = "Japan gains as well."


def _fake_extract_many(analyses: Iterable[Analysis], *, jobs: int = 1) -> Iterator[Extraction]:
    """Stands in for the spaCy pipeline: one stated and one inferred claim per analysis."""
    for analysis in analyses:
        actors = [
            Actor("united-states", "United States", "State"),
            Actor("china", "China", "State"),
            Actor("japan", "Japan", "State"),
        ]
        claims = [
            Claim("united-states", "pressures", "gains", "china", [], None,
                  "Who gains leverage", STATED, 0.8),
            Claim("japan", "gains_leverage", "gains", "china", [], None,
                  "Who gains leverage", INFERRED, 0.45, basis="inferred"),
        ]  # fmt: skip
        yield Extraction(analysis, actors, claims)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A store built with `powermap build` from one page, through the fake pipeline."""
    import powermap.extract.pipeline as pipeline

    monkeypatch.setattr(pipeline, "extract_many", _fake_extract_many)
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "talks.md").write_text(PAGE, "utf-8")
    location = str(tmp_path / "store")
    result = CliRunner().invoke(cli, ["-q", "build", str(pages), "--store", location])
    assert result.exit_code == 0, result.output
    return location


def run(store: str, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--store", store])
    assert result.exit_code == 0, result.output
    return result.stdout


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def map_data(page: str) -> Any:
    match = re.search(r'<script type="application/json" id="pm-map-data">(.*?)</script>', page)
    assert match is not None
    return json.loads(match.group(1))


# ---------------------------------------------------------------- store


def test_a_store_with_inferred_claims_conforms_to_the_shapes(store: str) -> None:
    assert "does not conform" not in run(store, "validate")


def test_the_store_holds_each_claims_basis(store: str) -> None:
    query = "SELECT ?evidence ?basis WHERE { ?c pm:evidence ?evidence ; pm:basis ?basis }"
    found = {
        (r["evidence"], r["basis"]) for r in rows(run(store, "sparql", query, "--format", "csv"))
    }
    assert found == {(STATED, "stated"), (INFERRED, "inferred")}


# ---------------------------------------------------------------- who-gains


def test_an_inferred_claim_round_trips_from_build_to_who_gains_json_as_inferred(
    store: str,
) -> None:
    gainers = {g["actor"]: g for g in json.loads(run(store, "who-gains", "--format", "json"))}
    assert gainers["japan"]["inferred"] == 1
    assert [(e["sentence"], e["basis"]) for e in gainers["japan"]["evidence"]] == [
        (INFERRED, "inferred")
    ]
    assert gainers["united-states"]["inferred"] == 0
    assert gainers["united-states"]["evidence"][0]["basis"] == "stated"


def test_who_gains_stated_only_leaves_the_inferred_claim_out(store: str) -> None:
    gainers = json.loads(run(store, "who-gains", "--stated-only", "--format", "json"))
    assert [g["actor"] for g in gainers] == ["united-states"]


def test_who_gains_csv_counts_inferred_claims_and_gives_the_basis_of_its_evidence(
    store: str,
) -> None:
    table = {r["actor"]: r for r in rows(run(store, "who-gains", "--format", "csv"))}
    assert (table["japan"]["inferred"], table["japan"]["basis"]) == ("1", "inferred")
    assert (table["united-states"]["inferred"], table["united-states"]["basis"]) == ("0", "stated")


def test_who_gains_table_has_an_inferred_column_and_marks_inferred_evidence(store: str) -> None:
    out = run(store, "who-gains")
    header = next(line for line in out.splitlines() if "score" in line).split()
    assert header[:6] == ["#", "actor", "analyses", "claims", "inferred", "score"]
    japan = out[out.index("Japan") :]
    assert "[inferred]" in japan
    assert "[inferred]" not in out[out.index("United States") : out.index("Japan")]


# ---------------------------------------------------------------- actor


def test_actor_json_counts_inferred_ties_and_marks_each_claim(store: str) -> None:
    profile = json.loads(run(store, "actor", "China", "--format", "json"))
    ties = {t["actor"]: t["inferred"] for t in profile["loses_to"]}
    assert ties == {"japan": 1, "united-states": 0}
    assert {e["evidence"]: e["basis"] for e in profile["timeline"]} == {
        STATED: "stated",
        INFERRED: "inferred",
    }


def test_actor_csv_has_a_basis_column(store: str) -> None:
    table = rows(run(store, "actor", "China", "--format", "csv"))
    assert {r["evidence"]: r["basis"] for r in table} == {STATED: "stated", INFERRED: "inferred"}


def test_actor_stated_only_leaves_inferred_claims_out(store: str) -> None:
    profile = json.loads(run(store, "actor", "China", "--stated-only", "--format", "json"))
    assert [t["actor"] for t in profile["loses_to"]] == ["united-states"]
    assert [e["basis"] for e in profile["timeline"]] == ["stated"]


def test_actor_table_marks_inferred_claims(store: str) -> None:
    out = run(store, "actor", "Japan")
    assert "[inferred]" in out
    assert "[inferred]" not in run(store, "actor", "Japan", "--stated-only")


# ---------------------------------------------------------------- path


def test_path_marks_a_step_that_rests_only_on_inferred_claims(store: str) -> None:
    found = json.loads(run(store, "path", "Japan", "China", "--format", "json"))
    (step,) = found["steps"]
    assert (step["stronger"], step["weaker"]) == ("japan", "china")
    assert (step["inferred"], step["basis"]) == (1, "inferred")
    (row,) = rows(run(store, "path", "Japan", "China", "--format", "csv"))
    assert (row["inferred"], row["basis"]) == ("1", "inferred")
    assert "[inferred]" in run(store, "path", "Japan", "China")


def test_path_stated_only_finds_no_chain_through_an_inferred_claim(store: str) -> None:
    result = CliRunner().invoke(cli, ["path", "Japan", "China", "--stated-only", "--store", store])
    assert result.exit_code == 1
    assert "no chain of claims connects Japan and China" in result.stderr
    stated = json.loads(run(store, "path", "Washington", "China", "--format", "json"))
    assert [s["basis"] for s in stated["steps"]] == ["stated"]


# ---------------------------------------------------------------- map


def _claim_edges(page: str) -> dict[str, dict[str, Any]]:
    """The map's claim edges by evidence sentence (the tooltip's second line)."""
    claims = (e for e in map_data(page)["edges"] if e["kind"] == "claim")
    return {e["title"].splitlines()[1].strip("“”"): e for e in claims}


def test_the_map_draws_inferred_claims_dashed_and_stated_ones_solid(store: str) -> None:
    edges = _claim_edges(run(store, "map", "--out", "-"))
    assert edges[INFERRED]["basis"] == "inferred"
    assert edges[INFERRED]["dashes"] == [8, 6]
    assert edges[STATED]["basis"] == "stated"
    assert edges[STATED]["dashes"] is False
    assert "inferred" in edges[INFERRED]["title"]


def test_the_map_legend_has_a_toggle_for_inferred_claims(store: str) -> None:
    legend = map_data(run(store, "map", "--out", "-"))["legend"]
    inferred = [link for link in legend["links"] if link["value"] == "inferred"]
    assert [link["count"] for link in inferred] == [1]
    page = run(store, "map", "--out", "-")
    assert 'data-toggle="inferred"' in page


def test_the_map_stated_only_leaves_inferred_claims_out(store: str) -> None:
    page = run(store, "map", "--stated-only", "--out", "-")
    assert list(_claim_edges(page)) == [STATED]
    assert "stated claims only" in page
    assert 'data-toggle="inferred"' not in page


# ---------------------------------------------------------------- exports and site


def test_the_edges_csv_export_has_a_basis_column(store: str, tmp_path: Path) -> None:
    run(store, "export", "--format", "csv", "--out", str(tmp_path / "actors"))
    edges = rows((tmp_path / "actors" / "edges.csv").read_text("utf-8"))
    assert {(e["Source"], e["Target"], e["basis"]) for e in edges} == {
        ("united-states", "china", "stated"),
        ("japan", "china", "inferred"),
    }


def test_the_site_marks_inferred_claims_and_stated_only_drops_them(
    store: str, tmp_path: Path
) -> None:
    def site(name: str, *options: str) -> Path:
        args = ["-q", "site", "--store", store, "--out", str(tmp_path / name), *options]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        return tmp_path / name

    marked = site("all")
    assert '<span class="inferred"' in (marked / "actor" / "japan.html").read_text("utf-8")
    # the site's map loads its data from data/map.js: window.powermapData.parts["map"] = {...};
    script = (marked / "data" / "map.js").read_text("utf-8")
    claims = json.loads(script.split('["map"] = ', 1)[1].rstrip().rstrip(";"))["edges"]
    assert [e["basis"] for e in claims if e["kind"] == "claim" and e["dashes"]] == ["inferred"]
    stated = site("stated", "--stated-only")
    assert '<span class="inferred"' not in (stated / "actor" / "japan.html").read_text("utf-8")
    assert INFERRED not in (stated / "index.html").read_text("utf-8")
