"""What is at stake, and what to watch next, read from an analysis's sentences."""

from __future__ import annotations

import re

from powermap.extract.actors import SectionDoc
from powermap.extract.model import Stake, WatchItem
from spacy.tokens import Span

__all__ = ["find_stakes", "find_watch"]

WATCH_SECTION = re.compile(r"watch|next|ahead|what to look", re.I)
STAKE_CUE = re.compile(
    r"\b(at stake|stakes|bear the|costs?\b|risks?\b|unresolved|hinges? on)", re.I
)
LIST_INTRO = re.compile(r"\s[—–:-]\s|:\s")


def find_stakes(sections: list[SectionDoc]) -> list[Stake]:
    """Enumerated things at stake ("... bear the costs — frozen funds, naval control ...")."""
    stakes: dict[str, Stake] = {}
    for sec in sections:
        for sent in sec.doc.sents:
            if not STAKE_CUE.search(sent.text):
                continue
            for label in _enumeration(sent):
                stakes.setdefault(label.lower(), Stake(label=label, evidence=sent.text.strip()))
    return list(stakes.values())


def _enumeration(sent: Span) -> list[str]:
    """Noun phrases of a list introduced by a dash or colon in the sentence."""
    match = LIST_INTRO.search(sent.text)
    if not match:
        return []
    start = sent.start_char + match.end()
    chunks = [c for c in sent.doc.noun_chunks if c.start_char >= start and c.end <= sent.end]
    coordinated = [c for c in chunks if c.root.dep_ in {"conj", "appos"} or c.root.conjuncts]
    if len(coordinated) < 2:
        return []
    out = []
    for chunk in coordinated:
        words = [t.text for t in chunk if t.pos_ not in {"DET", "PRON"}]
        if 0 < len(words) <= 5:
            out.append(" ".join(words))
    return out


def find_watch(sections: list[SectionDoc]) -> list[WatchItem]:
    """Each sentence of a "What to watch next" section, with the actors it names."""
    items: list[WatchItem] = []
    for sec in sections:
        if not WATCH_SECTION.search(sec.heading):
            continue
        for sent in sec.doc.sents:
            text = sent.text.strip()
            if not text:
                continue
            actors = [sec.token_actor[t.i] for t in sent if t.i in sec.token_actor]
            items.append(WatchItem(text=text, actors=list(dict.fromkeys(actors))))
    return items
