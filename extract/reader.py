"""Read analyses from files, folders or stdin, in any supported format.

``read`` turns one source into an :class:`~powermap.extract.model.Analysis`;
``read_many`` streams a batch (folders expanded) and hands bad files to a
callback instead of stopping. Every problem with the input is a
:class:`~powermap.extract.errors.ReadError` naming the source.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from powermap.extract.decoding import decode
from powermap.extract.errors import ReadError
from powermap.extract.formats import html, markdown, news, site
from powermap.extract.formats.layout import layout
from powermap.extract.identity import AnalysisIds, Duplicate
from powermap.extract.model import Analysis

__all__ = ["FORMATS", "EXTENSIONS", "read", "read_text", "read_many", "iter_sources", "sniff"]

Parser = Callable[[str, str], Analysis]

FORMATS: dict[str, Parser] = {
    "site": site.parse_site,
    "html": html.parse_html,
    "markdown": markdown.parse_markdown,
    "news": news.parse_news,
}
EXTENSIONS: dict[str, str | None] = {
    ".txt": None,  # sniffed: site layout, Markdown front matter, HTML or plain news
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
STDIN = "-"
MAX_BYTES = 32 * 2**20
"""The most read from one file or stdin (32 MB); a larger input is refused unread."""

log = logging.getLogger(__name__)


def read(source: str | Path, *, fmt: str | None = None) -> Analysis:
    """Read one analysis from a file path, or from stdin when ``source`` is ``"-"``.

    Parameters
    ----------
    source : a path (kept as given in ``Analysis.document``) or ``"-"`` for stdin.
    fmt : ``"site"``, ``"html"``, ``"markdown"`` or ``"news"`` to skip format
        detection; by default the extension decides, and content is sniffed
        for ``.txt``, unknown extensions and stdin.

    Returns
    -------
    Analysis with the metadata the page states (unknown values None) and its
    sections in order.

    Raises
    ------
    ReadError
        missing, unreadable, binary or empty input, broken front matter, an
        unknown ``fmt``, or text with neither a title nor any section.
    """
    document = str(source)
    if fmt is not None and fmt not in FORMATS:
        raise ReadError(document, f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    data = _read_bytes(document)
    text = decode(data, document)
    if fmt is None and document != STDIN:
        fmt = EXTENSIONS.get(Path(document).suffix.lower())
    return read_text(text, document, fmt=fmt)


def read_text(text: str, document: str, *, fmt: str | None = None) -> Analysis:
    """Parse already decoded ``text`` (sniffing the format unless ``fmt`` is given)."""
    if fmt is not None and fmt not in FORMATS:
        raise ReadError(document, f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    analysis = FORMATS[fmt or sniff(text)](text, document)
    if not analysis.title and not analysis.sections:
        raise ReadError(document, "no analysis found")
    return analysis


def sniff(text: str) -> str:
    """The format ``text`` looks like: ``markdown``, ``html``, ``site`` or ``news``."""
    if markdown.has_front_matter(text):
        return "markdown"
    if html.looks_like_html(text):
        return "html"
    if site.looks_like_site(text):
        return "site"
    if markdown.has_headings(text):
        return "markdown"
    return "news"


def read_many(
    sources: Iterable[str | Path],
    *,
    on_error: Callable[[ReadError], None] | None = None,
    fmt: str | None = None,
    ids: AnalysisIds | None = None,
    on_duplicate: Callable[[Duplicate], None] | None = None,
) -> Iterator[Analysis]:
    """Read many sources one at a time, expanding folders (sorted, recursive).

    Parameters
    ----------
    sources : files, folders or ``"-"``.
    on_error : called with each :class:`ReadError` (the bad source is then
        skipped); if None, the first error is raised.
    fmt : as in :func:`read`, for every file.
    ids : who holds which analysis id; a fresh :class:`AnalysisIds` by default,
        one that remembers a store's analyses when building into it.
    on_duplicate : called with each document whose content was already read
        (it is skipped, which is not an error); by default it is logged as a
        warning.

    Yields
    ------
    Analysis, in the order of ``sources`` and, within a folder, of sorted paths,
    each with an id no other analysis of the batch (or of ``ids``) has.
    """
    ids = AnalysisIds() if ids is None else ids
    for given in sources:
        try:
            paths = list(_expand(given))
        except ReadError as error:
            if on_error is None:
                raise
            on_error(error)
            continue
        for path in paths:
            try:
                analysis = read(path, fmt=fmt)
            except ReadError as error:
                if on_error is None:
                    raise
                on_error(error)
                continue
            duplicate = ids.assign(analysis)
            if duplicate is None:
                yield analysis
            elif on_duplicate is not None:
                on_duplicate(duplicate)
            else:
                log.warning("%s", duplicate)


def iter_sources(paths: Iterable[str | Path]) -> Iterator[str | Path]:
    """Each file to read: files and ``"-"`` as given, folders expanded recursively.

    Within a folder, files with an analysis extension (.txt .md .markdown
    .html .htm) are yielded in sorted order, skipping hidden files and
    README-like files. A missing path or a folder without analyses raises
    :class:`ReadError`.
    """
    for path in paths:
        yield from _expand(path)


def _expand(given: str | Path) -> Iterator[str | Path]:
    name = str(given)
    if name == STDIN:
        yield given
        return
    path = Path(given)
    if not path.exists():
        raise ReadError(name, "no such file or directory")
    if not path.is_dir():
        yield given
        return
    found = sorted(_folder_files(path))
    if not found:
        raise ReadError(name, f"no analyses found ({' '.join(EXTENSIONS)})")
    yield from found


def _folder_files(folder: Path) -> Iterator[Path]:
    skip = layout().skip_in_folders
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(root, name)
            if (
                not name.startswith(".")
                and path.suffix.lower() in EXTENSIONS
                and path.stem.casefold() not in skip
            ):
                yield path


def _read_bytes(document: str) -> bytes:
    """The bytes of a file or stdin, refusing more than :data:`MAX_BYTES`."""
    if document == STDIN:
        stream = getattr(sys.stdin, "buffer", None)
        data = stream.read(MAX_BYTES + 1) if stream is not None else sys.stdin.read().encode()
        return _within_cap(data, document)
    try:
        with Path(document).open("rb") as handle:
            return _within_cap(handle.read(MAX_BYTES + 1), document)
    except FileNotFoundError:
        raise ReadError(document, "no such file or directory") from None
    except IsADirectoryError:
        raise ReadError(document, "is a directory (use read_many for folders)") from None
    except PermissionError:
        raise ReadError(document, "permission denied") from None
    except OSError as error:
        raise ReadError(document, error.strerror or str(error)) from None


def _within_cap(data: bytes, document: str) -> bytes:
    if len(data) > MAX_BYTES:
        raise ReadError(document, f"over {MAX_BYTES // 2**20} MB, the most read from one file")
    return data
