"""A real corpus end to end, as `make voa` runs it: build VOA stories, validate the
store with SHACL, render the site (slow: the spaCy pipeline on real news)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from powermap.cli import cli
from powermap.graph.store.backends import open_store

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT / "data" / "voa", ROOT.parent / "shared" / "corpora" / "voa"]
# armed groups, a people, a pandemic, a militant attack, the Taliban, Islamic State
SUBSET = ("001_", "015_", "027_", "033_", "041_", "053_")


def _corpus() -> Path:
    for folder in CORPORA:
        if folder.is_dir():
            return folder
    pytest.skip("no VOA corpus (data/voa or ../shared/corpora/voa)")


@pytest.mark.slow
def test_a_subset_of_the_voa_corpus_builds_validates_and_renders(tmp_path: Path) -> None:
    stories = tmp_path / "voa"
    stories.mkdir()
    for path in sorted(_corpus().glob("*.txt")):
        if path.name.startswith(SUBSET):
            shutil.copy(path, stories / path.name)
    assert len(list(stories.iterdir())) == len(SUBSET)
    store, site = str(tmp_path / "store"), str(tmp_path / "site")
    runner = CliRunner()
    built = runner.invoke(cli, ["build", str(stories), "--store", store, "--jobs", "1"])
    assert built.exit_code == 0, built.output
    assert built.stdout.startswith(f"added {len(SUBSET)},")
    valid = runner.invoke(cli, ["validate", "--store", store])
    assert valid.exit_code == 0, valid.output
    assert valid.stdout.startswith("conforms")
    rendered = runner.invoke(cli, ["site", "--store", store, "--out", site])
    assert rendered.exit_code == 0, rendered.output
    assert (Path(site) / "index.html").exists()
    with open_store(store, read_only=True) as opened:
        kinds = {
            str(row.a).rsplit("/", 1)[1]: str(row.k).rsplit("#", 1)[1]  # type: ignore[union-attr]
            for row in opened.query("SELECT ?a ?k WHERE { ?a a ?k . ?k rdfs:subClassOf+ pm:Actor }")
        }
    assert kinds.get("boko-haram") == "Organization"
    assert kinds.get("uyghurs") == "Group"
    assert "covid-19" not in kinds
