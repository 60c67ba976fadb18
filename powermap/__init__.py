"""powermap: civic news analyses -> a knowledge graph of actors, leverage and mechanisms.

The public API, one name each, imported on first use (PEP 562): ``import
powermap`` loads nothing else, and ``powermap.who_gains`` loads the views and
the store, not spaCy. Data flows one way, and this face is the only place
that runs the stages in order (:mod:`powermap.builder`)::

    read (extract.reader) -> extract (extract.pipeline) -> RDF (graph.rdf)
        -> store (graph.store) -> views (graph.views, graph.site, graph.export)

The click CLI in :mod:`powermap.cli` is a thin layer over these names.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("powermap")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # errors
    "PowermapError": "powermap.errors",
    "ReadError": "powermap.extract.errors",
    # the extraction data model
    **dict.fromkeys(
        [
            "Actor",
            "Analysis",
            "Claim",
            "Extraction",
            "Mechanism",
            "Mention",
            "Section",
            "Source",
            "Stake",
            "WatchItem",
        ],
        "powermap.extract.model",
    ),
    # reading and extraction (the spaCy pipeline loads on first use, once per process)
    "read": "powermap.extract.reader",
    "read_many": "powermap.extract.reader",
    "Extractor": "powermap.extract.pipeline",
    "extract_many": "powermap.extract.pipeline",
    # evaluation against gold files
    "Report": "powermap.extract.evaluate",
    "gold_pairs": "powermap.extract.evaluate",
    "load_gold": "powermap.extract.evaluate",
    "score": "powermap.extract.evaluate",
    # knowledge graph
    "build": "powermap.builder",
    "IngestSummary": "powermap.graph.store.ingest",
    "ingest": "powermap.graph.store.ingest",
    "Store": "powermap.graph.store.backends",
    "open_store": "powermap.graph.store.backends",
    "query": "powermap.graph.store.sparql",
    "stats": "powermap.graph.store.stats",
    "to_rdf": "powermap.graph.rdf.mapping",
    "ValidationReport": "powermap.graph.rdf.validate",
    "validate": "powermap.graph.rdf.validate",
    "export": "powermap.graph.export.dataset",
    "export_network": "powermap.graph.export.network_files",
    # researchers' and analysts' views, and what they look at
    "Filters": "powermap.graph.views.filters",
    "actor_graph": "powermap.graph.views.network",
    "leverage_graph": "powermap.graph.views.network",
    "topic_graph": "powermap.graph.views.network",
    "brokers": "powermap.graph.views.analytics",
    "communities": "powermap.graph.views.analytics",
    "leverage_path": "powermap.graph.views.analytics",
    "actor_profile": "powermap.graph.views.leverage",
    "timeline": "powermap.graph.views.leverage",
    "who_gains": "powermap.graph.views.leverage",
    # readers: interactive topic maps, reader paths, the static site
    "topic_map": "powermap.graph.site.render",
    "reader_paths": "powermap.graph.site.paths",
    "build_site": "powermap.graph.site.pages",
}

__all__ = [
    "__version__",
    "Actor",
    "Analysis",
    "Claim",
    "Extraction",
    "Extractor",
    "Filters",
    "IngestSummary",
    "Mechanism",
    "Mention",
    "PowermapError",
    "ReadError",
    "Report",
    "Section",
    "Source",
    "Stake",
    "Store",
    "ValidationReport",
    "WatchItem",
    "actor_graph",
    "actor_profile",
    "brokers",
    "build",
    "build_site",
    "communities",
    "export",
    "export_network",
    "extract_many",
    "gold_pairs",
    "ingest",
    "leverage_graph",
    "leverage_path",
    "load_gold",
    "open_store",
    "query",
    "read",
    "read_many",
    "reader_paths",
    "score",
    "stats",
    "timeline",
    "to_rdf",
    "topic_graph",
    "topic_map",
    "validate",
    "who_gains",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'powermap' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # what type checkers and editors see
    from powermap.builder import build
    from powermap.errors import PowermapError
    from powermap.extract.errors import ReadError
    from powermap.extract.evaluate import Report, gold_pairs, load_gold, score
    from powermap.extract.model import (
        Actor,
        Analysis,
        Claim,
        Extraction,
        Mechanism,
        Mention,
        Section,
        Source,
        Stake,
        WatchItem,
    )
    from powermap.extract.pipeline import Extractor, extract_many
    from powermap.extract.reader import read, read_many
    from powermap.graph.export.dataset import export
    from powermap.graph.export.network_files import export_network
    from powermap.graph.rdf.mapping import to_rdf
    from powermap.graph.rdf.validate import ValidationReport, validate
    from powermap.graph.site.pages import build_site
    from powermap.graph.site.paths import reader_paths
    from powermap.graph.site.render import topic_map
    from powermap.graph.store.backends import Store, open_store
    from powermap.graph.store.ingest import IngestSummary, ingest
    from powermap.graph.store.sparql import query
    from powermap.graph.store.stats import stats
    from powermap.graph.views.analytics import brokers, communities, leverage_path
    from powermap.graph.views.filters import Filters
    from powermap.graph.views.leverage import actor_profile, timeline, who_gains
    from powermap.graph.views.network import actor_graph, leverage_graph, topic_graph
