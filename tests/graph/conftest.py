"""Fixtures for the graph tests: the hand-written extractions and a store holding them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from powermap.extract.model import Extraction
from powermap.graph.store.backends import OxigraphStore, open_store
from powermap.graph.store.ingest import ingest

FIXTURES = Path(__file__).parent.parent / "fixtures" / "graph"
CONNECTED = ("doha", "opec", "imf")


def load_extraction(name: str) -> Extraction:
    """tests/fixtures/graph/<name>.json as an Extraction."""
    return Extraction.from_dict(json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))


@pytest.fixture
def extractions() -> list[Extraction]:
    """Three small extractions that share actors (United States, Iran)."""
    return [load_extraction(name) for name in CONNECTED]


@pytest.fixture
def store(tmp_path: Path, extractions: list[Extraction]) -> Iterator[OxigraphStore]:
    """A writable on-disk store with the three extractions ingested."""
    with open_store(tmp_path / "store") as opened:
        assert isinstance(opened, OxigraphStore)
        summary = ingest(opened, extractions)
        assert summary.ok, summary.failed
        yield opened


@pytest.fixture
def load() -> object:
    """``load(name)``: a fixture extraction by file stem."""
    return load_extraction
