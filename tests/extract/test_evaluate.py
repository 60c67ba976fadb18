"""Scoring extractions against gold files (GOLD.md rules) and `powermap evaluate`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from powermap.cli import cli
from powermap.extract.errors import ReadError
from powermap.extract.evaluate import (
    Counts,
    gold_pairs,
    load_gold,
    load_predictions,
    match_key,
    pair_with_predictions,
    score,
    score_file,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "evaluate"
DATA = Path(__file__).parents[2] / "data"


# ------------------------------------------------------------ helpers


def gold(**blocks: Any) -> dict[str, Any]:
    """A gold annotation with empty blocks except those given."""
    base: dict[str, Any] = {"document": "x.txt", "metadata": {}, "stakes": []}
    for name in ("actors", "gainers", "losers", "pairs", "mechanisms"):
        base[name] = blocks.get(name, {"required": [], "allowed": []})
    base["metadata"] = blocks.get("metadata", {})
    return base


def entry(label: str, *aliases: str) -> dict[str, Any]:
    return {"label": label, "aliases": list(aliases)}


def actor(ident: str, label: str, *aliases: str) -> dict[str, Any]:
    return {"id": ident, "label": label, "kind": "State", "aliases": list(aliases), "mentions": []}


def claim(holder: str, relation: str, polarity: str, counterpart: str | None = None) -> dict:
    return {
        "holder": holder,
        "relation": relation,
        "polarity": polarity,
        "counterpart": counterpart,
        "between": [],
        "mechanism": None,
        "section": "Who gains leverage",
        "evidence": "...",
        "confidence": 0.5,
    }


def prediction(actors=(), claims=(), mechanisms=(), **analysis: Any) -> dict[str, Any]:
    return {
        "schema": "powermap/extraction/v1",
        "analysis": {"id": "x", "document": "x.txt", **analysis},
        "actors": list(actors),
        "claims": list(claims),
        "mechanisms": list(mechanisms),
        "stakes": [],
        "watch": [],
    }


def counts(g: dict[str, Any], p: dict[str, Any], name: str) -> tuple[int, int, int]:
    c = score_file(g, p).counts[name]
    return c.tp, c.fp, c.fn


US = entry("United States", "U.S.", "Washington")
IRAN = entry("Iran", "Tehran", "Iranian")
QATAR = entry("Qatar", "Doha", "Qatari")
MEDIATORS = entry("mediators", "hosts")


# ------------------------------------------------------------ normalisation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("U.S.", "US"),
        ("The Commission", "commission"),
        ("China's", "China"),
        ("China’s", "china"),
        ("supply-chain chokepoint", "supply chain chokepoint"),
        ("united_states", "United States"),
        ("Labor & Economy", "labor  economy"),
        ("ＵＳ", "us"),
        ("  Third-party   mediation ", "third party mediation"),
    ],
)
def test_normalise_treats_surface_variants_of_a_name_as_equal(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


def test_normalise_keeps_words_that_merely_start_with_the() -> None:
    assert match_key("Theater Command") == "theater command"


# ------------------------------------------------------------ counts


def test_counts_give_precision_recall_and_f1() -> None:
    c = Counts(tp=5, fp=3, fn=2)
    assert (c.precision, c.recall) == (5 / 8, 5 / 7)
    assert c.f1 == pytest.approx(2 / 3)


def test_counts_are_perfect_only_when_nothing_was_expected_or_predicted() -> None:
    assert (Counts().precision, Counts().recall, Counts().f1) == (1.0, 1.0, 1.0)
    assert (Counts(fn=2).precision, Counts(fn=2).f1) == (0.0, 0.0)
    assert (Counts(fp=2).recall, Counts(fp=2).f1) == (0.0, 0.0)


# ------------------------------------------------------------ actors


def test_actor_matches_gold_by_id_label_or_alias() -> None:
    g = gold(actors={"required": [US, IRAN, QATAR], "allowed": []})
    p = prediction(
        [actor("united-states", "USA"), actor("x1", "Tehran"), actor("x2", "Emirate", "Doha")]
    )
    assert counts(g, p, "actors") == (3, 0, 0)


def test_a_second_prediction_of_the_same_actor_is_a_false_positive() -> None:
    g = gold(actors={"required": [QATAR], "allowed": []})
    p = prediction([actor("qatar", "Qatar"), actor("doha", "Doha")])
    report = score_file(g, p)
    assert (report.counts["actors"].tp, report.counts["actors"].fp) == (1, 1)
    assert report.false_positives["actors"] == ["Doha (duplicate)"]


def test_allowed_actor_is_neither_rewarded_nor_penalised() -> None:
    g = gold(actors={"required": [US], "allowed": [MEDIATORS]})
    with_allowed = prediction([actor("united-states", "U.S."), actor("hosts", "hosts")])
    without = prediction([actor("united-states", "U.S.")])
    assert counts(g, with_allowed, "actors") == counts(g, without, "actors") == (1, 0, 0)


def test_unknown_actor_is_false_positive_and_missing_one_is_false_negative() -> None:
    g = gold(actors={"required": [US, IRAN], "allowed": []})
    report = score_file(g, prediction([actor("us", "US"), actor("israel", "Israel")]))
    assert (report.counts["actors"].tp, report.counts["actors"].fp) == (1, 1)
    assert report.counts["actors"].fn == 1
    assert report.missed["actors"] == ["Iran"]
    assert report.false_positives["actors"] == ["Israel"]


def test_actor_matching_finds_the_assignment_that_matches_most_gold_actors() -> None:
    # "Gulf" fits both gold entries; only the maximum matching gives both a hit
    g = gold(actors={"required": [entry("Qatar", "Gulf"), entry("GCC", "Gulf")], "allowed": []})
    p = prediction([actor("gulf", "Gulf"), actor("qatar", "Qatar")])
    assert counts(g, p, "actors") == (2, 0, 0)


# ------------------------------------------------------------ gainers and losers


def test_gainers_and_losers_come_from_claim_polarity_once_per_actor() -> None:
    g = gold(
        actors={"required": [US, IRAN, entry("ordinary citizens")], "allowed": []},
        gainers={"required": ["Iran"], "allowed": []},
        losers={"required": ["ordinary citizens"], "allowed": []},
    )
    p = prediction(
        [actor("iran", "Iran"), actor("ordinary-citizens", "ordinary citizens")],
        [
            claim("iran", "gains_leverage", "gains"),
            claim("iran", "benefits", "gains"),
            claim("ordinary-citizens", "bears_cost", "loses"),
        ],
    )
    assert counts(g, p, "gainers") == (1, 0, 0)
    assert counts(g, p, "losers") == (1, 0, 0)


def test_gain_claimed_for_an_actor_the_gold_denies_is_a_false_positive() -> None:
    # "Pakistan does not gain leverage": a required actor absent from gainers
    g = gold(
        actors={"required": [QATAR, entry("Pakistan")], "allowed": []},
        gainers={"required": ["Qatar"], "allowed": []},
    )
    p = prediction(
        [actor("qatar", "Qatar"), actor("pakistan", "Pakistan")],
        [claim("qatar", "brokers", "gains"), claim("pakistan", "gains_leverage", "gains")],
    )
    report = score_file(g, p)
    assert counts(g, p, "gainers") == (1, 1, 0)
    assert report.false_positives["gainers"] == ["Pakistan"]


def test_allowed_gainer_is_neutral_and_holder_id_resolves_through_aliases() -> None:
    g = gold(
        actors={"required": [US, IRAN], "allowed": []},
        gainers={"required": ["Iran"], "allowed": ["United States"]},
    )
    p = prediction(
        [actor("washington", "Washington"), actor("tehran", "Tehran")],
        [claim("washington", "pressures", "gains"), claim("tehran", "benefits", "gains")],
    )
    assert counts(g, p, "gainers") == (1, 0, 0)


def test_gain_held_by_an_allowed_actor_is_neutral() -> None:
    g = gold(
        actors={"required": [QATAR], "allowed": [MEDIATORS]},
        gainers={"required": ["Qatar"], "allowed": []},
    )
    p = prediction(
        [actor("qatar", "Qatar"), actor("hosts", "hosts")],
        [claim("qatar", "brokers", "gains"), claim("hosts", "brokers", "gains")],
    )
    assert counts(g, p, "gainers") == (1, 0, 0)


def test_claim_holder_missing_from_the_actors_matches_no_gold_actor() -> None:
    g = gold(
        actors={"required": [entry("Indian exporters")], "allowed": []},
        losers={"required": ["Indian exporters"], "allowed": []},
    )
    p = prediction([], [claim("indian-exporters", "bears_cost", "loses")])
    report = score_file(g, p)
    assert counts(g, p, "losers") == (0, 1, 1)
    assert report.false_positives["losers"] == ["indian-exporters"]


# ------------------------------------------------------------ pairs


def pairs_gold(**pairs: Any) -> dict[str, Any]:
    return gold(
        actors={"required": [US, IRAN, QATAR], "allowed": [MEDIATORS]},
        pairs={"required": pairs.get("required", []), "allowed": pairs.get("allowed", [])},
    )


ACTORS = [actor("us", "United States"), actor("iran", "Iran"), actor("qatar", "Qatar")]


def test_loses_claim_gives_the_pair_with_the_counterpart_as_stronger() -> None:
    g = pairs_gold(required=[["United States", "Iran"]])
    p = prediction(ACTORS, [claim("iran", "depends_on", "loses", "us")])
    assert counts(g, p, "pairs") == (1, 0, 0)


def test_gains_and_neutral_claims_give_holder_over_counterpart() -> None:
    g = pairs_gold(required=[["Iran", "United States"], ["Qatar", "Iran"]])
    p = prediction(
        ACTORS,
        [
            claim("iran", "gains_leverage", "gains", "us"),
            claim("qatar", "influences", "neutral", "iran"),
        ],
    )
    assert counts(g, p, "pairs") == (2, 0, 0)


def test_a_pair_in_the_wrong_direction_is_a_false_positive_unless_allowed() -> None:
    strict = pairs_gold(required=[["Iran", "United States"]])
    lenient = pairs_gold(required=[["Iran", "United States"]], allowed=[["United States", "Iran"]])
    p = prediction(ACTORS, [claim("us", "pressures", "gains", "iran")])
    assert counts(strict, p, "pairs") == (0, 1, 1)
    assert counts(lenient, p, "pairs") == (0, 0, 1)


def test_pair_touching_an_allowed_actor_is_neutral() -> None:
    g = pairs_gold(required=[["Iran", "United States"]])
    p = prediction(
        ACTORS + [actor("hosts", "hosts")],
        [
            claim("hosts", "constrains", "gains", "iran"),
            claim("iran", "concedes", "loses", "hosts"),
        ],
    )
    assert counts(g, p, "pairs") == (0, 0, 1)


def test_pair_of_an_allowed_actor_with_an_unknown_one_is_a_false_positive() -> None:
    g = pairs_gold(required=[["Iran", "United States"]])
    p = prediction(
        ACTORS + [actor("hosts", "hosts"), actor("israel", "Israel")],
        [claim("hosts", "pressures", "gains", "israel")],
    )
    assert counts(g, p, "pairs") == (0, 1, 1)


def test_the_same_pair_from_several_claims_counts_once() -> None:
    g = pairs_gold(required=[["Iran", "United States"]])
    p = prediction(
        ACTORS,
        [
            claim("iran", "gains_leverage", "gains", "us"),
            claim("us", "concedes", "loses", "iran"),
        ],
    )
    assert counts(g, p, "pairs") == (1, 0, 0)


# ------------------------------------------------------------ mechanisms


def test_mechanisms_match_like_actors_with_duplicates_and_allowed_entries() -> None:
    g = gold(
        mechanisms={
            "required": [entry("third-party mediation", "mediation"), entry("sanctions")],
            "allowed": [entry("indirect negotiation", "indirect talks")],
        }
    )
    p = prediction(
        mechanisms=[
            {"id": "third-party-mediation", "label": "third-party mediation", "evidence": []},
            {"id": "mediation", "label": "mediation", "evidence": []},
            {"id": "indirect-talks", "label": "indirect talks", "evidence": []},
            {"id": "tariffs", "label": "tariffs", "evidence": []},
        ]
    )
    report = score_file(g, p)
    assert counts(g, p, "mechanisms") == (1, 2, 1)
    assert report.missed["mechanisms"] == ["sanctions"]
    assert report.false_positives["mechanisms"] == ["mediation (duplicate)", "tariffs"]


# ------------------------------------------------------------ metadata and reports


def test_metadata_is_compared_per_field_the_gold_states() -> None:
    g = gold(
        metadata={
            "title": "Doha backchannels: U.S. and Iran talk",
            "lens": None,
            "published": "2026-07-02",
            "source": "NPR",
            "topics": ["news analysis", "global"],
        }
    )
    p = prediction(
        title="Doha backchannels — US and Iran talk",
        lens="Global Power Plays",
        type="Reporting",
        published="2026-07-02",
        source={"name": "npr", "url": None},
        topics=["global", "news analysis"],
    )
    report = score_file(g, p)
    assert report.metadata == {
        "title": True,
        "lens": False,
        "published": True,
        "source": True,
        "topics": True,
    }
    assert report.metadata_mismatches == {"lens": {"gold": None, "predicted": "Global Power Plays"}}


def test_scores_are_micro_averaged_over_files() -> None:
    g = gold(actors={"required": [US, IRAN, QATAR], "allowed": []})
    perfect = prediction([actor("us", "US"), actor("iran", "Iran"), actor("qatar", "Qatar")])
    poor = prediction([actor("us", "US"), actor("x", "Israel")])
    report = score([(g, perfect), (g, poor)])
    c = report.fields["actors"]
    assert (c.tp, c.fp, c.fn) == (4, 1, 2)
    assert (c.precision, c.recall) == (4 / 5, 4 / 6)  # not the mean of 1.0 and 0.5
    data = report.to_dict()
    assert data["files"] == 2
    assert data["fields"]["actors"]["precision"] == 0.8
    assert [f["fields"]["actors"]["tp"] for f in data["per_file"]] == [3, 1]


def test_fixture_corpus_scores_the_numbers_worked_out_by_hand() -> None:
    pairs, missing = pair_with_predictions(
        gold_pairs(FIXTURES), load_predictions(FIXTURES / "pred.json")
    )
    report = score(pairs)
    assert missing == []
    got = {name: (c.tp, c.fp, c.fn) for name, c in report.fields.items()}
    assert got == {
        "actors": (6, 3, 1),
        "gainers": (3, 1, 0),
        "losers": (1, 2, 1),
        "pairs": (2, 1, 0),
        "mechanisms": (2, 2, 1),
    }
    assert report.metadata_accuracy["type"] == (1, 2)
    assert report.metadata_accuracy["topics"] == (2, 2)


# ------------------------------------------------------------ loading


def test_gold_pairs_lists_each_gold_file_with_the_document_beside_it() -> None:
    assert gold_pairs(FIXTURES) == [
        (FIXTURES / "alpha.txt", FIXTURES / "alpha.gold.json"),
        (FIXTURES / "beta.txt", FIXTURES / "beta.gold.json"),
    ]


def test_load_gold_fills_absent_blocks_and_rejects_a_file_without_document(
    tmp_path: Path,
) -> None:
    good = tmp_path / "a.gold.json"
    good.write_text('{"document": "a.txt"}', encoding="utf-8")
    assert load_gold(good)["pairs"] == {"required": [], "allowed": []}
    bad = tmp_path / "b.gold.json"
    bad.write_text('{"actors": {}}', encoding="utf-8")
    with pytest.raises(ReadError, match="b.gold.json.*document"):
        load_gold(bad)


def test_load_gold_names_the_file_when_json_is_broken(tmp_path: Path) -> None:
    path = tmp_path / "c.gold.json"
    path.write_text('{"document": ', encoding="utf-8")
    with pytest.raises(ReadError, match="c.gold.json: not valid JSON"):
        load_gold(path)


def test_load_predictions_reads_an_array_one_object_or_objects_in_a_row(tmp_path: Path) -> None:
    one = prediction()
    for text in (json.dumps([one, one]), json.dumps(one) + "\n" + json.dumps(one)):
        path = tmp_path / "p.json"
        path.write_text(text, encoding="utf-8")
        assert len(load_predictions(path)) == 2
    path.write_text(json.dumps(one, indent=2), encoding="utf-8")
    assert load_predictions(path) == [one]


def test_load_predictions_rejects_something_that_is_not_an_extraction(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('[{"actors": []}]', encoding="utf-8")
    with pytest.raises(ReadError, match="item 0 is not"):
        load_predictions(path)


def test_documents_without_a_prediction_score_as_finding_nothing() -> None:
    alpha_only = [p for p in load_predictions(FIXTURES / "pred.json") if "alpha" in str(p)]
    pairs, missing = pair_with_predictions(gold_pairs(FIXTURES), alpha_only)
    assert missing == [FIXTURES / "beta.txt"]
    beta = score([pairs[1]]).fields
    assert (beta["actors"].tp, beta["actors"].fn) == (0, 3)


# ------------------------------------------------------------ the sample corpus


def oracle(g: dict[str, Any]) -> dict[str, Any]:
    """The extraction a perfect extractor would make of a gold file."""
    slug = {}
    actors = []
    for e in g["actors"]["required"]:
        slug[match_key(e["label"])] = ident = "-".join(match_key(e["label"]).split())
        actors.append(actor(ident, e["label"], *e["aliases"]))
    claims = [claim(slug[match_key(n)], "benefits", "gains") for n in g["gainers"]["required"]]
    claims += [claim(slug[match_key(n)], "bears_cost", "loses") for n in g["losers"]["required"]]
    claims += [
        claim(slug[match_key(a)], "influences", "neutral", slug[match_key(b)])
        for a, b in g["pairs"]["required"]
    ]
    mechanisms = [
        {"id": "m", "label": e["label"], "evidence": []} for e in g["mechanisms"]["required"]
    ]
    m = g["metadata"]
    analysis = {**m, "source": {"name": m.get("source"), "url": None}}
    return prediction(actors, claims, mechanisms, **analysis)


SAMPLES = gold_pairs(DATA)


def test_sample_corpus_has_ten_or_more_analyses_in_all_four_formats() -> None:
    assert len(SAMPLES) >= 10
    suffixes = [doc.suffix for doc, _ in SAMPLES]
    assert suffixes.count(".html") >= 2 and suffixes.count(".md") >= 2
    news = [doc for doc, _ in SAMPLES if re.search(r"\(Reuters\) [-—]", doc.read_text("utf-8"))]
    assert len(news) >= 2
    site = [doc for doc, _ in SAMPLES if "\nLens" in doc.read_text("utf-8")]
    assert len(site) >= 4
    assert all(doc.exists() for doc, _ in SAMPLES)


@pytest.mark.parametrize("gold_path", [g for _, g in SAMPLES], ids=lambda p: p.stem)
def test_sample_gold_gives_a_perfect_score_to_a_perfect_extraction(gold_path: Path) -> None:
    g = load_gold(gold_path)
    report = score([(g, oracle(g))])
    for name, c in report.fields.items():
        assert (c.fp, c.fn) == (0, 0), name
    assert all(report.files[0].metadata.values())


@given(st.permutations(range(6)))
def test_score_does_not_depend_on_the_order_of_predicted_actors(order: list[int]) -> None:
    g = gold(actors={"required": [US, IRAN, QATAR], "allowed": [MEDIATORS]})
    items = [
        actor("us", "U.S."),
        actor("washington", "Washington"),
        actor("iran", "Iran"),
        actor("hosts", "hosts"),
        actor("israel", "Israel"),
        actor("doha", "Doha"),
    ]
    assert counts(g, prediction([items[i] for i in order]), "actors") == (3, 2, 0)


# ------------------------------------------------------------ the command


def evaluate(*args: str) -> Result:
    return CliRunner().invoke(cli, ["evaluate", *args])


def row(output: str, field: str) -> list[str]:
    line = next(li for li in output.splitlines() if re.match(rf"\W*{field}\b", li))
    return [cell.strip() for cell in line.split("│") if cell.strip()]


def test_evaluate_prints_scores_per_field_and_metadata_accuracy() -> None:
    result = evaluate(str(FIXTURES), "--pred", str(FIXTURES / "pred.json"))
    assert result.exit_code == 0, result.output
    assert row(result.stdout, "actors") == ["actors", "0.67", "0.86", "0.75", "6", "3", "1"]
    assert row(result.stdout, "mechanisms") == ["mechanisms", "0.50", "0.67", "0.57", "2", "2", "1"]
    assert row(result.stdout, "type") == ["type", "0.50", "1/2"]
    assert "missed" not in result.stdout


def test_evaluate_verbose_lists_misses_and_false_positives_per_file() -> None:
    result = evaluate(str(FIXTURES), "--pred", str(FIXTURES / "pred.json"), "-v")
    assert result.exit_code == 0, result.output
    assert "  missed actors: ordinary citizens" in result.stdout
    assert "  false positive actors: Qatar (duplicate); Israel" in result.stdout
    assert "  false positive pairs: United States -> Israel" in result.stdout
    assert "  false positive losers: steelmakers" in result.stdout
    assert "  metadata type: gold 'Reporting', predicted 'Analysis'" in result.stdout


def test_evaluate_json_gives_the_whole_report() -> None:
    result = evaluate(str(FIXTURES), "--pred", str(FIXTURES / "pred.json"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["files"] == 2
    assert data["fields"]["pairs"] == {
        "tp": 2,
        "fp": 1,
        "fn": 0,
        "precision": 2 / 3,
        "recall": 1.0,
        "f1": 0.8,
    }
    assert data["metadata"]["lens"] == {"correct": 2, "total": 2, "accuracy": 1.0}


def test_evaluate_warns_about_documents_without_a_prediction(tmp_path: Path) -> None:
    pred = tmp_path / "pred.json"
    preds = load_predictions(FIXTURES / "pred.json")
    pred.write_text(json.dumps(preds[:1]), encoding="utf-8")
    result = evaluate(str(FIXTURES), "--pred", str(pred))
    assert result.exit_code == 0, result.output
    beta = FIXTURES / "beta.txt"
    assert result.stderr == f"powermap: {beta}: no prediction; scored as finding nothing\n"


def test_evaluate_without_gold_files_fails_with_one_line(tmp_path: Path) -> None:
    result = evaluate(str(tmp_path), "--pred", str(FIXTURES / "pred.json"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"powermap: {tmp_path}: no gold files (*.gold.json) to score against\n"


def test_evaluate_reports_a_broken_prediction_file_in_one_line(tmp_path: Path) -> None:
    pred = tmp_path / "pred.json"
    pred.write_text("[{", encoding="utf-8")
    result = evaluate(str(FIXTURES), "--pred", str(pred))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"powermap: {pred}: not valid JSON")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.slow
def test_evaluate_extracts_the_sample_corpus_and_scores_it() -> None:
    result = evaluate(str(DATA), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["files"] == len(SAMPLES)
    assert data["fields"]["actors"]["recall"] > 0.5
