"""Mechanisms of power: taxonomy phrases (``ontology/mechanisms.ttl``), the verbs
and nouns that exercise a mechanism without naming it (``ontology/mechanism_cues.yaml``:
"were taken hostage", "deported 40 people"), and "the mechanism is X" statements,
which also report mechanisms the taxonomy lacks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import LEMMA, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.parts_of_speech import NOUN, PROPN, VERB
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from powermap.extract.actors import SectionDoc
from powermap.extract.components import doc_ents, doc_sents, noun_chunks, span_text, token_sent
from powermap.extract.model import Mechanism
from powermap.ontology import lexicon, loader
from powermap.ontology.lexicon import slug

__all__ = ["CueTable", "MechanismFinder", "cue_table", "mechanism_matcher"]

MECHANISM_SECTION = lexicon.section_cue("mechanism")
# "The (dominant|second|core) mechanism is X", "X is the second mechanism"
STATEMENT = re.compile(
    r"\b(?:mechanism|mechanisms|lever|instrument|tool)\b[^.:;]{0,20}?\b(?:is|are|was|:)\s+", re.I
)


# The matcher key of phrases that contain a label but name no mechanism ("Cold War").
NOT_A_MECHANISM = "not-a-mechanism"
# Dependencies that open another clause: a cue's words never reach across them.
CLAUSAL = frozenset(
    {"conj", "cc", "ccomp", "advcl", "relcl", "parataxis", "csubj", "acl", "punct", "mark"}
)
SUBJECTS = frozenset({"nsubj", "csubj", "expl"})
# Entity types that are names: a label inside a longer one names no mechanism
# ("the Democratic Alliance", "the Hostage Affairs Office").
NAME_TYPES = frozenset({"ORG", "PERSON", "WORK_OF_ART", "LAW", "EVENT", "FAC", "PRODUCT"})
# The keys a mechanism may have in mechanism_cues.yaml.
# dependents of a noun that narrow which act it names ("U.N." sanctions, "retaliatory" tariffs)
MODIFIERS = frozenset({"compound", "amod", "nmod"})
# adjectives that classify rather than judge ("military", "retaliatory", "Chinese")
RELATIONAL_ADJECTIVES = ("al", "ary", "ic", "ory", "ian", "ese", "ish", "an")
HYPHENS = frozenset({"-", "\u2010", "\u2011", "\u2013"})
NUMERIC = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
CUE_KEYS = frozenset({"verbs", "nouns", "with", "by", "unless"})
# What a verb is done to, with or where: the dependencies a cue's partner word may hold.
ARGUMENTS = frozenset(
    {"dobj", "obj", "nsubjpass", "oprd", "prt", "attr", "acomp", "dative", "xcomp", "prep"}
    | {"pobj", "pcomp", "agent"}
)


def _variants(forms: set[str]) -> set[str]:
    return forms | {f.replace("-", " ") for f in forms} | {f.replace(" ", "-") for f in forms}


@functools.lru_cache(maxsize=4)
def mechanism_matcher(nlp: Language) -> PhraseMatcher:
    """A case-insensitive phrase matcher for every label of every mechanism.

    Phrases that contain a label but name no mechanism (``not_mechanisms`` of
    ``mechanism_cues.yaml``) are matched under the key ``NOT_A_MECHANISM`` so
    that, being longer, they win over the label inside them.
    """
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for concept in lexicon.mechanisms():
        forms = _variants({concept.label, *concept.alt_labels})
        matcher.add(concept.id, [nlp.make_doc(f) for f in sorted(forms)])
    blocked = _variants(set(cue_table().not_mechanisms))
    matcher.add(NOT_A_MECHANISM, [nlp.make_doc(f) for f in sorted(blocked)])
    return matcher


@dataclass(frozen=True)
class Cue:
    """One way a word can state a mechanism: alone, with a dependent, or by a doer."""

    mechanism: str
    kind: str  # "verb", "noun", "with" or "by"
    words: frozenset[str] = frozenset()  # the dependents ("with") or doers ("by")

    @property
    def rank(self) -> int:
        """Specificity: a verb with its object beats a verb with its doer beats a bare word."""
        return {"with": 3, "by": 2}.get(self.kind, 1)


@dataclass(frozen=True)
class CueTable:
    """``mechanism_cues.yaml`` as lookups keyed by lemma (see that file for the rules)."""

    verbs: dict[str, tuple[Cue, ...]]
    nouns: dict[str, tuple[Cue, ...]]
    unless: dict[tuple[str, str], frozenset[str]]  # (mechanism, lemma) -> words
    modals: frozenset[str]
    marks: frozenset[str]
    heads: frozenset[str]
    determiners: frozenset[str]
    prepositions: frozenset[str]
    circumstances: frozenset[str]
    not_mechanisms: tuple[str, ...]
    # mechanisms a news story names as one ("war", "attacks", "fighting"): id -> the
    # ids of its group, in the order of mechanism_cues.yaml
    one_in_news: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # verbs that state their mechanism only when their object names a party
    party_objects: frozenset[str] = frozenset()


def _groups(groups: Any, known: set[str]) -> dict[str, tuple[str, ...]]:
    """``one_in_news`` as id -> its group, each id checked against the taxonomy."""
    out: dict[str, tuple[str, ...]] = {}
    for group in groups:
        ids = tuple(str(g) for g in group)
        for mech in ids:
            if mech not in known:
                raise ValueError(f"mechanism_cues.yaml: {mech!r} is not in mechanisms.ttl")
            out[mech] = ids
    return out


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v) for v in values or ())


@functools.lru_cache(maxsize=1)
def cue_table() -> CueTable:
    """The cues of ``mechanism_cues.yaml`` (loaded once), checked against the taxonomy."""
    raw: dict[str, Any] = loader.yaml_data("mechanism_cues.yaml")
    known = {c.id for c in lexicon.mechanisms()}
    verbs: dict[str, list[Cue]] = {}
    nouns: dict[str, list[Cue]] = {}
    unless: dict[tuple[str, str], frozenset[str]] = {}
    for mech, spec in raw["mechanisms"].items():
        if mech not in known:
            raise ValueError(f"mechanism_cues.yaml: {mech!r} is not in mechanisms.ttl")
        if set(spec) - CUE_KEYS:
            raise ValueError(f"mechanism_cues.yaml: {mech}: unknown keys {set(spec) - CUE_KEYS}")
        for lemma in spec.get("verbs") or ():
            verbs.setdefault(lemma, []).append(Cue(mech, "verb"))
        for lemma in spec.get("nouns") or ():
            nouns.setdefault(lemma, []).append(Cue(mech, "noun"))
        for lemma, words in (spec.get("with") or {}).items():
            verbs.setdefault(lemma, []).append(Cue(mech, "with", _words(words)))
        by = spec.get("by") or {}
        for lemma in by.get("acts") or ():
            cue = Cue(mech, "by", _words(by.get("doers")))
            verbs.setdefault(lemma, []).append(cue)
            nouns.setdefault(lemma, []).append(cue)
        for lemma, words in (spec.get("unless") or {}).items():
            unless[(mech, lemma)] = _words(words)
    ctx = raw["not_exercised"]
    return CueTable(
        verbs={k: tuple(v) for k, v in verbs.items()},
        nouns={k: tuple(v) for k, v in nouns.items()},
        unless=unless,
        modals=_words(ctx.get("modals")),
        marks=_words(ctx.get("marks")),
        heads=_words(ctx.get("heads")),
        determiners=_words(ctx.get("determiners")),
        prepositions=_words(ctx.get("prepositions")),
        circumstances=_words(raw.get("circumstances")),
        not_mechanisms=tuple(str(p) for p in raw.get("not_mechanisms") or ()),
        one_in_news=_groups(raw.get("one_in_news") or (), known),
        party_objects=_words(raw.get("party_objects")),
    )


# a news story's mechanisms: those of its lead, or named more than once (on the VOA
# stories 001-037 this raised mechanism F1 from 0.46 to 0.56; on 039-077, never tuned
# on, from 0.39 to 0.44)
NEWS_LEAD_SENTENCES = 3
NEWS_MIN_MENTIONS = 2


@dataclass
class MechanismFinder:
    """Collects the mechanisms of one analysis and which sentence states each."""

    nlp: Language
    found: dict[str, Mechanism] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    in_mechanism_section: set[str] = field(default_factory=set)
    stated: set[str] = field(default_factory=set)
    # sentence number (across sections) where each mechanism is first named
    first: dict[str, int] = field(default_factory=dict)
    sentences: int = 0
    # mechanisms reported as another (``one_in_news``): id -> the id reported
    merged: dict[str, str] = field(default_factory=dict)

    def scan(self, sec: SectionDoc) -> dict[int, str]:
        """Record the mechanisms in one section; returns sentence start -> mechanism id."""
        by_sentence: dict[int, str] = {}
        matcher = mechanism_matcher(self.nlp)
        concepts = lexicon.mechanism_index()
        spans = [
            Span(sec.doc, s, e, label=self.nlp.vocab.strings[m]) for m, s, e in matcher(sec.doc)
        ]
        spans = list(filter_spans(spans))
        blocked = {i for s in spans if s.label_ == NOT_A_MECHANISM for i in range(s.start, s.end)}
        spans = [s for s in spans if s.label_ != NOT_A_MECHANISM and _label_exercised(s)]
        is_mech_section = bool(MECHANISM_SECTION.search(sec.heading))
        starts = {s.start: n for n, s in enumerate(doc_sents(sec.doc))}
        base = self.sentences
        for span in spans:
            concept = concepts[span.label_]
            sent = span.sent
            self.sentences = base + starts[sent.start]
            self._add(concept.id, concept.label, span_text(sent).strip(), span.text)
            modified = _modified(span.root, span.start)
            if modified:
                self._add_alias(concept.id, modified)
            by_sentence.setdefault(sent.start, concept.id)
            if is_mech_section:
                self.in_mechanism_section.add(concept.id)
            if _stated(sent, span):
                self.stated.add(concept.id)
        covered = blocked | {i for s in spans for i in range(s.start, s.end)}
        for mech_id, token, surface in cues(sec.doc, covered, blocked):
            concept = concepts[mech_id]
            self.sentences = base + starts[token_sent(token).start]
            self._add(concept.id, concept.label, span_text(token_sent(token)).strip(), surface)
            modified = _modified(token, token.i)
            if modified:
                self._add_alias(concept.id, modified)
            by_sentence.setdefault(token_sent(token).start, concept.id)
            if is_mech_section:
                self.in_mechanism_section.add(concept.id)
        for sent in doc_sents(sec.doc):
            if not is_mech_section and "mechanism" not in span_text(sent).lower():
                continue
            self.sentences = base + starts[sent.start]
            for new in _unknown_statements(sent, spans):
                key = slug(new, default="actor")
                self._add(key, new, span_text(sent).strip())
                self.stated.add(key)
                by_sentence.setdefault(sent.start, key)
        self.sentences = base + len(starts)
        return by_sentence

    def _add(self, mech_id: str, label: str, evidence: str, surface: str | None = None) -> None:
        mech = self.found.setdefault(mech_id, Mechanism(id=mech_id, label=label))
        self.first.setdefault(mech_id, self.sentences)
        if surface:
            self._add_alias(mech_id, surface)
        self.counts[mech_id] = self.counts.get(mech_id, 0) + 1
        if evidence not in mech.evidence:
            mech.evidence.append(evidence)

    def _add_alias(self, mech_id: str, name: str) -> None:
        mech = self.found[mech_id]
        if name.lower() != mech.label.lower() and name.lower() not in mech.aliases:
            mech.aliases.append(name.lower())

    def mechanisms(
        self,
        *,
        has_mechanism_section: bool,
        news: bool = False,
        claimed: frozenset[str] = frozenset(),
    ) -> list[Mechanism]:
        """The mechanisms to report: those the analysis says are operating.

        With a mechanism section, that is what it names or what is stated as a
        mechanism elsewhere; without one, every taxonomy match, except in a news
        story (``news``), where a mechanism named once past the lead is mostly
        background ("a ceasefire collapsed in 2019") and is left out, unless a
        claim runs through it (``claimed``: "Kenya imposed sanctions on Somalia").
        """
        keep = []
        for mech_id, mech in self.found.items():
            if not has_mechanism_section and not news:
                keep.append(mech)
            elif not has_mechanism_section:
                lead = self.first[mech_id] < NEWS_LEAD_SENTENCES
                if lead or self.counts.get(mech_id, 0) >= NEWS_MIN_MENTIONS or mech_id in claimed:
                    keep.append(mech)
            elif mech_id in self.in_mechanism_section or mech_id in self.stated:
                keep.append(mech)
            elif self.counts.get(mech_id, 0) >= 3:
                keep.append(mech)
        if news and not has_mechanism_section:
            keep = self._one_in_news(keep)
        self._known_names(keep)
        return keep

    def _known_names(self, found: list[Mechanism]) -> None:
        """Give each taxonomy mechanism its other names in the taxonomy as aliases
        (military force: "airstrikes", "shelling", "use of force"), after the names
        the text used: a reader or a tool looking a mechanism up by any of its names
        finds it, whatever words this analysis happened to use."""
        concepts = lexicon.mechanism_index()
        for mech in found:
            concept = concepts.get(mech.id)
            for name in concept.alt_labels if concept else ():
                self._add_alias(mech.id, name)

    def _one_in_news(self, found: list[Mechanism]) -> list[Mechanism]:
        """Near-synonyms a news story uses for one act ("war", "attacks", "fighting")
        as one mechanism: the one named most, with the others' names as aliases."""
        groups = cue_table().one_in_news
        out: list[Mechanism] = []
        for mech in found:
            group = groups.get(mech.id)
            rivals = [m for m in found if group and m.id in group]
            main = max(rivals, key=lambda m: self.counts.get(m.id, 0)) if rivals else mech
            if main is not mech:
                self.merged[mech.id] = main.id
                continue
            for other in rivals:
                if other is mech:
                    continue
                for name in [other.label, *other.aliases]:
                    self._add_alias(mech.id, name)
                mech.evidence.extend(e for e in other.evidence if e not in mech.evidence)
            out.append(mech)
        return out


def cues(doc: Doc, covered: set[int], blocked: set[int]) -> Iterator[tuple[str, Token, str]]:
    """The mechanisms a doc's verbs and nouns exercise without naming them.

    Parameters
    ----------
    doc : a parsed section.
    covered : token indices inside a label match (the label already names it).
    blocked : token indices inside a phrase that names no mechanism ("heart attack").

    Yields
    ------
    (mechanism id, the cue's head token, its surface form) in text order.
    """
    table = cue_table()
    strings = doc.vocab.strings
    # POS and lemma read as one array: a Token is made only for a word with a cue
    for i, (pos, lemma_key) in enumerate(doc.to_array([POS, LEMMA]).tolist()):
        if i in covered:
            continue
        if pos == VERB:
            by_lemma = table.verbs
        elif pos == NOUN or pos == PROPN:
            by_lemma = table.nouns
        else:
            continue
        candidates = by_lemma.get(strings[lemma_key].lower(), ())
        if not candidates:
            continue
        tok = doc[i]
        lemma = tok.lemma_.lower()
        best: tuple[Cue, Token | None] | None = None
        for cue in candidates:
            if best is not None and best[0].rank >= cue.rank:
                continue
            words = table.unless.get((cue.mechanism, lemma))
            if words and any(_lemma(d) in words for d in _near(tok, blocked, subjects=True)):
                continue
            holds, partner = _cue_holds(cue, tok, blocked)
            if holds:
                best = (cue, partner)
        if best is None or not _exercised(tok, table):
            continue
        if lemma in table.party_objects and not _names_a_party(tok):
            continue  # "condemned the jailbreak" is no condemnation of a party
        cue, partner = best
        pair = sorted([tok] if partner is None else [tok, partner], key=lambda t: t.i)
        yield cue.mechanism, tok, " ".join(t.text for t in pair).lower()


def _names_a_party(verb: Token) -> bool:
    """Does the verb's object (or an active verb's passive subject) name a party: a
    proper name, a nationality or an owner ("condemned Russia", "the Russian
    strikes", "Israel's settlement plan")?"""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    objects += [
        o for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"
    ]
    return any(
        t.pos_ == "PROPN" or t.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"} or t.dep_ == "poss"
        for obj in objects
        for t in obj.subtree
    )


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _cue_holds(cue: Cue, tok: Token, blocked: set[int]) -> tuple[bool, Token | None]:
    """Does the cue apply to this token, and which dependent did it need ("with")?"""
    if cue.kind == "with":
        near = _near(tok, blocked, subjects=False)
        partner = next((d for d in near if _lemma(d) in cue.words), None)
        return partner is not None, partner
    if cue.kind == "by":
        return any(
            d.i not in blocked and (_lemma(d) in cue.words or d.ent_type_ in cue.words)
            for d in _doers(tok)
        ), None
    return True, None


def _near(tok: Token, blocked: set[int], *, subjects: bool, depth: int = 3) -> list[Token]:
    """The words of a token's own clause, up to ``depth`` dependencies down.

    With ``subjects=False`` (a cue's partner words) only its arguments count:
    objects, particles, complements and prepositional phrases, never its subject
    or adverbials ("organised long before any vote" holds no vote).
    """
    circumstances = cue_table().circumstances
    out: list[Token] = []
    frontier = [tok]
    for level in range(depth):
        nxt = []
        for t in frontier:
            for child in t.children:
                if child.dep_ in CLAUSAL or child.i in blocked:
                    continue
                if not subjects and (
                    (child.dep_ not in ARGUMENTS and not (level and child.dep_ == "compound"))
                    or (level == 0 and child.dep_ in SUBJECTS)
                    or (child.dep_ == "prep" and _lemma(child) in circumstances)
                ):
                    continue
                nxt.append(child)
        out.extend(nxt)
        frontier = nxt
    return out


def _doers(tok: Token) -> list[Token]:
    """Who or what does the act of a verb or event noun.

    A verb's subject (with its conjuncts), a passive verb's "by" agent, the
    "in"/"with"/"by" thing that did it ("killed in an attack"), and for a verb
    with no subject of its own, the doer of the verb it continues ("attacked a
    village, killing 20"); a noun's possessor, modifiers and "by"/"from" phrase.
    """
    doers: list[Token] = []
    if tok.pos_ == "VERB":
        for child in tok.children:
            if child.dep_ == "nsubj":
                doers += [child, *child.conjuncts]
            elif child.dep_ == "agent":
                doers += [g for g in child.children if g.dep_ == "pobj"]
            elif child.dep_ == "prep" and _lemma(child) in {"in", "with", "by"}:
                # the thing it was done with, never a place ("killed in Gaza")
                doers += [g for g in child.children if g.dep_ == "pobj" and not g.ent_type_]
        if not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children):
            if tok.dep_ in {"conj", "advcl", "xcomp"} and tok.head is not tok:
                doers += _doers(tok.head)
        if tok.dep_ == "relcl" and any(
            c.dep_ == "nsubj" and c.tag_ in {"WDT", "WP"} for c in tok.children
        ):
            doers.append(tok.head)
        return doers
    for child in tok.children:
        if child.dep_ in {"poss", "compound", "amod", "nmod"}:
            doers.append(child)
        elif child.dep_ == "prep" and _lemma(child) in {"by", "from"}:
            doers += [g for g in child.children if g.dep_ == "pobj"]
    return doers


def _exercised(tok: Token, table: CueTable) -> bool:
    """Does the text say the act took place (not negated, hypothetical, refused or aimed at)?"""
    if tok.pos_ != "VERB":
        return _noun_exercised(tok, table)
    cur = tok
    for _ in range(6):
        for child in cur.children:
            if child.dep_ == "neg":
                return False
            if child.dep_ in {"aux", "auxpass"} and _lemma(child) in table.modals:
                return False
            if child.dep_ == "mark" and _lemma(child) in table.marks:
                return False
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.head is not cur.head:
            cur = cur.head.head  # "could escalate by testing its weapons": as its head verb
            continue
        if cur.dep_ not in {"xcomp", "ccomp", "conj"} or cur.head is cur:
            return True
        if cur.dep_ in {"xcomp", "ccomp"} and _lemma(cur.head) in table.heads:
            return False
        cur = cur.head
    return True


def _modified(root: Token, start: int) -> str | None:
    """A noun label with the words that say whose or which it is ("U.N. sanctions",
    "retaliatory tariffs", "trophy import ban"), as readers name the mechanism;
    None when nothing modifies it."""
    if root.pos_ not in {"NOUN", "PROPN"}:
        return None
    doc = root.doc
    first = start
    while first > 0:
        tok = doc[first - 1]
        if tok.dep_ not in MODIFIERS or not first <= tok.head.i <= root.i:
            break
        if tok.dep_ == "amod" and not _classifies(tok):
            break  # "retaliatory tariffs", not "bloody war" or "recent arrest"
        if tok.i > 0 and doc[tok.i - 1].text in HYPHENS:
            break  # "long-range missile test": "range" alone says nothing
        first -= 1
    if first == start:
        return None
    words = root.doc[first : root.i + 1]
    if any(not t.text[0].isalpha() or t.ent_type_ in NUMERIC for t in words):
        return None
    return span_text(words).strip()


def _classifies(adjective: Token) -> bool:
    """Does an adjective say which kind ("retaliatory", "regulated"), not how much or
    how good ("bloody", "recent")?"""
    return adjective.tag_ == "VBN" or adjective.lower_.endswith(RELATIONAL_ADJECTIVES)


def _noun_exercised(tok: Token, table: CueTable) -> bool:
    """A noun names no exercised act with "no" ("no arrests") or "without"."""
    if any(c.dep_ == "det" and _lemma(c) in table.determiners for c in tok.children):
        return False
    head = tok.head
    return not (tok.dep_ == "pobj" and _lemma(head) in table.prepositions)


def _label_exercised(span: Span) -> bool:
    """Does a label match name a mechanism at work (not "no sanctions", not part of a name)?

    A label read as a verb ("police arrest 12") must be exercised as a cue is.
    """
    for ent in doc_ents(span.doc):
        inside = ent.start <= span.start and span.end <= ent.end
        if inside and ent.label_ in NAME_TYPES and len(ent) > len(span):
            return False
    root = span.root
    table = cue_table()
    if root.pos_ == "VERB":
        words = table.unless.get((span.label_, _lemma(root)), frozenset())
        if any(_lemma(d) in words for d in _near(root, set(), subjects=True)):
            return False
        return _exercised(root, table)
    return _noun_exercised(root, table)


def _stated(sent: Span, span: Span) -> bool:
    """Is the span named as the mechanism ("the mechanism is X", "through X")?"""
    before = sent.doc[sent.start : span.start].text.lower()
    return bool(STATEMENT.search(before)) or before.rstrip().endswith(("through", "via"))


def _unknown_statements(sent: Span, known: list[Span]) -> list[str]:
    """Mechanisms named by "the mechanism is X" that the taxonomy does not know."""
    text = span_text(sent)
    match = STATEMENT.search(text)
    if not match:
        return []
    doc: Doc = sent.doc
    start_char = sent.start_char + match.end()
    for chunk in noun_chunks(doc):
        if chunk.start_char < start_char or chunk.start < sent.start or chunk.end > sent.end:
            continue
        between = doc.char_span(start_char, chunk.start_char, alignment_mode="expand")
        if between is not None and any(t.pos_ in {"SCONJ", "VERB", "AUX"} for t in between):
            return []  # "the second mechanism: because the funds sit..." names none
        if any(k.start < chunk.end and chunk.start < k.end for k in known):
            return []
        words = [t for t in chunk if t.pos_ not in {"DET", "PRON"}]
        if not words or len(words) > 5:
            return []
        label = " ".join(t.text for t in words).lower()
        return [label] if re.fullmatch(r"[a-z][a-z -]+", label) else []
    return []
