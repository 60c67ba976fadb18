"""spaCy components of powermap, registered by name (see ``load_nlp``).

``powermap_gazetteer`` marks every surface form of a known actor (names,
acronyms, demonyms, capitals used for governments) in ``doc.spans["pm_gazetteer"]``,
each span labelled with the actor id. Patterns are built from
``ontology/gazetteer.yaml`` when the pipeline is assembled, never typed in code.
"""

from __future__ import annotations

import functools

from spacy.attrs import DEP, POS, TAG
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from powermap.ontology import lexicon, loader

__all__ = [
    "GazetteerMatcher",
    "SPAN_KEY",
    "choose_entry",
    "doc_ents",
    "doc_sents",
    "doc_text",
    "fix_verb_lemmas",
    "mark_acronyms",
    "noun_chunks",
    "pos_tag_dep",
    "span_text",
    "token_sent",
]

SPAN_KEY = "pm_gazetteer"
# NER labels that agree with an ambiguous alias of each actor kind
AGREEING_LABELS = {
    # "The bloc suspended Niger": NER reads a state's name as a facility now and then
    "State": {"GPE", "NORP", "ORG", "LOC", "FAC"},
    "IGO": {"ORG", "GPE", "NORP"},
    "Organization": {"ORG", "FAC", "GPE"},
    "Person": {"PERSON"},
    "Group": {"NORP", "ORG"},
}


class GazetteerMatcher:
    """Phrase matcher over every gazetteer surface form; spans carry the actor id."""

    def __init__(self, nlp: Language, name: str = "powermap_gazetteer") -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.forms: dict[int, str] = {}
        seen: set[str] = set()
        table = lexicon.alias_table()
        surfaces: set[str] = set()
        for entry in lexicon.gazetteer():
            for form in (entry.label, *entry.aliases, *entry.demonyms, *entry.metonyms):
                surfaces.add(form)
                if entry.kind == "Person":  # "Ursula Von der Leyen", "Von der Leyen said"
                    surfaces.add(_particle_capitalised(form))
                if form[:1].islower():  # "al-Shabab" opens a sentence as "Al-Shabab"
                    surfaces.add(form[:1].upper() + form[1:])
                    continue
                surfaces.add(form.upper() if len(form) <= 4 else form)
        docs = []
        for form in sorted(surfaces):
            if form in seen or lexicon.normalise(form) not in table:
                continue
            seen.add(form)
            docs.append(nlp.make_doc(form))
            if form.lower().startswith("the "):
                docs.append(nlp.make_doc(form[4:]))
        self.matcher.add("ACTOR", docs)

    def __call__(self, doc: Doc) -> Doc:
        table = lexicon.alias_table()
        spans: list[Span] = []
        for _, start, end in self.matcher(doc):
            span = doc[start:end]
            choice = choose_entry(span, table.get(lexicon.normalise(span.text), []))
            if choice is not None:
                spans.append(Span(doc, start, end, label=choice))
        doc.spans[SPAN_KEY] = filter_spans(spans)
        return doc


def _capitalised_word(span: Span) -> bool:
    """Is the span a common short word written in capitals in a sentence that is not
    ("airstrikes against IS", "the WHO said"): an acronym, whatever NER made of it?
    Writers do not capitalise "is" or "who" in running text; a shouted headline does."""
    text = span.text
    if len(span) != 1 or not text.isupper() or text.lower() not in STOP_WORDS:
        return False
    return not _in_capitals(span.doc, span.start)


def _in_capitals(doc: Doc, i: int) -> bool:
    """Is token ``i`` next to another word in capitals ("WHAT IS AT STAKE")?"""
    near = [doc[j] for j in (i - 1, i + 1) if 0 <= j < len(doc) and doc[j].is_alpha]
    return any(t.is_upper and len(t) > 1 for t in near)


def _particle_capitalised(name: str) -> str:
    """A person's name with its first lower-case particle capitalised, as writers
    and sentence starts spell it ("Ursula von der Leyen" -> "Ursula Von der Leyen")."""
    words = name.split(" ")
    for i, word in enumerate(words):
        if word[:1].islower():
            words[i] = word[:1].upper() + word[1:]
            break
    return " ".join(words)


def choose_entry(span: Span, candidates: list[tuple[lexicon.GazetteerEntry, str]]) -> str | None:
    """The actor id a matched span stands for, or None when it is too ambiguous.

    An ambiguous form ("Meta", "Jordan") counts only where NER's label agrees
    with the entry's kind.
    """
    if not candidates:
        return None
    ner = {t.ent_type_ for t in span if t.ent_type_}
    ranked = sorted(candidates, key=lambda c: _FORM_RANK.get(c[1], 9))
    best_rank = _FORM_RANK.get(ranked[0][1], 9)
    best = [c for c in ranked if _FORM_RANK.get(c[1], 9) == best_rank]
    if len({c[0].id for c in best}) > 1:
        agreeing = [c for c in best if ner & AGREEING_LABELS.get(c[0].kind, set())]
        if len({c[0].id for c in agreeing}) != 1:
            return None
        best = agreeing
    entry, _kind = best[0]
    if span.text in entry.ambiguous or lexicon.normalise(span.text) in {
        lexicon.normalise(a) for a in entry.ambiguous
    }:
        if not (ner & AGREEING_LABELS.get(entry.kind, set())) and not _capitalised_word(span):
            return None
        if "PERSON" in ner and entry.kind != "Person":
            return None
    if not span.text[:1].isupper() and not span.text[:1].isdigit() and not _particle_name(span):
        return None
    return entry.id


@functools.lru_cache(maxsize=1)
def name_particles() -> frozenset[str]:
    """Lower-case words that open a name ("al-Shabaab", "de Gaulle"), from persons.yaml."""
    return frozenset(str(p) for p in loader.yaml_data("persons.yaml")["particles"])


def _particle_name(span: Span) -> bool:
    """Does the span open with a name particle before a capitalised word ("al-Shabab")?"""
    return (
        len(span) > 1
        and span[0].text in name_particles()
        and any(t.text[:1].isupper() for t in span[1:])
    )


_FORM_RANK = {"label": 0, "alias": 1, "demonym": 2, "metonym": 3}


@Language.factory("powermap_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> GazetteerMatcher:
    """Build the gazetteer matcher from the ontology's gazetteer."""
    return GazetteerMatcher(nlp, name)


@functools.lru_cache(maxsize=1)
def _verb_lemmas() -> dict[str, str]:
    return {str(k): str(v) for k, v in loader.yaml_data("lemmas.yaml")["verbs"].items()}


def fix_verb_lemmas(doc: Doc) -> Doc:
    """Give verb forms the model lemmatises wrongly their lemma (``ontology/lemmas.yaml``):
    "fined" is "fine", not "fin", so the verb rules see it."""
    table = _verb_lemmas()
    if not table or not len(doc):
        return doc
    keys = _verb_form_keys()
    lowers = doc.to_array("LOWER").tolist()
    if keys.isdisjoint(lowers):  # most docs: no Token object made at all
        return doc
    for i, lower in enumerate(lowers):
        if lower in keys:
            token = doc[i]
            if token.pos_ in {"VERB", "AUX"}:
                token.lemma_ = table[token.lower_]
    return doc


@functools.lru_cache(maxsize=1)
def _verb_form_keys() -> frozenset[int]:
    """The string hashes of the verb forms of ``lemmas.yaml`` (as spaCy's LOWER holds them);
    a set of ints, since a set test beats ``numpy.isin`` on arrays of a few hundred tokens."""
    return frozenset(hash_string(form) for form in _verb_lemmas())


@Language.component("powermap_lemmas")
def make_lemmas(doc: Doc) -> Doc:
    """Pipeline component wrapping :func:`fix_verb_lemmas`."""
    return fix_verb_lemmas(doc)


@functools.lru_cache(maxsize=1)
def _stopword_acronyms() -> dict[int, str]:
    """Acronyms of known actors that spell an English function word ("IS", "WHO"), by
    the hash of their spelling, each with the dotted norm the model reads as a name
    ("i.s.", "w.h.o.")."""
    out = {}
    for entry in lexicon.gazetteer():
        for form in (entry.label, *entry.aliases):
            if form.isupper() and form.isalpha() and len(form) > 1 and form.lower() in STOP_WORDS:
                out[hash_string(form)] = "".join(f"{c}." for c in form.lower())
    return out


def mark_acronyms(doc: Doc) -> Doc:
    """Give an acronym that spells a function word the norm of a name, so that the
    tagger and parser read "killed IS leader Abu Khadija" and "WHO officials" as names,
    not as "is" and "who" (the model embeds the norm). Capitals in a run of capitals
    (a headline set in upper case) are left as they are."""
    keys = _stopword_acronyms()
    for i, orth in enumerate(doc.to_array("ORTH").tolist()):  # no Token made for most
        norm = keys.get(orth)
        if norm is not None and not _in_capitals(doc, i):
            doc[i].norm_ = norm
    return doc


@Language.component("powermap_acronyms")
def make_acronyms(doc: Doc) -> Doc:
    """Pipeline component wrapping :func:`mark_acronyms` (runs before the model)."""
    return mark_acronyms(doc)


_CHUNKS = "powermap_noun_chunks"


def noun_chunks(doc: Doc) -> list[Span]:
    """``doc.noun_chunks``, computed once per Doc (kept in its ``user_data``): actors,
    mechanisms and stakes all walk the chunks, and spaCy recomputes them on each call."""
    chunks: list[Span] | None = doc.user_data.get(_CHUNKS)
    if chunks is None:
        chunks = list(doc.noun_chunks)
        doc.user_data[_CHUNKS] = chunks
    return chunks


_SENTS = "powermap_sents"
_ENTS = "powermap_ents"
_TEXT = "powermap_text"
_ROWS = "powermap_pos_tag_dep"
_SENT_OF = "powermap_sent_of"


def doc_sents(doc: Doc) -> list[Span]:
    """``doc.sents``, computed once per Doc (kept in its ``user_data``): actors, claims,
    candidates, mechanisms and stakes all walk the sentences, and spaCy rebuilds the
    spans token by token on each call."""
    sents: list[Span] | None = doc.user_data.get(_SENTS)
    if sents is None:
        sents = list(doc.sents)
        doc.user_data[_SENTS] = sents
    return sents


def doc_ents(doc: Doc) -> list[Span]:
    """``doc.ents``, built once per Doc (kept in its ``user_data``): the actor rules
    scan every entity of the doc for each name they test, and spaCy makes new spans
    on each call. The pipeline sets no entity after it has run."""
    ents: list[Span] | None = doc.user_data.get(_ENTS)
    if ents is None:
        ents = list(doc.ents)
        doc.user_data[_ENTS] = ents
    return ents


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc (kept in its ``user_data``): spaCy joins every
    token's text on each call, which is slow for a long news story."""
    text: str | None = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT] = text
    return text


def span_text(span: Span) -> str:
    """``span.text``, sliced from the Doc's text (:func:`doc_text`) by character offsets:
    spaCy joins the span's tokens on each call, and the rules ask for the text of
    every sentence several times."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def pos_tag_dep(doc: Doc) -> list[list[int]]:
    """Each token's POS, TAG and DEP ids, read once per Doc as one array (kept in its
    ``user_data``): rules that test every token look here first and make a Token
    only for the few they can use."""
    rows: list[list[int]] | None = doc.user_data.get(_ROWS)
    if rows is None:
        rows = doc.to_array([POS, TAG, DEP]).tolist()
        doc.user_data[_ROWS] = rows
    return rows


def token_sent(token: Token) -> Span:
    """``token.sent``, looked up in :func:`doc_sents` by an index of sentence numbers
    built once per Doc (kept in its ``user_data``): spaCy walks the sentence starts
    and makes a new span on each call. Both read the same sentence starts, so the
    span is the same."""
    doc = token.doc
    index: list[int] | None = doc.user_data.get(_SENT_OF)
    if index is None:
        index = []
        for n, sent in enumerate(doc_sents(doc)):
            index.extend([n] * (sent.end - sent.start))
        doc.user_data[_SENT_OF] = index
    return doc_sents(doc)[index[token.i]]
