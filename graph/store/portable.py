"""SPARQL text that Oxigraph, Virtuoso 7 and Jena all accept alike.

Bound values go in as a ``VALUES`` block at the start of the query's WHERE
group (Virtuoso rejects a trailing ``VALUES`` on a variable it does not
project); long result sets are read in pages of an ordered subquery (Virtuoso
caps result sets, and refuses ``ORDER BY`` with an ``OFFSET`` past its sort
limit); a graph goes into a server in chunks of at most :data:`MAX_TRIPLES`
triples (Virtuoso refuses much larger ``INSERT DATA`` requests), staged in a
side graph and moved in place by the last request, so a rejected chunk never
touches what is stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rdflib import Literal, URIRef, Variable
from rdflib.term import Identifier

from powermap.ontology.namespace import PM

__all__ = [
    "MAX_TRIPLES",
    "MAX_BYTES",
    "bind",
    "bind_each",
    "page",
    "order_by",
    "replace_graph",
    "staged_replace",
    "staging_graph",
    "chunks",
]

MAX_TRIPLES = 1000
"""Most triples in one update request to a SPARQL server. Virtuoso 7 refuses an
``INSERT DATA`` whose generated SQL passes its limit (about 1,100 triples with
two GRAPH blocks) and cannot parse one of about 5,000 triples."""

MAX_BYTES = 4_000_000
"""Most bytes of N-Triples in one update request (servers limit request bodies)."""

# what may stand between tokens: strings, IRIs and comments are skipped whole
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*"
    r"|[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+"
    r"|[{}]"
    r"|\bWHERE\b",
    re.IGNORECASE,
)


def _where_group(sparql: str) -> int:
    """Index just inside the ``{`` that opens the query's WHERE group.

    That is the first top-level ``{`` after the keyword ``WHERE``, or the first
    top-level ``{`` when the query leaves ``WHERE`` out (``SELECT * { ... }``).
    """
    depth = 0
    after_where = False
    first: int | None = None
    for match in _SKIP.finditer(sparql):
        token = match.group()
        if token == "{":
            if depth == 0:
                if after_where:
                    return match.end()
                if first is None:
                    first = match.end()
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0 and token.upper() == "WHERE":
            after_where = True
    if first is None:
        raise ValueError("no WHERE group in the query")
    return first


def bind(sparql: str, bindings: Mapping[str, Identifier]) -> str:
    """Bind variables with a ``VALUES`` block at the start of the WHERE group.

    Examples
    --------
    >>> print(bind("SELECT ?h WHERE { GRAPH ?g { ?s ?p ?h } }", {"g": URIRef("urn:x:g")}))
    SELECT ?h WHERE { VALUES ( ?g ) { ( <urn:x:g> ) }
     GRAPH ?g { ?s ?p ?h } }
    """
    if not bindings:
        return sparql
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    return _open_where(sparql, f"VALUES ( {names} ) {{ ( {values} ) }}")


def bind_each(sparql: str, name: str, terms: Sequence[Identifier]) -> str:
    """Bind one variable to each of several values (one ``VALUES`` row per value).

    Examples
    --------
    >>> print(bind_each("SELECT * WHERE { GRAPH ?g { } }", "g", [URIRef("urn:a"), URIRef("urn:b")]))
    SELECT * WHERE { VALUES ?g { <urn:a> <urn:b> }
     GRAPH ?g { } }
    """
    return _open_where(sparql, f"VALUES ?{name} {{ {' '.join(t.n3() for t in terms)} }}")


def _open_where(sparql: str, block: str) -> str:
    at = _where_group(sparql)
    return f"{sparql[:at]} {block}\n{sparql[at:]}"


def page(sparql: str, limit: int, offset: int) -> str:
    """One page of an ordered SELECT: the query as a subquery, cut by LIMIT and OFFSET.

    The query must order its rows completely (:func:`order_by` every projected
    variable, or a key). The order sits inside and the cut outside, which is
    how Virtuoso pages past its sort limit; Oxigraph and Jena keep the
    subquery's order too. The query must not declare its own PREFIX or BASE.

    Examples
    --------
    >>> print(page("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", 100, 200))
    SELECT * WHERE {
    {
    SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s
    }
    } LIMIT 100 OFFSET 200
    """
    return f"SELECT * WHERE {{\n{{\n{sparql}\n}}\n}} LIMIT {limit:d} OFFSET {offset:d}"


def order_by(sparql: str, variables: Sequence[Variable]) -> str:
    """``sparql`` (a SELECT without ORDER BY, LIMIT or a trailing VALUES) ordered by ``variables``.

    Ordering by every projected variable is a complete order: rows that tie
    on all of them are the same row.

    Examples
    --------
    >>> print(order_by("SELECT ?s ?o WHERE { ?s ?p ?o }", [Variable("s"), Variable("o")]))
    SELECT ?s ?o WHERE { ?s ?p ?o }
    ORDER BY ?s ?o
    """
    return f"{sparql}\nORDER BY {' '.join(v.n3() for v in variables)}"


def staging_graph(name: URIRef) -> URIRef:
    """The side graph a graph is written into before it is moved in place.

    Examples
    --------
    >>> staging_graph(URIRef("https://w3id.org/powermap/id/analysis/a1"))
    rdflib.term.URIRef('https://w3id.org/powermap/id/analysis/a1#powermap-staging')
    """
    return URIRef(f"{name}#powermap-staging")


def _record(name: URIRef, meta: URIRef, digest: str) -> tuple[str, str]:
    """Updates that forget a graph's old hash and record its new one in ``meta``."""
    forget = f"DELETE WHERE {{ GRAPH {meta.n3()} {{ {name.n3()} {PM.graphHash.n3()} ?old }} }}"
    remember = (
        f"INSERT DATA {{ GRAPH {meta.n3()} "
        f"{{ {name.n3()} {PM.graphHash.n3()} {Literal(digest).n3()} }} }}"
    )
    return forget, remember


def replace_graph(name: URIRef, ntriples: Sequence[str], meta: URIRef, digest: str) -> str:
    """One update that swaps in a graph and records its hash (for a transactional store).

    ``INSERT DATA`` takes no bound values, so the triples go in as the
    N-Triples lines rdflib's serializer wrote (as rdflib's own
    ``SPARQLUpdateStore`` does).
    """
    forget, remember = _record(name, meta, digest)
    body = "\n".join(ntriples)
    return (
        f"DROP SILENT GRAPH {name.n3()} ;\n{forget} ;\n"
        f"INSERT DATA {{ GRAPH {name.n3()} {{\n{body}\n}} }} ;\n{remember}"
    )


def chunks(
    ntriples: Sequence[str], max_triples: int = MAX_TRIPLES, max_bytes: int = MAX_BYTES
) -> list[list[str]]:
    """N-Triples lines cut into runs of at most ``max_triples`` lines and about ``max_bytes``.

    Examples
    --------
    >>> [len(c) for c in chunks(["<a:s> <a:p> <a:o> ."] * 5, max_triples=2)]
    [2, 2, 1]
    """
    runs: list[list[str]] = []
    run: list[str] = []
    size = 0
    for line in ntriples:
        if run and (len(run) >= max_triples or size + len(line) > max_bytes):
            runs.append(run)
            run, size = [], 0
        run.append(line)
        size += len(line) + 1
    if run or not runs:
        runs.append(run)
    return runs


def staged_replace(
    name: URIRef,
    ntriples: Sequence[str],
    meta: URIRef,
    digest: str,
    *,
    max_triples: int = MAX_TRIPLES,
    max_bytes: int = MAX_BYTES,
) -> tuple[list[str], str]:
    """Update requests that swap in a graph through a staging graph, and the one that undoes them.

    The triples go into :func:`staging_graph` in chunks (the first request
    clears any staging left by an interrupted build); the last request also
    moves the staging graph onto ``name`` and then records the hash, so a graph
    that fits in one chunk takes one request. Until that move the stored graph
    and its hash are untouched: when a request is rejected (a server that is
    not transactional may have applied its first operations), dropping the
    staging graph (the second value) leaves no trace.

    Returns
    -------
    (requests in order, the rollback request).
    """
    staging = staging_graph(name)
    forget, remember = _record(name, meta, digest)
    requests = []
    for run in chunks(ntriples, max_triples, max_bytes):
        body = "\n".join(run)
        requests.append(f"INSERT DATA {{ GRAPH {staging.n3()} {{\n{body}\n}} }}")
    requests[0] = f"DROP SILENT GRAPH {staging.n3()} ;\n{requests[0]}"
    requests[-1] += f" ;\nMOVE SILENT GRAPH {staging.n3()} TO {name.n3()} ;\n{forget} ;\n{remember}"
    return requests, f"DROP SILENT GRAPH {staging.n3()}"
