"""Companies named as parties are actors even where NER misses them (the sentences
are our own); a company's name used for something else is not."""

from __future__ import annotations

import pytest

from powermap.extract.model import Analysis, Section
from powermap.extract.pipeline import Extractor


@pytest.fixture(scope="module")
def rules_only() -> Extractor:
    return Extractor(model=None)


def _extract(extractor: Extractor, text: str):  # type: ignore[no-untyped-def]
    return extractor.extract(Analysis(id="t", title="t", sections=[Section("Article", text)]))


def test_a_retailer_ner_misses_is_the_party_that_squeezes(rules_only: Extractor) -> None:
    extraction = _extract(rules_only, "Walmart squeezed its suppliers for lower prices.")
    claims = {(c.holder, c.relation, c.counterpart) for c in extraction.claims}
    assert ("walmart", "pressures", "suppliers") in claims


def test_carmakers_named_as_rivals_are_actors(rules_only: Extractor) -> None:
    ids = {a.id for a in _extract(rules_only, "Tesla cut prices in China to fend off BYD.").actors}
    assert {"tesla", "byd"} <= ids


def test_a_company_name_that_is_also_a_place_needs_ner_to_agree(rules_only: Extractor) -> None:
    text = "Rain fell across the Amazon basin and the Andes this week."
    assert "amazon" not in {a.id for a in _extract(rules_only, text).actors}
