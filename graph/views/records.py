"""The plain records every view reads: claims, actors, analyses and mechanisms.

Kept free of heavy imports (no rdflib, no store, no NetworkX) so that a view
answered from the views index (:mod:`powermap.graph.views.index`) loads only
what it needs; :mod:`powermap.graph.views.snapshot` reads them from a store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import unquote

from powermap.ontology.lexicon import mechanisms as taxonomy

__all__ = [
    "ActorInfo",
    "AnalysisInfo",
    "ClaimRecord",
    "MechanismInfo",
    "Snapshot",
    "local_id",
    "mechanism_infos",
    "subset",
]


def local_id(iri: object) -> str:
    """The id at the end of an instance IRI (``.../actor/united-states`` -> ``united-states``)."""
    return unquote(str(iri).rstrip("/").rsplit("/", 1)[-1])


@dataclass(frozen=True)
class ActorInfo:
    """One actor as the analyses name it: most used label, kind, Wikidata id, other names."""

    id: str
    label: str
    kind: str
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnalysisInfo:
    """One analysis: headline, date (ISO), lens and topic labels, where it was read from."""

    id: str
    title: str | None = None
    date: str | None = None
    lens: str | None = None
    topics: tuple[str, ...] = ()
    document: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class MechanismInfo:
    """A mechanism of power and, when the taxonomy knows it, its family."""

    id: str
    label: str
    family: str | None = None
    family_label: str | None = None


@dataclass(frozen=True)
class ClaimRecord:
    """One leverage claim with its provenance.

    ``direction`` is the relation kind's ``pm:leverageDirection`` from
    ``relations.ttl``: "forward" (holder over the target), "reverse" (target
    over holder) or "none". ``basis`` is "stated" when the evidence sentence
    names the parties, "inferred" when one was drawn from the discourse.
    """

    id: str
    analysis: str
    holder: str
    relation: str
    polarity: str
    direction: str
    evidence: str
    confidence: float
    counterpart: str | None = None
    between: tuple[str, ...] = ()
    mechanism: str | None = None
    section: str | None = None
    basis: str = "stated"

    @property
    def inferred(self) -> bool:
        """Whether a party of the claim was drawn from the discourse, not its sentence."""
        return self.basis == "inferred"

    @property
    def targets(self) -> tuple[str, ...]:
        """The other actors of the claim: the counterpart, else the parties it stands between."""
        others = (self.counterpart,) if self.counterpart else self.between
        return tuple(t for t in others if t != self.holder)

    def leverage_pairs(self) -> list[tuple[str, str]]:
        """(stronger, weaker) per target, as the ontology's direct ``gainsLeverageOver`` edges.

        Examples
        --------
        >>> c = ClaimRecord("c1", "a1", "egypt", "depends_on", "loses", "reverse", "...", 0.9,
        ...                 counterpart="imf")
        >>> c.leverage_pairs()
        [('imf', 'egypt')]
        """
        if self.direction == "forward":
            return [(self.holder, t) for t in self.targets]
        if self.direction == "reverse":
            return [(t, self.holder) for t in self.targets]
        return []

    @property
    def gainers(self) -> tuple[str, ...]:
        """Actors this claim says gain: its holder if its polarity is "gains"; the targets
        of a kind that hands them leverage (``depends_on``, ``concedes``, ``bears_cost``).

        A neutral claim (``influences``) makes no gainer, though it has a leverage pair.
        """
        found = set(self.targets) if self.direction == "reverse" else set()
        if self.polarity == "gains":
            found.add(self.holder)
        return tuple(sorted(found))

    def weaker_than(self, actor: str) -> tuple[str, ...]:
        """The actors ``actor`` gains over in this claim (none when it is not a gainer)."""
        if actor not in self.gainers:
            return ()
        return tuple(w for s, w in self.leverage_pairs() if s == actor)


@dataclass(frozen=True)
class Snapshot:
    """Everything the views need, read once from a store (or narrowed by :func:`subset`)."""

    actors: dict[str, ActorInfo] = field(default_factory=dict)
    analyses: dict[str, AnalysisInfo] = field(default_factory=dict)
    claims: tuple[ClaimRecord, ...] = ()
    mechanisms: dict[str, MechanismInfo] = field(default_factory=dict)
    mentions: dict[str, frozenset[str]] = field(default_factory=dict)
    """Actor ids mentioned by each analysis."""
    mechanism_mentions: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    """Per analysis: the mechanisms it says are operating, with their evidence sentences."""

    def actor(self, actor_id: str) -> ActorInfo:
        """The actor's record, or a bare one named by its id when no analysis labels it."""
        return self.actors.get(actor_id) or ActorInfo(actor_id, actor_id, "Actor")

    def label(self, actor_id: str) -> str:
        """The actor's label (its id when unknown)."""
        return self.actor(actor_id).label

    def mechanism(self, mechanism_id: str) -> MechanismInfo:
        """The mechanism's record, or a bare one named by its id."""
        return self.mechanisms.get(mechanism_id) or MechanismInfo(mechanism_id, mechanism_id)

    def date(self, analysis_id: str) -> str | None:
        """The analysis's publication date (ISO), if known."""
        info = self.analyses.get(analysis_id)
        return info.date if info else None


def mechanism_infos(used: set[str], labels: dict[str, str]) -> dict[str, MechanismInfo]:
    """The mechanisms in use, labelled from the taxonomy first, then from the analyses."""
    known = {concept.id: concept for concept in taxonomy()}
    result: dict[str, MechanismInfo] = {}
    for mechanism in sorted(used):
        concept = known.get(mechanism)
        label = concept.label if concept else labels.get(mechanism, mechanism)
        family = known.get(concept.broader[0]) if concept and concept.broader else None
        result[mechanism] = MechanismInfo(
            mechanism, label, family.id if family else None, family.label if family else None
        )
    return result


def subset(
    snap: Snapshot,
    *,
    analyses: Callable[[AnalysisInfo], bool] | None = None,
    claims: Callable[[ClaimRecord], bool] | None = None,
) -> Snapshot:
    """The snapshot narrowed to the analyses and claims the predicates keep.

    Actors and mechanisms stay (they are lookup tables); mentions and claims of
    dropped analyses go.
    """
    kept = {a: info for a, info in snap.analyses.items() if analyses is None or analyses(info)}
    return replace(
        snap,
        analyses=kept,
        claims=tuple(
            c for c in snap.claims if c.analysis in kept and (claims is None or claims(c))
        ),
        mentions={a: m for a, m in snap.mentions.items() if a in kept},
        mechanism_mentions={a: m for a, m in snap.mechanism_mentions.items() if a in kept},
    )
