"""Leverage claims from dependency parses, with rules read from ``ontology/leverage.yaml``.

Each sentence is searched for a trigger (a verb, a copula with a role noun, a
leverage noun with "over"/"on", a cost that "falls on" someone). The holder and
counterpart are read from the parse (subject, object, agent of a passive,
prepositional objects), expanded over coordination, and mapped to actors
through :class:`~powermap.extract.actors.ActorRegistry`. Negated clauses give
no claim.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.parts_of_speech import ADJ, AUX, NOUN, PROPN, VERB
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Span, Token

from powermap.extract.actors import AMOUNT_WORDS as MAGNITUDES
from powermap.extract.actors import ActorRegistry, SectionDoc, group_lexicon
from powermap.extract.components import doc_sents, pos_tag_dep, span_text, token_sent
from powermap.extract.model import RELATIONS, Actor, Claim
from powermap.ontology import lexicon, loader
from powermap.ontology.newsverbs import news_verbs, object_cues

__all__ = ["Rules", "rules", "find_claims", "dedupe"]

SUBJECTS = {"nsubj", "csubj"}
PRONOUNS = lexicon.pronouns().things
PERSON_PRONOUNS = lexicon.pronouns().persons
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}


@dataclass(frozen=True)
class VerbRule:
    lemmas: frozenset[str]
    relation: str
    holder: str
    object: str | None
    into: str | None
    as_: str | None
    counterpart: tuple[str, ...]
    passive_holder: str
    between: bool
    voice: str
    needs_counterpart: bool
    patient_cost: bool = False
    # a list that an adverb of the verb or the object of its preposition must be in:
    # "puts X in a bind", "came out ahead", "was left behind"
    place: str | None = None
    # the rule is for the bare verb: "carry out an attack" is not "carry a cost"
    no_particle: bool = False
    # the lemma alone cues the relation for the claim model's candidates ("take" and
    # "hold" state a claim only with their object: "took them hostage")
    cue: bool = True
    # the act goes both ways: "A fought B", "A clashed with B" (each pressures the other)
    mutual: bool = False
    # a list the object of "under" must be in; its doer follows "from" and the subject
    # bears it: "troops came under fire from rebels" (holder: source)
    under: str | None = None
    # the counterpart is only where ``counterpart`` says, never in the places of
    # ``unstated_counterpart``: "called Monday's test a challenge" names no target
    unstated: bool = True


PLACE_PREPS = {"in", "on", "over", "under", "between", "into", "at", "out", "for", "without"}
# an amount's last word: "$1 billion in aid", "50 billion euros in loans"
AMOUNT_WORDS = MAGNITUDES | {"dollars", "euros", "pounds"}
# where an act's target sits as a thing, whose origin may be the party hit
TARGET_PREPS = {"prep:on", "prep:against"}


@dataclass(frozen=True)
class Rules:
    verbs: tuple[VerbRule, ...]
    nouns: tuple[tuple[frozenset[str], str, frozenset[str]], ...]
    adjectives: tuple[tuple[frozenset[str], str, frozenset[str]], ...]
    adjective_words: frozenset[str]
    copula: dict[str, str]
    cost_verbs: frozenset[str]
    cost_subjects: str
    cost_preps: frozenset[str]
    lists: dict[str, frozenset[str]]
    negation: frozenset[str]
    negation_phrases: tuple[str, ...]
    confidence: dict[str, float]
    leverage_sections: tuple[str, ...]
    # where else to look when a rule's own places name no counterpart
    unstated_counterpart: tuple[str, ...] = ()
    # turns of fortune named as nouns ("a blow to X"): lemma -> relation of X
    fortune: dict[str, str] = field(default_factory=dict)
    # rules generated from the CAMEO news verbs (ontology/newsverbs.yaml), by lemma;
    # tried after the curated rules of leverage.yaml
    news: dict[str, tuple[VerbRule, ...]] = field(default_factory=dict)

    def for_lemma(self, lemma: str) -> Iterator[VerbRule]:
        """The verb rules a lemma may trigger: curated ones first, then news verbs."""
        for rule in self.verbs:
            if lemma in rule.lemmas:
                yield rule
        yield from self.news.get(lemma, ())

    def in_list(self, name: str | None, token: Token) -> bool:
        if name is None:
            return True
        words = self.lists.get(name, frozenset())
        if token.lower_ in words or token.lemma_.lower() in words:
            return True
        compound = " ".join(t.lower_ for t in token.lefts if t.dep_ in {"compound", "amod"})
        return f"{compound} {token.lower_}".strip() in words


@functools.lru_cache(maxsize=1)
def rules() -> Rules:
    """The leverage rules from ``ontology/leverage.yaml``."""
    raw: dict[str, Any] = loader.yaml_data("leverage.yaml")
    verbs = []
    for item in raw["verbs"]:
        relation = item["relation"]
        if relation not in RELATIONS:
            raise ValueError(f"leverage.yaml: unknown relation {relation!r}")
        verbs.append(
            VerbRule(
                lemmas=frozenset(item["lemmas"]),
                relation=relation,
                holder=item.get("holder", "subject"),
                object=item.get("object"),
                into=item.get("into"),
                as_=item.get("as"),
                counterpart=tuple(item.get("counterpart", [])),
                passive_holder=item.get("passive_holder", "agent"),
                between=bool(item.get("between", False)),
                voice=item.get("voice", "any"),
                needs_counterpart=bool(item.get("needs_counterpart", False)),
                patient_cost=bool(item.get("patient_cost", False)),
                place=item.get("place"),
                no_particle=bool(item.get("no_particle", False)),
                cue=bool(item.get("cue", True)),
                mutual=bool(item.get("mutual", False)),
                under=item.get("under"),
                unstated=bool(item.get("unstated", True)),
            )
        )
    nouns = tuple(
        (frozenset(n["lemmas"]), n["relation"], frozenset(n["counterpart"])) for n in raw["nouns"]
    )
    adjectives = tuple(
        (frozenset(a["lemmas"]), a["relation"], frozenset(a["counterpart"]))
        for a in raw.get("adjectives", [])
    )
    cost = raw["cost_landing"]
    lists = {k: frozenset(v) for k, v in raw["lists"].items()}
    fortune = raw.get("fortune_nouns", {})
    if unknown := set(fortune) - set(RELATIONS):
        raise ValueError(f"leverage.yaml: unknown relation in fortune_nouns {sorted(unknown)}")
    news = _news_rules(frozenset().union(*(v.lemmas for v in verbs)), lists)
    return Rules(
        verbs=tuple(verbs),
        nouns=nouns,
        adjectives=adjectives,
        adjective_words=frozenset(w for lemmas, _, _ in adjectives for w in lemmas),
        copula=dict(raw["copula"]),
        cost_verbs=frozenset(cost["verbs"]),
        cost_subjects=cost["subjects"],
        cost_preps=frozenset(cost["prepositions"]),
        lists=lists,
        negation=frozenset(raw["negation"]["lemmas"]),
        negation_phrases=tuple(raw["negation"]["phrases"]),
        confidence=dict(raw["confidence"]),
        leverage_sections=tuple(raw["leverage_sections"]),
        unstated_counterpart=tuple(raw.get("unstated_counterpart", [])),
        fortune={lemma: relation for relation, lemmas in fortune.items() for lemma in lemmas},
        news=news,
    )


# where a news verb's target sits: its object or an on/against/to/from phrase
# where the giver of what a party receives is named: "a loan from China"
GIVER_PLACES = ("prep:from", "noun_prep:from")
NEWS_TARGETS = ("dobj", "prep:on", "prep:against", "prep:to", "prep:from", "prep:over")
NEWS_CUE_TARGETS = (
    "prep:on", "prep:against", "prep:to", "prep:from", "prep:over",
    "noun_prep:on", "noun_prep:against", "noun_prep:to", "noun_prep:of", "noun_prep:from",
)  # fmt: skip
FORCE_CODES = ("17", "18", "19", "20")


def _news_rules(
    curated: frozenset[str], lists: dict[str, frozenset[str]]
) -> dict[str, tuple[VerbRule, ...]]:
    """Verb rules from the CAMEO news-verb lexicon (``ontology/newsverbs.yaml``).

    A verb + object cue ("impose sanctions", "cut off gas") gives its relation with
    the target in an on/to/from/of phrase; a bare verb with a relation gives it only
    with a named target; acts of force also cost their target. ``lists`` receives the
    cue nouns. Lemmas that leverage.yaml already covers keep the curated rules only.
    """
    out: dict[str, list[VerbRule]] = {}
    cues: dict[tuple[str, str, str], set[str]] = {}
    for (verb, noun), cue in object_cues().items():
        if cue.relation in RELATIONS and cue.holder in {"subject", "object"}:
            cues.setdefault((verb, cue.relation, cue.holder), set()).add(noun)
    for (verb, relation, holder), nouns in sorted(cues.items()):
        name = f"news:{verb}:{relation}" + (":recipient" if holder == "object" else "")
        lists[name] = frozenset(nouns)
        if holder == "object":  # "sent aid to Ukraine": the recipient gains (over no one)
            rule = _rule(verb, relation, "recipient", name, (), needs=False)
        else:
            rule = _rule(verb, relation, "subject", name, NEWS_CUE_TARGETS, needs=False)
        out.setdefault(verb, []).append(rule)
    for lemma, entry in sorted(news_verbs().items()):
        if entry.relation not in RELATIONS or lemma in curated:
            continue
        force = entry.relation == "pressures" and any(
            c.startswith(FORCE_CODES) for c in entry.codes
        )
        if entry.holder == "object":  # aid: the recipient holds the benefit
            rule = _rule(lemma, entry.relation, "object", None, (), needs=False)
        else:
            rule = _rule(lemma, entry.relation, "subject", None, NEWS_TARGETS, needs=True)
        out.setdefault(lemma, []).append(replace(rule, patient_cost=force))
    return {k: tuple(v) for k, v in out.items()}


def _rule(
    lemma: str,
    relation: str,
    holder: str,
    obj: str | None,
    targets: tuple[str, ...],
    *,
    needs: bool,
) -> VerbRule:
    return VerbRule(
        lemmas=frozenset({lemma}),
        relation=relation,
        holder=holder,
        object=obj,
        into=None,
        as_=None,
        counterpart=targets,
        passive_holder="subject" if holder == "object" else "agent",
        between=relation == "brokers",
        voice="any",
        needs_counterpart=needs,
    )


@dataclass
class _Found:
    holders: list[str]
    relation: str
    counterparts: list[str]
    between: list[str]
    pronoun: bool = False
    noun: bool = False
    implicit: bool = False


def find_claims(
    registry: ActorRegistry, sec: SectionDoc, mechanism_of: dict[int, str] | None = None
) -> list[Claim]:
    """All claims stated in one section.

    Parameters
    ----------
    registry : the analysis's actors (groups may be added to it).
    sec : the section and its parsed Doc.
    mechanism_of : sentence start index -> mechanism id stated in that sentence.
    """
    r = rules()
    leverage_section = any(sec.heading.lower().startswith(s) for s in r.leverage_sections)
    claims: list[Claim] = []
    last_subject: list[str] = []
    for sent in doc_sents(sec.doc):
        found = list(_sentence_claims(registry, sec, sent, r, last_subject))
        subjects = _sentence_subjects(registry, sec, sent)
        if subjects:
            last_subject[:] = subjects
        for f in found:
            if not f.counterparts and f.relation in IMPLICIT_COUNTERPART:
                f.counterparts = _only_other_actor(registry, sec, sent, f.holders)
                f.implicit = bool(f.counterparts)
        base = r.confidence["leverage_section" if leverage_section else "other_section"]
        mechanism = (mechanism_of or {}).get(sent.start)
        for f in found:
            conf = base + (r.confidence["pronoun_holder"] if f.pronoun else 0.0)
            conf += r.confidence["noun_pattern"] if f.noun else 0.0
            conf += r.confidence["implicit_counterpart"] if f.implicit else 0.0
            polarity = RELATIONS[f.relation]
            for holder in dict.fromkeys(f.holders):
                named: list[str | None] = [c for c in dict.fromkeys(f.counterparts) if c != holder]
                for counterpart in named or [None]:
                    claims.append(
                        Claim(
                            holder=holder,
                            relation=f.relation,
                            polarity=polarity,
                            counterpart=counterpart,
                            between=[b for b in f.between if b != holder],
                            mechanism=mechanism,
                            section=sec.heading,
                            evidence=span_text(sent).strip(),
                            confidence=round(max(0.1, min(1.0, conf)), 2),
                        )
                    )
    return dedupe(claims)


# relations whose counterpart, when unstated, is the one other party in the sentence
IMPLICIT_COUNTERPART = lexicon.implicit_counterpart()


def _only_other_actor(
    registry: ActorRegistry, sec: SectionDoc, sent: Span, holders: list[str]
) -> list[str]:
    """The single other state, body or organisation a sentence names, if exactly one."""
    others = []
    # the main clause's subject is a party in its own right, not the target
    subjects = [c for c in sent.root.children if c.dep_ in SUBJECTS | PASSIVE_SUBJECTS]
    subjects += [j for c in subjects for j in c.conjuncts]  # "Washington and Seoul began"
    root_subjects = {sec.token_actor.get(c.i) for c in subjects}
    # "rebels in Yemen fired at a ship": a place in the doer's own phrase sets the scene
    scene = {t.i for c in subjects for p in c.subtree if p.dep_ == "pobj" for t in p.subtree}
    if registry.short:  # a one-line report's source is not its target: "..., Seoul's military said"
        scene |= {t.i for v in sent if _attribution(v) for t in v.subtree}
        if sent.root.lemma_.lower() in group_lexicon()["statement_verbs"]:
            scene |= {t.i for c in subjects for t in c.subtree}
    for tok in sent:
        actor_id = sec.token_actor.get(tok.i)
        if actor_id in root_subjects or tok.i in scene:
            continue
        if actor_id is None or actor_id in holders or actor_id in others:
            continue
        actor = registry.get(actor_id)
        if actor is not None and actor.kind in {"State", "IGO", "Organization"}:
            others.append(actor_id)
    return others if len(others) == 1 else []


def _attribution(verb: Token) -> bool:
    """Is the verb a report's attribution beside its main clause ("..., the army
    said", "according to officials")?"""
    if verb.lower_ == "according" and verb.dep_ == "prep":
        return True
    statements = group_lexicon()["statement_verbs"]
    return verb.dep_ in {"parataxis", "advcl"} and verb.lemma_.lower() in statements


def dedupe(claims: list[Claim]) -> list[Claim]:
    """One claim per (holder, relation, counterpart, sentence); a claim without a
    counterpart is dropped when the same sentence gives one with a counterpart."""
    seen: dict[tuple[str, str, str | None, str], Claim] = {}
    for c in claims:
        seen.setdefault((c.holder, c.relation, c.counterpart, c.evidence), c)
    with_counterpart = {(c.holder, c.relation, c.evidence) for c in seen.values() if c.counterpart}
    return [
        c
        for c in seen.values()
        if c.counterpart or (c.holder, c.relation, c.evidence) not in with_counterpart
    ]


def between_parties(claims: list[Claim]) -> list[Claim]:
    """The claims that hold between two parties: a state ordering or funding its own
    agency ("the White House ordered the Energy Department to release barrels") is
    government at work, not leverage over another party; a state acting on one of its
    people ("the military removed Bashir") is not."""
    index = lexicon.gazetteer_index()

    def own(state: str, organ: str | None) -> bool:
        entry = index.get(organ) if organ else None
        if entry is None or entry.kind in {"State", "Person"}:
            return False
        return entry.affiliation == state

    return [
        c
        for c in claims
        if not (c.polarity == "gains" and own(c.holder, c.counterpart))
        and not (c.polarity == "loses" and c.counterpart and own(c.counterpart, c.holder))
    ]


def _sentence_subjects(registry: ActorRegistry, sec: SectionDoc, sent: Span) -> list[str]:
    root = sent.root
    for child in root.children:
        if child.dep_ in SUBJECTS:
            return _actors(registry, sec, child, [], make_group=False)[0]
    return []


def _negated(token: Token, r: Rules) -> bool:
    """Is the clause headed by ``token`` negated ("does not gain", "no longer holds")?"""
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in {"never"}):
            return True
        if child.dep_ in {"aux", "auxpass"} and any(g.dep_ == "neg" for g in child.children):
            return True
    # an open question states nothing: "(watch) whether Beijing responds by restricting"
    for v in (token, *token.ancestors):
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in v.children):
            return True
    window = token.doc[max(token_sent(token).start, token.i - 3) : token.i].text.lower()
    if any(p in window for p in r.negation_phrases):
        return True
    # what a party is asked or ordered to do is not done: "would ask Russia to veto",
    # "ordered the government to release them", "called for the Taliban to lift"
    if _requested(token, r):
        return True
    # a negated head verb carries over to "xcomp" ("does not expect to gain")
    if token.dep_ == "xcomp" and token.head.pos_ in {"VERB", "AUX"}:
        return _negated(token.head, r)
    if token.dep_ == "conj":
        return any(c.dep_ == "neg" for c in token.children)
    return False


def _requested(token: Token, r: Rules) -> bool:
    """Is the clause what someone asks, urges or orders another party to do?"""
    head = token.head
    if token.dep_ == "xcomp":
        return r.in_list("request_verbs", head) and any(c.dep_ == "dobj" for c in head.children)
    if token.dep_ in {"advcl", "ccomp"}:
        marked = any(c.dep_ == "mark" and c.lower_ == "for" for c in token.children)
        return marked and r.in_list("request_verbs", head)
    return False


def _actors(
    registry: ActorRegistry,
    sec: SectionDoc,
    token: Token,
    last_subject: list[str],
    *,
    make_group: bool = True,
) -> tuple[list[str], bool]:
    """Actors named by a token and its conjuncts; ``True`` when read from a pronoun."""
    out: list[str] = []
    pronoun = False
    whole = registry.population(sec, token) if make_group else None
    if whole is not None:  # "women and girls" are one population
        return [whole], False
    for tok in [token, *token.conjuncts]:
        if tok.lower_ in {"which", "that", "who"} and tok.head.dep_ == "relcl":
            tok = tok.head.head
        if tok.lower_ in {"which", "who"} and tok.dep_ in SUBJECTS | {"dobj"}:
            verb = tok.head
            if verb.dep_ == "relcl":
                tok = verb.head
        if tok.pos_ == "PRON" and tok.lower_ in PRONOUNS | PERSON_PRONOUNS:
            out.extend(_antecedent(registry, sec, tok) or last_subject)
            pronoun = True
            continue
        actor = registry.actor_of(sec, tok, make_group=make_group)
        if actor:
            out.append(actor)
            out.extend(_coordinated_agents(sec, tok, actor))
        elif tok.dep_ == "appos" or tok.dep_ == "pobj":
            continue
    return out, pronoun


def _coordinated_agents(sec: SectionDoc, token: Token, actor: str) -> list[str]:
    """The other parties behind a role shared by coordinated modifiers: "Thai and
    Chinese officials" are the officials of both states."""
    out: list[str] = []
    for child in token.children:
        if child.dep_ in {"amod", "compound", "nmod"} and sec.token_actor.get(child.i) == actor:
            for other in child.conjuncts:
                found = sec.token_actor.get(other.i)
                if found and found != actor and found not in out:
                    out.append(found)
    return out


def _modifier_actor(sec: SectionDoc, token: Token) -> list[str]:
    """The actor a counterpart noun belongs to ("French demands", "Hamas targets")."""
    for child in token.children:
        if child.dep_ in {"amod", "compound", "poss", "nmod"} and child.i in sec.token_actor:
            return [sec.token_actor[child.i]]
    return []


def _owner(registry: ActorRegistry, sec: SectionDoc, token: Token) -> list[str]:
    """The actor a noun belongs to: a modifier naming one ("U.S. exports") or the
    party a possessive pronoun stands for ("doubled the tariff on its steel")."""
    found = _modifier_actor(sec, token)
    if found:
        return found
    for child in token.children:
        if child.dep_ == "poss" and child.lower_ in PRONOUNS | PERSON_PRONOUNS:
            return _antecedent(registry, sec, child)
    return []


def _origin(registry: ActorRegistry, sec: SectionDoc, token: Token) -> list[str]:
    """The parties a targeted thing comes from, or a supply goes to: "tariffs on
    imports from Mexico and Canada", "curbs on sales of chips to Chinese firms"
    (only after "on"/"against": "ordered jets from Seoul" targets no one)."""
    things = [token, *_prep_objects(token, {"of"})]
    ends = [o for t in things for o in _prep_objects(t, {"from"})]
    if rules().in_list("supply_nouns", token):
        ends += [o for t in things for o in _prep_objects(t, {"to"})]
    return [a for o in ends for t in [o, *o.conjuncts] for a in _actors(registry, sec, t, [])[0]]


def _antecedent(registry: ActorRegistry, sec: SectionDoc, pronoun: Token) -> list[str]:
    """The nearest actor named before a pronoun in its sentence ("it" skips groups;
    "they" and "them" take the nearest group first: "protesters rallied against the
    government's plan, and police dispersed them")."""
    singular = pronoun.lower_ in {"it", "its", "itself"}
    person = pronoun.lower_ in PERSON_PRONOUNS
    speaker = _speaker(registry, sec, pronoun)
    if speaker is not None and (
        (person and speaker.kind == "Person")
        or (singular and speaker.kind != "Group")  # ("it" for a name NER took for a person)
    ):  # "Brenner, a German rival of Iowa's makers, said it had won the orders"
        return [speaker.id]
    start = token_sent(pronoun).start
    if person:  # a person is often named in the sentence before
        start = max(0, start - 60)
    if not singular and not person:
        for i in range(pronoun.i - 1, start - 1, -1):
            actor = registry.get(sec.token_actor.get(i, ""))
            word = sec.doc[i]
            if actor is None and registry.short and word.tag_ == "NNS":
                # a one-line report's "protesters rallied ..., and police dispersed them"
                if registry.group_label(word) is not None:
                    actor = registry.get(registry.actor_of(sec, word) or "")
            if actor is not None and actor.kind == "Group":
                return [actor.id]
    for i in range(pronoun.i - 1, start - 1, -1):
        actor_id = sec.token_actor.get(i)
        if actor_id is None:
            continue
        actor = registry.get(actor_id)
        if actor is None:
            continue
        if person and actor.kind == "Person":
            return [actor_id]
        if not person and actor.kind != "Person" and (actor.kind != "Group" or not singular):
            return [actor_id]
    return []


def _speaker(registry: ActorRegistry, sec: SectionDoc, pronoun: Token) -> Actor | None:
    """The actor who says what a pronoun's clause reports ("X said it had won", "X
    said its orders fell"): the subject of the statement verb whose complement the
    pronoun is, or owns, the subject of."""
    subject = pronoun
    if pronoun.dep_ == "poss" and pronoun.head.dep_ in {"nsubj", "nsubjpass"}:
        subject = pronoun.head  # "X said its orders had fallen by half"
    if subject.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    return _speaker_of_clause(registry, sec, subject.head)


def _speaker_of_clause(registry: ActorRegistry, sec: SectionDoc, clause: Token) -> Actor | None:
    """The actor who says the clause ("X said Brazil accounted for 22% of its sales")."""
    if clause.dep_ != "ccomp":
        return None
    verb = clause.head
    if verb.lemma_.lower() not in group_lexicon()["statement_verbs"]:
        return None
    for child in verb.children:
        if child.dep_ == "nsubj" and child.i in sec.token_actor:
            return registry.get(sec.token_actor[child.i])
    return None


def _children(token: Token, deps: set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _prep_objects(token: Token, preps: set[str]) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.lower_ in preps:
            out.extend(_children(child, {"pobj"}))
    return out


def _background(verb: Token) -> bool:
    """Is the verb inside a non-restrictive relative clause ("Pakistan, which
    co-hosted the first round, ...")? Such clauses give background, not the claim.
    Read from the punctuation, as the parse of these clauses is often broken."""
    sent = token_sent(verb)
    for i in range(verb.i - 1, sent.start, -1):
        tok = verb.doc[i]
        if tok.text in {",", ";", ":", "—", "–", "(", ")"}:
            return False
        if tok.lower_ in {"which", "who"}:
            return verb.doc[i - 1].text == ","
    return False


def _is_passive(verb: Token) -> bool:
    """Is this verb itself in the passive voice ("was pressured", "hosted by Qatar")?"""
    if any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in verb.children):
        return True
    if verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children):
        return not any(c.dep_ == "aux" for c in verb.children)
    if _misread_participle(verb):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def _held_idiom(verb: Token, dobjs: list[Token]) -> bool:
    """Is the verb's only object a bare singular captive noun ("held hostage", "kept
    captive"), which in an active clause names no captive of the subject's?"""
    if len(dobjs) != 1 or _children(verb, {"dative", "oprd"}) or _is_passive(verb):
        return False
    noun = dobjs[0]
    return (
        noun.tag_ == "NN"
        and noun.lower_ in {"hostage", "captive"}
        and not any(c.dep_ in {"det", "nummod", "compound", "amod", "poss"} for c in noun.children)
        and verb.tag_ in {"VBD", "VBN"}
    )


def _misread_participle(verb: Token) -> bool:
    """Is a past form read as a finite verb a participle with its doer after "by"
    ("passengers held hostage by the BLA shared ...", parsed as "passengers held
    hostage" and "shared" its conjunct)? Only a named doer counts ("won by a
    landslide" names none), and only with the true main verb left as a conjunct."""
    if verb.tag_ != "VBD":
        return False
    if any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
        return False
    return any(
        c.dep_ == "prep"
        and c.lower_ == "by"
        and any(o.ent_type_ in {"ORG", "GPE", "NORP", "PERSON"} for o in _children(c, {"pobj"}))
        for c in verb.children
    ) and any(c.dep_ == "conj" and c.pos_ == "VERB" and c.i > verb.i for c in verb.children)


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The subject of a verb (inherited over conjunction, xcomp and participle
    clauses, as the parser attaches them), and whether the verb is passive."""
    passive = _is_passive(verb)
    v: Token | None = verb
    while v is not None:
        for child in v.children:
            if child.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
                if v is verb or child.i < verb.i:
                    return child, passive
        if v.dep_ == "xcomp" and v.head != v:
            # object control: in "ordered the government to release them" the
            # government releases, not the one who ordered
            controller = [c for c in v.head.children if c.dep_ == "dobj" and c.i < v.i]
            if controller and rules().in_list("object_control", v.head):
                return controller[0], passive
            v = v.head
        elif v.dep_ == "conj" and v.head != v:
            v = v.head
        elif v.dep_ == "advcl" and v.head != v:
            # a finite advcl without a subject of its own is a misattached main
            # clause: its subject is the head's subject that comes before it
            subjects = [c for c in v.head.children if c.dep_ in SUBJECTS and c.i < verb.i]
            if v.tag_ not in {"VBG", "VBN"}:
                return (subjects[-1] if subjects else None), passive
            v = v.head
        elif (
            v.dep_ == "pcomp"
            and v.tag_ == "VBG"
            and v.head.dep_ == "prep"
            and v.head.lower_ != "without"  # "without imposing curbs" does not impose them
        ):
            # "retaliated by announcing tariffs", "after imposing curbs": the doer of
            # the verb the preposition hangs on; but "condemned Thailand for sending
            # them back", "accused Iran of arming": the one blamed did it
            if v.head.lower_ in {"for", "of"}:
                blamed = [c for c in v.head.head.children if c.dep_ == "dobj"]
                if blamed and blamed[0].i < v.i:
                    return blamed[0], passive
            v = v.head.head
        elif v.dep_ == "relcl":
            return v.head, passive
        elif v.dep_ == "acl":
            return v.head, passive
        else:
            v = None
    return None, passive


def _sentence_claims(
    registry: ActorRegistry, sec: SectionDoc, sent: Span, r: Rules, last_subject: list[str]
) -> Iterator[_Found]:
    doc = sent.doc
    rows = pos_tag_dep(doc)
    for i in range(sent.start, sent.end):
        pos, tag, dep = rows[i]
        if pos not in _CLAIM_POS and tag not in _CLAIM_TAGS and dep != _ROOT:
            continue  # no rule below can fire on it: no Token made
        token = doc[i]
        if (token.tag_ in {"VBZ", "VBD", "VBP"} and token.dep_ in MISPARSED_VERB_DEPS) or (
            token.tag_ == "NNS"
            and token.i - 1 in sec.token_actor
            and token.doc[token.i - 1].dep_ == "compound"
        ):
            yield from _misparsed_verb(registry, sec, token, r)
        elif token.pos_ in {"VERB", "AUX"} or token.dep_ == "ROOT":
            yield from _verb_claims(registry, sec, token, r, last_subject)
            if token.pos_ == "VERB" or token.lemma_ == "be":
                yield from _market_move(registry, sec, token, r, last_subject)
            if token.pos_ == "VERB":
                yield from _share_dependence(registry, sec, token, r, last_subject)
        if token.pos_ in {"NOUN", "PROPN"}:
            yield from _noun_claims(registry, sec, token, r, last_subject)
            if token.dep_ == "pobj" and r.in_list("yielded_to_nouns", token):
                yield from _acted_under(registry, sec, token, r, last_subject)
            if token.lemma_.lower() in r.fortune:
                yield from _fortune_claims(registry, sec, token, r)
        if token.pos_ == "ADJ" and token.dep_ == "acomp" and _prep_objects(token, {"by"}):
            yield from _participle_claims(registry, sec, token, r, last_subject)
        if token.pos_ in {"ADJ", "VERB"} and (
            token.lower_ in r.adjective_words or token.lemma_.lower() in r.adjective_words
        ):
            yield from _adjective_claims(registry, sec, token, r, last_subject)


def _market_move(
    registry: ActorRegistry, sec: SectionDoc, verb: Token, r: Rules, last_subject: list[str]
) -> Iterator[_Found]:
    """ "Shares of Boeing fell 8%", "Nvidia's sales to China dropped": a fall in what
    a party earns or is worth costs it; a rise benefits it (``market_nouns``,
    ``market_falls`` and ``market_rises`` in leverage.yaml)."""
    lemma = verb.lemma_.lower()
    if lemma == "be":  # "its shares are up 19 percent", "sales were down a third"
        lemma = next(
            (c.lower_ for c in verb.children if c.dep_ in {"advmod", "prt", "acomp"}), lemma
        )
    falls = lemma in r.lists.get("market_falls", frozenset())
    if not falls and lemma not in r.lists.get("market_rises", frozenset()):
        return
    subject, passive = _subject(verb)
    if subject is None or passive or not r.in_list("market_nouns", subject):
        return
    if _negated(verb, r) or _background(verb):
        return
    owners = [c for c in subject.children if c.dep_ == "poss"]
    if not owners:  # "its U.S. orders": the owner's, not the market's named beside them
        owners = [c for c in subject.children if c.dep_ == "compound"]
    owners += _prep_objects(subject, {"of"})
    holders: list[str] = []
    pronoun = False
    for owner in owners:
        found, by_pronoun = _actors(registry, sec, owner, last_subject)
        holders += found
        pronoun = pronoun or by_pronoun
    if holders:
        yield _Found(holders, "bears_cost" if falls else "benefits", [], [], pronoun)


def _share_dependence(
    registry: ActorRegistry, sec: SectionDoc, verb: Token, r: Rules, last_subject: list[str]
) -> Iterator[_Found]:
    """ "Germany imports 55 percent of its gas from Russia", "sells 40 percent of its
    output to China", "Brazil accounted for 22 percent of its sales": a large share of
    what a party buys or sells ties it to the party at the other end."""
    lemma = verb.lemma_.lower()
    buys = lemma in r.lists["share_buy_verbs"]
    sells = lemma in r.lists["share_sell_verbs"]
    whole = lemma in r.lists["share_of_verbs"]
    if not (buys or sells or whole) or _negated(verb, r) or _background(verb):
        return
    shares = _prep_objects(verb, {"for"}) if whole else _children(verb, {"dobj"})
    shares = [t for t in shares if r.in_list("share_nouns", t)]
    if not shares:
        return
    share = shares[0]
    things = _prep_objects(share, {"of"})
    subject, passive = _subject(verb)
    if subject is None or passive:
        return
    if whole:  # the other end is the subject; the one tied is the owner of the whole
        ends, _ = _actors(registry, sec, subject, last_subject)
        owners = [c for t in things for c in t.children if c.dep_ in {"poss", "compound"}]
        tied: list[str] = []
        for owner in owners:
            speaker = _speaker_of_clause(registry, sec, verb) if owner.pos_ == "PRON" else None
            tied += [speaker.id] if speaker else _actors(registry, sec, owner, [])[0]
    else:
        tied, _ = _actors(registry, sec, subject, last_subject)
        side = {"from"} if buys else {"to"}
        places = _prep_objects(verb, side) + [
            o for t in [share, *things] for o in _prep_objects(t, side)
        ]
        places += [
            o for t in things for rel in _children(t, {"relcl"}) for o in _prep_objects(rel, side)
        ]
        ends = [a for t in places for a in _actors(registry, sec, t, [])[0]]
    tied = [a for a in tied if a not in ends]
    if tied and ends:
        yield _Found(tied, "depends_on", ends, [])


MISPARSED_VERB_DEPS = {"compound", "amod", "nmod", "npadvmod"}

# what a token must have for any rule of _sentence_claims to look at it: one of these
# coarse tags, one of these fine tags, or the ROOT dependency (as spaCy's ids)
_CLAIM_POS = frozenset({VERB, AUX, NOUN, PROPN, ADJ})
_CLAIM_TAGS = frozenset(hash_string(tag) for tag in ("VBZ", "VBD", "VBP", "NNS"))
_ROOT = hash_string("ROOT")


def _misparsed_verb(
    registry: ActorRegistry, sec: SectionDoc, token: Token, r: Rules
) -> Iterator[_Found]:
    """A finite verb the parser took for a modifier ("Iran gains room" parsed as a
    compound noun): the holder is the actor just before it (past a short "as a
    bloc"), the counterpart the first noun after its "over"/"on"/"against"."""
    holder = None
    for i in range(token.i - 1, max(token_sent(token).start, token.i - 5) - 1, -1):
        if token.doc[i].is_punct or token.doc[i].pos_ in {"VERB", "AUX"}:
            break
        holder = sec.token_actor.get(i)
        if holder is not None:
            break
    if holder is None:
        return
    lower = token.lower_
    # a verb form the tagger read as a plural noun: "Whitfield benefits", "Iran gains"
    forms = {token.lemma_.lower(), lower[:-1], lower[:-2]} if lower.endswith("s") else set()
    forms.add(token.lemma_.lower())
    for rule in r.verbs:
        lemma = next((f for f in forms if f in rule.lemmas), None)
        if lemma is not None and rule.holder == "subject" and rule.object is None:
            if rule.as_ is None and rule.into is None and not _negated(token, r):
                preps = {w[5:] for w in rule.counterpart if w.startswith("prep:")}
                yield _Found([holder], rule.relation, _next_party(registry, sec, token, preps), [])
            return


def _next_party(
    registry: ActorRegistry, sec: SectionDoc, token: Token, preps: set[str]
) -> list[str]:
    """The actor named by the first noun after one of ``preps`` in the clause."""
    sent_end = token_sent(token).end
    for i in range(token.i + 1, min(sent_end, token.i + 4)):
        if token.doc[i].lower_ not in preps:
            continue
        for j in range(i + 1, min(sent_end, i + 6)):
            tok = token.doc[j]
            if tok.is_punct:
                return []
            if tok.pos_ in {"NOUN", "PROPN"} and (
                j + 1 >= sent_end or token.doc[j + 1].pos_ not in {"NOUN", "PROPN"}
            ):
                return registry_actor(registry, sec, tok)
        return []
    return []


def registry_actor(registry: ActorRegistry, sec: SectionDoc, tok: Token) -> list[str]:
    actor = registry.actor_of(sec, tok)
    return [actor] if actor else _modifier_actor(sec, tok)


def _is_body(registry: ActorRegistry, actor_id: str) -> bool:
    """Is the actor an organisation or an intergovernmental body (not a state or group)?"""
    actor = registry.get(actor_id)
    return actor is not None and actor.kind in {"IGO", "Organization"}


def _is_person(registry: ActorRegistry, actor_id: str) -> bool:
    actor = registry.get(actor_id)
    return actor is not None and actor.kind == "Person"


def _counterparts(
    registry: ActorRegistry, sec: SectionDoc, verb: Token, spec: tuple[str, ...], obj: Token | None
) -> list[str]:
    out: list[str] = []
    for where in spec:
        if where.startswith("body:"):  # "withdrew from ECOWAS", not "from Gaza"
            found = _counterparts(registry, sec, verb, (where[5:],), obj)
            out += [a for a in found if _is_body(registry, a)]
        elif where == "dobj":
            for o in _children(verb, {"dobj"}):
                out += _actors(registry, sec, o, [])[0] or _owner(registry, sec, o)
        elif where == "captives":
            # "took 40 villagers hostage": the captives are the object, another object
            # beside the captive noun, or a compound of it, as the parser pleases
            for o in _children(verb, {"dobj"}):
                if not rules().in_list("captive_nouns", o):
                    out += _actors(registry, sec, o, [])[0]
                    continue
                compounds = _children(o, {"compound"})
                held = [a for c in compounds for a in _actors(registry, sec, c, [])[0]]
                # "taking many hostages": with no captive named, the hostages themselves
                out += held or _actors(registry, sec, o, [])[0]
        elif where == "poss_of_dobj":
            for o in _children(verb, {"dobj"}):
                for p in _children(o, {"poss"}):
                    out += _actors(registry, sec, p, [])[0]
        elif where == "of_dobj":  # "froze the assets of two oligarchs"
            for o in _children(verb, {"dobj"}):
                if not rules().in_list("possession_nouns", o):
                    continue  # "limits the use of outside contractors"
                for p in _prep_objects(o, {"of"}):
                    out += _actors(registry, sec, p, [])[0]
        elif where.startswith("prep:"):
            for o in _prep_objects(verb, {where[5:]}):
                out += _actors(registry, sec, o, [])[0] or _owner(registry, sec, o)
                if where in TARGET_PREPS:
                    out += _origin(registry, sec, o)
        elif where.startswith("as_prep:"):
            for role in _prep_objects(verb, {"as"}):
                for o in _prep_objects(role, {where[8:]}):
                    out += _actors(registry, sec, o, [])[0] or _owner(registry, sec, o)
        elif where == "recipient":
            # "gave the agency 14 days", "refused him access": the dative, or the first of
            # two objects as the parser splits or nests them
            recipients = _children(verb, {"dative"})
            if obj is not None:
                recipients += [d for d in _children(verb, {"dobj"}) if d.i < obj.i]
                recipients += [
                    c for c in obj.children if c.dep_ in {"nmod", "compound"} and c.i < obj.i
                ]  # "refused Richard Bennett access": the parser's compound
            for t in recipients:
                out += _actors(registry, sec, t, [])[0]
        elif where == "for_subject":
            # "called for the Taliban to lift the ban": the subject the "for" clause names
            for clause in _children(verb, {"advcl", "ccomp", "xcomp"}):
                if any(m.lower_ == "for" for m in _children(clause, {"mark"})):
                    for subj in _children(clause, SUBJECTS):
                        out += _actors(registry, sec, subj, [], make_group=False)[0]
        elif where == "clause_subject":
            for clause in _children(verb, {"ccomp", "xcomp"}):
                for subj in _children(clause, SUBJECTS):
                    out += _actors(registry, sec, subj, [], make_group=False)[0]
        elif where.startswith("noun_prep:") and obj is not None:
            # "a series of airstrikes against IS": the act is the object of "of"
            acts = [obj, *(_prep_objects(obj, {"of"}) if where != "noun_prep:of" else [])]
            for o in (t for act in acts for t in _prep_objects(act, {where[10:]})):
                # "froze the assets of Venezuelan officials", "tariffs on U.S. exports"
                out += _actors(registry, sec, o, [])[0] or _owner(registry, sec, o)
                if where[5:] in TARGET_PREPS:
                    out += _origin(registry, sec, o)
    return out


def _verb_claims(
    registry: ActorRegistry, sec: SectionDoc, verb: Token, r: Rules, last_subject: list[str]
) -> Iterator[_Found]:
    lemma = verb.lemma_.lower()
    # copula: "X is the indispensable broker", "X are the big losers"
    if lemma == "be":
        yield from _copula_claims(registry, sec, verb, r, last_subject)
    if lemma in r.cost_verbs:
        yield from _cost_landing(registry, sec, verb, r)
    for rule in r.for_lemma(lemma):
        dobjs = _children(verb, {"dobj"})
        if verb.dep_ == "relcl":  # "the sanctions (that) Washington imposed on Moscow"
            dobjs = [verb.head if d.tag_ in {"WDT", "WP"} else d for d in dobjs]
            if not dobjs and _object_relative(verb):
                dobjs = [verb.head]
        dobj = next(iter(dobjs), None)
        if rule.object is not None:
            # "hands Brazil new leverage": the parser may give both objects as dobj
            # "a series of airstrikes", "$1 billion in aid": the object named after a
            # collection word or an amount
            dobj = next(
                (
                    d
                    for d in dobjs
                    if r.in_list(rule.object, d)
                    or any(r.in_list(rule.object, o) for o in _prep_objects(d, {"of"}))
                    or (d.like_num or d.lower_ in AMOUNT_WORDS)
                    and any(r.in_list(rule.object, o) for o in _prep_objects(d, {"in"}))
                ),
                None,
            )
            if dobj is None:
                continue
        if "captives" in rule.counterpart and _held_idiom(verb, dobjs):
            # "passengers held hostage in Balochistan shared ...": the subject is the
            # captive of a reduced passive the parser read as active
            subject, _ = _subject(verb)
            if subject is not None:
                held = _actors(registry, sec, subject, last_subject)[0]
                if held:
                    yield _Found(held, "bears_cost", [], [])
            return
        if rule.no_particle and _children(verb, {"prt"}):
            continue
        if rule.object is None and any(r.in_list("statement_nouns", d) for d in dobjs):
            return  # "denied accusations from Kigali" answers words, acts on no one
        if rule.into is not None:
            into = _prep_objects(verb, {"into"})
            if not into or not any(r.in_list(rule.into, t) for t in into):
                continue
        if rule.place is not None:
            spots = _prep_objects(verb, PLACE_PREPS) + _children(verb, {"advmod", "prt", "acomp"})
            allowed = {"to", "into", "across"} | {
                w[10:] for w in rule.counterpart if w.startswith("noun_prep:")
            }
            # "on top of", "ahead of schedule" place something else
            spots = [
                t for t in spots if all(p.lower_ in allowed for p in _children(t, {"prep"}))
            ]  # but "sent them back to China" is a return, "on strike at X" a strike
            placed = [t for t in spots if r.in_list(rule.place, t)]
            if not placed:
                continue
            if dobj is None and any(w.startswith("noun_prep:") for w in rule.counterpart):
                dobj = placed[0]  # "went on strike at X": the place word's own phrase
        if rule.as_ is not None:
            roles = _prep_objects(verb, {"as"}) + _children(verb, {"attr", "oprd"})
            # "held two aid workers captive": the predicate noun parsed as a clause
            roles += [
                t for t in _children(verb, {"advcl", "acomp", "ccomp"}) if t.pos_ in {"NOUN", "ADJ"}
            ]  # ("held the passengers hostage": "hostage" parsed as a clause of its own)
            if not any(r.in_list(rule.as_, t) for t in roles):
                continue
        if _negated(verb, r) or _background(verb):
            return
        if rule.under is not None:
            found = _under_attack(registry, sec, verb, rule, r, last_subject)
            if found:
                yield from found
                return
            continue
        subject, passive = _subject(verb)
        if rule.voice == "passive" and not passive:
            continue
        holders: list[str] = []
        counterparts: list[str] = []
        pronoun = False
        if rule.holder == "subject":
            if passive:
                agents = _prep_objects(verb, {"by"}) or [
                    t for t in _force_agents(verb, r) if _actors(registry, sec, t, last_subject)[0]
                ]
                if not agents and r.in_list("membership_verbs", verb):
                    # "was expelled from the party": the body expelling is the doer
                    agents = _prep_objects(verb, {"from"})
                if not agents and rule.patient_cost and subject is not None:
                    # "passengers were killed": the patient bears the cost, no one named
                    patients = _actors(registry, sec, subject, last_subject)[0]
                    if patients:
                        yield _Found(patients, "bears_cost", [], [])
                        return
                if not agents:
                    continue
                holders = [a for t in agents for a in _actors(registry, sec, t, last_subject)[0]]
                if subject is not None and rule.counterpart:
                    counterparts = _actors(registry, sec, subject, last_subject)[0]
            elif subject is not None:
                holders, pronoun = _actors(registry, sec, subject, last_subject)
                counterparts = _counterparts(registry, sec, verb, rule.counterpart, dobj)
                if (
                    not [c for c in counterparts if c not in holders]
                    and rule.relation in IMPLICIT_COUNTERPART
                    and rule.unstated
                ):  # "banned her book", "restrictions on women"
                    counterparts = _counterparts(registry, sec, verb, r.unstated_counterpart, dobj)
        elif rule.holder == "object":
            if passive:
                if rule.passive_holder == "subject" and subject is not None:
                    holders, pronoun = _actors(registry, sec, subject, last_subject)
                    if not holders and subject.pos_ != "PRON":  # "Ukraine's grid was hit"
                        holders = _owner(registry, sec, subject)
                    agents = _prep_objects(verb, {"by"})
                    counterparts = [
                        a
                        for t in agents
                        for a in (
                            _actors(registry, sec, t, last_subject)[0] or _owner(registry, sec, t)
                        )
                    ]  # "by Russian missile strikes": the strikes' owner
            elif dobj is not None:
                if rule.relation == "benefits" and _owner_left_open(dobj):
                    continue  # "to support their families": the doer's own, no party helped
                holders = _actors(registry, sec, dobj, last_subject)[0]
                if subject is not None:
                    counterparts = _actors(registry, sec, subject, last_subject)[0]
        elif rule.holder == "recipient":
            recipients = _children(verb, {"dative"})
            if rule.object is not None and dobj is not None:  # double objects split or nested
                first = dobj.i
                recipients += [d for d in dobjs if d is not dobj and d.i < first]
                recipients += [c for c in dobj.children if c.dep_ == "nmod" and c.i < first]
            if not recipients and dobj is not None and rule.object is None:
                continue
            holders = [a for t in recipients for a in _actors(registry, sec, t, last_subject)[0]]
            given_to = _prep_objects(verb, {"to", "for"})
            if dobj is not None and rule.object is not None:  # "sent aid to Kyiv"
                for thing in [dobj, *_prep_objects(dobj, {"in", "of"})]:  # "$2 billion in aid"
                    given_to += _prep_objects(thing, {"to", "for"})
            holders += [a for t in given_to for a in _actors(registry, sec, t, [])[0]]
            counterparts = _counterparts(registry, sec, verb, rule.counterpart, dobj)
        counterparts = [c for c in counterparts if c not in holders]  # "withhold them"
        if any(w.startswith("body:") for w in rule.counterpart):
            # states and bodies are members of a body; a person who leaves one leaves a job
            holders = [h for h in holders if not _is_person(registry, h)]
        if not holders and rule.patient_cost and not passive and counterparts:
            # "the blast killed three Hamas commanders": the victims bear the cost
            yield _Found(counterparts, "bears_cost", [], [])
            return
        if not holders or (rule.needs_counterpart and not counterparts):
            continue
        between: list[str] = []
        if rule.between:
            between = _between(registry, sec, verb, holders)
        parties = list(dict.fromkeys(holders))
        if (
            not counterparts
            and len(parties) == 2
            and (rule.mutual or r.in_list("reciprocal_verbs", verb))
        ):  # "India and Pakistan exchanged fire": each presses the other
            yield _Found(parties[:1], rule.relation, parties[1:], [], pronoun)
            yield _Found(parties[1:], rule.relation, parties[:1], [], pronoun)
            return
        givers: list[str] = []
        if rule.holder == "subject" and rule.relation == "benefits" and counterparts:
            # "Kenya received a loan from China": the giver, like a helper, holds sway
            named = _counterparts(registry, sec, verb, GIVER_PLACES, dobj)
            givers = [c for c in counterparts if c in named]
        if givers:
            others = [c for c in counterparts if c not in givers]
            yield _Found(holders, rule.relation, others, between, pronoun)
            yield _Found(givers, "influences", holders, [])
            return
        if rule.holder == "object" and rule.relation == "benefits" and counterparts:
            # "Canada armed Ukraine", "Washington shields Israel": the helped party
            # gains, and its helper holds sway over it (a patron, not a rival it beats)
            yield _Found(holders, rule.relation, [], between, pronoun)
            yield _Found(counterparts, "influences", holders, [])
            return
        yield _Found(holders, rule.relation, counterparts, between, pronoun)
        if rule.mutual and counterparts:
            yield _Found(counterparts, rule.relation, holders, [], pronoun)
        if rule.patient_cost and counterparts:  # "A killed B": B bears the cost A imposed
            yield _Found(counterparts, "bears_cost", holders, [])
        if rule.holder == "recipient" and rule.relation == "benefits":
            # "China extended a loan to Kenya": the giver holds sway over the recipient
            yield from _sway(registry, sec, verb, holders)
        return


def _sway(
    registry: ActorRegistry, sec: SectionDoc, verb: Token, over: list[str], *, noun: bool = False
) -> Iterator[_Found]:
    """The doer of an act that helps ``over`` (a giver, a lender, a lifter of
    sanctions) holds sway over them: a neutral claim, so the pair exists without
    making the doer a gainer."""
    subject, passive = _subject(verb)
    if subject is None or passive:
        return
    doers = [a for a in _actors(registry, sec, subject, [])[0] if a not in over]
    if doers:
        yield _Found(doers, "influences", over, [], noun=noun)


def _object_relative(verb: Token) -> bool:
    """Is the verb a relative clause on its object ("the sanctions (that) Washington
    imposed"), with a subject of its own, not on its subject ("the group that
    attacked")?"""
    return (
        verb.dep_ == "relcl"
        and verb.head.pos_ == "NOUN"
        and any(c.dep_ == "nsubj" and c.tag_ not in {"WDT", "WP"} for c in verb.children)
    )


def _force_agents(verb: Token, r: Rules) -> list[Token]:
    """Who did a passive act through a clash or strike it names: "was killed in a gun
    battle with police", "were wounded in an Israeli airstrike" (the one the fight is
    "with" or "by", or the strike's own modifier)."""
    out: list[Token] = []
    for noun in _prep_objects(verb, {"in", "during"}):
        if not r.in_list("force_nouns", noun):
            continue
        out += _prep_objects(noun, {"with", "by"})
        out += [c for c in noun.children if c.dep_ in {"poss", "amod", "compound"}]
    return out


def _under_attack(
    registry: ActorRegistry,
    sec: SectionDoc,
    verb: Token,
    rule: VerbRule,
    r: Rules,
    last_subject: list[str],
) -> list[_Found]:
    """ "Troops came under fire from rebels", "Manila faces a threat from Beijing": the
    doer after "from" pressures the subject, who bears the cost."""
    nouns = _prep_objects(verb, {"under"}) + _children(verb, {"dobj"})
    nouns = [t for t in nouns if r.in_list(rule.under, t)]
    if not nouns:
        return []
    sources = _prep_objects(verb, {"from"}) + [o for n in nouns for o in _prep_objects(n, {"from"})]
    holders = [a for t in sources for a in _actors(registry, sec, t, [])[0]]
    subject, _ = _subject(verb)
    if subject is None or _owner_left_open(subject):
        return []  # "its trade officials are under pressure"
    targets = _actors(registry, sec, subject, last_subject)[0]
    targets = [t for t in targets if t not in holders]
    if not holders or not targets:
        return []
    return [_Found(holders, rule.relation, targets, []), _Found(targets, "bears_cost", holders, [])]


def _between(
    registry: ActorRegistry, sec: SectionDoc, verb: Token, holders: list[str]
) -> list[str]:
    """Parties a broker stands between: actors named elsewhere in its sentence."""
    out: list[str] = []
    for tok in token_sent(verb):
        actor = sec.token_actor.get(tok.i)
        if actor and actor not in holders and actor not in out:
            known = registry.get(actor)
            if known is not None and known.kind in {"State", "IGO", "Organization"}:
                out.append(actor)
    return out


def _copula_claims(
    registry: ActorRegistry, sec: SectionDoc, verb: Token, r: Rules, last_subject: list[str]
) -> Iterator[_Found]:
    subject, _ = _subject(verb)
    if subject is None:
        return
    for attr in _children(verb, {"attr", "acomp"}):
        for list_name, relation in r.copula.items():
            if r.in_list(list_name, attr):
                if _negated(verb, r) or any(c.dep_ == "neg" for c in attr.children):
                    return
                holders, pronoun = _actors(registry, sec, subject, last_subject)
                if holders:
                    between = _between(registry, sec, verb, holders)
                    yield _Found(holders, relation, [], between if relation == "brokers" else [])
                    return


def _participle_lemmas(token: Token) -> set[str]:
    """Verb lemmas a past participle may come from ("pressured", "blocked", "outspent")."""
    lower = token.lower_
    out = {token.lemma_.lower(), lower}
    if lower.endswith("ed"):
        out |= {lower[:-1], lower[:-2]}
        if len(lower) > 4 and lower[-3] == lower[-4]:
            out.add(lower[:-3])  # "blocked" -> "block", "stopped" -> "stop"
    if lower.endswith("nt"):
        out.add(lower[:-1] + "d")  # "outspent" -> "outspend", "sent" -> "send"
    return out


def _participle_claims(
    registry: ActorRegistry, sec: SectionDoc, adj: Token, r: Rules, last_subject: list[str]
) -> Iterator[_Found]:
    """A passive the tagger read as adjective + "by": "X was outspent by Y"."""
    head = adj.head
    if head.lemma_ != "be" or _negated(head, r) or _background(head):
        return
    subject, _ = _subject(head)
    if subject is None:
        return
    patients, pronoun = _actors(registry, sec, subject, last_subject)
    agents = [a for t in _prep_objects(adj, {"by"}) for a in _actors(registry, sec, t, [])[0]]
    lemmas = _participle_lemmas(adj)
    for rule in r.verbs:
        if not lemmas & rule.lemmas or rule.object is not None or rule.as_ or rule.into:
            continue
        if rule.holder == "subject" and agents and rule.counterpart:
            yield _Found(agents, rule.relation, patients, [])
            return
        if rule.holder == "object" and rule.passive_holder == "subject" and patients:
            yield _Found(patients, rule.relation, agents, [], pronoun)
            return


COPULAS = {"be", "become", "remain", "seem", "grow", "look", "stay"}


def _adjective_claims(
    registry: ActorRegistry, sec: SectionDoc, adj: Token, r: Rules, last_subject: list[str]
) -> Iterator[_Found]:
    """ "X is dependent on Y", "the deal leaves X exposed", "X remains beholden to Y"."""
    lemma = adj.lemma_.lower()
    for lemmas, relation, preps in r.adjectives:
        if lemma not in lemmas and adj.lower_ not in lemmas:
            continue
        head = adj.head
        holders: list[str] = []
        pronoun = False
        if adj.dep_ == "acomp" and head.lemma_ in {
            "be",
            "become",
            "remain",
            "seem",
            "grow",
            "look",
        }:
            if _negated(head, r) or any(c.dep_ == "neg" for c in adj.children):
                return
            subject, _ = _subject(head)
            if subject is not None:
                holders, pronoun = _actors(registry, sec, subject, last_subject)
        elif adj.dep_ in {"oprd", "ccomp", "xcomp", "acomp"} and head.lemma_ in {
            "leave", "make", "render", "keep"
        }:  # fmt: skip
            if _negated(head, r):
                return
            for obj in _children(head, {"dobj"}) or _children(adj, {"nsubj"}):
                holders += _actors(registry, sec, obj, last_subject)[0]
        elif adj.dep_ == "amod" and adj.head.i in sec.token_actor:
            continue  # "a weaker Iran": description, not a claim
        if not holders:
            return
        targets = _prep_objects(adj, set(preps))
        counterparts = [
            a
            for t in targets
            for a in (_actors(registry, sec, t, [])[0] or _modifier_actor(sec, t))
        ]
        yield _Found(holders, relation, counterparts, [], pronoun)
        return


def _cost_landing(
    registry: ActorRegistry, sec: SectionDoc, verb: Token, r: Rules
) -> Iterator[_Found]:
    subject, _ = _subject(verb)
    if subject is None or not r.in_list(r.cost_subjects, subject) or _negated(verb, r):
        return
    targets = _prep_objects(verb, set(r.cost_preps))
    holders = [a for t in targets for a in _actors(registry, sec, t, [])[0]]
    if holders:
        yield _Found(holders, "bears_cost", [], [])


def _noun_claims(
    registry: ActorRegistry, sec: SectionDoc, noun: Token, r: Rules, last_subject: list[str]
) -> Iterator[_Found]:
    """ "Washington's leverage over Islamabad", "pressure on Tehran"."""
    lemma = noun.lemma_.lower()
    for lemmas, relation, preps in r.nouns:
        if lemma not in lemmas and noun.lower_ not in lemmas:
            continue
        targets = _prep_objects(noun, set(preps))
        if not targets and r.in_list("patient_nouns", noun):
            yield from _patient_possessor(registry, sec, noun, last_subject)
            return
        if not targets:
            continue
        counterparts = [a for t in targets for a in _actors(registry, sec, t, [])[0]]
        if not counterparts and r.in_list("pressure_nouns", noun):
            # "tariffs on U.S. tractors", "a tariff on steel from Brazil": the owner of
            # what is targeted, or where it comes from
            counterparts = [
                a for t in targets for a in _owner(registry, sec, t) or _origin(registry, sec, t)
            ]
        if not counterparts:
            continue
        if (
            relation == "pressures"
            and noun.dep_ in {"dobj", "nsubjpass"}
            and r.in_list("removal_verbs", noun.head)
        ):  # "lifted sanctions on Syria": no pressure left; the target gains, and the
            # lifter, who may impose them again, still holds sway over it
            yield _Found(counterparts, "benefits", [], [], noun=True)
            yield from _sway(registry, sec, noun.head, counterparts, noun=True)
            return
        holders: list[str] = []
        pronoun = False
        poss = _children(noun, {"poss"})
        # "U.S. sanctions on Iran", "restrictions imposed by Washington on Huawei"
        agents = [
            a
            for acl in [noun, *_children(noun, {"acl"})]  # "the deportation ... by Thailand"
            for t in _prep_objects(acl, {"by"})
            for a in _actors(registry, sec, t, [])[0]
        ]
        modifiers = [
            sec.token_actor[c.i]
            for c in noun.children
            if c.dep_ in {"compound", "amod", "nmod"} and c.i in sec.token_actor
        ]
        if poss:
            holders, pronoun = _actors(registry, sec, poss[0], last_subject)
        elif agents or (modifiers and relation != "gains_leverage"):
            holders = agents or modifiers[:1]
        else:
            head = noun.head
            if noun.dep_ in {"dobj", "attr"} and head.pos_ in {"VERB", "AUX"}:
                if _negated(head, r) or head.lemma_.lower() in r.lists.get("loss_verbs", ()):
                    return
                if head.lemma_.lower() in {"give", "hand", "grant", "afford"}:
                    recipients = _children(head, {"dative"})
                    holders = [a for t in recipients for a in _actors(registry, sec, t, [])[0]]
                    if not recipients:
                        subject, _ = _subject(head)
                        if subject is not None and subject.pos_ != "PRON":
                            holders = []
                else:
                    subject, passive = _subject(head)
                    if subject is not None and not passive:
                        holders, pronoun = _actors(registry, sec, subject, last_subject)
            elif noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in {"VERB", "AUX"}:
                # "Manila is at the mercy of Hanoi", "leaves Manila at the mercy of Hanoi"
                verb = head.head
                if _negated(verb, r):
                    return
                objects = _children(verb, {"dobj"})
                subject, passive = _subject(verb)
                who = objects[0] if objects else (subject if not passive else None)
                if who is not None:
                    holders, pronoun = _actors(registry, sec, who, last_subject)
        if holders:
            yield _Found(holders, relation, counterparts, [], pronoun, noun=True)
        return


def _owner_left_open(subject: Token) -> bool:
    """Is the subject owned by a pronoun ("its officials"), so that whose it is, and
    so who is pressed, is left open?"""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subject.children)


def _acted_under(
    registry: ActorRegistry, sec: SectionDoc, noun: Token, r: Rules, last_subject: list[str]
) -> Iterator[_Found]:
    """ "Apple pulled the app after pressure from Beijing", "the board bowed to demands
    from investors": the party after "from" pressures the one who acted, who gave way
    (``concede_preps``); "despite pressure from X" says only that X pressed."""
    prep = noun.head
    verb = prep.head
    if prep.dep_ != "prep" or verb.pos_ not in {"VERB", "AUX"} or _negated(verb, r):
        return
    word = prep.lower_
    gave_way = word in r.lists["concede_preps"] or (
        word == "to" and verb.lemma_.lower() in r.lists["give_way_verbs"]
    )
    if not gave_way and word not in r.lists["resisted_preps"]:
        return
    sources = _prep_objects(noun, {"from", "by"})
    holders = [a for t in sources for a in _actors(registry, sec, t, [])[0]]
    subject, passive = _subject(verb)
    if not holders or subject is None or passive or verb.lemma_.lower() == "be":
        return  # "is under pressure from X" is the rule of the verbs of "under"
    if _owner_left_open(subject):
        return  # "its officials acted after pressure from X"
    actors, pronoun = _actors(registry, sec, subject, last_subject)
    targets = [a for a in actors if a not in holders]
    if not targets:
        return
    yield _Found(holders, "pressures", targets, [], noun=True)
    if gave_way:
        yield _Found(targets, "concedes", holders, [], pronoun, noun=True)


def _fortune_claims(
    registry: ActorRegistry, sec: SectionDoc, noun: Token, r: Rules
) -> Iterator[_Found]:
    """ "Dealt a blow to Gachagua", "a major victory for Ruto": the party after "for"
    or "to" (on the noun, or on the verb it is the object of) bears the cost or
    gains (``fortune_nouns``); the verb's doer, if a party, is the counterpart."""
    head = noun.head
    verb = head if noun.dep_ in {"dobj", "attr"} and head.pos_ in {"VERB", "AUX"} else None
    if (verb is not None and _negated(verb, r)) or any(
        c.dep_ == "det" and c.lower_ == "no" for c in noun.children
    ):
        return  # "is no victory for Hungary"
    places = _prep_objects(noun, {"for", "to"})
    if verb is not None and verb.lemma_.lower() != "be":
        places += _prep_objects(verb, {"to"})
        if r.in_list("giving_verbs", verb):  # "handed the union its biggest win"
            places += [c for c in _children(verb, {"dative", "dobj"}) if c.i != noun.i]
    holders = [a for t in places for a in _actors(registry, sec, t, [])[0]]
    if not holders:
        return
    doers: list[str] = []
    if verb is not None and verb.lemma_.lower() != "be":
        subject, passive = _subject(verb)
        if subject is not None and not passive:
            doers = [a for a in _actors(registry, sec, subject, [])[0] if a not in holders]
    yield _Found(holders, r.fortune[noun.lemma_.lower()], doers, [], noun=True)


def _patient_possessor(
    registry: ActorRegistry, sec: SectionDoc, noun: Token, last_subject: list[str]
) -> Iterator[_Found]:
    """ "Kiprono's arrest", "the activists' deportation": without an "of" phrase the
    possessor of an act done to people is the one it was done to."""
    poss = _children(noun, {"poss"})
    if not poss or any(c.dep_ == "neg" or c.lower_ in {"no", "without"} for c in noun.children):
        return
    patients, pronoun = _actors(registry, sec, poss[0], last_subject)
    if patients:
        yield _Found(patients, "bears_cost", [], [], pronoun, noun=True)
