"""Site benchmark: `powermap site` build time, peak memory and size on disk as the corpus grows.

Not a test: prints figures. For each size, synthetic extractions (those of
``benchmarks/store.py``: 8 actors and 6 claims per analysis over a shared cast,
no spaCy run, so the figures are the site's alone) are ingested into an
on-disk store and its views index is synced, as ``powermap build`` leaves
them; then, each in a fresh process so its peak resident memory (``VmHWM``)
is its own:

* the site is built into an empty folder (time, peak memory, bytes on disk,
  pages, and the bytes of the shared map data under ``data/``);
* it is built again with ``incremental=True`` and nothing changed (time, and
  how many pages were rendered and files rewritten: none should be);
* one analysis is changed in the store (the evidence of one of its claims) and
  the site is built again with ``incremental=True`` (time, pages rendered again,
  files rewritten: only the pages that show that analysis or its actors).

The last lines compare the largest size with the first (ratios) and with the
targets of issue 11 (at 2,000 analyses: under 60 s, 600 MB peak, 100 MB on
disk; peak memory within 1.5x of the smallest size's).

    .venv/bin/python benchmarks/site.py --sizes 200,2000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from store import synthetic  # benchmarks/store.py: extractions without a spaCy run

TARGETS = {"build time": (60.0, "s"), "peak memory": (600.0, "MB"), "size on disk": (100.0, "MB")}
PEAK_RATIO = 1.5


def peak_mb() -> int:
    """This process's peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def child(store: str, out: str, incremental: bool) -> None:
    """Build the site once and print what it took as one JSON line."""
    from powermap import build_site
    from powermap.graph.store.backends import open_store

    start = time.perf_counter()
    with open_store(store, read_only=True) as source:
        summary = build_site(source, out, incremental=incremental)
    seconds = time.perf_counter() - start
    result = {"seconds": seconds, "peak": peak_mb(), "pages": summary.pages}
    print(json.dumps({**result, "written": summary.written, "rendered": summary.rendered}))


def build(store: Path, out: Path, incremental: bool = False) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(store), str(out)]
    if incremental:
        command.append("--incremental")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"site build failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def edited(extraction: Any) -> Any:
    """The extraction with the evidence of its first claim reworded."""
    claim = extraction.claims[0]
    changed = dataclasses.replace(claim, evidence=claim.evidence + " (edited)")
    return dataclasses.replace(extraction, claims=[changed, *extraction.claims[1:]])


def run(size: int) -> dict[str, Any]:
    from powermap.graph.store.backends import OxigraphStore
    from powermap.graph.store.ingest import ingest
    from powermap.graph.views.index import sync_index

    with tempfile.TemporaryDirectory() as tmp:
        store, out = Path(tmp) / "store", Path(tmp) / "site"
        extractions = list(synthetic(size))
        with OxigraphStore(store) as opened:
            summary = ingest(opened, extractions)
            assert not summary.failed, summary.failed
            sync_index(opened)
        first = build(store, out)
        disk = megabytes(out)
        data = megabytes(out / "data") if (out / "data").is_dir() else 0.0
        again = build(store, out, incremental=True)
        with OxigraphStore(store) as opened:  # one analysis changes
            summary = ingest(opened, [edited(extractions[size // 2])])
            assert not summary.failed, summary.failed
            sync_index(opened)
        one = build(store, out, incremental=True)
    print(
        f"{size:>7,} analyses {first['seconds']:8.2f} s   peak {first['peak']:6d} MB "
        f"{disk:8.1f} MB on disk ({first['pages']:,} pages, map data {data:.1f} MB)"
    )
    print(
        f"{size:>7,} analyses rebuilt unchanged: incremental {again['seconds']:8.2f} s, "
        f"{again['written']:,} files rewritten, {again['rendered']:,} pages rendered"
    )
    print(
        f"{size:>7,} analyses one analysis changed: incremental {one['seconds']:8.2f} s, "
        f"{one['written']:,} files rewritten, {one['rendered']:,} of {one['pages']:,} "
        f"pages rendered, peak {one['peak']} MB"
    )
    return {"size": size, "time": first["seconds"], "peak": first["peak"], "disk": disk}


def verdict(name: str, value: float, unit: str, target: float) -> str:
    met = "met" if value < target else "NOT met"
    return f"{name:<20} {value:8.2f} {unit:<3} target < {target:g} {unit}: {met}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000", help="comma-separated analysis counts")
    parser.add_argument("--child", nargs=2, metavar=("STORE", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--incremental", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, incremental=args.incremental)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"powermap site at {', '.join(f'{s:,}' for s in sizes)} synthetic analyses")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    results = [run(size) for size in sizes]
    base, last = results[0], results[-1]
    if len(results) > 1:
        times = last["time"] / base["time"]
        disks = last["disk"] / base["disk"]
        print(
            f"ratios {last['size']}/{base['size']}: build time {times:.2f}x, "
            f"size on disk {disks:.2f}x, corpus {last['size'] / base['size']:.1f}x"
        )
    print(f"targets at {last['size']:,} analyses:")
    print(verdict("build time", last["time"], "s", TARGETS["build time"][0]))
    print(verdict("peak memory", last["peak"], "MB", TARGETS["peak memory"][0]))
    print(verdict("size on disk", last["disk"], "MB", TARGETS["size on disk"][0]))
    ratio = last["peak"] / max(base["peak"], 1)
    print(verdict(f"peak memory {last['size']}/{base['size']}", ratio, "x", PEAK_RATIO))


if __name__ == "__main__":
    main()
