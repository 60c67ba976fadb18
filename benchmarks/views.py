"""Views benchmark: each research view at 200, 2,000 (and 10,000) analyses, index against snapshot.

Not a test: prints figures. The corpus is made from the samples of ``data/``:
``benchmarks/corpus.py`` writes ``--base`` article-length analyses (distinct
titles, invented names varied), powermap extracts them once (spaCy, cached
under ``--cache``), and each larger size is made of copies of those
extractions under new ids and titles, the actors the gazetteer does not know
renamed per copy (so the cast grows with the corpus, as in news). Each size is
ingested into an on-disk store (kept under ``--cache``, reused on the next
run) and its views index synced; then, each timed as the median of
``--repeat`` runs in this process:

* ``who_gains``, ``actor_profile`` (the top gainer: whole, and a page of 50 claims
  and analyses from the start and from the middle), ``timeline``,
  ``mechanism_summary``: answered from the views index;
* ``brokers``, ``leverage_path``, ``communities``: the actor graph from the
  index's aggregated ``edges``, then NetworkX (``brokers`` computed, and as kept in
  the index by an earlier call until the next sync); ``brokers`` and ``communities``
  also with a filter (stated claims only: the ties counted in SQL from the claims
  that pass);

against the baselines in the same run: the same view from a snapshot of the
store (``read_snapshot``, the path every view took before the index), and the
whole-graph views from every claim of the index (the per-claim actor graph,
their path before the ``edges`` table; checked to give the same answer). Then the
command ``powermap who-gains`` (and ``actor`` on the median actor and on the top
gainer, its first page and all its claims as CSV) as a user runs it, interpreter
start-up included, and the peak memory of this process and of the commands.

    .venv/bin/python benchmarks/views.py                 # 200 and 2,000
    .venv/bin/python benchmarks/views.py --large         # and 10,000 (slow to build)
    .venv/bin/python benchmarks/views.py --sizes 4,8 --base 4 --cache /tmp/x   # a smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from corpus import synthetic_analyses  # benchmarks/corpus.py

from powermap.extract.model import Extraction
from powermap.graph.store.backends import OxigraphStore
from powermap.graph.store.ingest import ingest
from powermap.graph.views import indexed
from powermap.graph.views.analytics import brokers, communities, leverage_path
from powermap.graph.views.filters import Filters
from powermap.graph.views.index import index_path, open_index, sync_index
from powermap.graph.views.leverage import actor_profile, mechanism_summary, timeline, who_gains
from powermap.graph.views.network import actor_graph
from powermap.graph.views.snapshot import read_snapshot
from powermap.ontology.lexicon import gazetteer_index

POWERMAP = Path(sys.executable).with_name("powermap")
STATED = Filters(stated_only=True)
"""The filter the whole-graph views are timed with too: it keeps most claims, so the
index counts nearly every tie in SQL (the worst case of a filter)."""


def base_extractions(n: int, cache: Path, jobs: int) -> list[Extraction]:
    """``n`` synthetic analyses extracted by powermap (cached as JSON: spaCy runs once)."""
    path = cache / f"extractions-{n}.json"
    if path.exists():
        return [Extraction.from_dict(d) for d in json.loads(path.read_text("utf-8"))]
    from powermap.extract.pipeline import extract_many

    start = time.perf_counter()
    found = list(extract_many(synthetic_analyses(n, seed=0), jobs=jobs))
    print(f"extracted {n} base analyses in {time.perf_counter() - start:.1f} s (cached: {path})")
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([e.to_dict() for e in found]), "utf-8")
    return found


def copies(base: list[Extraction], size: int) -> Iterator[Extraction]:
    """``size`` extractions: the base ones, then copies under new ids, titles and cast names."""
    known = gazetteer_index()
    for i in range(size):
        extraction = base[i % len(base)]
        k = i // len(base)
        if k == 0:
            yield extraction
            continue

        def to(actor: str | None, k: int = k) -> str | None:
            return actor if actor is None or actor in known else f"{actor}-{k}"

        actors = [
            a if a.id in known else replace(a, id=f"{a.id}-{k}", label=f"{a.label} {k}", aliases=[])
            for a in extraction.actors
        ]
        claims = [
            replace(
                c,
                holder=to(c.holder) or c.holder,
                counterpart=to(c.counterpart),
                between=[to(b) or b for b in c.between],
            )
            for c in extraction.claims
        ]
        watch = [replace(w, actors=[to(a) or a for a in w.actors]) for w in extraction.watch]
        analysis = replace(
            extraction.analysis,
            id=f"{extraction.analysis.id}-{k}",
            title=f"{extraction.analysis.title} ({k})",
            document=None,
        )
        yield replace(extraction, analysis=analysis, actors=actors, claims=claims, watch=watch)


def built_store(size: int, base: list[Extraction], cache: Path) -> tuple[Path, float, float]:
    """The store of ``size`` analyses (built, or reused from ``cache``); build and sync times."""
    location = cache / f"store-{size}-of-{len(base)}"
    done = location / "benchmark-complete"
    if done.exists():
        return location, *json.loads(done.read_text("utf-8"))
    shutil.rmtree(location, ignore_errors=True)
    index_path(location).unlink(missing_ok=True)
    with OxigraphStore(location) as store:
        start = time.perf_counter()
        summary = ingest(store, copies(base, size))
        assert summary.ok, summary.failed[:3]
        t_ingest = time.perf_counter() - start
        start = time.perf_counter()
        sync_index(store)
        t_sync = time.perf_counter() - start
    done.write_text(json.dumps([t_ingest, t_sync]), "utf-8")
    return location, t_ingest, t_sync


def median_time(func: Callable[[], object], repeat: int) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


TIME = shutil.which("time") or "/usr/bin/time"


def command_time(args: list[str], repeat: int) -> tuple[float, float, float | None]:
    """Median wall time of a ``powermap`` command, interpreter start-up included, its median
    CPU time (user and system: what the command costs whatever else the machine runs), and
    its peak resident memory in MB (from GNU time when installed: a child forked from this
    process would report this process's peak as its own)."""
    times, cpu, peak = [], [], None
    measure = Path(TIME).exists()
    for _ in range(repeat):
        report = Path(tempfile.mkstemp(suffix=".time")[1])
        prefix = [TIME, "-f", "%M", "-o", str(report)] if measure else []
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([*prefix, str(POWERMAP), *args], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if measure:
            kb = float(report.read_text().split()[-1])
            peak = max(peak or 0.0, kb / 1024)
        report.unlink()
    return statistics.median(times), statistics.median(cpu), peak


def peak_mb() -> float:
    """Peak resident memory of this process, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(size: int, base: list[Extraction], cache: Path, repeat: int) -> dict[str, float]:
    print(f"\n== {size:,} analyses")
    location, t_ingest, t_sync = built_store(size, base, cache)
    print(f"build (setup, cached)  ingest {t_ingest:7.1f} s, views index sync {t_sync:6.1f} s")
    figures: dict[str, float] = {}
    typical = ""
    with OxigraphStore(location, read_only=True) as store:
        index = open_index(store)
        assert index is not None, "the views index is not current"
        with index:
            top = who_gains(index, limit=1)[0].actor
            other = who_gains(index, limit=2)[-1].actor
            ranked = [r[0] for r in index.rows("SELECT actor FROM gainer_totals ORDER BY claims")]
            typical = ranked[len(ranked) // 2]  # the median gainer: most actors are rare
            claims = index.rows("SELECT COUNT(*) FROM claims")[0][0]
            actors = index.rows("SELECT COUNT(*) FROM actors")[0][0]
            print(f"{claims:,} claims, {actors:,} actors; profiled: {top}, {other}, {typical}")
            middle = actor_profile(index, top, limit=0).claims // 2
            views: dict[str, Callable[[], object]] = {
                "who_gains (top 20)": lambda: who_gains(store, limit=20),
                "actor_profile": lambda: actor_profile(store, top),
                "actor_profile (top gainer, first 50)": lambda: actor_profile(store, top, limit=50),
                "actor_profile (top gainer, 50 from the middle)": lambda: actor_profile(
                    store, top, limit=50, offset=middle
                ),
                "actor_profile (median actor)": lambda: actor_profile(store, typical),
                "timeline (two actors)": lambda: timeline(store, top, other),
                "mechanism_summary": lambda: mechanism_summary(store),
            }

            def computed_brokers() -> object:
                index.db.execute("DROP TABLE IF EXISTS remembered")  # computed, not read back
                return brokers(store, top=10)

            views["brokers"] = computed_brokers
            views["brokers (kept by an earlier call)"] = lambda: brokers(store, top=10)
            views["path"] = lambda: leverage_path(store, top, other)
            views["communities"] = lambda: communities(store)
            views["brokers (stated only)"] = lambda: brokers(store, top=10, filters=STATED)
            views["communities (stated only)"] = lambda: communities(store, filters=STATED)
            for name, view in views.items():
                figures[name], _ = median_time(view, repeat)

            def per_claim(
                measure: Callable[[Any], object], filters: Filters | None = None
            ) -> Callable[[], object]:
                return lambda: measure(actor_graph(indexed.read_snapshot(index), filters))

            for name, view in (  # the path of before: every claim, the per-claim graph
                ("brokers", per_claim(lambda G: brokers(G, top=10))),
                ("path", per_claim(lambda G: leverage_path(G, top, other))),
                ("communities", per_claim(communities)),
                ("brokers (stated only)", per_claim(lambda G: brokers(G, top=10), STATED)),
                ("communities (stated only)", per_claim(communities, STATED)),
            ):
                t, found = median_time(view, 1)
                assert found == views[name](), f"{name}: the edges answer otherwise"
                figures[f"baseline: {name}, per claim"] = t

            t_snapshot, snap = median_time(lambda: read_snapshot(store), 1)
            figures["read_snapshot (baseline)"] = t_snapshot
            figures["who_gains from a snapshot"] = (
                t_snapshot + median_time(lambda: who_gains(snap, limit=20), 1)[0]
            )
            figures["actor_profile from a snapshot"] = (
                t_snapshot + median_time(lambda: actor_profile(snap, top), 1)[0]
            )
    store_args = ["--store", str(location)]
    peaks = {}
    for name, args in (
        ("who-gains", ["who-gains"]),
        ("actor", ["actor", typical]),
        ("actor (top gainer)", ["actor", top]),
        ("actor (top gainer), --all as CSV", ["actor", top, "--all", "--format", "csv"]),
    ):
        wall, cpu, peaks[name] = command_time([*args, *store_args], repeat)
        figures[f"command: powermap {name}"] = wall
        figures[f"command: powermap {name}, CPU time"] = cpu

    baseline = {"who_gains (top 20)": "who_gains", "actor_profile": "actor_profile"}
    for name, seconds in figures.items():
        note = ""
        if name in baseline:
            ratio = figures[f"{baseline[name]} from a snapshot"] / seconds
            note = f"{ratio:6.1f}x faster than from a snapshot"
        print(f"{name:<46} {seconds * 1000:10.1f} ms  {note}")

    def mb(value: float | None) -> str:
        return f"{value:,.0f} MB" if value is not None else "? MB (no GNU time)"

    print(f"peak RSS: this process {peak_mb():,.0f} MB, command who-gains "
          f"{mb(peaks['who-gains'])}, actor {mb(peaks['actor'])}, "
          f"actor (top gainer) {mb(peaks['actor (top gainer)'])}")  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000", help="comma-separated analysis counts")
    parser.add_argument("--large", action="store_true", help="add 10,000 analyses (slow build)")
    parser.add_argument("--base", type=int, default=200, help="analyses extracted with spaCy")
    parser.add_argument("--repeat", type=int, default=3, help="timings per measure (median)")
    parser.add_argument("--jobs", type=int, default=2, help="extraction processes")
    parser.add_argument(
        "--cache", type=Path, default=Path("/tmp/powermap-bench-views"), help="stores kept here"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] + ([10_000] if args.large else [])
    print(
        f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    base = base_extractions(min(args.base, max(sizes)), args.cache, args.jobs)
    results = {size: run(size, base, args.cache, args.repeat) for size in sizes}
    smallest, largest = min(sizes), max(sizes)
    if largest > smallest:
        print(f"\n== ratios {largest:,}/{smallest:,} analyses (corpus {largest / smallest:.0f}x)")
        for name in results[smallest]:
            ratio = results[largest][name] / results[smallest][name]
            print(f"{name:<46} {ratio:8.1f}x")


if __name__ == "__main__":
    main()
