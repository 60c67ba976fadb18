"""What is at stake, and what to watch next, read from an analysis's sentences."""

from __future__ import annotations

import functools
import re

from spacy.tokens import Span, Token

from powermap.extract.actors import SectionDoc, group_lexicon
from powermap.extract.components import doc_sents, noun_chunks, span_text
from powermap.extract.model import Stake, WatchItem
from powermap.ontology import lexicon, loader

__all__ = ["find_stakes", "find_watch"]

ORDINALS = {"first", "second", "third", "last", "next", "other", "same", "new", "kind", "sort"}
WATCH_SECTION = lexicon.section_cue("watch")
STAKE_CUE = re.compile(
    r"\b(at stake|stakes|bear the|costs?\b|risks?\b|unresolved|hinges? on)", re.I
)
LIST_INTRO = re.compile(r"\s[—–:-]\s|:\s")


@functools.lru_cache(maxsize=1)
def _stake_rules() -> dict[str, frozenset[str]]:
    stakes = loader.yaml_data("leverage.yaml")["stakes"]
    return {key: frozenset(values) for key, values in stakes.items()}


@functools.lru_cache(maxsize=1)
def _mechanism_names() -> frozenset[str]:
    """Normalised labels of every mechanism of the taxonomy (built once)."""
    return frozenset(
        lexicon.normalise(n) for m in lexicon.mechanisms() for n in (m.label, *m.alt_labels)
    )


def find_stakes(sections: list[SectionDoc], *, title: str = "", limit: int = 6) -> list[Stake]:
    """Things at stake: enumerations in sentences about costs and stakes ("... bear
    the costs — frozen funds, naval control ..."), then the analysis's recurring
    key phrases (noun phrases named in several sections or in the title), never
    actors themselves."""
    stakes: dict[str, Stake] = {}
    for sec in sections:
        for sent in doc_sents(sec.doc):
            if STAKE_CUE.search(span_text(sent)):
                for label in _enumeration(sent):
                    if len(label.split()) >= 2:
                        stakes.setdefault(label.lower(), Stake(label, span_text(sent).strip()))
    for label, evidence in _key_phrases(sections, title):
        if len(stakes) >= limit:
            break
        if not any(label.lower() in k or k in label.lower() for k in stakes):
            stakes[label.lower()] = Stake(label=label, evidence=evidence)
    return list(stakes.values())


def _key_phrases(sections: list[SectionDoc], title: str) -> list[tuple[str, str]]:
    """Noun phrases of two to four words named in at least two sections (or in the
    title and a section), most widespread first."""
    rules = _stake_rules()
    where: dict[str, set[str]] = {}
    first: dict[str, tuple[str, str]] = {}
    for sec in sections:
        for chunk in noun_chunks(sec.doc):
            if any(i in sec.token_actor for i in range(chunk.start, chunk.end)):
                continue
            if chunk.root.lemma_.lower() in rules["skip_heads"] or chunk.root.pos_ != "NOUN":
                continue
            label = _phrase(chunk.root)
            if label is None or len(label.split()) > 4:
                continue
            key = " ".join(t.lemma_.lower() for t in chunk if t.text in label.split())
            where.setdefault(key, set()).add(sec.heading)
            if key not in first:  # (the sentence is looked up only for a new key)
                first[key] = (label, span_text(chunk.sent).strip())
    lex = group_lexicon()
    mechanism_names = _mechanism_names()
    for key in list(where):
        label = first[key][0]
        head = label.split()[-1].lower()
        if lexicon.normalise(label) in mechanism_names or head in lex["collectives"]:
            del where[key]  # mechanisms and groups of people are not stakes
    lowered = title.lower()
    scored = []
    for key, heads in where.items():
        label, evidence = first[key]
        score = len(heads) + (1 if label.lower() in lowered else 0)
        if score >= 2:
            scored.append((-score, label.lower(), label, evidence))
    return [(label, evidence) for _, _, label, evidence in sorted(scored)]


def _enumeration(sent: Span) -> list[str]:
    """Noun phrases of a list introduced by a dash or colon in the sentence."""
    match = LIST_INTRO.search(span_text(sent))
    if not match:
        return []
    start = sent.start_char + match.end()
    chunks = [c for c in noun_chunks(sent.doc) if c.start_char >= start and c.end <= sent.end]
    coordinated = [c for c in chunks if c.root.dep_ in {"conj", "appos"} or c.root.conjuncts]
    if len(coordinated) < 2:
        return []
    out = []
    for chunk in coordinated:
        words = [t.text_with_ws for t in chunk if t.pos_ not in {"DET", "PRON"}]
        if 0 < len(words) <= 5 and chunk.root.lower_ not in group_lexicon()["collectives"]:
            out.append("".join(words).strip())
    return out


def find_watch(sections: list[SectionDoc]) -> list[WatchItem]:
    """Each sentence of a "What to watch next" section, with the actors it names."""
    items: list[WatchItem] = []
    for sec in sections:
        if not WATCH_SECTION.search(sec.heading):
            continue
        for sent in doc_sents(sec.doc):
            text = span_text(sent).strip()
            if not text:
                continue
            actors = [sec.token_actor[t.i] for t in sent if t.i in sec.token_actor]
            items.append(WatchItem(text=text, actors=list(dict.fromkeys(actors))))
    return items


def _phrase(head: Token) -> str | None:
    """The noun phrase of ``head`` (its left modifiers) without determiners,
    possessives, numbers, comparatives or ordinals; None when it says too little."""
    words = [
        t
        for t in head.subtree
        if (t.i <= head.i and t.dep_ in {"amod", "compound", "nmod"}) or t.i == head.i
    ]
    words = [t for t in words if t.pos_ not in {"DET", "PRON", "NUM", "PUNCT"} and t.tag_ != "POS"]
    if not words or len(words) > 5 or len(words) < 2:
        return None  # a bare noun ("project") says too little about what is at stake
    if any(t.tag_ in {"JJR", "JJS", "RBR", "RBS"} or t.lower_ in ORDINALS for t in words):
        return None  # "quieter kind", "first request": comparison, not a stake
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))
