"""build: every distinct analysis gets in under its own id; duplicates are skipped."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from powermap.builder import build
from powermap.extract.model import Actor, Analysis, Claim, Extraction
from powermap.graph.store.backends import open_store

LONG = "Explainer: what the October cut means for households, refiners, airlines and the " * 2


def _fake_extract_many(analyses: Iterable[Analysis], *, jobs: int = 1) -> Iterator[Extraction]:
    for analysis in analyses:
        actors = [Actor("qatar", "Qatar", "State"), Actor("iran", "Iran", "State")]
        claim = Claim(
            "qatar", "gains_leverage", "gains", "iran", [], None, "Article",
            analysis.sections[0].text, 0.5,
        )  # fmt: skip
        yield Extraction(analysis, actors, [claim])


@pytest.fixture(autouse=True)
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    import powermap.extract.pipeline as pipeline

    monkeypatch.setattr(pipeline, "extract_many", _fake_extract_many)


def _page(folder: Path, name: str, title: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    folder.joinpath(name).write_text(f"{title}\n\nDOHA (AP) — {text}\n", "utf-8")


@pytest.fixture
def series(tmp_path: Path) -> Path:
    folder = tmp_path / "series"
    _page(folder, "1.txt", "Talks resume in Doha", "Qatar hosts the talks.")
    _page(folder, "2.txt", "Talks resume in Doha", "Iran walks out of the talks.")
    _page(folder, "3.txt", LONG + "part one", "Qatar gains leverage over refiners.")
    _page(folder, "4.txt", LONG + "part two", "Qatar gains leverage over airlines.")
    _page(folder, "5.txt", "Talks resume in Doha", "Qatar hosts the talks.")  # a copy of 1
    return folder


def _analyses(store_dir: Path) -> dict[str, str]:
    with open_store(store_dir, read_only=True) as store:
        rows = store.query("SELECT ?a ?d WHERE { ?a a pm:Analysis ; pm:document ?d }")
        return {str(r.d): str(r.a) for r in rows}  # type: ignore[union-attr]


def test_same_titles_and_long_shared_prefixes_all_build_and_a_copy_is_skipped_once(
    series: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="powermap"):
        summary = build([series], tmp_path / "store")
    assert summary.ok, summary.failed
    assert (len(summary.added), len(summary.skipped)) == (4, 1)
    stored = _analyses(tmp_path / "store")
    assert sorted(Path(d).name for d in stored) == ["1.txt", "2.txt", "3.txt", "4.txt"]
    assert len(set(stored.values())) == 4
    notices = [r.getMessage() for r in caplog.records if "same content" in r.getMessage()]
    assert notices == [f"{series / '5.txt'}: same content as {series / '1.txt'} "
                       "(analysis talks-resume-in-doha); skipped"]  # fmt: skip


def test_rebuilding_the_same_folder_leaves_the_store_unchanged(
    series: Path, tmp_path: Path
) -> None:
    build([series], tmp_path / "store")
    with open_store(tmp_path / "store", read_only=True) as store:
        before = sorted(store.nquads().splitlines())
    summary = build([series], tmp_path / "store")
    assert (summary.added, summary.replaced, len(summary.skipped)) == ([], [], 5)
    with open_store(tmp_path / "store", read_only=True) as store:
        assert sorted(store.nquads().splitlines()) == before


def test_a_changed_document_replaces_its_own_analysis_only(series: Path, tmp_path: Path) -> None:
    build([series], tmp_path / "store")
    ids = _analyses(tmp_path / "store")
    _page(series, "2.txt", "Talks resume in Doha", "Iran returns to the talks.")
    summary = build([series], tmp_path / "store")
    assert summary.replaced == [ids[str(series / "2.txt")].rsplit("/", 1)[1]]
    assert _analyses(tmp_path / "store") == ids


def test_a_same_title_document_from_another_folder_is_added_beside_not_over(
    series: Path, tmp_path: Path
) -> None:
    build([series], tmp_path / "store")
    other = tmp_path / "other"
    _page(other, "x.txt", "Talks resume in Doha", "Oman offers to mediate.")
    summary = build([other], tmp_path / "store")
    assert len(summary.added) == 1 and not summary.replaced
    assert len(set(_analyses(tmp_path / "store").values())) == 5
