"""Where the graph lives: an embedded on-disk Oxigraph store, or a SPARQL 1.1 endpoint.

One small protocol with two implementations, picked by location: a directory
opens :class:`OxigraphStore` (pyoxigraph, RocksDB on disk, one writer at a time),
an ``http(s)://`` URL opens :class:`SparqlStore` (rdflib's ``SPARQLUpdateStore``).
Queries see the union of all named graphs as their default graph.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Protocol, runtime_checkable
from urllib.error import HTTPError

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result
from rdflib.term import Identifier

from powermap.graph.errors import QueryError, StoreError, StoreLockedError, StoreNotFoundError
from powermap.graph.location import DEFAULT_STORE, STORE_ENV, is_endpoint, store_location
from powermap.ontology.namespace import PREFIXES

__all__ = [
    "DEFAULT_STORE",
    "STORE_ENV",
    "Store",
    "OxigraphStore",
    "SparqlStore",
    "open_store",
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

    def update(self, sparql: str) -> None:
        """Run a SPARQL update as one transaction."""
        ...

    def nquads(self) -> bytes:
        """Every quad of the store, as N-Quads."""
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

    Raises
    ------
    StoreLockedError : another process has the directory open for writing.
    StoreNotFoundError : ``read_only`` and there is no store at the directory.
    """
    where = store_location(location)
    if is_endpoint(where):
        return SparqlStore(where, update_url=update_url, read_only=read_only)
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


def _with_values(sparql: str, bindings: Mapping[str, Identifier]) -> str:
    """Bind variables with a trailing VALUES clause, as rdflib's SPARQLStore does."""
    if not bindings:
        return sparql
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    return f"{sparql}\nVALUES ( {names} ) {{ ( {values} ) }}\n"


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
                _with_values(sparql, bindings or {}),
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
            )
            return _result(answer)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {_one_line(exc)}") from exc

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")
        try:
            self.raw.update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL update syntax error: {_one_line(exc)}") from exc

    def nquads(self) -> bytes:
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
    """A SPARQL 1.1 endpoint (Oxigraph server, Fuseki, Virtuoso, GraphDB ...).

    Queries go to ``query_url``, updates to ``update_url``, each update in one
    request (servers apply a request atomically). The server should treat its
    default graph as the union of the named graphs (Oxigraph
    ``--union-default-graph``, Fuseki ``unionDefaultGraph``, Virtuoso's default).
    """

    def __init__(
        self, query_url: str, *, update_url: str | None = None, read_only: bool = False
    ) -> None:
        self.location = query_url
        self.update_url = update_url or _update_url(query_url)
        self.read_only = read_only
        self._store: SPARQLUpdateStore | None = SPARQLUpdateStore(
            query_endpoint=query_url,
            update_endpoint=self.update_url,
            returnFormat="json",
            method="POST",
            autocommit=True,
        )

    @property
    def _remote(self) -> SPARQLUpdateStore:
        if self._store is None:
            raise StoreError(f"store {self.location} is closed")
        return self._store

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        try:
            answer = self._remote.query(
                sparql,
                initNs=PREFIXES,
                initBindings=dict(bindings or {}),
                queryGraph="__UNION__",
            )
        except HTTPError as exc:
            raise QueryError(f"{self.location} rejected the query: {_http_problem(exc)}") from exc
        if isinstance(answer, tuple):  # rdflib's connector returns (status, reason, None)
            raise QueryError(f"{self.location} rejected the query: {_syntax_hint(sparql, answer)}")
        return answer

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")
        try:
            self._remote.update(sparql)
        except HTTPError as exc:
            raise StoreError(f"{self.update_url} rejected an update: {_http_problem(exc)}") from exc

    def nquads(self) -> bytes:
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        dataset = Dataset()
        for row in rows:
            s, p, o, g = row  # type: ignore[misc]
            dataset.graph(g).add((s, p, o))
        return dataset.serialize(format="nquads", encoding="utf-8")

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
        self._store = None

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


def _syntax_hint(sparql: str, answer: tuple[object, ...]) -> str:
    """Why an endpoint refused a query: rdflib's parser error if it fails too, else the status."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(sparql)
    except Exception as exc:  # noqa: BLE001 - any parser complaint is the hint
        return f"SPARQL syntax error: {_one_line(exc)}"
    return _one_line(Exception(answer[1]))


def _http_problem(exc: HTTPError) -> str:
    """The first line of an endpoint's error answer."""
    try:
        body = exc.read().decode("utf-8", "replace").strip()
    except OSError:
        body = ""
    first = body.splitlines()[0] if body else exc.reason
    return f"HTTP {exc.code}: {' '.join(str(first).split())[:300]}"
