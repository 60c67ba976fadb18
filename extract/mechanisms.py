"""Mechanisms of power: taxonomy phrases (``ontology/mechanisms.ttl``) and
"the mechanism is X" statements, which also report mechanisms the taxonomy lacks.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from powermap.extract.actors import SectionDoc, slug
from powermap.extract.model import Mechanism
from powermap.ontology import lexicon

__all__ = ["MechanismFinder", "mechanism_matcher"]

MECHANISM_SECTION = re.compile(r"mechanism|how it works|how power works", re.I)
# "The (dominant|second|core) mechanism is X", "X is the second mechanism"
STATEMENT = re.compile(
    r"\b(?:mechanism|mechanisms|lever|instrument|tool)\b[^.:;]{0,20}?\b(?:is|are|was|:)\s+", re.I
)


@functools.lru_cache(maxsize=4)
def mechanism_matcher(nlp: Language) -> PhraseMatcher:
    """A case-insensitive phrase matcher for every label of every mechanism."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for concept in lexicon.mechanisms():
        forms = {concept.label, *concept.alt_labels}
        forms |= {f.replace("-", " ") for f in forms} | {f.replace(" ", "-") for f in forms}
        matcher.add(concept.id, [nlp.make_doc(f) for f in sorted(forms)])
    return matcher


@dataclass
class MechanismFinder:
    """Collects the mechanisms of one analysis and which sentence states each."""

    nlp: Language
    found: dict[str, Mechanism] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    in_mechanism_section: set[str] = field(default_factory=set)
    stated: set[str] = field(default_factory=set)

    def scan(self, sec: SectionDoc) -> dict[int, str]:
        """Record the mechanisms in one section; returns sentence start -> mechanism id."""
        by_sentence: dict[int, str] = {}
        matcher = mechanism_matcher(self.nlp)
        concepts = {c.id: c for c in lexicon.mechanisms()}
        spans = [
            Span(sec.doc, s, e, label=self.nlp.vocab.strings[m]) for m, s, e in matcher(sec.doc)
        ]
        spans = _longest(spans)
        is_mech_section = bool(MECHANISM_SECTION.search(sec.heading))
        for span in spans:
            concept = concepts[span.label_]
            sent = span.sent
            self._add(concept.id, concept.label, sent.text.strip(), span.text)
            by_sentence.setdefault(sent.start, concept.id)
            if is_mech_section:
                self.in_mechanism_section.add(concept.id)
            if _stated(sent, span):
                self.stated.add(concept.id)
        for sent in sec.doc.sents:
            if not is_mech_section and "mechanism" not in sent.text.lower():
                continue
            for new in _unknown_statements(sent, spans):
                self._add(slug(new), new, sent.text.strip())
                self.stated.add(slug(new))
                by_sentence.setdefault(sent.start, slug(new))
        return by_sentence

    def _add(self, mech_id: str, label: str, evidence: str, surface: str | None = None) -> None:
        mech = self.found.setdefault(mech_id, Mechanism(id=mech_id, label=label))
        if surface and surface.lower() != label.lower() and surface.lower() not in mech.aliases:
            mech.aliases.append(surface.lower())
        self.counts[mech_id] = self.counts.get(mech_id, 0) + 1
        if evidence not in mech.evidence:
            mech.evidence.append(evidence)

    def mechanisms(self, *, has_mechanism_section: bool) -> list[Mechanism]:
        """The mechanisms to report: those the analysis says are operating.

        With a mechanism section, that is what it names or what is stated as a
        mechanism elsewhere; without one (a plain article), every taxonomy match.
        """
        keep = []
        for mech_id, mech in self.found.items():
            if not has_mechanism_section:
                keep.append(mech)
            elif mech_id in self.in_mechanism_section or mech_id in self.stated:
                keep.append(mech)
            elif self.counts.get(mech_id, 0) >= 3:
                keep.append(mech)
        return keep


def _longest(spans: list[Span]) -> list[Span]:
    from spacy.util import filter_spans

    return list(filter_spans(spans))


def _stated(sent: Span, span: Span) -> bool:
    """Is the span named as the mechanism ("the mechanism is X", "through X")?"""
    before = sent.doc[sent.start : span.start].text.lower()
    return bool(STATEMENT.search(before)) or before.rstrip().endswith(("through", "via"))


def _unknown_statements(sent: Span, known: list[Span]) -> list[str]:
    """Mechanisms named by "the mechanism is X" that the taxonomy does not know."""
    text = sent.text
    match = STATEMENT.search(text)
    if not match:
        return []
    doc: Doc = sent.doc
    start_char = sent.start_char + match.end()
    for chunk in doc.noun_chunks:
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
