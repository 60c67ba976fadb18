"""The site's plain-text page layout.

A page reads, top to bottom: the lens, the title, a dek, a "Why this
matters: ..." lead, headed sections, then a footer with run-together
metadata ("PublishedJuly 2, 2026"), a source attribution, "Read the
original at ..." and the "Reader paths" topic tags. What counts as a
heading, label or boilerplate comes from ``ontology/layout.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from powermap.extract.formats.common import analysis_id, blocks, is_heading_shaped, join_lines
from powermap.extract.formats.fields import (
    clean,
    metadata_line,
    parse_date,
    parse_read_time,
    parse_source,
    split_topics,
)
from powermap.extract.formats.layout import Layout, layout
from powermap.extract.model import Analysis, Section

__all__ = ["parse_site", "looks_like_site", "Footer", "read_footer", "metadata_analysis"]

Block = list[str]


@dataclass
class Footer:
    """What the furniture of a page says: metadata, source hints and topic lines."""

    meta: dict[str, str] = field(default_factory=dict)
    source_hint: str | None = None
    topic_lines: list[str] = field(default_factory=list)


def looks_like_site(text: str) -> bool:
    """Whether ``text`` has the site layout: a lead, two known headings or two labels."""
    lay = layout()
    lines = [line.strip() for line in text.split("\n")]
    if any(line.startswith(lay.lead_label + ":") for line in lines):
        return True
    headings = sum(1 for line in lines if lay.is_known_heading(line))
    labels = sum(1 for line in lines if metadata_line(line))
    return headings >= 2 or labels >= 2


def parse_site(text: str, document: str) -> Analysis:
    """Read one page in the site's plain-text layout (see the module docstring)."""
    lay = layout()
    all_blocks = blocks(text)
    start = _body_start(all_blocks, lay)
    end = _footer_start(all_blocks, start, lay)
    footer = read_footer([line for block in all_blocks[end:] for line in block])
    preamble: list[Block] = []
    for block in all_blocks[:start]:
        if all(metadata_line(line) or lay.is_boilerplate(line) for line in block):
            _add_meta(footer, block)
        else:
            preamble.append(block)
    lens, title, summary = _preamble(preamble, footer.meta.get("lens"), lay)
    sections = _sections(all_blocks[start:end], lay)
    analysis = metadata_analysis(footer, document)
    analysis.title = title
    analysis.summary = summary
    analysis.lens = analysis.lens or lens
    analysis.sections = sections
    analysis.id = analysis_id(title, document)
    return analysis


def metadata_analysis(footer: Footer, document: str) -> Analysis:
    """An :class:`Analysis` with the metadata fields a footer gives (no text yet)."""
    meta = footer.meta
    source = parse_source(meta.get("source"))
    hint = parse_source(footer.source_hint)
    source.name = source.name or hint.name
    source.url = source.url or hint.url or clean(meta.get("source_url"))
    return Analysis(
        id="",
        document=document,
        lens=clean(meta.get("lens")),
        type=clean(meta.get("type")),
        published=parse_date(meta.get("published")),
        read_time_minutes=parse_read_time(meta.get("read_time")),
        source=source,
        topics=split_topics(footer.topic_lines),
    )


def read_footer(lines: list[str]) -> Footer:
    """Metadata, source hints and topic tags from footer lines, in order."""
    lay = layout()
    footer = Footer()
    state: str | None = None
    for line in lines:
        pair = metadata_line(line)
        if pair:
            footer.meta.setdefault(*pair)
            state = None
            continue
        if line.casefold() == lay.topics_heading.casefold():
            state = "topics"
            continue
        original = lay.read_original.match(line)
        if original:
            footer.source_hint = footer.source_hint or clean(original.group(1))
            continue
        if lay.is_boilerplate(line) and state != "topics":
            state = "attribution"
            continue
        rest = lay.strip_boilerplate(line)
        if not rest:
            continue
        if state == "topics":
            footer.topic_lines.append(rest)
        elif state == "attribution" and (found := lay.attribution.search(rest)):
            footer.source_hint = footer.source_hint or clean(found.group(1))
    return footer


def _add_meta(footer: Footer, block: Block) -> None:
    for line in block:
        pair = metadata_line(line)
        if pair:
            footer.meta.setdefault(*pair)


def _is_lead(block: Block, lay: Layout) -> bool:
    return block[0].startswith(lay.lead_label + ":")


def _is_heading(blocks_: list[Block], i: int, lay: Layout) -> bool:
    """A one-line block that is a known heading, or heading-shaped before a paragraph."""
    block = blocks_[i]
    if len(block) != 1 or metadata_line(block[0]) or lay.is_boilerplate(block[0]):
        return False
    if lay.is_known_heading(block[0]):
        return True
    if not is_heading_shaped(block[0]) or i + 1 >= len(blocks_):
        return False
    following = blocks_[i + 1]
    return len(following) > 1 or not is_heading_shaped(following[0])


def _body_start(blocks_: list[Block], lay: Layout) -> int:
    """Index of the lead or first heading; headings by shape only from the third block."""
    for i, block in enumerate(blocks_):
        if _is_lead(block, lay) or (len(block) >= 1 and lay.is_known_heading(block[0])):
            return i
    for i in range(2, len(blocks_)):
        if _is_heading(blocks_, i, lay):
            return i
    return min(len(blocks_), 2)


def _footer_start(blocks_: list[Block], start: int, lay: Layout) -> int:
    """Index of the first block of page furniture after the body starts."""
    for i in range(start + 1, len(blocks_)):
        first = blocks_[i][0]
        if (
            metadata_line(first)
            or lay.is_boilerplate(first)
            or lay.read_original.match(first)
            or first.casefold() == lay.topics_heading.casefold()
        ):
            return i
    return len(blocks_)


def _preamble(
    preamble: list[Block], meta_lens: str | None, lay: Layout
) -> tuple[str | None, str | None, str | None]:
    """(lens, title, summary) from the blocks above the body."""
    texts = [lay.credit.sub("", join_lines(b)) for b in preamble]
    if not texts:
        return None, None, None
    first_is_lens = bool(meta_lens) and texts[0].casefold() == (meta_lens or "").casefold()
    if len(texts) >= 3 or (len(texts) == 2 and (first_is_lens or not _is_dek(texts[1]))):
        return texts[0], texts[1], clean(" ".join(texts[2:]))
    if len(texts) == 2:
        return None, texts[0], texts[1]
    return None, texts[0], None


def _is_dek(text: str) -> bool:
    return text.rstrip("\"”’'").endswith((".", "!", "?"))


def _sections(body: list[Block], lay: Layout) -> list[Section]:
    """Headed sections of the body; the lead becomes a section of its own."""
    sections: list[Section] = []
    paragraphs: list[str] = []

    def close() -> None:
        if sections and paragraphs:
            sections[-1].text = "\n\n".join(paragraphs)
        paragraphs.clear()

    for i, block in enumerate(body):
        if _is_lead(block, lay):
            close()
            sections.append(Section(lay.lead_label, ""))
            block = [block[0][len(lay.lead_label) + 1 :].strip(), *block[1:]]
        elif _is_heading(body, i, lay):
            close()
            sections.append(Section(block[0], ""))
            continue
        elif lay.is_known_heading(block[0]):
            close()
            sections.append(Section(block[0], ""))
            block = block[1:]
        elif not sections:
            sections.append(Section(lay.news_heading, ""))
        text = lay.credit.sub("", join_lines(block))
        if text:
            paragraphs.append(text)
    close()
    return [s for s in sections if s.text]
