"""The actor graph as files for Gephi, Neo4j, R and pandas: GraphML, GEXF, CSV, node-link JSON.

Every node carries its label, kind, Wikidata id, aliases and the analyses it
appears in; every edge its relation (as ``kind`` and a readable ``label``),
polarity, mechanism, analysis, date, section, evidence, confidence and basis
("stated", or "inferred" when a party was drawn from the discourse).

* GraphML and node-link JSON: networkx's writers, lists joined by ``"; "``.
* GEXF: dynamic, each node ``start``-ing at its first dated claim and each
  edge at its analysis's date, so Gephi's timeline plays the graph over time.
* CSV: ``nodes.csv`` and ``edges.csv`` in one folder, with the columns
  Gephi's spreadsheet import looks for (``Id``, ``Label``; ``Source``,
  ``Target``, ``Type``, ``Weight``) and those ``neo4j-admin database import``
  needs (``id:ID``, ``:LABEL``; ``:START_ID``, ``:END_ID``, ``:TYPE``) side by side.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx

from powermap.graph.errors import ViewError
from powermap.graph.store.backends import Store
from powermap.graph.views.filters import Filters
from powermap.graph.views.network import actor_graph
from powermap.graph.views.snapshot import Snapshot
from powermap.ontology.lexicon import relation_kinds

__all__ = [
    "NETWORK_FORMATS",
    "export_network",
    "exportable",
    "csv_tables",
    "NODE_COLUMNS",
    "EDGE_COLUMNS",
]

NETWORK_FORMATS = ("graphml", "gexf", "csv", "nodelink")

# (header, node attribute): Gephi's columns and neo4j-admin's side by side.
NODE_COLUMNS = (
    ("id:ID", "id"),
    (":LABEL", "neo4j_labels"),
    ("Id", "id"),
    ("Label", "label"),
    ("kind", "kind"),
    ("wikidata", "wikidata"),
    ("aliases", "aliases"),
    ("analyses:int", "analyses"),
    ("analysis_ids", "analysis_ids"),
    ("first_seen", "first_seen"),
    ("gains:int", "gains"),
    ("loses:int", "loses"),
    ("neutral:int", "neutral"),
)
EDGE_COLUMNS = (
    (":START_ID", "source"),
    (":END_ID", "target"),
    (":TYPE", "neo4j_type"),
    ("Source", "source"),
    ("Target", "target"),
    ("Type", "edge_type"),
    ("Id", "id"),
    ("Label", "label"),
    ("Weight", "confidence"),
    ("relation", "kind"),
    ("polarity", "polarity"),
    ("leverage", "leverage"),
    ("mechanism", "mechanism"),
    ("mechanism_label", "mechanism_label"),
    ("analysis", "analysis"),
    ("title", "title"),
    ("date", "date"),
    ("section", "section"),
    ("evidence", "evidence"),
    ("confidence:float", "confidence"),
    ("basis", "basis"),
    ("between", "between"),
    ("claim", "claim"),
)


def _flat(value: Any) -> Any:
    """A value GraphML and GEXF can hold: lists and tuples joined by "; ", None dropped later."""
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(str(v) for v in value)
    return value


def exportable(G: nx.MultiDiGraph, *, dynamic: bool = False) -> nx.MultiDiGraph:
    """A copy of an actor graph with flat attributes, ready for file formats.

    Lists become ``"; "``-joined strings and None values are dropped; edges
    get ``id`` (their key), ``kind`` (the relation) and ``label`` (its
    readable name), ``weight`` (the confidence). With ``dynamic``, nodes get
    ``start`` (first seen) and edges ``start`` (their date), as GEXF wants.
    """
    names = {k: kind.label for k, kind in relation_kinds().items()}
    H: nx.MultiDiGraph = nx.MultiDiGraph()
    H.graph.update(name=G.graph.get("name", "powermap actor graph"))
    for node, data in G.nodes(data=True):
        attrs = {k: _flat(v) for k, v in data.items() if v is not None and v != ()}
        attrs["type"] = "actor"
        if dynamic and data.get("first_seen"):
            attrs["start"] = data["first_seen"]
        H.add_node(node, **attrs)
    for u, v, key, data in G.edges(keys=True, data=True):
        attrs = {k: _flat(x) for k, x in data.items() if x is not None and x != ()}
        relation = str(data.get("relation", ""))
        attrs.update(id=str(key), kind=relation, label=names.get(relation, relation))
        attrs["weight"] = float(data.get("confidence", 1.0))
        if dynamic and data.get("date"):
            attrs["start"] = data["date"]
        H.add_edge(u, v, key=key, **attrs)
    return H


def _node_rows(G: nx.MultiDiGraph) -> Iterable[dict[str, Any]]:
    for node, data in G.nodes(data=True):
        kind = str(data.get("kind", "Actor"))
        yield {
            **data,
            "id": node,
            "neo4j_labels": "Actor" if kind == "Actor" else f"Actor;{kind}",
        }


def _edge_rows(G: nx.MultiDiGraph) -> Iterable[dict[str, Any]]:
    for u, v, data in G.edges(data=True):
        yield {
            **data,
            "source": u,
            "target": v,
            "edge_type": "Directed",
            "neo4j_type": str(data.get("kind", "CLAIM")).upper(),
        }


def _table(rows: Iterable[dict[str, Any]], columns: tuple[tuple[str, str], ...]) -> str:
    """CSV text with a header; values on one line each (neo4j-admin's default wants that)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header for header, _ in columns)
    for row in rows:
        values = (row.get(attr) for _, attr in columns)
        writer.writerow("" if v is None else " ".join(str(v).split()) for v in values)
    return buffer.getvalue()


def csv_tables(G: nx.MultiDiGraph) -> tuple[str, str]:
    """``nodes.csv`` and ``edges.csv`` of an actor graph, as text.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("iran", label="Iran", kind="State", wikidata="Q794")
    >>> G.add_node("qatar", label="Qatar", kind="State")
    >>> _ = G.add_edge("qatar", "iran", key="c1", relation="brokers", confidence=0.8,
    ...                basis="inferred")
    >>> nodes, edges = csv_tables(G)
    >>> nodes.splitlines()[1]
    'iran,Actor;State,iran,Iran,State,Q794,,,,,,,'
    >>> edges.splitlines()[1]
    'qatar,iran,BROKERS,qatar,iran,Directed,c1,brokers,0.8,brokers,,,,,,,,,,0.8,inferred,,'
    """
    H = exportable(G)
    return _table(_node_rows(H), NODE_COLUMNS), _table(_edge_rows(H), EDGE_COLUMNS)


def _write(out: str | os.PathLike[str] | BinaryIO, data: bytes) -> None:
    if isinstance(out, str | os.PathLike):
        Path(out).write_bytes(data)
    else:
        out.write(data)


def export_network(
    source: Store | Snapshot | nx.MultiDiGraph,
    fmt: str,
    out: str | os.PathLike[str] | BinaryIO,
    filters: Filters | None = None,
) -> list[str]:
    """Write the actor graph as GraphML, GEXF, CSV or node-link JSON.

    Parameters
    ----------
    source : an open store, a snapshot, or an actor graph already built.
    fmt : ``graphml``, ``gexf`` (dynamic, for Gephi's timeline), ``csv``
        (``nodes.csv`` + ``edges.csv`` in the folder ``out``) or ``nodelink``
        (networkx node-link JSON).
    out : a file path (a folder for ``csv``, created if missing), or a binary
        stream such as ``sys.stdout.buffer`` (not for ``csv``).
    filters : which analyses and claims to take when ``source`` is a store or
        snapshot (:class:`~powermap.graph.views.filters.Filters`; none: all).

    Returns
    -------
    list of str: the files written (``["-"]`` for a stream).

    Raises
    ------
    ViewError : an unknown format, or ``csv`` asked onto a stream.
    """
    if fmt not in NETWORK_FORMATS:
        raise ViewError(f"unknown network format {fmt!r} (one of {', '.join(NETWORK_FORMATS)})")
    if isinstance(source, nx.MultiDiGraph):
        G = source
    else:
        G = actor_graph(source, filters)
    if fmt == "csv":
        if not isinstance(out, str | os.PathLike) or str(out) == "-":
            raise ViewError("csv writes nodes.csv and edges.csv: give a folder to write them in")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        nodes, edges = csv_tables(G)
        (folder / "nodes.csv").write_text(nodes, encoding="utf-8")
        (folder / "edges.csv").write_text(edges, encoding="utf-8")
        return [str(folder / "nodes.csv"), str(folder / "edges.csv")]
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(exportable(G), buffer, infer_numeric_types=True)
    elif fmt == "gexf":
        nx.write_gexf(exportable(G, dynamic=True), buffer)
    else:
        data = nx.node_link_data(exportable(G), edges="edges")
        buffer.write(json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))
    _write(out, buffer.getvalue())
    return [str(out)] if isinstance(out, str | os.PathLike) else ["-"]
