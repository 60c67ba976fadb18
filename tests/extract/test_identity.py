"""Analysis ids: distinct documents never share one; duplicates are recognised."""

from __future__ import annotations

from pathlib import Path

from powermap.extract.identity import AnalysisIds
from powermap.extract.model import Analysis, Section
from powermap.extract.reader import read_many

LONG = "Explainer: what the October cut means for households, refiners, airlines and the " * 2


def _analysis(document: str, text: str, title: str = "Talks") -> Analysis:
    return Analysis(id="talks", document=document, title=title, sections=[Section("Article", text)])


def _page(folder: Path, name: str, title: str, text: str) -> None:
    folder.joinpath(name).write_text(f"{title}\n\nDOHA (AP) — {text}\n", "utf-8")


def test_the_first_document_keeps_the_slug_and_a_different_one_gets_a_content_suffix() -> None:
    ids = AnalysisIds()
    first, second = _analysis("a.txt", "Qatar hosts."), _analysis("b.txt", "Iran walks out.")
    assert ids.assign(first) is None and ids.assign(second) is None
    assert first.id == "talks"
    assert second.id == f"talks-{second.content_hash[:8]}"


def test_the_same_content_under_another_name_is_a_duplicate_of_the_first() -> None:
    ids = AnalysisIds()
    ids.assign(_analysis("a.txt", "Qatar hosts."))
    duplicate = ids.assign(_analysis("copy/a.txt", "Qatar hosts."))
    assert duplicate is not None
    assert (duplicate.document, duplicate.original, duplicate.analysis_id) == (
        "copy/a.txt",
        "a.txt",
        "talks",
    )


def test_a_stored_document_read_again_keeps_its_id_even_when_suffixed() -> None:
    ids = AnalysisIds()
    ids.remember("talks", "a.txt", _analysis("a.txt", "Qatar hosts.").content_hash)
    suffixed = _analysis("b.txt", "Iran walks out.")
    ids.remember("talks-1234abcd", "b.txt", suffixed.content_hash)
    again = _analysis("b.txt", "Iran walks out.")
    assert ids.assign(again) is None and again.id == "talks-1234abcd"
    # read twice in one batch, the second read is a duplicate
    assert ids.assign(_analysis("b.txt", "Iran walks out.")) is not None


def test_a_changed_document_keeps_its_id_so_it_replaces_the_old_version() -> None:
    ids = AnalysisIds()
    ids.remember("talks", "a.txt", _analysis("a.txt", "Qatar hosts.").content_hash)
    ids.remember("talks-1234abcd", "b.txt", _analysis("b.txt", "Iran walks out.").content_hash)
    edited_a, edited_b = _analysis("a.txt", "Qatar hosts again."), _analysis("b.txt", "Iran stays.")
    ids.assign(edited_a)
    ids.assign(edited_b)
    assert (edited_a.id, edited_b.id) == ("talks", "talks-1234abcd")


def test_a_new_document_with_a_stored_slug_does_not_take_it_over() -> None:
    ids = AnalysisIds()
    ids.remember("talks", "a.txt", _analysis("a.txt", "Qatar hosts.").content_hash)
    newcomer = _analysis("elsewhere/c.txt", "Oman mediates.")
    assert ids.assign(newcomer) is None
    assert newcomer.id.startswith("talks-")


def test_a_folder_of_same_title_long_prefix_and_duplicate_files_reads_distinct_ids(
    tmp_path: Path,
) -> None:
    _page(tmp_path, "1.txt", "Talks resume in Doha", "Qatar hosts the talks.")
    _page(tmp_path, "2.txt", "Talks resume in Doha", "Iran walks out of the talks.")
    _page(tmp_path, "3.txt", LONG + "part one", "Refiners gain leverage.")
    _page(tmp_path, "4.txt", LONG + "part two", "Airlines bear the cost.")
    _page(tmp_path, "5.txt", "Talks resume in Doha", "Qatar hosts the talks.")
    duplicates = []
    analyses = list(read_many([tmp_path], on_duplicate=duplicates.append))
    assert [Path(a.document or "").name for a in analyses] == ["1.txt", "2.txt", "3.txt", "4.txt"]
    assert len({a.id for a in analyses}) == 4
    assert analyses[0].id == "talks-resume-in-doha"
    assert all(len(a.id) <= 90 for a in analyses)
    assert [str(d) for d in duplicates] == [
        f"{tmp_path / '5.txt'}: same content as {tmp_path / '1.txt'} "
        "(analysis talks-resume-in-doha); skipped"
    ]
    again = list(read_many([tmp_path], on_duplicate=lambda d: None))
    assert [a.id for a in again] == [a.id for a in analyses]
