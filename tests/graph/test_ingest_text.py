"""Ingest keeps any text a document holds, line separators included."""

from __future__ import annotations

from pathlib import Path

from powermap.extract.model import Actor, Analysis, Claim, Extraction, Section
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.store.sparql import query


def test_ingest_stores_evidence_with_unicode_line_separators(tmp_path: Path) -> None:
    evidence = "Qatar gains leverage over Iran\u2028 and holds\u2029 the funds."
    extraction = Extraction(
        analysis=Analysis(id="sep", title="Separators", sections=[Section("A", evidence)]),
        actors=[Actor("qatar", "Qatar", "State"), Actor("iran", "Iran", "State")],
        claims=[Claim("qatar", "gains_leverage", "gains", "iran", [], None, "A", evidence, 0.9)],
    )
    with open_store(str(tmp_path / "store")) as store:
        summary = ingest(store, [extraction])
        assert summary.added == ["sep"]
        rows = list(query(store, "SELECT ?e WHERE { ?c pm:evidence ?e }"))
    assert [str(r[0]) for r in rows] == [evidence]
