"""The site's plain-text layout, metadata fields and the batch reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from powermap.extract.errors import ReadError
from powermap.extract.formats.fields import (
    metadata_line,
    parse_date,
    parse_read_time,
    parse_source,
    split_topics,
)
from powermap.extract.formats.site import looks_like_site
from powermap.extract.reader import iter_sources, read, read_many, read_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "reader"
SITE = FIXTURES / "site_colorado_river.txt"
SHARED = Path(__file__).parents[2].parent / "shared"


def test_reader_takes_every_metadata_field_from_the_site_layout() -> None:
    a = read(SITE)
    assert a.id == (
        "colorado-river-deal-arizona-takes-deeper-cuts-as-tribes-bank-senior-water-rights"
    )
    assert a.document == str(SITE)
    assert a.title == (
        "Colorado River deal: Arizona takes deeper cuts as tribes bank senior water rights"
    )
    assert a.summary is not None and a.summary.startswith("Seven basin states agreed")
    assert a.lens == "Climate & Resources"
    assert a.type == "Explainer"
    assert a.published == "2026-03-09"
    assert a.read_time_minutes == 5
    assert (a.source.name, a.source.url) == ("High Country News", None)
    assert a.topics == ["news analysis", "climate", "water", "agriculture"]


def test_reader_keeps_sections_in_order_including_unlisted_headings() -> None:
    headings = [s.heading for s in read(SITE).sections]
    assert headings == [
        "Why this matters",
        "What happened",
        "Who gains leverage",
        "Who pays",
        "What to watch next",
    ]


def test_reader_removes_photo_credit_and_label_from_why_this_matters() -> None:
    lead = read(SITE).section("Why this matters")
    assert lead is not None
    assert lead.text.startswith("Negotiators for the seven")
    assert lead.text.endswith("leave water in Lake Mead.")
    assert "credit" not in lead.text and "Etcitty" not in lead.text


def test_reader_leaves_footer_and_navigation_out_of_the_text() -> None:
    text = read(SITE).text
    for furniture in ("Source attribution", "Read the original", "Reader paths", "Subscribe"):
        assert furniture not in text
    assert "LensClimate" not in text and "NOLIGARCHY" not in text


@pytest.mark.parametrize(
    "credit", ["(Photo: Ana Ruiz)", "(Photo credit: Ana Ruiz)", "(image credit: A)"]
)
def test_reader_removes_other_forms_of_photo_credit(credit: str) -> None:
    text = SITE.read_text(encoding="utf-8").replace("(Image credit: Marisol Etcitty)", credit)
    lead = read_text(text, "page.txt").sections[0]
    assert lead.text.endswith("leave water in Lake Mead.")


def test_reader_takes_lens_from_first_line_when_metadata_block_is_missing() -> None:
    text = SITE.read_text(encoding="utf-8").split("LensClimate")[0]
    a = read_text(text, "page.txt", fmt="site")
    assert a.lens == "Climate & Resources"
    assert a.type is None and a.published is None and a.source.name is None
    assert a.topics == []
    assert a.sections[-1].heading == "What to watch next"


def test_reader_accepts_labels_with_colons() -> None:
    text = SITE.read_text(encoding="utf-8")
    text = text.replace("TypeExplainer", "Type: Explainer").replace(
        "PublishedMarch 9, 2026", "Published: 2026-03-09"
    )
    a = read_text(text, "page.txt")
    assert (a.type, a.published) == ("Explainer", "2026-03-09")


def test_reader_falls_back_to_read_the_original_for_the_source() -> None:
    text = SITE.read_text(encoding="utf-8").replace("SourceHigh Country News\n", "")
    assert read_text(text, "page.txt").source.name == "High Country News"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("LensGlobal Power Plays", ("lens", "Global Power Plays")),
        ("TypeReporting", ("type", "Reporting")),
        ("PublishedJuly 2, 2026", ("published", "July 2, 2026")),
        ("Read time3 min read", ("read_time", "3 min read")),
        ("SourceNPR", ("source", "NPR")),
        ("Lens: Corporate Power", ("lens", "Corporate Power")),
        ("Source attribution", None),
        ("Sources said the talks stalled.", None),
        ("Typically, prices rise.", None),
    ],
)
def test_metadata_line_splits_run_together_label_and_value(
    line: str, expected: tuple[str, str] | None
) -> None:
    assert metadata_line(line) == expected


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("news analysisglobalmedia", ["news analysis", "global", "media"]),
        ("news analysisglobalenergysanctions", ["news analysis", "global", "energy", "sanctions"]),
        ("news analysis, Trade | labor", ["news analysis", "trade", "labor"]),
        ("news analysisfusionpolicyglobal", ["news analysis", "fusionpolicy", "global"]),
        ("zzz", ["zzz"]),
        ("Energy, geopolitics", ["energy", "geopolitics"]),
        ("news analysisgeopoliticsglobal", ["news analysis", "geopolitics", "global"]),
        ("water rights; news analysis global", ["water rights", "news analysis", "global"]),
    ],
)
def test_topics_split_by_greedy_longest_match_keeping_unknown_runs_whole(
    tags: str, expected: list[str]
) -> None:
    assert split_topics(tags) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("July 2, 2026", "2026-07-02"),
        ("Jul. 2, 2026", "2026-07-02"),
        ("2 July 2026", "2026-07-02"),
        ("2026-07-02T09:30:00+02:00", "2026-07-02"),
        ("Thu, 02 Jul 2026 10:00:00 GMT", "2026-07-02"),
        ("today", None),
        ("last week", None),
        ("July 2026", None),
        ("2026-13-45", None),
        ("", None),
    ],
)
def test_published_becomes_an_iso_date_or_none_never_a_guess(
    value: str, expected: str | None
) -> None:
    assert parse_date(value) == expected


def test_read_time_and_source_parse_their_forms() -> None:
    assert [parse_read_time(v) for v in ("3 min read", 4, "4 minutes", "n/a")] == [3, 4, 4, None]
    src = parse_source("Reuters (https://www.reuters.com/world/x)")
    assert (src.name, src.url) == ("Reuters", "https://www.reuters.com/world/x")
    assert parse_source({"name": "NPR", "url": None}).name == "NPR"


def test_plain_prose_does_not_look_like_the_site_layout() -> None:
    assert not looks_like_site("Headline\n\nSome text about a thing.\n")
    assert looks_like_site(SITE.read_text(encoding="utf-8"))


def test_iter_sources_expands_folders_sorted_and_skips_readme(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/two.md", "a.txt", "README.md", ".hidden.txt", "notes.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert list(iter_sources([tmp_path])) == [tmp_path / "a.txt", tmp_path / "b" / "two.md"]


def test_iter_sources_refuses_a_folder_without_analyses(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no analyses found"):
        list(iter_sources([tmp_path]))


def test_read_many_skips_bad_files_and_reports_each_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(SITE.read_bytes())
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_bytes((FIXTURES / "news_wire.txt").read_bytes())
    errors: list[ReadError] = []
    got = list(read_many([tmp_path, tmp_path / "missing.txt"], on_error=errors.append))
    assert [Path(a.document or "").name for a in got] == ["a.txt", "c.txt"]
    assert [(Path(e.source).name, e.problem) for e in errors] == [
        ("b.txt", "empty file"),
        ("missing.txt", "no such file or directory"),
    ]


def test_read_many_raises_the_first_error_without_a_callback(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(b"  \n")
    with pytest.raises(ReadError, match="empty file"):
        list(read_many([tmp_path]))


def _gold_pages() -> list[Path]:
    return sorted(SHARED.glob("*/*.txt")) if SHARED.is_dir() else []


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not checked out beside the repo")
@pytest.mark.parametrize("page", _gold_pages(), ids=lambda p: p.stem[:12])
def test_reader_gives_the_gold_metadata_for_shared_pages(page: Path) -> None:
    gold = json.loads(page.with_suffix(".gold.json").read_text(encoding="utf-8"))["metadata"]
    a = read(page)
    got = {
        "title": a.title,
        "lens": a.lens,
        "type": a.type,
        "published": a.published,
        "source": a.source.name,
        "topics": a.topics,
        "read_time_minutes": a.read_time_minutes,
    }
    assert got == {key: gold.get(key, got[key]) for key in got}
    assert [s.heading for s in a.sections][:2] == ["Why this matters", "What happened"]
