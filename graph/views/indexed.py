"""The researchers' views answered from the views index (:mod:`powermap.graph.views.index`).

Each view asks SQLite for the rows its question needs, with the
:class:`~powermap.graph.views.filters.Filters` as WHERE clauses, builds a small
:class:`~powermap.graph.views.snapshot.Snapshot` of them and hands it to the
same code the snapshot path runs (:mod:`powermap.graph.views.leverage`), so the
answers are the same, only read from less:

* :func:`who_gains` ranks the gainers with one ``GROUP BY`` over the ``gains``
  table, then reads the claims of the ranked actors only;
* :func:`actor_profile` and :func:`timeline` read the claims that name the actor (or,
  for a timeline of two, those that name both); a page of a profile counts its ties,
  mechanisms, months and totals in SQL and reads only the claims and analyses shown;
* :func:`mechanism_summary` counts the claims through each mechanism, per holder,
  and the analyses naming it, in SQL;
* :func:`read_snapshot` reads everything (no view needs it: the whole-graph views read
  the aggregated ``edges``, or count them in SQL from the claims that pass the filters:
  :class:`~powermap.graph.views.analytics.IndexTies`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from powermap.graph.views.filters import Filters, date_bound
from powermap.graph.views.index import GAINER_QUERIES, ViewIndex
from powermap.graph.views.leverage import (
    ActorProfile,
    AnalysisRef,
    Evidence,
    Gainer,
    MechanismSummary,
    Tie,
    Timeline,
    _counts,
    _entry,
    check_page,
    claims_timeline,
    gainer,
    profile,
    summaries,
)
from powermap.graph.views.months import monthly
from powermap.graph.views.records import ActorInfo, AnalysisInfo, ClaimRecord, Snapshot
from powermap.graph.views.resolve import (
    label_names,
    mechanism_family_members,
    resolve_actor,
    resolve_mechanism,
)

__all__ = [
    "claim_filter",
    "who_gains",
    "actor_profile",
    "timeline",
    "mechanism_summary",
    "read_snapshot",
]


@dataclass
class _Where:
    """The filters as SQL: conditions on an analysis (``an``) and on a claim (``c``)."""

    analysis: list[str] = field(default_factory=list)
    analysis_params: list[Any] = field(default_factory=list)
    claim: list[str] = field(default_factory=list)
    claim_params: list[Any] = field(default_factory=list)

    def analyses(self, column: str) -> tuple[str, list[Any]]:
        """`` AND <column> IN (analyses that pass)``, or nothing when no analysis filter is set."""
        if not self.analysis:
            return "", []
        inner = " AND ".join(self.analysis)
        return f" AND {column} IN (SELECT an.id FROM analyses an WHERE {inner})", list(
            self.analysis_params
        )

    def claims(self, alias: str) -> tuple[str, list[Any]]:
        """`` AND`` the claim conditions, on the table aliased ``alias``."""
        if not self.claim:
            return "", []
        text = " AND ".join(self.claim).replace("c.", f"{alias}.")
        return f" AND {text}", list(self.claim_params)

    def both(self, alias: str, analysis_column: str) -> tuple[str, list[Any]]:
        a_sql, a_params = self.analyses(analysis_column)
        c_sql, c_params = self.claims(alias)
        return a_sql + c_sql, a_params + c_params


def _where(index: ViewIndex, filters: Filters | None) -> _Where:
    """The filters resolved against the index (as :func:`~powermap.graph.views.network.narrow`)."""
    f = filters or Filters()
    where = _Where()
    start = date_bound(f.since, end=False, option="since")
    stop = date_bound(f.until, end=True, option="until")
    if f.lens:
        lenses = [r[0] for r in index.rows("SELECT DISTINCT lens FROM analyses")]
        where.analysis.append("an.lens = ?")
        where.analysis_params.append(label_names("lens", (x for x in lenses if x)).resolve(f.lens))
    if f.topic:
        topics = [r[0] for r in index.rows("SELECT DISTINCT topic FROM topics")]
        where.analysis.append("an.id IN (SELECT analysis FROM topics WHERE topic = ?)")
        where.analysis_params.append(label_names("topic", topics).resolve(f.topic))
    if start or stop:
        where.analysis.append("an.date IS NOT NULL AND an.date != ''")
        if start:
            where.analysis.append("an.date >= ?")
            where.analysis_params.append(start)
        if stop:
            where.analysis.append("an.date <= ?")
            where.analysis_params.append(stop)
    if f.mechanism:
        lookup = Snapshot(mechanisms=index.mechanisms())
        members = sorted(mechanism_family_members(resolve_mechanism(f.mechanism, lookup), lookup))
        where.claim.append(f"c.mechanism IN ({','.join('?' * len(members))})")
        where.claim_params += members
    if f.stated_only:
        where.claim.append("c.basis != 'inferred'")
    return where


def claim_filter(index: ViewIndex, filters: Filters | None) -> tuple[str, list[Any]]:
    """The filters as conditions on a claim row ``c`` (``" AND ..."``, or "" for none) and
    their parameters, resolved against the index as :func:`~powermap.graph.views.network.narrow`
    resolves them against a snapshot (an unknown lens, topic or mechanism raises the same)."""
    return _where(index, filters).both("c", "c.analysis")


def _resolve(index: ViewIndex, name: str) -> str:
    """The id of the actor ``name`` stands for, among every actor of the index.

    One lookup in the index's table of names; a name it does not settle (unknown,
    or ambiguous) goes through :func:`resolve_actor` over every actor, for its message.
    """
    return index.actor_named(name) or resolve_actor(name, Snapshot(actors=index.actors()))


_CLAIM_COLUMNS = (
    "c.iri, c.id, c.analysis, c.holder, c.relation, c.polarity, c.direction, c.evidence, "
    "c.confidence, c.counterpart, c.mechanism, c.section, c.basis"
)


def _claims(
    index: ViewIndex,
    condition: str,
    params: Sequence[Any],
    page: str = "",
    page_params: Sequence[Any] = (),
    table: str = "claims",
) -> tuple[ClaimRecord, ...]:
    """The claims that meet ``condition`` (SQL on ``c``, a row of ``table``), in the
    snapshot's order: date, analysis, id (one claim per id in an analysis, so the order
    is total and ``page``, a ``LIMIT`` with ``page_params``, is well defined)."""
    rows = index.rows(
        f"SELECT {_CLAIM_COLUMNS} FROM {table} c LEFT JOIN analyses a ON a.id = c.analysis "
        f"WHERE {condition} ORDER BY COALESCE(a.date, ''), c.analysis, c.id{page}",
        [*params, *page_params],
    )
    brokered = sorted({r[0] for r in rows})
    parties: dict[str, list[str]] = defaultdict(list)
    for start in range(0, len(brokered), 500):
        part = brokered[start : start + 500]
        marks = ",".join("?" * len(part))
        for claim, party in index.rows(
            f"SELECT claim, party FROM parties WHERE claim IN ({marks})", part
        ):
            parties[claim].append(party)
    return tuple(
        ClaimRecord(
            id=r[1],
            analysis=r[2],
            holder=r[3],
            relation=r[4],
            polarity=r[5],
            direction=r[6],
            evidence=r[7],
            confidence=r[8],
            counterpart=r[9],
            between=tuple(sorted(parties.get(r[0], ()))),
            mechanism=r[10],
            section=r[11],
            basis=r[12],
        )
        for r in rows
    )


def _analyses(index: ViewIndex, ids: Iterable[str]) -> dict[str, AnalysisInfo]:
    wanted = sorted(set(ids))
    found: dict[str, AnalysisInfo] = {}
    topics: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        marks = ",".join("?" * len(part))
        for analysis, topic in index.rows(
            "SELECT t.analysis, t.topic FROM topics t WHERE t.graph IN "  # by its index
            f"(SELECT graph FROM analyses WHERE id IN ({marks}))",
            part,
        ):
            topics[analysis].add(topic)
        for r in index.rows(
            f"SELECT id, title, date, lens, document, url FROM analyses WHERE id IN ({marks})",
            part,
        ):
            found[r[0]] = AnalysisInfo(
                r[0], r[1], r[2], r[3], tuple(sorted(topics.get(r[0], ()))), r[4], r[5]
            )
    return dict(sorted(found.items()))


def _snapshot(
    index: ViewIndex,
    claims: tuple[ClaimRecord, ...],
    analyses: Iterable[str] = (),
    mentions: dict[str, frozenset[str]] | None = None,
    actors: Iterable[str] = (),
) -> Snapshot:
    """A small snapshot of these claims, their analyses and actors (and those given)."""
    actors = set(actors) | {a for c in claims for a in (c.holder, *c.targets)}
    for named in (mentions or {}).values():
        actors |= named
    return Snapshot(
        actors=index.actors(actors),
        analyses=_analyses(index, {c.analysis for c in claims} | set(analyses)),
        claims=claims,
        mechanisms=index.mechanisms(),
        mentions=mentions or {},
    )


def who_gains(
    index: ViewIndex,
    filters: Filters | None = None,
    *,
    over: str | None = None,
    limit: int | None = None,
) -> list[Gainer]:
    """:func:`powermap.graph.views.leverage.who_gains` from the index.

    The ranking (analyses, claims, summed confidence, id) is one ``GROUP BY``
    over the ``gains`` table; only the claims of the actors ranked are read.
    """
    where = _where(index, filters)
    target = _resolve(index, over) if over else None
    sql, params = where.both("g", "g.analysis")
    if target is not None:
        sql += (
            " AND EXISTS (SELECT 1 FROM gains_over o WHERE o.weaker = ? AND o.actor = g.actor "
            "AND o.claim = g.claim AND o.graph = g.graph)"
        )
        params.append(target)
    everything = target is None and not (filters and filters.active)
    if everything:  # the default question: read the totals kept at the last sync
        ranked = index.rows(
            "SELECT actor FROM gainer_totals "
            "ORDER BY analyses DESC, claims DESC, rank_score DESC, actor"
            + (" LIMIT ?" if limit is not None else ""),
            [limit] if limit is not None else [],
        )
    else:
        ranked = index.rows(
            "SELECT g.actor FROM gains g WHERE 1" + sql + " GROUP BY g.actor "
            "ORDER BY COUNT(DISTINCT g.analysis) DESC, COUNT(*) DESC, "
            "ROUND(SUM(g.confidence), 6) DESC, g.actor" + (" LIMIT ?" if limit is not None else ""),
            [*params, limit] if limit is not None else params,
        )
    chosen = [r[0] for r in ranked]
    result = []
    for start in range(0, len(chosen), 400):
        part = chosen[start : start + 400]
        result += _gainers(index, part, None if everything else (sql, params))
    result.sort(key=lambda g: (-g.analyses, -g.claims, -g.score, g.actor))
    return result


def _gainers(
    index: ViewIndex, actors: list[str], where: tuple[str, list[Any]] | None
) -> list[Gainer]:
    """The :class:`Gainer` of each of ``actors``, from the ``gainer_*`` tables (``where``
    None: no filter) or by :data:`~powermap.graph.views.index.GAINER_QUERIES` with the
    conditions ``where`` (SQL on the ``gains`` rows ``g``, and its parameters)."""
    marks = ",".join("?" * len(actors))

    def rows(name: str) -> list[tuple[Any, ...]]:
        if where is None:
            columns = {"totals": "actor, claims, inferred, analyses, score", "over": "*"}
            table = f"gainer_{name}"
            order = " ORDER BY rowid" if name == "evidence" else ""
            return index.rows(
                f"SELECT {columns.get(name, '*')} FROM {table} WHERE actor IN ({marks}){order}",
                actors,
            )
        sql, params = where
        chosen = f" AND g.actor IN ({marks})" + sql
        return index.rows(GAINER_QUERIES[name].format(where=chosen), [*actors, *params])

    stats = {r[0]: r[1:] for r in rows("totals")}
    over: dict[str, Counter[str]] = defaultdict(Counter)
    for actor, weaker, n in rows("over"):
        over[actor][weaker] = n
    through: dict[str, Counter[str]] = defaultdict(Counter)
    for actor, mechanism, n in rows("mechanisms"):
        through[actor][mechanism] = n
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for r in rows("evidence"):
        evidence[r[0]].append(Evidence(*r[1:9]))
    named = index.actors({*actors, *(w for per in over.values() for w in per)})
    labels = {a: info.label for a, info in named.items()}
    mechanism_labels = {m: info.label for m, info in index.mechanisms().items()}
    found = []
    for actor in actors:
        if actor not in stats:
            continue
        found.append(
            gainer(
                named.get(actor) or ActorInfo(actor, actor, "Actor"),
                *stats[actor],
                over=_counts(over[actor], labels),
                mechanisms=_counts(through[actor], mechanism_labels),
                evidence=tuple(evidence[actor]),
            )
        )
    return found


def _involving(
    index: ViewIndex, actor: str, where: _Where, other: str | None = None
) -> tuple[ClaimRecord, ...]:
    """The claims that pass ``where`` and name ``actor`` (and ``other``, when given)."""
    sql, params = where.both("c", "c.analysis")
    if other is None or other == actor:
        return _claims(index, _NAMING + sql, [actor, *params])
    return _claims(index, f"{_NAMING} AND {_NAMING}{sql}", [actor, other, *params])


def actor_profile(
    index: ViewIndex,
    name: str,
    filters: Filters | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> ActorProfile:
    """:func:`powermap.graph.views.leverage.actor_profile` from the index.

    Asked for everything, it reads the claims naming the actor and the analyses
    mentioning it and builds the profile as a snapshot does. Asked for a page, it
    counts the rest in SQL instead (:func:`_paged_profile`), so a hub's profile
    costs a few aggregates and ``limit`` rows, not a row per claim.
    """
    check_page(limit, offset)
    where = _where(index, filters)
    actor = _resolve(index, name)
    if limit is not None or offset:
        return _paged_profile(index, actor, where, limit, offset)
    claims = _involving(index, actor, where)
    sql, params = where.analyses("m.analysis")
    mentioning = [
        r[0]
        for r in index.rows(
            "SELECT DISTINCT m.analysis FROM mentions m WHERE m.actor = ?" + sql,
            [actor, *params],
        )
    ]
    mentions = {a: frozenset({actor}) for a in sorted(mentioning)}
    return profile(_snapshot(index, claims, mentioning, mentions, [actor]), actor)


_NAMING = "(c.iri, c.graph) IN (SELECT x.claim, x.graph FROM claim_actors x WHERE x.actor = ?)"
"""The claims that name an actor (SQL on ``c``, the actor as parameter)."""

_DIRECTED = "n.direction IN ('forward', 'reverse')"
_PAIRS = (
    "WITH pairs AS (SELECT n.*, n.counterpart AS other, n.direction = 'forward' AS stronger "
    "FROM {named} n WHERE n.holder = ? AND n.counterpart != n.holder AND {directed} "
    "UNION ALL SELECT n.*, p.party, n.direction = 'forward' FROM {named} n "
    "JOIN parties p ON p.claim = n.iri AND p.graph = n.graph WHERE n.holder = ? "
    "AND n.counterpart IS NULL AND p.party != n.holder AND {directed} "
    "UNION ALL SELECT n.*, n.holder, n.direction = 'reverse' FROM {named} n "
    "WHERE n.holder != ? AND {directed})"
)
"""``WITH pairs``: the leverage pairs involving the actor (parameter, three times) in the
claims ``{named}`` (that name it), as ``other`` and ``stronger`` (1: the actor is the
stronger) beside the claim's columns. They are the ontology's direct edges
(:meth:`~powermap.graph.views.records.ClaimRecord.leverage_pairs`): the holder over each
other party (the counterpart, else the parties it stands between) of a "forward" claim,
each of them over the holder of a "reverse" one."""

_TIES = "SELECT stronger, other, COUNT(*), SUM(basis = 'inferred'), COUNT(DISTINCT analysis) "
_TIES += "FROM pairs GROUP BY stronger, other"
"""Per tie (``stronger``, ``other``) of ``pairs``: its claims, inferred claims and analyses."""

_TIE_EVIDENCE = (
    "SELECT stronger, other, analysis, title, date, section, relation, evidence, confidence, "
    "basis FROM pairs ORDER BY stronger, other, basis = 'inferred', confidence DESC, day DESC, "
    "id, analysis"
)
"""The evidence of each tie of ``pairs``, best first as :func:`~powermap.graph.views.leverage.
profile` orders it (stated first, most confident, newest, then by claim id); the first row
of each sentence is the one kept."""


def _paged_profile(
    index: ViewIndex, actor: str, where: _Where, limit: int | None, offset: int
) -> ActorProfile:
    """The profile of ``actor`` with ``limit`` claims and analyses from ``offset``: the
    claims naming it go once into a scratch table, and the ties, brokered pairs,
    mechanisms, months and totals are SQL aggregates over it."""
    sql, params = where.both("c", "c.analysis")
    a_sql, a_params = where.analyses("m.analysis")
    mentioning = (
        "FROM analyses an WHERE an.id IN "
        f"(SELECT m.analysis FROM mentions m WHERE m.actor = ?{a_sql})"
    )
    select = (
        "SELECT c.*, a.title, a.date, COALESCE(a.date, '') AS day FROM claim_actors x "
        "JOIN claims c ON c.iri = x.claim AND c.graph = x.graph "
        f"LEFT JOIN analyses a ON a.id = c.analysis WHERE x.actor = ?{sql}"
    )
    with index.scratch("profile_claims", select, [actor, *params]) as named:
        pairs = _PAIRS.format(named=named, directed=_DIRECTED)
        found = ActorProfile(
            **_identity(index.actor(actor)),
            **_ties(
                index,
                index.rows(f"{pairs} {_TIES}", [actor] * 3),
                index.rows(f"{pairs} {_TIE_EVIDENCE}", [actor] * 3),
            ),
            brokers_between=tuple(
                (a, b, n)
                for a, b, n in index.rows(
                    f"SELECT p.party, q.party, COUNT(*) FROM {named} c "
                    "JOIN parties p ON p.claim = c.iri AND p.graph = c.graph "
                    "JOIN parties q ON q.claim = c.iri AND q.graph = c.graph "
                    "AND p.party < q.party WHERE c.holder = ? AND c.relation = 'brokers' "
                    "GROUP BY p.party, q.party ORDER BY p.party, q.party",
                    [actor],
                )
            ),
            mechanisms=_counts(
                Counter(
                    dict(
                        index.rows(
                            f"SELECT mechanism, COUNT(*) FROM {named} WHERE mechanism IS NOT "
                            "NULL AND (holder = ? OR direction = 'reverse') GROUP BY mechanism",
                            [actor],
                        )
                    )
                ),
                {m: info.label for m, info in index.mechanisms().items()},
            ),
            analyses=(),
            timeline=(),
            months=tuple(
                monthly(
                    {
                        month: (gained, lost)
                        for month, gained, lost in index.rows(
                            f"{pairs} SELECT substr(date, 1, 7), SUM(stronger), "
                            "SUM(1 - stronger) FROM pairs WHERE day != '' GROUP BY 1",
                            [actor] * 3,
                        )
                    }
                )
            ),
            claims=index.rows(f"SELECT COUNT(*) FROM {named}")[0][0],
            analysis_count=index.rows(f"SELECT COUNT(*) {mentioning}", [actor, *a_params])[0][0],
            offset=offset,
        )
        check_page(limit, offset, found)
        page = [-1 if limit is None else limit, offset]
        listed = _claims(index, "1", [], " LIMIT ? OFFSET ?", page, table=named)
    snap = _snapshot(index, listed)
    return replace(
        found,
        analyses=tuple(
            AnalysisRef(*r)
            for r in index.rows(
                f"SELECT an.id, an.title, an.date, an.lens {mentioning} "
                "ORDER BY COALESCE(an.date, ''), an.id LIMIT ? OFFSET ?",
                [actor, *a_params, *page],
            )
        ),
        timeline=tuple(_entry(snap, c) for c in listed),
    )


def _identity(info: ActorInfo) -> dict[str, Any]:
    return {
        "actor": info.id,
        "label": info.label,
        "kind": info.kind,
        "wikidata": info.wikidata,
        "aliases": info.aliases,
    }


def _ties(
    index: ViewIndex, tallies: list[tuple[Any, ...]], evidence: list[tuple[Any, ...]]
) -> dict[str, tuple[Tie, ...]]:
    """``gains_over`` and ``loses_to`` from the rows of :data:`_TIES` and
    :data:`_TIE_EVIDENCE`, ordered as :func:`~powermap.graph.views.leverage.profile`
    orders them."""
    sentences: dict[tuple[int, str], dict[str, Evidence]] = defaultdict(dict)
    for stronger, other, *row in evidence:
        kept = sentences[(stronger, other)]
        if row[5] not in kept:  # the sentence
            kept[row[5]] = Evidence(*row)
    labels = index.actors({r[1] for r in tallies})
    ties: dict[int, list[Tie]] = {0: [], 1: []}
    for stronger, other, *tally in tallies:
        label = labels[other].label if other in labels else other
        found = tuple(sentences[(stronger, other)].values())
        ties[stronger].append(Tie(other, label, *tally, evidence=found))
    order = {k: sorted(v, key=lambda t: (-t.analyses, -t.claims, t.actor)) for k, v in ties.items()}
    return {"gains_over": tuple(order[1]), "loses_to": tuple(order[0])}


def timeline(
    index: ViewIndex, a: str, b: str | None = None, filters: Filters | None = None
) -> Timeline:
    """:func:`powermap.graph.views.leverage.timeline` from the index (claims naming ``a``)."""
    where = _where(index, filters)
    first = _resolve(index, a)
    second = _resolve(index, b) if b else None
    claims = _involving(index, first, where, second)  # only those naming both, with two
    snap = _snapshot(index, claims, actors=[first, second or first])
    return claims_timeline(snap, first, second)


def mechanism_summary(index: ViewIndex, filters: Filters | None = None) -> list[MechanismSummary]:
    """:func:`powermap.graph.views.leverage.mechanism_summary` from the index, counted in SQL:
    the analyses of each mechanism (named, or with a claim through it), its claims per
    holder, and its distinct sentences; only those rows reach Python."""
    where = _where(index, filters)
    sql, params = where.both("c", "c.analysis")
    a_sql, a_params = where.analyses("m.analysis")
    analyses = {
        mechanism: n
        for mechanism, n in index.rows(
            "SELECT mechanism, COUNT(DISTINCT analysis) FROM ("
            "SELECT m.mechanism AS mechanism, m.analysis AS analysis FROM mechanism_mentions m "
            "WHERE 1" + a_sql + " UNION ALL SELECT c.mechanism, c.analysis FROM claims c "
            "WHERE c.mechanism IS NOT NULL" + sql + ") GROUP BY mechanism",
            [*a_params, *params],
        )
    }
    holders: dict[str, Counter[str]] = defaultdict(Counter)
    for mechanism, holder, n in index.rows(
        "SELECT c.mechanism, c.holder, COUNT(*) FROM claims c WHERE c.mechanism IS NOT NULL"
        + sql
        + " GROUP BY c.mechanism, c.holder",
        params,
    ):
        holders[mechanism][holder] = n
    evidence: dict[str, set[str]] = defaultdict(set)
    for mechanism, sentence in index.rows(
        "SELECT DISTINCT m.mechanism, m.evidence FROM mechanism_mentions m "
        "WHERE m.evidence IS NOT NULL" + a_sql,
        a_params,
    ):
        evidence[mechanism].add(sentence)
    named = index.actors({h for per in holders.values() for h in per})
    labels = {h: named[h].label if h in named else h for per in holders.values() for h in per}
    return summaries(analyses, holders, labels, evidence, index.mechanism)


def read_snapshot(index: ViewIndex) -> Snapshot:
    """Everything the index holds, as :func:`powermap.graph.views.snapshot.read_snapshot`
    reads it from the store (for the views that measure the whole actor graph)."""
    claims = _claims(index, "1", ())
    mentions: dict[str, set[str]] = defaultdict(set)
    for analysis, actor in index.rows("SELECT DISTINCT analysis, actor FROM mentions"):
        mentions[analysis].add(actor)
    evidence: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for analysis, mechanism, sentence in index.rows(
        "SELECT analysis, mechanism, evidence FROM mechanism_mentions"
    ):
        sentences = evidence[analysis][mechanism]
        if sentence is not None:
            sentences.append(sentence)
    analyses = [r[0] for r in index.rows("SELECT id FROM analyses")]
    return Snapshot(
        actors=index.actors(),
        analyses=_analyses(index, analyses),
        claims=claims,
        mechanisms=index.mechanisms(),
        mentions={a: frozenset(ids) for a, ids in sorted(mentions.items())},
        mechanism_mentions={
            analysis: {m: tuple(sorted(s)) for m, s in sorted(per.items())}
            for analysis, per in sorted(evidence.items())
        },
    )
