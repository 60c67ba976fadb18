"""analytics on tiny graphs with known answers: brokers, communities, paths, monthly balance."""

from __future__ import annotations

import networkx as nx
import pytest

from powermap.graph.views.analytics import (
    brokers,
    communities,
    leverage_balance,
    leverage_path,
    months_between,
    undirected_ties,
)


def _claim(G: nx.MultiDiGraph, u: str, v: str, **data: object) -> None:
    defaults: dict[str, object] = {"leverage": "forward", "confidence": 1.0}
    defaults["relation"] = "pressures"
    G.add_edge(u, v, **(defaults | data))


def test_brokers_effective_size_is_networkx_on_the_whole_graph() -> None:
    G = nx.MultiDiGraph(nx.gnp_random_graph(40, 0.1, seed=3, directed=True))
    G = nx.relabel_nodes(G, {n: f"actor-{n:02d}" for n in G})
    G.add_node("alone")
    H = undirected_ties(G)
    expected = nx.effective_size(H)
    found = {b.actor: b.effective_size for b in brokers(G, top=None)}
    assert len(found) == len(H) - 1  # every actor with a tie
    for actor, size in found.items():
        assert size == round(expected[actor], 6), actor


def test_brokers_ranks_the_hub_of_a_star_first_with_burts_measures() -> None:
    G = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("hub", "c")])
    hub = brokers(G)[0]
    assert hub.actor == "hub"
    assert hub.effective_size == 3.0
    assert hub.constraint == pytest.approx(1 / 3, abs=1e-6)  # three ties of a third each
    assert hub.betweenness == 1.0


def test_brokers_put_brokerage_claims_before_centrality() -> None:
    G = nx.MultiDiGraph()
    _claim(G, "qatar", "iran", relation="brokers", claim="c1")
    _claim(G, "qatar", "united-states", relation="brokers", claim="c1")
    _claim(G, "qatar", "iran", relation="brokers", claim="c2")
    for leaf in ("a", "b", "c"):
        _claim(G, "hub", leaf)
    _claim(G, "hub", "iran")
    first = brokers(G)[0]
    assert (first.actor, first.brokerage_claims) == ("qatar", 2)
    assert first.between == (("iran", "united-states"),)


def test_brokers_leave_out_actors_without_ties_or_brokerage() -> None:
    G = nx.MultiDiGraph([("a", "b")])
    G.add_node("alone")
    assert [b.actor for b in brokers(G)] == ["a", "b"]
    assert brokers(G, top=1)[0].actor == "a"


def test_undirected_ties_count_claims_per_pair_and_drop_self_loops() -> None:
    G = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("a", "a")])
    H = undirected_ties(G)
    assert list(H.edges(data="weight")) == [("a", "b", 2)]


def test_communities_split_two_triangles_joined_by_a_bridge() -> None:
    G = nx.MultiDiGraph(
        [("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")]
    )
    assert communities(G) == [["a", "b", "c"], ["x", "y", "z"]]


def test_communities_are_the_same_for_the_same_seed_and_drop_small_groups() -> None:
    G = nx.MultiDiGraph(nx.karate_club_graph())
    assert communities(G, seed=7) == communities(G, seed=7)
    G.add_node("alone")
    assert ["alone"] in communities(G)
    assert ["alone"] not in communities(G, min_size=2)
    assert communities(nx.MultiDiGraph()) == []


def test_leverage_path_follows_net_leverage_forward() -> None:
    G = nx.MultiDiGraph()
    _claim(G, "imf", "egypt", evidence="Egypt depends on the IMF.")
    _claim(G, "egypt", "households", confidence=0.5)
    found = leverage_path(G, "imf", "households")
    assert found is not None
    assert (found.direction, found.nodes) == ("forward", ("imf", "egypt", "households"))
    assert found.steps[0].evidence == ("Egypt depends on the IMF.",)
    assert found.steps[1].weight == 0.5


def test_leverage_path_reports_the_reverse_chain_and_plain_connections() -> None:
    G = nx.MultiDiGraph()
    _claim(G, "imf", "egypt")
    _claim(G, "china", "egypt")
    backwards = leverage_path(G, "egypt", "imf")
    assert backwards is not None and backwards.direction == "reverse"
    assert backwards.nodes == ("imf", "egypt")
    sideways = leverage_path(G, "imf", "china")
    assert sideways is not None and sideways.direction == "undirected"
    assert sideways.nodes == ("imf", "egypt", "china")
    # the second step runs against the path's order: China holds leverage over Egypt
    assert (sideways.steps[1].stronger, sideways.steps[1].weaker) == ("china", "egypt")


def test_leverage_path_is_none_between_unconnected_or_unknown_actors() -> None:
    G = nx.MultiDiGraph()
    _claim(G, "a", "b")
    _claim(G, "x", "y")
    assert leverage_path(G, "a", "y") is None
    assert leverage_path(G, "a", "nobody") is None


def test_leverage_balance_counts_each_side_per_month_with_empty_months() -> None:
    G = nx.MultiDiGraph()
    _claim(G, "us", "iran", date="2026-01-10")
    _claim(G, "iran", "us", date="2026-01-20")
    _claim(G, "iran", "us", leverage="reverse", date="2026-03-05")  # Iran depends on the U.S.
    _claim(G, "us", "iran", leverage="none", date="2026-04-01")
    _claim(G, "us", "iran")  # undated: left out
    months = leverage_balance(G, "us", "iran")
    assert [(m.month, m.a_over_b, m.b_over_a, m.net) for m in months] == [
        ("2026-01", 1, 1, 0),
        ("2026-02", 0, 0, 0),
        ("2026-03", 1, 0, 1),
    ]


def test_leverage_balance_without_a_second_actor_weighs_against_everyone() -> None:
    G = nx.MultiDiGraph()
    _claim(G, "us", "iran", date="2026-01-10")
    _claim(G, "china", "us", date="2026-01-11")
    _claim(G, "us", "cuba", date="2026-01-12")
    (january,) = leverage_balance(G, "us")
    assert (january.a_over_b, january.b_over_a) == (2, 1)
    assert leverage_balance(G, "nobody") == []


def test_months_between_crosses_the_year() -> None:
    assert months_between("2025-12", "2026-01") == ["2025-12", "2026-01"]
    assert months_between("2026-03", "2026-03") == ["2026-03"]


def test_brokers_leave_constraint_out_for_actors_with_too_many_ties(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import powermap.graph.views.analytics as analytics

    monkeypatch.setattr(analytics, "CONSTRAINT_MAX_DEGREE", 2)
    G = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("hub", "c")])
    found = {b.actor: b for b in brokers(G)}
    assert found["hub"].constraint is None
    assert found["hub"].effective_size == 3.0
    assert found["a"].constraint == 1.0


def test_brokers_estimate_betweenness_from_pivots_on_large_graphs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import powermap.graph.views.analytics as analytics

    monkeypatch.setattr(analytics, "EXACT_BETWEENNESS_UP_TO", 3)
    monkeypatch.setattr(analytics, "BETWEENNESS_PIVOTS", 4)
    G = nx.MultiDiGraph([("hub", leaf) for leaf in "abcdef"])
    ranked = brokers(G, top=2)
    assert ranked[0].actor == "hub"
    assert ranked == brokers(G, top=2)  # the pivots are seeded


def test_path_steps_give_the_stronger_sides_evidence_first() -> None:
    G = nx.MultiDiGraph()
    _claim(G, "turkey", "russia", confidence=0.75, evidence="Ankara presses Moscow.")
    _claim(G, "russia", "turkey", confidence=0.9, evidence="Moscow presses Ankara.")
    _claim(G, "turkey", "russia", confidence=0.9, evidence="Ankara holds the strait.")
    found = leverage_path(G, "turkey", "russia")
    assert found is not None
    (step,) = found.steps
    assert (step.stronger, step.weight, step.claims) == ("turkey", 0.75, 3)
    assert step.evidence == (
        "Ankara holds the strait.",
        "Ankara presses Moscow.",
        "Moscow presses Ankara.",
    )


def test_a_path_step_resting_only_on_inferred_claims_is_marked_inferred() -> None:
    G = nx.MultiDiGraph()
    _claim(G, "japan", "china", basis="inferred", evidence="Japan gains as well.")
    _claim(G, "china", "vietnam", basis="inferred", evidence="Also China presses Hanoi.")
    _claim(G, "china", "vietnam", basis="stated", evidence="Beijing pressed.", confidence=0.5)
    found = leverage_path(G, "japan", "vietnam")
    assert found is not None
    assert [(s.stronger, s.claims, s.inferred, s.basis) for s in found.steps] == [
        ("japan", 1, 1, "inferred"),
        ("china", 2, 1, "stated"),
    ]
    # the stated sentence comes first, though the inferred one is surer and sorts before it
    assert found.steps[1].evidence == ("Beijing pressed.", "Also China presses Hanoi.")
