"""Talking to a SPARQL 1.1 server over HTTP, in the form every server accepts.

Queries and updates go as ``application/x-www-form-urlencoded`` POST bodies
(``query=`` / ``update=``): some servers never answer the other encodings the
protocol allows (Virtuoso 7 leaves a ``application/sparql-query`` POST hanging).
Every request has a connect and a read timeout, so nothing waits forever, and a
server's own error text reaches the user on one line, with the endpoint named.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

import requests
from rdflib import Graph, Literal, Variable
from rdflib.query import Result

from powermap.graph.errors import QueryError, StoreError, StoreUnavailableError

__all__ = ["TIMEOUT_ENV", "Timeout", "Endpoint", "Answer"]

TIMEOUT_ENV = "POWERMAP_TIMEOUT"

# one Accept header for every query form: result sets for SELECT/ASK, RDF for CONSTRUCT/DESCRIBE
_ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.8, text/turtle;q=0.7, application/rdf+xml;q=0.5"
)
_RDF_FORMATS = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
}
_VIRTUOSO_ASK = "__ASK_RETVAL"  # Virtuoso 7 answers ASK as a one-cell SELECT


@dataclass(frozen=True)
class Timeout:
    """Seconds to wait for a connection and, once connected, between bytes of an answer.

    Examples
    --------
    >>> Timeout.parse("5,120"), Timeout.parse("30")
    (Timeout(connect=5.0, read=120.0), Timeout(connect=30.0, read=30.0))
    """

    connect: float = 10.0
    read: float = 300.0

    @classmethod
    def parse(cls, text: str) -> Timeout:
        """``"READ"`` or ``"CONNECT,READ"`` in seconds (the form of ``$POWERMAP_TIMEOUT``)."""
        parts = [p.strip() for p in text.split(",")]
        try:
            numbers = [float(p) for p in parts]
        except ValueError:
            numbers = []
        if len(numbers) not in (1, 2) or any(n <= 0 for n in numbers):
            raise StoreError(
                f"timeout {text!r}: give SECONDS or CONNECT,READ seconds, each above 0"
            )
        return cls(numbers[0], numbers[-1])

    @classmethod
    def from_env(cls) -> Timeout:
        """``$POWERMAP_TIMEOUT`` when set, else the defaults (10 s to connect, 300 s to read)."""
        text = os.environ.get(TIMEOUT_ENV, "").strip()
        return cls.parse(text) if text else cls()


@dataclass(frozen=True)
class Answer:
    """A parsed query answer, and whether the server said it cut the result set short."""

    result: Result
    truncated_at: int | None = None


class Endpoint:
    """Form-encoded SPARQL requests to a query URL and an update URL, with timeouts.

    Parameters
    ----------
    query_url, update_url : where queries and updates go (may be the same URL).
    timeout : connect and read timeouts; default from ``$POWERMAP_TIMEOUT``.
    """

    def __init__(self, query_url: str, update_url: str, *, timeout: Timeout | None = None) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.timeout = timeout or Timeout.from_env()
        self._session = requests.Session()  # keeps the connection alive across a batch

    def query(self, sparql: str) -> Answer:
        """Run a query; the answer parsed by its content type.

        Raises
        ------
        QueryError : the server rejected the query (its message, on one line).
        StoreUnavailableError : no connection, or no answer within the timeouts.
        """
        response = self._post(self.query_url, "query", sparql)
        if response.status_code >= 400:
            raise QueryError(f"{self.query_url} rejected the query: {_problem(response)}")
        return _answer(response, self.query_url)

    def update(self, sparql: str) -> None:
        """Run an update request.

        Raises
        ------
        StoreError : the server rejected it (its message, on one line).
        StoreUnavailableError : no connection, or no answer within the timeouts.
        """
        response = self._post(self.update_url, "update", sparql)
        if response.status_code >= 400:
            raise StoreError(f"{self.update_url} rejected an update: {_problem(response)}")

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    def _post(self, url: str, field: str, sparql: str) -> requests.Response:
        what = "update" if field == "update" else "query"
        try:
            return self._session.post(
                url,
                data={field: sparql},
                headers={"Accept": _ACCEPT},
                timeout=(self.timeout.connect, self.timeout.read),
            )
        except requests.exceptions.ConnectTimeout as exc:
            raise StoreUnavailableError(
                f"{url}: no connection within {self.timeout.connect:g} s "
                f"(connect timeout; set {TIMEOUT_ENV}=CONNECT,READ seconds)"
            ) from exc
        except requests.exceptions.ReadTimeout as exc:
            raise StoreUnavailableError(
                f"{url}: no answer to the {what} within {self.timeout.read:g} s "
                f"(read timeout; set {TIMEOUT_ENV}=CONNECT,READ seconds)"
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise StoreUnavailableError(
                f"{url}: cannot reach the SPARQL server: {_reason(exc)}"
            ) from exc


def _answer(response: requests.Response, url: str) -> Answer:
    """The query answer in ``response``, parsed by rdflib by its content type."""
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    capped = response.headers.get("X-SPARQL-MaxRows")  # Virtuoso: the result set was cut here
    try:
        if kind in _RDF_FORMATS:
            result = Result("CONSTRUCT")
            result.graph = Graph().parse(data=response.content, format=_RDF_FORMATS[kind])
        else:
            result = _virtuoso_ask(Result.parse(io.BytesIO(response.content), content_type=kind))
    except Exception as exc:  # noqa: BLE001 - any parser complaint means an answer we cannot read
        raise QueryError(f"{url} answered with {kind or 'no content type'} that cannot be read: "
                         f"{_squeeze(str(exc))}") from exc  # fmt: skip
    return Answer(result, int(capped) if capped and capped.isdigit() else None)


def _virtuoso_ask(result: Result) -> Result:
    """Virtuoso 7 answers ASK with a one-row SELECT of ``__ASK_RETVAL``: make it an ASK result."""
    if result.type != "SELECT" or [str(v) for v in result.vars or []] != [_VIRTUOSO_ASK]:
        return result
    rows = list(result.bindings)
    value = rows[0].get(Variable(_VIRTUOSO_ASK)) if rows else None
    answer = Result("ASK")
    answer.askAnswer = isinstance(value, Literal) and str(value) not in ("0", "false")
    return answer


def _problem(response: requests.Response) -> str:
    """The server's own error message, on one line: status and the first paragraph of the body."""
    text = response.text.strip()
    if "html" in response.headers.get("Content-Type", "").lower():
        from selectolax.lexbor import LexborHTMLParser

        body = LexborHTMLParser(text).body
        text = body.text(separator="\n").strip() if body is not None else ""
    first = text.split("\n\n")[0] if text else response.reason
    return f"HTTP {response.status_code}: {_squeeze(first or '')}"


def _reason(exc: requests.exceptions.RequestException) -> str:
    """Why a connection failed, without urllib3's nested object reprs."""
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "No route to host"):
        if marker in text:
            return marker.lower()
    return _squeeze(text)


def _squeeze(text: str, limit: int = 300) -> str:
    """``text`` on one line, cut at ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."
