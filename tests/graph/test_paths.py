"""Reader paths: chronological tours whose steps share an actor or mechanism with the last."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from powermap.extract.errors import PowermapError
from powermap.extract.model import Extraction
from powermap.graph.site.paths import _chain, _Threads, major_actors, reader_paths
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.views.snapshot import AnalysisInfo, Snapshot, read_snapshot

READERS = Path(__file__).parent.parent / "fixtures" / "readers"
NORMAL = ("talks-jan", "oil-mar", "wheat-apr", "talks-jun")


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The four fixture analyses (Jan-Jun 2026) read back from a store."""
    location = tmp_path_factory.mktemp("paths") / "store"
    extractions = [
        Extraction.from_dict(json.loads((READERS / f"{name}.json").read_text("utf-8")))
        for name in NORMAL
    ]
    with open_store(location) as opened:
        assert ingest(opened, extractions).ok
        return read_snapshot(opened)


def by_hand(analyses: dict[str, tuple[str | None, set[str]]], topic: str = "t") -> Snapshot:
    """Analyses with a date and the actors they mention, all tagged ``topic``."""
    return Snapshot(
        analyses={
            a: AnalysisInfo(a, f"Title {a}", when, topics=(topic,))
            for a, (when, _) in analyses.items()
        },
        mentions={a: frozenset(actors) for a, (_, actors) in analyses.items()},
    )


def test_topic_path_runs_in_date_order_through_analyses_sharing_actors(snap: Snapshot) -> None:
    (path,) = reader_paths(snap, topic="global")
    assert path.id == "topic-global"
    assert [s.analysis for s in path.steps] == ["talks-jan", "talks-jun"]
    assert path.steps[0].why == "Start here: the earliest analysis on global (2026-01-10)."
    assert path.steps[1].shared_actors == ("iran", "qatar", "united-states")
    assert path.steps[1].shared_mechanisms == ("third-party-mediation",)
    assert path.steps[1].why == (
        "Picks up Iran, Qatar, United States and 1 more from the last step, 5 months later."
    )


def test_lens_path_steps_through_a_shared_actor_and_mechanism(snap: Snapshot) -> None:
    (path,) = reader_paths(snap, lens="global power plays")
    assert path.kind == "lens" and path.key == "Global Power Plays"
    assert [s.analysis for s in path.steps] == ["talks-jan", "oil-mar", "talks-jun"]
    assert path.steps[1].shared_actors == ("iran",)
    assert path.steps[1].shared_mechanisms == ("sanctions",)
    assert path.steps[1].why == "Picks up Iran and sanctions from the last step, 8 weeks later."


def test_each_step_focuses_its_analysis_and_what_it_shares(snap: Snapshot) -> None:
    (path,) = reader_paths(snap, lens="Global Power Plays")
    assert path.steps[1].focus == ("analysis:oil-mar", "actor:iran", "mechanism:sanctions")


def test_actor_path_follows_the_actor_by_any_name(snap: Snapshot) -> None:
    (path,) = reader_paths(snap, actor="Tehran")
    assert (path.kind, path.key, path.label) == ("actor", "iran", "Iran")
    assert [s.analysis for s in path.steps] == ["talks-jan", "oil-mar", "talks-jun"]
    assert path.steps[0].why.startswith("Start here: the earliest analysis on Iran")


def test_each_step_of_an_actor_path_focuses_the_actor_too(snap: Snapshot) -> None:
    (path,) = reader_paths(snap, actor="Qatar")
    assert path.steps[0].focus == ("analysis:talks-jan", "actor:qatar")
    assert path.steps[1].focus[-2:] == ("actor:qatar", "mechanism:third-party-mediation")


def test_actor_path_leaves_its_own_actor_out_of_why_when_more_is_shared(snap: Snapshot) -> None:
    (path,) = reader_paths(snap, actor="Qatar")
    assert [s.analysis for s in path.steps] == ["talks-jan", "talks-jun"]
    assert "qatar" not in path.steps[1].shared_actors
    assert path.steps[1].shared_actors == ("iran", "united-states")


def test_an_analysis_sharing_nothing_stands_beside_the_path() -> None:
    snap = by_hand(
        {
            "a1": ("2026-01-01", {"iran"}),
            "a2": ("2026-02-01", {"egypt"}),
            "a3": ("2026-03-01", {"iran"}),
        }
    )
    (path,) = reader_paths(snap, topic="t")
    assert [s.analysis for s in path.steps] == ["a1", "a3"]
    assert path.aside == ("a2",)


def test_the_longest_chain_wins_over_starting_with_the_earliest() -> None:
    snap = by_hand(
        {
            "a1": ("2026-01-01", {"x"}),
            "a2": ("2026-02-01", {"y"}),
            "a3": ("2026-03-01", {"y"}),
            "a4": ("2026-04-01", {"y", "z"}),
        }
    )
    (path,) = reader_paths(snap, topic="t")
    assert [s.analysis for s in path.steps] == ["a2", "a3", "a4"]
    assert path.aside == ("a1",)


def test_undated_analyses_come_after_dated_ones() -> None:
    snap = by_hand({"a0": (None, {"x"}), "a1": ("2026-05-01", {"x"})})
    (path,) = reader_paths(snap, topic="t")
    assert [s.analysis for s in path.steps] == ["a1", "a0"]
    assert path.steps[1].why == "Picks up x from the last step."


def test_without_filters_every_topic_lens_and_major_actor_gets_a_path(snap: Snapshot) -> None:
    paths = reader_paths(snap)
    assert [p.id for p in paths] == [
        "topic-energy",
        "topic-food",
        "topic-global",
        "topic-sanctions",
        "lens-global-power-plays",
        "lens-labor-economy",
        "actor-iran",
        "actor-united-states",
    ]
    assert all(p.steps for p in paths)


def test_major_actors_rank_by_analyses_their_claims_span(snap: Snapshot) -> None:
    assert major_actors(snap) == ["iran", "united-states"]  # others: claims in one analysis
    assert major_actors(snap, min_analyses=1)[:3] == ["iran", "united-states", "egypt"]


def test_an_unknown_topic_is_an_error_naming_close_matches(snap: Snapshot) -> None:
    with pytest.raises(PowermapError, match="no topic 'globl'.*global"):
        reader_paths(snap, topic="globl")


def _dag_chain(infos: list[AnalysisInfo], threads: _Threads) -> list[int]:
    """The chain as networkx finds it: the longest path of the DAG of every sharing pair."""
    dag: nx.DiGraph = nx.DiGraph()
    dag.add_nodes_from(range(len(infos)))
    pairs = []
    for i, earlier in enumerate(infos):
        for j in range(i + 1, len(infos)):
            actors, mechanisms = threads.shared(earlier.id, infos[j].id)
            if actors or mechanisms:
                pairs.append((i, j, len(actors) + len(mechanisms)))
    step = sum(shared for *_, shared in pairs) + 1
    dag.add_weighted_edges_from((i, j, step + shared) for i, j, shared in pairs)
    chain: list[int] = nx.dag_longest_path(dag, weight="weight", default_weight=step)
    return chain


@pytest.mark.parametrize("seed", range(40))
def test_the_chain_is_the_longest_path_networkx_finds_ties_and_all(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(0, 24)
    cast = [f"actor-{i}" for i in range(rng.randint(2, 9))]  # few actors: many ties
    infos = [AnalysisInfo(f"a{i:02d}", None, f"2026-01-{1 + i:02d}") for i in range(n)]
    threads = _Threads(
        actors={a.id: frozenset(rng.sample(cast, rng.randint(0, 2))) for a in infos},
        mechanisms={a.id: frozenset(rng.sample(["m1", "m2"], rng.randint(0, 1))) for a in infos},
        coverage=Counter(),
    )
    assert _chain(infos, threads) == _dag_chain(infos, threads)
