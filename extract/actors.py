"""Actors of one analysis: gazetteer matches, NER entities and group noun phrases,
normalised so that every surface form of one real-world actor gets one id.

``ActorRegistry`` is built over the section docs of one analysis; the claims
step asks it which actor a token stands for (``actor_of``), which may add a
group actor ("small donors") found only as the holder of a claim.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span, Token

from powermap.extract.components import (
    SPAN_KEY,
    choose_entry,
    doc_ents,
    doc_sents,
    doc_text,
    name_particles,
    noun_chunks,
    pos_tag_dep,
    span_text,
    token_sent,
)
from powermap.extract.model import Actor, Analysis, Mention
from powermap.ontology import lexicon, loader
from powermap.ontology.lexicon import slug
from powermap.ontology.newsverbs import agents

__all__ = ["ActorRegistry", "SectionDoc", "group_lexicon", "outlet_names"]

TITLE_WORDS = {
    "sen", "sen.", "senator", "rep", "rep.", "representative", "president", "minister",
    "prime", "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "gov", "gov.", "governor",
    "secretary", "chancellor", "king", "queen", "prince", "sheikh", "gen", "gen.", "general",
}  # fmt: skip


@functools.lru_cache(maxsize=1)
def group_lexicon() -> dict[str, set[str]]:
    """Noun lists from ``ontology/groups.yaml`` as sets."""
    raw = loader.yaml_data("groups.yaml")
    return {key: {str(v).lower() for v in values} for key, values in raw.items()}


@functools.lru_cache(maxsize=1)
def thing_lexicon() -> dict[str, frozenset[str]]:
    """Names, last words and leading words of things that are not actors
    (``ontology/things.yaml``: diseases, storms, events, laws), normalised."""
    raw = loader.yaml_data("things.yaml")
    return {key: frozenset(map(lexicon.normalise, map(str, values))) for key, values in raw.items()}


@functools.lru_cache(maxsize=1)
def demonym_forms() -> frozenset[str]:
    """Normalised surface forms that are the demonym of a gazetteer actor (built once)."""
    return frozenset(
        lexicon.normalise(form)
        for form, forms in lexicon.alias_table().items()
        if any(kind == "demonym" for _, kind in forms)
    )


@functools.lru_cache(maxsize=1)
def outlet_names() -> tuple[set[str], set[str]]:
    """Normalised outlet names and layout words, never actors."""
    raw = loader.yaml_data("outlets.yaml")
    return (
        {lexicon.normalise(v) for v in raw["outlets"]},
        {lexicon.normalise(v) for v in raw["not_actors"]},
    )


# where a name stands as a party of its clause
SUBJECTS_AND_OBJECTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"})
# prepositions after which a group is a party to the act, not its setting
PARTY_PREPS = frozenset({"against", "on", "for", "including", "among", "with", "by", "toward"})

# prepositions of a setting: "in Sudan, the military removed Bashir"
SETTING_PREPS = frozenset({"in", "across", "inside", "throughout", "within", "around"})

# magnitudes of an amount, never the end of a name ("Apple 1.8 billion")
AMOUNT_WORDS = frozenset({"million", "billion", "trillion"})

# fewer sentences than this make a one-line report: the rules for short texts apply
SHORT_TEXT = 8
# a story names the state it is about at least this often (see ActorRegistry.home_state)
HOME_MIN_MENTIONS = 3


@functools.lru_cache(maxsize=1)
def credit_sentence() -> re.Pattern[str]:
    """The sentences that credit a news story's reporters (``layout.yaml``)."""
    patterns = loader.yaml_data("layout.yaml").get("credit_sentences") or []
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)", re.I)


@dataclass
class SectionDoc:
    """One section of an analysis and its parsed Doc."""

    heading: str
    doc: Doc
    offset: int = 0  # where this doc starts in the section text (long sections are chunked)
    token_actor: dict[int, str] = field(default_factory=dict)
    _by_orth: dict[int, list[int]] | None = field(default=None, repr=False)
    _credits: frozenset[int] | None = field(default=None, repr=False)

    def in_credit(self, i: int) -> bool:
        """Is token ``i`` in a sentence crediting the story's reporters?"""
        if self._credits is None:
            pattern = credit_sentence()
            self._credits = frozenset(
                t.i for sent in doc_sents(self.doc) if pattern.search(span_text(sent)) for t in sent
            )
        return i in self._credits

    def tokens_spelling(self, text: str) -> list[int]:
        """Indices of the tokens written exactly ``text`` (an index built on first use).

        The index is keyed by the hash spaCy keeps of each token's text (``ORTH``),
        read as one array: no Token object is made for the doc's tokens."""
        if self._by_orth is None:
            self._by_orth = {}
            for i, orth in enumerate(self.doc.to_array("ORTH").tolist()):
                self._by_orth.setdefault(orth, []).append(i)
        return self._by_orth.get(hash_string(text), [])


# sentences of a longer text in which a bare collective must be a party to be a group
RECURRING_SENTENCES = 2


@dataclass
class _Entry:
    actor: Actor
    order: int


class ActorRegistry:
    """The actors of one analysis and which tokens name them."""

    def __init__(self, analysis: Analysis, sections: list[SectionDoc]) -> None:
        self.analysis = analysis
        self.sections = sections
        self.entries: dict[str, _Entry] = {}
        self.officials: set[str] = set()  # people named with an office ("Judge Erick Garcia")
        # group id -> the actor it was folded into ("militants" -> al-Shabaab)
        self.folded: dict[str, str] = {}
        self.surnames: dict[str, str] = {}
        # people introduced as commentators ("security analyst X"): no party in news
        self.commentators: set[str] = set()
        # unknown places named as a party ("ties with Gondor"): actors in one-line reports
        self.places: set[str] = set()
        self.acting_places: set[str] = set()  # "Gazprom cut gas": the doer is kept anyway
        # mentions of states as a setting ("attacks in Turkey"): (section, start) as in
        # their Mention
        self.settings: dict[str, set[tuple[str, int]]] = {}
        # actors named at least once as more than a modifier ("Doha talks" is weak)
        self.strong: set[str] = set()
        # bodies that are the subject of an act ("the ACLU sued"), not only of a
        # statement ("the ACLU said"): named once in news, they still count
        self.acting: set[str] = set()
        # common nouns a person is introduced by ("journalist Mech Dara", "Kiprono, an
        # activist") -> that person; None when two people share the noun
        self.titles: dict[str, str | None] = {}
        # per person found by NER: is each mention place-like ("in Ghazni", "Kakuma
        # camps")? A name that is only ever so is a place
        self.place_like: dict[str, list[bool]] = {}
        outlets, layout = outlet_names()
        self.excluded = outlets | layout
        for value in (analysis.lens, analysis.source.name, analysis.type):
            if value:
                self.excluded.add(lexicon.normalise(value))
        self._demonyms = self._demonym_index()
        # "Melissa" after "Hurricane Melissa" is the storm again
        self.things = {name for sec in sections for name in _thing_names(sec.doc)}
        # bodies of one state that this analysis names as another's ("Zambia's Supreme
        # Court"): their bare name ("the Supreme Court") is then that other body too
        # (the gazetteer matches found so, by doc and token range, read again below)
        self._foreign_spans = {
            (id(span.doc), span.start, span.end): span.label_
            for sec in sections
            for span in sec.doc.spans[SPAN_KEY]
            if _another_states_body(span, lexicon.gazetteer_index()[span.label_])
        }
        self.foreign_owned = set(self._foreign_spans.values())
        for sec in sections:
            self._advocacy_names(sec)  # before the demonym "Georgians" names a state
            self._gazetteer_mentions(sec)
        # a one-line report (fewer than SHORT_TEXT sentences) names little-known states
        # by nationality alone ("Gondorian troops"); in a longer story such unknown
        # words are parties, regions or creeds ("Baath", "Central European")
        short = sum(len(doc_sents(sec.doc)) for sec in sections) < SHORT_TEXT
        self.short = short
        # names NER tags as a person somewhere: the same name tagged otherwise is him
        self.person_names = {
            lexicon.normalise(core.text)
            for sec in sections
            for e in doc_ents(sec.doc)
            if e.label_ == "PERSON" and (core := _trim(e)) is not None
        }
        for sec in sections:
            self._ner_mentions(sec)
            self._party_names(sec)
            self._unknown_nationals(sec, new_states=short)
        self._short_names()
        self._head_names()
        self._demonym_names()
        self._acronyms()
        self._surnames_alone()
        for sec in sections:
            self._group_mentions(sec)

    # -- building ---------------------------------------------------------
    def _demonym_index(self) -> frozenset[str]:
        return demonym_forms()

    def add(
        self,
        actor_id: str,
        label: str,
        kind: str,
        sec: SectionDoc,
        span: Span,
        wikidata: str | None = None,
    ) -> str:
        """Record a mention of an actor (creating it on first sight); returns its id.

        An id the gazetteer knows takes the gazetteer's label, kind and Wikidata id,
        whatever NER made of the name ("Boko Haram's" tagged as a person).
        """
        known = lexicon.gazetteer_index().get(actor_id)
        if known is not None:
            label, kind, wikidata = known.label, known.kind, known.wikidata
        entry = self.entries.get(actor_id)
        if entry is None:
            entry = _Entry(Actor(id=actor_id, label=label, kind=kind, wikidata=wikidata), 0)
            entry.order = len(self.entries)
            self.entries[actor_id] = entry
        actor = entry.actor
        text = span.text
        if text not in actor.aliases and text != actor.label:
            actor.aliases.append(text)
        if kind != "State" or actor_id not in lexicon.gazetteer_index():
            if kind in {"Group", "Person"} or not _modifier_only(span):
                self.strong.add(actor_id)
        mention = Mention(
            sec.heading, sec.offset + span.start_char, sec.offset + span.end_char, text
        )
        if all((m.section, m.start) != (mention.section, mention.start) for m in actor.mentions):
            actor.mentions.append(mention)
        for token in span:
            sec.token_actor.setdefault(token.i, actor_id)
        if kind in {"Organization", "Group"} and _acts(span):
            self.acting.add(actor_id)
        if kind == "Person":
            nouns = _title_nouns(span)
            if _office_titled(span, nouns):
                self.officials.add(actor_id)
            for noun in nouns:
                known_as = self.titles.setdefault(noun, actor_id)
                if known_as not in (actor_id, None):
                    self.titles[noun] = None
        return actor_id

    def _gazetteer_mentions(self, sec: SectionDoc) -> None:
        index = lexicon.gazetteer_index()
        table = lexicon.alias_table()
        outlets = [(e.start, e.end) for e in doc_ents(sec.doc) if self._excluded(e.text)]
        for span in sec.doc.spans[SPAN_KEY]:
            entry = index[span.label_]
            if self._is_group_np(span) or sec.in_credit(span.start):
                continue
            forms = {k for e, k in table.get(lexicon.normalise(span.text), []) if e.id == entry.id}
            if entry.kind != "State" and (_inside_longer_entity(span) or _inside_joined_org(span)):
                continue  # "Rep. Marcus Ortega" is not Daniel Ortega
            if "demonym" in forms and _opens_org_name(span):
                continue  # "American Civil Liberties Union" is no part of the United States
            if forms == {"demonym"} and _ends_longer_people_name(span):
                continue  # "Latin American capitals" are not American
            if forms == {"metonym"} and _locative(span) and _seat_of(span) is None:
                continue  # "meeting in Vienna" names a place, not Austria's government
            if any(a <= span.start and span.end <= b and b - a > len(span) for a, b in outlets):
                continue  # "Voice of America" is an outlet, no part of the United States
            if entry.kind == "Person" and self._unintroduced(span, entry):
                continue  # "Second Thomas Reef" is no Tillman Thomas
            if entry.kind == "State" and _based_in(span):
                continue  # "The Hague-based court", "a Kenya-based group": a place
            if entry.kind == "State" and _of_a_named_place(span):
                continue  # "the Gulf of Guinea", "the Sea of Japan": part of a place's name
            if (id(span.doc), span.start, span.end) in self._foreign_spans or self._bare_foreign(
                span, entry
            ):
                continue  # "Zambia's Supreme Court" is not the U.S. Supreme Court
            self.add(entry.id, entry.label, entry.kind, sec, span, entry.wikidata)
            if entry.kind == "State" and _locative(span):
                where = (sec.heading, sec.offset + span.start_char)
                self.settings.setdefault(entry.id, set()).add(where)
            if not _modifier_only(span):
                self.strong.add(entry.id)
            if entry.kind == "Person":
                self._add_surname(entry.label.split()[-1], entry.id)
                for alias in entry.aliases:  # family name first: "Kim" of "Kim Jong Un"
                    if " " not in alias and alias == entry.label.split()[0]:
                        self._add_surname(alias, entry.id)

    def _unintroduced(self, span: Span, entry: lexicon.GazetteerEntry) -> bool:
        """Is a common surname of a known person ("Thomas", "Garcia", "Young") used
        with no title before it and no fuller name of that person in the analysis?"""
        if span.text not in entry.ambiguous:
            return False
        if span.start > 0 and span.doc[span.start - 1].lower_ in TITLE_WORDS:
            return False
        fuller = [entry.label, *(a for a in entry.aliases if " " in a)]
        return not any(name in sec.doc.text for name in fuller for sec in self.sections)

    def _owned_by_another_state(self, span: Span, entry: lexicon.GazetteerEntry) -> bool:
        """Is this name of a state's body another state's here: owned by it, or its
        bare ambiguous form in an analysis that names that other state's body?"""
        return self._bare_foreign(span, entry) or _another_states_body(span, entry)

    def _bare_foreign(self, span: Span, entry: lexicon.GazetteerEntry) -> bool:
        """Is the span the bare ambiguous form ("the Supreme Court") of a body this
        analysis names as another state's?"""
        return entry.id in self.foreign_owned and lexicon.normalise(span.text) in {
            lexicon.normalise(a) for a in entry.ambiguous
        }

    def _is_group_np(self, span: Span) -> bool:
        """A demonym used as a modified plural noun ("ordinary Iranians") is a group."""
        head = span[-1]
        if head.tag_ not in {"NNPS", "NNS"} and not head.text.endswith("s"):
            return False
        if lexicon.normalise(span.text) not in self._demonyms:
            return False
        mods = [c for c in head.lefts if c.dep_ in {"amod", "compound"} and c.i < span.start]
        drop = group_lexicon()["drop_modifiers"]
        return any(m.lower_ not in drop for m in mods)

    def _ner_mentions(self, sec: SectionDoc) -> None:
        people = {e for e in doc_ents(sec.doc) if self._person_elsewhere(e)}
        ents = [
            e
            for e in doc_ents(sec.doc)
            if e.label_ in {"ORG", "PERSON"} or e in people or _acting_place(e) or _party_place(e)
        ]
        joined = [(e, _extend_org(_trim(e) or e)) for e in ents if e.label_ == "ORG"]
        for ent in ents:
            core = _trim(ent) or ent  # "The U.N. Office" is inside "U.N. Office for the..."
            if ent.label_ == "ORG" and any(
                other is not ent and j.start <= core.start and core.end <= j.end
                for other, j in joined
            ):
                continue  # the left part of a name joined at "and"/"for"/"of"
            if any(t.i in sec.token_actor for t in ent) or sec.in_credit(ent.start):
                continue
            span = _trim(ent)
            if span is None or _is_credit(span):
                continue
            outlet = lexicon.normalise(span.text) in self.excluded and _coerced(span)
            if self._excluded(span.text) and not outlet:
                continue  # an outlet that reports is no actor; one suspended or banned is
            if self._outlets_own(span):
                continue  # "VOA's Bosnian Service": a desk of the outlet
            if _names_a_thing(span) or lexicon.normalise(span.text) in self.things:
                continue  # "Montreux Convention", "AI Act", "Strait of Hormuz", "COVID-19"
            person = ent.label_ == "PERSON" or ent in people
            if not person and _party_place(ent) and not _acting_place(ent):
                if not _locative(span) or _acting_seat(span):  # not "a trial in New York"
                    self.places.add(self._organization(sec, span))
                continue
            if not person:
                span = _extend_org(span)
                if not outlet and (
                    not _plausible_org(span)
                    or (len(span) == 1 and _locative(span) and not _acting_seat(span))
                ):
                    continue  # (an outlet's name is a name, acronym or not: "the BBC")
                if len(span) == 1 and span[0].lower_ in group_lexicon()["collectives"]:
                    if span[0].is_sent_start:  # "Households are paying": a group, not a name
                        self.add_group(sec, span[0], span[0].lower_)
                        continue
            if self._known_people_joined(sec, span):
                continue  # "Duterte and Suga spoke": two people, not one body
            parts = _joined_names(span) if ent.label_ in {"ORG", "GPE"} and not person else []
            if parts:  # "Gondor and Rohan signed": two parties, not one body
                for part in parts:
                    actor_id = self._organization(sec, part)
                    if _place_name(ent):
                        self.acting_places.add(actor_id)
                continue
            if person:
                self._person(sec, span)
            else:
                actor_id = self._organization(sec, span)
                if _place_name(ent):
                    self.acting_places.add(actor_id)

    def _person_elsewhere(self, ent: Span) -> bool:
        """Is a name NER tags as a place or body here one it tags as a person elsewhere
        in the analysis ("Gachagua's lawyers" after "Gachagua was convicted")?"""
        if ent.label_ not in {"GPE", "ORG", "NORP", "LOC", "FAC"}:
            return False
        core = _trim(ent)
        if core is None:
            return False
        key = lexicon.normalise(core.text)
        return key in self.person_names and key not in lexicon.alias_table()

    def _unknown_nationals(self, sec: SectionDoc, *, new_states: bool) -> None:
        """A nationality the gazetteer does not know, modifying a state's role ("the
        Arnorian president", "Gondorian troops"), names that state: an actor; its
        people named as a plural noun ("thousands of Gondorians protested") are a
        group. An unlisted form of a known state's demonym ("Djiboutian soldiers") is
        that state anywhere; a new state or group only with ``new_states``."""
        lex = group_lexicon()
        table = agents()
        for ent in doc_ents(sec.doc):
            root = ent.root
            head = root.head
            if (
                ent.label_ != "NORP"
                or any(t.i in sec.token_actor for t in ent)
                or lexicon.normalise(ent.text) in lexicon.alias_table()
                or self._excluded(ent.text)
            ):
                continue
            if root.tag_ == "NNPS" or (root.tag_ == "NNS" and root.is_title):
                if new_states and root.dep_ in SUBJECTS_AND_OBJECTS:
                    self.add(slug(ent.text, default="actor"), ent.text, "Group", sec, ent)
                continue
            if root.dep_ not in {"amod", "compound", "nmod"}:
                continue
            role = table.get(head.lower_) or table.get(head.lemma_.lower())
            state_role = _lemma_in(head, lex["state_roles"])
            if state_role or (role is not None and role.state):
                known = _state_of_variant(ent.text)  # "Somalian", "Djiboutian"
                if known is not None:
                    self.add(known.id, known.label, known.kind, sec, ent, known.wikidata)
                    continue
                if not new_states:
                    continue
                actor_id = self.add(slug(ent.text, default="actor"), ent.text, "State", sec, ent)
                self.strong.add(actor_id)

    def _known_people_joined(self, sec: SectionDoc, span: Span) -> bool:
        """Is the entity people named before, joined by "and" ("Duterte and Suga")? Each
        part is then recorded as a mention of its person."""
        cuts = [t.i for t in span if t.lower_ == "and"]
        if not cuts:
            return False
        bounds = [span.start, *cuts, span.end]
        parts = [sec.doc[a + (a != span.start) : b] for a, b in itertools.pairwise(bounds)]
        if any(len(p) == 0 for p in parts):
            return False
        known = [self.surnames.get(surname_key(p[-1].text)) for p in parts]
        if not all(known):
            return False
        for part, actor_id in zip(parts, known, strict=True):
            actor = self.entries[str(actor_id)].actor
            self.add(str(actor_id), actor.label, actor.kind, sec, part)
        return True

    def _party_names(self, sec: SectionDoc) -> None:
        """Unknown proper names that a party verb acts on or through ("fined Zalando",
        "Tesla sued the agency"), and acronyms that act or own ("the KDP accused",
        "the PKK's demands"): organisations, whatever NER made of them."""
        verbs = group_lexicon()["party_verbs"]
        doc = sec.doc
        for i, (_, tag, _) in enumerate(pos_tag_dep(doc)):
            if tag not in _PROPER_TAGS or i in sec.token_actor:
                continue  # (read from the tag ids: no Token made for other words)
            token = doc[i]
            if token.ent_type_ in _NOT_PARTIES:
                continue
            if not (
                token.dep_ in {"dobj", "nsubj", "nsubjpass"} and token.head.lemma_.lower() in verbs
            ) and not _acting_acronym(token):
                continue
            start = token.i
            while (
                start > 0
                and sec.doc[start - 1].dep_ == "compound"
                and (sec.doc[start - 1].tag_ in {"NNP", "NNPS"})
            ):
                start -= 1
            span = sec.doc[start : token.i + 1]
            if self._excluded(span.text) or _names_a_thing(span):
                continue
            if any(t.i in sec.token_actor for t in span):
                continue
            self._organization(sec, span)

    def _advocacy_names(self, sec: SectionDoc) -> None:
        """Names of campaign groups that NER reads as a demonym: "Georgians for Fair
        Play", "Americans for Prosperity", "Citizens for Clean Water"."""
        doc = sec.doc
        lowers = doc.to_array("LOWER").tolist()
        for i in range(len(doc) - 2):
            if lowers[i + 1] != _FOR:
                continue  # (read from the word ids: no Token made for words not before "for")
            token = doc[i]
            if token.i in sec.token_actor or not token.is_title:
                continue
            if not (token.ent_type_ == "NORP" or token.tag_ in {"NNPS", "NNS"}):
                continue
            after = doc[token.i + 1]
            if after.lower_ != "for" or not doc[token.i + 2].is_title:
                continue
            end = token.i + 2
            while end < len(doc) and (
                doc[end].is_title
                or (
                    doc[end].lower_ in {"and", "of", "the", "&"}
                    and end + 1 < len(doc)
                    and doc[end + 1].is_title
                )
            ):
                end += 1
            span = doc[token.i : end]
            if not any(t.i in sec.token_actor for t in span) and not self._excluded(span.text):
                self._organization(sec, span)

    def _short_names(self) -> None:
        """Resolve the short name of an organisation named in full elsewhere in the
        analysis ("Korvane" after "Korvane Data Systems") to that organisation."""
        generic = group_lexicon()["generic_name_words"]
        full: dict[str, list[str]] = {}
        for entry in self.entries.values():
            words = entry.actor.label.split()
            if entry.actor.kind in {"Organization", "Person"} and len(words) > 1:
                if entry.actor.kind == "Person" and entry.actor.id in lexicon.gazetteer_index():
                    continue  # known people go by their surname, handled above
                if words[0].lower() not in generic and len(words[0]) > 3:
                    full.setdefault(words[0], []).append(entry.actor.id)
        self._resolve_short_forms(
            full, may_fold=lambda actor: True, names=lambda token: token.pos_ == "PROPN"
        )

    def _demonym_names(self) -> None:
        """Fold an organisation named without its demonym ("the Communist Party") into
        the one organisation of the analysis named with it ("Chinese Communist Party")."""
        demonyms = demonym_forms()
        longer: dict[str, list[str]] = {}
        for entry in self.entries.values():
            first, _, rest = entry.actor.label.partition(" ")
            if entry.actor.kind == "Organization" and rest and lexicon.normalise(first) in demonyms:
                longer.setdefault(lexicon.normalise(rest), []).append(entry.actor.id)
        for entry in list(self.entries.values()):
            short = entry.actor
            ids = longer.get(lexicon.normalise(short.label), [])
            if short.kind == "Organization" and len(ids) == 1 and short.id in self.entries:
                if short.id not in lexicon.gazetteer_index():
                    self._merge(short.id, ids[0], names=False)

    def _head_names(self) -> None:
        """Fold a one-word body ("the Council", "the Commission") into the one body of
        the analysis whose name ends in that word ("UN Security Council")."""
        bodies = [
            e.actor
            for e in self.entries.values()
            if e.actor.kind in {"Organization", "IGO"} and len(e.actor.label.split()) > 1
        ]
        for entry in list(self.entries.values()):
            short = entry.actor
            word = _bare_name(short)
            if word is None:
                continue
            fuller = {b.id for b in bodies if b.label.split()[-1] == word and b is not short}
            if len(fuller) == 1 and short.id in self.entries:
                self._merge(short.id, fuller.pop(), names=False)

    def _acronyms(self) -> None:
        """Resolve an acronym to the body named in full elsewhere in the analysis
        ("ICE" after "Immigration and Customs Enforcement", "DHS" after "Department of
        Homeland Security"): the initials of the name's capitalised words, a token
        written in capitals. An actor NER made of the acronym alone is folded in."""
        initials: dict[str, list[str]] = {}
        for entry in self.entries.values():
            actor = entry.actor
            if actor.kind in {"Person", "State", "Group"}:
                continue
            for name in {actor.label, *(m.text for m in actor.mentions)}:
                short = acronym(name)
                if short:
                    initials.setdefault(short, []).append(actor.id)
        known = lexicon.gazetteer_index()
        by_short = {
            name: e.actor.id
            for e in self.entries.values()
            if e.actor.id in known
            for name in (e.actor.label, *e.actor.aliases)
            if name.isupper() and " " not in name
        }
        for short, ids in initials.items():
            target = by_short.get(short)
            full = ids[0]
            if target and len(set(ids)) == 1 and full not in known and full in self.entries:
                # "United Nations High Commission for Refugees": a variant spelling of
                # the known body whose acronym it has ("UNHCR")
                self._merge(full, target)
        initials = {k: [i for i in v if i in self.entries] for k, v in initials.items()}
        self._resolve_short_forms(
            initials,
            may_fold=lambda actor: actor.kind != "Person" and actor.id not in known,
            names=lambda token: token.tag_.startswith("NN"),
        )

    def _surnames_alone(self) -> None:
        """A person named in full once is named by the surname alone afterwards, even
        where NER missed it ("said Brekelmans" after "Defense Minister Ruben Brekelmans")."""
        known = lexicon.gazetteer_index()
        surnames: dict[str, list[str]] = {}
        for entry in self.entries.values():
            words = entry.actor.label.split()
            if entry.actor.kind == "Person" and len(words) > 1 and words[-1][:1].isupper():
                surnames.setdefault(words[-1], []).append(entry.actor.id)
        self._resolve_short_forms(
            surnames,
            may_fold=lambda actor: (
                actor.kind in {"Person", "Organization"} and actor.id not in known
            ),
            names=lambda token: (
                token.pos_ == "PROPN" and token.ent_type_ not in _NOT_PARTIES - {"PERSON", "NORP"}
            ),
        )

    def _resolve_short_forms(
        self,
        forms: dict[str, list[str]],
        *,
        may_fold: Callable[[Actor], bool],
        names: Callable[[Token], bool],
    ) -> None:
        """Let each short form that stands for exactly one actor (``forms``: form ->
        the ids it may stand for) name that actor: an actor labelled with the form is
        folded in when ``may_fold`` allows it, and an unclaimed token spelling the
        form is a mention when ``names`` accepts it."""
        table = {form: ids[0] for form, ids in forms.items() if len(set(ids)) == 1}
        if not table:
            return
        for actor_id in [e.actor.id for e in self.entries.values()]:
            actor = self.entries[actor_id].actor
            target = table.get(actor.label)
            if target and target != actor_id and may_fold(actor):
                self._merge(actor_id, target)
        for sec in self.sections:
            hits = sorted(
                (i, target) for form, target in table.items() for i in sec.tokens_spelling(form)
            )
            for i, target in hits:
                if i not in sec.token_actor and names(sec.doc[i]):
                    actor = self.entries[target].actor
                    self.add(target, actor.label, actor.kind, sec, sec.doc[i : i + 1])

    def merge_group_variants(self) -> dict[str, str]:
        """Fold the variants of one group into one actor; returns old id -> new id.

        A bare group ("households", "militants") is the one modified group with its
        head ("Ohio households") or the one named body that head describes ("BLA
        militants"); a population ("women and girls") is the one group of one of its
        nouns ("Afghan women"); groups of one demonym and head ("Chinese companies",
        "Chinese tech companies") are one group. With two candidates, none is chosen.
        """
        moved: dict[str, str] = {}
        described = self._described_bodies()
        for bare in self._groups():
            words = bare.label.lower().split()
            heads = [words[0], words[2]] if self._population(words) else words[-1:]
            if len(words) > 1 and heads == words[-1:]:
                continue
            fuller = [
                g.id
                for g in self._groups()
                if g is not bare and any(g.label.lower().endswith(" " + h) for h in heads)
            ]
            if len(words) == 1:
                bodies = described.get(words[-1], set()) or self._armed(described, words[0])
                if not bodies and not fuller and words[0] in group_lexicon()["fighter_nouns"]:
                    bodies = self._armed_body()
                fuller += sorted(bodies)
            if len(fuller) == 1:
                self._merge(bare.id, fuller[0])
                moved[bare.id] = fuller[0]
        demonyms = self._demonym_index()
        kinds: dict[tuple[str, str], list[Actor]] = {}
        for group in self._groups():
            words = group.label.split()
            if len(words) > 1 and lexicon.normalise(words[0]) in demonyms:
                kinds.setdefault((words[0].lower(), words[-1].lower()), []).append(group)
        for variants in kinds.values():
            main = max(variants, key=lambda g: (len(g.mentions), -len(g.label)))
            for group in variants:
                if group is not main:
                    self._merge(group.id, main.id)
                    moved[group.id] = main.id
        moved = {old: self._final(new, moved) for old, new in moved.items()}
        self.folded.update(moved)
        return moved

    def leaders_states(self) -> dict[str, str]:
        """Known office holders of this analysis -> the state they act for ("U.S.
        President Donald Trump doubled the tariffs": the United States did), where
        that state is an actor of the analysis too."""
        index = lexicon.gazetteer_index()
        out: dict[str, str] = {}
        for actor_id in self.entries:
            known = index.get(actor_id)
            if known is None or known.kind != "Person" or not known.affiliation:
                continue
            state = index.get(known.affiliation)
            if state is not None and state.kind == "State" and state.id in self.entries:
                out[actor_id] = state.id
        return out

    @staticmethod
    def _armed(described: dict[str, set[str]], noun: str) -> set[str]:
        """The bodies whose fighters a story names by any fighter noun, if ``noun`` is
        one: "the terrorists" in a story of "BLA militants" are the BLA."""
        fighters = group_lexicon()["fighter_nouns"]
        if noun not in fighters:
            return set()
        return {body for word in fighters for body in described.get(word, set())}

    def _armed_body(self) -> set[str]:
        """The armed group a story is about, as a set of none or one: the one the
        gazetteer knows as armed, or the one named at least twice as often as any
        other ("the militants" in a story of al-Shabaab's attack are al-Shabaab)."""
        index = lexicon.gazetteer_index()
        armed = [
            e.actor
            for e in self.entries.values()
            if e.actor.id in index and index[e.actor.id].armed
        ]
        armed.sort(key=lambda a: len(a.mentions), reverse=True)
        if len(armed) == 1 or (
            len(armed) > 1 and len(armed[0].mentions) >= 2 * len(armed[1].mentions)
        ):
            return {armed[0].id}
        return set()

    def _groups(self) -> list[Actor]:
        return [e.actor for e in self.entries.values() if e.actor.kind == "Group"]

    @staticmethod
    def _population(words: list[str]) -> bool:
        table = group_lexicon()["population_nouns"]
        return len(words) == 3 and words[1] == "and" and words[0] in table and words[2] in table

    @staticmethod
    def _final(actor_id: str, moved: dict[str, str]) -> str:
        while actor_id in moved:
            actor_id = moved[actor_id]
        return actor_id

    def _described_bodies(self) -> dict[str, set[str]]:
        """Plural nouns a named body modifies ("BLA militants", "Houthi rebels") ->
        the bodies: the bare noun elsewhere in the analysis means that body."""
        out: dict[str, set[str]] = {}
        for sec in self.sections:
            for i, actor_id in sec.token_actor.items():
                entry = self.entries.get(actor_id)
                token = sec.doc[i]
                head = token.head
                if (
                    entry is None
                    or entry.actor.kind != "Organization"
                    or token.dep_ != "compound"
                    or head.tag_ not in {"NNS", "NNPS"}
                    or sec.token_actor.get(head.i) == actor_id
                ):
                    continue
                out.setdefault(head.lower_, set()).add(actor_id)
        return out

    def _merge(self, source: str, target: str, *, names: bool = True) -> None:
        """Fold actor ``source`` into ``target`` (mentions, aliases, token map); with
        ``names=False`` only the words it was named by here, not its label."""
        src = self.entries.pop(source).actor
        dst = self.entries[target].actor
        carried = [src.label, *src.aliases] if names else [m.text for m in src.mentions]
        for alias in carried:
            if alias not in dst.aliases and alias != dst.label:
                dst.aliases.append(alias)
        dst.mentions.extend(src.mentions)
        dst.mentions.sort(key=lambda m: (m.section, m.start))
        if source in self.strong:
            self.strong.add(target)
        for sec in self.sections:
            for i, actor_id in list(sec.token_actor.items()):
                if actor_id == source:
                    sec.token_actor[i] = target

    def _outlets_own(self, span: Span) -> bool:
        """Is the name owned by an outlet ("VOA's Urdu Service", "BBC Persian")?"""
        doc = span.doc
        i = span.start - 1
        if i >= 0 and doc[i].tag_ == "POS":
            i -= 1
        return i >= 0 and doc[i].pos_ == "PROPN" and self._excluded(doc[i].text)

    def _excluded(self, text: str) -> bool:
        norm = lexicon.normalise(text)
        if not norm or norm in self.excluded or len(norm) < 2:
            return True
        # a name that opens with an excluded name of five letters or more and a space
        # ("reuters staff"): each word boundary of the name is one set lookup
        pos = norm.find(" ", 5)
        while pos != -1:
            if norm[:pos] in self.excluded:
                return True
            pos = norm.find(" ", pos + 1)
        return not any(ch.isalpha() for ch in text)

    def _add_surname(self, word: str, actor_id: str) -> None:
        """Let a surname stand for the person: "al-Sudani" and "Sudani" alike."""
        key = surname_key(word)
        self.surnames.setdefault(key, actor_id)
        head, dash, rest = key.partition("-")
        if dash and rest and head in name_particles():
            self.surnames.setdefault(rest, actor_id)

    def _person(self, sec: SectionDoc, span: Span) -> None:
        words = [w for w in span.text.split() if w.lower() not in TITLE_WORDS]
        if not words:
            return
        if {lexicon.normalise(w) for w in words} & group_lexicon()["organization_words"]:
            self._organization(sec, span)  # "Halvorsen Energy" tagged as a person
            return
        name = " ".join(words)
        if len(words) == 1:
            known = self.surnames.get(surname_key(words[0]))
            if known:
                entry = self.entries[known].actor
                self.add(known, entry.label, entry.kind, sec, span, entry.wikidata)
                return
        actor_id = slug(name, default="actor")
        self.add(actor_id, name, "Person", sec, span)
        self.place_like.setdefault(actor_id, []).append(_place_like(span))
        if _commentator(span):
            self.commentators.add(actor_id)
        if len(words) > 1:
            self._add_surname(words[-1], actor_id)
            if FAMILY_NAME_FIRST.fullmatch(words[-1]):  # "Lai Ching-te" is "Lai" after
                self._add_surname(words[0], actor_id)

    def _organization(self, sec: SectionDoc, span: Span) -> str:
        """Record a mention of the organisation (or known actor) a name stands for; its id."""
        table = lexicon.alias_table()
        hits = table.get(lexicon.normalise(span.text))
        chosen = choose_entry(span, hits) if hits else None
        entry = lexicon.gazetteer_index()[chosen] if chosen is not None else None
        if entry is not None and not self._owned_by_another_state(span, entry):
            # "Meta" read as ORG is no leader of that surname
            return self.add(entry.id, entry.label, entry.kind, sec, span, entry.wikidata)
        known = self.surnames.get(surname_key(span.text))
        if known:  # NER sometimes tags a surname as ORG
            entry_actor = self.entries[known].actor
            return self.add(known, entry_actor.label, entry_actor.kind, sec, span)
        label = span.text
        return self.add(slug(label, default="actor"), label, "Organization", sec, span)

    def _group_mentions(self, sec: SectionDoc) -> None:
        """Collective noun phrases named as a group wherever they appear: modified by
        a demonym ("Pakistani households") or a group modifier ("small donors")."""
        lex = group_lexicon()
        for chunk in noun_chunks(sec.doc):
            head = chunk.root
            if head.i in sec.token_actor and not self._is_group_np(chunk):
                continue
            if _is_role(head):
                continue
            label = self.group_label(head)
            if label is None or len(label.split()) < 2:
                continue
            first = lexicon.normalise(label.split()[0])
            # a nationality NER knows but the gazetteer does not ("Arnorian militants")
            unknown = any(t.ent_type_ == "NORP" and t.text == label.split()[0] for t in chunk)
            if (
                first in self._demonyms
                or label.split()[0].lower() in lex["group_modifiers"]
                or unknown
            ):
                self.add_group(sec, head, label)

    # -- groups -----------------------------------------------------------
    def group_label(self, head: Token) -> str | None:
        """The group a plural noun phrase names ("small donors"), or None."""
        lex = group_lexicon()
        lemma, lower = head.lemma_.lower(), head.lower_
        is_demonym_noun = lexicon.normalise(head.text) in self._demonyms
        if lower not in lex["collectives"] and lemma not in lex["collectives"]:
            if not (is_demonym_noun and head.tag_ in {"NNS", "NNPS"}):
                return None
        if head.tag_ not in {"NNS", "NNPS"} and lower not in lex["bare_groups"]:
            return None
        left = _chunk_start(head)
        # a participle the parser left out of the chunk: "over importing governments";
        # not a verb of the clause before its object: "killing (three) civilians"
        while (
            left - 1 >= token_sent(head).start
            and head.doc[left - 1].tag_ == "VBG"
            and not (head.dep_ == "pobj" and head.head.i == left - 1)  # "including civilians"
            and head.doc[left].pos_ not in {"DET", "NUM", "PRON"}
            and (
                head.dep_ != "dobj"
                or head.head.i != left - 1
                # "over importing governments", not "of funding Kurdish separatists"
                or (
                    head.doc[left - 1].dep_ == "pcomp"
                    and left == head.i
                    and head.doc[left - 1].head.lower_ in PARTICIPLE_PREPS
                )
            )
        ):
            if head.doc[left - 1].lower_ in lex["drop_modifiers"]:
                break
            left -= 1
        for i in range(left, head.i):  # "Ruiz's small donors" -> "small donors"
            if head.doc[i].tag_ == "POS":
                left = i + 1
        while left < head.i and (
            head.doc[left].lower_ in lex["drop_modifiers"]
            or head.doc[left].pos_
            in {"DET", "PRON", "NUM", "PUNCT", "PART", "ADV", "SCONJ", "CCONJ"}
            or head.doc[left].tag_ == "POS"
        ):
            left += 1
        numbers = [i for i in range(left, head.i) if head.doc[i].pos_ == "NUM"]
        # "shot dead two militants": an adjective of the noun before its number is no part
        # of the group's name; "over 200 hostages", "seven-point-one million" keep theirs
        if numbers and all(
            head.doc[i].dep_ == "amod" and head.doc[i].head.i == head.i
            for i in range(left, numbers[0])
        ):
            left = numbers[-1] + 1
        mods = [head.doc[i] for i in range(left, head.i)]
        # a one-line report's "killing 11 people": the people counted are a party (the
        # dead, the displaced); a longer story counts people in passing
        counted = (
            self.short
            and lower in lex["counted_nouns"]
            and any(c.dep_ == "nummod" or c.pos_ == "NUM" for c in head.children)
        )
        if (is_demonym_noun or lower in lex["generic_nouns"]) and not mods and not counted:
            return None
        if (
            mods and lower in lex["state_roles"]
        ):  # "Iranian officials", "Thai and Chinese officials"
            named = [m for m in mods if m.pos_ not in {"CCONJ", "PUNCT"}]
            # "Bosnian state prosecutors", "Nigerian federal police": an office word
            # between the demonym and the role leaves it the state's
            offices = lex["office_modifiers"]
            states = [m for m in named if m.lower_ not in offices]
            if states and all(
                lexicon.normalise(m.text) in self._demonyms or m.ent_type_ for m in states
            ):
                return None
        text = head.doc[left : head.i + 1].text
        if head.doc[left].ent_type_ not in {"NORP", "GPE", "ORG"} and not head.doc[left].is_title:
            text = text[0].lower() + text[1:] if text[:2] != text[:2].upper() else text
        elif head.doc[left].is_sent_start and head.doc[left].pos_ != "PROPN":
            first = head.doc[left]  # "Kurdish militias attacked": a nationality keeps its capital
            if lexicon.normalise(first.text) not in self._demonyms and first.ent_type_ != "NORP":
                text = text[0].lower() + text[1:]
        return text

    def add_group(self, sec: SectionDoc, head: Token, label: str) -> str:
        """Record a group actor named by the noun phrase ending in ``head``."""
        start = head.i - (len(label.split()) - 1)
        span = head.doc[max(start, token_sent(head).start) : head.i + 1]
        if lexicon.normalise(span.text) != lexicon.normalise(label):
            span = head.doc[head.i : head.i + 1]
        for token in span:
            sec.token_actor.pop(token.i, None)
        group_id = slug(label, default="actor")
        target = self.entries.get(self.folded.get(group_id, ""))
        if target is not None:  # found again after its variants were folded
            return self.add(target.actor.id, target.actor.label, target.actor.kind, sec, span)
        return self.add(group_id, label, "Group", sec, span)

    def parties_named(self) -> None:
        """In a one-line report, name as a group every collective that acts or is
        acted on and no actor covers ("freeing thousands of inmates"): such a report
        names no one in passing. Called once the claims are read, so that no rule
        finds these groups in place of the body or state they belong to."""
        if not self.short:
            return
        for sec in self.sections:
            for chunk in noun_chunks(sec.doc):
                head = chunk.root
                if any(t.i in sec.token_actor for t in chunk) or _is_role(head):
                    continue
                if self._body_of_members(sec, head):
                    continue  # "members of Congress" are Congress
                label = self.group_label(head)
                if label is not None and _party_of_clause(head):
                    self.add_group(sec, head, label)

    def recurring_parties(self, min_sentences: int = RECURRING_SENTENCES) -> None:
        """In a longer text, name as a group a bare collective ("passengers", "donors")
        that acts or is acted on in ``min_sentences`` sentences or more and that no
        actor covers: a story that keeps coming back to it makes it a party, where a
        collective named once is named in passing."""
        if self.short:
            return
        lex = group_lexicon()
        hits: dict[str, list[tuple[SectionDoc, Token]]] = {}
        for sec in self.sections:
            for chunk in noun_chunks(sec.doc):
                head = chunk.root
                noun = head.lower_
                if noun not in lex["bare_groups"] or head.tag_ not in {"NNS", "NNPS"}:
                    continue
                if any(t.i in sec.token_actor for t in chunk) or not _party_of_clause(head):
                    continue
                if self._body_of_members(sec, head) or self.group_label(head) is None:
                    continue
                hits.setdefault(noun, []).append((sec, head))
        labels = [e.actor.label.lower() for e in self.entries.values()]
        described = self._described_bodies()
        for noun, found in hits.items():
            sentences = {(id(sec), token_sent(head).start) for sec, head in found}
            if len(sentences) < min_sentences or noun in labels:
                continue
            if any(label.endswith(" " + noun) for label in labels) or described.get(noun):
                continue  # "civilian passengers", "BLA militants" name them already
            if noun in lex["fighter_nouns"] and self._armed_body():
                continue  # the story's armed group
            for sec, head in found:
                self.add_group(sec, head, noun)

    def _body_of_members(self, sec: SectionDoc, token: Token) -> str | None:
        """The body whose members a noun names ("members of Congress", "fighters of
        Hamas", "a commander of the Clan del Golfo cartel"), or None."""
        if not _lemma_in(token, group_lexicon()["member_nouns"]):
            return None
        names = [  # the "of" phrase as parsed, with the name in front of its noun
            name
            for prep in token.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for obj in prep.children
            for name in [obj, *(t for t in obj.children if t.dep_ == "compound")]
        ]
        doc = token.doc
        if token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "of":
            after = doc[token.i + 2]  # read off the words too: the parser may hang "of
            if after.lower_ == "the" and after.i + 1 < len(doc):  # Congress" on the verb
                after = doc[after.i + 1]
            names.append(after)
        for name in names:
            entry = self.entries.get(sec.token_actor.get(name.i, ""))
            if entry is not None and entry.actor.kind in {"Organization", "IGO"}:
                return entry.actor.id
        return None

    # -- lookup -----------------------------------------------------------
    def population(self, sec: SectionDoc, token: Token) -> str | None:
        """One group for people of an age or sex joined by "and" ("women and girls",
        "women and children"): news names such a population as a whole; "workers and
        customers" stay two parties. None for anything else."""
        lex = group_lexicon()["population_nouns"]
        doc = token.doc
        end = token.i + 2
        if (
            end >= len(doc)
            or doc[token.i + 1].lower_ != "and"
            or doc[end] not in token.conjuncts
            or token.i in sec.token_actor
            or doc[end].i in sec.token_actor
        ):
            return None
        for word in (token, doc[end]):
            if word.tag_ != "NNS" or not _lemma_in(word, lex):
                return None
        if any(c.dep_ in {"amod", "compound", "poss"} for c in token.children):
            return None
        return self.add_group(sec, doc[end], f"{token.lower_} and {doc[end].lower_}")

    def actor_of(self, sec: SectionDoc, token: Token, *, make_group: bool = True) -> str | None:
        """The actor a token names, looking through modifiers, possessives and groups."""
        if token.i in sec.token_actor:
            return sec.token_actor[token.i]
        lex = group_lexicon()
        if _lemma_in(token, lex["quantity_nouns"]):
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in prep.children:
                        if obj.dep_ == "pobj" and obj.tag_ in {"NNS", "NNPS"}:
                            return self.actor_of(sec, obj, make_group=make_group)
        body = self._body_of_members(sec, token)
        if body is not None:
            return body
        is_role = _lemma_in(token, lex["state_roles"])
        agent = self._agent_of_role(sec, token, is_role)
        if agent is not None:
            return agent
        if _bare_home_role(token) and self.home_state is not None:
            if self.short and self._in_own_clause(sec, token, self.home_state):
                return None  # "the junta expelled France's ambassador": not France's junta
            return self.home_state
        if make_group and token.tag_ in {"NNS", "NNPS"}:
            label = self.group_label(token)
            # "Ruiz's small donors", "importing governments" are groups of their own;
            # a bare role ("officials") or a state's role ("Iranian officials") is not
            if label is not None and (not is_role or _group_of_role(token, label)):
                return self.add_group(sec, token, label)
        for child in token.children:
            if child.dep_ == "poss" and child.i in sec.token_actor:
                return sec.token_actor[child.i]
        if _lemma_in(token, lex["state_roles"]):
            for child in token.children:
                if child.dep_ in {"amod", "compound", "nmod"} and child.i in sec.token_actor:
                    return sec.token_actor[child.i]
        for child in token.children:
            if child.dep_ == "compound" and child.i in sec.token_actor:
                actor = self.entries[sec.token_actor[child.i]].actor
                if actor.kind in {"Organization", "Person", "IGO"}:
                    return actor.id
        if make_group:
            label = self.group_label(token)
            if label is not None:
                return self.add_group(sec, token, label)
        return self._titled(token)

    def _in_own_clause(self, sec: SectionDoc, token: Token, actor_id: str) -> bool:
        """Is the actor a party of the clause of ``token`` (named in the subtree of its
        verb, other than as the setting: "In Sudan, the military removed Bashir")?"""
        verb = token.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head is not verb:
            verb = verb.head
        return any(
            sec.token_actor.get(t.i) == actor_id and not _in_setting(t, verb)
            for t in verb.subtree
            if t is not token
        )

    @functools.cached_property
    def home_state(self) -> str | None:
        """The state a story is about: the one named most, at least three times and
        twice as often as any other (in a one-line report, the one state it names);
        None when no state stands out."""
        counts = sorted(
            (
                (len({(m.section, m.start) for m in e.actor.mentions}), e.actor.id)
                for e in self.entries.values()
                if e.actor.kind == "State"
            ),
            reverse=True,
        )
        if self.short and len(counts) == 1:
            return counts[0][1]  # "riot police dispersed them" in a report about Georgia
        if not counts or counts[0][0] < HOME_MIN_MENTIONS:
            return None
        if len(counts) > 1 and counts[0][0] < 2 * counts[1][0]:
            return None
        return counts[0][1]

    def _titled(self, token: Token) -> str | None:
        """The person "the journalist" or "the activist" stands for: the one person the
        analysis introduced by that noun ("Cambodian journalist Mech Dara")."""
        if token.tag_ != "NN" or not any(
            c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in token.children
        ):
            return None
        return self.titles.get(token.lemma_.lower())

    def _agent_of_role(self, sec: SectionDoc, token: Token, is_role: bool) -> str | None:
        """The named actor behind a role noun of news (Phoenix agents): "Hamas
        fighters", "NATO troops" -> the organisation; "Kenyan court", "Israeli
        troops" -> the state, when the role is a state's ("Kenyan rebels" is not)."""
        if token.pos_ not in {"NOUN", "PROPN"}:
            return None
        table = agents()
        entry = table.get(token.lower_) or table.get(token.lemma_.lower())
        members = group_lexicon()["member_nouns"]
        member = _lemma_in(token, members)
        if entry is None and not is_role and not member:
            return None
        seat = self._seated_government(sec, token)
        if seat is not None:
            return seat
        offices = group_lexicon()["office_modifiers"]
        modifiers = [
            grand  # "Croatian state prosecutors": the demonym hangs on "state"
            for child in token.children
            for grand in [child, *(child.children if child.lower_ in offices else [])]
        ]
        for child in modifiers:
            if child.dep_ not in {"compound", "amod", "nmod"} or child.i not in sec.token_actor:
                continue
            actor = self.entries[sec.token_actor[child.i]].actor
            if actor.kind == "State" and (is_role or (entry is not None and entry.state)):
                return actor.id
            if actor.kind in {"Organization", "IGO"} and (entry is not None or member):
                return actor.id
        return None  # "members of the U.S. Senate": actor_of asks _body_of_members first

    def _seated_government(self, sec: SectionDoc, token: Token) -> str | None:
        """The state whose office ``token`` is, named after "in" ("police in Kenya"); in
        a one-line report, also a name the gazetteer does not know ("police in Arnor")."""
        kinds = {"State", "Organization"} if self.short else {"State"}
        seats = group_lexicon()["seat_roles"]
        if not _lemma_in(token, seats):
            return None
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ != "in":
                continue
            for obj in prep.children:
                actor_id = sec.token_actor.get(obj.i) if obj.dep_ == "pobj" else None
                if actor_id is not None and self.entries[actor_id].actor.kind in kinds:
                    return actor_id
        return None

    def actors(
        self,
        keep: set[str] | frozenset[str] = frozenset(),
        *,
        min_mentions: int = 1,
        modifier_states: bool = False,
    ) -> list[Actor]:
        """The actors in order of first mention; an actor named only as a modifier
        ("Dutch equipment", "the Senate race") is left out unless it is in ``keep``
        (e.g. it holds a claim) or, with ``modifier_states``, is a known actor of
        the gazetteer or a named body (in a one-line report, "Chinese vessels" is
        about China, "Houthi positions" about the Houthis and "Frontier Corps
        personnel" about the corps). With ``min_mentions`` > 1, a person
        or organisation found only by NER and named fewer times, holding no claim,
        is a passing mention (a news story quotes many names in passing) and is
        left out too."""
        entries = sorted(self.entries.values(), key=lambda e: e.order)
        known = lexicon.gazetteer_index()
        out = []
        for e in entries:
            a = e.actor
            if a.id in keep or (
                modifier_states and (a.id in known or a.kind in {"Organization", "IGO"})
            ):
                out.append(a)
            elif a.id in self.places and a.id not in self.acting_places:
                continue  # in a longer text, an unknown place that holds no claim is a setting
            elif a.kind == "Person" and a.id not in known and self._used_as_place(a.id):
                continue  # "in Ghazni province", "Kakuma camps": a place NER took for a person
            elif a.id in self.strong:
                if min_mentions > 1 and a.id in self.commentators:
                    continue  # quoted for comment in a news story
                if min_mentions > 1 and self._only_setting(a):
                    continue  # a news story's state named only as where things happen
                # a group named once ("working Americans") is as passing as a name
                passing = a.kind in {"Person", "Organization"} and a.id not in known
                passing = (passing or a.kind == "Group") and a.id not in self.acting
                passing = passing and a.id not in self.officials
                if not passing or len({(m.section, m.start) for m in a.mentions}) >= min_mentions:
                    out.append(a)
        return out

    def _used_as_place(self, actor_id: str) -> bool:
        """Is a name NER took for a person used as a place in most of its mentions?"""
        uses = self.place_like.get(actor_id, [])
        return bool(uses) and sum(uses) * 2 > len(uses)

    def _only_setting(self, actor: Actor) -> bool:
        """Is every mention of the actor a setting ("in Turkey", "across Syria")?"""
        places = self.settings.get(actor.id, set())
        return bool(places) and all((m.section, m.start) in places for m in actor.mentions)

    def get(self, actor_id: str) -> Actor | None:
        entry = self.entries.get(actor_id)
        return entry.actor if entry else None

    def to_dicts(self) -> list[dict[str, Any]]:
        return [a.to_dict() for a in self.actors()]


def surname_key(word: str) -> str:
    """A surname as looked up: lower case, typographic apostrophes made plain."""
    return word.lower().replace("\u2019", "'").replace("\u2018", "'")


# prepositions after which "<participle> <plural>" is a group ("over importing
# governments"), not an act ("by denying migrants", "with terrorizing residents")
PARTICIPLE_PREPS = {"over", "among", "between", "against", "from", "to"}

ACRONYM_SKIP = {"of", "and", "for", "the", "on", "in", "to", "&"}


def acronym(label: str) -> str | None:
    """The acronym of a multiword name, from the initials of its capitalised words
    ("Immigration and Customs Enforcement" -> "ICE"); None for names of one word or
    with a word that is neither capitalised nor a joining word."""
    words = label.replace("-", " ").split()
    letters = []
    for word in words:
        if word.lower() in ACRONYM_SKIP:
            continue
        if not word[:1].isupper():
            return None
        letters.append(word[0])
    return "".join(letters) if len(letters) >= 2 else None


LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "around"}
DIRECTIONAL = {"from", "to", "into", "toward", "towards"}


_FOR = hash_string("for")
# the fine tags of proper nouns, as spaCy's ids
_PROPER_TAGS = frozenset({hash_string("NNP"), hash_string("NNPS")})

# NER labels that say a name is no party at all
_NOT_PARTIES = {
    "PERSON",
    "NORP",
    "DATE",
    "TIME",
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "CARDINAL",
    "ORDINAL",
    "LAW",
    "EVENT",
    "WORK_OF_ART",
    "LANGUAGE",
    "PRODUCT",
}


def _state_of_variant(word: str) -> lexicon.GazetteerEntry | None:
    """The known state an unlisted form of its demonym names ("Somalian" -> Somalia,
    "Djiboutian" -> Djibouti): the word less a demonym ending is one of its names."""
    table = lexicon.alias_table()
    key = lexicon.normalise(word)
    for ending in ("ian", "an", "n", "ese", "i"):
        if not key.endswith(ending) or len(key) - len(ending) < 3:
            continue
        stem = key[: -len(ending)]
        for form in (stem, stem + "a", stem + "ia"):
            states = {e.id: e for e, _ in table.get(form, []) if e.kind == "State"}
            if len(states) == 1:
                return next(iter(states.values()))
    return None


def _bare_name(actor: Actor) -> str | None:
    """The one word a body is named by here, if it is only ever named so: "Council"
    for an unknown "Council", or "Commission" for the European Commission when the
    analysis says only "the Commission" (a Zambian story's commission is its own)."""
    if actor.kind not in {"Organization", "IGO"}:
        return None
    texts = {_trim_the(m.text) for m in actor.mentions}
    if len(texts) != 1:
        return None
    word = texts.pop()
    if " " in word or not word.istitle():
        return None
    if word != actor.label and actor.label.split()[-1] != word:
        return None
    return word


def _trim_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def _place_like(span: Span) -> bool:
    """Is a name used as a place: after "in" or the like, or modifying a common noun
    that is not a person's own ("Kakuma camps", not "the Milei government")?"""
    root = span.root
    if _locative(span):
        return True
    places = group_lexicon()["place_heads"]
    named = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None
    if root.dep_ == "appos":
        named = root.head  # "the islands, Diego Garcia,", "its port, Bandar Abbas"
        named = next((c for c in _children_of(named, "pobj")), named)
    if named is not None and _lemma_in(named, places):
        return True  # "the Iranian port of Bandar Abbas", "the town of Sderot"
    if root.dep_ == "conj" and root.head.dep_ in {"compound", "nmod"}:
        root = root.head  # "Dadaab and Kakuma camps"
    head = root.head
    return (
        root.dep_ in {"compound", "nmod"}
        and head.pos_ == "NOUN"
        and head.lower_ not in group_lexicon()["personal_heads"]
        and head.lemma_.lower() not in group_lexicon()["personal_heads"]
    )


def _children_of(token: Token, dep: str) -> list[Token]:
    """The token's children of one dependency, through a preposition ("one of the
    islands" -> "islands")."""
    return [g for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == dep]


def _of_a_named_place(span: Span) -> bool:
    """Does the name end a place's name after "of" ("Gulf of Guinea", "Sea of Japan")?"""
    doc = span.doc
    return (
        span.start >= 2
        and doc[span.start - 1].lower_ == "of"
        and doc[span.start - 2].lower_ in group_lexicon()["non_actor_heads"]
        and doc[span.start - 2].is_title
    )


def _based_in(span: Span) -> bool:
    """Is the name the place of an "X-based" modifier ("The Hague-based court")?"""
    doc = span.doc
    after = doc[span.end : span.end + 2]
    return (
        len(after) == 2
        and after[0].text in {"-", "\u2010", "\u2011"}
        and after[1].lower_ == "based"
    ) or (len(after) >= 1 and after[0].lower_ in {"-based", "\u2010based"})


def _another_states_body(span: Span, entry: lexicon.GazetteerEntry) -> bool:
    """Is a body that acts for one state ("Supreme Court" of the United States) owned
    here by another ("Zambia's Supreme Court", "the Kenyan Senate", "Senate of
    Kenya")? Then the name is that state's own body, not the gazetteer's."""
    if entry.affiliation is None or entry.kind not in {"Organization", "IGO"}:
        return False
    doc = span.doc
    owners: list[Token] = []
    for token in span:
        for child in token.children:
            if child.i < span.start or child.i >= span.end:
                if child.dep_ in {"poss", "compound", "amod", "nmod"}:
                    owners.append(child)
                elif child.dep_ == "prep" and child.lower_ == "of":
                    owners.extend(c for c in child.children if c.dep_ == "pobj")
    if span.start > 0 and doc[span.start - 1].ent_type_ in {"GPE", "NORP"}:
        owners.append(doc[span.start - 1])
    table = lexicon.alias_table()
    for owner in owners:
        name = owner.text
        if owner.ent_iob_ in {"B", "I"}:  # the whole name the owner is part of
            ent = next((e for e in doc_ents(doc) if e.start <= owner.i < e.end), None)
            trimmed = _trim(ent) if ent is not None else None
            name = trimmed.text if trimmed is not None else owner.text
        states = {e.id for e, _ in table.get(lexicon.normalise(name), []) if e.kind == "State"}
        if states and entry.affiliation not in states:
            return True
    return False


def _commentator(span: Span) -> bool:
    """Is the person introduced by a commentator's role: a title in front ("security
    analyst Kabiru Adamu"), an apposition ("Gatov, a media analyst"), or the noun the
    name stands in apposition to ("one of the report's authors, Vasily Gatov")?"""
    roles = group_lexicon()["commentator_roles"]
    root = span.root
    near = [t for t in root.lefts if t.dep_ in {"compound", "amod"}]
    near += [t for t in root.children if t.dep_ == "appos"]
    if root.dep_ == "appos":
        near.append(root.head)
        near += [t for p in root.head.children if p.dep_ == "prep" for t in p.children]
    return any(_lemma_in(t, roles) for t in near)


def _party_place(ent: Span) -> bool:
    """Is an unknown place name a party to its clause as object, owner or partner
    ("restored ties with Gondor", "Gondor's envoy", "accused Gondor")? Such names are
    actors in a one-line report (fictional or little-known states, regions that act)."""
    if not _place_name(ent) or lexicon.normalise(ent.text) in lexicon.alias_table():
        return False
    root = _first_conjunct(ent.root)  # "ties with Gondor and Rohan": Rohan too
    if root.dep_ in {"dobj", "poss", "nsubjpass"}:
        return True
    if root.dep_ != "pobj":
        return False
    prep = root.head
    if prep.dep_ == "agent":  # "talks mediated by Gondor", "rebels backed by Rohan"
        return True
    if prep.lower_ == "of":  # "the government of Gondor", not "the province of Anórien"
        return _lemma_in(prep.head, group_lexicon()["state_roles"])
    if prep.lower_ == "in":  # "police in Arnor arrested": the seat of an office that acts
        return _acting_seat(ent)
    if prep.lower_ in {"to", "from"}:  # "cut off gas supplies to Arnor", not "flew to"
        return not _locative(ent) and prep.head.pos_ in {"NOUN", "VERB"}
    return prep.lower_ in {"with", "against", "on", "over"}


def _first_conjunct(token: Token) -> Token:
    """The first of the conjuncts the token is one of ("Gondor and Rohan": Gondor),
    which carries the role in the clause that they share."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def _lemma_in(token: Token, words: Iterable[str]) -> bool:
    """Is the token's form or lemma, lower-cased, one of ``words``?"""
    return token.lower_ in words or token.lemma_.lower() in words


def _joined_names(span: Span) -> list[Span]:
    """The one-word names an entity joins with "and" ("Gondor and Rohan"), or [] for
    a name of its own ("Trinidad and Tobago", "Ministry of Trade and Industry")."""
    words = [t for t in span if t.lower_ not in {"and", ","}]
    if (
        not any(t.lower_ == "and" for t in span)
        or span.root.dep_ not in {"nsubj", "nsubjpass", "dobj", "poss"}  # parties only
        or lexicon.normalise(span.text) in lexicon.alias_table()
        or any(t.lower_ in group_lexicon()["organization_words"] for t in span)
        or not all(t.pos_ == "PROPN" and t.is_title for t in words)
        or any(span.doc[t.i + 1].lower_ not in {"and", ","} for t in words[:-1])
    ):
        return []
    return [span.doc[t.i : t.i + 1] for t in words]


def _place_name(ent: Span) -> bool:
    """Is the entity a place's name: GPE, or a name NER took for a nationality
    ("supplies to Arnor" as NORP), not the adjective ("Arnorian troops")?"""
    if ent.label_ == "GPE":
        return True
    return (
        ent.label_ == "NORP"
        and ent.root.tag_ == "NNP"
        and ent.root.dep_ not in {"amod", "compound", "nmod"}
        and lexicon.normalise(ent.text) not in demonym_forms()
    )


def _acting_acronym(token: Token) -> bool:
    """Is the token an acronym that is the doer or owner in its clause ("MSF is calling
    on", "BLA's demands") or names whose fighters or members they are ("the ELN
    guerrillas"), and no acronym of a thing ("LNG", "GDP")?"""
    word = token.text
    lex = group_lexicon()
    head = token.head
    members = token.dep_ in {"compound", "nmod"} and (_lemma_in(head, lex["member_nouns"]))
    return (
        word.isupper()
        and word.isalpha()
        and 2 <= len(word) <= 5
        and (
            members
            or (
                token.dep_ in {"nsubj", "nsubjpass", "poss"}
                and head.pos_ in {"VERB", "AUX", "NOUN"}
            )
        )
        and token.lower_ not in lex["common_acronyms"]
    )


def _locative(span: Span) -> bool:
    """Is the span the object of a place preposition ("in Vienna", "flew to Vienna")?

    "to" and "from" lead to a place only after a word of motion: "aid to Kyiv" and
    "pressure from Washington" name the state (``motion_words`` in groups.yaml)."""
    root = span.root
    while root.dep_ in {"conj", "appos"} and root.head is not root:
        root = root.head  # "across Iraq, Syria and Turkey", "at Guantanamo Bay, Cuba"
    if root.dep_ != "pobj":
        return False
    prep = root.head
    if prep.lower_ in {"including", "like", "as"}:  # "30 countries, including Spain"
        place_nouns = group_lexicon()["place_nouns"]
        return _lemma_in(prep.head, place_nouns)
    if prep.lower_ in DIRECTIONAL:
        motion = group_lexicon()["motion_words"]
        return _lemma_in(prep.head, motion)
    return prep.lower_ in LOCATIVE


def _acting_place(ent: Span) -> bool:
    """Is an unknown place name the doer of its clause ("Gazprom halted deliveries",
    "Texas sued the agency")? NER often tags companies and regional governments GPE;
    as the subject of an act they are actors, as a setting they are not."""
    root = _first_conjunct(ent.root)  # "Gondor and Rohan agreed": both act
    if not _place_name(ent) or root.dep_ != "nsubj" or root.head.pos_ not in {"VERB", "AUX"}:
        return False
    return lexicon.normalise(ent.text) not in lexicon.alias_table()


def _acting_seat(span: Span) -> bool:
    """Is the span the seat of a government office that acts or is acted on ("police
    in Arnor arrested", "urged authorities in Rohan"): the state or region itself?"""
    office = _seat_of(span)
    return office is not None and office.dep_ in SUBJECTS_AND_OBJECTS


def _seat_of(span: Span) -> Token | None:
    """The government office whose seat the span names ("authorities in Dhaka"), or None."""
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ != "in" or root.head.dep_ != "prep":
        return None
    office = root.head.head
    seats = group_lexicon()["seat_roles"]
    if office.pos_ in {"NOUN", "PROPN"} and (_lemma_in(office, seats)):
        return office
    return None


def _modifier_only(span: Span) -> bool:
    """Is the span only a modifier of another noun ("Dutch maker", "Senate race")?"""
    root = span.root
    if root.dep_ not in {"compound", "amod", "nmod"} or root.head.i in range(span.start, span.end):
        return False
    head = root.head
    if head.pos_ not in {"NOUN", "PROPN"}:
        return False
    roles = group_lexicon()["state_roles"]
    return not _lemma_in(head, roles)


def _opens_org_name(span: Span) -> bool:
    """Is the span the first word of a longer organisation name whose head is no
    state role ("American Civil Liberties Union", not "Russian Defense Ministry")?"""
    roles = group_lexicon()["state_roles"]
    for ent in doc_ents(span.doc):
        if ent.label_ != "ORG" or not (ent.start <= span.start and span.end < ent.end):
            continue
        words = [t for t in ent if t.lower_ != "the"]
        if words and words[0].i == span.start and all(t.is_title for t in words):
            last = ent[-1]
            return not _lemma_in(last, roles)
    return False


def _ends_longer_people_name(span: Span) -> bool:
    """Is the demonym the last word of a longer NORP name that the gazetteer does not
    know as a whole ("Latin American", "Central African" peoples)?"""
    return any(
        ent.label_ == "NORP" and ent.start < span.start and span.end == ent.end
        for ent in doc_ents(span.doc)
    )


def _inside_longer_entity(span: Span) -> bool:
    """Is the span strictly inside a longer PERSON or ORG entity of the parser?"""
    for ent in doc_ents(span.doc):
        if ent.label_ in {"PERSON", "ORG"} and ent.start <= span.start and span.end <= ent.end:
            if (ent.end - ent.start) > (span.end - span.start):
                name = _trim(ent) or ent  # "The World Food Programme": no longer a name
                outer = [t for t in name if t.lower_ not in TITLE_WORDS and not t.is_punct]
                return len(outer) > (span.end - span.start)
    return False


def _group_of_role(head: Token, label: str) -> bool:
    """A role noun names a group only with a participle or group modifier in front:
    "importing governments", "allied governments", not "senior officials"."""
    words = label.split()
    if len(words) < 2:
        return False
    first = head.doc[head.i - len(words) + 1] if head.i - len(words) + 1 >= 0 else head
    return first.tag_ == "VBG" or first.lower_ in group_lexicon()["group_modifiers"] | {
        "allied",
        "rival",
        "foreign",
    }


def _inside_joined_org(span: Span) -> bool:
    """Is the span part of an organisation name joined at a connector ("Treasury" in
    "the Treasury and Finance Ministry")?"""
    for ent in doc_ents(span.doc):
        if ent.label_ == "ORG" and ent.start > span.start:
            joined = _extend_org(ent)
            if joined.start <= span.start and span.end <= joined.end:
                return True
    return False


def _is_role(head: Token) -> bool:
    """Is the noun a predicate ("emerge as brokers", "are the losers"), not an actor?"""
    if head.dep_ in {"attr", "oprd"}:
        return True
    return head.dep_ == "pobj" and head.head.lower_ == "as"


def _chunk_start(head: Token) -> int:
    """Index of the first token of the noun chunk whose root is ``head`` (the table
    of chunk starts is built once per Doc and kept in its ``user_data``)."""
    starts: dict[int, int] | None = head.doc.user_data.get(CHUNK_STARTS)
    if starts is None:
        starts = {}
        for chunk in noun_chunks(head.doc):
            starts.setdefault(chunk.root.i, chunk.start)
        head.doc.user_data[CHUNK_STARTS] = starts
    return starts.get(head.i, head.i)


CHUNK_STARTS = "powermap_chunk_starts"


# a hyphenated given name after the family name, as in Chinese and Korean names ("Lai
# Ching-te", "Lee Jae-myung"): the family name comes first and stands for the person
FAMILY_NAME_FIRST = re.compile(r"[A-Z][a-z]+-[a-z]+")

ORG_FUNCTION_WORDS = {"of", "for", "and", "the", "de", "du", "la", "&", "on", "in"}


def _in_setting(token: Token, verb: Token) -> bool:
    """Is the token inside a setting phrase of the verb's clause ("in Sudan", "in the
    Georgian capital"), not a party of it?"""
    while token.i != verb.i and token.head.i != token.i:
        if token.dep_ == "pobj" and token.head.lower_ in SETTING_PREPS:
            return True
        token = token.head
    return False


def _bare_home_role(token: Token) -> bool:
    """Is the token an office named with nothing that says whose it is ("the
    government", "police said"), so that it is the story's own state's?"""
    roles = group_lexicon()["home_roles"]
    doc = token.doc
    word = token.lower_
    if (
        token.i > 0
        and doc[token.i - 1].lower_ == "security"
        and f"security {word}" in roles
        and doc[token.i - 1].dep_ == "compound"
    ):
        word = f"security {word}"
    elif word not in roles and token.lemma_.lower() not in roles:
        return False
    for child in token.children:
        if child.dep_ == "det" and child.lower_ != "the":
            return False  # "a government", "any government", "its military"
        if child.dep_ in {"poss", "amod", "nmod", "appos", "nummod"}:
            return False
        if child.dep_ == "compound" and not _office_modifier(child):
            return False  # "Kenya police"; but "riot police" is still the story's
        if child.dep_ == "prep" and child.lower_ in {"of", "in", "from", "at"}:
            return False
    return True


def _party_of_clause(head: Token) -> bool:
    """Is the noun a subject or object of its verb, directly or after a quantity
    ("thousands of inmates", "dozens of protesters"), and not a source ("officials
    said")?"""
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        quantity = head.head.head
        if quantity.lower_ in group_lexicon()["quantity_nouns"] or quantity.like_num:
            head = quantity
    head = _first_conjunct(head)  # "barred girls and women": both
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in group_lexicon()["statement_verbs"]:
        return False
    if head.dep_ == "pobj" and head.head.lower_ in PARTY_PREPS:
        return True  # "strikes against militants", "a ban on migrants", "including civilians"
    return head.dep_ in {"nsubj", "nsubjpass", "dobj"}


def _office_modifier(token: Token) -> bool:
    """Is the word a kind of office that says nothing of whose ("riot police",
    "security forces", "federal prosecutors"): ``office_modifiers``, in front of
    a role?"""
    lex = group_lexicon()
    roles = lex["home_roles"]
    head = token.head
    return (
        token.dep_ == "compound"
        and token.lower_ in lex["office_modifiers"]
        and (
            head.lower_ in roles
            or head.lemma_.lower() in roles
            or f"{token.lower_} {head.lower_}" in roles
        )
    )


def _extend_org(span: Span) -> Span:
    """Join a name the parser split at a connector: "Texans for Energy Security",
    "Federated Grid and Utility Workers"."""
    doc = span.doc
    start = span.start
    # "Commission on the" + "Limits of the Continental Shelf", "Office for the" +
    # "Coordination of Humanitarian Affairs": a body word before "on/for/of the"
    bodies = group_lexicon()["body_words"]
    if (
        start >= 3
        and doc[start - 1].lower_ == "the"
        and doc[start - 2].lower_ in {"for", "of", "on"}
        and doc[start - 3].is_title
        and doc[start - 3].lower_ in bodies
        and doc[start - 3].ent_type_ in {"", "ORG"}
    ):
        start -= 3
        while (  # "U.N. Office for the ...", "UN Commission on the ..."
            start > 0
            and (doc[start - 1].is_title or doc[start - 1].is_upper)
            and not doc[start - 1].is_sent_start
            and doc[start - 1].ent_type_ not in {"GPE", "NORP", "PERSON"}
        ):
            start -= 1
    while (
        start >= 2
        and doc[start - 1].lower_ in {"for", "of", "and", "&"}
        and doc[start - 2].is_title
        and doc[start - 2].ent_type_ not in {"GPE", "PERSON", "LOC", "FAC", "DATE", "TIME"}
        # across "and" only words the parser named nothing: "Federated Grid and
        # Utility Workers" is one name, "Brightwater Utilities and Korvane" two
        and (
            doc[start - 1].lower_ not in {"and", "&"}
            or (
                not doc[start - 2].ent_type_
                and (start < 3 or doc[start - 3].text not in {"'", "\u2019"})
            )
            or doc[span.end - 1].lower_ in group_lexicon()["body_words"]
        )
    ):
        start -= 2
        while (
            start > 0
            and doc[start - 1].is_title
            and not doc[start - 1].is_sent_start
            and doc[start - 1].ent_type_ not in {"GPE", "NORP", "PERSON"}
        ):
            start -= 1
    end = span.end
    # a name the parser cut at a plural possessive: "Shipyard Workers" + "' Union"
    if (
        end + 1 < len(doc)
        and doc[end].text in {"'", "\u2019"}
        and doc[end + 1].is_title
        and not doc[end + 1].ent_type_
    ):
        end += 1
        while end < len(doc) and doc[end].is_title and not doc[end].ent_type_:
            end += 1
    # a trailing acronym or suffix the parser left out: "Heartland Build" + "PAC"
    while (
        end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_upper and not doc[end].ent_type_
    ):
        end += 1
    # "Public Utilities Commission" + "of Ohio", "Bank" + "of England"
    while end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].is_title:
        if doc[end + 1].ent_type_ == "PERSON" or doc[end + 1].is_sent_start:
            break
        end += 2
        while end < len(doc) and doc[end].is_title and doc[end].ent_type_ == doc[end - 1].ent_type_:
            end += 1
    return doc[start:end]


def _plausible_org(span: Span) -> bool:
    """Reject parser ORGs that are not names: lowercase words inside ("Corpus Christi
    to Mobile") or a bare unknown acronym ("PAC", "LNG") never spelt out in the text."""
    words = [t for t in span if not t.is_punct]
    if any(
        t.is_lower and t.lower_ not in ORG_FUNCTION_WORDS and not _inner_possessive(t, span)
        for t in words
    ):
        return False
    if len(words) == 1 and words[0].is_sent_start and _office_modifier(words[0]):
        return False  # "Riot police dispersed them": a kind of police, not a name
    if (
        len(words) == 1
        and words[0].is_sent_start
        and words[0].tag_ in {"NN", "NNS"}
        and words[0].dep_ == "compound"
    ):
        return False  # "Media watchdog RSF said": a common noun capitalised by its place
    if len(words) == 1 and words[0].is_upper and len(words[0].text) <= 4:
        text = doc_text(span.doc)
        if f"({words[0].text})" in text:
            return True
        return _acting_acronym(words[0])  # "MSF is calling on", "BLA's demands"
    return True


def _inner_possessive(token: Token, span: Span) -> bool:
    """Is the token a possessive inside a name, after a people noun and before a
    capitalised word ("National People's Congress", "Women's Union"), not the
    possessive of one name before another ("Treasury Department's Office")?"""
    if token.tag_ != "POS" or not span.start < token.i < span.end - 1:
        return False
    people = token.nbor(-1)
    collectives = group_lexicon()["collectives"]
    return (
        people.is_title
        and token.nbor(1).is_title
        and (people.lower_ in collectives or people.lemma_.lower() in collectives)
    )


CREDIT_CUE = re.compile(
    r"\b(reporting|reported|editing|edited|writing|written|photo(graph)?s?|image|credit|"
    r"contributed|compiled)\b[^.]{0,40}\bby\b|^\s*by\b",
    re.I,
)


def _names_a_thing(span: Span) -> bool:
    """Is the name a law, treaty, place, programme, disease, storm or event rather
    than an actor?"""
    lex = group_lexicon()
    words = {lexicon.normalise(t.text) for t in span}
    if _is_named_thing(span) and not words & (lex["body_words"] | lex["organization_words"]):
        return True
    if DESIGNATION.fullmatch(span.text):  # "S-400", "F-35s", "AK-47": a model of arms
        return True
    if lexicon.normalise(span[-1].text) not in lex["non_actor_heads"]:
        return False
    return (
        not words & lex["body_words"]
    )  # "Extended Fund Facility" but not "... Administration for Market Regulation"


# the designation of a model of weapon or aircraft: letters, a hyphen, a number
DESIGNATION = re.compile(r"[A-Z][A-Za-z]{0,3}-\d{2,4}[A-Z]?s?")

# how a common noun in front of a name attaches to it ("Cambodian journalist Mech Dara")
TITLE_DEPS = frozenset({"compound", "amod"})


def _office_titled(span: Span, nouns: list[str]) -> bool:
    """Is the person named with an office ("Judge Erick Garcia", "Solo Mayor Hadi
    Rudyatmo", "Nadiem Makarim, the education minister")? ``nouns`` are the span's
    :func:`_title_nouns`; titles are often capitalised, so any word before the name
    counts too, not only common nouns."""
    offices = group_lexicon()["office_titles"]
    return any(t.lower_ in offices for t in _title_words(span)) or any(
        noun in offices for noun in nouns
    )


def _title_words(span: Span) -> list[Token]:
    """The words before a name that hang on it as its title ("Solo Mayor", "Cambodian
    journalist"), nearest first."""
    doc = span.doc
    out = []
    i = span.start - 1
    while i >= 0 and doc[i].head.i in range(span.start, span.end) and doc[i].dep_ in TITLE_DEPS:
        out.append(doc[i])
        i -= 1
    return out


def _title_nouns(span: Span) -> list[str]:
    """Common nouns that introduce a person: before the name ("Cambodian journalist
    Mech Dara") or in apposition ("Mech Dara, a journalist"; "the activist, Kiprono")."""
    out = [t.lemma_.lower() for t in _title_words(span) if t.pos_ == "NOUN"]
    root = span.root
    out += [c.lemma_.lower() for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        out.append(root.head.lemma_.lower())
    return out


def _acts(span: Span) -> bool:
    """Is the name the subject of a verb that is no statement ("the ACLU sued", "ICE
    and DHS deported"), as opposed to "the ACLU said"?"""
    root = span.root
    while root.dep_ == "conj" and root.head.i < root.i:
        root = root.head
    verb = root.head
    return (
        root.dep_ == "nsubj"
        and verb.pos_ == "VERB"
        and verb.lemma_.lower() not in group_lexicon()["statement_verbs"]
        and verb.lemma_.lower() not in group_lexicon()["motion_words"]
    )


def _coerced(span: Span) -> bool:
    """Is the name the target of a coercive act ("suspended the BBC", "VOA was
    banned", "blocked access to Reuters"): the object of a verb that news verbs
    code as pressure or constraint?"""
    root = span.root
    while root.dep_ == "conj" and root.head.i < root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.dep_ == "dobj":
        root = root.head.head  # "blocked access to the BBC"
    if root.dep_ not in {"dobj", "nsubjpass"}:
        return False
    from powermap.extract.claims import rules  # claims read the registry: import late

    lemma = root.head.lemma_.lower()
    return any(rule.relation in {"pressures", "constrains"} for rule in rules().for_lemma(lemma))


def _is_named_thing(span: Span) -> bool:
    """Is the span a disease, storm, event or religion of ``things.yaml`` ("COVID-19",
    "Hurricane Melissa", "the Arab Spring", "Islam")?"""
    things = thing_lexicon()
    if lexicon.normalise(span.text) in things["names"]:
        return True
    if lexicon.normalise(span[-1].text) in things["heads"]:
        return True
    first = [t.lower_ for t in span[:2]]
    before = [t.lower_ for t in span.doc[max(span.start - 2, 0) : span.start]]
    leads = {first[0], " ".join(first), *before[-1:], " ".join(before)}
    return bool(leads & things["leads"])


def _thing_names(doc: Doc) -> set[str]:
    """Normalised names of the storms and operations a doc names with their lead
    word ("Hurricane Melissa" -> "melissa")."""
    leads = thing_lexicon()["leads"]
    found = set()
    for ent in doc_ents(doc):
        if ent.label_ in {"PERSON", "ORG", "FAC", "EVENT", "GPE", "LOC"} and _is_named_thing(ent):
            words = [w for w in (lexicon.normalise(t.text) for t in ent) if w not in leads]
            if words:
                found.add(" ".join(words))
        elif ent.label_ in {
            "ORG",
            "FAC",
            "PERSON",
            "PRODUCT",
            "WORK_OF_ART",
        } and _described_as_thing(ent):
            found.add(lexicon.normalise(ent.text))
    return found


def _described_as_thing(ent: Span) -> bool:
    """Does the text say what the name is, and is that a vehicle, building or work
    ("The Jaffar Express, a cross-country train", "the Golden Dawn, a cargo ship")?"""
    root = ent.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    kinds = thing_lexicon()["described_as"]
    return any(lexicon.normalise(n.lemma_) in kinds for n in nouns if n.pos_ == "NOUN")


def _is_credit(span: Span) -> bool:
    """Is the name a byline or credit ("Reporting by Priya Raman", "By Jane Doe")?"""
    # the sentence start, looked up from the span's first token (``span.sent`` scans
    # the whole doc, which is slow for a long one-section news story)
    start = span[0]
    while start.i > 0 and not start.is_sent_start and span.start - start.i < 60:
        start = span.doc[start.i - 1]
    before = span.doc[start.i : span.start].text  # (doc.text would join the whole doc)
    return bool(CREDIT_CUE.search(before))


def _before_amount(doc: Doc, start: int, end: int) -> int:
    """Where a name ends that NER ran into the amount after it ("Apple 1.8 billion
    euros" -> "Apple"): at its first number followed by a magnitude word."""
    for i in range(start + 1, end - 1):
        if doc[i].like_num and doc[i + 1].lower_ in AMOUNT_WORDS:
            return i
    return end


def _trim(span: Span) -> Span | None:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    breaks = [
        i
        for i in range(start + 1, end)
        if doc[i].is_sent_start or (doc[i].text == "The" and doc[i - 1].text.endswith("."))
    ]
    if breaks:  # "posted on X. The Taliban said": NER ran across a sentence break
        start, end = max((start, breaks[0]), (breaks[-1], end), key=lambda r: r[1] - r[0])
    imperatives = group_lexicon()["imperatives"]
    while start < end and (
        doc[start].lower_ in {"the", "a", "an"}
        or (
            doc[start].is_sent_start
            and (doc[start].tag_ == "VB" or doc[start].lower_ in imperatives)
        )
    ):  # "Watch Quintero" at the start of an imperative sentence
        start += 1
    while end > start and doc[end - 1].tag_ == "POS" or (end > start and doc[end - 1].is_punct):
        end -= 1
    end = _before_amount(doc, start, end)
    if start >= end:
        return None
    opening = next((i for i in range(start, end) if doc[i].text == "("), None)
    if opening is not None:  # "DOJ (Department of Justice": the longer side is the name
        close = next((i for i in range(opening, end) if doc[i].text == ")"), end)
        before, inside = (start, opening), (opening + 1, close)
        start, end = max(before, inside, key=lambda r: r[1] - r[0])
        if start >= end:
            return None
    return doc[start:end]
