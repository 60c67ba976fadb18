"""stats: counts of what the store holds."""

from __future__ import annotations

from pathlib import Path

from powermap.graph.store.backends import OxigraphStore, open_store
from powermap.graph.store.stats import stats


def test_stats_count_distinct_actors_across_analyses(store: OxigraphStore) -> None:
    counts = stats(store)
    assert counts["analyses"] == 3
    # united-states and iran appear in several analyses but count once
    assert counts["actors"] == 7
    assert counts["claims"] == 7
    assert counts["mechanisms"] == 3
    assert counts["stakes"] == 2
    assert counts["graphs"] == 5  # three analyses, the ontology, the metadata
    assert counts["triples"] == len(list(store.raw))


def test_stats_of_an_empty_store_are_zero(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as store:
        assert set(stats(store).values()) == {0}
