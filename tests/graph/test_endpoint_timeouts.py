"""No request to a SPARQL server waits forever: servers that never answer, on 127.0.0.1.

A listening socket that nobody accepts is a server that never answers: the
kernel completes the connection, the request is sent, and no byte comes back.
With its backlog full it is a server that never even connects.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from powermap.cli import cli
from powermap.graph.errors import StoreError, StoreUnavailableError
from powermap.graph.store.backends import open_store
from powermap.graph.store.endpoint import Timeout
from powermap.graph.store.stats import stats


@pytest.fixture
def silent_server() -> Iterator[str]:
    """The URL of a server that takes connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"


@pytest.fixture
def full_server() -> Iterator[str]:
    """The URL of a server whose connection queue is full: a connect never completes."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(0)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
        waiting = []
        for _ in range(4):  # fill the queue (Linux keeps backlog + 1 pending connections)
            client = socket.socket()
            client.setblocking(False)
            client.connect_ex(sock.getsockname())
            waiting.append(client)
        time.sleep(0.2)
        try:
            yield url
        finally:
            for client in waiting:
                client.close()


def test_a_server_that_never_answers_is_a_one_line_read_timeout(silent_server: str) -> None:
    started = time.monotonic()
    with open_store(silent_server, timeout=Timeout(connect=2, read=0.5)) as store:
        with pytest.raises(StoreUnavailableError) as caught:
            stats(store)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert message.startswith(f"{silent_server}: no answer to the query within 0.5 s")
    assert "read timeout" in message and "\n" not in message


def test_a_server_that_never_connects_is_a_one_line_connect_timeout(full_server: str) -> None:
    started = time.monotonic()
    with open_store(full_server, timeout=Timeout(connect=0.5, read=30)) as store:
        with pytest.raises(StoreUnavailableError, match="no connection within 0.5 s"):
            store.query("ASK { }")
    assert time.monotonic() - started < 5


def test_cli_commands_give_up_on_a_silent_server_with_one_line(
    silent_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POWERMAP_TIMEOUT", "2,0.5")
    for command in (["stats"], ["who-gains"], ["export", "--format", "nquads", "--out", "-"]):
        started = time.monotonic()
        result = CliRunner().invoke(cli, [*command, "--store", silent_server])
        assert result.exit_code == 1, (command, result.output)
        assert time.monotonic() - started < 10
        assert result.stderr.count("\n") == 1, result.stderr
        assert "read timeout" in result.stderr and silent_server in result.stderr


def test_a_build_stops_at_the_first_timeout_instead_of_failing_every_analysis(
    silent_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(3):
        (folder / f"p{n}.md").write_text(f"---\ntitle: T{n}\n---\n\n## A\n\nQatar {n}.\n", "utf-8")
    monkeypatch.setenv("POWERMAP_TIMEOUT", "2,0.5")
    result = CliRunner().invoke(cli, ["-q", "build", str(folder), "--store", silent_server])
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert "read timeout" in result.stderr


@pytest.mark.parametrize("text", ["soon", "0", "1,2,3", "-5"])
def test_a_bad_timeout_setting_is_one_line(text: str) -> None:
    with pytest.raises(StoreError, match="give SECONDS or CONNECT,READ"):
        Timeout.parse(text)
