"""Plain news articles: a headline, an optional byline and dateline, then the body.

``WASHINGTON, July 3, 2026 (Reuters) — ...`` gives the date and the agency
(the source), and a bare ``NEW YORK -`` is read off too; ``By Jane Doe | March 4,
2026`` gives the date and is not text. The body becomes one section; a document
that is one line (a headline, a sentence piped in) is its own body. Lens and type
stay unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from powermap.extract.formats.common import analysis_id, blocks, join_lines
from powermap.extract.formats.fields import clean, metadata_line, parse_date, parse_source
from powermap.extract.formats.layout import layout
from powermap.extract.model import Analysis, Section, Source

__all__ = ["parse_news", "NewsBody", "read_body"]


@dataclass
class NewsBody:
    """What an article body gives: its date, its source and its paragraphs."""

    published: str | None = None
    source: Source = field(default_factory=Source)
    paragraphs: list[str] = field(default_factory=list)

    def sections(self) -> list[Section]:
        """The body as the one section a news article has (none if it is empty)."""
        text = "\n\n".join(self.paragraphs)
        return [Section(layout().news_heading, text)] if text else []


def parse_news(text: str, document: str) -> Analysis:
    """Read a plain news article (see the module docstring)."""
    all_blocks = blocks(text)
    title = clean(all_blocks[0][0].lstrip("# ")) if all_blocks else None
    body = read_body([all_blocks[0][1:], *all_blocks[1:]] if all_blocks else [])
    if not body.paragraphs and title:
        body.paragraphs.append(title)  # a lone line (a headline, a sentence) is the text too
    return Analysis(
        id=analysis_id(title, document),
        document=document,
        title=title,
        published=body.published,
        source=body.source,
        sections=body.sections(),
    )


def read_body(paragraph_lines: list[list[str]]) -> NewsBody:
    """Bylines, date lines and a leading dateline read off; the rest kept as text."""
    lay = layout()
    body = NewsBody()
    for block in paragraph_lines:
        lines = [line for line in block if not _metadata(line, body, first=not body.paragraphs)]
        lines = [line for line in lines if not lay.is_boilerplate(line)]
        if not lines:
            continue
        paragraph = join_lines(lines)
        if not body.paragraphs:
            paragraph = _dateline(paragraph, body)
        paragraph = lay.credit.sub("", paragraph).strip()
        if paragraph:
            body.paragraphs.append(paragraph)
    return body


def _metadata(line: str, body: NewsBody, *, first: bool) -> bool:
    """Read a byline, a date/source label or a lone date line into ``body``."""
    lay = layout()
    byline = lay.byline.match(line)
    if byline and len(line) < 100 and not line.endswith((".", "!", "?")):
        body.published = body.published or parse_date(byline.group("date"))
        return True
    pair = metadata_line(line)
    if pair and pair[0] == "published":
        body.published = body.published or parse_date(pair[1])
        return True
    if pair and pair[0] == "source":
        body.source = body.source if body.source.name else parse_source(pair[1])
        return True
    if first and len(line) < 40 and (date := parse_date(line)):
        body.published = body.published or date
        return True
    return False


def _dateline(paragraph: str, body: NewsBody) -> str:
    """``paragraph`` without its "PLACE, Date (Agency) —" dateline, read into ``body``."""
    found = layout().dateline.match(paragraph)
    if not found:
        return paragraph
    city = found.group("place").split(",")[0].strip()
    if not (found.group("date") or found.group("agency")) and not (
        city.isupper() and len(city) >= 3
    ):  # a bare place counts in capitals only: "WASHINGTON -", not "Kenya - the"
        return paragraph
    body.published = body.published or parse_date(found.group("date"))
    if body.source.name is None and found.group("agency"):
        body.source = Source(name=clean(found.group("agency")))
    return paragraph[found.end() :].strip()
