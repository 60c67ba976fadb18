"""Mechanisms in news text: labels of the taxonomy and the verbs that exercise one.

Every sentence here is written for these tests; the spaCy model is loaded once.
"""

from __future__ import annotations

import pytest

from powermap.extract.mechanisms import cue_table
from powermap.extract.model import Analysis, Extraction, Section, Source
from powermap.extract.pipeline import Extractor
from powermap.ontology import lexicon


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def story(text: str) -> Analysis:
    """A plain news article: one section, no mechanism section."""
    return Analysis(
        id="t", title="A news story", source=Source(), sections=[Section("Article", text)]
    )


def found(extractor: Extractor, text: str) -> set[str]:
    return {m.id for m in extractor.extract(story(text)).mechanisms}


def mechanism(extraction: Extraction, mech_id: str):  # type: ignore[no-untyped-def]
    return next(m for m in extraction.mechanisms if m.id == mech_id)


# ------------------------------------------------------------ labels of the taxonomy


def test_strikes_named_in_the_text_are_military_force(extractor: Extractor) -> None:
    assert found(extractor, "Overnight airstrikes killed 30 fighters near the border.") == {
        "military-force"
    }


def test_a_phrase_that_contains_a_label_but_names_no_mechanism_is_ignored(
    extractor: Extractor,
) -> None:
    text = "Since the end of the Cold War, the port has doubled its trade in grain."
    assert found(extractor, text) == set()


def test_a_label_with_no_or_without_names_no_mechanism(extractor: Extractor) -> None:
    assert found(extractor, "No arrests were made.") == set()
    assert found(extractor, "The budget passed without protests.") == set()


def test_a_label_inside_a_longer_name_names_no_mechanism(extractor: Extractor) -> None:
    text = "The Democratic Alliance won 40 seats in the provincial legislature."
    assert found(extractor, text) == set()


# ------------------------------------------------------------ verbs that exercise a mechanism


def test_people_taken_or_held_hostage_are_hostage_taking(extractor: Extractor) -> None:
    assert found(extractor, "Armed men kidnapped four engineers outside the mine.") == {
        "hostage-taking"
    }
    extraction = extractor.extract(story("The crew was held captive for a month."))
    assert "held captive" in mechanism(extraction, "hostage-taking").aliases


def test_people_arrested_or_detained_are_detention(extractor: Extractor) -> None:
    text = "Police arrested nine students and detained their lawyer overnight."
    extraction = extractor.extract(story(text))
    assert {m.id for m in extraction.mechanisms} == {"detention"}
    assert {"arrested", "detained"} <= set(mechanism(extraction, "detention").aliases)


def test_people_deported_are_deportation_but_expelled_diplomats_are_isolation(
    extractor: Extractor,
) -> None:
    assert found(extractor, "Malaysia deported 120 migrants by boat on Friday.") == {"deportation"}
    assert found(extractor, "Oslo expelled three embassy diplomats.") == {"diplomatic-isolation"}


def test_a_court_that_sentences_or_charges_is_prosecution(extractor: Extractor) -> None:
    assert found(extractor, "A tribunal sentenced the former mayor to eight years.") == {
        "prosecution"
    }
    assert found(extractor, "The blogger was charged with sedition.") == {"prosecution"}


def test_armed_men_or_a_state_attacking_is_military_force(extractor: Extractor) -> None:
    assert found(extractor, "Gunmen attacked a convoy, killing six guards.") == {"military-force"}
    assert found(extractor, "Ukraine struck a refinery with drones.") == {"military-force"}


def test_the_same_verbs_in_another_sense_are_no_mechanism(extractor: Extractor) -> None:
    text = (
        "Ukraine struck a deal with its creditors. Exports hit a record in May. "
        "The company fired its finance chief, and a storm killed two hikers."
    )
    assert found(extractor, text) == set()


def test_crowds_marching_against_a_law_are_protests(extractor: Extractor) -> None:
    assert found(extractor, "Thousands of teachers marched against the pension law.") == {
        "protests"
    }
    assert found(extractor, "Residents took to the streets after the vote count.") == {"protests"}


def test_an_election_held_or_postponed_is_an_electoral_mechanism(extractor: Extractor) -> None:
    assert found(extractor, "The ruling party won the election by a wide margin.") == {"elections"}
    text = "The council postponed the presidential election and extended its own term."
    assert found(extractor, text) == {"mandate-extension"}


def test_troops_sent_abroad_are_a_military_deployment(extractor: Extractor) -> None:
    assert found(extractor, "Paris will send 500 troops to the border region.") == {
        "military-deployment"
    }


def test_newspapers_banned_are_censorship(extractor: Extractor) -> None:
    assert found(extractor, "The ministry banned two newspapers and jammed the station.") == {
        "censorship"
    }


# ------------------------------------------------------------ only acts that took place


@pytest.mark.parametrize(
    "text",
    [
        "Police did not arrest anyone at the rally site.",
        "The government could deport the families next year.",
        "The minister threatened to deport the families.",
        "If the rebels kidnap more workers, the mine will close.",
        "Officials denied that soldiers had fired on the crowd.",
    ],
)
def test_negated_hypothetical_or_threatened_acts_are_no_mechanism(
    extractor: Extractor, text: str
) -> None:
    assert found(extractor, text) == set()


def test_a_health_study_has_no_mechanism(extractor: Extractor) -> None:
    text = (
        "A study of 9,000 adults in three countries found that rates of high blood pressure "
        "have risen by a third in ten years. The authors, who presented their results in "
        "Geneva on Monday, blamed salty diets and a lack of testing, and said many patients "
        "learn of their condition only after a heart attack. Clinics are short of medicine, "
        "and the report warned that deaths could double by 2035 unless screening spreads."
    )
    assert found(extractor, text) == set()


def test_a_match_report_has_no_mechanism(extractor: Extractor) -> None:
    text = (
        "The visitors stormed back after the break, and their captain struck twice to win "
        "the final. Fans invaded the pitch at the whistle as the coach hit out at the referee."
    )
    assert found(extractor, text) == set()


# ------------------------------------------------------------ the cue data


def test_cues_name_only_mechanisms_of_the_taxonomy() -> None:
    known = {c.id for c in lexicon.mechanisms()}
    table = cue_table()
    named = {
        cue.mechanism for cues in (*table.verbs.values(), *table.nouns.values()) for cue in cues
    }
    assert named <= known
    assert {"detention", "deportation", "hostage-taking", "military-force"} <= named


def test_a_news_story_keeps_mechanisms_of_its_lead_or_named_twice_not_background(
    extractor: Extractor,
) -> None:
    lead = "Kenya imposed sanctions on two Somali traders on Monday. "
    filler = "Officials met in Nairobi on Tuesday to discuss the port. " * 3
    background = "A ceasefire between the clans collapsed in 2019. "
    got = found(extractor, lead + filler + background)
    assert "sanctions" in got
    assert "ceasefire" not in got
    assert "ceasefire" in found(extractor, lead + filler + background + background)


def test_a_news_story_keeps_a_mechanism_named_once_past_its_lead_that_a_claim_runs_through(
    extractor: Extractor,
) -> None:
    lead = "Kenya and Somalia traded accusations over the port on Monday. "
    filler = "Officials met in Nairobi on Tuesday to discuss the port. " * 3
    later = "Kenya imposed sanctions on Somalia to force it back to the talks. "
    assert "sanctions" in found(extractor, lead + filler + later)


def test_rape_used_in_war_is_sexual_violence(extractor: Extractor) -> None:
    assert "sexual-violence" in found(
        extractor, "Gunmen raped women in the camp, aid workers said."
    )


def test_rearming_and_defense_spending_are_rearmament(extractor: Extractor) -> None:
    assert "rearmament" in found(extractor, "Poland will rearm faster than its neighbours.")
    assert "rearmament" in found(extractor, "Ministers agreed to lift defense spending next year.")


def test_state_led_development_is_industrial_policy(extractor: Extractor) -> None:
    assert "industrial-policy" in found(extractor, "Jakarta's industrial policy favours smelters.")


def test_a_court_ordering_or_ruling_is_a_court_ruling(extractor: Extractor) -> None:
    assert "court-ruling" in found(
        extractor, "The Supreme Court ordered the port authority to reopen the terminal."
    )
    assert "court-ruling" in found(extractor, "A federal judge ruled that the levy was unlawful.")


def test_suing_or_taking_a_party_to_court_is_litigation(extractor: Extractor) -> None:
    assert "litigation" in found(extractor, "Fishermen took the ministry to court over the quota.")
    assert "litigation" in found(extractor, "The union sued the shipping line in March.")
    assert "litigation" in found(extractor, "Farmers filed a lawsuit against the dam operator.")


def test_a_regulator_fining_a_firm_is_fines(extractor: Extractor) -> None:
    assert "fines" in found(extractor, "The watchdog fined the airline $4 million on Monday.")
    assert "fines" in found(extractor, "Regulators imposed a penalty on the bank for late filings.")


def test_a_state_banning_an_activity_is_a_prohibition(extractor: Extractor) -> None:
    assert "prohibition" in found(extractor, "The city council banned the sale of fireworks.")
    assert "prohibition" in found(extractor, "The ministry imposed a travel ban on the two envoys.")


def test_a_ban_named_only_as_a_comparison_is_no_mechanism(extractor: Extractor) -> None:
    text = "The quota squeezes buyers, and it is quieter than a ban."
    assert "prohibition" not in found(extractor, text)
    text = "A licence rule, rather than an outright ban, lets the agency pick its buyers."
    assert "prohibition" not in found(extractor, text)


def test_closing_or_sealing_a_border_is_a_border_closure(extractor: Extractor) -> None:
    assert "border-closure" in found(extractor, "Chad closed its border with Sudan on Sunday.")
    assert "border-closure" in found(extractor, "Soldiers sealed the frontier after the attack.")


def test_pulling_troops_out_is_a_troop_withdrawal(extractor: Extractor) -> None:
    assert "troop-withdrawal" in found(
        extractor, "Burundi withdrew its troops from the peacekeeping mission last week."
    )
    assert "troop-withdrawal" in found(
        extractor, "Paris will complete the troop withdrawal by May."
    )


def test_firing_test_missiles_is_weapons_tests(extractor: Extractor) -> None:
    assert "weapons-tests" in found(extractor, "Pyongyang tested a new missile over the sea.")
    assert "weapons-tests" in found(extractor, "The latest missile test alarmed Tokyo.")


def test_retaliating_is_retaliation(extractor: Extractor) -> None:
    assert "retaliation" in found(extractor, "Ottawa retaliated with tariffs on U.S. goods.")


def test_a_court_named_as_a_place_or_a_level_is_no_litigation(extractor: Extractor) -> None:
    text = "The revocation takes place in immigration court, where officials present evidence."
    assert "litigation" not in found(extractor, text)
    text = "It costs a fortune to take a case from the trial court to the Supreme Court."
    assert "litigation" not in found(extractor, text)


def test_an_act_done_only_as_the_means_of_a_hypothetical_is_none(extractor: Extractor) -> None:
    text = "Pyongyang could escalate tensions by testing its missiles again."
    assert "weapons-tests" not in found(extractor, text)


def test_a_news_story_reports_war_and_strikes_on_a_party_as_one_mechanism(
    extractor: Extractor,
) -> None:
    text = (
        "The war in the north entered its third year. Airstrikes hit two towns on "
        "Monday, and more airstrikes followed on Tuesday."
    )
    extraction = extractor.extract(story(text))
    ids = {m.id for m in extraction.mechanisms}
    assert "military-force" in ids and "armed-conflict" not in ids
    assert "armed conflict" in mechanism(extraction, "military-force").aliases
    assert all(c.mechanism != "armed-conflict" for c in extraction.claims)


def test_an_analysis_keeps_near_synonym_mechanisms_apart(extractor: Extractor) -> None:
    analysis = Analysis(
        id="t",
        title="An analysis",
        source=Source(),
        sections=[
            Section("What happened", "The war in the north entered its third year."),
            Section("What mechanism is operating", "Airstrikes and armed conflict."),
        ],
    )
    ids = {m.id for m in extractor.extract(analysis).mechanisms}
    assert {"military-force", "armed-conflict"} <= ids


def test_condemning_a_party_is_condemnation_but_deploring_an_act_is_not(
    extractor: Extractor,
) -> None:
    assert "diplomatic-condemnation" in found(extractor, "Norway condemned Russia on Monday.")
    text = "Norway condemned Israel's settlement plan."
    assert "diplomatic-condemnation" in found(extractor, text)
    text = "The rebels said they condemn any violence against civilians."
    assert "diplomatic-condemnation" not in found(extractor, text)


def test_a_mechanism_is_also_known_by_the_words_that_say_whose_or_which_it_is(
    extractor: Extractor,
) -> None:
    text = (
        "Ottawa answered with retaliatory tariffs on steel. "
        "Vendria reimposed U.N. sanctions on the regime and its banks."
    )
    extraction = extractor.extract(story(text))
    assert "retaliatory tariffs" in mechanism(extraction, "tariffs").aliases
    assert "u.n. sanctions" in mechanism(extraction, "sanctions").aliases


def test_words_that_judge_or_count_are_no_part_of_a_mechanism_alias(
    extractor: Extractor,
) -> None:
    text = (
        "A bloody war has raged for years. Police made a recent arrest. "
        "The war goes on, and a second arrest followed."
    )
    extraction = extractor.extract(story(text))
    names = {a for m in extraction.mechanisms for a in m.aliases}
    assert not names & {"bloody war", "recent arrest"}


def test_money_given_to_a_campaign_is_campaign_finance(extractor: Extractor) -> None:
    assert "campaign-finance" in found(extractor, "A casino group bankrolled the yes campaign.")
    assert "campaign-finance" in found(extractor, "Unions donated to the committee twice.")
    assert "campaign-finance" not in found(extractor, "The bloc bankrolls the peace mission.")


def test_impeachment_secession_and_weapons_programmes_are_mechanisms(
    extractor: Extractor,
) -> None:
    assert "impeachment" in found(extractor, "Lawmakers impeached the vice president.")
    assert "secession" in found(extractor, "The northern province voted to secede.")
    assert "weapons-development" in found(extractor, "Pyongyang expanded its missile program.")


def test_seizing_a_partys_assets_is_an_asset_seizure(extractor: Extractor) -> None:
    assert "asset-freeze" in found(
        extractor, "The new law lets officials seize the party's assets."
    )
    assert "asset-freeze" in found(extractor, "The junta confiscated the mine.")
    assert "asset-freeze" not in found(extractor, "Rebels seized the town.")


def test_a_defense_treaty_is_a_security_guarantee_by_its_full_name(
    extractor: Extractor,
) -> None:
    extraction = extractor.extract(story("Manila invoked its mutual defense treaty with Canberra."))
    names = {a for m in extraction.mechanisms for a in m.aliases}
    assert "mutual defense treaty" in names


@pytest.mark.parametrize(
    ("text", "mech_id"),
    [
        ("India's data residency rules force providers to build servers.", "data-localisation"),
        ("Warsaw accused Minsk of weaponised migration at the border.", "migration-leverage"),
        ("Hackers tied to Moscow launched cyberattacks on Estonian banks.", "cyberattacks"),
        ("Prosecutors charged two men with espionage for Beijing.", "espionage"),
        ("Officials warned of election interference by Russia.", "election-interference"),
        ("Manila imposed an export quota on nickel ore.", "export-controls"),
        ("The IMF approved a $3 billion loan for Ghana.", "lending"),
        ("Soldiers seized power in a coup in Guinea.", "coup"),
    ],
)
def test_mechanisms_of_tech_migration_and_spying_policy_are_named(
    extractor: Extractor, text: str, mech_id: str
) -> None:
    assert mech_id in found(extractor, text)


def test_a_mechanism_carries_the_words_of_the_text_then_its_taxonomy_names(
    extractor: Extractor,
) -> None:
    extraction = extractor.extract(story("Artillery shelling hit the town for a third night."))
    force = mechanism(extraction, "military-force")
    assert force.aliases[0] == "shelling"
    assert {"airstrikes", "use of force", "armed attack"} <= set(force.aliases)


@pytest.mark.parametrize(
    "text",
    [
        "The army's offensive pushed the rebels out of two towns this week.",
        "Two soldiers died in a gunfight with smugglers near the border.",
        "The attack on the convoy killed six soldiers.",
    ],
)
def test_a_noun_of_armed_violence_is_military_force(extractor: Extractor, text: str) -> None:
    assert found(extractor, text) & {"military-force", "armed-conflict"}


@pytest.mark.parametrize(
    "text",
    [
        "The senator's attack on the budget drew criticism from his party.",
        "The clash between the two ministers delayed the bill.",
    ],
)
def test_a_war_of_words_is_no_use_of_force(extractor: Extractor, text: str) -> None:
    assert not found(extractor, text) & {"military-force", "armed-conflict"}


def test_an_appeal_named_in_the_text_is_a_diplomatic_appeal(extractor: Extractor) -> None:
    text = "The envoy's appeal for restraint went unanswered as both armies massed troops."
    assert "diplomatic-appeal" in found(extractor, text)


@pytest.mark.parametrize(
    ("text", "mechanism"),
    [
        ("Bus drivers walked off the job in Leeds on Monday.", "strike-action"),
        ("The dockers' union called a strike over pay at the port.", "strike-action"),
        ("The senator vetoed the budget amendment on Friday.", "veto"),
        ("The junta nationalised two gold mines owned by a Canadian firm.", "nationalisation"),
        ("Jakarta restricted exports of raw bauxite last year.", "export-controls"),
        ("The carrier slashed fares on its routes to Lisbon.", "price-discounting"),
        ("The county approved tax breaks for the new refinery.", "subsidies"),
        ("Prosecutors dropped the charges against the editor.", "prosecution"),
        ("The army will seal border areas where smugglers cross.", "border-closure"),
        ("Dunmore defaulted on a $4 million bond payment in May.", "debt-default"),
        ("The state named a receiver to run Dunmore's finances.", "receivership"),
        ("Creditors agreed to a debt restructuring with Zambia.", "debt-restructuring"),
        ("The fund won two seats in a proxy fight at Tallow Foods.", "shareholder-activism"),
        ("A super PAC spent $3 million on ads against Brandt.", "independent-expenditures"),
    ],
)
def test_acts_of_business_labour_and_state_news_are_mechanisms(
    extractor: Extractor, text: str, mechanism: str
) -> None:
    assert mechanism in found(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "The union called off the talks after a late offer.",
        "Hawks in the senate called for strikes on the rebel bases.",
        "The central bank cut interest rates by half a point.",
        "Commuters walked to the station in the rain.",
        "The mediator's draft sets the default for both parties.",
    ],
)
def test_the_same_words_of_labour_and_price_news_in_another_sense_are_none(
    extractor: Extractor, text: str
) -> None:
    unwanted = {"strike-action", "price-discounting", "military-force", "debt-default"}
    assert not found(extractor, text) & unwanted
