"""Scale: streaming stages, resumable builds, and extraction on a real Dask cluster.

Builds are interrupted (from the progress callback, or by killing a
``powermap build`` process) and run again. The cluster tests start a
``distributed.LocalCluster`` (scheduler and two worker processes on 127.0.0.1,
each loading the spaCy pipeline once) and kill a worker in the middle of a
build. Every build must end with the quads of a plain one-process build of the
same files. The memory criterion itself (2,000 vs 200 analyses) is measured by
``benchmarks/scale.py``, not asserted here.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dask
import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner
from distributed import Client, LocalCluster

from powermap.builder import build
from powermap.cli import cli
from powermap.extract.errors import ExtractError
from powermap.extract.model import Analysis, Section
from powermap.extract.pipeline import extract_many
from powermap.extract.reader import iter_sources, read_many
from powermap.graph.rdf.ids import Ids

DATA = Path(__file__).resolve().parents[1] / "data"
DATA_COUNT = sum(1 for _ in iter_sources([DATA]))  # the sample analyses


def _quads(location: Path) -> set[str]:
    store = ox.Store.read_only(str(location))
    return {str(quad) for quad in store}


def _stored_analyses(location: Path) -> set[str]:
    """Names of the analysis graphs a store holds (read beside a running writer)."""
    prefix = str(Ids().analysis("x"))[:-1]
    try:
        names = list(ox.Store.read_only(str(location)).named_graphs())
    except (OSError, RuntimeError):  # not there yet, or being created
        return set()
    return {g.value for g in names if g.value.startswith(prefix)}


def _small(n: int) -> Analysis:
    text = f"Qatar pressed Iran to reopen the talks, round {n}. Iran depends on Qatar."
    return Analysis(id=f"small-{n}", title=f"Talks {n}", sections=[Section("What happened", text)])


class Counting:
    """An endless stream of small analyses that counts how many were taken."""

    def __init__(self) -> None:
        self.taken = 0

    def __iter__(self) -> Iterator[Analysis]:
        for n in itertools.count():
            self.taken += 1
            yield _small(n)


@pytest.fixture(scope="module")
def local_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/ built once in one local process: the reference every other build must equal."""
    location = tmp_path_factory.mktemp("reference") / "store"
    summary = build([DATA], location)
    assert summary.ok and len(summary.added) == DATA_COUNT, summary
    return location


# ---------------------------------------------------------------- streaming


def test_read_many_reads_a_file_only_when_its_analysis_is_asked_for(tmp_path: Path) -> None:
    page = "---\ntitle: {}\n---\n\n## What happened\n\nQatar pressed Iran.\n"
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(page.format(f"First {name}"), "utf-8")
    stream = read_many([tmp_path])
    assert next(stream).title == "First a"
    (tmp_path / "b.md").write_text(page.format("Rewritten b"), "utf-8")
    assert next(stream).title == "Rewritten b"


def test_extract_many_takes_one_bounded_batch_to_give_its_first_result() -> None:
    source = Counting()
    first = next(extract_many(iter(source)))
    assert first.analysis.id == "small-0"
    assert source.taken <= 100, f"took {source.taken} analyses to give one result"


def test_extract_many_on_two_processes_takes_one_bounded_chunk_to_give_its_first_result() -> None:
    source = Counting()
    results = extract_many(iter(source), jobs=2)
    assert next(results).analysis.id == "small-0"
    assert source.taken <= 100, f"took {source.taken} analyses to give one result"
    results.close()


# ---------------------------------------------------------------- idempotent, resumable


def test_building_the_same_folder_twice_gives_the_same_quads(
    tmp_path: Path, local_build: Path
) -> None:
    location = tmp_path / "store"
    build([DATA], location)
    once = _quads(location)
    summary = build([DATA], location)
    assert str(summary) == f"added 0, replaced 0, skipped {DATA_COUNT}, failed 0"
    assert _quads(location) == once == _quads(local_build)


def test_an_interrupted_build_run_again_stores_the_rest_and_skips_what_is_in(
    tmp_path: Path, local_build: Path
) -> None:
    location = tmp_path / "store"
    seen: list[str] = []

    def interrupt_after_four(analysis_id: str, outcome: str) -> None:
        seen.append(outcome)
        if len(seen) == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([DATA], location, progress=interrupt_after_four)
    assert len(_stored_analyses(location)) == 4
    summary = build([DATA], location)
    assert (len(summary.skipped), len(summary.added), summary.failed) == (4, DATA_COUNT - 4, [])
    assert _quads(location) == _quads(local_build)


def _copies(folder: Path, copies: int) -> Path:
    """data/'s analyses written ``copies`` times as Markdown under new titles (new ids)."""
    folder.mkdir()
    for analysis in read_many([DATA]):
        for k in range(copies):
            meta = {"title": f"Copy {k}: {analysis.title}", "lens": analysis.lens}
            body = "\n\n".join(f"## {s.heading}\n\n{s.text}" for s in analysis.sections)
            front = yaml.safe_dump(meta, allow_unicode=True)
            (folder / f"{analysis.id[:40]}-{k}.md").write_text(f"---\n{front}---\n\n{body}\n")
    return folder


@pytest.mark.slow
def test_a_killed_build_process_run_again_completes_and_duplicates_nothing(tmp_path: Path) -> None:
    folder = _copies(tmp_path / "pages", copies=2)
    total = DATA_COUNT * 2
    location = tmp_path / "store"
    command = [sys.executable, "-c", "from powermap.cli import main; main()", "build"]
    with subprocess.Popen([*command, str(folder), "--store", str(location)]) as proc:
        deadline = time.monotonic() + 300
        while not _stored_analyses(location) and time.monotonic() < deadline:
            assert proc.poll() is None, "the build ended before storing anything"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    stored = len(_stored_analyses(location))
    assert 0 < stored < total, f"killed with {stored} of {total} stored"

    result = CliRunner().invoke(cli, ["build", str(folder), "--store", str(location)])
    assert result.exit_code == 0, result.output
    assert f"skipped {stored}," in result.output and "failed 0" in result.output
    assert len(_stored_analyses(location)) == total
    fresh = tmp_path / "fresh"
    assert build([folder], fresh).ok
    assert _quads(location) == _quads(fresh)


# ---------------------------------------------------------------- Dask cluster


def test_build_with_both_jobs_and_a_scheduler_is_refused_in_one_line(tmp_path: Path) -> None:
    args = ["build", str(DATA), "--store", str(tmp_path / "s"), "-j", "2"]
    result = CliRunner().invoke(cli, [*args, "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "--scheduler" in result.output
    assert not (tmp_path / "s").exists()


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    from powermap.extract.distributed import extract_on_cluster

    with pytest.raises(ExtractError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:1"):
        next(extract_on_cluster([_small(0)], "tcp://127.0.0.1:1", timeout=1))


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A scheduler and two single-threaded worker processes on 127.0.0.1, and a client of them."""
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as local,
        Client(local) as client,
    ):
        yield client


@pytest.mark.slow
def test_build_on_a_cluster_stores_what_a_local_build_stores(
    client: Client, tmp_path: Path, local_build: Path
) -> None:
    address = client.scheduler.address
    location = tmp_path / "store"
    args = ["build", str(DATA), "--store", str(location), "--scheduler", address]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output == f"added {DATA_COUNT}, replaced 0, skipped 0, failed 0\n"
    assert _quads(location) == _quads(local_build)


@pytest.mark.slow
def test_cluster_extraction_keeps_a_bounded_number_of_analyses_in_flight(client: Client) -> None:
    from powermap.extract.distributed import extract_on_cluster

    source = Counting()
    results = extract_on_cluster(iter(source), client, batch_size=2, in_flight=3)
    next(results)
    assert source.taken <= (3 + 1) * 2, f"took {source.taken} analyses to give one result"
    results.close()


@pytest.mark.slow
def test_workers_without_the_model_give_one_clear_error(client: Client) -> None:
    from powermap.extract.distributed import extract_on_cluster

    results = extract_on_cluster([_small(0)], client, model="no_such_model")
    with pytest.raises(ExtractError, match="'no_such_model' is not installed"):
        next(results)


def _worker_killer(client: Client) -> tuple[Callable[[str, str], None], dict[str, Any]]:
    """A progress callback that SIGKILLs a worker process busy with a batch, once.

    The second value records the worker's address, its pid and the tasks it
    was running.
    """
    pids = client.run(os.getpid)
    killed: dict[str, Any] = {}

    def kill_a_busy_worker(analysis_id: str, outcome: str) -> None:
        deadline = time.monotonic() + 30
        while not killed and time.monotonic() < deadline:
            busy = {w: keys for w, keys in client.processing().items() if keys}
            if busy:
                worker, keys = sorted(busy.items())[0]
                killed.update(worker=worker, pid=pids[worker], keys=list(keys))
                os.kill(pids[worker], signal.SIGKILL)
            time.sleep(0.01)

    return kill_a_busy_worker, killed


@pytest.mark.slow
def test_a_worker_killed_mid_build_has_its_batch_rerun_and_each_analysis_stored_once(
    client: Client, tmp_path: Path, local_build: Path
) -> None:
    kill, killed = _worker_killer(client)
    location = tmp_path / "store"
    summary = build([DATA], location, scheduler=client, progress=kill)
    assert killed.get("keys"), "no worker was busy when one was to be killed"
    assert summary.failed == [] and sorted(summary.added) == sorted(set(summary.added))
    assert len(summary.added) == DATA_COUNT
    assert _quads(location) == _quads(local_build)
    assert killed["pid"] not in client.run(os.getpid).values()


@pytest.mark.slow
def test_a_batch_that_kills_workers_too_often_is_reported_and_a_rerun_stores_it(
    tmp_path: Path, local_build: Path
) -> None:
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as local,
        Client(local) as strict,
    ):
        kill, killed = _worker_killer(strict)
        location = tmp_path / "store"
        failures: list[str] = []
        summary = build([DATA], location, scheduler=strict, progress=kill,
                        on_error=lambda f: failures.append(str(f)))  # fmt: skip
        assert killed.get("keys"), "no worker was busy when one was to be killed"
        # every batch the killed worker held is lost (it may hold more than one)
        assert 0 < len(summary.failed) < DATA_COUNT
        assert all("KilledWorker" in line for line in failures), failures
        assert len(summary.added) + len(summary.failed) == DATA_COUNT

        again = build([DATA], location, scheduler=strict)
    assert len(again.added) == len(summary.failed) and again.ok
    assert _quads(location) == _quads(local_build)
