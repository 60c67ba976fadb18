"""How much is in a store: analyses, actors, claims, mechanisms, stakes, triples."""

from __future__ import annotations

from rdflib import Literal

from powermap.graph.store.backends import Store
from powermap.graph.store.sparql import load_query, query

__all__ = ["stats"]


def stats(store: Store) -> dict[str, int]:
    """Counts of what the store holds (one SPARQL query, ``queries/stats.rq``).

    Returns
    -------
    dict with ``analyses``, ``actors`` (distinct), ``claims``, ``mechanisms``
    (distinct, named by some analysis), ``stakes``, ``triples`` (every quad of
    powermap's graphs: the analyses', the ontology's and the metadata graph)
    and ``graphs`` (those named graphs; a server's own graphs are left out).
    """
    result = query(store, load_query("stats"))
    names = [str(v) for v in result.vars or []]
    row = next(iter(result), None)
    counts: dict[str, int] = {}
    for name in names:
        value = row.get(name) if row is not None else None  # type: ignore[union-attr]
        counts[name] = int(value.toPython()) if isinstance(value, Literal) else 0
    return counts
