"""News verbs, object cues and role nouns (newsverbs.yaml, agents.yaml) and their builder."""

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from powermap.ontology import lexicon
from powermap.ontology.newsverbs import agent_role, agents, news_verbs, object_cues

ROOT = Path(__file__).resolve().parents[2]
PHOENIX = ROOT.parent / "shared" / "vendor" / "phoenix-dictionaries"
GENERATED = ("newsverbs.yaml", "agents.yaml")


@pytest.fixture(scope="module")
def builder() -> Iterator[ModuleType]:
    """scripts/build_newsverbs.py loaded as a module (it is a script, not package code)."""
    path = ROOT / "scripts" / "build_newsverbs.py"
    spec = importlib.util.spec_from_file_location("build_newsverbs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def _claim(lemma: str) -> tuple[str | None, str | None, str | None]:
    verb = news_verbs()[lemma]
    return verb.relation, verb.holder, verb.counterpart


def _cue(verb: str, noun: str) -> tuple[str | None, str | None, str | None]:
    cue = object_cues()[verb, noun]
    return cue.relation, cue.holder, cue.counterpart


# --- verbs -------------------------------------------------------------------------


@pytest.mark.parametrize("lemma", ["threaten", "sanction", "embargo", "coerce", "demand", "expel"])
def test_threats_sanctions_and_coercion_are_pressure_by_the_subject(lemma: str) -> None:
    assert _claim(lemma) == ("pressures", "subject", "object")


@pytest.mark.parametrize("lemma", ["mediate", "broker", "arbitrate"])
def test_mediating_is_brokering(lemma: str) -> None:
    assert _claim(lemma) == ("brokers", "subject", "object")


@pytest.mark.parametrize("lemma", ["yield", "concede", "capitulate", "back down", "relent"])
def test_yielding_is_a_concession_by_the_subject_to_the_object(lemma: str) -> None:
    assert _claim(lemma) == ("concedes", "subject", "object")


@pytest.mark.parametrize("lemma", ["aid", "help", "donate", "bail out"])
def test_aid_benefits_the_recipient_not_the_giver(lemma: str) -> None:
    assert _claim(lemma) == ("benefits", "object", "subject")
    assert news_verbs()[lemma].flipped


@pytest.mark.parametrize("lemma", ["veto", "besiege", "block", "obstruct", "ban"])
def test_vetoes_blockades_and_bans_constrain(lemma: str) -> None:
    assert _claim(lemma) == ("constrains", "subject", "object")


@pytest.mark.parametrize("lemma", ["criticize", "accuse", "condemn", "meet", "praise", "cooperate"])
def test_criticism_and_cooperation_state_no_claim(lemma: str) -> None:
    assert news_verbs()[lemma].codes  # a CAMEO verb, but without leverage:
    assert _claim(lemma) == (None, None, None)


@pytest.mark.parametrize("lemma", ["pass", "verify", "fill", "die", "garner", "take", "need"])
def test_other_senses_of_wordnet_synonyms_state_no_claim(lemma: str) -> None:
    assert news_verbs()[lemma].relation is None


def test_phrasal_verbs_are_lemmas_with_spaces() -> None:
    assert news_verbs()["crack down"].relation == "pressures"
    assert news_verbs()["cut off"].relation == "pressures"
    assert all(lemma == lemma.lower().strip() and "_" not in lemma for lemma in news_verbs())


def test_inflected_dictionary_entries_are_not_verbs() -> None:
    assert "kidnapped and killed" not in news_verbs()
    assert "is determined" not in news_verbs()


def test_codes_are_cameo_codes_as_text() -> None:
    codes = [c for verb in news_verbs().values() for c in verb.codes]
    assert codes and all(isinstance(c, str) and c.isdigit() and 3 <= len(c) <= 4 for c in codes)
    assert news_verbs()["yield"].codes == ("080",)


# --- object cues -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verb", "noun"),
    [
        ("impose", "sanction"),
        ("freeze", "asset"),
        ("expel", "diplomat"),
        ("cut off", "gas"),
        ("cut off", "supply"),
        ("withhold", "aid"),
        ("condition", "aid"),
        ("threaten", "tariff"),
    ],
)
def test_leverage_cues_are_pressure_on_the_target(verb: str, noun: str) -> None:
    assert _cue(verb, noun) == ("pressures", "subject", "object")


def test_providing_aid_benefits_the_recipient() -> None:
    assert news_verbs()["provide"].relation is None  # "provide" alone says nothing
    assert _cue("provide", "aid") == ("benefits", "object", "subject")


def test_receiving_aid_benefits_the_subject() -> None:
    assert _cue("receive", "loan") == ("benefits", "subject", "object")


def test_facing_pressure_is_pressure_from_the_other_party() -> None:
    assert _cue("face", "pressure") == ("pressures", "object", "subject")


def test_lifting_sanctions_is_a_concession() -> None:
    assert _cue("lift", "sanction") == ("concedes", "subject", "object")


def test_asking_for_aid_is_dependence() -> None:
    assert _cue("request", "loan") == ("depends_on", "subject", "object")


def test_striking_a_deal_is_not_an_attack() -> None:
    assert news_verbs()["strike"].relation == "pressures"
    assert _cue("strike", "deal") == (None, None, None)


def test_cues_on_a_noun_set_hold_for_each_of_its_nouns() -> None:
    cue = object_cues()["provide", "soldier"]
    assert (cue.relation, cue.noun_set) == ("benefits", "military")
    assert object_cues()["withdraw", "force"].relation == "concedes"  # named noun beats the set


def test_cue_nouns_are_singular_words() -> None:
    nouns = {noun for _, noun in object_cues()}
    assert {"sanction", "asset", "diplomat", "supply"} <= nouns
    assert not nouns & {"sanctions", "assets", "against", "into", "with", "ga"}


# --- both files --------------------------------------------------------------------


def test_every_relation_is_a_relation_kind_of_the_contract() -> None:
    kinds = set(lexicon.relation_kinds())
    entries = [*news_verbs().values(), *object_cues().values()]
    assert {e.relation for e in entries} - {None} <= kinds


def test_roles_are_given_exactly_when_there_is_a_relation() -> None:
    for entry in [*news_verbs().values(), *object_cues().values()]:
        roles = {entry.holder, entry.counterpart}
        assert roles == ({"subject", "object"} if entry.relation else {None}), entry


# --- agents ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "noun"),
    [
        ("Kenyan court", "court"),
        ("Israeli troops", "troop"),
        ("Pakistani military", "military"),
        ("Ghanaian peacekeepers", "peacekeeper"),
        ("Kenyan security forces", "security force"),
        ("Russian diplomats", "diplomat"),
        ("Ukrainian officials", "official"),
        ("French forces", "force"),
        ("Nigerian police", "police"),
        ("Turkish government", "government"),
        ("Egyptian foreign ministry", "foreign ministry"),
    ],
)
def test_demonym_with_a_state_role_stands_for_the_state(phrase: str, noun: str) -> None:
    role = agent_role(phrase)
    assert role is not None and role.noun == noun
    assert role.state


@pytest.mark.parametrize(
    "phrase",
    [
        "Syrian rebels",
        "Malian militants",
        "Egyptian insurgents",
        "Kenyan opposition",
        "Turkish protesters",
        "Chinese businesses",
        "Kenyan traders",
        "Nigerian civilians",
        "Sudanese refugees",
        "Kenyan lawyers",
    ],
)
def test_demonym_with_a_non_state_role_is_a_group_of_that_country(phrase: str) -> None:
    role = agent_role(phrase)
    assert role is not None
    assert not role.state


def test_agents_are_found_by_singular_and_plural() -> None:
    assert agents()["courts"] is agents()["court"]
    assert agents()["gunmen"] is agents()["gunman"]
    assert agents()["ministries"].noun == "ministry"
    assert agents()["court"].code == "JUD" and agents()["rebel"].code == "REB"


def test_a_phrase_without_a_role_noun_has_no_role() -> None:
    assert agent_role("Kenya") is None


# --- the builder and the generated files -------------------------------------------


def test_builder_reads_cameo_codes(builder: ModuleType) -> None:
    assert builder.parse_code("[163]") == builder.Event("163")
    assert builder.parse_code("[042:043]") == builder.Event("042")
    assert builder.parse_code("[:173]") == builder.Event("173", reverse=True)
    assert builder.parse_code("[---]") is None


def test_builder_takes_the_longest_code_prefix(builder: ModuleType) -> None:
    table = builder.CodeTable(
        {
            "roles": {"pressures": {"holder": "subject", "counterpart": "object"}},
            "codes": {"17": "pressures", "172": None},
        }
    )
    assert table.reading(builder.Event("175")).relation == "pressures"
    assert table.reading(builder.Event("1721")) is None
    assert table.reading(builder.Event("173", reverse=True)).holder == "object"
    assert table.reading(builder.Event("051")) is None


def test_builder_forms_english_plurals_of_role_nouns(builder: ModuleType) -> None:
    assert [builder.plural(n) for n in ["court", "ministry", "gunman", "head of state"]] == [
        "courts",
        "ministries",
        "gunmen",
        "heads of state",
    ]
    assert builder.plural("monarch") == "monarchs" and builder.plural("witness") == "witnesses"


def test_builder_singularises_object_nouns(builder: ModuleType) -> None:
    words = ["sanctions", "supplies", "taxes", "assets", "crisis", "gas"]
    assert [builder.singular(w, {"gas": "gas"}) for w in words] == [
        "sanction",
        "supply",
        "tax",
        "asset",
        "crisis",
        "gas",
    ]


@pytest.mark.parametrize("name", GENERATED)
def test_generated_files_say_so_and_credit_their_source(name: str) -> None:
    text = (ROOT / "ontology" / name).read_text(encoding="utf-8")
    header = text[: text.index("\n#\n")]
    assert "Generated by scripts/build_newsverbs.py" in header
    assert "676801cd9cb2924bbbad09f86d15c9323e7097bf" in header
    assert "MIT" in header and "Open Event Data" in header
    assert len(text.encode("utf-8")) < 300_000


@pytest.mark.skipif(not PHOENIX.is_dir(), reason="shared Phoenix dictionaries not available")
def test_builder_reproduces_the_committed_files(builder: ModuleType, tmp_path: Path) -> None:
    out = {name: tmp_path / name for name in GENERATED}
    args = ["--phoenix", str(PHOENIX), "--out-verbs", str(out["newsverbs.yaml"])]
    assert builder.main([*args, "--out-agents", str(out["agents.yaml"])]) == 0
    for name, path in out.items():
        assert path.read_bytes() == (ROOT / "ontology" / name).read_bytes(), name
