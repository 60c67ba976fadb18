"""The trained claim model: its arithmetic, its decisions and its reproducibility."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from powermap.extract.candidates import PairCandidate, RoleCandidate, Sentence
from powermap.extract.claimmodel import (
    STEPS,
    ClaimModel,
    LinearModel,
    decide,
    infer_from_discourse,
    load_model,
)
from powermap.extract.model import Claim

ROOT = Path(__file__).resolve().parents[2]


def claim(holder: str, relation: str, polarity: str, evidence: str, **kw: object) -> Claim:
    base: dict[str, object] = dict(
        counterpart=None, between=[], mechanism=None, section="Article", confidence=0.8
    )
    base.update(kw)
    return Claim(holder, relation, polarity, evidence=evidence, **base)  # type: ignore[arg-type]


def test_linear_model_probabilities_sum_to_one_for_binary_and_multinomial() -> None:
    binary = LinearModel(("0", "1"), (0.5,), {"x": (2.0,)})
    multi = LinearModel(("a", "b", "c"), (0.0, 1.0, -1.0), {"x": (1.0, 0.0, 0.0)})
    for model in (binary, multi):
        p = model.proba({"x": 1.0, "unknown": 1.0})
        assert abs(sum(p.values()) - 1.0) < 1e-9
    assert binary.proba({"x": 1.0})["1"] > binary.proba({})["1"]


def test_linear_model_scores_do_not_depend_on_the_order_of_the_features() -> None:
    weights = {f"f{i}": (0.1 * i + 1e-17 * i * i,) for i in range(40)}
    model = LinearModel(("0", "1"), (0.3,), weights)
    features = {f"f{i}": 1.0 / (i + 1) for i in range(40)}
    backwards = dict(reversed(features.items()))
    assert model.proba(features) == model.proba(backwards)  # exactly, to the last bit


def test_a_rule_claim_the_role_model_finds_implausible_is_vetoed() -> None:
    role = LinearModel(("gains", "none"), (5.0,), {})  # binary: p(none) ~ 1
    pair = LinearModel(("0", "1"), (-5.0,), {})
    model = ClaimModel(role, pair, {"veto": 0.1}, frozenset({"veto"}))
    section = "Who gains leverage"
    c = claim("iran", "gains_leverage", "gains", "Iran gains.", section=section)
    s = Sentence(section, "Iran gains.", 0, ["iran"], [c], [RoleCandidate("iran", {})])
    assert decide([s], model, [c]) == []
    kept = ClaimModel(role, pair, {"veto": 0.1}, frozenset())
    assert decide([s], kept, [c]) == [c]


def test_news_claims_are_vetoed_only_by_the_news_veto_step() -> None:
    role = LinearModel(("gains", "none"), (5.0,), {})  # binary: p(none) ~ 1
    pair = LinearModel(("0", "1"), (-5.0,), {})
    c = claim("iran", "gains_leverage", "gains", "Iran gains.")  # a news story's sentence
    s = Sentence("Article", "Iran gains.", 0, ["iran"], [c], [RoleCandidate("iran", {})])
    analyses_only = ClaimModel(role, pair, {"veto": 0.1}, frozenset({"veto"}))
    assert decide([s], analyses_only, [c]) == [c]
    news_too = ClaimModel(role, pair, {"veto": 0.1}, frozenset({"veto", "news_veto"}))
    assert decide([s], news_too, [c]) == []


def test_the_news_counterpart_step_fills_counterparts_in_news_stories_only() -> None:
    role = LinearModel(("gains", "none"), (-5.0,), {})  # p(gains) ~ 1: no veto
    pair = LinearModel(("0", "1"), (0.0,), {})  # p = 0.5 for every pair
    thresholds = {"counterpart": 0.6, "news_counterpart": 0.4}
    model = ClaimModel(role, pair, thresholds, frozenset({"news_counterpart"}))
    for section, expected in (("Article", "peru"), ("Who gains leverage", None)):
        c = claim("chile", "pressures", "gains", "Chile pressed Peru.", section=section)
        pairs = [PairCandidate("chile", "peru", "sent", {})]
        s = Sentence(section, c.evidence, 0, ["chile", "peru"], [c], [], pairs)
        assert [x.counterpart for x in decide([s], model, [c])] == [expected]


def test_the_news_role_step_adds_claims_in_news_stories_at_its_own_threshold() -> None:
    role = LinearModel(("gains", "none"), (0.0,), {})  # p(gains) = 0.5
    pair = LinearModel(("0", "1"), (-5.0,), {})
    thresholds = {"add_role": 0.6, "news_add_role": 0.45}
    model = ClaimModel(role, pair, thresholds, frozenset({"add_role", "news_add_role"}))
    for section, added in (("Article", ["chile"]), ("Who gains leverage", [])):
        s = Sentence(section, "Chile did well.", 0, ["chile"], [], [RoleCandidate("chile", {})])
        assert [c.holder for c in decide([s], model, [])] == added


def test_the_news_pair_step_adds_pairs_in_news_stories_at_its_own_threshold() -> None:
    role = LinearModel(("gains", "none"), (5.0,), {})  # p(gains) ~ 0: no role added
    pair = LinearModel(("0", "1"), (0.0,), {})  # p = 0.5 for every pair
    thresholds = {"add_pair": 0.7, "news_add_pair": 0.4}
    model = ClaimModel(role, pair, thresholds, frozenset({"add_pair", "news_add_pair"}))
    for section, added in (("Article", [("chile", "peru")]), ("Who gains leverage", [])):
        pairs = [PairCandidate("chile", "peru", "sent", {})]
        s = Sentence(section, "Chile and Peru.", 0, ["chile", "peru"], [], [], pairs)
        assert [(c.holder, c.counterpart) for c in decide([s], model, [])] == added


def test_a_gain_after_a_loss_takes_the_loser_as_inferred_counterpart() -> None:
    lost = claim("united-states", "bears_cost", "loses", "Washington lost ground.")
    gain = claim("china", "gains_leverage", "gains", "Beijing gains as well.")
    out = infer_from_discourse([lost, gain])
    assert out[1].counterpart == "united-states"
    assert out[1].basis == "inferred" and out[1].confidence < gain.confidence
    assert out[0].basis == "stated"


def test_the_discourse_gives_no_counterpart_when_two_parties_compete() -> None:
    a = claim("france", "bears_cost", "loses", "France and Spain lost.")
    b = claim("spain", "bears_cost", "loses", "France and Spain lost.")
    gain = claim("italy", "gains_leverage", "gains", "Italy gains.")
    assert infer_from_discourse([a, b, gain])[2].counterpart is None


def test_the_shipped_model_loads_offline_and_uses_known_steps() -> None:
    model = load_model()
    assert model is not None
    assert model.use <= set(STEPS)
    assert model.meta["documents"] >= 60 and model.meta["pair_candidates"] >= 1000


def test_an_extraction_marks_an_inferred_counterpart_in_its_json() -> None:
    from powermap.extract.model import Analysis, Section
    from powermap.extract.pipeline import Extractor

    text = "Washington lost ground in the talks. Beijing gains as well."
    analysis = Analysis(id="t", title="Talks", sections=[Section("Article", text)])
    claims = Extractor().extract(analysis).to_dict()["claims"]
    inferred = [c for c in claims if c["basis"] == "inferred"]
    assert [(c["holder"], c["counterpart"]) for c in inferred] == [("china", "united-states")]


@pytest.mark.slow
def test_retraining_from_the_committed_annotations_reproduces_the_shipped_model(
    tmp_path: Path,
) -> None:
    from powermap.extract.training import main

    main(
        [
            "--annotations",
            str(ROOT / "data" / "claims"),
            "--out",
            str(tmp_path / "claims.json"),
            "--candidates",
            str(tmp_path / "candidates.jsonl"),
        ]
    )
    fresh = json.loads((tmp_path / "claims.json").read_text())
    shipped = json.loads((ROOT / "extract" / "models" / "claims.json").read_text())
    assert fresh["meta"] == shipped["meta"] and fresh["use"] == shipped["use"]
    for part in ("role", "pair"):
        assert fresh[part]["classes"] == shipped[part]["classes"]
        assert fresh[part]["weights"].keys() == shipped[part]["weights"].keys()
        for name, weights in shipped[part]["weights"].items():
            assert fresh[part]["weights"][name] == pytest.approx(weights, abs=1e-3)
    committed = (ROOT / "data" / "claims" / "candidates.jsonl").read_text()
    assert (tmp_path / "candidates.jsonl").read_text() == committed


@pytest.mark.slow
def test_cross_validation_scores_each_held_out_fold_with_and_without_the_model(
    tmp_path: Path,
) -> None:
    from powermap.extract.training import cross_validate

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    annotations = tmp_path / "claims"
    annotations.mkdir()
    for stem in sorted(p.name[: -len(".gold.json")] for p in (ROOT / "data").glob("*.gold.json"))[
        :4
    ]:
        gold = json.loads((ROOT / "data" / f"{stem}.gold.json").read_text())
        shutil.copy(ROOT / "data" / f"{stem}.gold.json", corpus)
        shutil.copy(ROOT / "data" / gold["document"], corpus)
        shutil.copy(ROOT / "data" / "claims" / "data" / f"{stem}.jsonl", annotations)
    cv = cross_validate(corpus, annotations, folds=2)
    report = cv.to_dict()
    assert cv.documents == 4 and len(cv.rules) == len(cv.model) == 2
    assert set(report["rules+model"]["mean"]) == {
        "actors", "gainers", "losers", "pairs", "mechanisms"
    }  # fmt: skip


def test_sentence_cues_belong_to_their_own_doc_even_when_docs_come_and_go() -> None:
    # a memo keyed by id(doc) handed a freed doc's cues to the next doc at that
    # address, so features (and the retrained model) depended on memory reuse
    from powermap.extract.candidates import _sentence_cues
    from powermap.extract.nlp import load_nlp

    nlp = load_nlp()
    for n in range(40):
        text = "Iran gains leverage." if n % 2 else "Iran sends aid."
        doc = nlp(text)
        cues = _sentence_cues(next(iter(doc.sents)))
        assert ("cue=gain" in cues) == bool(n % 2), text
        del doc
