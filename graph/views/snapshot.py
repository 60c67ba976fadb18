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
from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib.term import Identifier

from powermap.graph.store.backends import OxigraphStore, Store
from powermap.graph.store.portable import bind
from powermap.graph.store.sparql import load_query
from powermap.graph.views.records import (
    ActorInfo,
    AnalysisInfo,
    ClaimRecord,
    MechanismInfo,
    Snapshot,
    local_id,
    mechanism_infos,
    subset,
)
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


Rows = list[dict[str, str]]


def rows_of(store: Store, name: str, bindings: Mapping[str, Identifier] | None = None) -> Rows:
    """The rows of ``graph/store/queries/<name>.rq``, each bound variable as its string value.

    The embedded store is asked through pyoxigraph directly: the views only need
    strings, and skipping the rdflib terms makes reading four times faster.
    ``bindings`` (IRIs) are substituted before evaluation on the embedded store (a
    ``VALUES`` block there makes Oxigraph read every graph), and go in as a
    ``VALUES`` block (:func:`~powermap.graph.store.portable.bind`) on a server.
    """
    text = load_query(name)
    if isinstance(store, OxigraphStore):
        fixed = {k: str(v) for k, v in (bindings or {}).items()}
        try:
            answer = store.raw.query(
                text,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions={ox.Variable(k): ox.NamedNode(v) for k, v in fixed.items()},
            )
        except RuntimeError:  # a variable it does not select cannot be substituted
            answer = store.raw.query(
                bind(text, bindings or {}), prefixes=PREFIXES, use_default_graph_as_union=True
            )
        assert isinstance(answer, ox.QuerySolutions)
        names = [v.value for v in answer.variables]
        return [
            {n: term.value for n in names if (term := row[n]) is not None}  # type: ignore[union-attr]
            | fixed
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
