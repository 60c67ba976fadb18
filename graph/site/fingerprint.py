"""What a site page is rendered from, as one hash: the page is rendered again only when it moves.

``powermap site --incremental`` keeps, in the site's manifest, a fingerprint
of each page: a SHA-256 of everything the page shows (its records, the part of
the map graph it draws, with the node ids it names in the shared catalogue),
of what every page shares (the counts in the footer, the page file names
links point to, actor and mechanism labels, the map's style) and of the code
and templates that render it. A page whose fingerprint did not move since the
last build is neither laid out nor rendered.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from enum import Enum
from functools import cache
from importlib.resources import files
from typing import Any

import networkx as nx

__all__ = ["code_fingerprint", "fingerprint", "graph_digest"]


def _default(value: Any) -> Any:
    """What :func:`json.dumps` cannot write, as data in one canonical order: a dataclass by
    its name and fields, a set sorted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, *(getattr(value, f.name) for f in dataclasses.fields(value))]
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if isinstance(value, Enum):
        return value.value
    return repr(value)


def _dumps(value: Any) -> bytes:
    """``value`` as canonical JSON (keys sorted; :func:`_default` for the rest)."""
    try:
        text = json.dumps(value, sort_keys=True, default=_default, ensure_ascii=False)
    except TypeError:  # keys json cannot sort or write: keep them as text
        text = json.dumps(_text_keys(value), sort_keys=True, default=_default, ensure_ascii=False)
    return text.encode()


def _text_keys(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {repr(k): _text_keys(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_text_keys(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _text_keys(_default(value))
    return value


def graph_digest(G: nx.MultiDiGraph) -> str:
    """A hash of a map graph's nodes and edges with their data (not of ``G.graph``),
    fed a node and an edge at a time: the full map's would be tens of megabytes of
    JSON in one piece."""
    h = hashlib.sha256()
    for node in sorted(G.nodes):
        h.update(_dumps([node, G.nodes[node]]))
    h.update(b"edges")
    for u, v, k in sorted(G.edges(keys=True), key=lambda e: (e[0], e[1], str(e[2]))):
        h.update(_dumps([u, v, str(k), G.succ[u][v][k]]))
    return h.hexdigest()


@cache
def code_fingerprint() -> str:
    """A hash of the templates and the site's code: a new powermap renders every page again."""
    h = hashlib.sha256()
    site = files("powermap.graph.site")
    sources = [site.joinpath(name) for name in sorted(p.name for p in site.iterdir())]
    templates = site.joinpath("templates")
    sources += [templates.joinpath(n) for n in sorted(p.name for p in templates.iterdir())]
    sources.append(files("powermap.graph.views").joinpath("analytics.py"))  # the layout's ties
    for source in sources:
        if source.is_file() and source.name.endswith((".py", ".html", ".js", ".json", ".css")):
            h.update(source.name.encode())
            h.update(source.read_bytes())
    return h.hexdigest()


def fingerprint(*parts: Any, graphs: Iterable[nx.MultiDiGraph] = ()) -> str:
    """The hash of a page's inputs: ``parts`` (records, plain data) and map ``graphs``."""
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(_dumps(parts))
    for G in graphs:
        h.update(graph_digest(G).encode())
    return h.hexdigest()
