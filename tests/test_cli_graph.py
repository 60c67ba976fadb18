"""The graph commands: build, sparql, validate, export, stats (in-process with CliRunner)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from powermap.cli import cli
from powermap.extract.model import Actor, Analysis, Claim, Extraction
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest

FIXTURES = Path(__file__).parent / "fixtures" / "graph"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

PAGE = """---
title: {title}
lens: Global Power Plays
published: 2026-07-02
source: NPR
topics: [global]
---

## Who gains leverage

{text}
"""


def _fake_extract_many(analyses: Iterable[Analysis], *, jobs: int = 1) -> Iterator[Extraction]:
    """Stands in for the spaCy pipeline: one fixed claim per analysis, instantly."""
    for analysis in analyses:
        actors = [Actor("qatar", "Qatar", "State"), Actor("iran", "Iran", "State")]
        claim = Claim(
            "qatar", "gains_leverage", "gains", "iran", [], None, "Who gains leverage",
            analysis.sections[0].text if analysis.sections else "x", 0.5,
        )  # fmt: skip
        yield Extraction(analysis, actors, [claim])


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    import powermap.extract.pipeline as pipeline

    monkeypatch.setattr(pipeline, "extract_many", _fake_extract_many)


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in (1, 2):
        text = f"Qatar gains leverage over Iran, take {n}."
        (folder / f"page{n}.md").write_text(PAGE.format(title=f"Talks {n}", text=text), "utf-8")
    return folder


@pytest.fixture
def built(tmp_path: Path) -> str:
    """A store holding the three hand-written fixture extractions."""
    location = str(tmp_path / "store")
    with open_store(location) as store:
        extractions = [
            Extraction.from_dict(json.loads((FIXTURES / f"{n}.json").read_text("utf-8")))
            for n in ("doha", "opec", "imf")
        ]
        assert ingest(store, extractions).ok
    return location


# ---------------------------------------------------------------- build


def test_build_stores_each_page_and_prints_a_summary(
    fake_pipeline: None, pages: Path, tmp_path: Path
) -> None:
    store = str(tmp_path / "store")
    result = CliRunner().invoke(cli, ["build", str(pages), "--store", store])
    assert result.exit_code == 0, result.output
    assert result.stdout == "added 2, replaced 0, skipped 0, failed 0\n"
    again = CliRunner().invoke(cli, ["build", str(pages), "--store", store])
    assert again.exit_code == 0, again.output
    assert again.stdout == "added 0, replaced 0, skipped 2, failed 0\n"


def test_build_reports_a_bad_file_on_one_line_still_stores_the_rest_and_exits_1(
    fake_pipeline: None, pages: Path, tmp_path: Path
) -> None:
    (pages / "broken.txt").write_text("", "utf-8")
    store = str(tmp_path / "store")
    result = CliRunner().invoke(cli, ["build", str(pages), "--store", store])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"powermap: {pages / 'broken.txt'}: empty file"]
    assert result.stdout == "added 2, replaced 0, skipped 0, failed 1\n"


def test_build_changed_page_replaces_its_graph(
    fake_pipeline: None, pages: Path, tmp_path: Path
) -> None:
    store = str(tmp_path / "store")
    assert CliRunner().invoke(cli, ["build", str(pages), "--store", store]).exit_code == 0
    page = pages / "page1.md"
    page.write_text(PAGE.format(title="Talks 1", text="Qatar gains leverage, revised."), "utf-8")
    result = CliRunner().invoke(cli, ["build", str(pages), "--store", store])
    assert result.exit_code == 0, result.output
    assert result.stdout == "added 0, replaced 1, skipped 1, failed 0\n"


def test_build_quiet_prints_no_summary(fake_pipeline: None, pages: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["-q", "build", str(pages), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_build_takes_the_store_from_the_environment(
    fake_pipeline: None, pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POWERMAP_STORE", str(tmp_path / "env-store"))
    result = CliRunner().invoke(cli, ["build", str(pages)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env-store" / "CURRENT").exists()


def test_build_on_a_store_in_use_is_refused_with_one_line(
    fake_pipeline: None, pages: Path, tmp_path: Path
) -> None:
    location = str(tmp_path / "store")
    with open_store(location):
        result = CliRunner().invoke(cli, ["build", str(pages), "--store", location])
    assert result.exit_code == 1
    assert result.stderr == f"powermap: store {location} is in use by another powermap process\n"


# ---------------------------------------------------------------- sparql


def test_sparql_prints_a_table(built: str) -> None:
    query = "SELECT ?label WHERE { ?a a pm:IGO ; rdfs:label ?label } ORDER BY ?label"
    result = CliRunner().invoke(cli, ["sparql", query, "--store", built])
    assert result.exit_code == 0, result.output
    assert "International Monetary Fund" in result.stdout
    assert "OPEC" in result.stdout


def test_sparql_reads_a_query_file_and_prints_csv(built: str, tmp_path: Path) -> None:
    path = tmp_path / "igos.rq"
    path.write_text("SELECT ?label WHERE { ?a a pm:IGO ; rdfs:label ?label } ORDER BY ?label")
    result = CliRunner().invoke(cli, ["sparql", f"@{path}", "--format", "csv", "--store", built])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["label", "International Monetary Fund", "OPEC"]


def test_sparql_json_is_sparql_results_json(built: str) -> None:
    query = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a pm:Claim }"
    result = CliRunner().invoke(cli, ["sparql", query, "--format", "json", "--store", built])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"] == "7"


def test_sparql_construct_prints_turtle(built: str) -> None:
    query = "CONSTRUCT { ?a pm:gainsLeverageOver ?b } WHERE { ?a pm:gainsLeverageOver ?b }"
    result = CliRunner().invoke(cli, ["sparql", query, "--store", built])
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(data=result.stdout, format="turtle")) >= 5


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "LOAD <http://example.org/x.ttl>",
        "CLEAR ALL",
    ],
)
def test_sparql_refuses_updates_before_opening_the_store(update: str, tmp_path: Path) -> None:
    missing = str(tmp_path / "no-store-here")
    result = CliRunner().invoke(cli, ["sparql", update, "--store", missing])
    assert result.exit_code == 1
    assert result.stderr.startswith("powermap: refusing a SPARQL update")
    assert len(result.stderr.splitlines()) == 1
    assert not Path(missing).exists()


def test_sparql_syntax_error_is_one_line(built: str) -> None:
    result = CliRunner().invoke(cli, ["sparql", "SELECT ?x WHERE {", "--store", built])
    assert result.exit_code == 1
    assert result.stderr.startswith("powermap: SPARQL syntax error: error at 1:")
    assert len(result.stderr.splitlines()) == 1


def test_sparql_on_a_missing_store_says_to_build_first(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["sparql", "ASK {}", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "run `powermap build` first" in result.stderr


def test_read_only_commands_work_beside_a_writer(built: str) -> None:
    with open_store(built):
        result = CliRunner().invoke(cli, ["stats", "--store", built, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["analyses"] == 3


# ---------------------------------------------------------------- validate, export, stats


def test_validate_passes_on_a_good_store(built: str) -> None:
    result = CliRunner().invoke(cli, ["validate", "--store", built])
    assert result.exit_code == 0, result.output
    assert result.stdout == "conforms: no SHACL violations\n"


def test_validate_reports_violations_and_exits_1(tmp_path: Path) -> None:
    location = str(tmp_path / "store")
    bad = Extraction(
        Analysis(id="bad"),
        actors=[Actor("iran", "Iran", "State")],
        claims=[Claim("ghost", "pressures", "gains", "iran", [], None, "S", "Ghost acts.", 0.5)],
    )
    with open_store(location) as store:
        ingest(store, [bad])
    result = CliRunner().invoke(cli, ["validate", "--store", location])
    assert result.exit_code == 1
    assert "pm:holder: a claim has exactly one holder, an actor" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 SHACL result(s): does not conform"


@pytest.mark.parametrize(
    ("fmt", "parser"),
    [("turtle", "turtle"), ("jsonld", "json-ld"), ("nquads", "nquads"), ("trig", "trig")],
)
def test_export_to_a_file_parses_back(built: str, tmp_path: Path, fmt: str, parser: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(
        cli, ["export", "--store", built, "--format", fmt, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    parsed = Dataset().parse(out, format=parser)
    assert len(list(parsed.quads((None, None, None, None)))) > 100


def test_export_writes_to_stdout_by_default(built: str) -> None:
    result = CliRunner().invoke(cli, ["export", "--store", built, "--format", "nquads"])
    assert result.exit_code == 0, result.output
    parsed = Dataset().parse(data=result.stdout, format="nquads")
    assert len(list(parsed.quads((None, None, None, None)))) > 100
    assert "<https://w3id.org/powermap/id/analysis/pakistan-imf-program> ." in result.stdout


def test_stats_prints_counts(built: str) -> None:
    result = CliRunner().invoke(cli, ["stats", "--store", built])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines())
    assert lines["analyses"].strip() == "3"
    assert lines["actors"].strip() == "7"
    assert lines["claims"].strip() == "7"


@pytest.mark.parametrize("command", ["build", "sparql", "validate", "export", "stats"])
def test_every_graph_command_documents_store_and_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "--store" in result.stdout and "POWERMAP_STORE" in result.stdout
    assert "Example" in result.stdout


# ---------------------------------------------------------------- the real pipeline


@pytest.mark.slow
def test_build_of_the_shared_corpora_is_idempotent_and_valid(tmp_path: Path) -> None:
    pytest.importorskip("powermap.extract.pipeline", reason="extraction pipeline not available")
    folders = [SHARED / "seeds", SHARED / "dev"]
    if not all(f.is_dir() for f in folders):
        pytest.skip(f"shared corpora not found beside the repository ({SHARED})")
    location = str(tmp_path / "store")
    args = ["build", *map(str, folders), "--store", location]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    dump = CliRunner().invoke(cli, ["export", "--store", location, "--format", "nquads"]).stdout
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0, second.output
    assert second.stdout.startswith("added 0, replaced 0, skipped ")
    again = CliRunner().invoke(cli, ["export", "--store", location, "--format", "nquads"]).stdout
    assert sorted(dump.splitlines()) == sorted(again.splitlines())
    answer = CliRunner().invoke(cli, ["sparql", "ASK { ?a pm:gainsLeverageOver ?b }",
                                      "--store", location, "--format", "csv"])  # fmt: skip
    assert answer.stdout.splitlines() == ["ask", "true"]
