"""Actors of one-line news reports, in the style of event-coding test sentences.

The sentences are our own; the rules are read without the trained model.
"""

from __future__ import annotations

import pytest

from powermap.extract.model import Analysis, Section
from powermap.extract.pipeline import Extractor


@pytest.fixture(scope="module")
def rules_only() -> Extractor:
    return Extractor(model=None)


def actor_labels(extractor: Extractor, text: str) -> set[str]:
    analysis = Analysis(id="t", title="", sections=[Section("Article", text)])
    return {a.label for a in extractor.extract(analysis).actors}


def test_a_name_ner_runs_into_the_amount_after_it_is_still_the_party(
    rules_only: Extractor,
) -> None:
    found = actor_labels(rules_only, "The European Commission fined Apple 1.8 billion euros.")
    assert "Apple" in found


def test_an_outlet_is_an_actor_when_banned_and_no_actor_when_quoted(
    rules_only: Extractor,
) -> None:
    assert "Al Jazeera" in actor_labels(rules_only, "The junta banned Al Jazeera for a month.")
    assert "BBC" in actor_labels(rules_only, "Niger's junta suspended the BBC for a month.")
    assert "Al Jazeera" not in actor_labels(
        rules_only, "The minister told Al Jazeera that talks had failed."
    )


def test_gangs_are_a_group(rules_only: Extractor) -> None:
    assert "armed gangs" in actor_labels(
        rules_only, "Armed gangs abducted 30 villagers in Katsina state."
    )


def test_a_name_before_terrorists_is_the_organisation(rules_only: Extractor) -> None:
    assert "KRF" in actor_labels(rules_only, "Soldiers killed 12 KRF terrorists near the border.")


def claim_set(extractor: Extractor, text: str) -> set[tuple[str, str, str | None]]:
    analysis = Analysis(id="t", title="", sections=[Section("Article", text)])
    return {(c.holder, c.relation, c.counterpart) for c in extractor.extract(analysis).claims}


def test_in_a_one_line_report_the_party_pressed_bears_the_cost(rules_only: Extractor) -> None:
    found = claim_set(rules_only, "The African Union suspended Gabon after the coup.")
    assert ("african-union", "pressures", "gabon") in found
    assert ("gabon", "bears_cost", "african-union") in found


def test_in_a_longer_story_pressure_alone_is_no_cost(rules_only: Extractor) -> None:
    text = " ".join(
        [
            "The African Union suspended Gabon after the coup.",
            "Gabon's new rulers said they would hold elections.",
            "Cameroon and Nigeria urged calm.",
            "France kept its troops in Gabon.",
            "The United States paused some aid to Gabon.",
            "Gabon's oil output was steady.",
            "The European Union called for a timetable.",
            "China said it respected Gabon's sovereignty.",
            "Morocco offered to mediate.",
        ]
    )
    found = claim_set(rules_only, text)
    assert ("african-union", "pressures", "gabon") in found
    assert ("gabon", "bears_cost", "african-union") not in found


def test_an_act_on_goods_from_a_party_targets_the_party(rules_only: Extractor) -> None:
    found = claim_set(rules_only, "Ottawa imposed tariffs on imports from Peru and Chile.")
    assert ("canada", "pressures", "peru") in found
    assert ("canada", "pressures", "chile") in found


def test_bare_police_of_a_one_state_report_are_that_states(rules_only: Extractor) -> None:
    found = claim_set(rules_only, "Riot police dispersed the protesters, Armenia's ministry said.")
    assert ("armenia", "pressures", "protesters") in found
    assert "Riot" not in actor_labels(rules_only, "Riot police dispersed the marchers in Armenia.")


def test_bare_police_of_a_report_naming_two_states_stay_unresolved(
    rules_only: Extractor,
) -> None:
    found = claim_set(rules_only, "Police dispersed the protesters, Armenia and Georgia said.")
    assert not any(h in {"armenia", "georgia"} for h, _, _ in found)


def test_a_bare_office_is_not_the_state_its_own_clause_acts_on(rules_only: Extractor) -> None:
    text = "The junta expelled Denmark's ambassador and ordered Danish troops to leave."
    found = claim_set(rules_only, text)
    assert not any(h == "denmark" and r == "pressures" for h, r, _ in found)


def test_the_source_of_a_one_line_report_is_not_its_target(rules_only: Extractor) -> None:
    for text in (
        "Rwanda fired shells into the lake, Uganda's army said.",
        "Eritrea fired missiles into the sea, Djibouti's military said, after Egypt and"
        " Ethiopia began joint drills.",
    ):
        found = claim_set(rules_only, text)
        assert not any(c in {"uganda", "djibouti", "ethiopia"} for _, _, c in found), found


def test_a_group_acted_on_in_a_one_line_report_is_an_actor(rules_only: Extractor) -> None:
    found = actor_labels(rules_only, "Gunmen stormed a jail in Kano, freeing hundreds of inmates.")
    assert "inmates" in found
    assert "officials" not in actor_labels(rules_only, "Officials said the talks failed.")
    assert "Hamas" in actor_labels(rules_only, "Hamas fighters attacked a convoy.")


def test_terrorists_a_state_kills_are_a_group(rules_only: Extractor) -> None:
    found = actor_labels(rules_only, "Malian troops killed 12 terrorists near the border.")
    assert {"Mali", "terrorists"} <= found


def test_an_acronym_spelled_like_a_common_word_counts_in_capitals(rules_only: Extractor) -> None:
    found = actor_labels(rules_only, "Iraqi forces killed the IS deputy leader in a raid.")
    assert "Islamic State" in found
    assert "Islamic State" not in actor_labels(rules_only, "IRAQ IS READY, THE MINISTER SAID.")


def test_a_group_after_a_preposition_of_the_act_is_a_party(rules_only: Extractor) -> None:
    found = actor_labels(rules_only, "The junta imposed a curfew on students after the rally.")
    assert "students" in found
    found = actor_labels(rules_only, "Shelling killed 30 people in Kharkiv, including children.")
    assert "children" in found and not any(label.startswith("including") for label in found)


def test_bare_countries_and_governments_are_no_group(rules_only: Extractor) -> None:
    found = actor_labels(rules_only, "Ghana signed fishing deals with other countries.")
    assert "countries" not in found


def test_a_group_is_named_without_last_or_remaining(rules_only: Extractor) -> None:
    found = actor_labels(rules_only, "Malaysia deported the last remaining refugees from the camp.")
    assert "refugees" in found


def test_them_names_the_group_the_report_named_before(rules_only: Extractor) -> None:
    text = "Thousands of miners marched against the Bolivian government, and police dispersed them."
    assert ("bolivia", "pressures", "miners") in claim_set(rules_only, text)


def test_a_state_named_only_in_the_setting_is_the_home_of_bare_police(
    rules_only: Extractor,
) -> None:
    text = "Police dispersed striking miners in the Bolivian capital on Monday."
    assert ("bolivia", "pressures", "striking-miners") in claim_set(rules_only, text)
