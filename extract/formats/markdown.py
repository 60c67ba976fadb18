"""Markdown analyses with YAML front matter and ``## Heading`` sections.

Front matter supplies the metadata (``title``, ``summary``/``dek``/
``description``, ``lens``, ``type``, ``published``/``date``,
``read_time``/``read_time_minutes``, ``source`` as a name or ``{name, url}``,
``topics``/``tags``/``reader_paths`` as a list or a comma string). A
``# Title`` line is the title when the front matter has none.
"""

from __future__ import annotations

import re
from typing import Any

import frontmatter
import yaml

from powermap.extract.errors import ReadError
from powermap.extract.formats.common import analysis_id, blocks
from powermap.extract.formats.fields import (
    clean,
    metadata_line,
    parse_date,
    parse_read_time,
    parse_source,
    split_topics,
)
from powermap.extract.formats.layout import Layout, layout
from powermap.extract.formats.site import Footer, metadata_analysis, read_footer
from powermap.extract.model import Analysis, Section

__all__ = ["parse_markdown", "has_front_matter", "has_headings", "strip_inline"]

_FENCE = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$")
# Every pattern is linear in the line: brackets and emphasis exclude their own
# opening characters, and strong emphasis spans at most 300 characters (an unmatched
# "[" or "**" is then one short scan, not a scan to the end of the line from each).
_INLINE = (
    (re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)"), ""),
    (re.compile(r"\[([^\[\]\n]+)\]\([^()\n]*\)"), r"\1"),
    (re.compile(r"`([^`\n]*)`"), r"\1"),
    (re.compile(r"(\*\*|__)(.{1,300}?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])[*_](?![\s*_])([^*_\n]{1,300}?)(?<![\s*_])[*_](?![\w*])"), r"\1"),
)
MAX_FRONT_MATTER = 64 * 1024
"""Characters of YAML front matter read; longer front matter is refused."""
MAX_FRONT_MATTER_VALUES = 10_000
"""Values front matter may hold, aliases counted as often as they are used."""
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_KEYS = {
    "summary": ("summary", "dek", "description", "subtitle"),
    "published": ("published", "date", "published_at", "datepublished"),
    "read_time": ("read_time_minutes", "read_time", "reading_time"),
    "topics": ("topics", "tags", "reader_paths", "keywords"),
}


def has_front_matter(text: str) -> bool:
    """Whether ``text`` opens with a closed ``---`` YAML front-matter block."""
    return bool(_FENCE.match(text))


def has_headings(text: str) -> bool:
    """Whether ``text`` has Markdown ``## `` section headings."""
    return any(line.startswith("## ") for line in text.split("\n"))


def strip_inline(text: str) -> str:
    """Plain text from inline Markdown: links keep their text, emphasis its words.

    >>> strip_inline("**Qatar** hosts [the talks](https://x.org) ![p](a.jpg)<!-- x -->")
    'Qatar hosts the talks '
    """
    text = _strip_comments(text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def _strip_comments(text: str) -> str:
    """``text`` without ``<!-- ... -->`` comments (an unclosed one runs to the end).

    A loop, not ``<!--.*?-->``: that regex scans to the end of the text from every
    unclosed ``<!--``.
    """
    pieces = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        pieces.append(text[position:start])
        end = text.find("-->", start + 4)
        if end < 0:
            return "".join(pieces)
        position = end + 3
    pieces.append(text[position:])
    return "".join(pieces)


def parse_markdown(text: str, document: str) -> Analysis:
    """Read a Markdown analysis (front matter optional)."""
    lay = layout()
    meta, body = _front_matter(text, document)
    footer = Footer()
    title, preamble, sections = _body(body, footer, lay)
    analysis = metadata_analysis(footer, document)
    analysis.title = clean(meta.get("title")) or title
    analysis.lens = clean(meta.get("lens")) or analysis.lens
    analysis.type = clean(meta.get("type")) or analysis.type
    analysis.published = parse_date(_first(meta, "published")) or analysis.published
    read_time = parse_read_time(_first(meta, "read_time"))
    analysis.read_time_minutes = read_time if read_time is not None else analysis.read_time_minutes
    if meta.get("source"):
        source = parse_source(meta["source"])
        source.url = source.url or clean(meta.get("source_url"))
        analysis.source = source
    topics = _first(meta, "topics")
    if topics:
        items = topics if isinstance(topics, list) else [topics]
        analysis.topics = split_topics([str(t) for t in items])
    summary = clean(_first(meta, "summary"))
    if summary is None and preamble:
        summary = preamble.pop(0)
    analysis.summary = summary
    if preamble:
        sections.insert(0, Section(lay.news_heading, "\n\n".join(preamble)))
    analysis.sections = [s for s in sections if s.text]
    analysis.id = analysis_id(analysis.title, document)
    return analysis


def _first(meta: dict[str, Any], field: str) -> Any:
    for key in _KEYS[field]:
        if meta.get(key) not in (None, "", []):
            return meta[key]
    return None


def _front_matter(text: str, document: str) -> tuple[dict[str, Any], str]:
    """The front matter as a mapping (keys lowercased) and the body after it."""
    if not text.startswith("---"):
        return {}, text
    if not has_front_matter(text):
        raise ReadError(document, "invalid front matter: no closing '---' line")
    handler = frontmatter.YAMLHandler()
    raw, body = handler.split(text)
    if len(raw) > MAX_FRONT_MATTER:
        raise ReadError(document, f"front matter over {MAX_FRONT_MATTER // 1024} KB")
    try:
        meta = handler.load(raw)
    except yaml.YAMLError as error:
        raise ReadError(document, f"invalid front matter: {_yaml_problem(error)}") from None
    except (ValueError, TypeError, OverflowError) as error:  # e.g. "date: 0000-01-01"
        raise ReadError(document, f"invalid front matter: {error}") from None
    except RecursionError:
        raise ReadError(document, "invalid front matter: nested too deeply") from None
    if meta is None:
        return {}, body
    if not isinstance(meta, dict):
        raise ReadError(document, "invalid front matter: expected key: value pairs")
    if _values_beyond(meta, MAX_FRONT_MATTER_VALUES):
        raise ReadError(
            document, f"front matter of more than {MAX_FRONT_MATTER_VALUES:,} values (aliases?)"
        )
    return {str(k).lower().replace("-", "_"): v for k, v in meta.items()}, body


def _values_beyond(data: Any, limit: int) -> bool:
    """Whether ``data`` holds more than ``limit`` values, counting each time an alias
    repeats one ("a: &a [x, x]", "b: &b [*a, *a]" ... doubles at every line): stops
    counting at ``limit``, so it costs at most that."""
    stack = [data]
    seen = 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > limit:
            return True
        if isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            stack += item
    return False


def _yaml_problem(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem:
        mark = error.problem_mark
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return f"{error.problem}{where}"
    return str(error).split("\n")[0]


def _body(body: str, footer: Footer, lay: Layout) -> tuple[str | None, list[str], list[Section]]:
    """(``# title``, paragraphs before the first section, sections) of the body."""
    title: str | None = None
    preamble: list[str] = []
    sections: list[Section] = []
    furniture: list[str] | None = None  # lines of a "Reader paths"-like section
    for block in blocks(body):
        first = _HEADING.match(block[0])
        if first:
            closing = first.group(2).strip().rstrip("#").strip()  # "## Title ##" -> "Title"
            level, heading = len(first.group(1)), strip_inline(closing).strip()
            block = block[1:]
            if level == 1 and title is None and not sections:
                title = heading
            elif level <= 2:
                furniture = [heading] if _is_furniture(heading, lay) else None
                if furniture is None:
                    sections.append(Section(heading, ""))
            else:
                block = [heading, *block]
            if not block:
                continue
        lines = [strip_inline(_LIST_ITEM.sub("", line.lstrip("> "))).strip() for line in block]
        if furniture is not None:
            furniture.extend(lines)
            _merge(footer, read_footer(furniture))
            continue
        if all(metadata_line(line) for line in lines):
            _merge(footer, read_footer(lines))
            continue
        paragraph = _paragraph(block, lines, lay)
        if not paragraph:
            continue
        if paragraph[0] == lay.lead_label and not sections:
            sections.append(Section(lay.lead_label, paragraph[1]))
        elif sections:
            sections[-1].text = "\n\n".join(filter(None, [sections[-1].text, paragraph[1]]))
        else:
            preamble.append(paragraph[1])
    return title, preamble, sections


def _paragraph(raw: list[str], lines: list[str], lay: Layout) -> tuple[str, str] | None:
    """("", text) for a paragraph, or (lead label, text) for "Why this matters: ..."."""
    is_list = all(_LIST_ITEM.match(line) for line in raw)
    text = ("\n" if is_list else " ").join(line for line in lines if line)
    text = lay.credit.sub("", re.sub(r"[ \t]+", " ", text)).strip()
    if not text:
        return None
    if text.startswith(lay.lead_label + ":"):
        return lay.lead_label, text[len(lay.lead_label) + 1 :].strip()
    return "", text


def _is_furniture(heading: str, lay: Layout) -> bool:
    return heading.casefold() == lay.topics_heading.casefold() or lay.is_boilerplate(heading)


def _merge(footer: Footer, found: Footer) -> None:
    for key, value in found.meta.items():
        footer.meta.setdefault(key, value)
    footer.source_hint = footer.source_hint or found.source_hint
    for line in found.topic_lines:
        if line not in footer.topic_lines:
            footer.topic_lines.append(line)
