"""Map one extraction to RDF: one named graph per analysis, claims with provenance.

Each claim is a ``pm:Claim`` node (holder, relation, counterpart, evidence,
section, confidence, basis, ``prov:wasDerivedFrom`` the analysis) and also asserts the
direct actor-to-actor edges its relation kind declares in ``relations.ttl``
(``pm:truthyProperty`` and ``pm:leverageDirection``), so the common question is
one triple pattern and the full record one hop away. No blank nodes: the same
extraction always gives the same triples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from powermap.extract.model import (
    ACTOR_KINDS,
    BASES,
    Actor,
    Analysis,
    Claim,
    Extraction,
    Mechanism,
    Stake,
    WatchItem,
)
from powermap.graph.errors import MappingError
from powermap.graph.rdf.ids import DEFAULT_BASE, Ids, mechanism_iri, wikidata_iri
from powermap.ontology.lexicon import relation_kinds, slug
from powermap.ontology.namespace import PM, bind_prefixes

__all__ = ["to_rdf"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEB_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def to_rdf(extraction: Extraction, base: str = DEFAULT_BASE) -> Graph:
    """The RDF of one extraction, as a graph named by the analysis IRI.

    Parameters
    ----------
    extraction : one analysis's extraction (the contract's top-level object).
    base : base of instance IRIs (``actor/<id>``, ``analysis/<id>``, ``claim/...``).

    Returns
    -------
    rdflib.Graph whose ``identifier`` is the analysis IRI (the named graph to store it in).

    Raises
    ------
    MappingError : a relation kind, actor kind or claim basis the ontology does not know.

    Examples
    --------
    >>> from powermap.extract.model import Analysis, Extraction
    >>> g = to_rdf(Extraction(Analysis(id="a1", title="T")))
    >>> str(g.identifier)
    'https://w3id.org/powermap/id/analysis/a1'
    """
    ids = Ids(base)
    analysis = ids.analysis(extraction.analysis.id)
    # SimpleMemory: no context indexes, a third faster to fill than the default store
    graph = Graph(store="SimpleMemory", identifier=analysis, bind_namespaces="core")
    bind_prefixes(graph)
    sections = _add_analysis(graph, ids, extraction.analysis)
    for actor in extraction.actors:
        _add_actor(graph, ids, analysis, actor)
    labels = {m.id: m.label for m in extraction.mechanisms}
    for mechanism in extraction.mechanisms:
        _add_mechanism_mention(graph, ids, extraction.analysis.id, mechanism)
    for claim in extraction.claims:
        _add_claim(graph, ids, extraction.analysis.id, claim, sections, labels)
    stake_iris = _stake_iris(ids, extraction.analysis.id, extraction.stakes)
    for stake, stake_iri in zip(extraction.stakes, stake_iris, strict=True):
        _add_stake(graph, analysis, stake_iri, stake)
    for position, item in enumerate(extraction.watch, start=1):
        _add_watch(graph, ids, analysis, ids.watch(extraction.analysis.id, position), item)
    return graph


def _stake_iris(ids: Ids, analysis_id: str, stakes: Iterable[Stake]) -> list[URIRef]:
    """Stake IRIs by label slug, suffixed -2, -3 ... when a label repeats."""
    seen: dict[str, int] = {}
    result = []
    for stake in stakes:
        key = slug(stake.label)
        seen[key] = seen.get(key, 0) + 1
        suffix = "" if seen[key] == 1 else f"-{seen[key]}"
        result.append(ids.stake(analysis_id, key + suffix))
    return result


def _add_analysis(graph: Graph, ids: Ids, a: Analysis) -> dict[str, URIRef]:
    """Metadata, lens, topics, source and sections; returns section IRIs by lowercased heading."""
    node = ids.analysis(a.id)
    graph.add((node, RDF.type, PM.Analysis))
    graph.add((node, PM.contentHash, Literal(a.content_hash)))
    if a.document:
        graph.add((node, PM.document, Literal(a.document)))
        if _WEB_IRI.match(a.document):
            graph.add((node, SDO.url, URIRef(a.document)))
    if a.title:
        graph.add((node, SDO.headline, Literal(a.title)))
    if a.summary:
        graph.add((node, SDO.abstract, Literal(a.summary)))
    if a.type:
        graph.add((node, SDO.genre, Literal(a.type)))
    if a.published and _DATE.match(a.published):
        graph.add((node, SDO.datePublished, Literal(a.published, datatype=XSD.date)))
    if a.read_time_minutes is not None:  # xsd:integer minutes: Virtuoso cannot store xsd:duration
        graph.add((node, PM.readTimeMinutes, Literal(a.read_time_minutes, datatype=XSD.integer)))
    if a.lens:
        lens = ids.lens(a.lens)
        graph.add((node, PM.lens, lens))
        _add_concept(graph, lens, a.lens, PM.Lens, PM.LensScheme)
    for label in a.topics:
        topic = ids.topic(label)
        graph.add((node, PM.topic, topic))
        graph.add((node, SDO.about, topic))
        _add_concept(graph, topic, label, PM.Topic, PM.TopicScheme)
    if a.source.name or a.source.url:
        _add_source(graph, ids, node, a)
    return _add_sections(graph, ids, node, a)


def _add_concept(graph: Graph, node: URIRef, label: str, kind: URIRef, scheme: URIRef) -> None:
    graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, RDF.type, kind))
    graph.add((node, SKOS.prefLabel, Literal(label)))
    graph.add((node, SKOS.inScheme, scheme))


def _add_source(graph: Graph, ids: Ids, node: URIRef, a: Analysis) -> None:
    """The reporting the analysis is based on, and the outlet that published it."""
    report = ids.report(a.id)
    graph.add((node, SDO.isBasedOn, report))
    graph.add((report, RDF.type, SDO.NewsArticle))
    if a.source.url:
        if _WEB_IRI.match(a.source.url):
            graph.add((report, SDO.url, URIRef(a.source.url)))
        else:
            graph.add((report, SDO.url, Literal(a.source.url, datatype=XSD.anyURI)))
    if a.source.name:
        publisher = ids.publisher(a.source.name)
        graph.add((report, SDO.publisher, publisher))
        graph.add((publisher, RDF.type, SDO.Organization))
        graph.add((publisher, SDO.name, Literal(a.source.name)))


def _add_sections(graph: Graph, ids: Ids, node: URIRef, a: Analysis) -> dict[str, URIRef]:
    """Section nodes by heading slug (suffixed when a heading repeats)."""
    by_heading: dict[str, URIRef] = {}
    seen: dict[str, int] = {}
    for position, section in enumerate(a.sections, start=1):
        key = slug(section.heading)
        seen[key] = seen.get(key, 0) + 1
        iri = ids.section(a.id, key if seen[key] == 1 else f"{key}-{seen[key]}")
        by_heading.setdefault(section.heading.lower(), iri)
        graph.add((node, PM.hasSection, iri))
        graph.add((iri, RDF.type, PM.Section))
        graph.add((iri, SDO.isPartOf, node))
        graph.add((iri, PM.heading, Literal(section.heading)))
        graph.add((iri, PM.text, Literal(section.text)))
        graph.add((iri, PM.position, Literal(position, datatype=XSD.integer)))
    return by_heading


def _add_actor(graph: Graph, ids: Ids, analysis: URIRef, actor: Actor) -> None:
    if actor.kind not in ACTOR_KINDS:
        raise MappingError(f"actor {actor.id}: unknown kind {actor.kind!r}")
    node = ids.actor(actor.id)
    graph.add((analysis, SDO.mentions, node))
    graph.add((node, RDF.type, PM[actor.kind]))  # settled across the store at ingest
    graph.add((node, PM.extractedKind, PM[actor.kind]))
    graph.add((node, RDFS.label, Literal(actor.label)))
    for alias in actor.aliases:
        if alias != actor.label:
            graph.add((node, SKOS.altLabel, Literal(alias)))
    if actor.wikidata:
        entity = wikidata_iri(actor.wikidata)
        if entity is None:
            raise MappingError(f"actor {actor.id}: not a Wikidata id: {actor.wikidata!r}")
        graph.add((node, OWL.sameAs, entity))


def _add_mechanism(graph: Graph, mechanism_id: str, label: str | None) -> URIRef:
    node = mechanism_iri(mechanism_id)
    graph.add((node, RDF.type, PM.Mechanism))
    if label:
        graph.add((node, RDFS.label, Literal(label)))
    return node


def _add_mechanism_mention(graph: Graph, ids: Ids, analysis_id: str, m: Mechanism) -> None:
    analysis = ids.analysis(analysis_id)
    node = _add_mechanism(graph, m.id, m.label)
    mention = ids.mechanism_mention(analysis_id, m.id)
    graph.add((analysis, PM.mentionsMechanism, node))
    graph.add((analysis, PM.mechanismMention, mention))
    graph.add((mention, RDF.type, PM.MechanismMention))
    graph.add((mention, PM.mechanism, node))
    graph.add((mention, PROV.wasDerivedFrom, analysis))
    for sentence in m.evidence:
        graph.add((mention, PM.evidence, Literal(sentence)))


def _decimal(value: float) -> Literal:
    """``xsd:decimal`` with at most three places ("0.8", "1", "0.125")."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return Literal(text or "0", datatype=XSD.decimal)


def _add_claim(
    graph: Graph,
    ids: Ids,
    analysis_id: str,
    claim: Claim,
    sections: dict[str, URIRef],
    mechanism_labels: dict[str, str],
) -> None:
    kind = relation_kinds().get(claim.relation)
    if kind is None:
        raise MappingError(f"claim {claim.key}: unknown relation kind {claim.relation!r}")
    if claim.basis not in BASES:
        raise MappingError(f"claim {claim.key}: unknown basis {claim.basis!r}")
    analysis = ids.analysis(analysis_id)
    node = ids.claim(analysis_id, claim.key)
    holder = ids.actor(claim.holder)
    graph.add((node, RDF.type, PM.Claim))
    graph.add((node, PM.holder, holder))
    graph.add((node, PM.relation, kind.iri))
    graph.add((node, PM.polarity, Literal(claim.polarity)))
    graph.add((node, PM.evidence, Literal(claim.evidence)))
    graph.add((node, PM.confidence, _decimal(claim.confidence)))
    graph.add((node, PM.basis, Literal(claim.basis)))
    graph.add((node, PROV.wasDerivedFrom, analysis))
    if claim.section:
        section = sections.get(claim.section.lower())
        if section is None:  # a heading the reader did not keep: still a section node
            section = ids.section(analysis_id, slug(claim.section))
            graph.add((section, RDF.type, PM.Section))
            graph.add((section, SDO.isPartOf, analysis))
            graph.add((section, PM.heading, Literal(claim.section)))
        graph.add((node, PM.section, section))
    if claim.mechanism:
        mechanism = _add_mechanism(graph, claim.mechanism, mechanism_labels.get(claim.mechanism))
        graph.add((node, PM.mechanism, mechanism))
    targets = [ids.actor(claim.counterpart)] if claim.counterpart else []
    if claim.counterpart:
        graph.add((node, PM.counterpart, targets[0]))
    for party in claim.between:
        graph.add((node, PM.between, ids.actor(party)))
    if not targets:
        targets = [ids.actor(party) for party in claim.between]
    for target in targets:
        if target == holder:
            continue
        if kind.truthy is not None:
            graph.add((holder, kind.truthy, target))
        if kind.direction == "forward":
            graph.add((holder, PM.gainsLeverageOver, target))
        elif kind.direction == "reverse":
            graph.add((target, PM.gainsLeverageOver, holder))


def _add_stake(graph: Graph, analysis: URIRef, node: URIRef, stake: Stake) -> None:
    graph.add((analysis, PM.stake, node))
    graph.add((node, RDF.type, PM.Stake))
    graph.add((node, RDFS.label, Literal(stake.label)))
    if stake.evidence:
        graph.add((node, PM.evidence, Literal(stake.evidence)))
    graph.add((node, PROV.wasDerivedFrom, analysis))


def _add_watch(graph: Graph, ids: Ids, analysis: URIRef, node: URIRef, item: WatchItem) -> None:
    graph.add((analysis, PM.watchItem, node))
    graph.add((node, RDF.type, PM.WatchItem))
    graph.add((node, PM.text, Literal(item.text)))
    graph.add((node, PROV.wasDerivedFrom, analysis))
    for actor_id in item.actors:
        graph.add((node, PM.actor, ids.actor(actor_id)))
