"""The same commands against a real SPARQL 1.1 server: Oxigraph's HTTP server on 127.0.0.1.

The server comes from the ``oxigraph`` package (PyPI), installed by
``scripts/test-setup.sh``. It is started with ``--union-default-graph`` so
queries see every analysis's graph, as the embedded store does.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from powermap.cli import cli
from powermap.extract.model import Actor, Analysis, Claim, Extraction
from powermap.graph.errors import QueryError
from powermap.graph.export import serialize_store
from powermap.graph.ingest import ingest
from powermap.graph.sparql import load_query, query
from powermap.graph.stats import stats
from powermap.graph.store import SparqlStore, open_store
from powermap.graph.validate import validate


def _server_binary() -> str | None:
    here = Path(sys.executable).parent
    return shutil.which("oxigraph", path=os.pathsep.join([str(here), os.environ.get("PATH", "")]))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"oxigraph server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph server did not answer at {url} within {seconds} s")


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[str]:
    """Query URL of a fresh Oxigraph server on a free 127.0.0.1 port, stopped afterwards."""
    binary = _server_binary()
    if binary is None:
        pytest.skip("no SPARQL server: `oxigraph` is not installed (run scripts/test-setup.sh)")
    port = _free_port()
    args = [binary, "serve", "--location", str(tmp_path / "server-data")]
    args += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    with subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        try:
            _wait_until_up(f"http://127.0.0.1:{port}/", proc)
            yield f"http://127.0.0.1:{port}/query"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _fake_extract_many(analyses: Iterable[Analysis], *, jobs: int = 1) -> Iterator[Extraction]:
    for analysis in analyses:
        actors = [Actor("qatar", "Qatar", "State"), Actor("iran", "Iran", "State")]
        text = analysis.sections[0].text if analysis.sections else "x"
        claim = Claim("qatar", "brokers", "gains", None, ["iran"], None, "S", text, 0.5)
        yield Extraction(analysis, actors, [claim])


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


def test_endpoint_export_matches_what_was_ingested(
    endpoint: str, load: object, tmp_path: Path
) -> None:
    extractions = [load(n) for n in ("doha", "opec", "imf")]  # type: ignore[operator]
    with open_store(endpoint) as remote, open_store(tmp_path / "local") as local:
        ingest(remote, extractions)
        ingest(local, extractions)
        quads = [
            {
                tuple(q)
                for q in Dataset().parse(data=serialize_store(s, "nquads"), format="nquads").quads()
            }
            for s in (remote, local)
        ]
    assert quads[0] == quads[1]


def test_endpoint_syntax_error_is_a_query_error(endpoint: str) -> None:
    with open_store(endpoint, read_only=True) as store:
        with pytest.raises(QueryError, match="rejected the query"):
            store.query("SELECT ?x WHERE {")


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
    refused = CliRunner().invoke(cli, ["sparql", "DROP ALL", "--store", endpoint])
    assert refused.exit_code == 1
    counted = CliRunner().invoke(cli, ["stats", "--store", endpoint, "--format", "json"])
    assert counted.exit_code == 0, counted.output
    assert json.loads(counted.stdout)["analyses"] == 1
