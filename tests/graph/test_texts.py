"""An analysis's text: its claims' evidence marked in the sections, and its text from the store."""

from __future__ import annotations

import json
from pathlib import Path

from powermap.extract.model import Extraction
from powermap.graph.site.analysis_text import AnalysisText, highlight, read_text, read_texts
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest
from powermap.graph.views.index import open_index, sync_index
from powermap.graph.views.snapshot import ClaimRecord

READERS = Path(__file__).parent.parent / "fixtures" / "readers"


def claim(cid: str, evidence: str) -> ClaimRecord:
    return ClaimRecord(cid, "a1", "qatar", "brokers", "gains", "forward", evidence, 0.8)


def test_highlight_marks_each_evidence_sentence_once_for_all_its_claims() -> None:
    text = "One. Qatar hosts. Two."
    segments, found = highlight(text, [claim("c1", "Qatar hosts."), claim("c2", "Qatar hosts.")])
    assert [(s.text, [c.id for c in s.claims]) for s in segments] == [
        ("One. ", []),
        ("Qatar hosts.", ["c1", "c2"]),
        (" Two.", []),
    ]
    assert found == {"c1", "c2"}


def test_highlight_skips_evidence_not_in_the_text_and_overlapping_marks() -> None:
    text = "Qatar hosts the talks. Iran waits."
    claims = [claim("c1", "Qatar hosts the talks."), claim("c2", "hosts"), claim("c3", "Gone.")]
    segments, found = highlight(text, claims)
    assert "".join(s.text for s in segments) == text
    assert found == {"c1"}


def test_read_texts_gives_sections_in_page_order_with_summary_and_source(tmp_path: Path) -> None:
    extraction = Extraction.from_dict(json.loads((READERS / "talks-jan.json").read_text("utf-8")))
    with open_store(tmp_path / "store") as store:
        assert ingest(store, [extraction]).ok
        text = read_texts(store)["talks-jan"]
    assert [s.heading for s in text.sections] == ["What happened", "Who gains leverage"]
    assert text.sections[1].text.startswith("Qatar brokers between Iran")
    assert (text.summary, text.genre, text.minutes) == (
        "Iran and the United States talk through Qatar.",
        "Reporting",
        3,
    )
    assert (text.outlet, text.source) == ("Wire", "https://example.org/talks-jan")


def test_read_text_from_the_views_index_is_what_read_texts_reads_from_the_store(
    tmp_path: Path,
) -> None:
    names = ("talks-jan", "oil-mar", "wheat-apr", "talks-jun", "payload")
    extractions = [
        Extraction.from_dict(json.loads((READERS / f"{n}.json").read_text("utf-8"))) for n in names
    ]
    with open_store(tmp_path / "store") as store:
        assert ingest(store, extractions).ok
        sync_index(store)
        from_store = read_texts(store)
        index = open_index(store)
    assert index is not None
    with index:
        assert {a: read_text(index, a) for a in from_store} == from_store
        assert read_text(index, "not-an-analysis") == AnalysisText()
    assert all(text.sections for text in from_store.values())
