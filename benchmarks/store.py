"""Store benchmark: ingest rate and who-gains query latency, Oxigraph on disk vs rdflib in memory.

Not a test: prints figures. Synthetic extractions are generated from a small
vocabulary of actors, relation kinds and mechanisms, mapped once with
``to_rdf``, then

* ingested with :func:`powermap.graph.store.ingest.ingest` into the embedded on-disk
  store (one atomic SPARQL update per analysis, hashes checked: the real path);
* added to an rdflib in-memory ``Dataset`` (one named graph per analysis, the
  baseline: no persistence, no transactions);

and ``graph/store/queries/who_gains.rq`` is timed on both (median of ``--repeat``).

    .venv/bin/python benchmarks/store.py --sizes 1000,10000
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from rdflib import Dataset, Graph

from powermap.extract.model import (
    Actor,
    Analysis,
    Claim,
    Extraction,
    Mechanism,
    Section,
    Source,
    Stake,
    WatchItem,
)
from powermap.graph.rdf.mapping import to_rdf
from powermap.graph.store.backends import OxigraphStore
from powermap.graph.store.ingest import ingest
from powermap.graph.store.sparql import load_query, query
from powermap.ontology.lexicon import relation_kinds
from powermap.ontology.namespace import PREFIXES

ACTORS = 60
MECHANISMS = 20
CLAIMS_PER_ANALYSIS = 6
KINDS = ("State", "IGO", "Organization", "Person", "Group")


def synthetic(n: int, seed: int = 7) -> Iterator[Extraction]:
    """``n`` article-sized extractions over a shared vocabulary (same seed, same data)."""
    rng = random.Random(seed)
    relations = sorted(relation_kinds())
    actors = [Actor(f"actor-{i}", f"Actor {i}", KINDS[i % len(KINDS)]) for i in range(ACTORS)]
    for i in range(n):
        cast = rng.sample(actors, 8)
        sections = [
            Section(h, f"{h} text of analysis {i}. " * 20)
            for h in ("What happened", "Who gains leverage", "Why it matters")
        ]
        mechanisms = [
            Mechanism(f"mechanism-{m}", f"mechanism {m}", [f"Mechanism {m} operates in {i}."])
            for m in rng.sample(range(MECHANISMS), 2)
        ]
        claims = []
        for c in range(CLAIMS_PER_ANALYSIS):
            holder, other, third = rng.sample(cast, 3)
            relation = rng.choice(relations)
            brokers = relation == "brokers"
            claims.append(
                Claim(
                    holder=holder.id,
                    relation=relation,
                    polarity=relation_kinds()[relation].polarity,
                    counterpart=None if brokers else other.id,
                    between=[other.id, third.id] if brokers else [],
                    mechanism=rng.choice(mechanisms).id,
                    section="Who gains leverage",
                    evidence=f"{holder.label} acts on {other.label} ({i}.{c}).",
                    confidence=round(rng.random(), 2),
                )
            )
        analysis = Analysis(
            id=f"synthetic-{i:06d}",
            document=f"synthetic/{i:06d}.txt",
            title=f"Synthetic analysis {i}",
            summary="A generated analysis.",
            lens="Global Power Plays",
            type="Reporting",
            published=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
            read_time_minutes=3,
            source=Source("Wire", None),
            topics=["global", f"topic-{i % 15}"],
            sections=sections,
        )
        yield Extraction(
            analysis,
            actors=cast,
            claims=claims,
            mechanisms=mechanisms,
            stakes=[Stake(f"stake {i % 40}", "What is at stake.")],
            watch=[WatchItem("What to watch.", [cast[0].id])],
        )


def timed(func: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def median_time(func: Callable[[], object], repeat: int) -> float:
    return statistics.median(timed(func)[0] for _ in range(repeat))


def run(size: int, repeat: int) -> None:
    extractions = list(synthetic(size))
    who_gains = load_query("who_gains")
    print(f"\n== {size:,} analyses")
    with tempfile.TemporaryDirectory() as tmp:
        with OxigraphStore(Path(tmp) / "store") as store:
            ox_load, summary = timed(lambda: ingest(store, extractions))
            assert not summary.failed, summary.failed  # type: ignore[union-attr]
            (count,) = next(iter(query(store, COUNT_ANALYSIS_TRIPLES)))  # type: ignore[misc]
            triples = int(count.toPython())
            ox_first, ox_rows = timed(lambda: len(query(store, who_gains)))
            ox_query = min(ox_first, median_time(lambda: len(query(store, who_gains)), repeat))
            sample = extractions[:1000]  # re-ingest of unchanged analyses: a sample is enough
            ox_skip, _ = timed(lambda: ingest(store, sample))

    dataset = Dataset(default_union=True)

    def rdflib_load() -> None:
        for extraction in extractions:  # the same mapping work as ingest does
            graph = to_rdf(extraction)
            target: Graph = dataset.graph(graph.identifier)
            for triple in graph:
                target.add(triple)

    rd_load, _ = timed(rdflib_load)
    rd_query, rd_rows = timed(lambda: len(dataset.query(who_gains, initNs=PREFIXES)))
    if rd_query < 5 and repeat > 1:  # repeat only while it stays quick
        rd_query = median_time(lambda: len(dataset.query(who_gains, initNs=PREFIXES)), repeat)
    if rd_rows != ox_rows:
        print(f"!! row counts differ: oxigraph {ox_rows}, rdflib {rd_rows}")

    def line(name: str, load: float, answer: float) -> str:
        return (
            f"{name:<27} load {load:7.2f} s {size / load:6,.0f} analyses/s "
            f"{triples / load:8,.0f} triples/s   who-gains {answer * 1000:8.1f} ms"
        )

    print(f"{triples:,} triples in analysis graphs; {ox_rows:,} who-gains rows")
    print(line("oxigraph on disk (ingest)", ox_load, ox_query))
    print(line("rdflib Dataset in memory", rd_load, rd_query))
    skipped = f"{len(sample) / ox_skip:6,.0f} analyses/s skipped"
    print(f"re-ingest unchanged ({len(sample):,}) {ox_skip:7.2f} s {skipped}")
    print(
        f"ratios rdflib/oxigraph: load time {rd_load / ox_load:.2f}x, "
        f"who-gains latency {rd_query / ox_query:.1f}x"
    )


COUNT_ANALYSIS_TRIPLES = """SELECT (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o } FILTER (CONTAINS(STR(?g), "/id/analysis/")) }"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated analysis counts")
    parser.add_argument("--repeat", type=int, default=3, help="query timings per backend")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.repeat)


if __name__ == "__main__":
    main()
