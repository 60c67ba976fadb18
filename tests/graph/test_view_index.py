"""The views' index: the same answers as a snapshot, kept current incrementally and never stale."""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from powermap.errors import PowermapError
from powermap.extract.model import Extraction
from powermap.graph.rdf.ids import Ids
from powermap.graph.store.backends import OxigraphStore, open_store, read_generation
from powermap.graph.store.ingest import ingest
from powermap.graph.store.kinds import reconcile_kinds
from powermap.graph.views import analytics, indexed, leverage
from powermap.graph.views.filters import Filters
from powermap.graph.views.index import (
    SCHEMA,
    ViewIndex,
    index_path,
    open_index,
    sync_index,
)
from powermap.graph.views.network import actor_graph
from powermap.graph.views.snapshot import Snapshot, read_snapshot

from .conftest import load_extraction


def answer(view: Any, *args: Any, **kwargs: Any) -> Any:
    """A view's result as plain data, or the error it raised (compared as text)."""
    try:
        found = view(*args, **kwargs)
    except PowermapError as exc:
        return ("error", type(exc).__name__, str(exc))
    if isinstance(found, list):
        return [dataclasses.asdict(x) for x in found]
    return dataclasses.asdict(found)


def filter_cases(snap: Snapshot) -> list[Filters]:
    """No filter, each kind of filter on values the store has, and unknown values."""
    dates = sorted({a.date for a in snap.analyses.values() if a.date})
    middle = dates[len(dates) // 2] if dates else "2026"
    lenses = sorted({a.lens for a in snap.analyses.values() if a.lens})
    topics = sorted({t for a in snap.analyses.values() for t in a.topics})
    families = sorted({m.family for m in snap.mechanisms.values() if m.family})
    return [
        Filters(),
        Filters(stated_only=True),
        *(Filters(lens=x) for x in lenses),
        *(Filters(topic=x) for x in topics[:6]),
        *(Filters(mechanism=x) for x in [*sorted(snap.mechanisms)[:6], *families[:3]]),
        Filters(since=middle),
        Filters(until=middle[:7]),
        Filters(since=middle[:4], stated_only=True),
        Filters(lens="no such lens"),
        Filters(mechanism="no such mechanism"),
    ]


def assert_same_answers(store: OxigraphStore, index: ViewIndex) -> int:
    """Every view through the index gives what it gives from a snapshot; how many compared."""
    snap = read_snapshot(store)
    assert indexed.read_snapshot(index) == snap
    actors = sorted({a for c in snap.claims for a in (c.holder, *c.targets)})
    sample = actors[:: max(1, len(actors) // 12)]
    checked = 0
    for f in filter_cases(snap):
        cases: list[tuple[Any, Any, tuple[Any, ...], dict[str, Any]]] = [
            (leverage.who_gains, indexed.who_gains, (f,), {}),
            (leverage.who_gains, indexed.who_gains, (f,), {"limit": 2}),
            (leverage.mechanism_summary, indexed.mechanism_summary, (f,), {}),
        ]
        for actor in sample:
            cases += [
                (leverage.who_gains, indexed.who_gains, (f,), {"over": actor}),
                (leverage.actor_profile, indexed.actor_profile, (actor, f), {}),
                (leverage.actor_profile, indexed.actor_profile, (actor, f), {"limit": 2}),
                (
                    leverage.actor_profile,
                    indexed.actor_profile,
                    (actor, f),
                    {"limit": 3, "offset": 2},
                ),
                (leverage.timeline, indexed.timeline, (actor, None, f), {}),
                (leverage.timeline, indexed.timeline, (actor, actors[0], f), {}),
            ]
        for by_snapshot, by_index, args, kwargs in cases:
            expected = answer(by_snapshot, snap, *args, **kwargs)
            assert answer(by_index, index, *args, **kwargs) == expected, (by_index, args, kwargs)
            checked += 1
        checked += assert_same_whole_graph_views(snap, index, f, sample)
    for name in ("Washington", "U.S.", "Qatr", "nobody at all"):
        for by_snapshot, by_index in ((leverage.actor_profile, indexed.actor_profile),):
            assert answer(by_index, index, name) == answer(by_snapshot, snap, name), name
        assert answer(indexed.who_gains, index, over=name) == answer(
            leverage.who_gains, snap, over=name
        )
        checked += 2
    return checked


def assert_same_whole_graph_views(
    snap: Snapshot, index: ViewIndex, f: Filters, sample: list[str]
) -> int:
    """brokers, communities and paths through the index (its aggregated edges when no
    filter is set) give what they give on the per-claim graph of a snapshot."""
    try:
        G = actor_graph(snap, f)
    except PowermapError as exc:  # an unknown lens, say: the index says the same
        expected = ("error", type(exc).__name__, str(exc))
        assert answer(analytics.brokers, index, filters=f) == expected
        return 1
    checked = 0
    for top in (None, 3):
        assert answer(analytics.brokers, index, filters=f, top=top) == answer(
            analytics.brokers, G, top=top
        ), f
        checked += 1
    for resolution in (1.0, 0.5):
        found = analytics.communities(index, filters=f, resolution=resolution)
        assert found == analytics.communities(G, resolution=resolution), f
        checked += 1
    for a in sample:
        for b in (sample[0], sample[-1]):
            found = analytics.leverage_path(index, a, b, filters=f)
            assert found == analytics.leverage_path(G, a, b), (f, a, b)
            checked += 1
    return checked


def test_the_whole_graph_views_read_the_aggregated_edges_in_the_claim_graph_order(
    store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    snap = read_snapshot(store)
    G = actor_graph(snap)
    index = open_index(store)
    assert index is not None
    with index:
        ties = analytics.IndexTies(index)
        expected = analytics.GraphTies(G)
        assert ties.nodes() == expected.nodes()
        H, K = ties.ties(), expected.ties()
        assert list(H.nodes) == list(K.nodes)  # the order Louvain and the pivots depend on
        assert [(u, list(H.adj[u].items())) for u in H] == [(u, list(K.adj[u].items())) for u in K]
        L, M = ties.leverage(), expected.leverage()
        assert list(L.nodes) == list(M.nodes)
        assert list(L.edges(data="weight")) == list(M.edges(data="weight"))
        assert list(L.edges(data="claims")) == list(M.edges(data="claims"))
        assert ties.brokerage() == expected.brokerage()
        pairs = [(u, v) for u, v in G.edges() if u < v][:20]
        for u, v in pairs:
            assert sorted(map(repr, ties.edges_between(u, v))) == sorted(
                repr((a, b, {k: d[k] for k in ("leverage", "basis", "evidence", "confidence")}))
                for a, b, d in expected.edges_between(u, v)
            )

    def no_claims(*args: Any) -> Any:
        raise AssertionError("a whole-graph view read every claim")

    filtered = [actor_graph(snap, f) for f in filter_cases(snap)[1:-2]]
    monkeypatch.setattr(indexed, "read_snapshot", no_claims)  # answered from the edges
    assert analytics.brokers(store, top=None) == analytics.brokers(G, top=None)
    assert analytics.communities(store) == analytics.communities(G)
    for f, F in zip(filter_cases(snap)[1:-2], filtered, strict=True):  # counted in SQL
        assert analytics.brokers(store, top=None, filters=f) == analytics.brokers(F, top=None)
        assert analytics.communities(store, filters=f) == analytics.communities(F), f
        a, b = sorted(F.nodes)[:: max(1, len(F) - 1)][:2] if len(F) else ("x", "y")
        assert analytics.leverage_path(store, a, b, filters=f) == analytics.leverage_path(F, a, b)


def test_the_monthly_balance_of_a_profile_and_a_timeline_is_the_actor_graphs(
    store: OxigraphStore,
) -> None:
    snap = read_snapshot(store)
    G = actor_graph(snap)
    actors = sorted(G.nodes, key=lambda a: -G.degree(a))[:8]
    assert any(leverage.profile(snap, a).months for a in actors)
    for a in actors:
        expected = analytics.leverage_balance(G, a)
        assert list(leverage.profile(snap, a).months) == expected, a
        assert list(leverage.claims_timeline(snap, a).months) == expected, a
        for b in actors:
            if b != a:
                found = leverage.claims_timeline(snap, a, b).months
                assert list(found) == analytics.leverage_balance(G, a, b), (a, b)


def test_views_through_the_index_answer_as_the_snapshot_does(store: OxigraphStore) -> None:
    index = open_index(store)
    assert index is not None
    with index:
        assert assert_same_answers(store, index) > 100


def test_pages_of_a_profile_concatenate_to_its_whole_lists_beside_the_full_totals(
    store: OxigraphStore,
) -> None:
    snap = read_snapshot(store)
    hub = max(snap.actors, key=lambda a: sum(a in (c.holder, *c.targets) for c in snap.claims))
    for source in (snap, store):  # the snapshot path, and SQL's LIMIT/OFFSET on the index
        whole = leverage.actor_profile(source, hub)
        assert len(whole.timeline) == whole.claims > 3
        assert len(whole.analyses) == whole.analysis_count
        timeline: list[Any] = []
        analyses: list[Any] = []
        for offset in range(0, max(whole.claims, whole.analysis_count), 3):
            page = leverage.actor_profile(source, hub, limit=3, offset=offset)
            assert len(page.timeline) <= 3 and page.offset == offset
            assert page.more_claims == max(0, whole.claims - offset - 3)
            timeline += page.timeline
            analyses += page.analyses
            rest = dataclasses.replace(page, timeline=(), analyses=(), offset=0)
            assert rest == dataclasses.replace(whole, timeline=(), analyses=())
        assert tuple(timeline) == whole.timeline
        assert tuple(analyses) == whole.analyses


@pytest.mark.parametrize(("limit", "offset", "message"), [
    (5, -1, "offset must be 0 or more, not -1"),
    (-5, 0, "limit must be 0 or more, not -5"),
    (5, 10_000, "offset 10000 is past the end: Qatar has "),
])  # fmt: skip
def test_a_page_past_the_end_or_negative_is_refused_in_one_line(
    store: OxigraphStore, limit: int, offset: int, message: str
) -> None:
    for source in (read_snapshot(store), store):
        with pytest.raises(PowermapError, match=message) as raised:
            leverage.actor_profile(source, "Qatar", limit=limit, offset=offset)
        assert "\n" not in str(raised.value)


def test_a_view_on_a_store_answers_from_its_index(store: OxigraphStore) -> None:
    snap = read_snapshot(store)
    assert answer(leverage.who_gains, store) == answer(leverage.who_gains, snap)
    assert index_path(store).exists()
    with sqlite3.connect(index_path(store)) as db:
        (generation,) = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    assert generation == read_generation(store.location)


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of an index but its bookkeeping, rows sorted (mention order aside)."""
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = {}
        for name in sorted(set(names) - {"meta", "remembered"}):  # bookkeeping, answers kept
            columns = [r[1] for r in db.execute(f"PRAGMA table_info({name})") if r[1] != "seq"]
            rows = db.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall()
            found[name] = sorted(rows, key=repr)
    return found


def changed(extraction: Extraction) -> Extraction:
    """The extraction with its first claim reworded and less sure, and every actor renamed."""
    first, *rest = extraction.claims
    reworded = replace(first, evidence=first.evidence + " (revised)", confidence=0.31)
    renamed = [replace(a, label=f"{a.label} Revised") for a in extraction.actors]
    return replace(extraction, claims=[reworded, *rest], actors=renamed)


def drop_analysis(store: OxigraphStore, analysis_id: str) -> None:
    """Remove an analysis's graph and its hash, as a store cleaned by hand would."""
    ids = Ids()
    graph = ids.analysis(analysis_id).n3()
    store.update(
        f"DROP GRAPH {graph} ; DELETE WHERE {{ GRAPH {ids.meta.n3()} {{ {graph} ?p ?o }} }}"
    )
    reconcile_kinds(store)


def test_an_incremental_sync_gives_the_index_a_fresh_build_gives(tmp_path: Path) -> None:
    doha, opec, imf = (load_extraction(n) for n in ("doha", "opec", "imf"))
    with open_store(tmp_path / "grown") as grown:
        assert isinstance(grown, OxigraphStore)
        assert ingest(grown, [doha, opec, imf]).ok
        assert sync_index(grown) == {"read": 4, "dropped": 0}  # 3 analyses + the ontology
        assert ingest(grown, [changed(imf)]).replaced == [imf.analysis.id]
        drop_analysis(grown, opec.analysis.id)
        assert sync_index(grown) == {"read": 1, "dropped": 1}
        index = open_index(grown)
        assert index is not None
        with index:
            assert_same_answers(grown, index)
    with open_store(tmp_path / "fresh") as fresh:
        assert isinstance(fresh, OxigraphStore)
        assert ingest(fresh, [doha, changed(imf)]).ok
        sync_index(fresh)
    assert tables(index_path(tmp_path / "grown")) == tables(index_path(tmp_path / "fresh"))


def test_brokers_of_an_index_are_kept_until_the_next_sync_changes_the_ties(
    tmp_path: Path,
) -> None:
    doha, opec = load_extraction("doha"), load_extraction("opec")
    with open_store(tmp_path / "store") as store:
        assert isinstance(store, OxigraphStore)
        assert ingest(store, [doha]).ok
        sync_index(store)
        first = analytics.brokers(store, top=None)
        with sqlite3.connect(index_path(store)) as db:
            kept = db.execute("SELECT key FROM remembered").fetchall()
        assert kept == [("brokers top=None seed=42",)]
        assert analytics.brokers(store, top=None) == first  # read back as it was computed
        assert ingest(store, [opec]).ok
        sync_index(store)
        expected = analytics.brokers(actor_graph(read_snapshot(store)), top=None)
        assert expected != first
        assert analytics.brokers(store, top=None) == expected
        assert analytics.brokers(store, top=None) == expected  # and kept again


def test_a_write_after_the_sync_is_never_answered_from_the_stale_index(tmp_path: Path) -> None:
    doha, opec = load_extraction("doha"), load_extraction("opec")
    with open_store(tmp_path / "store") as store:
        assert isinstance(store, OxigraphStore)
        ingest(store, [doha])
        sync_index(store)
        before = read_generation(store.location)
        ingest(store, [opec])  # no sync: a library user ingesting directly
        assert read_generation(store.location) != before
        expected = answer(leverage.who_gains, read_snapshot(store))
        assert answer(leverage.who_gains, store) == expected


def test_a_corrupt_index_is_rebuilt_and_answers_right(store: OxigraphStore) -> None:
    expected = answer(leverage.who_gains, read_snapshot(store))
    sync_index(store)
    index_path(store).write_bytes(b"this is not a database" * 100)
    assert answer(leverage.who_gains, store) == expected
    with sqlite3.connect(index_path(store)) as db:
        assert db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] > 0


def test_an_index_of_an_older_schema_is_rebuilt_with_the_analyses_texts(
    store: OxigraphStore,
) -> None:
    sync_index(store)
    with sqlite3.connect(index_path(store)) as db:
        db.execute("DROP TABLE sections")
        db.execute("UPDATE meta SET value = '5' WHERE key = 'schema'")
    index = open_index(store)  # not current: rebuilt under this schema, then read
    assert index is not None
    with index:
        assert index.rows("SELECT value FROM meta WHERE key = 'schema'") == [(SCHEMA,)]
        assert index.rows("SELECT COUNT(*) FROM sections")[0][0] > 0


def test_a_sync_whose_store_moved_on_meanwhile_is_not_taken_as_current(
    store: OxigraphStore,
) -> None:
    sync_index(store, generation="a token the store no longer has")
    with sqlite3.connect(index_path(store)) as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    assert row == (None,)
    index = open_index(store)  # syncs again, under the store's own token
    assert index is not None
    index.close()


def test_a_store_without_a_generation_is_read_as_a_snapshot(tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as store:
        assert isinstance(store, OxigraphStore)
        ingest(store, [load_extraction("doha")])
        (Path(store.location) / "powermap-generation").unlink()
        assert open_index(store) is None
        snap = read_snapshot(store)
        assert answer(leverage.who_gains, store) == answer(leverage.who_gains, snap)


def test_the_actor_graph_of_a_store_is_read_through_its_index(store: OxigraphStore) -> None:
    from powermap.graph.views.analytics import brokers, communities
    from powermap.graph.views.network import actor_graph

    sync_index(store)
    through_index = actor_graph(store)
    from_snapshot = actor_graph(read_snapshot(store))
    assert list(through_index.nodes(data=True)) == list(from_snapshot.nodes(data=True))
    assert list(through_index.edges(keys=True, data=True)) == list(
        from_snapshot.edges(keys=True, data=True)
    )
    assert brokers(through_index, top=None) == brokers(from_snapshot, top=None)
    assert communities(through_index) == communities(from_snapshot)
