"""Caps on how deeply an HTML page nests and how many elements it has, applied
before any parser sees it.

HTML parsers check the stack of open elements at every tag, so their work grows
with size times depth: a 600 KB page of 100,000 nested ``<div>`` elements takes
minutes to parse, and lxml (under trafilatura) silently drops what lies deeper
than 256 levels. :func:`bound_html` counts nesting in one linear pass over the
tags and, beyond :data:`MAX_DEPTH` levels, leaves tags out: a block-level tag
becomes a ``<p>`` (which never nests) when text came before it, any other tag
goes, and its end tag with it. The text stays, in paragraphs; a page within the
cap comes back as it was. The same pass counts the elements left, which
:func:`powermap.extract.formats.html.parse_html` holds to :data:`MAX_ELEMENTS`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["MAX_DEPTH", "MAX_ELEMENTS", "BoundedPage", "bound_html"]

MAX_DEPTH = 50
"""Nesting levels kept, counting the elements that need an end tag (``div``, ``span``,
``ul``, ``table`` ...; not ``p``, ``li``, ``td`` or void elements). Pages seldom go
past 30; trafilatura's work grows with elements times depth."""

MAX_ELEMENTS = 10_000
"""Elements a page may have (after flattening) to be read; a news article page has
one to three thousand. Beyond it a page is refused: trafilatura would take longer
than seconds (about 2 s of CPU at the cap)."""

# A tag, or the opening of a comment. "[^<>]*" stops at the next "<", so a page of
# unclosed "<a" costs one step per character, not per character pair.
_TOKEN = re.compile(r"<!--|<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>")
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen basefont "
    "bgsound frame".split()
)
# end tags that may be left out: the parser closes them itself, they never pile up
_OPTIONAL_END = frozenset(
    "p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rp rtc "
    "html head body".split()
)
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes".split())
_BLOCKS = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup main menu nav ol pre section summary "
    "table ul".split()
)


@dataclass(frozen=True)
class BoundedPage:
    """A page with its nesting capped: its text and how many elements it has."""

    text: str
    elements: int
    flattened: bool


def bound_html(text: str, max_depth: int = MAX_DEPTH) -> BoundedPage:
    """``text`` with nesting beyond ``max_depth`` levels flattened (see the module docstring).

    Examples
    --------
    >>> page = bound_html("<div>a<div>b<div><div>c</div></div></div></div>", max_depth=1)
    >>> page.text, page.elements
    ('<div>a<p>b<p>c</div>', 3)
    >>> plain = "<div><span>kept</span></div>"
    >>> bound_html(plain).text is plain
    True
    """
    lower: str | None = None
    stack: list[str] = []
    open_count: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    edits: list[tuple[int, int, str]] = []
    elements = 0
    position = 0
    while (found := _TOKEN.search(text, position)) is not None:
        previous, position = position, found.end()  # text[previous:start] is text
        if found.group(0) == "<!--":
            end = text.find("-->", position)
            if end < 0:
                break  # the rest of the page is a comment
            position = end + 3
            continue
        closing, name = found.group(1), found.group(2).lower()
        elements += not closing
        if name in _RAW_TEXT:
            if not closing:  # its text is not markup: go to its end tag (which is ignored)
                lower = lower if lower is not None else text.lower()
                end = lower.find(f"</{name}", position)
                if end < 0:
                    break  # the rest of the page is this element's text
                position = end
            continue
        if name in _VOID or name in _OPTIONAL_END or found.group(0).endswith("/>"):
            continue
        if not closing:
            if len(stack) < max_depth:
                stack.append(name)
                open_count[name] += 1
                continue
            dropped[name] += 1
            # a new paragraph only if text came since the last tag ("<div><div>" is one)
            block = name in _BLOCKS and not text[previous : found.start()].isspace()
            block = block and found.start() > previous
            edits.append((found.start(), found.end(), "<p>" if block else ""))
            elements -= not block
        elif dropped[name]:
            dropped[name] -= 1
            edits.append((found.start(), found.end(), ""))
        elif open_count[name]:
            while stack:  # an end tag closes what is still open inside its element
                top = stack.pop()
                open_count[top] -= 1
                if top == name:
                    break
    if not edits:
        return BoundedPage(text, elements, flattened=False)
    pieces: list[str] = []
    last = 0
    for start, end, replacement in edits:
        pieces += [text[last:start], replacement]
        last = end
    pieces.append(text[last:])
    return BoundedPage("".join(pieces), elements, flattened=True)
