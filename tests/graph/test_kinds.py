"""One kind per actor across the store: settled at every ingest, whatever the order."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from powermap.extract.model import Actor, Analysis, Extraction, Section
from powermap.graph.rdf.validate import validate
from powermap.graph.store.backends import Store, open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.store.kinds import decide_kind


def _extraction(analysis_id: str, kinds: dict[str, str]) -> Extraction:
    analysis = Analysis(
        id=analysis_id,
        document=f"{analysis_id}.txt",
        title=analysis_id,
        sections=[Section("Article", f"Text of {analysis_id}.")],
    )
    actors = [Actor(a, a.replace("-", " ").title(), kind) for a, kind in kinds.items()]
    return Extraction(analysis, actors, [])


BATCH = [
    _extraction("one", {"kabiru-adamu": "Organization", "boko-haram": "Person"}),
    _extraction("two", {"kabiru-adamu": "Person", "boko-haram": "Person"}),
    _extraction("three", {"kabiru-adamu": "Person", "boko-haram": "Organization"}),
    _extraction("four", {"tie-actor": "Group"}),
    _extraction("five", {"tie-actor": "Person"}),
]


def _kinds_of(store: Store, actor: str) -> set[tuple[str, str]]:
    """{(analysis id, kind)} of the rdf:type triples of ``actor``."""
    rows = store.query(
        "SELECT ?g ?k WHERE { GRAPH ?g { ?a a ?k } ?k rdfs:subClassOf+ pm:Actor }",
        {"a": URIRef(f"https://w3id.org/powermap/id/actor/{actor}")},
    )
    return {(str(r.g).rsplit("/", 1)[1], str(r.k).rsplit("#", 1)[1]) for r in rows}  # type: ignore[union-attr]


def test_each_actor_has_one_kind_in_every_analysis_and_the_store_conforms(
    tmp_path: Path,
) -> None:
    with open_store(tmp_path / "s") as store:
        assert ingest(store, BATCH).ok
        assert validate(store).conforms
        adamu = _kinds_of(store, "kabiru-adamu")
        assert adamu == {("one", "Person"), ("two", "Person"), ("three", "Person")}  # majority
        assert {k for _, k in _kinds_of(store, "boko-haram")} == {"Organization"}  # gazetteer
        assert {k for _, k in _kinds_of(store, "tie-actor")} == {"Person"}  # contract order


def test_the_kinds_do_not_depend_on_the_order_analyses_arrive_in(tmp_path: Path) -> None:
    dumps = []
    for name, batch in (("forward", BATCH), ("backward", BATCH[::-1])):
        with open_store(tmp_path / name) as store:
            for extraction in batch:  # one at a time: each ingest settles the kinds
                ingest(store, [extraction])
            dumps.append(sorted(store.nquads().splitlines()))
    assert dumps[0] == dumps[1]


def test_a_rebuild_skips_every_analysis_and_changes_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as store:
        ingest(store, BATCH)
        before = sorted(store.nquads().splitlines())
        summary = ingest(store, BATCH)
        assert (summary.added, summary.replaced, len(summary.skipped)) == ([], [], 5)
        assert sorted(store.nquads().splitlines()) == before


def test_a_new_analysis_that_changes_the_majority_retypes_the_older_ones(
    tmp_path: Path,
) -> None:
    with open_store(tmp_path / "s") as store:
        ingest(store, BATCH[:1])  # kabiru-adamu: Organization
        assert {k for _, k in _kinds_of(store, "kabiru-adamu")} == {"Organization"}
        ingest(store, BATCH[1:3])  # two more say Person
        assert _kinds_of(store, "kabiru-adamu") == {
            ("one", "Person"),
            ("two", "Person"),
            ("three", "Person"),
        }


@pytest.mark.parametrize(
    "actor, votes, kind",
    [
        ("uyghurs", {"Organization": 3, "Person": 1}, "Group"),
        ("someone-new", {"Organization": 1, "Person": 3}, "Person"),
        ("someone-new", {"Group": 2, "Organization": 2}, "Organization"),
    ],
)
def test_decide_kind_prefers_the_gazetteer_then_the_majority_then_the_contract_order(
    actor: str, votes: dict[str, int], kind: str
) -> None:
    assert decide_kind(actor, votes) == kind
