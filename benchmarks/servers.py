"""SPARQL server benchmark: the embedded store against Oxigraph's server and Virtuoso 7.

Not a test: prints figures. ``benchmarks/store.py``'s synthetic analyses are
stored, stored again (all skipped: the hashes are read back), read into a
snapshot (the seven view queries, paged on a server), counted (``stats``) and
exported (N-Quads), in the embedded store and in each server this script
starts on a free 127.0.0.1 port with a private directory (Oxigraph from the
``oxigraph`` package, Virtuoso from Debian's ``virtuoso-opensource-7-bin``;
``scripts/test-setup.sh`` installs both) and stops by its PID.

    .venv/bin/python benchmarks/servers.py --sizes 100,1000
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from store import synthetic  # benchmarks/store.py

from powermap.graph.export.dataset import serialize_store
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.store.stats import stats
from powermap.graph.views.snapshot import read_snapshot

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
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
DirsAllowed = {dir}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
[SPARQL]
ResultSetMaxRows = 10000
"""


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _binary(name: str) -> str:
    here = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which(name, path=here)
    if found is None:
        raise SystemExit(f"no `{name}`: run scripts/test-setup.sh to install it")
    return found


def _wait(url: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args!r} exited with {proc.returncode}")
        try:
            requests.post(url, data={"query": "ASK { }"}, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise SystemExit(f"no server at {url}")


@contextmanager
def _server(kind: str, folder: Path) -> Iterator[str]:
    """The location of a store of ``kind``: a directory, or a server's query URL."""
    if kind == "embedded":
        yield str(folder / "store")
        return
    port = _port()
    if kind == "oxigraph":
        args = [_binary("oxigraph"), "serve", "--location", str(folder), "--union-default-graph"]
        args += ["--bind", f"127.0.0.1:{port}"]
        url = f"http://127.0.0.1:{port}/query"
    else:
        sql = _port()
        ini = folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql, http_port=port), "utf-8")
        args = [_binary("virtuoso-t"), "+foreground", "+configfile", str(ini)]
        url = f"http://127.0.0.1:{port}/sparql"
    proc = subprocess.Popen(args, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(url, proc)
        if kind == "virtuoso":
            grant = 'GRANT SPARQL_UPDATE TO "SPARQL";'
            subprocess.run([_binary("isql-vt"), f"127.0.0.1:{sql}", "dba", "dba", f"exec={grant}"],
                           check=True, capture_output=True)  # fmt: skip
        yield url
    finally:
        proc.terminate()
        proc.wait()


def _timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def run(size: int, kinds: list[str]) -> None:
    extractions = list(synthetic(size))
    print(f"\n== {size:,} analyses")
    print(f"{'store':10} {'build':>16} {'rebuild':>9} {'snapshot':>9} {'stats':>7} {'export':>8}")
    for kind in kinds:
        with tempfile.TemporaryDirectory() as tmp, _server(kind, Path(tmp)) as location:
            with open_store(location) as store:
                build = _timed(lambda: ingest(store, extractions))  # noqa: B023
                rebuild = _timed(lambda: ingest(store, extractions))  # noqa: B023
                snapshot = _timed(lambda: read_snapshot(store))  # noqa: B023
                counted = _timed(lambda: stats(store))  # noqa: B023
                exported = _timed(lambda: serialize_store(store, "nquads"))  # noqa: B023
        rate = f"{build:.1f} s ({size / build:.0f}/s)"
        print(
            f"{kind:10} {rate:>16} {rebuild:>8.2f}s {snapshot:>8.2f}s {counted:>6.2f}s "
            f"{exported:>7.2f}s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated analysis counts")
    parser.add_argument("--stores", default="embedded,oxigraph,virtuoso", help="which stores")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.stores.split(","))


if __name__ == "__main__":
    main()
