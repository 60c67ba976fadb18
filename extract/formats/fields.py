"""Parsers for single metadata values, shared by every format.

Each returns ``None`` (or an empty list) for a value it cannot read: unknown
values are left unknown, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from powermap.extract.formats.layout import layout
from powermap.extract.model import Source

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
# no "\s*" around: on a long run of spaces that would try every split of the run
_TAG_SEPARATORS = re.compile(r"[,;|·•\n]|\s/\s")
_LONGEST_VALUE = 64
"""Characters beyond which a date or read time is not one (and is not parsed)."""
_LONGEST_TAG_RUN = 300
"""Characters beyond which a piece of a topic list is not tags (and is dropped)."""


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
    if text is None or len(text) > _LONGEST_VALUE:
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
    match = _MINUTES.search(text) if text and len(text) <= _LONGEST_VALUE else None
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
    ``ontology/topics.yaml``. A stretch no tag matches is kept whole as one
    tag, together with any known word it is joined to by a space ("water
    rights") or a short fragment it runs into ("geo" + "politics").
    Duplicates are dropped, first one wins.

    >>> split_topics("news analysisglobalmedia")
    ['news analysis', 'global', 'media']
    >>> split_topics(["Energy, geopolitics", "water rights"])
    ['energy', 'geopolitics', 'water rights']
    """
    if isinstance(values, str):
        values = [values]
    tags: list[str] = []
    for value in values:
        for piece in _TAG_SEPARATORS.split(value):
            if len(piece) > _LONGEST_TAG_RUN:
                continue
            for tag in _split_run_together(re.sub(r"\s+", " ", piece.strip().casefold())):
                if tag and tag not in tags:
                    tags.append(tag)
    return tags


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[str, ...]:
    """Known tags, longest first (for greedy longest match)."""
    return tuple(sorted({t.casefold() for t in layout().topics}, key=len, reverse=True))


def _split_run_together(text: str) -> list[str]:
    """Greedy longest match of known tags; unknown stretches merged as described above."""
    vocabulary = _vocabulary()
    if not text or text in vocabulary:
        return [text]
    segments: list[list[Any]] = []  # [text, known]
    i = 0
    while i < len(text):
        match = next((t for t in vocabulary if text.startswith(t, i)), None)
        if match is None:
            if segments and not segments[-1][1]:
                segments[-1][0] += text[i]
            else:
                segments.append([text[i], False])
            i += 1
        else:
            segments.append([match, True])
            i += len(match)
    return [tag.strip() for tag in _merge_unknown(segments) if tag.strip()]


def _merge_unknown(segments: list[list[Any]]) -> list[str]:
    """Join unknown stretches to the words they belong to.

    Whitespace alone between tags separates them; an unknown stretch that
    starts (ends) with a space continues the tag before (after) it, as in
    "water rights"; a stretch under four letters is the start of the next
    tag or, at the end, the rest of the last one ("geo" + "politics").
    """
    out: list[str] = []
    carry = ""
    for index, (text, known) in enumerate(segments):
        text = carry + text
        carry = ""
        if known or (not text.strip() and not out):
            out.append(text)
            continue
        if not text.strip():
            continue
        has_next = index + 1 < len(segments)
        if text.startswith(" ") and out:
            text = out.pop() + text
        if (text.endswith(" ") or len(text.strip()) < 4) and has_next:
            carry = text
        elif len(text.strip()) < 4 and out:
            out[-1] += text
        else:
            out.append(text)
    if carry:
        out.append(carry)
    return out


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
