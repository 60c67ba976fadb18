"""network: the actor graph, net leverage and topic graph built from a store, and their filters."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from powermap.extract.errors import PowermapError
from powermap.extract.model import Extraction
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.views.filters import Filters
from powermap.graph.views.network import actor_graph, leverage_graph, narrow, topic_graph
from powermap.graph.views.snapshot import Snapshot, read_snapshot

VIEWS = Path(__file__).parents[1] / "fixtures" / "views"


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The four fixture analyses (Jan-May 2026), stored and read back."""
    location = tmp_path_factory.mktemp("views") / "store"
    extractions = [
        Extraction.from_dict(json.loads(p.read_text("utf-8"))) for p in sorted(VIEWS.glob("*.json"))
    ]
    with open_store(location) as store:
        assert ingest(store, extractions).ok
    with open_store(location, read_only=True) as store:
        return read_snapshot(store)


def test_snapshot_reads_every_claim_once_with_its_provenance(snap: Snapshot) -> None:
    assert len(snap.claims) == 11
    brokered = [c for c in snap.claims if c.relation == "brokers"]
    assert [c.analysis for c in brokered] == ["talks-jan", "talks-may"]
    assert brokered[0].between == ("iran", "united-states")
    assert brokered[0].mechanism == "third-party-mediation"
    assert brokered[0].section == "Who gains leverage"
    assert snap.analyses["wheat-mar"].lens == "Climate & Energy"
    assert snap.analyses["talks-jan"].topics == ("diplomacy", "global")


def test_snapshot_merges_an_actors_names_across_analyses(snap: Snapshot) -> None:
    us = snap.actors["united-states"]
    assert (us.label, us.kind, us.wikidata) == ("United States", "State", "Q30")
    assert us.aliases == ("U.S.", "Washington")


def test_actor_graph_has_one_edge_per_claim_and_target(snap: Snapshot) -> None:
    G = actor_graph(snap)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_edges() == 12  # 11 claims, two brokerages of two parties, one untargeted
    assert sorted(v for _, v, d in G.edges(data=True) if d["relation"] == "brokers") == [
        "iran", "iran", "united-states", "united-states",
    ]  # fmt: skip


def test_actor_graph_edges_carry_the_claims_provenance(snap: Snapshot) -> None:
    G = actor_graph(snap)
    edges = G.get_edge_data("united-states", "iran")
    ((key, data),) = [(k, d) for k, d in edges.items() if d["date"] == "2026-03-05"]
    assert data["relation"] == "pressures"
    assert data["polarity"] == "gains"
    assert data["leverage"] == "forward"
    assert data["mechanism"] == "sanctions"
    assert data["analysis"] == "sanctions-mar"
    assert data["section"] == "Who gains leverage"
    assert data["evidence"] == "The U.S. pressures Iran with sanctions."
    assert data["confidence"] == 0.9
    assert key == data["claim"]


def test_actor_graph_counts_untargeted_claims_on_their_holder(snap: Snapshot) -> None:
    G = actor_graph(snap)
    citizens = G.nodes["ordinary-citizens"]
    assert (citizens["loses"], citizens["gains"], G.degree("ordinary-citizens")) == (1, 0, 0)
    assert G.nodes["united-states"]["first_seen"] == "2026-01-10"
    assert G.nodes["united-states"]["analyses"] == 3


def test_actor_graph_filters_by_lens_topic_and_dates(snap: Snapshot) -> None:
    assert set(actor_graph(snap, Filters(lens="climate & energy"))) == {
        "egypt", "international-monetary-fund", "saudi-arabia",
    }  # fmt: skip
    assert actor_graph(snap, Filters(topic="Sanctions")).graph["analyses"] == 1
    spring = actor_graph(snap, Filters(since="2026-03", until="2026-03-31"))
    assert {d["analysis"] for _, _, d in spring.edges(data=True)} == {"sanctions-mar", "wheat-mar"}
    assert actor_graph(snap, Filters(since="2026-05-02")).graph["analyses"] == 1


def test_mechanism_filter_takes_a_family_of_the_taxonomy(snap: Snapshot) -> None:
    G = actor_graph(snap, Filters(mechanism="economic coercion"))
    assert sorted(d["mechanism"] for _, _, d in G.edges(data=True)) == [
        "loan-conditionality", "sanctions",
    ]  # fmt: skip


def test_unknown_filter_values_name_close_matches(snap: Snapshot) -> None:
    with pytest.raises(PowermapError, match="no lens 'Global Power Play' .*Global Power Plays"):
        narrow(snap, Filters(lens="Global Power Play"))
    with pytest.raises(PowermapError, match="not a date"):
        narrow(snap, Filters(since="last spring"))
    with pytest.raises(PowermapError, match="not a date"):
        narrow(snap, Filters(until="2026-13"))


def test_leverage_graph_keeps_the_net_of_each_pair(snap: Snapshot) -> None:
    L = leverage_graph(actor_graph(snap))
    # U.S. over Iran: pressures 0.9 + gains 0.75; Iran over U.S.: extracts concessions 0.7
    assert L["united-states"]["iran"]["weight"] == pytest.approx(0.95)
    assert not L.has_edge("iran", "united-states")
    assert L["international-monetary-fund"]["egypt"]["weight"] == pytest.approx(1.7)
    assert L["china"]["iran"]["analyses"] == ("sanctions-mar",)


def test_leverage_graph_drops_even_pairs_and_directionless_edges() -> None:
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", leverage="forward", confidence=0.5)
    G.add_edge("b", "a", leverage="forward", confidence=0.5)
    G.add_edge("a", "c", leverage="none", confidence=0.9)
    L = leverage_graph(G)
    assert L.number_of_edges() == 0
    assert set(L) == {"a", "b", "c"}


def test_topic_graph_links_analyses_to_actors_mechanisms_lenses_and_topics(snap: Snapshot) -> None:
    T = topic_graph(snap)
    types = {data["type"] for _, data in T.nodes(data=True)}
    assert types == {"analysis", "actor", "mechanism", "lens", "topic"}
    assert T.has_edge("analysis:talks-jan", "lens:global-power-plays")
    assert T.has_edge("analysis:wheat-mar", "topic:food")
    assert T.has_edge("analysis:sanctions-mar", "mechanism:sanctions")
    assert T["actor:qatar"]["mechanism:third-party-mediation"]["weight"] == 2


# ---------------------------------------------------------------- basis


def _stated_and_inferred() -> Snapshot:
    from powermap.graph.views.snapshot import AnalysisInfo, ClaimRecord

    return Snapshot(
        analyses={"a1": AnalysisInfo("a1", "Talks", "2026-05-04")},
        claims=(
            ClaimRecord("c1", "a1", "united-states", "pressures", "gains", "forward",
                        "Washington pressed Beijing.", 0.8, counterpart="china"),
            ClaimRecord("c2", "a1", "japan", "gains_leverage", "gains", "forward",
                        "Japan gains as well.", 0.45, counterpart="china", basis="inferred"),
        ),
    )  # fmt: skip


def test_actor_graph_edges_carry_the_claims_basis() -> None:
    G = actor_graph(_stated_and_inferred())
    assert {(u, d["basis"]) for u, _, d in G.edges(data=True)} == {
        ("united-states", "stated"),
        ("japan", "inferred"),
    }


def test_stated_only_drops_inferred_claims_but_keeps_their_analyses() -> None:
    narrowed = narrow(_stated_and_inferred(), Filters(stated_only=True))
    assert [c.id for c in narrowed.claims] == ["c1"]
    assert list(narrowed.analyses) == ["a1"]
    assert list(actor_graph(_stated_and_inferred(), Filters(stated_only=True)).edges()) == [
        ("united-states", "china")
    ]
