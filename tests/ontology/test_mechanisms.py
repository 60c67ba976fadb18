"""The mechanism taxonomy, ontology/mechanisms.ttl, as a SKOS concept scheme."""

import re
from importlib.resources import files

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from powermap.ontology.lexicon import normalise
from powermap.ontology.namespace import PM
from powermap.ontology.namespace import PMM as _PMM

PMM = str(_PMM)
# Words too generic to name a mechanism on their own.
GENERIC = {
    "pressure",
    "talks",
    "money",
    "deal",
    "relief",
    "access",
    "power",
    "leverage",
    "bargaining",
    "negotiation",
    "negotiations",
    "policy",
    "strategy",
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    text = (files("powermap.ontology") / "mechanisms.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def concepts(graph: Graph) -> list[URIRef]:
    found = [s for s in graph.subjects(SKOS.inScheme, PM.MechanismScheme) if isinstance(s, URIRef)]
    return sorted(set(found))


def families(graph: Graph) -> set[URIRef]:
    return {
        s for s in graph.objects(PM.MechanismScheme, SKOS.hasTopConcept) if isinstance(s, URIRef)
    }


def test_scheme_is_a_skos_concept_scheme(graph: Graph) -> None:
    assert (PM.MechanismScheme, RDF.type, SKOS.ConceptScheme) in graph


def test_scheme_holds_at_least_45_mechanisms_besides_families(graph: Graph) -> None:
    leaves = [c for c in concepts(graph) if c not in families(graph)]
    assert len(leaves) >= 45


def test_every_concept_has_label_definition_and_slug_notation(graph: Graph) -> None:
    for concept in concepts(graph):
        local = str(concept).removeprefix(PMM)
        assert str(concept).startswith(PMM), concept
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", local), concept
        assert str(graph.value(concept, SKOS.notation)) == local
        assert graph.value(concept, SKOS.prefLabel) is not None, concept
        assert graph.value(concept, SKOS.definition) is not None, concept
        assert (concept, RDF.type, SKOS.Concept) in graph


def test_every_mechanism_belongs_to_a_family_of_the_scheme(graph: Graph) -> None:
    tops = families(graph)
    assert len(tops) >= 7
    for concept in concepts(graph):
        if concept in tops:
            assert (concept, SKOS.topConceptOf, PM.MechanismScheme) in graph
            continue
        parents = set(graph.objects(concept, SKOS.broader))
        assert parents and parents <= tops, concept


def test_mechanisms_have_several_surface_forms(graph: Graph) -> None:
    for concept in concepts(graph):
        if concept not in families(graph):
            assert len(list(graph.objects(concept, SKOS.altLabel))) >= 2, concept


def test_no_surface_form_names_two_concepts(graph: Graph) -> None:
    owner: dict[str, URIRef] = {}
    for concept in concepts(graph):
        labels = [*graph.objects(concept, SKOS.prefLabel), *graph.objects(concept, SKOS.altLabel)]
        for label in labels:
            key = normalise(str(label))
            assert owner.setdefault(key, concept) == concept, (
                f"{label!r} in {concept} and {owner[key]}"
            )


def test_no_surface_form_is_a_bare_generic_word(graph: Graph) -> None:
    for concept in concepts(graph):
        for label in graph.objects(concept, SKOS.altLabel):
            assert normalise(str(label)) not in GENERIC, (concept, label)


@pytest.mark.parametrize(
    ("form", "mechanism"),
    [
        ("shuttle diplomacy", "third-party-mediation"),
        ("back-channel", "backchannel-diplomacy"),
        ("sanctions relief", "conditional-sanctions-relief"),
        ("secondary sanctions", "sanctions"),
        ("output cuts", "cartel-supply-management"),
        ("choke point", "supply-chain-chokepoint"),
        ("super PAC spending", "independent-expenditures"),
        ("IMF conditionality", "loan-conditionality"),
        ("agenda control", "agenda-setting"),
        ("airstrikes", "military-force"),
        ("civil war", "armed-conflict"),
        ("kidnapping", "hostage-taking"),
        ("house arrest", "detention"),
        ("deportations", "deportation"),
        ("crackdown", "repression"),
        ("peacekeepers", "peacekeeping"),
        ("truce", "ceasefire"),
        ("peace talks", "peace-negotiations"),
        ("development aid", "foreign-aid"),
        ("humanitarian aid", "humanitarian-aid"),
        ("military alliance", "strategic-partnership"),
        ("international condemnation", "diplomatic-condemnation"),
        ("street protests", "protests"),
        ("postponed elections", "mandate-extension"),
        ("media ban", "censorship"),
    ],
)
def test_common_wordings_name_their_mechanism(graph: Graph, form: str, mechanism: str) -> None:
    concept = URIRef(PMM + mechanism)
    labels = {normalise(str(o)) for o in graph.objects(concept, SKOS.altLabel)}
    labels.add(normalise(str(graph.value(concept, SKOS.prefLabel))))
    assert normalise(form) in labels


def test_news_mechanisms_cite_the_cameo_event_category_they_come_from(graph: Graph) -> None:
    noted = {
        c: str(graph.value(c, SKOS.note)) for c in concepts(graph) if graph.value(c, SKOS.note)
    }
    assert len(noted) >= 25
    for concept, note in noted.items():
        assert "CAMEO" in note, concept
    families_noted = {c for c in noted if c in families(graph)}
    assert {str(c).removeprefix(PMM) for c in families_noted} == {
        "coercion-and-repression",
        "political-violence",
        "popular-mobilisation",
    }
