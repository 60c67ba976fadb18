"""HTML, Markdown and plain-news inputs, format sniffing and the --as override."""

from __future__ import annotations

from pathlib import Path

import pytest

from powermap.extract.errors import ReadError
from powermap.extract.reader import read, read_text, sniff

FIXTURES = Path(__file__).parents[1] / "fixtures" / "reader"


def test_html_page_gives_metadata_from_meta_tags_and_metadata_list() -> None:
    a = read(FIXTURES / "html_transit_levy.html")
    assert a.id == "denver-transit-levy-passes-as-developers-win-station-area-rezoning"
    assert a.title == "Denver transit levy passes as developers win station-area rezoning"
    assert a.summary is not None and a.summary.startswith("Voters approved a sales-tax levy")
    assert (a.lens, a.type, a.published, a.read_time_minutes) == (
        "Local Power",
        "Analysis",
        "2026-04-21",
        2,
    )
    assert a.source.name == "The Colorado Sun"
    assert a.source.url == "https://coloradosun.example/2026/04/20/transit-levy"
    assert a.topics == ["news analysis", "housing", "transportation"]


def test_html_page_sections_come_from_h2_without_nav_footer_aside_or_figure() -> None:
    a = read(FIXTURES / "html_transit_levy.html")
    assert [s.heading for s in a.sections] == [
        "Why this matters",
        "What happened",
        "Who gains leverage",
        "What to watch next",
    ]
    assert a.sections[0].text.endswith("build twice as high.")
    assert a.section("What happened").text.count("\n\n") == 1  # type: ignore[union-attr]
    for junk in ("Lenses", "Subscribe", "Photo:", "credit", "©", "analytics", "font-family"):
        assert junk not in a.text


def test_html_meta_tags_fill_in_when_the_page_has_no_metadata_list() -> None:
    page = (FIXTURES / "html_transit_levy.html").read_text(encoding="utf-8")
    page = page[: page.index('<dl class="meta">')] + page[page.index("</dl>") + 5 :]
    a = read_text(page, "levy.html", fmt="html")
    assert (a.lens, a.type, a.published) == ("Local Power", None, "2026-04-21")
    assert a.source.name == "The Colorado Sun"  # from "Read the original at ..."


def test_html_article_without_sections_becomes_one_article_section() -> None:
    a = read(FIXTURES / "html_plain_article.html")
    assert a.title == "County clerks warn of ballot-printing shortage before Kansas primary"
    assert (a.published, a.source.name, a.lens, a.type) == (
        "2026-05-02",
        "Prairie Ledger",
        None,
        None,
    )
    assert [s.heading for s in a.sections] == ["Article"]
    assert a.sections[0].text.startswith("County clerks across western Kansas")
    assert "Sports" not in a.text and "Copyright" not in a.text and "By Dana" not in a.text


def test_html_article_date_is_not_guessed_from_a_copyright_year() -> None:
    page = (FIXTURES / "html_plain_article.html").read_text(encoding="utf-8")
    page = page.replace('<time datetime="2026-05-02">May 2, 2026</time>', "")
    assert read_text(page, "a.html").published is None


def test_markdown_front_matter_gives_every_field() -> None:
    a = read(FIXTURES / "markdown_pharmacy.md")
    assert a.title == "Pharmacy benefit managers win a delay on Ohio's drug-price disclosure law"
    assert a.summary is not None and a.summary.startswith("A one-year delay")
    assert (a.lens, a.type, a.published, a.read_time_minutes) == (
        "Corporate Power",
        "Reporting",
        "2026-02-17",
        4,
    )
    assert (a.source.name, a.source.url) == ("Signal Ohio", "https://signalohio.example/pbm-delay")
    assert a.topics == ["news analysis", "health", "lobbying"]


def test_markdown_sections_drop_inline_markup_credits_and_reader_paths() -> None:
    a = read(FIXTURES / "markdown_pharmacy.md")
    assert [s.heading for s in a.sections] == [
        "Why this matters",
        "What happened",
        "Who gains leverage",
    ]
    assert a.sections[0].text.endswith("to report rebates.")
    happened = a.section("What happened")
    assert happened is not None and "**" not in happened.text and "](" not in happened.text
    assert "conference committee, after lobbying filings showed" in happened.text


def test_markdown_title_line_is_the_title_without_front_matter() -> None:
    a = read_text("# Rail strike averted\n\n## What happened\n\nThe unions agreed.\n", "r.md")
    assert a.title == "Rail strike averted"
    assert a.id == "rail-strike-averted"
    assert [(s.heading, s.text) for s in a.sections] == [("What happened", "The unions agreed.")]
    assert a.topics == [] and a.published is None


def test_markdown_topics_accept_a_comma_string_and_read_time_a_number() -> None:
    text = "---\ntitle: T\ntags: energy, trade\nread_time_minutes: 3\n---\n## A\n\nText.\n"
    a = read_text(text, "t.md")
    assert (a.topics, a.read_time_minutes) == (["energy", "trade"], 3)


@pytest.mark.parametrize(
    "front",
    ["title: [unclosed\n", "- a list\n- not a mapping\n", "title: a\n  bad: indent\n"],
)
def test_broken_front_matter_is_a_read_error_naming_the_file(front: str) -> None:
    with pytest.raises(ReadError, match="invalid front matter") as error:
        read_text(f"---\n{front}---\n## A\n\nText.\n", "broken.md")
    assert error.value.source == "broken.md"


def test_plain_news_reads_headline_byline_and_dateline() -> None:
    a = read(FIXTURES / "news_wire.txt")
    assert a.title == (
        "Shipping insurers raise Red Sea war-risk premiums for the third time this year"
    )
    assert (a.published, a.source.name, a.lens, a.type, a.summary) == (
        "2026-06-11",
        "Reuters",
        None,
        None,
        None,
    )
    assert [s.heading for s in a.sections] == ["Article"]
    assert a.sections[0].text.startswith("Marine insurers raised")
    assert "By Omar" not in a.text and "LONDON" not in a.text


def test_a_bare_dateline_in_capitals_is_read_off_but_a_name_with_a_dash_is_text() -> None:
    story = "Tariffs rise\n\nBy Ann Lee\n\nNEW YORK - The Teamsters struck at Halvard Freight.\n"
    assert read_text(story, "a.txt").sections[0].text.startswith("The Teamsters struck")
    plain = "Tariffs rise\n\nKenya - the bloc's newest member - raised tariffs.\n"
    assert read_text(plain, "b.txt").sections[0].text.startswith("Kenya - the bloc")


def test_a_one_line_text_is_its_own_body() -> None:
    analysis = read_text("Chad closed its border with Sudan on Monday.\n", "-")
    assert analysis.title == "Chad closed its border with Sudan on Monday."
    assert [s.text for s in analysis.sections] == [analysis.title]


def test_plain_news_byline_date_counts_and_sentences_starting_with_by_stay() -> None:
    text = "Headline\n\nBy Jane Doe | March 4, 2026\n\nBy Monday, the deal had collapsed.\n"
    a = read_text(text, "n.txt")
    assert a.published == "2026-03-04"
    assert a.sections[0].text == "By Monday, the deal had collapsed."


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("site_colorado_river.txt", "site"),
        ("html_transit_levy.html", "html"),
        ("markdown_pharmacy.md", "markdown"),
        ("news_wire.txt", "news"),
    ],
)
def test_sniff_recognises_each_format_from_content_alone(name: str, expected: str) -> None:
    assert sniff((FIXTURES / name).read_text(encoding="utf-8")) == expected


def test_explicit_format_overrides_sniffing(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes((FIXTURES / "site_colorado_river.txt").read_bytes())
    a = read(page, fmt="news")
    assert [s.heading for s in a.sections] == ["Article"]
    assert a.lens is None


def test_unknown_format_is_a_read_error() -> None:
    with pytest.raises(ReadError, match="unknown format 'pdf'"):
        read(FIXTURES / "news_wire.txt", fmt="pdf")


def test_markdown_in_a_txt_file_is_sniffed(tmp_path: Path) -> None:
    page = tmp_path / "note.txt"
    page.write_bytes((FIXTURES / "markdown_pharmacy.md").read_bytes())
    assert read(page).lens == "Corporate Power"


def test_html_metadata_list_items_with_labels_in_their_own_tags() -> None:
    page = (
        "<html><body><article><h1>T</h1><ul class='meta'>"
        "<li><span>Lens</span>Corporate Power</li><li><b>Type:</b> Reporting</li>"
        "<li>Published: March 3, 2026</li></ul>"
        "<h2>What happened</h2><p>Something happened.</p></article></body></html>"
    )
    a = read_text(page, "t.html")
    assert (a.lens, a.type, a.published) == ("Corporate Power", "Reporting", "2026-03-03")
    assert [(s.heading, s.text) for s in a.sections] == [("What happened", "Something happened.")]


def test_site_layout_accepts_a_metadata_block_above_the_title() -> None:
    text = (
        "Lens: Local Power\nType: Reporting\nPublished: May 1, 2026\n\n"
        "City council delays vote\n\nThe dek sentence.\n\n"
        "What happened\n\nThe council delayed.\n\nWho gains leverage\n\nDevelopers gain.\n"
    )
    a = read_text(text, "t.txt")
    assert (a.title, a.summary, a.lens, a.type, a.published) == (
        "City council delays vote",
        "The dek sentence.",
        "Local Power",
        "Reporting",
        "2026-05-01",
    )
    assert [s.heading for s in a.sections] == ["What happened", "Who gains leverage"]


def test_html_reader_skips_a_prompt_sentence_before_the_reader_paths_list(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        "<html><head><title>Port deal</title></head><body><article><h1>Port deal</h1>"
        "<h2>What happened</h2><p>The union won.</p>"
        "<h3>Reader paths</h3><p>Keep drilling through the topic map.</p>"
        "<ul><li>labor</li><li>economy</li></ul></article></body></html>",
        encoding="utf-8",
    )
    assert read(page).topics == ["labor", "economy"]


def test_html_reader_paths_tags_are_topics_not_section_text(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        "<html><head><title>Port deal</title></head><body><article><h1>Port deal</h1>"
        "<h2>What happened</h2><p>The union won.</p>"
        '<section class="paths"><h3>Reader paths</h3><p>Keep drilling through the topic map.</p>'
        "<ul><li>sanctions</li><li>surveillance</li></ul></section></article></body></html>",
        encoding="utf-8",
    )
    analysis = read(page)
    assert analysis.topics == ["sanctions", "surveillance"]
    assert analysis.sections[-1].text == "The union won."
