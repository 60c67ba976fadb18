"""A map at corpus scale in headless Chromium: time to first frame and search latency.

The snapshot is generated (2,000 analyses, 600 actors, about 70,000 links), so
no spaCy run is needed. The test prints the figures and checks only what the
page shows (positions given, physics off, actors within the budget, the actor
network by default); thresholds belong to the benchmark, not to a test on a
shared machine.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

import pytest

from powermap.graph.site.mapgraph import map_graph
from powermap.graph.site.render import map_page
from powermap.graph.site.templating import style
from powermap.graph.views.snapshot import (
    ActorInfo,
    AnalysisInfo,
    ClaimRecord,
    MechanismInfo,
    Snapshot,
)

pytestmark = pytest.mark.slow

KINDS = ("State", "IGO", "Organization", "Person", "Group")
RELATIONS = (
    ("gains_leverage", "gains", "forward"),
    ("depends_on", "loses", "reverse"),
    ("extracts_concessions", "gains", "forward"),
    ("influences", "neutral", "none"),
)
MECHANISMS = ("sanctions", "energy-leverage", "loan-conditionality", "third-party-mediation")
LENSES = ("Global Power Plays", "Labor & Economy", "Tech & Data")
TOPICS = ("trade", "energy", "security", "food", "finance", "migration")


def synthetic_snapshot(analyses: int, actors: int, claims: int = 20, seed: int = 0) -> Snapshot:
    """A snapshot shaped like a news corpus: a few actors in most analyses, a long tail."""
    rng = random.Random(seed)
    ids = [f"actor-{i:04d}" for i in range(actors)]
    weights = [1 / (i + 1) for i in range(actors)]
    infos: dict[str, AnalysisInfo] = {}
    records: list[ClaimRecord] = []
    mentions: dict[str, frozenset[str]] = {}
    for a in range(analyses):
        analysis = f"analysis-{a:05d}"
        infos[analysis] = AnalysisInfo(
            analysis,
            f"Analysis {a}: who gains",
            f"{2025 + a % 2}-{1 + a % 12:02d}-{1 + a % 28:02d}",
            LENSES[a % len(LENSES)],
            tuple(rng.sample(TOPICS, 2)),
        )
        named = sorted(set(rng.choices(ids, weights, k=12)))
        mentions[analysis] = frozenset(named)
        for c in range(claims):
            holder, other = rng.sample(named, 2) if len(named) > 1 else (named[0], None)
            relation, polarity, direction = rng.choice(RELATIONS)
            records.append(
                ClaimRecord(
                    f"{analysis}-c{c}",
                    analysis,
                    holder,
                    relation,
                    polarity,
                    direction,
                    f"Sentence {c} of analysis {a}.",
                    round(rng.uniform(0.5, 1.0), 2),
                    counterpart=other,
                    mechanism=rng.choice((*MECHANISMS, None)),
                )
            )
    return Snapshot(
        actors={
            i: ActorInfo(i, f"Actor {i[6:]}", KINDS[n % len(KINDS)]) for n, i in enumerate(ids)
        },
        analyses=infos,
        claims=tuple(records),
        mechanisms={m: MechanismInfo(m, m.replace("-", " ")) for m in MECHANISMS},
        mentions=mentions,
    )


@pytest.fixture(scope="module")
def big_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    started = time.perf_counter()
    G = map_graph(synthetic_snapshot(2000, 600))
    path = tmp_path_factory.mktemp("scale") / "map.html"
    path.write_text(map_page(G, title="Scale"), encoding="utf-8")
    print(
        f"\nmap of {G.number_of_nodes()} nodes and {G.number_of_edges()} links written in "
        f"{time.perf_counter() - started:.1f} s ({path.stat().st_size / 1e6:.1f} MB)"
    )
    return path


def test_a_corpus_scale_map_draws_at_once_and_answers_a_search(big_map: Path, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(big_map.as_uri())
    page.wait_for_selector("section.pm-map[data-stable=true]", state="attached", timeout=120_000)
    first = page.evaluate("window.powermapMaps['pm-map'].firstFrame")
    shown = page.evaluate(
        """(() => { const m = window.powermapMaps['pm-map'];
             const types = {};
             m.nodeView.forEach(n => { types[n.type] = (types[n.type] || 0) + 1; });
             return {types: types, physics: m.network.physics.physicsEnabled,
                     placed: m.nodes.get().every(n => typeof n.x === 'number')}; })()"""
    )
    search = page.evaluate(
        """(() => new Promise(done => {
             const box = document.querySelector('[data-filter=query]');
             const start = performance.now();
             box.value = 'actor 0001';
             box.dispatchEvent(new Event('input'));
             requestAnimationFrame(() => requestAnimationFrame(
               () => done(performance.now() - start)));
           }))()"""
    )
    matched = page.locator("[data-role=status]").text_content()
    print(f"first frame {first / 1000:.2f} s after navigation; search answered in {search:.0f} ms")
    assert set(shown["types"]) == {"actor"}  # the actor network by default
    budget = style()["actor_budget"]
    assert budget < shown["types"]["actor"] <= budget + len(KINDS)  # the tail aggregated
    assert shown["physics"] is False and shown["placed"]
    assert "1 match" in matched
    assert errors == []
    page.close()
