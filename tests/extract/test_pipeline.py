"""Extraction behaviour on small hand-written analyses (spaCy model loaded once)."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest

from powermap.extract.model import Analysis, Extraction, Section, Source
from powermap.extract.pipeline import Extractor, extract_many


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def analysis(*sections: tuple[str, str], **meta: object) -> Analysis:
    return Analysis(
        id="t",
        title=str(meta.get("title", "A test analysis")),
        lens=meta.get("lens"),  # type: ignore[arg-type]
        source=Source(name=meta.get("source")),  # type: ignore[arg-type]
        sections=[Section(h, t) for h, t in sections],
    )


def ids(extraction: Extraction) -> set[str]:
    return {a.id for a in extraction.actors}


def claims(extraction: Extraction) -> set[tuple[str, str, str | None]]:
    return {(c.holder, c.relation, c.counterpart) for c in extraction.claims}


def test_actors_resolves_every_us_surface_form_to_one_id(extractor: Extractor) -> None:
    text = (
        "U.S. officials met in Vienna. The United States wants a deal, Doha said, and "
        "Washington said American negotiators would return."
    )
    result = extractor.extract(analysis(("What happened", text)))
    us = [a for a in result.actors if a.id == "united-states"]
    assert len(us) == 1
    assert {"U.S.", "Washington", "American"} <= set(us[0].aliases) | {us[0].label}
    assert "qatar" in ids(result)  # a capital speaking is its government
    assert "austria" not in ids(result)  # a capital as a place is not


def test_the_white_house_is_the_united_states_as_the_kremlin_is_russia(
    extractor: Extractor,
) -> None:
    text = "The White House threatened Ottawa with tariffs, and the Kremlin warned Kyiv."
    result = extractor.extract(analysis(("What happened", text)))
    assert {"united-states", "russia"} <= ids(result)
    assert "white-house" not in ids(result)


def test_a_state_ordering_its_own_agency_holds_no_leverage_over_it(
    extractor: Extractor,
) -> None:
    text = (
        "The United States ordered the Energy Department to release 30 million barrels "
        "from the reserve. Washington pressured Riyadh to pump more."
    )
    got = claims(extractor.extract(analysis(("What happened", text))))
    assert not {c for c in got if c[2] == "energy-department"}
    assert ("united-states", "pressures", "saudi-arabia") in got


def test_actors_leave_out_a_state_named_only_as_a_modifier_in_a_long_analysis(
    extractor: Extractor,
) -> None:
    filler = " ".join(f"Qatar hosted round {n} of the talks." for n in range(1, 9))
    text = "Meridian agreed to buy the Dutch equipment maker. " + filler
    result = extractor.extract(analysis(("What happened", text)))
    assert "netherlands" not in ids(result)
    assert "qatar" in ids(result)


def test_actors_keeps_ordinary_citizens_of_a_state_as_a_group(extractor: Extractor) -> None:
    text = "Ordinary Iranians bear the cost through inflation, while Tehran holds firm."
    result = extractor.extract(analysis(("Why it matters", text)))
    kinds = {a.id: a.kind for a in result.actors}
    assert kinds.get("iran") == "State"
    assert kinds.get("ordinary-iranians") == "Group"


def test_actors_resolves_a_surname_to_the_full_name_mentioned_earlier(
    extractor: Extractor,
) -> None:
    text = "Sen. Dana Whitfield chairs the panel. Whitfield said the bill would move."
    result = extractor.extract(analysis(("What happened", text)))
    people = [a for a in result.actors if a.kind == "Person"]
    assert [p.id for p in people] == ["dana-whitfield"]
    assert len(people[0].mentions) == 2


def test_actors_leave_out_the_source_outlet_and_the_lens(extractor: Extractor) -> None:
    text = "Reuters reported that Qatar hosted the talks. Global Power Plays is the lens."
    result = extractor.extract(
        analysis(("What happened", text), source="Reuters", lens="Global Power Plays")
    )
    labels = {a.label for a in result.actors}
    assert "Reuters" not in labels
    assert not any("Global Power" in label for label in labels)


def test_claims_split_coordinated_brokers_into_two_claims(extractor: Extractor) -> None:
    text = "Qatar and Pakistan emerge as leverage brokers between Washington and Tehran."
    result = extractor.extract(analysis(("Who gains leverage", text)))
    holders = {c.holder for c in result.claims if c.relation == "brokers"}
    assert holders == {"qatar", "pakistan"}


def test_claims_read_gains_leverage_over_a_counterpart(extractor: Extractor) -> None:
    text = "China gains leverage over both Washington and Brussels."
    result = extractor.extract(analysis(("Who gains leverage", text)))
    assert ("china", "gains_leverage", "united-states") in claims(result)
    assert ("china", "gains_leverage", "european-union") in claims(result)


def test_claims_give_no_gain_for_a_negated_sentence(extractor: Extractor) -> None:
    text = "Pakistan does not gain leverage from this round."
    result = extractor.extract(analysis(("Who gains leverage", text)))
    assert not [c for c in result.claims if c.holder == "pakistan" and c.polarity == "gains"]


def test_claims_read_the_agent_of_a_passive_as_the_holder(extractor: Extractor) -> None:
    text = "Iran was pressured by the United States throughout the talks."
    result = extractor.extract(analysis(("What happened", text)))
    assert ("united-states", "pressures", "iran") in claims(result)


def test_claims_read_dependence_as_a_loss_for_the_dependent(extractor: Extractor) -> None:
    text = "Pakistan depends on China for rollovers of its debt."
    result = extractor.extract(analysis(("Why it matters", text)))
    found = [c for c in result.claims if c.relation == "depends_on"]
    assert [(c.holder, c.counterpart, c.polarity) for c in found] == [
        ("pakistan", "china", "loses")
    ]


def test_claims_make_a_group_actor_of_who_bears_the_cost(extractor: Extractor) -> None:
    text = "Small donors absorb the cost of a race they can no longer shape."
    result = extractor.extract(analysis(("Why it matters", text)))
    assert ("small-donors", "bears_cost", None) in claims(result)
    assert {"small-donors"} <= ids(result)


def test_claims_keep_the_evidence_sentence_verbatim(extractor: Extractor) -> None:
    text = "Talks resumed. Saudi Arabia gains the most from the cut. Prices rose."
    result = extractor.extract(analysis(("Who gains leverage", text)))
    evidence = {c.evidence for c in result.claims if c.holder == "saudi-arabia"}
    assert evidence == {"Saudi Arabia gains the most from the cut."}


def test_mechanisms_are_matched_from_the_taxonomy_with_evidence(extractor: Extractor) -> None:
    text = "The dominant mechanism is third-party mediation and backchannel diplomacy."
    result = extractor.extract(analysis(("What mechanism is operating", text)))
    found = {m.id: m for m in result.mechanisms}
    assert {"third-party-mediation", "backchannel-diplomacy"} <= set(found)
    assert found["third-party-mediation"].evidence == [text]


def test_mechanisms_report_an_unknown_stated_mechanism_with_a_slug(extractor: Extractor) -> None:
    text = "The mechanism is quiet escrow brinkmanship."
    result = extractor.extract(analysis(("What mechanism is operating", text)))
    assert any(m.id == "quiet-escrow-brinkmanship" for m in result.mechanisms)


def test_watch_items_list_the_actors_they_name(extractor: Extractor) -> None:
    text = "Watch how allied governments such as Israel react. Track the IMF review."
    result = extractor.extract(analysis(("What to watch next", text)))
    assert [w.actors for w in result.watch][0] == ["israel"]
    assert len(result.watch) == 2


def test_long_sections_are_parsed_in_chunks_with_section_offsets(extractor: Extractor) -> None:
    paragraph = "Qatar hosted the talks between the parties again. " * 40
    text = (paragraph + "\n") * 12  # > CHUNK_CHARS characters
    result = extractor.extract(analysis(("What happened", text)))
    qatar = next(a for a in result.actors if a.id == "qatar")
    assert len(qatar.mentions) == 480
    assert all(text[m.start : m.end] == m.text for m in qatar.mentions)


def test_extraction_json_validates_against_the_contract_schema(extractor: Extractor) -> None:
    schema = json.loads((files("powermap.ontology") / "extraction.schema.json").read_text())
    text = "Qatar and Pakistan emerge as brokers. The mechanism is third-party mediation."
    data = extractor.extract(analysis(("Who gains leverage", text))).to_dict()
    jsonschema.validate(data, schema)
    assert Extraction.from_dict(data).to_dict() == data


def test_extract_many_with_two_processes_matches_one_process() -> None:
    items = [analysis(("Who gains leverage", f"Qatar gains leverage over Iran {n}.")) for n in "ab"]
    one = [e.to_dict() for e in extract_many(items, jobs=1)]
    two = [e.to_dict() for e in extract_many(items, jobs=2)]
    assert one == two


def test_stakes_are_read_from_an_enumeration_of_costs(extractor: Extractor) -> None:
    text = (
        "The talks leave unresolved who will bear the long-term costs — frozen funds, "
        "regional naval control and sanctions relief."
    )
    result = extractor.extract(analysis(("Why it matters", text)))
    labels = [s.label for s in result.stakes]
    assert labels[:3] == ["frozen funds", "regional naval control", "sanctions relief"]
    assert all(s.evidence == text for s in result.stakes[:3])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The European Union imposed new sanctions on Russia.", ("european-union", "russia")),
        (
            "The IMF demanded that Argentina cut spending.",
            ("international-monetary-fund", "argentina"),
        ),
        ("Israeli forces struck Hamas targets in Gaza.", ("israel", "hamas")),
    ],
)
def test_claims_read_pressure_in_news_phrasing(
    extractor: Extractor, text: str, expected: tuple[str, str]
) -> None:
    result = extractor.extract(analysis(("Article", text)))
    assert (expected[0], "pressures", expected[1]) in claims(result)


def test_claims_take_no_target_from_the_subject_of_the_main_clause(extractor: Extractor) -> None:
    text = "Saudi Arabia agreed to cut oil production, handing OPEC greater sway over prices."
    result = extractor.extract(analysis(("Article", text)))
    assert ("opec", "gains_leverage", None) in claims(result)
    assert ("opec", "gains_leverage", "saudi-arabia") not in claims(result)


def test_claims_give_no_pressure_for_a_warning_without_a_target(extractor: Extractor) -> None:
    text = "The carmakers' association warned that several assembly lines could pause."
    result = extractor.extract(analysis(("Article", text)))
    assert not [c for c in result.claims if c.relation == "pressures"]


def test_claims_read_dependence_stated_by_an_adjective(extractor: Extractor) -> None:
    text = "Kenya is increasingly dependent on Chinese loans."
    result = extractor.extract(analysis(("Article", text)))
    assert ("kenya", "depends_on", "china") in claims(result)


def test_claims_read_pressure_on_a_counterpart_from_a_noun(extractor: Extractor) -> None:
    text = "Washington put new pressure on Tehran through its sanctions."
    result = extractor.extract(analysis(("Article", text)))
    assert any(c.counterpart == "iran" for c in result.claims)


def test_claims_skip_background_in_a_non_restrictive_relative_clause(extractor: Extractor) -> None:
    text = "Pakistan, which co-hosted the first round, sent only a deputy minister."
    result = extractor.extract(analysis(("What happened", text)))
    assert not [c for c in result.claims if c.holder == "pakistan"]


def test_actors_join_a_body_name_split_at_on_the_or_for_the(extractor: Extractor) -> None:
    text = (
        "The U.N. Office for the Reduction of Disaster Risk warned of floods. "
        "The UN Commission on the Status of Women met in New York."
    )
    labels = {a.label for a in extractor.extract(analysis(("What happened", text))).actors}
    assert "U.N. Office for the Reduction of Disaster Risk" in labels
    assert "UN Commission on the Status of Women" in labels
    assert not labels & {"Reduction of Disaster Risk", "UN Commission", "U.N. Office"}


def test_a_known_persons_particle_may_be_capitalised(extractor: Extractor) -> None:
    text = "Commission President Ursula Von der Leyen vowed to act. Von der Leyen spoke."
    result = extractor.extract(analysis(("What happened", text)))
    ids = {a.id for a in result.actors}
    assert "ursula-von-der-leyen" in ids
    assert not any("leyen" in i and i != "ursula-von-der-leyen" for i in ids)


def test_claims_recover_a_verb_the_tagger_read_as_a_plural_noun(extractor: Extractor) -> None:
    text = "Whitfield benefits from a spending advantage her own campaign could not legally raise."
    result = extractor.extract(analysis(("Who gains leverage", text)))
    assert ("whitfield", "benefits", None) in claims(result)


def test_actors_join_an_organisation_name_split_at_and_and_of(extractor: Extractor) -> None:
    text = (
        "The Federated Grid and Utility Workers, which endorsed Okafor in July, was outspent "
        "by Heartland Build PAC. The Public Utilities Commission of Ohio approved the rate."
    )
    result = extractor.extract(analysis(("What happened", text)))
    labels = {a.label for a in result.actors}
    assert {"Federated Grid and Utility Workers", "Heartland Build PAC"} <= labels
    assert "Public Utilities Commission of Ohio" in labels
    assert (
        "heartland-build-pac",
        "constrains",
        "federated-grid-and-utility-workers",
    ) in claims(result)


def test_actors_drop_a_leading_imperative_from_a_name(extractor: Extractor) -> None:
    text = "Sen. Mara Abernathy voted no. Watch Abernathy's campaign finance filings as well."
    result = extractor.extract(analysis(("What to watch next", text)))
    assert [a.label for a in result.actors if a.kind == "Person"] == ["Mara Abernathy"]


def test_actors_keep_a_ministry_name_joined_by_and_apart_from_a_known_agency(
    extractor: Extractor,
) -> None:
    text = "The Treasury and Finance Ministry said on Wednesday it would extend the pool."
    result = extractor.extract(analysis(("What happened", text)))
    labels = {a.label for a in result.actors}
    assert "Treasury and Finance Ministry" in labels
    assert "Treasury Department" not in labels


def test_actors_do_not_join_two_named_companies(extractor: Extractor) -> None:
    text = "Brightwater Utilities and Korvane Data Systems signed the contract in Columbus."
    result = extractor.extract(analysis(("Article", text)))
    assert not any(" and " in a.label for a in result.actors)


def test_gazetteer_component_is_found_by_name_through_the_entry_point() -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("powermap_gazetteer")
    doc = nlp("Washington and Tehran talked.")
    assert [s.label_ for s in doc.spans["pm_gazetteer"]] == ["iran"]  # "Washington" needs NER


def test_claims_survive_a_parse_that_folds_the_verb_into_a_noun(extractor: Extractor) -> None:
    text = "OPEC as a bloc gains leverage over importing governments, which now have to ask."
    result = extractor.extract(analysis(("Who gains leverage", text)))
    assert ("opec", "gains_leverage", "importing-governments") in claims(result)


def test_actors_take_no_programme_or_rank_for_an_actor(extractor: Extractor) -> None:
    text = "The Extended Fund Facility was delayed, senior officials said, and Pakistan waited."
    result = extractor.extract(analysis(("What happened", text)))
    assert {a.id for a in result.actors} == {"pakistan"}


def test_a_short_news_text_keeps_every_named_person_and_body(extractor: Extractor) -> None:
    text = "President Ilham Aliyev met Nikol Pashinyan and officials of the Asian Development Bank."
    found = {a.label for a in extractor.extract(analysis(("Article", text))).actors}
    assert {"Ilham Aliyev", "Nikol Pashinyan"} <= found
