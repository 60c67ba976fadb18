"""Parsers for single metadata values, shared by every format.

Each returns ``None`` (or an empty list) for a value it cannot read: unknown
values are left unknown, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from powermap.extract.model import Source
from powermap.extract.readers.layout import layout

__all__ = [
    "parse_date",
    "parse_read_time",
    "parse_source",
    "split_topics",
    "metadata_line",
    "clean",
]

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
    "STRICT_PARSING": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_MINUTES = re.compile(r"(\d+)\s*(?:min|minutes?|m\b|$)", re.IGNORECASE)
_URL = re.compile(r"https?://\S+")
_TAG_SEPARATORS = re.compile(r"\s*(?:[,;|·•]|\s/\s|\n)\s*")


def clean(value: object) -> str | None:
    """A stripped one-line string, or None for empty or missing values."""
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def parse_date(value: object) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from a date, a datetime or an absolute date string.

    Relative expressions ("today", "last week") and partial dates ("July
    2026") give None rather than a date invented from the clock.

    >>> parse_date("PublishedJuly 2, 2026".removeprefix("Published"))
    '2026-07-02'
    >>> parse_date("2026-07-02T10:00:00Z"), parse_date("today")
    ('2026-07-02', None)
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = clean(value)
    if text is None:
        return None
    iso = _ISO_DATE.match(text)
    if iso:
        try:
            return dt.date(*map(int, iso.groups())).isoformat()
        except ValueError:
            return None
    plain = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(plain, fmt).date().isoformat()
        except ValueError:
            continue
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return parsed.date().isoformat() if parsed else None


def parse_read_time(value: object) -> int | None:
    """Minutes from ``3``, ``"3"``, ``"3 min read"`` or ``"4 minutes"``.

    >>> parse_read_time("3 min read"), parse_read_time(4), parse_read_time("soon")
    (3, 4, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return round(value) if value >= 0 else None
    text = clean(value)
    match = _MINUTES.search(text) if text else None
    return int(match.group(1)) if match else None


def parse_source(value: object) -> Source:
    """A :class:`Source` from a name, a URL, "Name (URL)" or a ``{name, url}`` mapping."""
    if isinstance(value, dict):
        return Source(name=clean(value.get("name")), url=clean(value.get("url")))
    text = clean(value)
    if text is None:
        return Source()
    url = _URL.search(text)
    if not url:
        return Source(name=text)
    name = clean(text.replace(url.group(0), "").strip(" ()<>[]-–—:"))
    return Source(name=name, url=url.group(0).rstrip(").,>]"))


def split_topics(values: Iterable[str] | str) -> list[str]:
    """Topic tags from lines or strings, splitting run-together tags.

    Separators (commas, bars, bullets, new lines) split first; each piece is
    then cut into known tags by greedy longest match against
    ``ontology/topics.yaml``, and any stretch no tag matches is kept whole.
    Duplicates are dropped, first one wins.

    >>> split_topics("news analysisglobalmedia")
    ['news analysis', 'global', 'media']
    >>> split_topics(["Energy, geopolitics"])
    ['energy', 'geopolitics']
    """
    if isinstance(values, str):
        values = [values]
    tags: list[str] = []
    for value in values:
        for piece in _TAG_SEPARATORS.split(value):
            for tag in _split_run_together(piece.strip().casefold()):
                if tag and tag not in tags:
                    tags.append(tag)
    return tags


def _split_run_together(text: str) -> list[str]:
    vocabulary = sorted({t.casefold() for t in layout().topics}, key=len, reverse=True)
    if text in vocabulary:
        return [text]
    tags: list[str] = []
    unknown = ""
    i = 0
    while i < len(text):
        match = next((t for t in vocabulary if text.startswith(t, i)), None)
        if match is None:
            unknown += text[i]
            i += 1
            continue
        if unknown.strip():
            tags.append(unknown.strip())
        unknown = ""
        tags.append(match)
        i += len(match)
    if unknown.strip():
        tags.append(unknown.strip())
    return tags


def metadata_line(line: str) -> tuple[str, str] | None:
    """``(field, value)`` for a metadata line such as ``"PublishedJuly 2, 2026"``.

    The label may be run together with its value (then the value must start
    with a capital or a digit, so "Sources said" is not a Source line) or
    followed by a colon. Long lines and sentences are never metadata.

    >>> metadata_line("Read time3 min read"), metadata_line("Lens: Corporate Power")
    (('read_time', '3 min read'), ('lens', 'Corporate Power'))
    >>> metadata_line("Typically, prices rise.") is None
    True
    """
    line = line.strip()
    if not line or len(line) > 120:
        return None
    labels = layout().metadata_labels
    for label in sorted(labels, key=len, reverse=True):
        if not line.casefold().startswith(label.casefold()):
            continue
        rest = line[len(label) :]
        if rest.lstrip().startswith(":"):
            value = rest.lstrip()[1:].strip()
        elif rest[:1].isupper() or rest[:1].isdigit():
            value = rest.strip()
        else:
            continue
        if value and not value.endswith(".") or _URL.search(value):
            return labels[label], value
    return None
