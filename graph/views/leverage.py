"""Researchers' views: who gains leverage, actor profiles, mechanisms and timelines.

Each view reads a store (or a snapshot of one, see
:mod:`powermap.graph.views.snapshot`), resolves the names it is given
(:mod:`powermap.graph.views.resolve`), and returns plain dataclasses; the CLI and
notebooks print or chart them.

An actor *gains* from a claim when it holds a claim whose polarity is "gains"
(gains leverage, brokers, pressures, extracts concessions, constrains,
benefits), or when it is the counterpart of a claim whose kind hands leverage
to the counterpart (``depends_on``, ``concedes``, ``bears_cost``): "Egypt
depends on the IMF" is a gain for the IMF, over Egypt.

Every claim keeps its ``basis``: "stated" when its sentence names the parties,
"inferred" when one was drawn from the discourse. The views count and mark
inferred claims beside the rest, and ``Filters(stated_only=True)`` leaves
them out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Union

from powermap.graph.views.filters import Filters
from powermap.graph.views.records import ActorInfo, ClaimRecord, MechanismInfo, Snapshot
from powermap.graph.views.resolve import resolve_actor

if TYPE_CHECKING:
    from powermap.graph.store.backends import Store
    from powermap.graph.views.index import ViewIndex
    from powermap.graph.views.months import MonthBalance

__all__ = [
    "Evidence",
    "Count",
    "Gainer",
    "Tie",
    "AnalysisRef",
    "ActorProfile",
    "MechanismSummary",
    "TimelineEntry",
    "Timeline",
    "who_gains",
    "gainers",
    "gainer",
    "actor_profile",
    "check_page",
    "profile",
    "claims_timeline",
    "mechanism_summary",
    "summaries",
    "timeline",
]


@dataclass(frozen=True)
class Evidence:
    """One claim as a reader checks it: the sentence, where it stands, and how sure we are.

    ``basis`` is "inferred" when a party of the claim was drawn from the
    discourse rather than named in the sentence.
    """

    analysis: str
    title: str | None
    date: str | None
    section: str | None
    relation: str
    sentence: str
    confidence: float
    basis: str = "stated"


@dataclass(frozen=True)
class Count:
    """An actor or mechanism (id and label) and how many claims name it."""

    id: str
    label: str
    claims: int


@dataclass(frozen=True)
class Gainer:
    """An actor ranked by the leverage the analyses say it gains."""

    actor: str
    label: str
    kind: str
    wikidata: str | None
    claims: int
    inferred: int
    """How many of ``claims`` are inferred (a party drawn from the discourse)."""
    analyses: int
    score: float
    """Sum of the confidence of the claims (an expected count of true claims)."""
    over: tuple[Count, ...]
    mechanisms: tuple[Count, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Tie:
    """Leverage between the profiled actor and another: claims, analyses and evidence."""

    actor: str
    label: str
    claims: int
    inferred: int
    """How many of ``claims`` are inferred (a party drawn from the discourse)."""
    analyses: int
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class AnalysisRef:
    """An analysis by id, headline, date and lens."""

    id: str
    title: str | None
    date: str | None
    lens: str | None


@dataclass(frozen=True)
class TimelineEntry:
    """A dated claim: who holds it, its relation, the others it names, and the evidence."""

    date: str | None
    analysis: str
    title: str | None
    holder: str
    relation: str
    polarity: str
    others: tuple[str, ...]
    mechanism: str | None
    section: str | None
    evidence: str
    confidence: float
    basis: str = "stated"


@dataclass(frozen=True)
class ActorProfile:
    """Everything the store says about one actor."""

    actor: str
    label: str
    kind: str
    wikidata: str | None
    aliases: tuple[str, ...]
    gains_over: tuple[Tie, ...]
    loses_to: tuple[Tie, ...]
    brokers_between: tuple[tuple[str, str, int], ...]
    """(party, party, claims) for each pair the actor is said to broker between."""
    mechanisms: tuple[Count, ...]
    analyses: tuple[AnalysisRef, ...]
    timeline: tuple[TimelineEntry, ...]
    months: tuple[MonthBalance, ...]
    """Its leverage over anyone against anyone's over it, month by month."""
    claims: int
    """How many claims name the actor: the length of its whole ``timeline``."""
    analysis_count: int
    """How many analyses mention the actor: the length of its whole ``analyses``."""
    offset: int = 0
    """Where the page of ``timeline`` and ``analyses`` starts (0: at the first)."""

    @property
    def more_claims(self) -> int:
        """How many claims come after this page of ``timeline``."""
        return max(0, self.claims - self.offset - len(self.timeline))

    @property
    def more_analyses(self) -> int:
        """How many analyses come after this page of ``analyses``."""
        return max(0, self.analysis_count - self.offset - len(self.analyses))


@dataclass(frozen=True)
class MechanismSummary:
    """A mechanism: in how many analyses it operates, the claims through it, who uses it."""

    id: str
    label: str
    family: str | None
    analyses: int
    claims: int
    actors: tuple[Count, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Timeline:
    """The dated claims of one actor (or between two), and the month-by-month balance."""

    actors: tuple[str, ...]
    labels: tuple[str, ...]
    entries: tuple[TimelineEntry, ...]
    months: tuple[MonthBalance, ...]


Source = Union["Store", Snapshot, "ViewIndex"]
"""What a view reads: a store (through its index when it has a current one), a
snapshot, or an open views index."""


def _indexed(source: Source) -> ViewIndex | None:
    """The views index to answer from: ``source`` itself, or the current index of an
    embedded store; None for a snapshot, a SPARQL endpoint or no usable index."""
    from powermap.graph.views.index import ViewIndex, open_index

    if isinstance(source, ViewIndex):
        return source
    if isinstance(source, Snapshot):
        return None
    return open_index(source)


def _evidence(snap: Snapshot, claim: ClaimRecord) -> Evidence:
    analysis = snap.analyses.get(claim.analysis)
    return Evidence(
        analysis=claim.analysis,
        title=analysis.title if analysis else None,
        date=analysis.date if analysis else None,
        section=claim.section,
        relation=claim.relation,
        sentence=claim.evidence,
        confidence=claim.confidence,
        basis=claim.basis,
    )


def _best_first(snap: Snapshot, claims: Iterable[ClaimRecord]) -> tuple[Evidence, ...]:
    """Evidence of the claims, stated before inferred, most confident first, then newest,
    one per sentence."""
    seen: set[str] = set()
    result = []
    ordered = sorted(claims, key=lambda c: c.id)
    ordered.sort(key=lambda c: snap.date(c.analysis) or "", reverse=True)
    # stable: stated first, then confidence, then newest, then id
    ordered.sort(key=lambda c: (c.inferred, -c.confidence))
    for claim in ordered:
        if claim.evidence not in seen:
            seen.add(claim.evidence)
            result.append(_evidence(snap, claim))
    return tuple(result)


def _tally(claims: list[ClaimRecord]) -> tuple[int, int, int]:
    """How many claims, how many of them inferred, and in how many analyses."""
    return len(claims), sum(c.inferred for c in claims), len({c.analysis for c in claims})


def gainer(
    info: ActorInfo,
    claims: int,
    inferred: int,
    analyses: int,
    score: float,
    *,
    over: tuple[Count, ...],
    mechanisms: tuple[Count, ...],
    evidence: tuple[Evidence, ...],
) -> Gainer:
    """The :class:`Gainer` of the actor ``info`` from its tallies (``score`` unrounded), as
    :func:`gainers` counts them from a snapshot and the views index counts them in SQL."""
    return Gainer(
        actor=info.id,
        label=info.label,
        kind=info.kind,
        wikidata=info.wikidata,
        claims=claims,
        inferred=inferred,
        analyses=analyses,
        score=round(score, 6),
        over=over,
        mechanisms=mechanisms,
        evidence=evidence,
    )


def _counts(pairs: Counter[str], label: dict[str, str]) -> tuple[Count, ...]:
    return tuple(
        Count(key, label.get(key, key), n)
        for key, n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def who_gains(
    source: Source,
    filters: Filters | None = None,
    *,
    over: str | None = None,
    limit: int | None = None,
) -> list[Gainer]:
    """Actors ranked by the leverage the analyses say they gain.

    Parameters
    ----------
    source : an open store or a snapshot.
    filters : which analyses and claims count (:class:`Filters`: lens, topic,
        mechanism or family, date range, stated claims only; none: all).
    over : only gains over this actor (any name: "Washington" is the United States).
    limit : how many actors to return (all when None).

    Returns
    -------
    list of Gainer
        Ranked by analyses stating the gain, then claims, then the sum of their
        confidence, then actor id. Each names whom the actor gains over, the
        mechanisms, how many of its claims are inferred, and the evidence
        sentences (stated before inferred, most confident first).

    Raises
    ------
    ViewError : an unknown actor, mechanism, lens or topic (close matches named).

    Examples
    --------
    >>> from powermap.graph.views.snapshot import ClaimRecord, Snapshot
    >>> snap = Snapshot(claims=(
    ...     ClaimRecord("c1", "a1", "egypt", "depends_on", "loses", "reverse", "...", 0.9,
    ...                 counterpart="imf"),))
    >>> [(g.actor, [o.id for o in g.over]) for g in who_gains(snap)]
    [('imf', ['egypt'])]
    """
    indexed = _indexed(source)
    if indexed is not None:
        from powermap.graph.views import indexed as by_index

        return by_index.who_gains(indexed, filters, over=over, limit=limit)
    from powermap.graph.views.network import narrow

    snap = narrow(source, filters)
    target = resolve_actor(over, snap) if over else None
    result = gainers(snap, target)
    return result[:limit] if limit is not None else result


def gainers(snap: Snapshot, target: str | None = None) -> list[Gainer]:
    """Every actor a claim of ``snap`` says gains (over ``target`` only, when given), ranked.

    The body of :func:`who_gains`, over a snapshot already narrowed and a target
    already resolved to its id.
    """
    gains: dict[str, list[ClaimRecord]] = defaultdict(list)
    for claim in snap.claims:
        for actor in claim.gainers:
            if target is None or target in claim.weaker_than(actor):
                gains[actor].append(claim)
    mechanism_labels = {m: info.label for m, info in snap.mechanisms.items()}
    labels = {a: snap.label(a) for c in snap.claims for a in (c.holder, *c.targets)}
    result = []
    for actor, claims in gains.items():
        result.append(
            gainer(
                snap.actor(actor),
                *_tally(claims),
                sum(c.confidence for c in claims),
                over=_counts(Counter(w for c in claims for w in c.weaker_than(actor)), labels),
                mechanisms=_counts(
                    Counter(c.mechanism for c in claims if c.mechanism), mechanism_labels
                ),
                evidence=_best_first(snap, claims),
            )
        )
    result.sort(key=lambda g: (-g.analyses, -g.claims, -g.score, g.actor))
    return result


def _entry(snap: Snapshot, claim: ClaimRecord) -> TimelineEntry:
    analysis = snap.analyses.get(claim.analysis)
    return TimelineEntry(
        date=analysis.date if analysis else None,
        analysis=claim.analysis,
        title=analysis.title if analysis else None,
        holder=claim.holder,
        relation=claim.relation,
        polarity=claim.polarity,
        others=claim.targets,
        mechanism=claim.mechanism,
        section=claim.section,
        evidence=claim.evidence,
        confidence=claim.confidence,
        basis=claim.basis,
    )


def _ties(snap: Snapshot, by_actor: dict[str, list[ClaimRecord]]) -> tuple[Tie, ...]:
    ties = [
        Tie(other, snap.label(other), *_tally(claims), evidence=_best_first(snap, claims))
        for other, claims in by_actor.items()
    ]
    return tuple(sorted(ties, key=lambda t: (-t.analyses, -t.claims, t.actor)))


def _balance(
    snap: Snapshot, claims: Iterable[ClaimRecord], a: str, b: str | None = None
) -> list[MonthBalance]:
    """The month-by-month leverage balance of ``a`` (against ``b``) in these claims: their
    edges in the actor graph (one per claim and target), weighed without building it."""
    from powermap.graph.views.months import month_balance

    return month_balance(
        (
            (stronger, weaker, snap.date(claim.analysis))
            for claim in claims
            for stronger, weaker in dict.fromkeys(claim.leverage_pairs())
        ),
        a,
        b,
    )


def actor_profile(
    source: Source,
    name: str,
    filters: Filters | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> ActorProfile:
    """What the store says about one actor: whom it gains over and loses to, and when.

    Parameters
    ----------
    source : an open store or a snapshot.
    name : the actor, by any name ("Washington", "U.S.", "united-states").
    filters : which analyses and claims count (:class:`Filters`; none: all).
    limit : how many of its claims (``timeline``) and of its analyses to list, from
        ``offset`` on (all when None). The ties, brokered pairs, mechanisms, months
        and the totals ``claims`` and ``analysis_count`` always count every claim.
    offset : how many claims (and analyses) to skip: pages of ``limit`` from 0,
        ``limit``, ``2 * limit``... concatenate to the whole lists.

    Returns
    -------
    ActorProfile
        ``gains_over`` and ``loses_to`` (per other actor, with evidence: the
        direct leverage edges the ontology draws from each claim, so neutral
        influence counts here though :func:`who_gains` leaves it out),
        ``brokers_between`` (pairs of parties), ``mechanisms`` of the claims it
        holds or gains from, the ``analyses`` that mention it, its ``timeline``
        of claims (each with its ``basis``) and its month-by-month leverage
        balance. Ties count their inferred claims (``inferred``). ``timeline``
        is in date order (then analysis, then claim id), ``analyses`` in date
        order (then id); ``more_claims`` and ``more_analyses`` say how many
        follow the page.

    Raises
    ------
    ViewError : no actor of the store goes by that name (close matches named),
        or ``offset`` is negative or past the last claim and analysis.
    """
    check_page(limit, offset)
    indexed = _indexed(source)
    if indexed is not None:
        from powermap.graph.views import indexed as by_index

        return by_index.actor_profile(indexed, name, filters, limit=limit, offset=offset)
    from powermap.graph.views.network import narrow

    snap = narrow(source, filters)
    found = profile(snap, resolve_actor(name, snap))
    check_page(limit, offset, found)
    if limit is None and offset == 0:
        return found
    stop = None if limit is None else offset + limit
    return replace(
        found,
        timeline=found.timeline[offset:stop],
        analyses=found.analyses[offset:stop],
        offset=offset,
    )


def check_page(limit: int | None, offset: int, profile: ActorProfile | None = None) -> None:
    """Raise :class:`ViewError` for a page that cannot be given: a negative ``limit`` or
    ``offset``, or (``profile`` given) an offset past its last claim and last analysis.

    Examples
    --------
    >>> check_page(50, 0)
    >>> check_page(50, -1)
    Traceback (most recent call last):
    ...
    powermap.graph.errors.ViewError: offset must be 0 or more, not -1
    """
    from powermap.graph.errors import ViewError

    if limit is not None and limit < 0:
        raise ViewError(f"limit must be 0 or more, not {limit}")
    if offset < 0:
        raise ViewError(f"offset must be 0 or more, not {offset}")
    if profile is not None and 0 < offset >= max(profile.claims, profile.analysis_count):
        raise ViewError(
            f"offset {offset} is past the end: {profile.label} has {profile.claims:,} claims "
            f"and {profile.analysis_count:,} analyses"
        )


def profile(snap: Snapshot, actor: str) -> ActorProfile:
    """The body of :func:`actor_profile`: ``actor`` (an id) in a snapshot already narrowed."""
    info = snap.actor(actor)
    over: dict[str, list[ClaimRecord]] = defaultdict(list)
    under: dict[str, list[ClaimRecord]] = defaultdict(list)
    brokered: Counter[tuple[str, str]] = Counter()
    mechanisms: Counter[str] = Counter()
    involved = []
    for claim in snap.claims:
        if actor != claim.holder and actor not in claim.targets:
            continue
        involved.append(claim)
        for stronger, weaker in claim.leverage_pairs():
            if stronger == actor:
                over[weaker].append(claim)
            elif weaker == actor:
                under[stronger].append(claim)
        if claim.relation == "brokers" and claim.holder == actor and len(claim.between) >= 2:
            parties = sorted(claim.between)
            brokered.update((a, b) for i, a in enumerate(parties) for b in parties[i + 1 :])
        if claim.mechanism and (claim.holder == actor or actor in claim.gainers):
            mechanisms[claim.mechanism] += 1
    analyses = sorted(
        (a for a in snap.analyses.values() if actor in snap.mentions.get(a.id, ())),
        key=lambda a: (a.date or "", a.id),
    )
    return ActorProfile(
        actor=actor,
        label=info.label,
        kind=info.kind,
        wikidata=info.wikidata,
        aliases=info.aliases,
        gains_over=_ties(snap, over),
        loses_to=_ties(snap, under),
        brokers_between=tuple((a, b, n) for (a, b), n in sorted(brokered.items())),
        mechanisms=_counts(mechanisms, {m: i.label for m, i in snap.mechanisms.items()}),
        analyses=tuple(AnalysisRef(a.id, a.title, a.date, a.lens) for a in analyses),
        timeline=tuple(_entry(snap, c) for c in involved),
        months=tuple(_balance(snap, involved, actor)),
        claims=len(involved),
        analysis_count=len(analyses),
    )


def mechanism_summary(source: Source, filters: Filters | None = None) -> list[MechanismSummary]:
    """Mechanisms of power by how many analyses say they operate, with who uses them.

    Parameters
    ----------
    source : an open store or a snapshot.
    filters : which analyses and claims count (:class:`Filters`; none: all).

    Returns
    -------
    list of MechanismSummary, by analyses, then claims, then id. ``actors``
    counts the holders of claims through the mechanism; ``evidence`` holds the
    sentences where analyses name the mechanism.
    """
    indexed = _indexed(source)
    if indexed is not None:
        from powermap.graph.views import indexed as by_index

        return by_index.mechanism_summary(indexed, filters)
    from powermap.graph.views.network import narrow

    snap = narrow(source, filters)
    analyses: dict[str, set[str]] = defaultdict(set)
    evidence: dict[str, set[str]] = defaultdict(set)
    for analysis, per in snap.mechanism_mentions.items():
        for mechanism, sentences in per.items():
            analyses[mechanism].add(analysis)
            evidence[mechanism].update(sentences)
    holders: dict[str, Counter[str]] = defaultdict(Counter)
    for claim in snap.claims:
        if claim.mechanism:
            analyses[claim.mechanism].add(claim.analysis)
            holders[claim.mechanism][claim.holder] += 1
    return summaries(
        {m: len(found) for m, found in analyses.items()},
        holders,
        {c.holder: snap.label(c.holder) for c in snap.claims},
        evidence,
        snap.mechanism,
    )


def summaries(
    analyses: dict[str, int],
    holders: dict[str, Counter[str]],
    labels: dict[str, str],
    evidence: dict[str, set[str]],
    mechanism: Callable[[str], MechanismInfo],
) -> list[MechanismSummary]:
    """The body of :func:`mechanism_summary`, from its tallies: per mechanism, the analyses
    where it operates, the claims through it per holder, and the distinct sentences naming it.

    ``labels`` are the holders' labels and ``mechanism`` looks a mechanism up; the
    views index counts the same tallies in SQL.
    """
    result = []
    for m, n in analyses.items():
        info = mechanism(m)
        held = holders.get(m, Counter())
        result.append(
            MechanismSummary(
                id=m,
                label=info.label,
                family=info.family_label,
                analyses=n,
                claims=sum(held.values()),
                actors=_counts(held, labels),
                evidence=tuple(sorted(evidence.get(m, ()))),
            )
        )
    return sorted(result, key=lambda m: (-m.analyses, -m.claims, m.id))


def timeline(
    source: Source,
    a: str,
    b: str | None = None,
    filters: Filters | None = None,
) -> Timeline:
    """The claims of one actor over time, or between two, and the monthly balance of leverage.

    Parameters
    ----------
    source : an open store or a snapshot.
    a : an actor, by any name.
    b : a second actor: only claims naming both, and the balance between them;
        None: every claim of ``a``, and its leverage against everyone.
    filters : which analyses and claims count (:class:`Filters`; none: all).

    Returns
    -------
    Timeline
        ``entries`` in date order; ``months`` from the first dated claim to the
        last (:func:`powermap.graph.views.analytics.leverage_balance`).

    Raises
    ------
    ViewError : an unknown actor or filter value (close matches named).
    """
    indexed = _indexed(source)
    if indexed is not None:
        from powermap.graph.views import indexed as by_index

        return by_index.timeline(indexed, a, b, filters)
    from powermap.graph.views.network import narrow

    snap = narrow(source, filters)
    first = resolve_actor(a, snap)
    second = resolve_actor(b, snap) if b else None
    return claims_timeline(snap, first, second)


def claims_timeline(snap: Snapshot, first: str, second: str | None = None) -> Timeline:
    """The body of :func:`timeline`: actors given by id, in a snapshot already narrowed."""
    wanted = {first} | ({second} if second else set())
    claims = [c for c in snap.claims if wanted <= {c.holder, *c.targets}]
    entries = [_entry(snap, c) for c in claims]

    actors = (first, second) if second else (first,)
    return Timeline(
        actors=actors,
        labels=tuple(snap.label(x) for x in actors),
        entries=tuple(entries),
        months=tuple(_balance(snap, claims, first, second)),
    )
