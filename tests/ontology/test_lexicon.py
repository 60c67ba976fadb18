"""The lexicon loader: gazetteer lookups, mechanisms and relation kinds as plain data."""

import pytest

from powermap.extract.model import ACTOR_KINDS, RELATIONS
from powermap.ontology import lexicon

# The relation table of shared/contract/EXTRACTION.md.
CONTRACT_POLARITY = {
    "gains_leverage": "gains",
    "brokers": "gains",
    "pressures": "gains",
    "extracts_concessions": "gains",
    "constrains": "gains",
    "benefits": "gains",
    "depends_on": "loses",
    "concedes": "loses",
    "bears_cost": "loses",
    "influences": "neutral",
}


def ids_for(form: str) -> set[str]:
    return {entry.id for entry, _ in lexicon.alias_table().get(lexicon.normalise(form), [])}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("U.S.", "us"),
        ("the U.S.", "us"),
        ("The United States", "united states"),
        ("Côte d’Ivoire", "cote divoire"),
        ("Guinea-Bissau", "guinea bissau"),
        ("  E.U.  ", "eu"),
        ("OPEC+", "opec+"),
    ],
)
def test_normalise_folds_case_accents_dots_and_a_leading_the(text: str, key: str) -> None:
    assert lexicon.normalise(text) == key


@pytest.mark.parametrize(
    "form",
    ["U.S.", "US", "United States", "America", "American", "Americans", "Washington", "USA"],
)
def test_alias_table_resolves_united_states_forms(form: str) -> None:
    assert ids_for(form) == {"united-states"}


@pytest.mark.parametrize(
    ("form", "actor"),
    [
        ("Tehran", "iran"),
        ("Iranian", "iran"),
        ("Doha", "qatar"),
        ("Qatari", "qatar"),
        ("EU", "european-union"),
        ("Brussels", "european-union"),
        ("OPEC+", "opec"),
        ("IMF", "international-monetary-fund"),
        ("International Monetary Fund", "international-monetary-fund"),
        ("GCC states", "gcc"),
        ("Islamabad", "pakistan"),
        ("Treasury", "treasury-department"),
        ("OFAC", "office-of-foreign-assets-control"),
        ("Putin", "vladimir-putin"),
    ],
)
def test_alias_table_resolves_names_capitals_and_demonyms(form: str, actor: str) -> None:
    assert ids_for(form) == {actor}


def test_alias_table_reports_the_kind_of_each_form() -> None:
    table = lexicon.alias_table()
    kinds = {
        form: table[lexicon.normalise(form)][0][1]
        for form in ["United States", "U.S.", "American", "Washington"]
    }
    assert kinds == {
        "United States": "label",
        "U.S.": "alias",
        "American": "demonym",
        "Washington": "metonym",
    }


def test_alias_table_lists_each_entry_once_per_form() -> None:
    for key, pairs in lexicon.alias_table().items():
        ids = [entry.id for entry, _ in pairs]
        assert len(ids) == len(set(ids)), key


def test_gazetteer_index_finds_entries_by_id() -> None:
    entry = lexicon.gazetteer_index()["united-states"]
    assert (entry.label, entry.kind, entry.wikidata, entry.iso3) == (
        "United States",
        "State",
        "Q30",
        "USA",
    )
    assert {"US", "Washington", "America"} <= entry.ambiguous


def test_person_entries_name_who_they_act_for() -> None:
    putin = lexicon.gazetteer_index()["vladimir-putin"]
    assert putin.kind == "Person"
    assert putin.affiliation == "russia"
    assert "Putin" in putin.aliases


def test_gazetteer_kinds_are_the_contract_actor_kinds() -> None:
    assert {entry.kind for entry in lexicon.gazetteer()} <= set(ACTOR_KINDS)


def test_gazetteer_holds_hundreds_of_actors() -> None:
    lexicon.gazetteer.cache_clear()
    assert len(lexicon.gazetteer()) > 500


def test_relation_kinds_cover_the_contract_relations_with_their_polarity() -> None:
    kinds = lexicon.relation_kinds()
    assert {rid: kind.polarity for rid, kind in kinds.items()} == CONTRACT_POLARITY
    assert CONTRACT_POLARITY == RELATIONS


def test_relation_kinds_point_leverage_away_from_a_dependent_holder() -> None:
    kinds = lexicon.relation_kinds()
    assert kinds["depends_on"].direction == "reverse"
    assert kinds["brokers"].direction == "forward"
    assert kinds["brokers"].truthy_property == "brokersBetween"
    assert kinds["depends_on"].label == "depends on"


def test_mechanisms_come_back_sorted_with_their_family() -> None:
    concepts = lexicon.mechanisms()
    ids = [c.id for c in concepts]
    assert ids == sorted(ids)
    mediation = next(c for c in concepts if c.id == "third-party-mediation")
    assert mediation.label == "third-party mediation"
    assert {"mediation", "shuttle diplomacy"} <= set(mediation.alt_labels)
    assert mediation.broader == ("diplomacy",)
    assert mediation.definition
