"""Reader paths: guided tours through the analyses of a topic, a lens or a major actor.

A path is chronological and every step shares at least one actor or mechanism
with the step before it, so a reader following it always picks up a thread
they already know. Among the analyses of a group, the path is the longest such
chain (a longest path in the DAG whose edges join an analysis to a later one it
shares something with), ties going to the chain that shares more; the analyses
it cannot reach are listed beside it, still in date order.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass
from datetime import date

from powermap.graph.store.backends import Store
from powermap.graph.views.network import narrow
from powermap.graph.views.resolve import resolve_actor, resolve_lens, resolve_topic
from powermap.graph.views.snapshot import AnalysisInfo, Snapshot
from powermap.ontology.lexicon import slug

__all__ = [
    "PathStep",
    "ReaderPath",
    "PATH_KINDS",
    "reader_paths",
    "major_actors",
    "analysis_actors",
    "analysis_mechanisms",
]

PATH_KINDS = ("topic", "lens", "actor")


@dataclass(frozen=True)
class PathStep:
    """One analysis on a path, what it shares with the step before, and why it comes next.

    ``focus`` names the map nodes a guided tour highlights at this step: the
    analysis itself (``analysis:<id>``), the actors (``actor:<id>``) and
    mechanisms (``mechanism:<id>``) it shares with the step before, and on an
    actor's path that actor.
    """

    analysis: str
    title: str | None
    date: str | None
    lens: str | None
    shared_actors: tuple[str, ...]
    shared_mechanisms: tuple[str, ...]
    why: str
    focus: tuple[str, ...]


@dataclass(frozen=True)
class ReaderPath:
    """An ordered path through the analyses of one topic tag, lens or actor.

    ``id`` is unique among paths (``topic-trade``, ``lens-global-power-plays``,
    ``actor-iran``); ``key`` is the topic or lens label, or the actor id;
    ``aside`` lists the analyses of the group the path could not join, by date.
    """

    id: str
    kind: str
    key: str
    label: str
    steps: tuple[PathStep, ...]
    aside: tuple[str, ...]


def analysis_actors(snap: Snapshot) -> dict[str, frozenset[str]]:
    """Per analysis: the actors it mentions or names in a claim."""
    found: dict[str, set[str]] = {a: set(snap.mentions.get(a, ())) for a in snap.analyses}
    for claim in snap.claims:
        found.setdefault(claim.analysis, set()).update((claim.holder, *claim.targets))
    return {a: frozenset(actors) for a, actors in found.items()}


def analysis_mechanisms(snap: Snapshot) -> dict[str, frozenset[str]]:
    """Per analysis: the mechanisms it says operate, or that one of its claims goes through."""
    found: dict[str, set[str]] = {a: set(snap.mechanism_mentions.get(a, {})) for a in snap.analyses}
    for claim in snap.claims:
        if claim.mechanism:
            found.setdefault(claim.analysis, set()).add(claim.mechanism)
    return {a: frozenset(mechanisms) for a, mechanisms in found.items()}


@dataclass(frozen=True)
class _Threads:
    """What each analysis can share with another, and how widely each actor is covered."""

    actors: dict[str, frozenset[str]]
    mechanisms: dict[str, frozenset[str]]
    coverage: Counter[str]

    @classmethod
    def of(cls, snap: Snapshot) -> _Threads:
        actors = analysis_actors(snap)
        coverage = Counter(a for found in actors.values() for a in found)
        return cls(actors, analysis_mechanisms(snap), coverage)

    def shared(self, a: str, b: str) -> tuple[frozenset[str], frozenset[str]]:
        none: frozenset[str] = frozenset()
        return (
            self.actors.get(a, none) & self.actors.get(b, none),
            self.mechanisms.get(a, none) & self.mechanisms.get(b, none),
        )


def _order(info: AnalysisInfo) -> tuple[int, str, str]:
    """Dated analyses first, by date; undated ones after, by id."""
    return (0 if info.date else 1, info.date or "", info.id)


def _gap(earlier: str | None, later: str | None) -> str:
    """How long after the last step, in words ("3 weeks later"); "" when a date is missing."""
    if not earlier or not later:
        return ""
    days = (date.fromisoformat(later) - date.fromisoformat(earlier)).days
    if days == 0:
        return "the same day"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''} later"
    if days < 70:
        return f"{round(days / 7)} weeks later"
    return f"{round(days / 30.44)} months later"


def _listing(names: list[str], limit: int = 3) -> str:
    """``a``, ``a and b``, ``a, b and c``, ``a, b, c and 2 more``."""
    if len(names) > limit:
        names = [*names[:limit], f"{len(names) - limit} more"]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _why(
    snap: Snapshot,
    previous: AnalysisInfo | None,
    current: AnalysisInfo,
    actors: tuple[str, ...],
    mechanisms: tuple[str, ...],
    subject: str,
) -> str:
    """The one line that says why this step comes next."""
    if previous is None:
        when = f" ({current.date})" if current.date else ""
        return f"Start here: the earliest analysis on {subject}{when}."
    names = [snap.label(a) for a in actors] + [snap.mechanism(m).label for m in mechanisms]
    gap = _gap(previous.date, current.date)
    return f"Picks up {_listing(names)} from the last step" + (f", {gap}." if gap else ".")


def _chain(infos: list[AnalysisInfo], threads: _Threads) -> list[int]:
    """Indices of the longest chronological chain whose neighbours share something.

    Each step outweighs all the sharing there is, so the longest chain wins and
    sharing only breaks ties between chains of the same length: the chain that
    ``networkx.dag_longest_path`` finds on the DAG of every pair of analyses that
    share an actor or mechanism (from earlier to later, weighted by one step plus
    what they share), ties broken as it breaks them, but found in one pass over
    the pairs without building that DAG (quadratic in edges and memory).
    """
    n = len(infos)
    if not n:
        return []
    bits: dict[str, int] = {}

    def mask(items: frozenset[str]) -> int:
        value = 0
        for item in items:
            value |= 1 << bits.setdefault(item, len(bits))
        return value

    none: frozenset[str] = frozenset()
    actors = [mask(threads.actors.get(info.id, none)) for info in infos]
    mechanisms = [mask(threads.mechanisms.get(info.id, none)) for info in infos]
    # best[j]: (steps, sharing) of the best chain ending at j, compared as
    # dag_longest_path compares steps * (all sharing + 1) + sharing; its predecessor
    best: list[tuple[int, int]] = []
    before: list[int] = []
    children = [array("i") for _ in range(n)]  # 4 bytes a pair, not a list of int objects
    parents = [0] * n
    for j in range(n):
        top, came = (0, 0), j
        a, m = actors[j], mechanisms[j]
        for i in range(j):
            shared = (actors[i] & a).bit_count() + (mechanisms[i] & m).bit_count()
            if shared:
                children[i].append(j)
                parents[j] += 1
                steps, sharing = best[i]
                here = (steps + 1, sharing + shared)
                if came == j or here > top:  # the first best predecessor, as max() keeps
                    top, came = here, i
        best.append(top)
        before.append(came)
    # the end: the first best in networkx's topological order (generation by generation)
    order: list[int] = []
    generation = [v for v in range(n) if not parents[v]]
    while generation:
        order.extend(generation)
        following = []
        for v in generation:
            for child in children[v]:
                parents[child] -= 1
                if not parents[child]:
                    following.append(child)
        generation = following
    end = max(order, key=lambda v: best[v])
    chain = [end]
    while before[chain[-1]] != chain[-1]:
        chain.append(before[chain[-1]])
    chain.reverse()
    return chain


_SUBJECT = {"topic": "{}", "lens": "the {} lens", "actor": "{}"}


def _path(
    snap: Snapshot,
    threads: _Threads,
    kind: str,
    key: str,
    label: str,
    members: list[AnalysisInfo],
    subject_actor: str | None = None,
) -> ReaderPath:
    infos = sorted(members, key=_order)
    links = threads.shared
    weight = threads.coverage
    chain = _chain(infos, threads)
    steps = []
    subject = _SUBJECT[kind].format(label)
    for position, index in enumerate(chain):
        info = infos[index]
        previous = infos[chain[position - 1]] if position else None
        shared_a, shared_m = links(previous.id, info.id) if previous else (frozenset(), frozenset())
        if subject_actor and len(shared_a) > 1:
            shared_a = shared_a - {subject_actor}  # the path's own actor goes without saying
        ordered_a = tuple(sorted(shared_a, key=lambda a: (-weight[a], snap.label(a).lower(), a)))
        ordered_m = tuple(sorted(shared_m))
        focus = (
            f"analysis:{info.id}",
            *(f"actor:{a}" for a in ordered_a),
            *(
                (f"actor:{subject_actor}",)
                if subject_actor and subject_actor not in shared_a
                else ()
            ),
            *(f"mechanism:{m}" for m in ordered_m),
        )
        steps.append(
            PathStep(
                analysis=info.id,
                title=info.title,
                date=info.date,
                lens=info.lens,
                shared_actors=ordered_a,
                shared_mechanisms=ordered_m,
                why=_why(snap, previous, info, ordered_a, ordered_m, subject),
                focus=focus,
            )
        )
    on_path = {infos[i].id for i in chain}
    aside = tuple(a.id for a in infos if a.id not in on_path)
    return ReaderPath(
        id=f"{kind}-{slug(key)}",
        kind=kind,
        key=key,
        label=label,
        steps=tuple(steps),
        aside=aside,
    )


def major_actors(source: Store | Snapshot, *, top: int = 12, min_analyses: int = 2) -> list[str]:
    """The actors that take part in claims in the most analyses.

    Parameters
    ----------
    source : an open store or a snapshot.
    top : how many actors at most.
    min_analyses : fewest analyses an actor's claims must span (a path needs two steps).

    Returns
    -------
    list of actor ids, most analyses first, then most claims, then id.

    Examples
    --------
    >>> from powermap.graph.views.snapshot import ClaimRecord, Snapshot
    >>> claims = tuple(ClaimRecord(f"c{i}", f"a{i}", "qatar", "brokers", "gains", "forward",
    ...                            "...", 0.8, counterpart="iran") for i in (1, 2))
    >>> major_actors(Snapshot(claims=claims))
    ['iran', 'qatar']
    """
    snap = narrow(source)
    analyses: dict[str, set[str]] = {}
    claims: Counter[str] = Counter()
    for claim in snap.claims:
        for actor in {claim.holder, *claim.targets}:
            analyses.setdefault(actor, set()).add(claim.analysis)
            claims[actor] += 1
    ranked = sorted(analyses, key=lambda a: (-len(analyses[a]), -claims[a], a))
    return [a for a in ranked if len(analyses[a]) >= min_analyses][:top]


def reader_paths(
    source: Store | Snapshot,
    *,
    topic: str | None = None,
    lens: str | None = None,
    actor: str | None = None,
    top_actors: int = 12,
) -> list[ReaderPath]:
    """Reader paths for every topic tag, lens and major actor (or only the ones asked for).

    Parameters
    ----------
    source : an open store or a snapshot.
    topic, lens, actor : only the path of this topic tag, lens or actor (any
        spelling the store knows: "Washington" is the United States). Given
        together, each adds its own path.
    top_actors : how many major actors get a path when no filter is given
        (see :func:`major_actors`).

    Returns
    -------
    list of ReaderPath: topics, then lenses, then actors; topics and lenses by
    label, actors by rank. Every path has at least one step.

    Raises
    ------
    ViewError : a topic, lens or actor the store does not have.

    Examples
    --------
    >>> from powermap.graph.views.snapshot import AnalysisInfo, Snapshot
    >>> snap = Snapshot(
    ...     analyses={
    ...         "a1": AnalysisInfo("a1", "Talks open", "2026-01-05", topics=("global",)),
    ...         "a2": AnalysisInfo("a2", "Talks stall", "2026-02-02", topics=("global",)),
    ...     },
    ...     mentions={"a1": frozenset({"iran"}), "a2": frozenset({"iran"})},
    ... )
    >>> path = reader_paths(snap, topic="global")[0]
    >>> [s.analysis for s in path.steps], path.steps[1].why
    (['a1', 'a2'], 'Picks up iran from the last step, 4 weeks later.')
    """
    snap = narrow(source)
    threads = _Threads.of(snap)
    everything = topic is None and lens is None and actor is None
    paths: list[ReaderPath] = []
    topics = (
        sorted({t for a in snap.analyses.values() for t in a.topics}, key=str.lower)
        if everything
        else ([resolve_topic(topic, snap)] if topic else [])
    )
    for label in topics:
        members = [a for a in snap.analyses.values() if label in a.topics]
        paths.append(_path(snap, threads, "topic", label, label, members))
    lenses = (
        sorted({a.lens for a in snap.analyses.values() if a.lens}, key=str.lower)
        if everything
        else ([resolve_lens(lens, snap)] if lens else [])
    )
    for label in lenses:
        members = [a for a in snap.analyses.values() if a.lens == label]
        paths.append(_path(snap, threads, "lens", label, label, members))
    if everything:
        actors = major_actors(snap, top=top_actors)
    else:
        actors = [resolve_actor(actor, snap)] if actor else []
    for actor_id in actors:
        members = [a for a in snap.analyses.values() if actor_id in threads.actors[a.id]]
        if members:
            label = snap.label(actor_id)
            paths.append(_path(snap, threads, "actor", actor_id, label, members, actor_id))
    return paths
