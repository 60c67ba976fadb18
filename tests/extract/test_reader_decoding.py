"""Bytes to text: encodings, newlines and every kind of bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powermap.extract.decoding import decode
from powermap.extract.errors import ReadError
from powermap.extract.reader import read, read_text
from powermap.ontology.lexicon import slug

PAGE = "Café — “quotes” win\n\nBy Ana Díaz | May 5, 2026\n\nThe café’s owners said so.\n"


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + PAGE.encode("utf-8"),
        PAGE.encode("utf-16"),  # with a BOM, native order
        codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"),
        PAGE.encode("cp1252"),
        PAGE.encode("utf-8"),
    ],
    ids=["utf8-bom", "utf16", "utf16-le", "utf16-be", "cp1252", "utf8"],
)
def test_reader_decodes_boms_utf8_and_windows_1252_alike(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    a = read(path)
    assert a.title == "Café — “quotes” win"
    assert a.sections[0].text == "The café’s owners said so."
    assert a.published == "2026-05-05"


def test_decode_unifies_newlines_and_non_breaking_spaces() -> None:
    assert decode(b"a\r\nb\rc\xc2\xa0d", "x") == "a\nb\nc d"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n", "empty file"),
        (codecs.BOM_UTF8 + b"  \n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
        (bytes(range(128, 256)) * 3, "binary file, not text"),
    ],
    ids=["empty", "whitespace", "bom-only", "png", "undecodable"],
)
def test_bad_bytes_are_one_read_error_naming_the_file(
    tmp_path: Path, data: bytes, problem: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError) as error:
        read(path)
    assert (error.value.source, error.value.problem) == (str(path), problem)


def test_missing_file_and_directory_are_read_errors(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file or directory"):
        read(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="is a directory"):
        read(tmp_path)


def test_text_without_title_or_sections_is_no_analysis(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    with pytest.raises(ReadError, match="no analysis found"):
        read(path)


def test_slug_is_ascii_lowercase_and_cut_at_a_word_boundary() -> None:
    key = slug("Ünïcode — and a very long title " * 6, max_length=80)
    assert key.startswith("unicode-and-a-very-long-title")
    assert len(key) <= 80 and not key.endswith("-")
    assert key.split("-")[-1] in {"unicode", "and", "a", "very", "long", "title"}


_PIECES = [
    "---\n",
    "title: [x\n",
    "## What happened\n",
    "# T\n",
    "<html><h2>A</h2><p>x</p>",
    "<dl><dt>Lens</dt></dl>",
    "LensGlobal\n",
    "PublishedJuly 2, 2026\n",
    "Why this matters: x (Image credit: y)\n",
    "\n\n",
    "Reader paths\n",
    "news analysisglobal\n",
    "By Jane | May 4, 2026\n",
    "WASHINGTON, July 3, 2026 (Reuters) — x\n",
    "[a](b) **c** _d_",
    "Published: 0000-00-00\n",
    "\x00\ufeff\u00a0é—",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES) | st.text(max_size=12), max_size=12),
    st.sampled_from([None, "site", "html", "markdown", "news"]),
)
def test_reader_raises_only_read_error_on_any_text(parts: list[str], fmt: str | None) -> None:
    try:
        read_text("".join(parts), "page.txt", fmt=fmt)
    except ReadError:
        pass


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=120))
def test_decoder_raises_nothing_but_read_error_on_any_bytes(data: bytes) -> None:
    try:
        read_text(decode(data, "page.txt"), "page.txt")
    except ReadError:
        pass
