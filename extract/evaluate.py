"""Score extractions against gold annotations, by the rules of ``contract/GOLD.md``.

A gold file (``X.gold.json``) sits beside the analysis it annotates and says what
a careful reader takes from it: the actors, who gains and who loses, who holds
leverage over whom, the mechanisms, and the page's metadata. :func:`score`
compares extractions in the contract JSON form with gold files and returns a
:class:`Report`: precision, recall and F1 per field, micro-averaged over files,
metadata accuracy, and per file what was missed and what was wrongly predicted.

Matching rules
--------------
- Names are compared after :func:`match_key` (NFKC, casefold, "'s" dropped,
  ``-``, ``_`` and ``/`` read as spaces, punctuation removed, a leading "the"
  dropped), so ``U.S.`` = ``US`` and ``united-states`` = ``United States``.
- A predicted actor (or mechanism) matches a gold entry when its id, label or
  any alias equals the gold label or one of its aliases. Each required entry is
  matched at most once (maximum matching): a second prediction of it is a
  duplicate and counts as a false positive. Predictions that match an
  ``allowed`` entry are neither rewarded nor penalised.
- Gainers and losers are the actors holding a claim of polarity ``gains`` /
  ``loses``, counted once per actor. An actor the gold lists under ``allowed``
  (actors or gainers/losers) is neutral; a required actor the gold does not
  list as gainer (e.g. "Pakistan does not gain") is a false positive.
- Pairs are (stronger, weaker): (holder, counterpart) for ``gains`` and
  ``neutral`` claims, (counterpart, holder) for ``loses`` claims. A pair of
  gold actors that touches one listed under ``allowed`` is neutral; a pair
  with an end that is no gold actor at all is a false positive.
- Claims are read through the prediction's actors: a holder or counterpart id
  that is not among them matches no gold actor.
- An empty denominator scores 1.0 only when nothing was expected and nothing
  predicted, else 0.0; F1 is the harmonic mean of precision and recall.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from powermap.extract.errors import ReadError
from powermap.extract.model import RELATIONS, SCHEMA

__all__ = [
    "FIELDS",
    "GOLD_SUFFIX",
    "METADATA_FIELDS",
    "Counts",
    "FileReport",
    "Report",
    "empty_prediction",
    "gold_pairs",
    "load_gold",
    "load_predictions",
    "match_key",
    "pair_with_predictions",
    "score",
    "score_file",
]

GOLD_SUFFIX = ".gold.json"
FIELDS = ("actors", "gainers", "losers", "pairs", "mechanisms")
METADATA_FIELDS = ("title", "lens", "type", "published", "source", "topics")

_POSSESSIVE = re.compile(r"['\u2019]s\b")
_SEPARATORS = re.compile(r"[-_/\u2010-\u2015]")
_LEADING_THE = re.compile(r"^the\s+")


def match_key(text: str) -> str:
    """The shared scorer's comparison form of a name, so that surface variants compare equal.

    Deliberately not :func:`powermap.ontology.lexicon.normalise` (the gazetteer's
    lookup key): scores must match ``score_extraction.py``, which keeps accents.

    >>> match_key("The U.S.'s Treasury-Dept")
    'us treasury dept'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _POSSESSIVE.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))
    text = " ".join(text.split())
    return _LEADING_THE.sub("", text)


# ---------------------------------------------------------------- loading


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read one gold file, with every field GOLD.md names present (empty if absent).

    Raises :class:`ReadError` naming the file when it is not JSON or lacks the
    ``document`` it annotates.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ReadError(str(path), f"not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    except UnicodeDecodeError as exc:
        raise ReadError(str(path), "not UTF-8 text") from exc
    if not isinstance(data, dict):
        raise ReadError(str(path), "a gold file must hold one JSON object")
    if not isinstance(data.get("document"), str) or not data["document"]:
        raise ReadError(str(path), 'no "document" naming the analysis it annotates')
    gold: dict[str, Any] = dict(data)
    gold["metadata"] = dict(data.get("metadata") or {})
    for name in ("actors", "gainers", "losers", "pairs", "mechanisms"):
        block = data.get(name) or {}
        if not isinstance(block, dict):
            raise ReadError(str(path), f'"{name}" must be an object with "required" and "allowed"')
        gold[name] = {
            "required": list(block.get("required") or []),
            "allowed": list(block.get("allowed") or []),
        }
    for name in ("actors", "mechanisms"):
        for kind in ("required", "allowed"):
            for i, entry in enumerate(gold[name][kind]):
                if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
                    raise ReadError(str(path), f"{name}.{kind}[{i}] has no label")
    gold["stakes"] = list(data.get("stakes") or [])
    return gold


def gold_pairs(corpus_dir: str | Path) -> list[tuple[Path, Path]]:
    """Every ``X.gold.json`` under ``corpus_dir`` with the document it annotates.

    Returns ``(document_path, gold_path)`` pairs sorted by gold path; the
    document path is the gold's ``document`` read relative to the gold file.
    """
    root = Path(corpus_dir)
    if not root.is_dir():
        raise ReadError(str(root), "not a directory")
    pairs = []
    for gold_path in sorted(root.rglob(f"*{GOLD_SUFFIX}")):
        gold = load_gold(gold_path)
        pairs.append((gold_path.parent / gold["document"], gold_path))
    return pairs


def load_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Read saved extractions: a JSON array, one object, or objects one after another.

    This is what ``powermap extract --format json`` prints for a folder, a file,
    or several files.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError(str(path), "not UTF-8 text") from exc
    decoder = json.JSONDecoder()
    items: list[Any] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos == len(text):
            break
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise ReadError(str(path), f"not valid JSON ({exc.msg}, line {exc.lineno})") from exc
        items.extend(value if isinstance(value, list) else [value])
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("analysis"), dict):
            raise ReadError(str(path), f"item {i} is not a {SCHEMA} extraction")
    return items


def empty_prediction(document: str) -> dict[str, Any]:
    """An extraction that found nothing, for a document with no prediction."""
    analysis: dict[str, Any] = {
        "id": Path(document).stem,
        "document": document,
        "title": None,
        "lens": None,
        "type": None,
        "published": None,
        "source": {"name": None, "url": None},
        "topics": [],
        "sections": [],
    }
    return {
        "schema": SCHEMA,
        "analysis": analysis,
        "actors": [],
        "claims": [],
        "mechanisms": [],
        "stakes": [],
        "watch": [],
    }


def pair_with_predictions(
    corpus: Sequence[tuple[Path, Path]], predictions: Iterable[Mapping[str, Any]]
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[Path]]:
    """Pair each gold of ``corpus`` (from :func:`gold_pairs`) with its prediction.

    A prediction belongs to a document when its ``analysis.document`` is the
    same path or, failing that, has the same file name. Documents without one
    are scored against :func:`empty_prediction` and returned as the second item.
    """
    by_path: dict[str, dict[str, Any]] = {}
    by_name: dict[str, dict[str, Any]] = {}
    for pred in predictions:
        document = (pred.get("analysis") or {}).get("document")
        if isinstance(document, str) and document:
            by_path.setdefault(_path_key(document), dict(pred))
            by_name.setdefault(Path(document).name, dict(pred))
    scored: list[tuple[dict[str, Any], dict[str, Any]]] = []
    missing: list[Path] = []
    for document, gold_path in corpus:
        found = by_path.get(_path_key(str(document))) or by_name.get(document.name)
        if found is None:
            missing.append(document)
        pred = found if found is not None else empty_prediction(str(document))
        scored.append((load_gold(gold_path), pred))
    return scored, missing


def _path_key(document: str) -> str:
    try:
        return str(Path(document).resolve())
    except (OSError, RuntimeError):
        return document


# ---------------------------------------------------------------- reports


@dataclass
class Counts:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); with nothing predicted, 1.0 only if nothing was expected."""
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        """tp / (tp + fn); with nothing expected, 1.0 only if nothing was predicted."""
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class FileReport:
    """The scores of one analysis and what went wrong in it."""

    document: str
    counts: dict[str, Counts]
    missed: dict[str, list[str]]
    false_positives: dict[str, list[str]]
    metadata: dict[str, bool]
    metadata_mismatches: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "fields": {name: c.to_dict() for name, c in self.counts.items()},
            "missed": self.missed,
            "false_positives": self.false_positives,
            "metadata": self.metadata,
            "metadata_mismatches": self.metadata_mismatches,
        }


@dataclass
class Report:
    """Scores over a corpus: fields micro-averaged over files, metadata accuracy, misses."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def fields(self) -> dict[str, Counts]:
        """Counts per field, summed over files (micro-average)."""
        totals = {name: Counts() for name in FIELDS}
        for report in self.files:
            for name in FIELDS:
                totals[name] = totals[name] + report.counts[name]
        return totals

    @property
    def metadata_accuracy(self) -> dict[str, tuple[int, int]]:
        """(correct, total) per metadata field, over the files whose gold states it."""
        tally: dict[str, tuple[int, int]] = {}
        for name in METADATA_FIELDS:
            results = [r.metadata[name] for r in self.files if name in r.metadata]
            if results:
                tally[name] = (sum(results), len(results))
        return tally

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return {
            "files": len(self.files),
            "fields": {name: c.to_dict() for name, c in self.fields.items()},
            "metadata": {
                name: {"correct": ok, "total": n, "accuracy": ok / n}
                for name, (ok, n) in self.metadata_accuracy.items()
            },
            "per_file": [r.to_dict() for r in self.files],
        }


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class _Entry:
    """A gold actor or mechanism: its label and the normalised names it goes by."""

    label: str
    keys: frozenset[str]


@dataclass(frozen=True)
class _Item:
    """A predicted actor or mechanism: its id, a display name and its normalised names."""

    id: str
    name: str
    keys: frozenset[str]


@dataclass
class _Matching:
    counts: Counts
    missed: list[str]
    false_positives: list[str]
    resolved: dict[str, _Entry]  # predicted id -> gold entry it stands for


def _entries(block: Iterable[Mapping[str, Any]]) -> list[_Entry]:
    out = []
    for entry in block:
        names = [entry["label"], *(entry.get("aliases") or [])]
        out.append(_Entry(entry["label"], frozenset(k for k in map(match_key, names) if k)))
    return out


def _items(predicted: Iterable[Mapping[str, Any]]) -> list[_Item]:
    out = []
    for i, item in enumerate(predicted):
        ident = str(item.get("id") or item.get("label") or f"#{i}")
        name = str(item.get("label") or ident)
        names = [ident, name, *(item.get("aliases") or [])]
        out.append(_Item(ident, name, frozenset(k for k in map(match_key, names) if k)))
    return out


def _max_matching(items: Sequence[_Item], required: Sequence[_Entry]) -> dict[int, int]:
    """Maximum bipartite matching item index -> required index (Kuhn's augmenting paths)."""
    owner: dict[int, int] = {}  # required index -> item index

    def augment(i: int, seen: set[int]) -> bool:
        for j, entry in enumerate(required):
            if j in seen or not items[i].keys & entry.keys:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(items)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _match(items: Sequence[_Item], required: list[_Entry], allowed: list[_Entry]) -> _Matching:
    """Score predicted items against required and allowed gold entries."""
    assigned = _max_matching(items, required)
    counts = Counts(tp=len(assigned), fn=len(required) - len(assigned))
    false_positives: list[str] = []
    resolved: dict[str, _Entry] = {}
    for i, item in enumerate(items):
        if i in assigned:
            resolved.setdefault(item.id, required[assigned[i]])
            continue
        allowed_hit = next((e for e in allowed if item.keys & e.keys), None)
        required_hit = next((e for e in required if item.keys & e.keys), None)
        hit = required_hit or allowed_hit
        if hit is not None:
            resolved.setdefault(item.id, hit)
        if allowed_hit is None:
            counts.fp += 1
            false_positives.append(f"{item.name} (duplicate)" if required_hit else item.name)
    missed = [e.label for j, e in enumerate(required) if j not in assigned.values()]
    return _Matching(counts, missed, false_positives, resolved)


class _Resolver:
    """Maps predicted actor ids and gold names to one canonical gold key."""

    def __init__(
        self, matching: _Matching, entries: list[_Entry], actors: dict[str, _Item]
    ) -> None:
        self._matching = matching
        self._entries = entries
        self._actors = actors

    def gold(self, name: str) -> str:
        """Canonical key of a name used inside the gold (a label or an alias)."""
        key = match_key(name)
        entry = next((e for e in self._entries if key in e.keys), None)
        return match_key(entry.label) if entry else key

    def predicted(self, actor_id: str) -> tuple[str, str]:
        """(canonical key, display name) of a predicted actor id.

        An id missing from the prediction's actors resolves to nothing: its
        claims count against the extraction, which broke the contract.
        """
        item = self._actors.get(actor_id)
        if item is None:
            return f"\0{actor_id}", actor_id
        entry = self._matching.resolved.get(actor_id)
        if entry is None:
            entry = next((e for e in self._entries if item.keys & e.keys), None)
        if entry is not None:
            return match_key(entry.label), entry.label
        return match_key(item.name), item.name


def _polarity(claim: Mapping[str, Any]) -> str | None:
    polarity = claim.get("polarity") or RELATIONS.get(str(claim.get("relation")))
    return str(polarity) if polarity else None


def _score_set(
    predicted: dict[Any, str], required: dict[Any, str], allowed: set[Any], neutral: set[Any]
) -> tuple[Counts, list[str], list[str]]:
    """Score a set of canonical keys (with display names) against required/allowed keys."""
    counts = Counts(fn=sum(1 for k in required if k not in predicted))
    false_positives = []
    for key, name in predicted.items():
        if key in required:
            counts.tp += 1
        elif key not in allowed and key not in neutral:
            counts.fp += 1
            false_positives.append(name)
    missed = [name for k, name in required.items() if k not in predicted]
    return counts, missed, false_positives


def _metadata(
    gold: Mapping[str, Any], analysis: Mapping[str, Any]
) -> tuple[dict[str, bool], dict[str, dict[str, Any]]]:
    results: dict[str, bool] = {}
    mismatches: dict[str, dict[str, Any]] = {}
    for name in METADATA_FIELDS:
        if name not in gold:
            continue
        expected, got = gold[name], analysis.get(name)
        if name == "source":
            if isinstance(expected, Mapping):
                expected = expected.get("name")
            if isinstance(got, Mapping):
                got = got.get("name")
        results[name] = _same_value(name, expected, got)
        if not results[name]:
            mismatches[name] = {"gold": expected, "predicted": got}
    return results, mismatches


def _same_value(name: str, expected: Any, got: Any) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    if name == "topics":
        return {match_key(str(t)) for t in expected} == {match_key(str(t)) for t in got or []}
    if name == "published":
        return str(expected).strip() == str(got).strip()
    return match_key(str(expected)) == match_key(str(got))


def score_file(gold: Mapping[str, Any], prediction: Mapping[str, Any]) -> FileReport:
    """Score one extraction (contract JSON form) against one gold annotation."""
    gold_actors = gold.get("actors") or {}
    required = _entries(gold_actors.get("required") or [])
    allowed = _entries(gold_actors.get("allowed") or [])
    items = _items(prediction.get("actors") or [])
    actors = _match(items, required, allowed)
    resolver = _Resolver(actors, required + allowed, {item.id: item for item in items})
    allowed_actors = {match_key(e.label) for e in allowed}
    gold_actors = allowed_actors | {match_key(e.label) for e in required}

    counts = {"actors": actors.counts}
    missed = {"actors": actors.missed}
    false_positives = {"actors": actors.false_positives}

    claims = [c for c in prediction.get("claims") or [] if isinstance(c, Mapping)]
    for name, polarity in (("gainers", "gains"), ("losers", "loses")):
        block = gold.get(name) or {}
        holders = dict(
            resolver.predicted(str(c["holder"]))
            for c in claims
            if _polarity(c) == polarity and c.get("holder")
        )
        req = {resolver.gold(n): n for n in block.get("required") or []}
        ok = {resolver.gold(n) for n in block.get("allowed") or []}
        counts[name], missed[name], false_positives[name] = _score_set(
            holders, req, ok, allowed_actors
        )

    predicted_pairs: dict[tuple[str, str], str] = {}
    neutral_pairs: set[tuple[str, str]] = set()
    for claim in claims:
        if not claim.get("counterpart") or not claim.get("holder"):
            continue
        (h, h_name), (c, c_name) = (
            resolver.predicted(str(claim[k])) for k in ("holder", "counterpart")
        )
        pair, shown = (
            ((c, h), f"{c_name} -> {h_name}")
            if _polarity(claim) == "loses"
            else ((h, c), f"{h_name} -> {c_name}")
        )
        predicted_pairs.setdefault(pair, shown)
        if {h, c} <= gold_actors and {h, c} & allowed_actors:
            neutral_pairs.add(pair)
    block = gold.get("pairs") or {}
    req_pairs = {
        (resolver.gold(a), resolver.gold(b)): f"{a} -> {b}" for a, b in block.get("required") or []
    }
    ok_pairs = {(resolver.gold(a), resolver.gold(b)) for a, b in block.get("allowed") or []}
    counts["pairs"], missed["pairs"], false_positives["pairs"] = _score_set(
        predicted_pairs, req_pairs, ok_pairs, neutral_pairs
    )

    gold_mechanisms = gold.get("mechanisms") or {}
    mechanisms = _match(
        _items(prediction.get("mechanisms") or []),
        _entries(gold_mechanisms.get("required") or []),
        _entries(gold_mechanisms.get("allowed") or []),
    )
    counts["mechanisms"] = mechanisms.counts
    missed["mechanisms"] = mechanisms.missed
    false_positives["mechanisms"] = mechanisms.false_positives

    metadata, mismatches = _metadata(gold.get("metadata") or {}, prediction.get("analysis") or {})
    return FileReport(
        str(gold.get("document")), counts, missed, false_positives, metadata, mismatches
    )


def score(pairs: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]]) -> Report:
    """Score (gold, prediction) pairs; see the module docstring for the rules.

    Parameters
    ----------
    pairs : (gold annotation as from :func:`load_gold`, extraction in the
        ``powermap/extraction/v1`` JSON form) for each analysis.

    Returns
    -------
    Report with per-field counts summed over files, metadata accuracy and,
    per file, the missed required items and the false positives.
    """
    return Report([score_file(gold, prediction) for gold, prediction in pairs])
