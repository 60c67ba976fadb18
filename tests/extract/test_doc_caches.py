"""The per-Doc caches of the extraction rules give what spaCy itself gives.

Each helper of :mod:`powermap.extract.components` (and the two memos of the actor
and candidate rules) keeps a value in the Doc's ``user_data`` so that the rules
do not rebuild it; these tests compare every cached value with the uncached one
on real parses.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from powermap.extract.actors import ActorRegistry, SectionDoc
from powermap.extract.candidates import _find_governor, _governor
from powermap.extract.components import (
    doc_ents,
    doc_sents,
    doc_text,
    fix_verb_lemmas,
    pos_tag_dep,
    span_text,
    token_sent,
)
from powermap.extract.model import Analysis, Section, Source
from powermap.extract.nlp import load_nlp
from powermap.ontology.lexicon import normalise

TEXTS = [
    "Washington fined Zalando on Monday. Qatar, which hosted the talks, gains leverage "
    "over Tehran and Islamabad; Americans for Prosperity said so.\n\nThe U.S. wages a "
    "quiet campaign -- reporting by Jane Doe.  ",
    "  Leading spaces.\n\n\nAnd  double  spaces\tand a tab. Iran's envoy (IRGC) left. ",
    "One sentence without a final stop",
    "",
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="module")
def docs(nlp: Language) -> list[Doc]:
    return list(nlp.pipe(TEXTS))


def test_cached_sentences_and_entities_are_the_docs_own(docs: list[Doc]) -> None:
    for doc in docs:
        assert [(s.start, s.end) for s in doc_sents(doc)] == [(s.start, s.end) for s in doc.sents]
        assert [(e.start, e.end, e.label_) for e in doc_ents(doc)] == [
            (e.start, e.end, e.label_) for e in doc.ents
        ]
        assert doc_sents(doc) is doc_sents(doc)  # built once


def test_span_text_is_the_text_spacy_joins_for_every_span(docs: list[Doc]) -> None:
    for doc in docs:
        assert doc_text(doc) == doc.text
        spans = [*doc.sents, *doc.noun_chunks, *doc.ents, doc[:], doc[1:3]]
        for span in spans:
            assert span_text(span) == span.text


def test_token_sent_is_the_sentence_spacy_gives_every_token(docs: list[Doc]) -> None:
    for doc in docs:
        for token in doc:
            cached, fresh = token_sent(token), token.sent
            assert (cached.start, cached.end) == (fresh.start, fresh.end)


def test_pos_tag_dep_rows_hold_each_tokens_ids(docs: list[Doc]) -> None:
    for doc in docs:
        assert pos_tag_dep(doc) == [[t.pos, t.tag, t.dep] for t in doc]


def test_governor_is_the_same_from_the_memo_as_from_a_fresh_walk(docs: list[Doc]) -> None:
    for doc in docs:
        for token in doc:
            first = _governor(token)
            again = _governor(token)
            fresh = _find_governor(token)
            assert first is again
            assert (first[0].i, first[1]) == (fresh[0].i, fresh[1])


def test_tokens_spelling_finds_exactly_the_tokens_written_so(docs: list[Doc]) -> None:
    doc = docs[0]
    sec = SectionDoc("Body", doc)
    for text in {t.text for t in doc} | {"absent", "washington"}:
        assert sec.tokens_spelling(text) == [t.i for t in doc if t.text == text]


def test_verb_lemma_fixes_touch_only_the_verb_forms_of_the_table(nlp: Language) -> None:
    doc = nlp("Brussels fined the company and wages a campaign; wages rose.")
    assert [t.lemma_ for t in doc if t.lower_ == "fined"] == ["fine"]
    before = [t.lemma_ for t in doc]
    assert [t.lemma_ for t in fix_verb_lemmas(doc)] == before  # idempotent


def test_excluded_names_include_any_name_opening_with_a_long_excluded_one(
    docs: list[Doc],
) -> None:
    analysis = Analysis(
        id="t",
        title="t",
        lens=None,
        source=Source(name="Gulf Ledger"),
        sections=[Section("B", "x")],
    )
    registry = ActorRegistry(analysis, [SectionDoc("B", docs[2])])
    long_names = [x for x in registry.excluded if len(x) > 4]

    def scan(text: str) -> bool:  # the rule as a linear scan over the excluded names
        norm = normalise(text)
        if not norm or norm in registry.excluded or len(norm) < 2:
            return True
        if any(norm.startswith(x + " ") or norm == x for x in long_names):
            return True
        return not any(ch.isalpha() for ch in text)

    names = ["Gulf Ledger staff", "Gulf Ledgers", "The Gulf Ledger desk", "Gulf", "A", "12"]
    names += [f"{x.title()} Wire Desk" for x in sorted(long_names)[:20]]
    for name in names:
        assert registry._excluded(name) == scan(name), name
