"""Instance IRIs: the one place that mints them, under a configurable base.

Ids are stable: the same actor, analysis, claim or section always gets the same
IRI, so re-ingesting gives the same quads and graphs from different runs merge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import URIRef

from powermap.ontology.lexicon import slug
from powermap.ontology.namespace import PMM, PREFIXES

__all__ = ["DEFAULT_BASE", "Ids", "mechanism_iri", "wikidata_iri"]

DEFAULT_BASE = PREFIXES["pmid"]

_QID = re.compile(r"(?:^|/)(Q[1-9][0-9]*)$")


def _key(text: str) -> str:
    """An id as given (already a slug in the contract), made safe for an IRI path."""
    return quote(text, safe="-._~")


def mechanism_iri(mechanism_id: str) -> URIRef:
    """The mechanism concept for a slug (taxonomy or not)."""
    return PMM[_key(mechanism_id)]


def wikidata_iri(wikidata: str) -> URIRef | None:
    """``Q42`` or a Wikidata entity URL -> the entity IRI; None if it is neither."""
    match = _QID.search(wikidata.strip())
    return URIRef(PREFIXES["wd"] + match.group(1)) if match else None


@dataclass(frozen=True)
class Ids:
    """IRIs of instances under ``base`` (default ``https://w3id.org/powermap/id/``)."""

    base: str = DEFAULT_BASE

    def _mint(self, kind: str, *parts: str) -> URIRef:
        return URIRef(f"{self.base}{kind}/" + "-".join(_key(p) for p in parts))

    def actor(self, actor_id: str) -> URIRef:
        """``actor/<id>``: the same actor in every analysis."""
        return self._mint("actor", actor_id)

    def analysis(self, analysis_id: str) -> URIRef:
        """``analysis/<id>``: the analysis, and the name of its graph."""
        return self._mint("analysis", analysis_id)

    def claim(self, analysis_id: str, key: str) -> URIRef:
        """``claim/<analysis id>-<claim key>``."""
        return self._mint("claim", analysis_id, key)

    def section(self, analysis_id: str, heading_slug: str) -> URIRef:
        """``section/<analysis id>-<heading slug>``."""
        return self._mint("section", analysis_id, heading_slug)

    def stake(self, analysis_id: str, label_slug: str) -> URIRef:
        """``stake/<analysis id>-<label slug>``."""
        return self._mint("stake", analysis_id, label_slug)

    def watch(self, analysis_id: str, position: int) -> URIRef:
        """``watch/<analysis id>-<position>``."""
        return self._mint("watch", analysis_id, str(position))

    def mechanism_mention(self, analysis_id: str, mechanism_id: str) -> URIRef:
        """``mechanism-mention/<analysis id>-<mechanism id>``."""
        return self._mint("mechanism-mention", analysis_id, mechanism_id)

    def report(self, analysis_id: str) -> URIRef:
        """``report/<analysis id>``: the source reporting the analysis is based on."""
        return self._mint("report", analysis_id)

    def publisher(self, name: str) -> URIRef:
        """``publisher/<slug>``: the outlet that published the source reporting."""
        return self._mint("publisher", slug(name))

    def lens(self, label: str) -> URIRef:
        """``lens/<slug>``."""
        return self._mint("lens", slug(label))

    def topic(self, label: str) -> URIRef:
        """``topic/<slug>``."""
        return self._mint("topic", slug(label))

    @property
    def meta(self) -> URIRef:
        """The store's metadata graph (one hash per ingested graph)."""
        return URIRef(f"{self.base}meta")
