"""The powermap vocabulary as a closed rdflib namespace, and the prefixes we print with.

``PM`` mirrors ``powermap.ttl`` term for term (a test checks both ways); with
``_fail = True`` a misspelt term is an error, never a new IRI.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
)

__all__ = ["PM", "PMR", "PMM", "ONTOLOGY", "PREFIXES", "bind_prefixes"]


class PM(DefinedNamespace):
    """powermap ontology: ``https://w3id.org/powermap/ontology#``."""

    _NS = Namespace("https://w3id.org/powermap/ontology#")
    _fail = True

    # classes
    Actor: URIRef
    State: URIRef
    Organization: URIRef
    IGO: URIRef
    Person: URIRef
    Group: URIRef
    Analysis: URIRef
    Section: URIRef
    Lens: URIRef
    Topic: URIRef
    Claim: URIRef
    RelationKind: URIRef
    Mechanism: URIRef
    MechanismMention: URIRef
    Stake: URIRef
    WatchItem: URIRef

    # concept schemes
    LensScheme: URIRef
    TopicScheme: URIRef
    RelationScheme: URIRef
    MechanismScheme: URIRef

    # claims
    holder: URIRef
    relation: URIRef
    counterpart: URIRef
    between: URIRef
    mechanism: URIRef
    evidence: URIRef
    section: URIRef
    confidence: URIRef
    polarity: URIRef
    basis: URIRef
    truthyProperty: URIRef
    leverageDirection: URIRef

    # direct ("truthy") actor-to-actor edges
    gainsLeverageOver: URIRef
    brokersBetween: URIRef
    pressures: URIRef
    extractsConcessionsFrom: URIRef
    constrains: URIRef
    benefitsOver: URIRef
    dependsOn: URIRef
    concedesTo: URIRef
    bearsCostFrom: URIRef
    influences: URIRef

    # mechanisms, stakes, watch items
    mentionsMechanism: URIRef
    mechanismMention: URIRef
    stake: URIRef
    watchItem: URIRef
    actor: URIRef

    # analysis metadata
    lens: URIRef
    topic: URIRef
    hasSection: URIRef
    heading: URIRef
    text: URIRef
    position: URIRef
    readTimeMinutes: URIRef
    document: URIRef
    contentHash: URIRef
    graphHash: URIRef

    # an actor's kind as one analysis's extraction gave it
    extractedKind: URIRef


PMR = Namespace("https://w3id.org/powermap/relation/")
"""Relation kinds, defined by ``relations.ttl``."""

PMM = Namespace("https://w3id.org/powermap/mechanism/")
"""Mechanisms of power, defined by ``mechanisms.ttl`` (unknown ones are still minted here)."""

ONTOLOGY = URIRef("https://w3id.org/powermap/ontology")
"""The ontology itself, and the store's named graph holding it and its schemes."""

PREFIXES: dict[str, str] = {
    "pm": str(PM),
    "pmr": str(PMR),
    "pmm": str(PMM),
    "pmid": "https://w3id.org/powermap/id/",
    "wd": "http://www.wikidata.org/entity/",
    "schema": str(SDO),
    "skos": str(SKOS),
    "prov": str(PROV),
    "foaf": str(FOAF),
    "org": str(ORG),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "dct": str(DCTERMS),
}
"""Prefixes bound in exports and available in every SPARQL query without PREFIX lines."""


def bind_prefixes(graph: Graph) -> Graph:
    """Bind powermap's prefixes on ``graph`` (for readable serializations); returns it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph
