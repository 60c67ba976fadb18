"""Views benchmark: who-gains and the actor graph at 1,000 and 10,000 synthetic analyses.

Not a test: prints figures. Synthetic extractions shaped like those of
``benchmarks/store.py`` (8 actors and 6 claims per analysis), but drawn from a
cast that grows with the corpus (one actor per 4 analyses, at least 200) with
Zipf-like popularity, so a few actors are hubs and most are rare, as in news,
are ingested into an on-disk store; then, each timed as the median of
``--repeat`` runs:

* ``read_snapshot``: the seven queries the views read the store with;
* ``who_gains`` from the store (snapshot read included) and from a snapshot;
* ``actor_graph`` from a snapshot, and the analytics on it (brokers, communities);

against baselines in the same run:

* the raw ``graph/store/queries/who_gains.rq`` SPARQL query (pairs and counts only:
  no evidence, mechanisms or filters);
* networkx building a ``MultiDiGraph`` of the same edges and attributes from
  ready-made tuples (the floor for any actor-graph build).

    .venv/bin/python benchmarks/views.py --sizes 1000,10000
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx
from store import KINDS, synthetic  # benchmarks/store.py: analyses, claims, mechanisms

from powermap.extract.model import Actor, Extraction
from powermap.graph.store.backends import OxigraphStore
from powermap.graph.store.ingest import ingest
from powermap.graph.store.sparql import load_query, query
from powermap.graph.views.analytics import brokers, communities
from powermap.graph.views.leverage import who_gains
from powermap.graph.views.network import actor_graph, edge_key
from powermap.graph.views.snapshot import read_snapshot

LENSES = ("Global Power Plays", "Climate & Energy", "Corporate Power", "Labor & Economy")


def news_like(n: int, seed: int = 11) -> Iterator[Extraction]:
    """``benchmarks/store.py``'s synthetic analyses, recast from a Zipf-popular cast."""
    rng = random.Random(seed)
    size = max(200, n // 4)
    cast = [Actor(f"actor-{i}", f"Actor {i}", KINDS[i % len(KINDS)]) for i in range(size)]
    weights = [1 / (rank + 1) ** 1.1 for rank in range(size)]
    for i, extraction in enumerate(synthetic(n, seed=seed)):
        chosen: dict[str, Actor] = {}
        while len(chosen) < len(extraction.actors):
            actor = rng.choices(cast, weights)[0]
            chosen.setdefault(actor.id, actor)
        recast = dict(zip((a.id for a in extraction.actors), chosen.values(), strict=True))

        def to(actor_id: str | None, recast: dict[str, Actor] = recast) -> str | None:
            return recast[actor_id].id if actor_id else None

        claims = [
            replace(
                c,
                holder=recast[c.holder].id,
                counterpart=to(c.counterpart),
                between=[recast[b].id for b in c.between],
            )
            for c in extraction.claims
        ]
        analysis = replace(
            extraction.analysis,
            lens=LENSES[i % len(LENSES)],
            published=f"{2025 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        )
        yield replace(
            extraction,
            analysis=analysis,
            actors=list(chosen.values()),
            claims=claims,
            watch=[],
        )


def median_time(func: Callable[[], object], repeat: int) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def run(size: int, repeat: int) -> None:
    print(f"\n== {size:,} analyses")
    with tempfile.TemporaryDirectory() as tmp, OxigraphStore(Path(tmp) / "store") as store:
        start = time.perf_counter()
        summary = ingest(store, news_like(size))
        assert summary.ok, summary.failed
        print(f"ingest (setup)             {time.perf_counter() - start:8.2f} s")

        t_snapshot, snap = median_time(lambda: read_snapshot(store), repeat)
        t_who_store, ranked = median_time(lambda: who_gains(store), repeat)
        t_who_snap, _ = median_time(lambda: who_gains(snap), repeat)
        t_raw, rows = median_time(lambda: len(query(store, load_query("who_gains"))), repeat)
        t_graph, G = median_time(lambda: actor_graph(snap), repeat)
        edges = [
            (c.holder, t, edge_key(c, t), {"relation": c.relation, "evidence": c.evidence})
            for c in snap.claims
            for t in c.targets
        ]
        t_plain, plain = median_time(lambda: nx.MultiDiGraph(edges), repeat)
        t_brokers, _ = median_time(lambda: brokers(G, top=10), 1)
        t_communities, _ = median_time(lambda: communities(G), 1)

    assert plain.number_of_edges() == G.number_of_edges()
    print(
        f"{len(snap.claims):,} claims; actor graph {G.number_of_nodes():,} nodes, "
        f"{G.number_of_edges():,} edges; {len(ranked):,} gainers, {rows:,} who_gains.rq rows"
    )

    def line(name: str, seconds: float, note: str = "") -> None:
        print(f"{name:<34} {seconds * 1000:9.1f} ms  {note}")

    line("read_snapshot (7 queries)", t_snapshot, f"{len(snap.claims) / t_snapshot:,.0f} claims/s")
    line("who_gains(store)", t_who_store, f"{t_who_store / t_raw:5.1f}x raw who_gains.rq")
    line("who_gains(snapshot)", t_who_snap, f"{t_who_snap / t_raw:5.1f}x raw who_gains.rq")
    line("raw who_gains.rq (baseline)", t_raw)
    line("actor_graph(snapshot)", t_graph, f"{t_graph / t_plain:5.1f}x plain networkx build")
    line("nx.MultiDiGraph(edges) (baseline)", t_plain)
    line("brokers(G) (betweenness, Burt)", t_brokers)
    line("communities(G) (Louvain)", t_communities)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated analysis counts")
    parser.add_argument("--repeat", type=int, default=3, help="timings per measure (median)")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.repeat)


if __name__ == "__main__":
    main()
