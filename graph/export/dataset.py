"""Write a store out as Turtle, JSON-LD, N-Quads or TriG.

N-Quads, TriG and JSON-LD keep one named graph per analysis; Turtle has no
graphs, so it is the union of all of them. Quads are written in a fixed order
(graph, subject, predicate, object), so the same graph exports to the same
bytes from any store. Serializers: pyoxigraph for the line and Turtle family
(fast on large stores), rdflib for JSON-LD with powermap's context from
``ontology/context.jsonld``.
"""

from __future__ import annotations

import os
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset

from powermap.graph.errors import StoreError
from powermap.graph.store.backends import Store
from powermap.ontology.graphs import jsonld_context
from powermap.ontology.namespace import PREFIXES, bind_prefixes

__all__ = ["EXPORT_FORMATS", "export", "serialize_store"]

EXPORT_FORMATS = ("turtle", "jsonld", "nquads", "trig")


def serialize_store(store: Store, fmt: str) -> bytes:
    """The whole store in ``fmt`` (one of :data:`EXPORT_FORMATS`), as bytes."""
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r} (one of {', '.join(EXPORT_FORMATS)})")
    quads = sorted(ox.parse(store.nquads(), format=ox.RdfFormat.N_QUADS), key=_order)
    if fmt in ("nquads", "jsonld"):
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        if fmt == "nquads":
            return data
        dataset = bind_prefixes(Dataset())  # type: ignore[arg-type]
        dataset.parse(data=data, format="nquads")
        text = dataset.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
        return text.encode("utf-8")
    if fmt == "trig":
        out = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    else:
        triples = sorted({q.triple for q in quads}, key=str)
        out = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return out if out is not None else b""


def _order(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def export(store: Store, fmt: str, out: str | os.PathLike[str] | BinaryIO) -> int:
    """Write the whole store to ``out`` (a path or a binary stream) in ``fmt``.

    Parameters
    ----------
    store : an open store (read-only is enough).
    fmt : ``turtle`` (union of all graphs), ``jsonld``, ``nquads`` or ``trig``.
    out : a file path, or a binary stream such as ``sys.stdout.buffer``.

    Returns
    -------
    int: bytes written.
    """
    data = serialize_store(store, fmt)
    if isinstance(out, str | os.PathLike):
        with open(out, "wb") as handle:
            handle.write(data)
    else:
        out.write(data)
    return len(data)
