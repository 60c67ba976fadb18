"""Claim candidates and their features, for the trained claim model.

A *candidate* is a question the claim model answers about one sentence:

- a **role** candidate asks which polarity (``gains``, ``loses``, ``neutral`` or
  ``none``) an actor named in the sentence holds there;
- a **pair** candidate asks whether actor A holds leverage over actor B by what the
  sentence says. B is named in the same sentence (origin ``sent``) or, when the
  sentence names no other party, drawn from the discourse: the previous sentences
  of the section (``prev``) or the headline and dek (``title``).

Features are read from the dependency parse, the trigger lexicon
(``ontology/leverage.yaml``), the news-verb lexicon (``ontology/newsverbs.yaml``),
negation, voice, section, distance and the rule claims found in the sentence, so
the model learns when to trust, add to or overrule the rules.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.parts_of_speech import ADJ, NOUN, VERB
from spacy.tokens import Span, Token

from powermap.extract.actors import ActorRegistry, SectionDoc
from powermap.extract.claims import _is_passive, _negated, rules
from powermap.extract.components import doc_sents, pos_tag_dep, span_text
from powermap.extract.model import RELATIONS, Claim
from powermap.ontology.newsverbs import news_verbs

__all__ = [
    "Sentence",
    "RoleCandidate",
    "PairCandidate",
    "sentences",
    "cue_relations",
    "MAX_ACTORS",
]

# sentences naming more actors than this are lists; only the first ones are candidates
MAX_ACTORS = 8
# how many earlier sentences of a section may supply an inferred counterpart
DISCOURSE_WINDOW = 2
CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj", "acl", "pcomp", "csubj"}


@dataclass
class RoleCandidate:
    """Which polarity one actor holds in one sentence."""

    actor: str
    features: dict[str, float]
    rule_polarity: str | None = None


@dataclass
class PairCandidate:
    """Whether ``stronger`` holds leverage over ``weaker`` by one sentence."""

    stronger: str
    weaker: str
    origin: str  # sent | prev | title
    features: dict[str, float]
    rule: bool = False


@dataclass
class Sentence:
    """One sentence of an analysis with its rule claims and its candidates."""

    section: str
    text: str
    index: int  # position in the analysis, in reading order
    actors: list[str]
    claims: list[Claim] = field(default_factory=list)
    roles: list[RoleCandidate] = field(default_factory=list)
    pairs: list[PairCandidate] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def cue_relations() -> dict[str, str]:
    """Trigger lemma -> relation kind, from the leverage rules and the news verbs."""
    r = rules()
    out: dict[str, str] = {}
    out.update({lemma: e.relation for lemma, e in news_verbs().items() if e.relation})
    for rule in r.verbs:
        for lemma in rule.lemmas if rule.cue else ():
            out[lemma] = rule.relation
    for lemmas, relation, _ in r.nouns:
        for lemma in lemmas:
            out.setdefault(lemma, relation)
    for lemmas, relation, _ in r.adjectives:
        for lemma in lemmas:
            out.setdefault(lemma, relation)
    for list_name, relation in r.copula.items():
        for word in r.lists.get(list_name, ()):
            out.setdefault(word, relation)
    for word in r.lists.get("cost_nouns", ()):
        out.setdefault(word, "bears_cost")
    for word in r.lists.get("pressure_nouns", ()):
        out.setdefault(word, "pressures")
    for word in r.lists.get("leverage_nouns", ()):
        out.setdefault(word, "gains_leverage")
    return out


@functools.lru_cache(maxsize=1)
def _news_roles() -> dict[str, str]:
    """News verb lemma -> who holds the claim (``subject`` or ``object``)."""
    return {lemma: e.holder for lemma, e in news_verbs().items() if e.holder}


def sentences(
    registry: ActorRegistry,
    sections: list[SectionDoc],
    claims: list[Claim],
    *,
    title_actors: Iterable[str] = (),
) -> list[Sentence]:
    """Every sentence of an analysis that names an actor, with its candidates.

    ``claims`` are the rule claims of the analysis (matched to sentences by their
    evidence); ``title_actors`` are the actors of the headline and dek, offered as
    inferred counterparts.
    """
    by_evidence: dict[tuple[str, str], list[Claim]] = {}
    for c in claims:
        by_evidence.setdefault((c.section, c.evidence), []).append(c)
    titles = list(dict.fromkeys(title_actors))
    out: list[Sentence] = []
    index = 0
    for sec in sections:
        recent: list[list[str]] = []
        for sent in doc_sents(sec.doc):
            text = span_text(sent).strip()
            if not text:
                continue
            heads = _actor_heads(sec, sent)
            actors = list(heads)[:MAX_ACTORS]
            s = Sentence(sec.heading, text, index, actors)
            s.claims = by_evidence.get((sec.heading, text), [])
            index += 1
            if actors:
                _fill(registry, sec, sent, s, heads, recent, titles)
                out.append(s)
            recent.append(actors)
            del recent[:-DISCOURSE_WINDOW]
    return out


def _actor_heads(sec: SectionDoc, sent: Span) -> dict[str, Token]:
    """Actor id -> the syntactic head of its first mention in the sentence."""
    spans: dict[str, list[Token]] = {}
    doc = sent.doc
    for i in range(sent.start, sent.end):  # a Token is made only for an actor's tokens
        actor = sec.token_actor.get(i)
        if actor is not None:
            spans.setdefault(actor, []).append(doc[i])
    heads: dict[str, Token] = {}
    for actor, toks in spans.items():
        ids = {t.i for t in toks}
        first = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
        heads[actor] = first[0] if first else toks[0]
    return heads


_GOVERNORS = "powermap_governors"


def _governor(tok: Token) -> tuple[Token, list[str]]:
    """The clause head (verb, or the root) that governs a token, and the path of deps
    (once per token: kept in the doc's ``user_data``, as each pair of actors asks
    again; treat the path as read-only)."""
    memo: dict[int, tuple[Token, list[str]]] = tok.doc.user_data.setdefault(_GOVERNORS, {})
    found = memo.get(tok.i)
    if found is None:
        found = memo[tok.i] = _find_governor(tok)
    return found


def _find_governor(tok: Token) -> tuple[Token, list[str]]:
    path: list[str] = []
    cur = tok
    for _ in range(8):
        if cur.dep_ in CLAUSE_DEPS and cur.pos_ in {"VERB", "AUX"} or cur.head.i == cur.i:
            return cur, path
        path.append(cur.dep_)
        cur = cur.head
        if cur.pos_ in {"VERB", "AUX"}:
            return cur, path
    return cur, path


def _section_class(heading: str) -> str:
    words = heading.lower().split()
    return " ".join(words[:2]) if words else "none"


def _bucket(n: int) -> str:
    for limit in (1, 2, 4, 8, 16):
        if n <= limit:
            return str(limit)
    return "many"


def _role_features(
    registry: ActorRegistry,
    sec: SectionDoc,
    sent: Span,
    head: Token,
    s: Sentence,
    rule_polarity: str | None,
    rule_counterpart: bool,
) -> dict[str, float]:
    r = rules()
    cues = cue_relations()
    actor = registry.get(sec.token_actor.get(head.i, ""))
    gov, path = _governor(head)
    glemma = gov.lemma_.lower()
    f: dict[str, float] = {"bias": 1.0}
    f[f"dep={head.dep_}"] = 1.0
    f[f"path={'/'.join(path[:3])}"] = 1.0
    f[f"gov={glemma}"] = 1.0
    f[f"dep_gov={head.dep_}|{glemma}"] = 1.0
    if actor is not None:
        f[f"kind={actor.kind}"] = 1.0
    relation = cues.get(glemma)
    if relation:
        f[f"gov_rel={relation}"] = 1.0
        f[f"gov_rel_dep={relation}|{head.dep_}"] = 1.0
        role = _news_roles().get(glemma)
        if role:
            f[f"news_role={role}|{head.dep_}"] = 1.0
    if head.dep_ == "pobj":
        f[f"prep={head.head.lower_}"] = 1.0
        f[f"prep_gov={head.head.lower_}|{glemma}"] = 1.0
    f.update(_sentence_cues(sent))
    lo, hi = max(sent.start, head.i - 3), min(sent.end, head.i + 4)
    for tok in head.doc[lo:hi]:
        if tok.pos_ in {"VERB", "NOUN", "ADJ", "ADP"} and tok.i != head.i:
            f[f"w={tok.lemma_.lower()}"] = 1.0
    if _negated(gov, r):
        f["neg"] = 1.0
    if gov.pos_ in {"VERB", "AUX"} and _is_passive(gov):
        f["passive"] = 1.0
        f[f"passive_dep={head.dep_}"] = 1.0
    f[f"sec={_section_class(s.section)}"] = 1.0
    if s.actors and s.actors[0] == sec.token_actor.get(head.i):
        f["first_actor"] = 1.0
    f[f"n_actors={_bucket(len(s.actors))}"] = 1.0
    if rule_polarity:
        f[f"rule={rule_polarity}"] = 1.0
    if rule_counterpart:
        f["rule_counterpart"] = 1.0
    if s.claims:
        f["rule_in_sentence"] = 1.0
    return f


_CUE_KEY = "powermap_sentence_cues"
_CUE_POS = frozenset({VERB, NOUN, ADJ})


def _sentence_cues(sent: Span) -> dict[str, float]:
    """The trigger words of a sentence and their relations (once per sentence).

    Kept in the doc's ``user_data``, so the memo lives and dies with its doc (a
    module cache keyed by ``id(doc)`` handed a freed doc's cues to a new doc)."""
    memo = sent.doc.user_data.setdefault(_CUE_KEY, {})
    key = f"{sent.start}:{sent.end}"
    found: dict[str, float] | None = memo.get(key)
    if found is None:
        cues = cue_relations()
        found = {}
        doc = sent.doc
        rows = pos_tag_dep(doc)
        for i in range(sent.start, sent.end):
            if rows[i][0] not in _CUE_POS:
                continue
            tok = doc[i]
            lemma = tok.lemma_.lower()
            rel = cues.get(lemma) or cues.get(tok.lower_)
            if rel:
                found[f"cue={lemma}"] = 1.0
                found[f"cue_rel={rel}"] = 1.0
        memo[key] = found
    return found


def _dep_path(a: Token, b: Token) -> tuple[str, int]:
    """The dependency path from ``a`` up to the common ancestor and down to ``b``."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in ids_b:
            m = ids_b[t.i]
            left = [x.dep_ for x in up_a[:n]]
            right = [x.dep_ for x in up_b[:m]][::-1]
            via = t.lemma_.lower() if t.pos_ in {"VERB", "NOUN", "ADP", "ADJ"} else t.pos_
            return "/".join(left[:3]) + f">{via}<" + "/".join(right[-3:]), n + m
    return "none", 99


def _fill(
    registry: ActorRegistry,
    sec: SectionDoc,
    sent: Span,
    s: Sentence,
    heads: dict[str, Token],
    recent: list[list[str]],
    titles: list[str],
) -> None:
    holders: dict[str, str] = {}
    counterparts: set[str] = set()
    rule_pairs: dict[tuple[str, str], str] = {}
    for c in s.claims:
        holders.setdefault(c.holder, c.polarity)
        for other in [c.counterpart] if c.counterpart else []:
            counterparts.add(other)
            if c.polarity == "loses":
                rule_pairs[(other, c.holder)] = c.polarity
            else:
                rule_pairs[(c.holder, other)] = c.polarity
    role_f: dict[str, dict[str, float]] = {}
    for actor in s.actors:
        feats = _role_features(
            registry, sec, sent, heads[actor], s, holders.get(actor), actor in counterparts
        )
        role_f[actor] = feats
        s.roles.append(RoleCandidate(actor, feats, holders.get(actor)))
    for a in s.actors:
        for b in s.actors:
            if a == b:
                continue
            f = _pair_features(role_f[a], role_f[b], heads[a], heads[b], rule_pairs, a, b)
            f["origin=sent"] = 1.0
            s.pairs.append(PairCandidate(a, b, "sent", f, rule=(a, b) in rule_pairs))
    # the discourse: a sentence naming one party borrows the other from just before
    if len(s.actors) == 1:
        (a,) = s.actors
        offered: dict[str, str] = {}
        for n, earlier in enumerate(reversed(recent)):
            for b in earlier:
                offered.setdefault(b, f"prev{n + 1}")
        for b in titles:
            offered.setdefault(b, "title")
        offered.pop(a, None)
        for b, origin in list(offered.items())[:MAX_ACTORS]:
            for x, y in ((a, b), (b, a)):
                f = _discourse_features(role_f[a], x == a, origin, registry.get(b))
                s.pairs.append(PairCandidate(x, y, "title" if origin == "title" else "prev", f))


_PAIR_KEYS = ("dep=", "gov_rel=", "kind=", "rule=", "prep=", "news_role=", "passive_dep=")


def _pair_features(
    fa: dict[str, float],
    fb: dict[str, float],
    ha: Token,
    hb: Token,
    rule_pairs: dict[tuple[str, str], str],
    a: str,
    b: str,
) -> dict[str, float]:
    f: dict[str, float] = {"bias": 1.0}
    for key in fa:
        if key.startswith(_PAIR_KEYS) or key in {"neg", "passive", "rule_counterpart"}:
            f[f"h_{key}"] = 1.0
    for key in fb:
        if key.startswith(_PAIR_KEYS) or key in {"rule_counterpart"}:
            f[f"c_{key}"] = 1.0
    for key in fa:
        if key.startswith(("cue_rel=", "sec=")):
            f[key] = 1.0
    path, length = _dep_path(ha, hb)
    f[f"dpath={path}"] = 1.0
    f[f"dlen={_bucket(length)}"] = 1.0
    f[f"dist={_bucket(abs(ha.i - hb.i))}"] = 1.0
    f["h_first" if ha.i < hb.i else "c_first"] = 1.0
    if hb in ha.conjuncts:
        f["coordinated"] = 1.0
    ga, _ = _governor(ha)
    gb, _ = _governor(hb)
    if ga.i == gb.i:
        f["same_gov"] = 1.0
        f[f"same_gov_deps={ha.dep_}|{hb.dep_}"] = 1.0
        rel = cue_relations().get(ga.lemma_.lower())
        if rel:
            f[f"same_gov_rel={rel}|{ha.dep_}|{hb.dep_}"] = 1.0
    kinds = [k for k in fa if k.startswith("kind=")] + [k for k in fb if k.startswith("kind=")]
    if len(kinds) == 2:
        f[f"kinds={kinds[0][5:]}>{kinds[1][5:]}"] = 1.0
    if (a, b) in rule_pairs:
        f["rule_pair"] = 1.0
        f[f"rule_pair={rule_pairs[(a, b)]}"] = 1.0
    if (b, a) in rule_pairs:
        f["rule_reverse"] = 1.0
    return f


def _discourse_features(
    fa: dict[str, float], a_is_stronger: bool, origin: str, other: object
) -> dict[str, float]:
    side = "h" if a_is_stronger else "c"
    f: dict[str, float] = {"bias": 1.0, f"origin={origin}": 1.0, "discourse": 1.0}
    for key in fa:
        if key.startswith(_PAIR_KEYS + ("cue_rel=", "sec=")) or key in {"neg", "passive"}:
            f[f"{side}_{key}"] = 1.0
    kind = getattr(other, "kind", None)
    if kind:
        f[f"other_kind={kind}"] = 1.0
    return f


def polarity_of(relation: str) -> str:
    """The polarity a relation kind gives its holder."""
    return RELATIONS[relation]


def iter_features(sents: Iterable[Sentence]) -> Iterator[dict[str, float]]:
    """Every feature dict of a list of sentences (roles then pairs)."""
    for s in sents:
        for role in s.roles:
            yield role.features
        for pair in s.pairs:
            yield pair.features
