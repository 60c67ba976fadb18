"""powermap: civic news analyses -> a knowledge graph of actors, leverage and mechanisms.

The public API; the click CLI in :mod:`powermap.cli` is a thin layer over it.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from powermap.extract.errors import PowermapError, ReadError
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

try:
    __version__ = version("powermap")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"

__all__ = [
    "__version__",
    "Actor",
    "Analysis",
    "Claim",
    "Extraction",
    "Mechanism",
    "Mention",
    "PowermapError",
    "ReadError",
    "Section",
    "Source",
    "Stake",
    "WatchItem",
]
# API-EXPORTS (helpers add imports below this line, one block each)

# reader
from powermap.extract.reader import read, read_many  # noqa: E402

__all__ += ["read", "read_many"]

# knowledge graph
from powermap.graph.export import export  # noqa: E402
from powermap.graph.ingest import IngestSummary, build, ingest  # noqa: E402
from powermap.graph.rdf import to_rdf  # noqa: E402
from powermap.graph.sparql import query  # noqa: E402
from powermap.graph.stats import stats  # noqa: E402
from powermap.graph.store import Store, open_store  # noqa: E402
from powermap.graph.validate import ValidationReport, validate  # noqa: E402

__all__ += [
    "IngestSummary",
    "Store",
    "ValidationReport",
    "build",
    "export",
    "ingest",
    "open_store",
    "query",
    "stats",
    "to_rdf",
    "validate",
]

# evaluation against gold files
from powermap.extract.evaluate import Report, gold_pairs, load_gold, score  # noqa: E402

__all__ += ["Report", "gold_pairs", "load_gold", "score"]

# researchers' and analysts' views
from powermap.graph.analytics import brokers, communities, leverage_path  # noqa: E402
from powermap.graph.export_network import export_network  # noqa: E402
from powermap.graph.network import actor_graph, leverage_graph, topic_graph  # noqa: E402
from powermap.graph.views import actor_profile, timeline, who_gains  # noqa: E402

__all__ += [
    "actor_graph",
    "actor_profile",
    "brokers",
    "communities",
    "export_network",
    "leverage_graph",
    "leverage_path",
    "timeline",
    "topic_graph",
    "who_gains",
]

# readers: interactive topic maps, reader paths, the static site
from powermap.graph.paths import reader_paths  # noqa: E402
from powermap.graph.render import topic_map  # noqa: E402
from powermap.graph.site import build_site  # noqa: E402

__all__ += ["build_site", "reader_paths", "topic_map"]

# extraction (the spaCy pipeline loads on first use, once per process)
from powermap.extract.pipeline import Extractor, extract_many  # noqa: E402

__all__ += ["Extractor", "extract_many"]
