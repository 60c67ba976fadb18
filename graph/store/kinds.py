"""One kind per actor across the store, decided at build.

Each analysis types its actors from what that analysis shows (the gazetteer, or
spaCy's NER for names it does not know), so the same actor can come out an
Organization in one analysis and a Person in another, and the store would fail
its SHACL shapes. Every analysis graph keeps that evidence as
``pm:extractedKind``; after every batch :func:`reconcile_kinds` sets the
``rdf:type`` of each actor whose kinds disagree (or whose type no longer follows
the evidence) to one kind, in every analysis graph that names it:

- the gazetteer's kind, when the gazetteer knows the actor;
- otherwise the kind most analyses give it, a tie going to the kind listed first
  in the contract (State, IGO, Organization, Person, Group).

The rule depends only on what the store holds, not on the order analyses came in.
Stored graph hashes are those of the analyses as extracted, so an unchanged
analysis is still skipped on the next build.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping

from rdflib import RDF, URIRef

from powermap.extract.model import ACTOR_KINDS
from powermap.graph.rdf.ids import DEFAULT_BASE, Ids
from powermap.graph.store.backends import Store
from powermap.graph.store.sparql import load_query
from powermap.ontology import lexicon
from powermap.ontology.namespace import PM

__all__ = ["decide_kind", "reconcile_kinds"]

log = logging.getLogger(__name__)


def decide_kind(actor_id: str, votes: Mapping[str, int]) -> str:
    """The one kind of an actor, from the number of analyses giving each kind.

    Examples
    --------
    >>> decide_kind("boko-haram", {"Person": 2, "Organization": 1})
    'Organization'
    >>> decide_kind("kabiru-adamu", {"Organization": 1, "Person": 2})
    'Person'
    >>> decide_kind("kabiru-adamu", {"Person": 1, "Organization": 1})
    'Organization'
    """
    known = lexicon.gazetteer_index().get(actor_id)
    if known is not None:
        return known.kind
    order = {kind: i for i, kind in enumerate(ACTOR_KINDS)}
    return min(votes, key=lambda kind: (-votes[kind], order.get(kind, len(order)), kind))


def reconcile_kinds(store: Store, base: str = DEFAULT_BASE) -> dict[str, str]:
    """Type every actor of ``store`` with one kind in every graph (see the module docstring).

    Returns
    -------
    actor id -> the kind it was settled on, for the actors that had more than one.
    """
    prefix = str(Ids(base).actor(""))
    votes: dict[str, dict[str, int]] = defaultdict(dict)
    for row in store.select(load_query("actor_kinds")):  # in pages on a server
        actor, kind = str(row.actor), str(row.kind)  # type: ignore[union-attr]
        if actor.startswith(prefix) and kind.startswith(str(PM)):
            votes[actor][kind[len(str(PM)) :]] = int(row.analyses)  # type: ignore[union-attr]
    decided = {iri: decide_kind(iri[len(prefix) :], counts) for iri, counts in votes.items()}
    if decided:
        store.update(_settle_update(decided))
        for iri, kind in sorted(decided.items()):
            log.info("actor %s: %s -> %s", iri[len(prefix) :], dict(votes[iri]), kind)
    return {iri[len(prefix) :]: kind for iri, kind in decided.items()}


def _settle_update(decided: Mapping[str, str]) -> str:
    """One SPARQL Update retyping each actor to its kind in every graph that types it.

    The values go in as N-Triples terms written by rdflib (as ``INSERT DATA`` does
    in :mod:`powermap.graph.store.ingest`); the rest is fixed text.
    """
    rows = "\n".join(
        f"    ({URIRef(iri).n3()} {PM[kind].n3()})" for iri, kind in sorted(decided.items())
    )
    kinds = " ".join(PM[kind].n3() for kind in ACTOR_KINDS)
    return (
        f"DELETE {{ GRAPH ?g {{ ?actor {RDF.type.n3()} ?old }} }}\n"
        f"INSERT {{ GRAPH ?g {{ ?actor {RDF.type.n3()} ?kind }} }}\n"
        "WHERE {\n"
        f"  VALUES (?actor ?kind) {{\n{rows}\n  }}\n"
        f"  VALUES ?old {{ {kinds} }}\n"
        f"  GRAPH ?g {{ ?actor {RDF.type.n3()} ?old }}\n"
        "}"
    )
