"""How much is in a store: analyses, actors, claims, mechanisms, stakes, triples."""

from __future__ import annotations

from rdflib import Literal

from powermap.graph.sparql import load_query, query
from powermap.graph.store import Store

__all__ = ["stats"]


def stats(store: Store) -> dict[str, int]:
    """Counts of what the store holds (one SPARQL query, ``queries/stats.rq``).

    Returns
    -------
    dict with ``analyses``, ``actors`` (distinct), ``claims``, ``mechanisms``
    (distinct, named by some analysis), ``stakes``, ``triples`` (all quads, the
    ontology and metadata graphs included) and ``graphs`` (named graphs).
    """
    result = query(store, load_query("stats"))
    names = [str(v) for v in result.vars or []]
    row = next(iter(result), None)
    counts: dict[str, int] = {}
    for name in names:
        value = row.get(name) if row is not None else None  # type: ignore[union-attr]
        counts[name] = int(value.toPython()) if isinstance(value, Literal) else 0
    return counts
