"""The actor gazetteer (ontology/gazetteer.yaml) and the script that builds it."""

import datetime as dt
import importlib.util
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from types import ModuleType

import pytest

from powermap.ontology import lexicon

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
PHOENIX = SHARED / "vendor" / "phoenix-dictionaries"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ontology"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@pytest.fixture(scope="module")
def builder() -> Iterator[ModuleType]:
    """scripts/build_gazetteer.py loaded as a module (it is a script, not package code)."""
    path = ROOT / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def test_ids_are_unique_slugs() -> None:
    ids = [entry.id for entry in lexicon.gazetteer()]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not SLUG.fullmatch(i)] == []


def test_every_sovereign_state_is_there_with_its_iso_code() -> None:
    states = [e for e in lexicon.gazetteer() if e.kind == "State"]
    assert len(states) >= 195
    assert all(e.iso3 and re.fullmatch(r"[A-Z]{3}", e.iso3) for e in states)
    assert {"taiwan", "palestine", "kosovo", "hong-kong", "holy-see"} <= {e.id for e in states}


def test_affiliations_name_a_state_or_igo_of_the_gazetteer() -> None:
    index = lexicon.gazetteer_index()
    for entry in lexicon.gazetteer():
        if entry.kind == "Person":
            assert entry.affiliation is not None, entry.id
        if entry.affiliation is not None:
            assert index[entry.affiliation].kind in {"State", "IGO"}, entry.id


def test_wikidata_ids_are_q_ids() -> None:
    for entry in lexicon.gazetteer():
        assert entry.wikidata is None or re.fullmatch(r"Q[1-9][0-9]*", entry.wikidata), entry.id
    index = lexicon.gazetteer_index()
    assert (index["united-states"].wikidata, index["european-union"].wikidata) == ("Q30", "Q458")


def test_every_ambiguous_form_is_a_form_of_its_entry() -> None:
    for entry in lexicon.gazetteer():
        assert entry.ambiguous <= {form for form, _ in entry.forms()}, entry.id


def test_a_form_shared_by_two_entries_is_ambiguous_in_each() -> None:
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in lexicon.gazetteer():
        for form, kind in entry.forms():
            owners[(lexicon.normalise(form), kind)].add(entry.id)
    index = lexicon.gazetteer_index()
    unexpected = []
    for (key, kind), ids in sorted(owners.items()):
        for eid in sorted(ids) if len(ids) > 1 else ():
            marked = {lexicon.normalise(a) for a in index[eid].ambiguous}
            if key not in marked:
                unexpected.append((key, kind, sorted(ids)))
    assert unexpected == []


@pytest.mark.parametrize(
    ("form", "actor"),
    [
        ("Georgia", "georgia"),
        ("Jordan", "jordan"),
        ("Chad", "chad"),
        ("Turkey", "turkey"),
        ("Guinea", "guinea"),
        ("Niger", "niger"),
        ("Washington", "united-states"),
        ("US", "united-states"),
        ("Congress", "us-congress"),
    ],
)
def test_names_that_are_common_words_need_ner_agreement(form: str, actor: str) -> None:
    assert form in lexicon.gazetteer_index()[actor].ambiguous


@pytest.mark.parametrize(
    ("demonym", "actor"),
    [
        ("Congolese", "democratic-republic-of-the-congo"),
        ("Dominican", "dominican-republic"),
        ("Chinese", "china"),
        ("Nigerien", "niger"),
        ("Nigerian", "nigeria"),
    ],
)
def test_shared_demonyms_belong_to_one_state(demonym: str, actor: str) -> None:
    owners = {e.id for e, _ in lexicon.alias_table()[lexicon.normalise(demonym)]}
    assert owners == {actor}


def test_brussels_stands_for_the_eu_not_belgium() -> None:
    owners = {e.id for e, _ in lexicon.alias_table()["brussels"]}
    assert owners == {"european-union"}


def test_header_records_provenance_and_licence() -> None:
    text = (files("powermap.ontology") / "gazetteer.yaml").read_text(encoding="utf-8")
    header = text.split("\n- id:", 1)[0]
    for needle in ("GENERATED", "build_gazetteer.py", "countryinfo", "Phoenix", "MIT"):
        assert needle in header


# --- the builder --------------------------------------------------------------------


def test_builder_reads_names_synonyms_and_roles(builder: ModuleType) -> None:
    blocks = builder.read_blocks(FIXTURES / "mini.actors.txt")
    assert [b.head for b in blocks] == [
        "QATAR_",
        "SHEIKH_HAMAD_IBN_KHALIFAH_AL_THANI_",
        "ABDALLAH_BIN_KHALID_AL_ATIYAH_",
        "UN_SECRETARY_GENERAL",
    ]
    qatar, sheikh = blocks[0], blocks[1]
    assert qatar.names == ["QATAR", "QATARI", "DOHA"]
    assert qatar.roles == [("QAT", "")]
    assert sheikh.synonyms == ["HAMAD_AL_THANI_"]
    assert ("QATGOV", ">950627") in sheikh.roles


@pytest.mark.parametrize(
    ("dates", "start"),
    [
        (">950627", dt.date(1995, 6, 27)),
        ("030101-160630", dt.date(2003, 1, 1)),
        ("030101-061031", None),
        ("20070101-20200101", dt.date(2007, 1, 1)),
        ("", None),
        ("2004017-20061201", None),
    ],
)
def test_builder_keeps_roles_running_in_2015_or_later(
    builder: ModuleType, dates: str, start: dt.date | None
) -> None:
    assert builder.role_since(dates) == start


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("BASHAR AL ASSAD", "Bashar al-Assad"),
        ("URSULA VON DER LEYEN", "Ursula von der Leyen"),
        ("AL GORE", "Al Gore"),
        ("MARY MCALEESE", "Mary McAleese"),
        ("GEORGE TUPOU V", "George Tupou V"),
    ],
)
def test_builder_title_cases_person_names(builder: ModuleType, raw: str, name: str) -> None:
    rules = {"particles": ["al", "von", "der"]}
    assert builder.title_name(raw, rules) == name


@pytest.mark.parametrize(
    ("label", "family_first", "double", "surnames"),
    [
        ("Bashar al-Assad", False, False, ["al-Assad", "Assad"]),
        ("Xi Jinping", True, False, ["Xi"]),
        ("Eric H. Holder, Jr.", False, False, ["Holder"]),
        ("Juan Carlos I", False, False, []),
        ("Alvaro Uribe Velez", False, True, []),
        ("Evo Morales", False, True, ["Morales"]),
    ],
)
def test_builder_derives_surname_aliases(
    builder: ModuleType, label: str, family_first: bool, double: bool, surnames: list[str]
) -> None:
    rules = {"suffixes": ["Jr.", "I", "II"]}
    assert builder._surname_forms(label, rules, family_first, double) == surnames


def test_builder_marks_forms_shared_between_entries(builder: ModuleType) -> None:
    a = builder.Entry(id="a", label="Alpha", kind="State", aliases=["Twin"])
    b = builder.Entry(id="b", label="Beta", kind="State", metonyms=["twin"])
    shared = builder.mark_collisions([a, b])
    assert shared == [("twin", ["a", "b"])]
    assert (a.ambiguous, b.ambiguous) == ({"Twin"}, {"twin"})


@pytest.mark.skipif(not PHOENIX.is_dir(), reason="shared Phoenix dictionaries not available")
def test_builder_reproduces_the_committed_gazetteer(builder: ModuleType, tmp_path: Path) -> None:
    committed = (ROOT / "ontology" / "gazetteer.yaml").read_text(encoding="utf-8")
    date = re.search(r"^# generated on (\S+)$", committed, re.MULTILINE)
    assert date is not None
    out = tmp_path / "gazetteer.yaml"
    assert (
        builder.main(["--phoenix", str(PHOENIX), "--out", str(out), "--date", date.group(1)]) == 0
    )
    assert out.read_text(encoding="utf-8") == committed


# --- armed and non-state groups (Phoenix MilNonState) and peoples --------------------


@pytest.mark.parametrize(
    "form, actor",
    [
        ("Boko Haram", "boko-haram"),
        ("Baloch Liberation Army", "baloch-liberation-army"),
        ("Shining Path", "shining-path"),
        ("Lashkar-e-Taiba", "lashkar-e-taiba"),
        ("Ulster Volunteer Force", "ulster-volunteer-force"),
        ("Ansar Dine", "ansar-dine"),
        ("Turkish Hezbollah", "turkish-hezbollah"),
        ("Official IRA", "official-ira"),
        ("Aryan Nations", "aryan-nations"),
        ("Kahane Chai", "kach"),
        ("El Rukn", "el-rukn"),
    ],
)
def test_armed_non_state_groups_of_phoenix_are_organizations(form: str, actor: str) -> None:
    entries = {e.id: e for e, _ in lexicon.alias_table()[lexicon.normalise(form)]}
    assert actor in entries and entries[actor].kind == "Organization"


def test_builder_marks_groups_coded_rebel_or_militarised_as_armed(builder: ModuleType) -> None:
    assert builder._armed(builder.Block("BOKO_HARAM", roles=[("NGAREB", "")]))
    assert builder._armed(builder.Block("AL_QAEDA", roles=[("IMGMUSALQ", "")]))
    assert not builder._armed(builder.Block("WEU", roles=[("WEU", "")]))


@pytest.mark.parametrize(
    ("actor", "armed"),
    [
        ("al-shabaab", True),
        ("baloch-liberation-army", True),
        ("hamas", True),
        ("shining-path", True),
        ("amnesty-international", False),
        ("muslim-brotherhood", False),
        ("united-states", False),
    ],
)
def test_the_gazetteer_knows_which_groups_are_armed(actor: str, armed: bool) -> None:
    assert lexicon.gazetteer_index()[actor].armed is armed


def test_group_names_keep_their_curated_spelling_and_acronyms() -> None:
    labels = {e.id: e.label for e in lexicon.gazetteer()}
    assert (labels["kach"], labels["official-ira"]) == ("Kach", "Official IRA")


@pytest.mark.parametrize("form", ["Ayman al-Zawahiri", "Hambali", "21 June", "Foundation"])
def test_leaders_dates_and_words_in_phoenix_group_blocks_are_not_groups(form: str) -> None:
    kinds = {e.kind for e, _ in lexicon.alias_table().get(lexicon.normalise(form), [])}
    assert "Organization" not in kinds


@pytest.mark.parametrize(
    "form, actor", [("Uyghurs", "uyghurs"), ("Uighurs", "uyghurs"), ("Rohingya", "rohingya")]
)
def test_peoples_named_as_collectives_are_groups(form: str, actor: str) -> None:
    ((entry, _),) = lexicon.alias_table()[lexicon.normalise(form)]
    assert (entry.id, entry.kind) == (actor, "Group")


def test_builder_keeps_group_names_and_leaves_out_leaders_and_dates(
    builder: ModuleType,
) -> None:
    rules = {"group_words": ["army", "movement"], "keep": ["Hamas"], "drop": ["Tigers"]}
    kept = [
        n
        for n in ["Islamic Army of Aden", "2nd of June Movement", "Montoneros", "Hamas"]
        if builder._group_name(n, rules)
    ]
    assert len(kept) == 4
    for name in ["Ayman Al Zawahiri", "Hambali", "21 June", "Tigers", "Foundation"]:
        assert not builder._group_name(name, rules), name


def test_builder_turns_a_phoenix_non_state_block_into_one_organization(
    builder: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "nonstate.actors.txt"
    path.write_text(
        "ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_ [YEMREB]\n+ISLAMIC_ARMY_OF_ADEN_\n+ABU_HAMZA_\n\n"
        "KNOWN_GROUP_ [XXXREB]\n+QATAR_\n",
        encoding="utf-8",
    )
    known = [builder.Entry(id="qatar", label="Qatar", kind="State")]
    rules = {"group_words": ["army"], "keep": [], "drop": []}
    (entry,) = builder.build_nonstate(builder.read_blocks(path), known, rules)
    assert (entry.id, entry.label, entry.kind) == (
        "aden-abyan-islamic-army",
        "Aden Abyan Islamic Army",
        "Organization",
    )
    assert entry.aliases == ["Islamic Army of Aden"]
