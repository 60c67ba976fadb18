"""Hostile and odd input: every file is read or refused with a ReadError, in bounded
time, and text inside deep nesting is kept. Times are CPU seconds of this process,
so a busy machine does not make them fail."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from powermap.extract.errors import ReadError
from powermap.extract.formats.html import looks_like_html
from powermap.extract.formats.nesting import MAX_DEPTH, MAX_ELEMENTS, bound_html
from powermap.extract.model import Analysis
from powermap.extract.reader import MAX_BYTES, read, read_text

LIMIT = 5.0  # CPU seconds for about 1 MB
PARAGRAPH = "Qatar gains leverage over Iran as talks resume in Doha."


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    """Import trafilatura, dateparser and the rest once, outside the timings."""
    read_text(f"<html><body><p>{PARAGRAPH}</p></body></html>", "warm.html", fmt="html")


def _timed(read_it: Callable[[], Analysis]) -> tuple[Analysis | ReadError, float]:
    start = time.process_time()
    try:
        result: Analysis | ReadError = read_it()
    except ReadError as error:
        result = error
    return result, time.process_time() - start


def _text(analysis: Analysis | ReadError) -> str:
    assert isinstance(analysis, Analysis), str(analysis)
    return " ".join([analysis.title or "", *(s.text for s in analysis.sections)])


def _page(body: str) -> str:
    return f"<html><head><title>Deep</title></head><body>{body}</body></html>"


# ---------------------------------------------------------------- HTML


@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_a_page_of_deeply_nested_divs_is_read_quickly_with_its_text(depth: int) -> None:
    page = _page("<div>" * depth + f"<p>{PARAGRAPH}</p>" + "</div>" * depth)
    result, seconds = _timed(lambda: read_text(page, "deep.html", fmt="html"))
    assert PARAGRAPH in _text(result)
    assert seconds < LIMIT


def test_text_at_every_level_of_deep_nesting_is_kept_in_paragraphs() -> None:
    words = [f"w{i}x" for i in range(3 * MAX_DEPTH)]
    page = _page("".join(f"<div><p>{w} is here.</p>" for w in words) + "</div>" * len(words))
    text = _text(read_text(page, "levels.html", fmt="html"))
    assert all(w in text for w in words)


@pytest.mark.parametrize(
    "name, body",
    [
        ("unclosed inline tags", "<b><i><span>" * 60_000 + PARAGRAPH),
        ("unfinished tags", "<a href=x " * 100_000 + PARAGRAPH),
        ("unclosed comments", "<p>x</p>" + "<!--" * 250_000),
        ("terms without definitions", "<dl>" + "<dt>Lens</dt>" * 80_000 + "</dl>"),
        ("nested tables", "<table><tr><td>cell " * 30_000),
        ("flat paragraphs", f"<p>{PARAGRAPH}</p>" * 16_000),
        ("a huge attribute", f'<p title="{"x" * 1_000_000}">{PARAGRAPH}</p>'),
        ("a long run of spaces", f"<p>{PARAGRAPH}{' ' * 1_000_000}.</p>"),
        ("a keywords meta tag of spaces", f'<meta name="keywords" content="a{" " * 10**6}b">'),
    ],
)
def test_a_pathological_page_of_a_megabyte_is_read_or_refused_in_seconds(
    name: str, body: str
) -> None:
    page = _page(body)
    assert len(page) > 500_000, name
    result, seconds = _timed(lambda: read_text(page, "odd.html", fmt="html"))
    assert isinstance(result, Analysis | ReadError)
    assert seconds < LIMIT, f"{name}: {seconds:.1f} s"


def test_a_page_of_too_many_elements_is_refused_on_one_line() -> None:
    page = _page("<p>word</p>" * (MAX_ELEMENTS + 10))
    with pytest.raises(ReadError, match="over the limit of 10,000") as error:
        read_text(page, "big.html", fmt="html")
    assert "\n" not in str(error.value)


def test_nesting_within_the_cap_is_left_as_it_was() -> None:
    page = _page("<div>" * (MAX_DEPTH - 5) + "<p>x</p>" + "</div>" * (MAX_DEPTH - 5))
    assert bound_html(page).text is page


def test_an_unclosed_nav_around_the_article_keeps_the_article() -> None:
    page = _page(
        '<nav><a href="/">Home</a><div class="story"><h1>Port deal</h1>'
        f"<p>{PARAGRAPH}</p><p>Dockworkers ratified the contract on Thursday.</p>"
    )
    text = _text(read_text(page, "nav.html", fmt="html"))
    assert PARAGRAPH in text


def test_sniffing_many_leading_comments_takes_no_time() -> None:
    start = time.process_time()
    assert not looks_like_html("<!---->" * 2_000 + "x")
    assert looks_like_html("<!-- a -->\n<!-- b --><html><body>")
    assert time.process_time() - start < 0.5


# ---------------------------------------------------------------- Markdown and text


@pytest.mark.parametrize(
    "name, text",
    [
        ("unclosed link brackets", "## Section\n\n" + "[" * 1_000_000),
        ("unclosed images", "## Section\n\n" + "![" * 500_000),
        ("unclosed strong", "## Section\n\n" + "**a" * 333_000),
        ("unclosed emphasis", "## Section\n\n" + " *a" * 333_000),
        ("unclosed comments", "## Section\n\n" + "<!--" * 250_000),
        ("unclosed code", "## Section\n\n" + "`a" * 500_000),
        ("a heading of spaces", "# " + " " * 1_000_000 + "x\n\n## Section\n\nText."),
        ("a heading of hashes", "## " + "#" * 1_000_000 + "\n\nText."),
    ],
)
def test_pathological_markdown_is_read_or_refused_in_seconds(name: str, text: str) -> None:
    result, seconds = _timed(lambda: read_text(text, "odd.md", fmt="markdown"))
    assert isinstance(result, Analysis | ReadError)
    assert seconds < LIMIT, f"{name}: {seconds:.1f} s"


@pytest.mark.parametrize(
    "front, problem",
    [
        ("title: x\nnotes: " + "y" * 70_000, "front matter over 64 KB"),
        ("title: " + "[" * 20_000 + "]" * 20_000, "nest"),
        (
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
                for i in range(8)
            )
            + "title: *i\ntopics: *i",
            "more than 10,000 values",
        ),
    ],
)
def test_hostile_front_matter_is_refused_on_one_line(front: str, problem: str) -> None:
    text = f"---\n{front}\n---\n\n## Section\n\nText.\n"
    result, seconds = _timed(lambda: read_text(text, "fm.md", fmt="markdown"))
    assert isinstance(result, ReadError) and problem in str(result)
    assert seconds < LIMIT


@pytest.mark.parametrize(
    "name, text",
    [
        ("one long line", "Headline\n\n" + "word " * 200_000),
        ("blank lines", "Headline\n\n" + "\n" * 1_000_000 + "Text."),
        ("a long byline", "Headline\n\nBy " + "A" * 1_000_000),
        ("a long dateline", "Headline\n\nWASHINGTON, " + "A" * 1_000_000 + " — text"),
        ("topics of spaces", "Title\n\nReader paths\n\n" + "a" + " " * 1_000_000 + "b"),
        ("a run-together topic line", "Title\n\nReader paths\n\n" + "globalx" * 150_000),
        ("digits for a read time", "Title\n\nRead time: " + "1" * 1_000_000),
    ],
)
def test_pathological_plain_text_is_read_or_refused_in_seconds(name: str, text: str) -> None:
    for fmt in (None, "news", "site"):
        result, seconds = _timed(lambda: read_text(text, "odd.txt", fmt=fmt))  # noqa: B023
        assert isinstance(result, Analysis | ReadError)
        assert seconds < LIMIT, f"{name} as {fmt}: {seconds:.1f} s"


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no time to write it
    with pytest.raises(ReadError, match="over 32 MB"):
        read(big)


# ---------------------------------------------------------------- generated input

_WORDS = st.sampled_from(["Qatar", "gains", "leverage", "over", "Iran", "the", "talks", "."])
_TAGS = st.sampled_from(
    ["div", "span", "p", "b", "section", "ul", "li", "table", "td", "h2", "h3", "a", "nav"]
)


@st.composite
def _html(draw: st.DrawFn) -> str:
    """Tags opened and (sometimes) closed in any order, with text, comments and junk."""
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 6))
        tag = draw(_TAGS)
        if kind <= 1:
            parts.append(f"<{tag}>")
        elif kind == 2:
            parts.append(f"</{tag}>")
        elif kind == 3:
            parts.append(draw(st.sampled_from(["<!--", "-->", "<", ">", "&amp;", "<br/>", "<!"])))
        else:
            parts.append(" ".join(draw(st.lists(_WORDS, max_size=6))))
    return "<html><body>" + "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_html())
def test_any_tag_soup_is_read_or_refused_never_crashes(page: str) -> None:
    try:
        read_text(page, "soup.html", fmt="html")
    except ReadError:
        pass


@st.composite
def _nested(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Well-formed nesting of any depth, a marker word in a paragraph at each level."""
    tags = draw(st.lists(st.sampled_from(["div", "section", "span", "blockquote"]), max_size=300))
    markers = [f"m{i}k" for i in range(len(tags))]
    opened = "".join(f"<{t}><p>{m} gains leverage.</p>" for t, m in zip(tags, markers, strict=True))
    closed = "".join(f"</{t}>" for t in reversed(tags))
    return _page(f"<h1>Nested</h1>{opened}<p>Qatar gains leverage.</p>{closed}"), markers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_nested())
def test_text_at_any_depth_is_never_dropped(case: tuple[str, list[str]]) -> None:
    page, markers = case
    text = _text(read_text(page, "nested.html", fmt="html"))
    assert [m for m in markers if m not in text] == []


_MARKDOWN = st.lists(
    st.sampled_from(
        ["#", "## ", "**", "*", "_", "[", "]", "(", ")", "!", "`", "-", "> ", "<!--", "-->",
         "---", ":", "\n", "\n\n", " ", "Qatar", "gains", "title: x", "&a", "*a", "{", "}"]
    ),
    max_size=80,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_MARKDOWN)
def test_any_markdown_is_read_or_refused_never_crashes(text: str) -> None:
    for fmt in (None, "markdown"):
        try:
            read_text(text, "odd.md", fmt=fmt)
        except ReadError:
            pass


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_or_refused_never_crashes(text: str) -> None:
    for fmt in (None, "news", "site"):
        try:
            read_text(text, "odd.txt", fmt=fmt)
        except ReadError:
            pass
