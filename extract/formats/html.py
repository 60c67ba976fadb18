"""HTML pages: analysis pages with ``<h2>`` sections, or plain news articles.

An analysis page gives its metadata through Open Graph / article meta tags
or a metadata ``<dl>``/``<ul>`` with the site's labels, and its sections as
``<h2>`` headings with the paragraphs under them. A page without ``<h2>``
sections is taken as a news article: trafilatura finds its main text, title
and date, and the text becomes one section. Navigation, headers, footers,
asides, figures and scripts are never text.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from powermap.extract.errors import ReadError
from powermap.extract.formats.common import analysis_id
from powermap.extract.formats.fields import (
    clean,
    metadata_line,
    parse_date,
    split_topics,
)
from powermap.extract.formats.layout import Layout, layout
from powermap.extract.formats.nesting import MAX_ELEMENTS, bound_html
from powermap.extract.formats.news import read_body
from powermap.extract.formats.site import Footer, metadata_analysis, read_footer
from powermap.extract.model import Analysis, Section, Source

__all__ = ["parse_html", "looks_like_html"]

_NOT_TEXT = "script, style, noscript, template, svg"
# page furniture, unless an unclosed tag made it swallow the page (then its text is the page)
_FURNITURE = "nav, header, footer, aside, figure, form"
_BLOCKS = {"p", "ul", "ol", "blockquote", "div", "section", "table", "pre", "dl"}
# dates only from the page's markup: htmldate's text search turns "Copyright 2026" into Jan 1
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|article|main)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` starts as an HTML document or an ``<article>``/``<main>`` fragment
    (after any blank space and comments)."""
    head = text[:4096]
    position = 0
    while True:  # a loop, not a regex: "(<!--.*?-->)*" backtracks exponentially
        position = len(head) - len(head[position:].lstrip())
        if not head.startswith("<!--", position):
            return bool(_HTML_START.match(head, position))
        end = head.find("-->", position + 4)
        if end < 0:
            return False
        position = end + 3


def parse_html(text: str, document: str) -> Analysis:
    """Read an HTML analysis page, or a plain article through trafilatura.

    Nesting beyond :data:`~powermap.extract.formats.nesting.MAX_DEPTH` levels is
    flattened first, and a page of more than
    :data:`~powermap.extract.formats.nesting.MAX_ELEMENTS` elements is refused
    (:class:`ReadError`), so that a hostile page costs time in proportion to its size.
    """
    lay = layout()
    page = bound_html(text)
    if page.elements > MAX_ELEMENTS:
        raise ReadError(
            document, f"HTML page of {page.elements:,} elements, over the limit of {MAX_ELEMENTS:,}"
        )
    tree = LexborHTMLParser(page.text)
    title = _meta(tree, "og:title", "twitter:title") or _text(tree.css_first("h1"))
    title = title or _text(tree.css_first("title"))
    footer = _page_footer(tree, lay)
    published = _page_date(tree)
    _drop_topics(tree, lay)
    _drop_furniture(tree)
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    headings = [h for h in (root.css("h2") if root else []) if _text(h)]
    if not headings:
        return _plain_article(tree.html or "", document, title, footer, published)
    analysis = metadata_analysis(footer, document)
    analysis.title = title
    analysis.summary = _meta(tree, "og:description", "description", "twitter:description")
    lead, intro = _intro(headings[0], lay)
    analysis.summary = analysis.summary or (intro.pop(0) if intro else None)
    sections = [Section(lay.lead_label, lead)] if lead else []
    sections += [s for h in headings if (s := _section(h, lay)) is not None]
    analysis.sections = sections
    _add_meta_tags(tree, analysis)
    analysis.id = analysis_id(title, document)
    return analysis


def _drop_furniture(tree: LexborHTMLParser) -> None:
    """Remove scripts and the like, and navigation, headers, footers, asides, figures
    and forms, except one holding paragraphs and most of the page's text: an unclosed
    ``<nav>`` (or a ``<form>`` around a whole page) then holds the article, and only
    its tags go."""
    for node in tree.css(_NOT_TEXT):
        node.decompose()
    total = len(tree.body.text(deep=True)) if tree.body is not None else 0
    for node in tree.css(_FURNITURE):
        swallowed = node.css_first("p, h1, h2, article, main") is not None
        if swallowed and total and len(node.text(deep=True)) * 2 > total:
            node.unwrap()
        else:
            node.decompose()


def _meta(tree: LexborHTMLParser, *names: str) -> str | None:
    """The first non-empty ``<meta property|name=... content>`` among ``names``."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            node = tree.css_first(f'meta[{attr}="{name}"]')
            value = clean(node.attributes.get("content")) if node else None
            if value:
                return value
    return None


def _text(node: LexborNode | None, separator: str = " ") -> str | None:
    return clean(node.text(deep=True, separator=separator)) if node is not None else None


def _page_footer(tree: LexborHTMLParser, lay: Layout) -> Footer:
    """Metadata lists, "Read the original" links and "Reader paths" tags, anywhere."""
    lines: list[str] = []
    for dl in tree.css("dl"):
        for dt in dl.css("dt"):
            dd = dt.next
            while dd is not None and dd.tag not in {"dd", "dt"}:  # never past the next term
                dd = dd.next
            lines.append(f"{_text(dt)}: {_text(dd if dd is not None and dd.tag == 'dd' else None)}")
    for ul in tree.css("ul, ol"):
        items = [_label_value(li) for li in ul.css("li")]
        if sum(1 for item in items if metadata_line(item)) >= 2:
            lines += items
    footer = read_footer(lines)
    for link in tree.css("a"):
        found = lay.read_original.match(_text(link) or "")
        href = clean(link.attributes.get("href"))
        if found:
            footer.source_hint = footer.source_hint or clean(found.group(1))
            footer.meta.setdefault("source_url", href or "")
    heading = _topics_heading(tree, lay.topics_heading)
    if heading is not None:
        footer.topic_lines += _tags_after(heading)
    for node in tree.css("p"):
        found = lay.attribution.search(_text(node) or "")
        if found:
            footer.source_hint = footer.source_hint or clean(found.group(1))
    return footer


def _drop_topics(tree: LexborHTMLParser, lay: Layout) -> None:
    """Remove the "Reader paths" block (already read as topics by :func:`_page_footer`)
    so its tags ("surveillance", "sanctions") are not read as the last section's text."""
    heading = _topics_heading(tree, lay.topics_heading)
    if heading is None:
        return
    parent = heading.parent
    node = heading.next
    while node is not None and node.tag not in {"h1", "h2", "h3", "h4"}:
        following = node.next
        if node.tag in {"ul", "ol", "div", "p", "nav", "-text"}:
            node.decompose()
        node = following
    heading.decompose()
    if parent is not None and parent.tag not in {"article", "main", "body"} and not _text(parent):
        parent.decompose()


def _topics_heading(tree: LexborHTMLParser, heading: str) -> LexborNode | None:
    """The outermost element whose whole text is ``heading`` ("Reader paths").

    Only elements whose own text starts the heading are read in full, and then
    their parents while the text stays the same: reading every element's text
    would cost the page's size times its depth.
    """
    target = heading.casefold()
    for node in tree.css("h2, h3, h4, p, div, span, strong, b"):
        own = (clean(node.text(deep=False)) or "").casefold()
        if not own or not target.startswith(own) or (_text(node) or "").casefold() != target:
            continue
        while node.parent is not None and (_text(node.parent) or "").casefold() == target:
            node = node.parent
        return node
    return None


def _label_value(node: LexborNode) -> str:
    """ "Label: value" from ``<li><b>Label</b> value</li>`` and its variants."""
    parts = [p for p in node.text(deep=True, separator="\x1f").split("\x1f") if p.strip()]
    if len(parts) < 2:
        return clean(parts[0] if parts else "") or ""
    label, value = parts[0].strip(), " ".join(parts[1:])
    return clean(f"{label} {value}" if label.endswith(":") else f"{label}: {value}") or ""


def _tags_after(node: LexborNode) -> list[str]:
    """Tag texts from the first list (or links) after a "Reader paths" heading."""
    lay = layout()
    sibling = node.next
    while sibling is not None:
        if sibling.tag in {"ul", "ol", "div", "p", "nav"}:
            items = sibling.css("li") or sibling.css("a")
            if items:
                return [t for item in items if (t := _text(item))]
            text = _text(sibling)
            # a prompt such as "Keep drilling through the topic map." is not a tag list
            if text and not lay.is_boilerplate(text) and not text.endswith((".", "!", "?")):
                return [text]
        sibling = sibling.next
    return []


def _intro(first_heading: LexborNode, lay: Layout) -> tuple[str | None, list[str]]:
    """The "Why this matters" lead and other paragraphs before the first heading."""
    lead: str | None = None
    intro: list[str] = []
    node = first_heading.prev
    while node is not None:
        if node.tag == "p":
            text = lay.credit.sub("", _text(node) or "").strip()
            if text.startswith(lay.lead_label + ":"):
                lead = text[len(lay.lead_label) + 1 :].strip()
            elif text and not lay.is_boilerplate(text) and not metadata_line(text):
                intro.insert(0, text)
        node = node.prev
    return lead, intro


def _section(heading: LexborNode, lay: Layout) -> Section | None:
    """The heading and the text of the blocks after it, up to the next ``<h2>``."""
    title = _text(heading) or ""
    if title.casefold() == lay.topics_heading.casefold() or lay.is_boilerplate(title):
        return None
    paragraphs: list[str] = []
    node = heading.next
    while node is not None and node.tag != "h2":
        if node.tag in _BLOCKS or node.tag in {"h3", "h4", "h5", "h6", "-text"}:
            items = node.css("li") if node.tag in {"ul", "ol"} else []
            raw = "\n".join(filter(None, map(_text, items))) if items else _text(node)
            text = lay.credit.sub("", raw or "").strip()
            if text and not lay.is_boilerplate(text) and not lay.read_original.match(text):
                paragraphs.append(text)
        node = node.next
    return Section(title, "\n\n".join(paragraphs)) if paragraphs else None


def _page_date(tree: LexborHTMLParser) -> str | None:
    """The publication date the markup states (meta tags, else the first ``<time>``)."""
    time = tree.css_first("time[datetime]")
    return parse_date(
        _meta(tree, "article:published_time", "datePublished", "date")
        or (time.attributes.get("datetime") if time else None)
    )


def _add_meta_tags(tree: LexborHTMLParser, analysis: Analysis) -> None:
    """Fill what the page's metadata list left unknown from standard meta tags."""
    analysis.lens = analysis.lens or _meta(tree, "article:section")
    analysis.published = analysis.published or _page_date(tree)
    if analysis.source.name is None:
        analysis.source.name = _meta(tree, "author", "og:site_name")
    if not analysis.topics:
        tags = [n.attributes.get("content") or "" for n in tree.css('meta[property="article:tag"]')]
        analysis.topics = split_topics(tags or [_meta(tree, "keywords") or ""])


def _plain_article(
    text: str, document: str, title: str | None, footer: Footer, published: str | None
) -> Analysis:
    """A page without ``<h2>`` sections: trafilatura's main text as one section.

    ``text`` is the page with navigation and other furniture already removed, so
    trafilatura cannot fall back to it; ``published`` is the date the full page
    gave in its markup.
    """
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document_ = trafilatura.bare_extraction(
            text, with_metadata=True, date_extraction_params=_DATE_PARAMS
        )
    found: dict[str, Any] = {}
    if isinstance(document_, dict):
        found = document_
    elif document_ is not None:
        found = document_.as_dict()
    title = clean(found.get("title")) or title
    lines = [line.strip() for line in (found.get("text") or "").split("\n") if line.strip()]
    if lines and title and clean(lines[0]) == title:
        lines = lines[1:]
    body = read_body([[line] for line in lines])
    analysis = metadata_analysis(footer, document)
    analysis.title = title
    analysis.summary = clean(found.get("description"))
    analysis.sections = body.sections()
    analysis.published = (
        analysis.published or published or parse_date(found.get("date")) or body.published
    )
    if analysis.source.name is None:
        analysis.source = body.source if body.source.name else Source(clean(found.get("sitename")))
    if not analysis.topics:
        analysis.topics = split_topics([str(t) for t in found.get("tags") or []])
    analysis.id = analysis_id(title, document)
    return analysis
