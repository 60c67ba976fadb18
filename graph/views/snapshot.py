"""What the views read from the store: claims, actors, analyses and mechanisms as plain records.

A :class:`Snapshot` is read with a handful of SPARQL queries
(``graph/store/queries/view_*.rq``), each answered inside the analysis graphs so the
union of graphs never repeats a row. Every view (who gains, actor graph,
profile, exports) is computed from a snapshot, and a snapshot can be narrowed
to some analyses and mechanisms with :func:`subset` without going back to the
store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib.term import Identifier

from powermap.graph.store.backends import OxigraphStore, Store
from powermap.graph.store.portable import bind
from powermap.graph.store.sparql import load_query
from powermap.ontology.lexicon import mechanisms as taxonomy
from powermap.ontology.lexicon import relation_kinds
from powermap.ontology.namespace import PREFIXES

__all__ = [
    "ActorInfo",
    "AnalysisInfo",
    "ClaimRecord",
    "MechanismInfo",
    "Snapshot",
    "read_snapshot",
    "snapshot",
    "subset",
    "local_id",
    "mechanism_infos",
    "rows_of",
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


Rows = list[dict[str, str]]


def rows_of(store: Store, name: str, bindings: Mapping[str, Identifier] | None = None) -> Rows:
    """The rows of ``graph/store/queries/<name>.rq``, each bound variable as its string value.

    The embedded store is asked through pyoxigraph directly: the views only need
    strings, and skipping the rdflib terms makes reading four times faster.
    ``bindings`` go in as a ``VALUES`` block (:func:`~powermap.graph.store.portable.bind`).
    """
    text = load_query(name)
    if isinstance(store, OxigraphStore):
        text = bind(text, bindings or {})
        answer = store.raw.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        assert isinstance(answer, ox.QuerySolutions)
        names = [v.value for v in answer.variables]
        return [
            {n: term.value for n in names if (term := row[n]) is not None}  # type: ignore[union-attr]
            for row in answer
        ]
    return [
        {str(k): str(v) for k, v in row.asdict().items()}  # type: ignore[union-attr]
        for row in store.select(text, bindings)  # in pages: a server may cap result sets
    ]


_rows = rows_of


def _text(row: dict[str, str], name: str) -> str | None:
    return row.get(name)


def _most_common(values: Iterable[str]) -> str:
    """The most frequent value, ties broken alphabetically (stable across runs)."""
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def read_snapshot(store: Store) -> Snapshot:
    """Read claims, actors, analyses and mechanisms from ``store`` (seven read-only queries).

    Parameters
    ----------
    store : an open store (read-only is enough).

    Returns
    -------
    Snapshot: records keyed by their contract ids (actor slugs, analysis ids,
    mechanism slugs); claims sorted by analysis date, analysis id and claim id.
    """
    analyses = _read_analyses(store)
    actors, mentions = _read_actors(store)
    mechanism_mentions, labels = _read_mechanism_mentions(store)
    claims = _read_claims(store, analyses)
    used = {c.mechanism for c in claims if c.mechanism}
    used |= {m for per in mechanism_mentions.values() for m in per}
    return Snapshot(
        actors=actors,
        analyses=analyses,
        claims=claims,
        mechanisms=mechanism_infos(used, labels),
        mentions=mentions,
        mechanism_mentions=mechanism_mentions,
    )


def snapshot(source: Store | Snapshot) -> Snapshot:
    """``source`` itself if it is a snapshot, else a snapshot read from the store."""
    return source if isinstance(source, Snapshot) else read_snapshot(source)


def _read_analyses(store: Store) -> dict[str, AnalysisInfo]:
    topics: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, "view_analysis_topics"):
        topics[local_id(row["analysis"])].add(str(row["topic"]))
    result: dict[str, AnalysisInfo] = {}
    for row in _rows(store, "view_analyses"):
        analysis = local_id(row["analysis"])
        result[analysis] = AnalysisInfo(
            id=analysis,
            title=_text(row, "title"),
            date=_text(row, "date"),
            lens=_text(row, "lens"),
            topics=tuple(sorted(topics.get(analysis, ()))),
            document=_text(row, "document"),
            url=_text(row, "url"),
        )
    return dict(sorted(result.items()))


def _read_actors(store: Store) -> tuple[dict[str, ActorInfo], dict[str, frozenset[str]]]:
    labels: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, list[str]] = defaultdict(list)
    wikidata: dict[str, str] = {}
    mentions: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, "view_actor_mentions"):
        actor = local_id(row["actor"])
        mentions[local_id(row["analysis"])].add(actor)
        labels[actor].append(str(row["label"]))
        kinds[actor].append(str(row["kind"]).rsplit("#", 1)[-1])
        if row.get("wikidata") is not None:
            wikidata[actor] = local_id(row["wikidata"])
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, "view_actor_aliases"):
        aliases[local_id(row["actor"])].add(str(row["alias"]))
    actors = {
        actor: ActorInfo(
            id=actor,
            label=_most_common(labels[actor]),
            kind=_most_common(kinds[actor]),
            wikidata=wikidata.get(actor),
            aliases=tuple(sorted(aliases.get(actor, set()) - {_most_common(labels[actor])})),
        )
        for actor in sorted(labels)
    }
    return actors, {a: frozenset(ids) for a, ids in sorted(mentions.items())}


def _read_mechanism_mentions(
    store: Store,
) -> tuple[dict[str, dict[str, tuple[str, ...]]], dict[str, str]]:
    evidence: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    labels: dict[str, str] = {}
    for row in _rows(store, "view_mechanism_mentions"):
        analysis, mechanism = local_id(row["analysis"]), local_id(row["mechanism"])
        sentences = evidence[analysis][mechanism]
        if row.get("evidence") is not None:
            sentences.append(str(row["evidence"]))
        if row.get("label") is not None:
            labels.setdefault(mechanism, str(row["label"]))
    mentions = {
        analysis: {m: tuple(sorted(s)) for m, s in sorted(per.items())}
        for analysis, per in sorted(evidence.items())
    }
    return mentions, labels


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


def _read_claims(store: Store, analyses: dict[str, AnalysisInfo]) -> tuple[ClaimRecord, ...]:
    kinds = {str(kind.iri): (name, kind.direction) for name, kind in relation_kinds().items()}
    parties: dict[str, list[str]] = defaultdict(list)
    for row in _rows(store, "view_claim_parties"):
        parties[str(row["claim"])].append(local_id(row["party"]))
    claims = []
    for row in _rows(store, "view_claims"):
        iri = str(row["claim"])
        relation, direction = kinds.get(str(row["relation"]), (local_id(row["relation"]), "none"))
        counterpart = row.get("counterpart")
        mechanism = row.get("mechanism")
        claims.append(
            ClaimRecord(
                id=local_id(iri),
                analysis=local_id(row["analysis"]),
                holder=local_id(row["holder"]),
                relation=relation,
                polarity=str(row["polarity"]),
                direction=direction,
                evidence=str(row["evidence"]),
                confidence=float(str(row["confidence"])),
                counterpart=local_id(counterpart) if counterpart is not None else None,
                between=tuple(sorted(parties.get(iri, ()))),
                mechanism=local_id(mechanism) if mechanism is not None else None,
                section=_text(row, "heading"),
                basis=row.get("basis") or "stated",
            )
        )

    def order(c: ClaimRecord) -> tuple[str, str, str]:
        info = analyses.get(c.analysis)
        return ((info.date or "") if info else "", c.analysis, c.id)

    return tuple(sorted(claims, key=order))


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
