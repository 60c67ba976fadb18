"""Read-only SPARQL over a store, the queries in ``graph/store/queries/*.rq``, results as text.

Updates are recognised by rdflib's SPARQL Update parser and refused before the
store is touched; the store's own parser has the last word on syntax.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.resources import files

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.query import Result
from rdflib.term import Identifier

from powermap.graph.errors import ReadOnlyError
from powermap.graph.store.backends import Store
from powermap.ontology.graphs import jsonld_context
from powermap.ontology.namespace import PREFIXES, bind_prefixes

__all__ = [
    "query",
    "is_update",
    "refuse_updates",
    "load_query",
    "shorten",
    "result_table",
    "serialize_result",
    "RESULT_FORMATS",
]

RESULT_FORMATS = ("table", "json", "csv")


def is_update(sparql: str) -> bool:
    """True when ``sparql`` is a SPARQL Update request (INSERT, DELETE, DROP, LOAD ...).

    Examples
    --------
    >>> is_update("DROP GRAPH <urn:x:g>"), is_update("SELECT * { ?s ?p ?o }")
    (True, False)
    """
    try:
        parseQuery(sparql)
        return False
    except Exception:  # noqa: BLE001 - not a query; is it an update?
        pass
    try:
        return len(parseUpdate(sparql).request) > 0
    except Exception:  # noqa: BLE001 - neither: a syntax error for the store to report
        return False


def query(store: Store, sparql: str, *, bindings: Mapping[str, Identifier] | None = None) -> Result:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on ``store``.

    Parameters
    ----------
    store : an open store (see :func:`powermap.graph.store.backends.open_store`).
    sparql : the query; powermap's prefixes (``pm:``, ``pmr:``, ``schema:``,
        ``skos:``, ``prov:`` ...) need no PREFIX lines; the default graph is the
        union of all analyses' graphs.
    bindings : values for variables, by name (``{"actor": URIRef(...)}``).

    Returns
    -------
    rdflib.query.Result: iterate rows (rdflib terms) for SELECT, ``askAnswer``
    for ASK, ``graph`` for CONSTRUCT/DESCRIBE.

    Raises
    ------
    ReadOnlyError : the text is an update; nothing is sent to the store.
    QueryError : the store cannot parse or run the query.
    """
    refuse_updates(sparql)
    return store.query(sparql, bindings)


def refuse_updates(sparql: str) -> None:
    """Raise :class:`ReadOnlyError` if ``sparql`` is an update (before any store is opened)."""
    if is_update(sparql):
        raise ReadOnlyError(
            "refusing a SPARQL update (INSERT/DELETE/DROP/LOAD/CLEAR ...): "
            "sparql runs queries only; the store changes through `powermap build`"
        )


@cache
def load_query(name: str) -> str:
    """The text of ``graph/store/queries/<name>.rq``."""
    return (files("powermap.graph.store") / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def shorten(term: Identifier | None) -> str:
    """A term as a reader would write it: ``pm:Claim``, ``pmid:actor/iran``, ``"text"``.

    Examples
    --------
    >>> shorten(URIRef("https://w3id.org/powermap/ontology#Claim"))
    'pm:Claim'
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
        return f"<{text}>"
    if isinstance(term, Literal):
        return str(term)
    return f"_:{term}"


def result_table(result: Result) -> tuple[list[str], list[list[str]]]:
    """Column names and rows of shortened terms (SELECT), or one ``ask`` column (ASK)."""
    if result.type == "ASK":
        return ["ask"], [[str(bool(result.askAnswer)).lower()]]
    names = [str(v) for v in result.vars or []]
    rows = [[shorten(row.get(n)) for n in names] for row in result]  # type: ignore[union-attr]
    return names, rows


def serialize_result(result: Result, fmt: str) -> str:
    """A result as text: SPARQL JSON or CSV (SELECT/ASK); Turtle or JSON-LD (graphs)."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = bind_prefixes(Graph())
        for triple in result.graph or []:
            graph.add(triple)
        if fmt == "json":
            return graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
        return graph.serialize(format="turtle")
    if fmt == "csv" and result.type == "ASK":
        return f"ask\r\n{str(bool(result.askAnswer)).lower()}\r\n"
    data = result.serialize(format="json" if fmt == "json" else "csv", encoding="utf-8")
    return data.decode("utf-8") if isinstance(data, bytes) else str(data)
