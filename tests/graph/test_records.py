"""records: what the views read from the store, here each claim's basis."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from powermap.extract.model import Extraction
from powermap.graph.store.backends import OxigraphStore, open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.views.snapshot import read_snapshot

Load = Callable[[str], Extraction]


def test_snapshot_reads_each_claims_basis(tmp_path: Path, load: Load) -> None:
    with open_store(tmp_path / "store") as store:
        assert ingest(store, [load("tiny")]).ok
        claims = read_snapshot(store).claims
    assert {(c.relation, c.basis, c.inferred) for c in claims} == {
        ("brokers", "stated", False),
        ("depends_on", "inferred", True),
    }


def test_a_claim_stored_without_a_basis_reads_as_stated(tmp_path: Path, load: Load) -> None:
    with open_store(tmp_path / "store") as store:
        assert isinstance(store, OxigraphStore)
        assert ingest(store, [load("tiny")]).ok
        # as in a store built before claims had pm:basis
        store.raw.update("DELETE WHERE { GRAPH ?g { ?claim pm:basis ?basis } }",
                         prefixes={"pm": "https://w3id.org/powermap/ontology#"})  # fmt: skip
        claims = read_snapshot(store).claims
    assert [c.basis for c in claims] == ["stated", "stated"]
