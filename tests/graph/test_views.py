"""views over the fixture analyses: who gains, profiles, mechanisms, timelines; name resolution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from powermap.extract.errors import PowermapError
from powermap.extract.model import Extraction
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.views.filters import Filters
from powermap.graph.views.leverage import actor_profile, mechanism_summary, timeline, who_gains
from powermap.graph.views.resolve import resolve_actor, resolve_mechanism, resolve_topic
from powermap.graph.views.snapshot import ActorInfo, Snapshot, read_snapshot

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


# ---------------------------------------------------------------- who gains


def test_who_gains_ranks_by_analyses_then_claims_then_confidence(snap: Snapshot) -> None:
    ranked = [(g.actor, g.analyses, g.claims) for g in who_gains(snap)]
    assert ranked == [
        ("united-states", 2, 2),  # confidence 1.65
        ("qatar", 2, 2),  # confidence 1.6
        ("international-monetary-fund", 1, 2),
        ("saudi-arabia", 1, 1),
        ("china", 1, 1),
        ("iran", 1, 1),
    ]


def test_who_gains_counts_the_counterpart_of_a_dependency_as_the_gainer(snap: Snapshot) -> None:
    imf = next(g for g in who_gains(snap) if g.actor == "international-monetary-fund")
    assert [(o.id, o.claims) for o in imf.over] == [("egypt", 2)]
    assert [m.id for m in imf.mechanisms] == ["loan-conditionality"]
    assert imf.evidence[0].sentence == "Egypt depends on the IMF."  # most confident first


def test_who_gains_leaves_out_neutral_influence(snap: Snapshot) -> None:
    iran = next(g for g in who_gains(snap) if g.actor == "iran")
    assert [o.id for o in iran.over] == ["united-states"]  # not Israel: "influences" is neutral


def test_who_gains_over_an_alias_keeps_gains_over_that_actor(snap: Snapshot) -> None:
    assert [(g.actor, g.claims) for g in who_gains(snap, over="Washington")] == [
        ("qatar", 2),
        ("iran", 1),
    ]


def test_who_gains_filters_by_mechanism_family_lens_and_dates(snap: Snapshot) -> None:
    coercion = who_gains(snap, Filters(mechanism="economic coercion"))
    assert [g.actor for g in coercion] == ["international-monetary-fund", "united-states"]
    assert [g.actor for g in who_gains(snap, Filters(lens="Climate & Energy"))] == [
        "international-monetary-fund",
        "saudi-arabia",
    ]
    march = who_gains(snap, Filters(since="2026-03", until="2026-03"))
    assert {e.analysis for g in march for e in g.evidence} == {"sanctions-mar", "wheat-mar"}
    assert len(who_gains(snap, limit=2)) == 2


def test_stated_only_is_accepted_by_every_view(snap: Snapshot) -> None:
    stated = Filters(stated_only=True)
    assert who_gains(snap, stated) and mechanism_summary(snap, stated)
    assert timeline(snap, "Washington", None, stated).entries


def test_who_gains_over_an_unknown_actor_names_close_matches(snap: Snapshot) -> None:
    with pytest.raises(PowermapError, match="no actor 'Qatr'.*Qatar"):
        who_gains(snap, over="Qatr")


# ---------------------------------------------------------------- actor profile


def test_actor_profile_resolves_washington_to_the_united_states(snap: Snapshot) -> None:
    profile = actor_profile(snap, "Washington")
    assert (profile.actor, profile.label) == ("united-states", "United States")
    assert profile.wikidata == "Q30"
    assert [(t.actor, t.analyses, t.claims) for t in profile.gains_over] == [("iran", 2, 2)]
    assert [(t.actor, t.claims) for t in profile.loses_to] == [("qatar", 2), ("iran", 1)]
    assert [a.id for a in profile.analyses] == ["talks-jan", "sanctions-mar", "talks-may"]
    assert [m.id for m in profile.mechanisms] == ["sanctions"]


def test_actor_profile_has_its_claims_in_date_order_and_its_monthly_balance(snap: Snapshot) -> None:
    profile = actor_profile(snap, "U.S.")
    assert [e.date for e in profile.timeline] == [
        "2026-01-10", "2026-01-10", "2026-03-05", "2026-05-02", "2026-05-02",
    ]  # fmt: skip
    assert [(m.month, m.a_over_b, m.b_over_a) for m in profile.months] == [
        ("2026-01", 0, 2),  # Qatar brokers, Iran extracts concessions
        ("2026-02", 0, 0),
        ("2026-03", 1, 0),
        ("2026-04", 0, 0),
        ("2026-05", 1, 1),  # gains over Iran; Qatar brokers again
    ]


def test_actor_profile_lists_the_pairs_a_broker_stands_between(snap: Snapshot) -> None:
    assert actor_profile(snap, "Doha").brokers_between == (("iran", "united-states", 2),)


# ---------------------------------------------------------------- mechanisms, timeline


def test_mechanism_summary_counts_analyses_claims_and_holders(snap: Snapshot) -> None:
    found = {m.id: m for m in mechanism_summary(snap)}
    mediation = found["third-party-mediation"]
    assert (mediation.analyses, mediation.claims, mediation.family) == (2, 2, "diplomacy")
    assert [(a.id, a.claims) for a in mediation.actors] == [("qatar", 2)]
    assert mechanism_summary(snap)[0].id == "third-party-mediation"
    climate = mechanism_summary(snap, Filters(lens="Climate & Energy"))
    assert [m.id for m in climate] == ["loan-conditionality"]


def test_timeline_between_two_actors_keeps_claims_naming_both(snap: Snapshot) -> None:
    found = timeline(snap, "Washington", "Tehran")
    assert found.actors == ("united-states", "iran")
    assert [e.relation for e in found.entries] == [
        "brokers", "extracts_concessions", "pressures", "gains_leverage", "brokers",
    ]  # fmt: skip
    assert [(m.month, m.net) for m in found.months] == [
        ("2026-01", -1), ("2026-02", 0), ("2026-03", 1), ("2026-04", 0), ("2026-05", 1),
    ]  # fmt: skip


# ---------------------------------------------------------------- resolve


@pytest.mark.parametrize("name", ["Washington", "the U.S.", "US", "American", "united-states"])
def test_any_name_of_the_united_states_resolves_to_it(snap: Snapshot, name: str) -> None:
    assert resolve_actor(name, snap) == "united-states"


def test_an_actor_the_gazetteer_knows_but_no_analysis_mentions_is_said_so(snap: Snapshot) -> None:
    with pytest.raises(PowermapError, match="Japan is in the gazetteer, but no analysis"):
        resolve_actor("Tokyo", snap)


def test_an_unknown_actor_names_close_matches(snap: Snapshot) -> None:
    with pytest.raises(PowermapError) as caught:
        resolve_actor("Washingtn", snap)
    assert str(caught.value) == (
        "no actor 'Washingtn' in the store; close matches: Washington (United States)"
    )


def test_a_name_two_actors_share_equally_is_ambiguous() -> None:
    snap = Snapshot(
        actors={
            "georgia-power": ActorInfo("georgia-power", "Georgia", "Organization"),
            "georgia-pacific": ActorInfo("georgia-pacific", "Georgia", "Organization"),
        }
    )
    with pytest.raises(PowermapError, match="ambiguous: Georgia \\(georgia-pacific\\), Georgia"):
        resolve_actor("Georgia", snap)
    assert resolve_actor("georgia-power", snap) == "georgia-power"  # an id is exact


def test_mechanisms_resolve_by_alternative_label_and_family(snap: Snapshot) -> None:
    assert resolve_mechanism("mediation", snap) == "third-party-mediation"
    assert resolve_mechanism("Economic Coercion", snap) == "economic-coercion"
    with pytest.raises(PowermapError, match="tariffs is in the mechanism taxonomy"):
        resolve_mechanism("tariffs", snap)
    with pytest.raises(PowermapError, match="close matches: sanctions"):
        resolve_mechanism("sanctoins", snap)


def test_topics_resolve_ignoring_case(snap: Snapshot) -> None:
    assert resolve_topic("DIPLOMACY", snap) == "diplomacy"


# ---------------------------------------------------------------- the sample corpus

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.slow
def test_who_gains_on_data_ranks_the_gainers_the_analyses_state(tmp_path: Path) -> None:
    from powermap.builder import build
    from powermap.graph.views.analytics import brokers
    from powermap.graph.views.network import actor_graph
    from powermap.ontology.lexicon import normalise

    # the eleven sample analyses of data/ (not its news and sentence corpora)
    samples = sorted(
        p for p in DATA.iterdir() if p.suffix in {".txt", ".md", ".html"} and p.stem != "README"
    )
    assert build(samples, tmp_path / "store").ok
    with open_store(tmp_path / "store", read_only=True) as store:
        snap = read_snapshot(store)
    stated: set[str] = set()
    for path in DATA.glob("*.gold.json"):  # every analysis the build read
        gold = json.loads(path.read_text("utf-8"))
        names = {
            a["label"]: a["aliases"] for k in ("required", "allowed") for a in gold["actors"][k]
        }
        for label in gold["gainers"]["required"] + gold["gainers"]["allowed"]:
            stated |= {normalise(n) for n in (label, *names.get(label, []))}
    top = who_gains(snap, limit=10)
    found = [
        g
        for g in top
        if {normalise(g.label), *map(normalise, snap.actor(g.actor).aliases)} & stated
    ]
    assert len(found) >= 8, [g.label for g in top]
    assert brokers(actor_graph(snap), top=1)[0].actor == "turkey"  # Ankara brokers the corridor


# ---------------------------------------------------------------- basis


def test_who_gains_counts_inferred_claims_and_shows_stated_evidence_first(snap: Snapshot) -> None:
    from dataclasses import replace

    us = next(g for g in who_gains(snap) if g.actor == "united-states")
    best = us.evidence[0].sentence  # the most confident: inferring it sends it behind the other
    claims = tuple(replace(c, basis="inferred") if c.evidence == best else c for c in snap.claims)
    after = next(g for g in who_gains(replace(snap, claims=claims)) if g.actor == "united-states")
    assert (us.inferred, after.inferred) == (0, 1)
    assert [(e.sentence, e.basis) for e in after.evidence][-1] == (best, "inferred")
    assert after.evidence[0].basis == "stated"
    stated_only = who_gains(replace(snap, claims=claims), Filters(stated_only=True))
    assert next(g for g in stated_only if g.actor == "united-states").claims == us.claims - 1
