"""The trained claim model: logistic regressions over rule and co-occurrence candidates.

Two linear models, trained by :mod:`powermap.extract.training` on the committed
sentence annotations and shipped as JSON weights (``extract/models/claims.json``,
no pickle, loaded offline in microseconds):

- the **role** model gives each actor of a sentence a probability of holding a
  ``gains``, ``loses`` or ``neutral`` claim there (or ``none``);
- the **pair** model gives each ordered pair of actors the probability that the
  first holds leverage over the second by what the sentence says, the second
  drawn from the sentence or, marked ``inferred``, from the discourse.

:func:`decide` merges them with the rule claims: a rule claim the role model finds
very unlikely is dropped, a counterpart the rules missed is added from the best
pair, and a confident role or pair the rules missed becomes a claim of its own.
The model file says which of these steps cross-validation kept (``use``).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from powermap.extract.candidates import Sentence, cue_relations
from powermap.extract.formats.layout import layout
from powermap.extract.model import RELATIONS, Claim
from powermap.ontology.lexicon import implicit_counterpart, state_powers

__all__ = [
    "LinearModel",
    "ClaimModel",
    "load_model",
    "decide",
    "infer_from_headline",
    "infer_state_power",
    "cost_of_pressure",
    "MODEL_FILE",
]

MODEL_FILE = "claims.json"
DEFAULT_RELATION = {"gains": "gains_leverage", "loses": "bears_cost", "neutral": "influences"}


@dataclass(frozen=True)
class LinearModel:
    """A (multinomial or binary) logistic regression as named feature weights."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def proba(self, features: dict[str, float]) -> dict[str, float]:
        """Class probabilities for one feature dict (unknown features are ignored)."""
        scores = list(self.intercept)
        weights = self.weights
        # summed in name order: a dict built from sets has a per-process order, and a
        # float sum in another order can differ in its last bit (and so a rounding);
        # names are unique, so sorting the names alone gives the order of the items
        for name in sorted(features):
            w = weights.get(name)
            if w is not None:
                value = features[name]
                for k, wk in enumerate(w):
                    scores[k] += wk * value
        if len(self.classes) == 2 and len(scores) == 1:  # binary: one score for classes[1]
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, scores[0]))))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "intercept": [round(x, 5) for x in self.intercept],
            "weights": {k: [round(x, 5) for x in v] for k, v in sorted(self.weights.items())},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearModel:
        return cls(
            tuple(data["classes"]),
            tuple(float(x) for x in data["intercept"]),
            {k: tuple(float(x) for x in v) for k, v in data["weights"].items()},
        )


@dataclass(frozen=True)
class ClaimModel:
    """Role and pair models plus the decision thresholds and the steps in use."""

    role: LinearModel
    pair: LinearModel
    thresholds: dict[str, float]
    use: frozenset[str]
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "powermap/claim-model/v1",
            "meta": self.meta,
            "use": sorted(self.use),
            "thresholds": self.thresholds,
            "role": self.role.to_dict(),
            "pair": self.pair.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClaimModel:
        if data.get("format") != "powermap/claim-model/v1":
            raise ValueError("not a powermap claim model (format powermap/claim-model/v1)")
        return cls(
            role=LinearModel.from_dict(data["role"]),
            pair=LinearModel.from_dict(data["pair"]),
            thresholds={k: float(v) for k, v in data["thresholds"].items()},
            use=frozenset(data.get("use", [])),
            meta=dict(data.get("meta", {})),
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=None, sort_keys=True) + "\n", "utf-8")


@functools.lru_cache(maxsize=4)
def load_model(path: str | None = None) -> ClaimModel | None:
    """The shipped claim model (or the one at ``path``); None when none is shipped."""
    if path is not None:
        return ClaimModel.from_dict(json.loads(Path(path).read_text("utf-8")))
    resource = files("powermap.extract") / "models" / MODEL_FILE
    if not resource.is_file():
        return None
    return ClaimModel.from_dict(json.loads(resource.read_text("utf-8")))


# steps the decision can take; the model file lists those cross-validation kept
# ("news_counterpart", "news_add_role": those steps for plain news stories, at their own
# thresholds: cross-validation found them winning on news and losing on analyses;
# "veto" judges analyses and "news_veto" news stories: vetoing news claims lost losers;
# "news_add_pair" adds pairs in news stories at a threshold of its own)
STEPS = (
    "veto",
    "news_veto",
    "counterpart",
    "news_counterpart",
    "inferred",
    "add_role",
    "news_add_role",
    "add_pair",
    "news_add_pair",
    "discourse",
)
# how many sentences back the discourse rule looks
DISCOURSE_WINDOW = 2


def decide(sents: list[Sentence], model: ClaimModel, claims: list[Claim]) -> list[Claim]:
    """The claims of an analysis after the model has judged its rule claims and candidates.

    ``claims`` are all rule claims (in order); those of sentences with candidates are
    re-judged, the others pass through unchanged.
    """
    t = model.thresholds
    use = model.use
    judged: dict[int, list[Claim]] = {}
    seen_ids: set[int] = set()
    for s in sents:
        news = s.section == layout().news_heading
        veto = "news_veto" in use if news else "veto" in use
        role_p = {r.actor: model.role.proba(r.features) for r in s.roles}
        pair_p = {(p.stronger, p.weaker): (model.pair.proba(p.features)["1"], p) for p in s.pairs}
        out: list[Claim] = []
        for c in s.claims:
            seen_ids.add(id(c))
            p = role_p.get(c.holder, {}).get(c.polarity, 1.0)
            if veto and p < t["veto"]:
                continue
            if c.counterpart is None and c.relation != "brokers":
                c = _with_counterpart(c, pair_p, t, use)
            out.append(c)
        held = {c.holder for c in out}
        role_limit = t["add_role"] if "add_role" in use else None
        if "news_add_role" in use and news:
            role_limit = t["news_add_role"]  # news states roles more plainly than analyses
        if role_limit is not None:
            for actor, probs in role_p.items():
                if actor in held:
                    continue
                polarity = max((k for k in probs if k != "none"), key=lambda k: probs[k])
                if probs[polarity] < role_limit:
                    continue
                claim = _new_claim(s, actor, polarity, probs[polarity])
                out.append(_with_counterpart(claim, pair_p, t, use))
                held.add(actor)
        pair_limit = t["add_pair"] if "add_pair" in use else None
        if "news_add_pair" in use and news:
            pair_limit = t["news_add_pair"]  # news leaves more pairs unsaid by the rules
        if pair_limit is not None:
            linked = {_pair_of(c) for c in out}
            for (a, b), (p, cand) in pair_p.items():
                if cand.origin != "sent" or p < pair_limit or (a, b) in linked:
                    continue
                if a in held and any(c.holder == a and c.counterpart for c in out):
                    continue
                claim = replace(_new_claim(s, a, "gains", p), counterpart=b)
                out.append(claim)
                linked.add((a, b))
                held.add(a)
        judged[s.index] = out
    result: list[Claim] = [c for c in claims if id(c) not in seen_ids]
    for s in sents:
        result.extend(judged.get(s.index, []))
    if "discourse" in use:  # only for claims the rules read; the model's own stay as judged
        added = {id(c) for c in result} - {id(c) for c in claims}
        result = infer_from_discourse(result, skip=added)
    order = {(c.section, c.evidence): n for n, c in enumerate(claims)}
    result.sort(key=lambda c: order.get((c.section, c.evidence), len(order)))
    return result


def _pair_of(c: Claim) -> tuple[str, str | None]:
    if c.polarity == "loses" and c.counterpart:
        return (c.counterpart, c.holder)
    return (c.holder, c.counterpart)


def _with_counterpart(
    c: Claim,
    pair_p: dict[tuple[str, str], tuple[float, Any]],
    t: dict[str, float],
    use: frozenset[str],
) -> Claim:
    """Give a claim without counterpart the most probable one, if probable enough."""
    if c.counterpart is not None:
        return c
    best: tuple[float, str, str] | None = None
    for (a, b), (p, cand) in pair_p.items():
        if c.polarity == "loses":
            if b != c.holder:
                continue
            other = a
        else:
            if a != c.holder:
                continue
            other = b
        inferred = cand.origin != "sent"
        step, limit = ("inferred", t["inferred"]) if inferred else ("counterpart", t["counterpart"])
        if not inferred and step not in use and c.section == layout().news_heading:
            step, limit = "news_counterpart", t.get("news_counterpart", 1.0)
        if step not in use or p < limit or other in c.between:
            continue
        if best is None or p > best[0]:
            best = (p, other, "inferred" if inferred else "stated")
    if best is None:
        return c
    p, other, basis = best
    confidence = c.confidence if basis == "stated" else min(c.confidence, round(p * 0.8, 2))
    return replace(c, counterpart=other, basis=basis, confidence=round(confidence, 2))


def _new_claim(s: Sentence, actor: str, polarity: str, p: float) -> Claim:
    """A claim the model adds: its relation from the sentence's strongest cue."""
    relation = DEFAULT_RELATION[polarity]
    cues = cue_relations()
    for word in s.text.lower().replace(",", " ").replace(".", " ").split():
        rel = cues.get(word)
        if rel and RELATIONS.get(rel) == polarity:
            relation = rel
            break
    return Claim(
        holder=actor,
        relation=relation,
        polarity=polarity,
        counterpart=None,
        between=[],
        mechanism=None,
        section=s.section,
        evidence=s.text,
        confidence=round(min(0.9, p), 2),
    )


def infer_from_discourse(
    claims: list[Claim], *, skip: set[int] | frozenset[int] = frozenset()
) -> list[Claim]:
    """Give a claim without counterpart the opposite party of the sentences just before.

    "Washington lost ground in the talks. Beijing gains as well.": Beijing gains over
    Washington, who lost in the sentence before. A gain takes as counterpart the actor
    that lost (or was the target of a gain) in the previous sentences of the section; a
    loss takes the actor that gained. The claim is marked ``inferred`` and its
    confidence lowered.
    """
    out: list[Claim] = []
    recent: list[tuple[str, str, list[Claim]]] = []  # (section, evidence, its claims)
    for c in claims:
        if not recent or (recent[-1][0], recent[-1][1]) != (c.section, c.evidence):
            recent.append((c.section, c.evidence, []))
            del recent[: -(DISCOURSE_WINDOW + 1)]
        open_ = c.counterpart is None and not c.between and id(c) not in skip
        if open_ and c.relation in implicit_counterpart():
            other = _opposite(c, [x for sec, _, xs in recent[:-1] if sec == c.section for x in xs])
            if other is not None:
                c = replace(
                    c,
                    counterpart=other,
                    basis="inferred",
                    confidence=round(max(0.1, c.confidence - 0.25), 2),
                )
        recent[-1][2].append(c)
        out.append(c)
    return out


def infer_from_headline(claims: list[Claim], headline: list[str]) -> list[Claim]:
    """Give a claim of a headline party without counterpart the one other party the
    headline names.

    "Kenya's plan to close camps worries refugees": "Kenya wants to close the camps"
    later in the story pressures the refugees. With no other party in the headline,
    or two, the claim stays open. Marked ``inferred``, with a lower confidence.
    """
    out = []
    for c in claims:
        open_ = c.counterpart is None and not c.between and c.holder in headline
        if open_ and (c.relation in implicit_counterpart() or c.polarity == "loses"):
            others = [a for a in headline if a != c.holder]
            if len(others) == 1:
                c = replace(
                    c,
                    counterpart=others[0],
                    basis="inferred",
                    confidence=round(max(0.1, c.confidence - 0.25), 2),
                )
        out.append(c)
    return out


def infer_state_power(claims: list[Claim], state: str | None, kinds: dict[str, str]) -> list[Claim]:
    """Give a person's open cost of a state power (detention, trial, deportation:
    ``state_powers``) the state the news story is about as its counterpart: only
    authorities arrest, try or deport, and a story's unnamed authorities are its
    state's ("the reporter was detained in March"). Groups stay open: prisoners
    or migrants are often held by another state than the story's. The state
    presses the person in turn, as "police arrested him" says both. Marked
    ``inferred``, with a lower confidence."""
    if state is None:
        return claims
    powers = state_powers()
    out = []
    for c in claims:
        if (
            c.counterpart is None
            and c.polarity == "loses"
            and c.mechanism in powers
            and kinds.get(c.holder) == "Person"
        ):
            c = replace(
                c,
                counterpart=state,
                basis="inferred",
                confidence=round(max(0.1, c.confidence - 0.25), 2),
            )
            # and the state presses the person, as "police arrested him" says both
            out.append(replace(c, holder=state, relation="pressures", polarity="gains",
                               counterpart=c.holder))  # fmt: skip
        out.append(c)
    return out


def cost_of_pressure(claims: list[Claim]) -> list[Claim]:
    """In a one-line report, a party pressed or constrained bears the cost: "the
    African Union suspended Niger" reports Niger's loss as much as the bloc's act.
    (In a longer story the target may yet prevail, and its own sentences say so.)"""
    costs = {(c.holder, c.counterpart) for c in claims if c.relation == "bears_cost"}
    out = list(claims)
    for c in claims:
        if c.relation in {"pressures", "constrains"} and c.counterpart is not None:
            if (c.counterpart, c.holder) not in costs:
                costs.add((c.counterpart, c.holder))
                out.append(replace(c, holder=c.counterpart, relation="bears_cost",
                                   polarity="loses", counterpart=c.holder))  # fmt: skip
    return out


def _opposite(c: Claim, before: list[Claim]) -> str | None:
    """The party opposite ``c`` in the claims before it (latest first), if exactly one."""
    found: list[str] = []
    for x in reversed(before):
        if c.polarity == "gains":  # the weaker party just before
            side = x.holder if x.polarity == "loses" else x.counterpart
        elif c.polarity == "loses":  # the stronger party just before
            side = x.holder if x.polarity == "gains" else x.counterpart
        else:
            side = None
        if side and side != c.holder and side not in found:
            found.append(side)
    return found[0] if len(found) == 1 else None
