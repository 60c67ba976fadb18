"""The same commands against real SPARQL 1.1 servers on 127.0.0.1: Oxigraph and Virtuoso 7.

Oxigraph's server comes from the ``oxigraph`` package (PyPI) and Virtuoso from
Debian's ``virtuoso-opensource-7-bin``; ``scripts/test-setup.sh`` installs both.
Each server is started once per module on a free port with a private database
directory, and stopped by its PID; every test leaves it as it found it (the
graphs it wrote are dropped). Oxigraph runs with ``--union-default-graph``.
Virtuoso runs with a result cap of 500 rows, so every read must page, and with
``GRANT SPARQL_UPDATE TO "SPARQL"``, the one grant powermap needs.

Without a server binary the tests of that server are skipped, unless
``POWERMAP_REQUIRE_SERVERS`` is set (``make test`` sets it).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from rdflib import Dataset, URIRef

from powermap.cli import cli
from powermap.extract.model import Actor, Analysis, Claim, Extraction
from powermap.graph.errors import QueryError
from powermap.graph.export.dataset import serialize_store
from powermap.graph.rdf.validate import validate
from powermap.graph.store.backends import SparqlStore, open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.store.sparql import load_query, query
from powermap.graph.store.stats import stats

VIRTUOSO_MAX_ROWS = 500

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 10
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
"""


@dataclass
class Server:
    """A running SPARQL server: its query URL, and the graphs it had before any test."""

    name: str
    url: str
    own_graphs: frozenset[str]


def _binary(name: str) -> str | None:
    here = Path(sys.executable).parent
    return shutil.which(name, path=os.pathsep.join([str(here), os.environ.get("PATH", "")]))


def _missing(what: str) -> None:
    message = f"no SPARQL server: {what} is not installed (run scripts/test-setup.sh)"
    if os.environ.get("POWERMAP_REQUIRE_SERVERS"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 90.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}")
        try:
            requests.post(url, data={"query": "ASK { }"}, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"no SPARQL server answered at {url} within {seconds} s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server started here, by its PID (SIGTERM, then SIGKILL after 30 s)."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _graphs(url: str) -> frozenset[str]:
    answer = requests.post(
        url,
        data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    answer.raise_for_status()
    return frozenset(b["g"]["value"] for b in answer.json()["results"]["bindings"])


def _start_oxigraph(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = _binary("oxigraph")
    if binary is None:
        _missing("`oxigraph`")
    port = _free_port()
    args = [str(binary), "serve", "--location", str(folder / "data")]
    args += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, f"http://127.0.0.1:{port}/query"


def _start_virtuoso(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    server, isql = _binary("virtuoso-t"), _binary("isql-vt")
    if server is None or isql is None:
        _missing("Virtuoso 7 (`virtuoso-t`, Debian's virtuoso-opensource-7-bin)")
    http_port, sql_port = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            dir=folder, sql_port=sql_port, http_port=http_port, max_rows=VIRTUOSO_MAX_ROWS
        ),
        "utf-8",
    )
    args = [str(server), "+foreground", "+configfile", str(ini)]
    with (folder / "stdout.log").open("wb") as log:  # the server keeps its own copy
        proc = subprocess.Popen(args, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait_until_up(url, proc)
        grant = 'GRANT SPARQL_UPDATE TO "SPARQL";'
        subprocess.run(
            [str(isql), f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={grant}"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
    except BaseException:
        _stop(proc)
        raise
    return proc, url


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """One server per module and kind, on a free 127.0.0.1 port, stopped by PID at the end."""
    folder = tmp_path_factory.mktemp(request.param)
    start = _start_oxigraph if request.param == "oxigraph" else _start_virtuoso
    proc, url = start(folder)
    try:
        _wait_until_up(url, proc)
        yield Server(request.param, url, _graphs(url))
    finally:
        _stop(proc)


@pytest.fixture
def endpoint(server: Server) -> Iterator[str]:
    """The server's query URL; the graphs a test wrote are dropped after it."""
    yield server.url
    with open_store(server.url) as store:
        for graph in sorted(_graphs(server.url) - server.own_graphs):
            store.update(f"DROP SILENT GRAPH <{graph}>")


def _fake_extract_many(analyses: Iterable[Analysis], *, jobs: int = 1) -> Iterator[Extraction]:
    for analysis in analyses:
        actors = [Actor("qatar", "Qatar", "State"), Actor("iran", "Iran", "State")]
        text = analysis.sections[0].text if analysis.sections else "x"
        claim = Claim("qatar", "brokers", "gains", None, ["iran"], None, "S", text, 0.5)
        yield Extraction(analysis, actors, [claim])


def _quads(store: object) -> set[tuple[object, ...]]:
    data = serialize_store(store, "nquads")  # type: ignore[arg-type]
    return {tuple(q) for q in Dataset().parse(data=data, format="nquads").quads()}


def test_ingest_and_queries_against_a_sparql_server(endpoint: str, load: object) -> None:
    extractions = [load(n) for n in ("doha", "opec", "imf")]  # type: ignore[operator]
    with open_store(endpoint) as store:
        assert isinstance(store, SparqlStore)
        assert str(ingest(store, extractions)) == "added 3, replaced 0, skipped 0, failed 0"
        assert str(ingest(store, extractions)) == "added 0, replaced 0, skipped 3, failed 0"
        counts = stats(store)
        assert (counts["analyses"], counts["actors"], counts["claims"]) == (3, 7, 7)
        rows = list(query(store, load_query("who_gains")))
        assert ("Qatar", "Iran") in {(str(r[1]), str(r[3])) for r in rows}  # type: ignore[index]
        changed = load("doha")  # type: ignore[operator]
        changed.claims.pop(0)
        assert ingest(store, [changed]).replaced == ["doha-backchannels"]
        assert stats(store)["claims"] == 6
        assert validate(store).conforms


def test_endpoint_export_and_stats_match_the_embedded_store(
    endpoint: str, load: object, tmp_path: Path
) -> None:
    extractions = [load(n) for n in ("doha", "opec", "imf")]  # type: ignore[operator]
    with open_store(endpoint) as remote, open_store(tmp_path / "local") as local:
        ingest(remote, extractions)
        ingest(local, extractions)
        assert _quads(remote) == _quads(local)
        assert stats(remote) == stats(local)  # a server's own graphs are not counted
        assert serialize_store(remote, "trig") == serialize_store(local, "trig")


def test_paged_reads_return_every_row(endpoint: str, load: object, tmp_path: Path) -> None:
    extractions = [load(n) for n in ("doha", "opec", "imf")]  # type: ignore[operator]
    claims, ranked = load_query("view_claims"), load_query("who_gains")  # unordered; ordered
    with SparqlStore(endpoint, page_size=2) as remote, open_store(tmp_path / "local") as local:
        ingest(remote, extractions)
        ingest(local, extractions)
        rows = {
            name: [[r.asdict() for r in s.select(text)] for s in (local, remote)]  # type: ignore[union-attr]
            for name, text in (("claims", claims), ("ranked", ranked))
        }
    expected, got = rows["claims"]
    assert len(expected) == 7
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    assert rows["ranked"][1] == rows["ranked"][0]  # the query's own order, page after page


def test_endpoint_syntax_error_is_a_query_error_with_the_servers_words(endpoint: str) -> None:
    with open_store(endpoint, read_only=True) as store:
        with pytest.raises(QueryError, match="rejected the query: HTTP [45]") as caught:
            store.query("SELECT ?x WHERE {")
    message = str(caught.value)
    assert "\n" not in message
    assert endpoint in message


def _poisoned(store: SparqlStore, target: str, bad: str) -> SparqlStore:
    """``store``, sending one line the server rejects at the end of ``target``'s graph."""
    replace = store.replace_graph

    def replace_graph(name: URIRef, ntriples: list[str], meta: URIRef, digest: str) -> None:
        if str(name).endswith(target):
            ntriples = [*ntriples, bad]
        replace(name, ntriples, meta, digest)

    store.replace_graph = replace_graph  # type: ignore[method-assign]
    return store


# What each server rejects: Virtuoso the xsd:duration literal it cannot store (at run
# time, after the request's first operations went through), Oxigraph a broken triple.
BAD_LINE = {
    "virtuoso": '<urn:x:s> <urn:x:p> "PT4M"^^<http://www.w3.org/2001/XMLSchema#duration> .',
    "oxigraph": "<urn:x:s> <urn:x:p> .",
}


def test_a_rejected_update_leaves_no_trace_and_the_batch_goes_on(
    server: Server, endpoint: str, load: object, tmp_path: Path
) -> None:
    batch = [load(n) for n in ("doha", "opec", "imf")]  # type: ignore[operator]
    target = batch[1].analysis.id
    bad = BAD_LINE[server.name]
    with open_store(tmp_path / "local") as local:
        with _poisoned(SparqlStore(endpoint, max_triples=20), target, bad) as remote:
            summary = ingest(remote, batch)  # the bad line sits in the last of several chunks
        assert summary.added == [batch[0].analysis.id, batch[2].analysis.id]
        assert [f.source for f in summary.failed] == [batch[1].analysis.document]
        problem = summary.failed[0].problem
        assert "rejected an update: HTTP" in problem and "\n" not in problem
        ingest(local, [batch[0], batch[2]])
        with open_store(endpoint) as remote:
            assert _quads(remote) == _quads(local)  # nothing of the rejected analysis
        stored = _graphs(endpoint) - server.own_graphs
        assert stored == {g.value for g in local.raw.named_graphs()}  # no staging graph left

        with open_store(endpoint) as remote:
            ingest(remote, [batch[1]])  # now stored whole; then a rejected replacement
        ingest(local, [batch[1]])
        changed = load("opec")  # type: ignore[operator]
        changed.claims.pop(0)
        with _poisoned(SparqlStore(endpoint, max_triples=20), target, bad) as remote:
            assert len(ingest(remote, [changed]).failed) == 1
            assert _quads(remote) == _quads(local)  # the stored version is untouched


def test_cli_build_sparql_and_stats_by_url(
    endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import powermap.extract.pipeline as pipeline

    monkeypatch.setattr(pipeline, "extract_many", _fake_extract_many)
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: Talks\n---\n\n## Who gains leverage\n\nQatar brokers.\n", "utf-8")
    built = CliRunner().invoke(cli, ["build", str(page), "--store", endpoint])
    assert built.exit_code == 0, built.output
    assert built.stdout == "added 1, replaced 0, skipped 0, failed 0\n"
    asked = CliRunner().invoke(
        cli, ["sparql", "SELECT ?b WHERE { ?a pm:brokersBetween ?b }", "--store", endpoint,
              "--format", "json"],
    )  # fmt: skip
    assert asked.exit_code == 0, asked.output
    bindings = json.loads(asked.stdout)["results"]["bindings"]
    assert [b["b"]["value"] for b in bindings] == ["https://w3id.org/powermap/id/actor/iran"]
    told = CliRunner().invoke(cli, ["sparql", "ASK { ?a pm:brokersBetween ?b }", "--store",
                                    endpoint, "--format", "json"])  # fmt: skip
    assert told.exit_code == 0, told.output
    assert json.loads(told.stdout)["boolean"] is True
    refused = CliRunner().invoke(cli, ["sparql", "DROP ALL", "--store", endpoint])
    assert refused.exit_code == 1
    counted = CliRunner().invoke(cli, ["stats", "--store", endpoint, "--format", "json"])
    assert counted.exit_code == 0, counted.output
    assert json.loads(counted.stdout)["analyses"] == 1


# ------------------------------------------------------------- the sample corpus

DATA = Path(__file__).resolve().parents[2] / "data"
# the sample analyses, the VOA stories and the held-out analyses of data/ (not its
# eighty one-line reports: eighty more named graphs slow a server's clean-up, not
# the comparison)
SOURCES = [
    *sorted(
        str(p)
        for p in DATA.iterdir()
        if p.suffix in {".txt", ".md", ".html"} and p.stem != "README"
    ),
    str(DATA / "voa"),
    str(DATA / "heldout"),
]


@pytest.fixture(scope="module")
def data_extractions() -> dict[str, Extraction]:
    """The extractions of ``data/`` by document path (spaCy runs once per module)."""
    from powermap.extract.pipeline import extract_many
    from powermap.extract.reader import read_many

    found = extract_many(read_many(SOURCES))
    return {str(e.analysis.document): e for e in found}


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


COMMANDS = (
    ("who-gains", "--format", "json"),
    ("actor", "Washington", "--format", "json"),
    ("stats", "--format", "json"),
    ("export", "--format", "trig", "--out", "-"),
)


@pytest.fixture(scope="module")
def extracted_data(data_extractions: dict[str, Extraction]) -> Iterator[None]:
    """``build data/`` takes its extractions from :func:`data_extractions` (no spaCy)."""
    import powermap.extract.pipeline as pipeline

    def extracted(analyses: Iterable[Analysis], *, jobs: int = 1) -> Iterator[Extraction]:
        return (data_extractions[str(a.document)] for a in analyses)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "extract_many", extracted)
        yield


@pytest.fixture(scope="module")
def embedded_answers(
    extracted_data: None, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, ...], str]:
    """What each of :data:`COMMANDS` prints for ``data/`` built into the embedded store."""
    local = str(tmp_path_factory.mktemp("embedded") / "store")
    _run("build", *SOURCES, "--store", local)
    return {command: _run(*command, "--store", local) for command in COMMANDS}


@pytest.mark.slow
def test_data_builds_and_answers_alike_in_a_server_and_the_embedded_store(
    endpoint: str,
    extracted_data: None,
    embedded_answers: dict[tuple[str, ...], str],
    data_extractions: dict[str, Extraction],
) -> None:
    total = len(data_extractions)
    started = time.monotonic()
    assert _run("build", *SOURCES, "--store", endpoint).startswith(f"added {total},")
    built = time.monotonic() - started
    started = time.monotonic()
    assert _run("build", *SOURCES, "--store", endpoint).startswith(
        f"added 0, replaced 0, skipped {total}, failed 0"
    )
    rebuilt = time.monotonic() - started
    for command in COMMANDS:
        assert _run(*command, "--store", endpoint) == embedded_answers[command], command
    # speed is measured by benchmarks/servers.py, not asserted here
    print(f"{endpoint}: build {built:.1f} s, unchanged rebuild {rebuilt:.1f} s")
