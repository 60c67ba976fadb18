"""An actor's kind in one analysis: the gazetteer's wins; peoples are groups; diseases,
storms, events and laws are not actors (spaCy model loaded once)."""

from __future__ import annotations

import pytest

from powermap.extract.actors import ActorRegistry, SectionDoc
from powermap.extract.model import Analysis, Extraction, Section
from powermap.extract.nlp import load_nlp
from powermap.extract.pipeline import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _extract(extractor: Extractor, text: str) -> Extraction:
    analysis = Analysis(id="t", title="A test", sections=[Section("Article", text)])
    return extractor.extract(analysis)


def _kinds(extraction: Extraction) -> dict[str, str]:
    return {a.id: a.kind for a in extraction.actors}


def test_a_gazetteer_id_keeps_the_gazetteer_kind_whatever_ner_says() -> None:
    doc = load_nlp()("Boko Haram abducted 276 schoolgirls in 2014.")
    sec = SectionDoc("Article", doc)
    registry = ActorRegistry(Analysis(id="t", title="t"), [])  # nothing found yet
    registry.add("boko-haram", "Boko Haram", "Person", sec, doc[0:2])  # as NER might
    actor = registry.get("boko-haram")
    assert actor is not None and (actor.kind, actor.label) == ("Organization", "Boko Haram")


def test_a_known_armed_group_is_an_organization_even_in_a_possessive(
    extractor: Extractor,
) -> None:
    text = (
        "Boko Haram’s 2014 abduction of 276 schoolgirls from Chibok triggered global "
        "condemnation, and the Baloch Liberation Army attacked a train in Pakistan."
    )
    kinds = _kinds(_extract(extractor, text))
    assert kinds.get("boko-haram") == "Organization"
    assert kinds.get("baloch-liberation-army") == "Organization"


@pytest.mark.parametrize(
    "text, actor",
    [
        ("Thailand deported 40 Uyghurs to China, and the Uyghurs fear worse.", "uyghurs"),
        ("The Uyghurs say Beijing pressures their relatives.", "uyghurs"),
        ("Rohingya have fled Myanmar for years, and Bangladesh hosts them.", "rohingya"),
    ],
)
def test_a_people_named_by_its_plural_is_a_group(
    extractor: Extractor, text: str, actor: str
) -> None:
    assert _kinds(_extract(extractor, text)).get(actor) == "Group"


@pytest.mark.parametrize(
    "text, thing",
    [
        ("COVID-19 hurt the economy, and the government struggled.", "covid-19"),
        ("Doctors say Ebola returned to the province in May.", "ebola"),
        ("Hurricane Melissa hit Jamaica on Tuesday. Melissa struck the island hard.", "melissa"),
        ("The Arab Spring toppled several governments.", "arab-spring"),
        ("Typhoon Kalmaegi struck the Philippines.", "typhoon-kalmaegi"),
    ],
)
def test_diseases_storms_and_events_are_not_actors(
    extractor: Extractor, text: str, thing: str
) -> None:
    found = _kinds(_extract(extractor, text))
    assert thing not in found and thing.split("-")[-1] not in found


def test_holders_providers_and_rights_groups_that_bear_a_cost_are_groups(
    extractor: Extractor,
) -> None:
    text = (
        "The Vendrian junta banned media rights organizations and arrested dozens of "
        "green card holders. Vendria fined foreign cloud providers."
    )
    ids = {a.id for a in _extract(extractor, text).actors}
    assert {"green-card-holders", "foreign-cloud-providers", "media-rights-organizations"} <= ids


def test_bare_groups_or_organizations_are_no_actor(extractor: Extractor) -> None:
    text = "The police raided the offices of several groups and organizations in Vendria."
    ids = {a.id for a in _extract(extractor, text).actors}
    assert not ids & {"groups", "organizations", "several-groups"}


def test_religions_and_economic_measures_are_not_actors(extractor: Extractor) -> None:
    text = (
        "The site is holy in Islam and Judaism. Vendria's Gross Domestic Product fell "
        "after Ostrava imposed sanctions on Vendria."
    )
    labels = {a.label for a in _extract(extractor, text).actors}
    assert not labels & {"Islam", "Judaism", "Gross Domestic Product"}


def test_a_name_does_not_reach_back_over_of_to_a_date(extractor: Extractor) -> None:
    doc = load_nlp()("Vendria's test Monday of S-400 components angered its neighbours.")
    sec = SectionDoc("Article", doc)
    registry = ActorRegistry(Analysis(id="t", title="t"), [sec])
    labels = {a.label for a in registry.actors(modifier_states=True)}
    assert not any(label.startswith("Monday") for label in labels)


def test_a_known_leader_named_family_name_first_is_one_actor_by_that_name(
    extractor: Extractor,
) -> None:
    text = (
        "North Korean leader Kim Jong Un met the envoy in Hanoi. Later, Kim said the "
        "talks had failed and Pyongyang would resume missile tests."
    )
    ids = {a.id for a in _extract(extractor, text).actors}
    assert "kim-jong-un" in ids and "kim" not in ids


def test_a_variant_full_name_of_a_known_body_is_that_body_by_its_acronym(
    extractor: Extractor,
) -> None:
    text = (
        "Vendria gave the United Nations High Commission for Refugees 14 days to present "
        "a plan. UNHCR said the decision would affect refugees."
    )
    ids = {a.id for a in _extract(extractor, text).actors}
    assert "unhcr" in ids
    assert not {i for i in ids if i.startswith("united-nations-high")}


_FILLER = (
    "Rain fell across Kenya for a week. Markets in Uganda opened late on Monday. "
    "Tanzania said the river rose by two metres. Schools in Rwanda stayed closed. "
    "Roads to Burundi were cut in several places. Power returned to Ethiopia by Friday. "
    "Officials in Somalia counted the damage. Farmers in Sudan waited for the water. "
)


def test_a_body_named_once_in_news_counts_when_it_acts_not_when_it_speaks(
    extractor: Extractor,
) -> None:
    acting = _FILLER + "The Harbour Rights Alliance sued the port authority over the fees."
    speaking = _FILLER + "The Harbour Rights Alliance said the fees were too high."
    assert "harbour-rights-alliance" in {a.id for a in _extract(extractor, acting).actors}
    assert "harbour-rights-alliance" not in {a.id for a in _extract(extractor, speaking).actors}


def test_an_official_named_once_in_news_is_an_actor_but_an_analyst_is_not(
    extractor: Extractor,
) -> None:
    official = _FILLER + "Harbour Mayor Tomas Ekwueme said the fees were too high."
    analyst = _FILLER + "Harbour analyst Tomas Ekwueme said the fees were too high."
    assert "Tomas Ekwueme" in {a.label for a in _extract(extractor, official).actors}
    assert "Tomas Ekwueme" not in {a.label for a in _extract(extractor, analyst).actors}


def test_a_name_the_text_calls_a_train_or_a_ship_is_no_actor(extractor: Extractor) -> None:
    text = (
        "The Kestrel Star, a cargo ship bound for Rotterdam, was seized by Iran on Monday. "
        "Britain demanded that Iran release the Kestrel Star and its crew."
    )
    labels = {a.label for a in _extract(extractor, text).actors}
    assert {"Iran", "United Kingdom"} <= labels
    assert "Kestrel Star" not in labels


def test_the_news_outlet_quoted_in_a_story_is_no_actor(extractor: Extractor) -> None:
    text = "Voice of America contacted the Kenyan ministry, which declined to comment."
    ids = {a.id for a in _extract(extractor, text).actors}
    assert ids == {"kenya"}  # neither the outlet nor the America of its name


def test_religious_and_political_camps_that_act_are_groups(extractor: Extractor) -> None:
    text = "Hindu nationalists attacked a church in Odisha, and Catholic bishops protested."
    ids = {a.id for a in _extract(extractor, text).actors}
    assert "hindu-nationalists" in ids


def test_armed_groups_of_recent_wars_are_known_by_their_acronyms(extractor: Extractor) -> None:
    text = "The army shelled the Rapid Support Forces, and M23 rebels attacked the ADF."
    ids = {a.id for a in _extract(extractor, text).actors}
    assert {"rapid-support-forces", "m23", "allied-democratic-forces"} <= ids


def test_an_outlets_desk_arms_models_storms_and_forests_are_no_actors(
    extractor: Extractor,
) -> None:
    text = (
        "Ankara bought S-400s from Moscow and lost its F-35 order, the BBC's Turkish "
        "Service reported. Cyclones Ana and Batsirai hit Madagascar. Ugandan troops "
        "entered the Mabira Forest."
    )
    labels = {a.label for a in _extract(extractor, text).actors}
    assert {"Turkey", "Russia", "Madagascar", "Uganda"} <= labels
    assert not labels & {"S-400s", "F-35", "Turkish Service", "Ana", "Batsirai", "Mabira Forest"}
    assert not any("Cyclone" in label for label in labels)


def test_states_listed_as_examples_of_countries_are_places_in_a_news_story(
    extractor: Extractor,
) -> None:
    text = (
        "China runs a network of foreign bloggers. "
        "The network recruited influencers from over 30 countries, including Chile, "
        "Norway, Portugal and Ghana. China pays them for their posts. "
        "Researchers counted 120 accounts. The accounts post every day. "
        "Most posts praise Chinese cities. Some posts attack critics of China. "
        "China has denied running the network. The researchers said the posts reach millions. "
        "China's embassy declined to comment. China has expanded such networks since 2020. "
        "Beijing also funds state media abroad."
    )
    labels = {a.label for a in _extract(extractor, text).actors}
    assert "China" in labels
    assert not labels & {"Chile", "Norway", "Portugal", "Ghana"}


def test_a_group_named_once_in_passing_in_a_news_story_is_no_actor(
    extractor: Extractor,
) -> None:
    text = (
        "Chile raised tariffs on Peruvian copper on Monday. Peru called the move unfair. "
        "Chile said the tariffs protect its mines. Peru may appeal to the WTO. "
        "Chile and Peru have traded copper for decades. Prices rose for working families. "
        "Angry farmers blocked a highway near Lima. Peru's president met Chile's envoy. "
        "Chile did not comment further. Peru expects talks next week."
    )
    labels = {a.label for a in _extract(extractor, text).actors}
    assert {"Chile", "Peru"} <= labels
    assert "working families" not in labels
    assert "Angry farmers" in labels or "angry farmers" in labels


def test_a_common_surname_of_a_known_person_needs_a_title_or_the_full_name(
    extractor: Extractor,
) -> None:
    other = _extract(extractor, "Thomas, a fisherman, said the plan was sound.")
    assert "tillman-thomas" not in {a.id for a in other.actors}
    named = _extract(extractor, "Tillman Thomas met envoys. Later, Thomas said Grenada would act.")
    assert "tillman-thomas" in {a.id for a in named.actors}


def test_a_name_tagged_as_a_person_once_is_that_person_where_tagged_otherwise(
    extractor: Extractor,
) -> None:
    text = (  # NER reads two of the four "Gachagua" as a place
        "Gachagua was removed from office last month. Gachagua's allies protested outside "
        "the court. The judges heard Gachagua's appeal on Friday. Gachagua's lawyers said "
        "the vote was unfair."
    )
    people = [a for a in _extract(extractor, text).actors if "Gachagua" in a.label]
    assert [a.kind for a in people] == ["Person"]
    assert len(people[0].mentions) >= 3


def test_an_unknown_acronym_of_fighters_or_members_is_a_body(extractor: Extractor) -> None:
    text = "The president proposed peace talks with the XKP guerrillas."
    actors = {a.label: a.kind for a in _extract(extractor, text).actors}
    assert actors.get("XKP") == "Organization"


def test_a_name_after_the_port_of_or_beside_the_islands_is_a_place(
    extractor: Extractor,
) -> None:
    port = (
        "The tanker sailed from the Iranian port of Bandar Abbas on Monday. "
        "Iran said it carried fuel."
    )
    assert {a.label for a in _extract(extractor, port).actors} == {"Iran"}
    island = "The navy has a base on one of the islands, Diego Garcia, which Britain leases."
    assert "Diego Garcia" not in {a.label for a in _extract(extractor, island).actors}
