"""One actor under several names in one analysis: group variants, bodies a plural
noun describes, people joined by "and" (the sentences are our own)."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from powermap.extract.actors import ActorRegistry, SectionDoc
from powermap.extract.model import Analysis, Extraction, Section
from powermap.extract.nlp import load_nlp
from powermap.extract.pipeline import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(model=None)


def _extract(extractor: Extractor, text: str) -> Extraction:
    analysis = Analysis(id="t", title="A test", sections=[Section("Article", text)])
    return extractor.extract(analysis)


def _ids(extractor: Extractor, text: str) -> set[str]:
    return {a.id for a in _extract(extractor, text).actors}


def _names(extraction: Extraction) -> dict[str, set[str]]:
    return {a.label: {a.label, *a.aliases} for a in extraction.actors}


def test_a_bare_plural_is_the_one_named_body_it_describes(extractor: Extractor) -> None:
    text = (
        "Hezbollah fighters fired rockets at the border town on Tuesday. "
        "Israel struck back within the hour. "
        "The fighters killed two farmers near Metula, Israel said."
    )
    names = _names(_extract(extractor, text))
    assert "fighters" not in names
    assert "fighters" in names["Hezbollah"]


def test_a_bare_fighter_noun_is_the_one_body_named_with_another(extractor: Extractor) -> None:
    text = (
        "Al-Shabaab militants stormed a police post near Mandera on Tuesday. "
        "Kenya sent troops to the area within the hour. "
        "The insurgents killed four officers before fleeing, Kenyan police said."
    )
    names = _names(_extract(extractor, text))
    assert "insurgents" not in names
    assert "insurgents" in names["al-Shabaab"]


def test_a_bare_fighter_noun_is_the_one_armed_group_of_the_story(extractor: Extractor) -> None:
    text = (
        "Boko Haram has raided villages in Borno state since 2009. "
        "Nigeria sent troops to the area on Monday. "
        "The insurgents burned two schools before fleeing, the army said."
    )
    names = _names(_extract(extractor, text))
    assert "insurgents" not in names
    assert "insurgents" in names["Boko Haram"]


def test_a_bare_fighter_noun_stays_apart_in_a_story_of_no_armed_group(
    extractor: Extractor,
) -> None:
    text = (
        "Amnesty International has documented abuses in Borno state since 2009. "
        "Nigeria sent troops to the area on Monday. "
        "The insurgents burned two schools before fleeing, the army said."
    )
    names = _names(_extract(extractor, text))
    assert "insurgents" in names
    assert "insurgents" not in names.get("Amnesty International", set())


def test_words_before_a_number_are_not_part_of_the_group(extractor: Extractor) -> None:
    text = "During the raid, the guards shot dead two protesters, and four of them fled, he said."
    labels = {a.label for a in _extract(extractor, text).actors}
    assert "protesters" in labels
    assert not any(label.startswith("dead") for label in labels)


def test_people_a_one_line_report_counts_are_a_group(extractor: Extractor) -> None:
    text = "Gunmen killed 14 people at a market in Zamfara state on Sunday, police said."
    assert "people" in {a.label for a in _extract(extractor, text).actors}


def test_people_counted_in_passing_in_a_longer_story_are_no_group(extractor: Extractor) -> None:
    text = (
        "Nigeria sent troops to Zamfara state on Monday. "
        "The governor asked the army for help with the patrols. "
        "Gunmen have killed 14 people at markets there since June, police said. "
        "The army said the patrols would last a month. "
        "Nigeria's president praised the governor on Tuesday. "
        "Farmers in the state have fled their fields this year. "
        "Aid groups said food prices had doubled. "
        "The governor will visit Abuja next week."
    )
    assert "people" not in {a.label for a in _extract(extractor, text).actors}


def test_a_lower_case_name_opening_a_sentence_is_the_known_actor(extractor: Extractor) -> None:
    text = "Al-Shabab claimed the attack on the hotel in Beledweyne on Tuesday."
    assert "al-shabaab" in _ids(extractor, text)


def test_a_bare_plural_that_two_bodies_share_stays_apart(extractor: Extractor) -> None:
    text = (
        "Hezbollah fighters and Hamas fighters fired rockets at the border town. "
        "Israel struck back within the hour. "
        "The fighters killed two farmers near Metula, Israel said."
    )
    names = _names(_extract(extractor, text))
    assert "fighters" in names
    assert "fighters" not in names.get("Hezbollah", set())
    assert "fighters" not in names.get("Hamas", set())


def test_a_population_is_the_one_group_named_by_one_of_its_nouns(extractor: Extractor) -> None:
    text = (
        "Malian women marched in Bamako on Friday. "
        "Soldiers attacked women and girls at the market, witnesses said."
    )
    groups = [a for a in _extract(extractor, text).actors if a.kind == "Group"]
    assert len(groups) == 1
    assert {"Malian women", "women and girls"} <= {groups[0].label, *groups[0].aliases}


def test_groups_of_one_demonym_and_one_noun_are_one_group(extractor: Extractor) -> None:
    text = (
        "Washington blacklisted Vietnamese textile firms on Friday. "
        "Vietnamese firms had shipped Chinese cotton through Hanoi, Washington said."
    )
    groups = [a for a in _extract(extractor, text).actors if a.kind == "Group"]
    assert len(groups) == 1
    assert {"Vietnamese textile firms", "Vietnamese firms"} <= {
        groups[0].label,
        *groups[0].aliases,
    }


def test_people_named_before_and_joined_by_and_are_no_organisation() -> None:
    text = (
        "Kenyan President William Ruto hosted Ugandan President Yoweri Museveni in Nairobi. "
        "Ruto and Museveni are off to a good start, analysts said."
    )
    doc = load_nlp()(text)
    start = next(t.i for t in doc if t.text == "Ruto" and t.i > 10)
    joined = Span(doc, start, start + 3, label="ORG")  # as NER sometimes reads it
    doc.ents = [e for e in doc.ents if e.end <= start or e.start >= start + 3] + [joined]
    registry = ActorRegistry(Analysis(id="t", title="t"), [SectionDoc("Article", doc)])
    labels = {e.actor.label for e in registry.entries.values()}
    assert "Ruto and Museveni" not in labels
    ruto = next(e.actor for e in registry.entries.values() if e.actor.label == "William Ruto")
    assert len(ruto.mentions) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Zambia's Supreme Court ordered the mine to close. The Supreme Court cited safety.",
        "The Supreme Court of Zambia ordered the mine to close.",
        "Brazil's Congress passed the mining law on Tuesday.",
    ],
)
def test_another_states_body_is_not_the_us_body_of_that_name(
    extractor: Extractor, text: str
) -> None:
    ids = _ids(extractor, text)
    assert not ids & {"us-supreme-court", "us-congress"}


def test_a_us_body_named_as_such_is_still_the_us_body(extractor: Extractor) -> None:
    text = "The U.S. Supreme Court struck down the tariffs, and the Senate objected."
    ids = _ids(extractor, text)
    assert {"us-supreme-court", "us-senate"} <= ids


def test_names_in_a_reporters_credit_are_no_actors(extractor: Extractor) -> None:
    text = (
        "Kenya closed two refugee camps on Monday, the interior ministry said. "
        "Amina Yusuf reported from Washington; stringers Abdi Farah and Hassan Ali "
        "contributed from Mogadishu and Nairobi."
    )
    labels = {a.label for a in _extract(extractor, text).actors}
    assert "Kenya" in labels
    assert not labels & {"United States", "Amina Yusuf", "Abdi Farah", "Hassan Ali"}


def test_a_state_in_an_x_based_modifier_is_a_place(extractor: Extractor) -> None:
    text = "Somalia took the dispute to the Nairobi-based tribunal, and Kenya refused to attend."
    ids = _ids(extractor, text)
    assert "kenya" in ids and "somalia" in ids
    text = "The Hague-based court heard Somalia's case while Kenya stayed away."
    assert "netherlands" not in _ids(extractor, text)


def test_a_name_used_mostly_as_a_place_is_no_person(extractor: Extractor) -> None:
    text = (
        "Kenya plans to close Dadaab and Kakuma camps. Both Dadaab and Kakuma camps "
        "opened in the 1990s. Aid groups in Kakuma said food was short, and the Ruto "
        "government said the camps would close."
    )
    labels = {a.label for a in _extract(extractor, text).actors}
    assert "Kenya" in labels
    assert not labels & {"Dadaab", "Kakuma"}


def test_a_name_that_modifies_its_own_government_is_still_a_person(
    extractor: Extractor,
) -> None:
    text = (
        "The Tinubu government cut subsidies. "
        "The Tinubu administration later froze wages, the Tinubu campaign said."
    )
    assert "Tinubu" in {a.label for a in _extract(extractor, text).actors}


def test_two_unknown_states_joined_by_and_are_two_parties(extractor: Extractor) -> None:
    ids = _ids(extractor, "Gondor and Rohan signed a trade pact.")
    assert {"gondor", "rohan"} <= ids
    assert "gondor-and-rohan" not in ids


def test_a_name_of_its_own_with_and_stays_one(extractor: Extractor) -> None:
    text = "Trinidad and Tobago expelled two Venezuelan diplomats on Friday."
    assert "trinidad-and-tobago" in _ids(extractor, text)


def test_a_place_ner_reads_as_a_nationality_is_a_party_it_is_acting_on(
    extractor: Extractor,
) -> None:
    text = "Angmar threatened to cut off gas supplies to Arnor unless it paid its debts."
    assert {"angmar", "arnor"} <= _ids(extractor, text)


def test_an_unlisted_demonym_of_a_known_state_is_that_state(extractor: Extractor) -> None:
    text = "Djiboutian soldiers backed Somali security forces in the town."
    assert "djibouti" in _ids(extractor, text)


def test_an_unknown_nationality_of_a_state_role_names_a_state_in_a_brief(
    extractor: Extractor,
) -> None:
    text = "The Arnorian president accused Gondorian troops of crossing the river."
    kinds = {a.label: a.kind for a in _extract(extractor, text).actors}
    assert kinds.get("Arnorian") == "State" and kinds.get("Gondorian") == "State"
    text = "Thousands of Gondorians protested outside the embassy on Friday."
    assert "Gondorians" in {a.label for a in _extract(extractor, text).actors}


def test_an_unknown_nationality_in_a_long_story_makes_no_state(extractor: Extractor) -> None:
    sentences = [f"Line {n} of the story says the Baath officials met again." for n in range(9)]
    labels = {a.label for a in _extract(extractor, " ".join(sentences)).actors}
    assert "Baath" not in labels


def test_every_place_of_a_list_after_in_or_across_is_a_setting(extractor: Extractor) -> None:
    sentences = [
        "The UN said the network ran operations across Iraq, Syria and Turkey.",
        "Iraq said its forces killed the network's leader on Thursday.",
        "Iraq said the raid followed months of work by its intelligence service.",
        "The leader had been wanted for years, Iraq said.",
        "Iraq's prime minister praised the forces.",
        "The network has lost several leaders this year.",
        "Iraq said more raids would follow.",
        "Iraq's officials gave no further details.",
        "Iraq's allies welcomed the news.",
        "Iraq expects the network to regroup.",
        "The sea stretches from Hong Kong south to Borneo.",
    ]
    ids = {a.id for a in _extract(extractor, " ".join(sentences)).actors}
    assert "iraq" in ids
    assert not ids & {"turkey", "syria", "hong-kong"}


def test_a_state_that_ends_a_place_name_is_no_actor(extractor: Extractor) -> None:
    text = "Navies of West Africa patrol the Gulf of Guinea against pirates."
    assert "guinea" not in _ids(extractor, text)


def test_a_body_named_by_its_last_word_is_the_body_named_in_full(extractor: Extractor) -> None:
    text = (
        "The Federal Election Regulatory Council fined the party. "
        "The Council said the fine would stand."
    )
    actors = _extract(extractor, text).actors
    assert "Council" not in {a.label for a in actors}
    council = next(a for a in actors if a.label == "Federal Election Regulatory Council")
    assert len(council.mentions) == 2


def test_the_commission_of_a_non_eu_story_is_its_own_commission(extractor: Extractor) -> None:
    text = (
        "The Zambian Electoral Commission delayed the count on Monday. "
        "The Commission said the delay would last a week."
    )
    actors = _extract(extractor, text).actors
    assert [a.label for a in actors] == ["Zambian Electoral Commission"]
    assert "European Commission" not in actors[0].aliases
    text = "The European Commission fined Apple. The Commission said it would appeal."
    assert "european-commission" in _ids(extractor, text)


def test_unknown_states_joined_as_doers_and_a_mediator_after_by_are_parties(
    extractor: Extractor,
) -> None:
    text = "Valdoria and Kestria agreed to resume talks mediated by Morvania next month."
    assert {"valdoria", "kestria", "morvania"} <= _ids(extractor, text)


def test_an_unknown_state_named_as_subject_of_a_copula_acts(extractor: Extractor) -> None:
    text = "Valdoria is about to restore full diplomatic ties with Morvania."
    assert {"valdoria", "morvania"} <= _ids(extractor, text)


def test_the_government_of_an_unknown_state_names_that_state(extractor: Extractor) -> None:
    text = "The government of Morvania recalled its ambassador from Valdoria."
    assert "morvania" in _ids(extractor, text)


def test_an_office_seated_in_an_unknown_place_is_that_place_acting(
    extractor: Extractor,
) -> None:
    for text in (
        "Authorities in Kestria detained two journalists.",
        "Police in Dravna arrested 40 protesters.",
    ):
        extraction = _extract(extractor, text)
        holders = {c.holder for c in extraction.claims if c.relation == "pressures"}
        assert holders & {"kestria", "dravna"}, text


def test_an_unknown_nationality_before_a_group_noun_names_a_group(
    extractor: Extractor,
) -> None:
    text = "Morvania condemned the attack by Kestrian militants on a police station."
    kinds = {a.label: a.kind for a in _extract(extractor, text).actors}
    assert kinds.get("Kestrian militants") == "Group"


def test_a_known_body_opening_a_sentence_with_the_is_found(extractor: Extractor) -> None:
    text = "The World Food Programme halted deliveries to the camps after looting."
    assert "world-food-programme" in _ids(extractor, text)


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("MSF said its clinic in the city was shelled overnight.", "doctors-without-borders"),
        (
            "Doctors Without Borders evacuated its staff from the hospital.",
            "doctors-without-borders",
        ),
        (
            "The government and the ELN guerrilla group agreed to a truce.",
            "national-liberation-army",
        ),
        ("UNIFIL said its peacekeepers came under fire near the border.", "unifil"),
        ("The BLA claimed the bombing of the train.", "baloch-liberation-army"),
        ("The ANC expelled the former president from the party.", "african-national-congress"),
    ],
)
def test_aid_groups_armed_groups_and_un_missions_of_the_news_are_known(
    extractor: Extractor, text: str, actor: str
) -> None:
    assert actor in _ids(extractor, text)


def test_a_common_noun_opening_a_sentence_is_no_body(extractor: Extractor) -> None:
    labels = {
        a.label for a in _extract(extractor, "Media watchdog CPJ condemned the arrest.").actors
    }
    assert "Media" not in labels


def test_a_name_never_runs_across_a_sentence_break(extractor: Extractor) -> None:
    text = "The minister posted his reply on X. The Taliban rejected it within the hour."
    labels = {a.label for a in _extract(extractor, text).actors}
    assert "Taliban" in labels
    assert not any(label.startswith("X.") for label in labels)


def test_members_of_a_named_body_are_that_body(extractor: Extractor) -> None:
    text = "Halvard Freight lobbied members of the European Parliament to drop the levy."
    labels = {a.label for a in _extract(extractor, text).actors}
    assert "European Parliament" in labels
    assert "members" not in labels


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The National People's Congress voted to amend the maritime law.",
         "National People's Congress"),
        ("The Supreme People's Court rejected the appeal on Friday.", "Supreme People's Court"),
        ("Ana Ruiz, who heads the Rural Women's Alliance, criticised the ruling.",
         "Rural Women's Alliance"),
    ],
)  # fmt: skip
def test_a_name_with_a_people_noun_possessive_inside_is_a_body(
    extractor: Extractor, text: str, label: str
) -> None:
    assert label in {a.label for a in _extract(extractor, text).actors}


def test_a_party_named_without_its_demonym_is_the_party_named_with_it(
    extractor: Extractor,
) -> None:
    text = (
        "The Vietnamese Communist Party expelled two provincial leaders on Monday. "
        "Critics said the Communist Party feared a rival faction in the north."
    )
    names = _names(_extract(extractor, text))
    assert "Communist Party" not in names
    assert "Vietnamese Communist Party" in names


def test_a_family_name_said_first_stands_for_the_person(extractor: Extractor) -> None:
    text = (
        "South Korea's president, Lee Jae-myung, met Japanese officials in Tokyo. "
        "Japan pressed Lee to drop the demand for compensation."
    )
    names = _names(_extract(extractor, text))
    assert "Lee" not in names
    assert "Lee" in names["Lee Jae-myung"]


def _news(extractor: Extractor, sentences: list[str]) -> set[str]:
    analysis = Analysis(id="t", title="A story", sections=[Section("Article", " ".join(sentences))])
    return {a.label for a in extractor.extract(analysis).actors}


FERRY_STORY = [
    "Gunmen seized a ferry on Lake Kivu on Sunday, Congolese officials said.",
    "The ferry was carrying goods between Goma and Bukavu, Congo's navy said.",
    "Congo sent boats to the area and surrounded the vessel by nightfall.",
    "Congolese soldiers freed 120 passengers after a standoff that lasted six hours.",
    "Rwanda said the attackers had demanded a ransom from the ferry's owner.",
    "Rwanda's foreign minister praised the operation in a statement.",
    "The United Nations called for an inquiry into security on the lake.",
    "Congo's governor of South Kivu promised to review security on the lake.",
    "The African Union welcomed the release on Monday.",
]


def test_a_collective_a_story_keeps_returning_to_is_a_party(extractor: Extractor) -> None:
    story = [*FERRY_STORY, "Several passengers were treated for injuries at a local clinic."]
    assert "passengers" in _news(extractor, story)


def test_a_collective_a_story_names_once_is_named_in_passing(extractor: Extractor) -> None:
    assert "passengers" not in _news(extractor, FERRY_STORY)


def test_a_group_opening_a_sentence_keeps_its_nationality_capitalised(
    extractor: Extractor,
) -> None:
    labels = {a.label for a in _extract(extractor, "Kurdish militias attacked the town.").actors}
    assert "Kurdish militias" in labels
