"""Where the graph lives: an embedded on-disk Oxigraph store, or a SPARQL 1.1 endpoint.

One small protocol with two implementations, picked by location: a directory
opens :class:`OxigraphStore` (pyoxigraph, RocksDB on disk, one writer at a time),
an ``http(s)://`` URL opens :class:`SparqlStore` (form-encoded HTTP requests
with timeouts, :mod:`powermap.graph.store.endpoint`, in SPARQL every server accepts,
:mod:`powermap.graph.store.portable`). Queries see the union of all named graphs as
their default graph.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import TracebackType
from typing import Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Identifier

from powermap.graph.errors import (
    QueryError,
    StoreError,
    StoreLockedError,
    StoreNotFoundError,
    StoreUnavailableError,
)
from powermap.graph.store.endpoint import Endpoint, Timeout
from powermap.graph.store.location import (
    DEFAULT_STORE,
    GENERATION_FILE,
    STORE_ENV,
    is_endpoint,
    new_generation,
    read_generation,
    store_location,
)
from powermap.graph.store.portable import (
    MAX_TRIPLES,
    bind,
    bind_each,
    order_by,
    page,
    replace_graph,
    staged_replace,
)
from powermap.ontology.namespace import PREFIXES

__all__ = [
    "DEFAULT_STORE",
    "GENERATION_FILE",
    "STORE_ENV",
    "Store",
    "OxigraphStore",
    "SparqlStore",
    "Timeout",
    "new_generation",
    "open_store",
    "read_generation",
    "store_location",
]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@runtime_checkable
class Store(Protocol):
    """What the rest of powermap needs from a triple store."""

    location: str
    read_only: bool

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        """Run a SPARQL query over the union of all graphs (PREFIXES predeclared)."""
        ...

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        """Every row of a SELECT, read in pages where a server caps result sets.

        A query without ORDER BY is paged in the order of all its projected
        variables; one with ORDER BY must order its rows completely.
        """
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL update as one transaction."""
        ...

    def replace_graph(
        self, name: URIRef, ntriples: Sequence[str], meta: URIRef, digest: str
    ) -> None:
        """Swap in a named graph (N-Triples lines) and its hash in ``meta``, all or nothing."""
        ...

    def nquads(self) -> bytes:
        """Every quad of powermap's graphs (those ``meta`` lists, and ``meta``), as N-Quads."""
        ...

    def close(self) -> None:
        """Release the store (and its lock)."""
        ...

    def __enter__(self) -> Store: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


def open_store(
    location: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    update_url: str | None = None,
    timeout: Timeout | None = None,
) -> Store:
    """Open the store at a directory or a SPARQL 1.1 endpoint URL.

    Parameters
    ----------
    location : a directory (embedded Oxigraph, created on first write) or an
        ``http(s)://`` query endpoint; default ``$POWERMAP_STORE``, else
        ``./powermap-store``.
    read_only : open beside a running writer; updates are refused.
    update_url : the endpoint's SPARQL Update URL, when it is not the query URL
        with ``/query`` replaced by ``/update`` (Oxigraph, Fuseki) or the query
        URL itself (Virtuoso's ``/sparql``).
    timeout : connect and read timeouts of an endpoint's HTTP requests
        (default ``$POWERMAP_TIMEOUT``, else 10 s and 300 s).

    Raises
    ------
    StoreLockedError : another process has the directory open for writing.
    StoreNotFoundError : ``read_only`` and there is no store at the directory.
    """
    where = store_location(location)
    if is_endpoint(where):
        return SparqlStore(where, update_url=update_url, read_only=read_only, timeout=timeout)
    return OxigraphStore(where, read_only=read_only)


# ---------------------------------------------------------------- embedded


def _to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Identifier:
    """A pyoxigraph term as the rdflib term with the same meaning."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"unsupported RDF term in result: {term}")


def _to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the pyoxigraph term with the same meaning."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"unsupported RDF term in result: {term!r}")


def _result(answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Result:
    """A pyoxigraph answer as an rdflib Result (rows of rdflib terms)."""
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if isinstance(answer, ox.QuerySolutions):
        result = Result("SELECT")
        names = [v.value for v in answer.variables]
        result.vars = [Variable(n) for n in names]
        result.bindings = [
            {Variable(n): _to_rdflib(row[n]) for n in names if row[n] is not None} for row in answer
        ]
        return result
    result = Result("CONSTRUCT")
    graph = Graph()
    for triple in answer:
        graph.add(
            (_to_rdflib(triple.subject), _to_rdflib(triple.predicate), _to_rdflib(triple.object))
        )
    result.graph = graph
    return result


def _one_line(exc: BaseException, limit: int = 200) -> str:
    """An error message on one line, cut short (parsers list every expected token)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


class OxigraphStore:
    """The embedded store: pyoxigraph on disk at ``location``.

    A writer holds RocksDB's lock for as long as it is open; ``read_only``
    opens a snapshot beside a writer.
    """

    def __init__(self, location: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.location = str(location)
        self.read_only = read_only
        self.generation = read_generation(self.location)
        """The store's generation when opened or last written (see :func:`read_generation`)."""
        path = Path(location)
        if read_only:
            if not (path / "CURRENT").exists():
                raise StoreNotFoundError(self.location)
            self._store: ox.Store | None = ox.Store.read_only(str(path))
            return
        if path.exists() and not path.is_dir():
            raise StoreError(f"store {self.location} is not a directory")
        path.mkdir(parents=True, exist_ok=True)
        try:
            self._store = ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(self.location) from exc
            raise StoreError(f"cannot open store {self.location}: {_one_line(exc)}") from exc

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store (for benchmarks and bulk work)."""
        if self._store is None:
            raise StoreError(f"store {self.location} is closed")
        return self._store

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        try:
            answer = self.raw.query(
                bind(sparql, bindings or {}),
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
            )
            return _result(answer)
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"SPARQL syntax error: {_one_line(exc)}") from exc

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        return self.query(sparql, bindings)  # no cap on result sets: one request

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")
        try:
            self.raw.update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL update syntax error: {_one_line(exc)}") from exc
        self.generation = new_generation(self.location)

    def replace_graph(
        self, name: URIRef, ntriples: Sequence[str], meta: URIRef, digest: str
    ) -> None:
        self.update(replace_graph(name, ntriples, meta, digest))  # one transaction

    def nquads(self) -> bytes:
        # only powermap writes here, one transaction per graph: every graph is powermap's
        data = self.raw.dump(format=ox.RdfFormat.N_QUADS)
        return data if data is not None else b""

    def close(self) -> None:
        self._store = None  # pyoxigraph releases RocksDB (and its lock) when dropped

    def __enter__(self) -> OxigraphStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"OxigraphStore({self.location!r}, {mode})"


# ---------------------------------------------------------------- remote


def _update_url(query_url: str) -> str:
    """The update endpoint by the common conventions (``.../query`` -> ``.../update``)."""
    if query_url.rstrip("/").endswith("/query"):
        return query_url.rstrip("/")[: -len("query")] + "update"
    return query_url


class SparqlStore:
    """A SPARQL 1.1 endpoint (Oxigraph server, Virtuoso, Fuseki, GraphDB ...).

    Queries go to ``query_url``, updates to ``update_url``, both as form-encoded
    POST requests with connect and read timeouts. A graph is written in chunks
    of at most ``max_triples`` triples into a staging graph and moved in place
    by the last request; a rejected request is undone (the staging graph
    dropped) and never sent again. Reads of :meth:`select` come in pages of
    ``page_size`` rows in a complete order, so a server that caps result sets
    still gives every row; set ``page_size`` at or below the server's cap
    (Virtuoso announces its ``ResultSetMaxRows``, 10,000 by default, and a
    lower cap is followed).
    The server should treat its default graph as the union of the named graphs
    (Oxigraph ``--union-default-graph``, Fuseki ``unionDefaultGraph``,
    Virtuoso's default).
    """

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        read_only: bool = False,
        timeout: Timeout | None = None,
        page_size: int = 10_000,
        max_triples: int = MAX_TRIPLES,
    ) -> None:
        self.location = query_url
        self.update_url = update_url or _update_url(query_url)
        self.read_only = read_only
        self.page_size = page_size
        self.max_triples = max_triples
        self._endpoint: Endpoint | None = Endpoint(query_url, self.update_url, timeout=timeout)
        self._prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

    @property
    def timeout(self) -> Timeout:
        """The connect and read timeouts of every request."""
        return self._remote.timeout

    @property
    def _remote(self) -> Endpoint:
        if self._endpoint is None:
            raise StoreError(f"store {self.location} is closed")
        return self._endpoint

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        text = bind(sparql, bindings or {})
        try:
            return self._remote.query(self._prologue + text).result
        except QueryError as exc:
            raise QueryError(_with_syntax_hint(str(exc), sparql)) from exc

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        shape = _shape(sparql)
        if shape is None:  # not a plain SELECT (or no parse): one request, as asked
            return self.query(sparql, bindings)
        return self._pages(shape, bind(sparql, bindings or {}))

    def _pages(self, shape: _Shape, text: str) -> Result:
        """Every row of the bound query ``text``, read page after page."""
        if not shape.ordered:
            text = order_by(text, shape.variables)
        limit, offset = self.page_size, 0
        rows: list[Mapping[Variable, Identifier]] = []
        while True:
            answer = self._remote.query(self._prologue + page(text, limit, offset))
            got = list(answer.result.bindings)
            rows.extend(got)
            offset += len(got)
            if answer.truncated_at is not None and answer.truncated_at < limit:
                limit = answer.truncated_at  # the server caps lower than asked: follow it
            elif len(got) < limit:
                break
        result = Result("SELECT")
        result.vars = shape.variables  # the `SELECT *` around the query may reorder columns
        result.bindings = rows  # type: ignore[assignment]
        return result

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")
        self._remote.update(self._prologue + sparql)

    def replace_graph(
        self, name: URIRef, ntriples: Sequence[str], meta: URIRef, digest: str
    ) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")
        requests, rollback = staged_replace(
            name, ntriples, meta, digest, max_triples=self.max_triples
        )
        try:
            for request in requests:
                self._remote.update(request)
        except StoreUnavailableError:
            raise  # the server is gone: the next build clears the staging graph
        except StoreError as rejected:
            try:
                self._remote.update(rollback)  # nothing of this graph stays; nothing is re-sent
            except StoreError as stuck:
                raise StoreError(f"{rejected}; then dropping {name}'s staging graph failed: "
                                 f"{stuck}") from rejected  # fmt: skip
            raise

    def graphs(self) -> list[URIRef]:
        """powermap's graphs here: the metadata graphs and every graph they list."""
        found: set[URIRef] = set()
        for row in self.select(_LISTED_GRAPHS):
            found.update((URIRef(row.meta), URIRef(row.graph)))  # type: ignore[union-attr]
        return sorted(found)

    def nquads(self) -> bytes:
        names = self.graphs()
        shape = _shape(_GRAPH_QUADS)
        assert shape is not None
        quads = []
        for start in range(0, len(names), GRAPHS_PER_READ):
            text = bind_each(_GRAPH_QUADS, "g", names[start : start + GRAPHS_PER_READ])
            for row in self._pages(shape, text).bindings:
                g, s, p, o = (_to_oxigraph(row[v]) for v in _QUAD_VARIABLES)
                quads.append(ox.Quad(s, p, o, g))  # type: ignore[arg-type]
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""

    def close(self) -> None:
        if self._endpoint is not None:
            self._endpoint.close()
        self._endpoint = None

    def __enter__(self) -> SparqlStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SparqlStore({self.location!r}, update_url={self.update_url!r})"


def _query_text(name: str) -> str:
    return (files("powermap.graph.store") / "queries" / f"{name}.rq").read_text(encoding="utf-8")


_LISTED_GRAPHS = _query_text("store_graphs")
_GRAPH_QUADS = _query_text("store_graph_quads")

_QUAD_VARIABLES = [Variable(v) for v in ("g", "s", "p", "o")]

GRAPHS_PER_READ = 100
"""Named graphs read together by :meth:`SparqlStore.nquads` (one request per page of rows)."""


@dataclass(frozen=True)
class _Shape:
    """What paging needs to know of a SELECT: its columns, and whether it orders its rows."""

    variables: list[Variable]
    ordered: bool


@cache
def _shape(sparql: str) -> _Shape | None:
    """The shape of a SELECT that can be paged; None for anything else.

    A query that cuts its own rows (LIMIT, OFFSET) or ends with a VALUES
    clause is sent as it is.
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(sparql)
        algebra = translateQuery(parsed, initNs=PREFIXES).algebra
    except Exception:  # noqa: BLE001 - the server's parser is the judge
        return None
    clauses = dict(parsed[1])
    if algebra.name != "SelectQuery" or {"limitoffset", "valuesClause"} & clauses.keys():
        return None
    return _Shape(list(algebra.PV), "orderby" in clauses)


def _with_syntax_hint(message: str, sparql: str) -> str:
    """A server's rejection, with rdflib's parser complaint when the query does not parse."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(sparql)
    except Exception as exc:  # noqa: BLE001 - any parser complaint is the hint
        return f"{message} (SPARQL syntax error: {_one_line(exc, 150)})"
    return message
