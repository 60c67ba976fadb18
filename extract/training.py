"""Train the claim model from sentence annotations, and cross-validate it by document.

The training set is ``data/claims/**/*.jsonl``: one file per annotated document, a
header line (``document``, ``title``, ``actors`` with their aliases) and one line per
sentence with the claims a careful reader takes from it (holder, relation,
counterpart or null, ``stated`` or ``inferred``). Every sentence is annotated, so a
candidate that no annotated claim supports is a negative example.

Training rebuilds each document from its sentences, runs the rule extraction on it
(:meth:`Extractor.drafts`), labels the candidates by the annotations and fits two
logistic regressions (scikit-learn, deterministic). scikit-learn is needed only
here; the shipped model is plain JSON read by :mod:`powermap.extract.claimmodel`.
"""

from __future__ import annotations

import json
import random
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from powermap.extract.claimmodel import STEPS, ClaimModel, LinearModel, load_model
from powermap.extract.evaluate import FIELDS, match_key
from powermap.extract.model import RELATIONS, Analysis, Section
from powermap.extract.pipeline import Draft, Extractor

__all__ = [
    "Annotated",
    "load_annotations",
    "analysis_of",
    "label",
    "train",
    "Example",
    "examples",
    "DEFAULT_THRESHOLDS",
    "fold_of",
    "summarise",
    "CrossValidation",
    "cross_validate",
]

DEFAULT_THRESHOLDS = {
    "veto": 0.08,
    "counterpart": 0.5,
    "news_counterpart": 0.25,
    "inferred": 0.6,
    "add_role": 0.6,
    "news_add_role": 0.4,
    "add_pair": 0.7,
    "news_add_pair": 0.3,
}
ROLE_CLASSES = ("gains", "loses", "neutral", "none")
# regularisation strength (inverse) of both regressions
C = 0.3


@dataclass
class Annotated:
    """One annotated document: its header and its sentences with their claims."""

    path: Path
    document: str
    title: str | None
    actors: list[dict[str, Any]]
    sentences: list[dict[str, Any]]

    @property
    def name(self) -> str:
        return Path(self.document).name


def load_annotations(root: str | Path) -> list[Annotated]:
    """Every annotated document under ``root`` (``*.jsonl``), sorted by path."""
    out = []
    for path in sorted(Path(root).rglob("*.jsonl")):
        lines = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
        if not lines or "actors" not in lines[0]:  # candidates.jsonl and others
            continue
        head, rest = lines[0], lines[1:]
        out.append(Annotated(path, head["document"], head.get("title"), head["actors"], rest))
    return out


def analysis_of(doc: Annotated) -> Analysis:
    """The document rebuilt from its annotated sentences (sections in order)."""
    sections: list[Section] = []
    for line in doc.sentences:
        if not sections or sections[-1].heading != line["section"] or line["n"] == 0:
            sections.append(Section(line["section"], line["text"]))
        else:
            sections[-1].text += " " + line["text"]
    return Analysis(id=Path(doc.document).stem, document=doc.document, title=doc.title,
                    sections=sections)  # fmt: skip


@dataclass
class Example:
    """The labelled candidates of one document, ready for fitting."""

    document: str
    roles: list[tuple[dict[str, float], str]]
    pairs: list[tuple[dict[str, float], str, dict[str, Any]]]


def _keys(label: str, aliases: Iterable[str]) -> set[str]:
    return {match_key(x) for x in [label, *aliases]} - {""}


def label(doc: Annotated, draft: Draft) -> Example:
    """Label a draft's candidates by the document's sentence annotations."""
    gold = {a["label"]: _keys(a["label"], a.get("aliases", [])) for a in doc.actors}
    ids: dict[str, set[str]] = {}
    for entry in draft.registry.entries.values():
        actor = entry.actor
        mine = _keys(actor.label, [actor.id, *actor.aliases])
        for name, keys in gold.items():
            if keys & mine:
                ids.setdefault(name, set()).add(actor.id)
    by_text = {(line["section"], line["text"]): line["claims"] for line in doc.sentences}
    ex = Example(doc.document, [], [])
    for s in draft.sentences:
        claims = by_text.get((s.section, s.text))
        if claims is None:
            continue  # the rebuilt text split differently here: no label
        polarity: dict[str, str] = {}
        stronger: set[tuple[str, str]] = set()
        for c in claims:
            pol = RELATIONS.get(c["relation"], "neutral")
            holders = ids.get(c["holder"], set())
            for h in holders:  # one polarity per actor: gains before loses before neutral
                if h not in polarity or ROLE_CLASSES.index(pol) < ROLE_CLASSES.index(polarity[h]):
                    polarity[h] = pol
            for cp in ids.get(c.get("counterpart") or "", set()):
                for h in holders:
                    stronger.add((cp, h) if pol == "loses" else (h, cp))
        for role in s.roles:
            ex.roles.append((role.features, polarity.get(role.actor, "none")))
        for pair in s.pairs:
            y = "1" if (pair.stronger, pair.weaker) in stronger else "0"
            info = {"sentence": s.text, "stronger": pair.stronger, "weaker": pair.weaker,
                    "origin": pair.origin}  # fmt: skip
            ex.pairs.append((pair.features, y, info))
    return ex


def examples(docs: Sequence[Annotated], extractor: Extractor) -> list[Example]:
    """Labelled candidates of every annotated document (each parsed once)."""
    drafts = extractor.drafts(analysis_of(d) for d in docs)
    return [label(d, draft) for d, draft in zip(docs, drafts, strict=True)]


def _fit(rows: list[tuple[dict[str, float], str]], classes: tuple[str, ...]) -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([f for f, _ in rows])
    y = [label for _, label in rows]
    present = tuple(c for c in classes if c in set(y))
    if len(present) < 2:
        return LinearModel(present or classes[:1], (0.0,), {})
    clf = LogisticRegression(C=C, max_iter=5000, solver="lbfgs")
    clf.fit(x, y)
    names = vec.get_feature_names_out()
    coef = clf.coef_
    weights = {
        str(name): tuple(float(coef[k][j]) for k in range(coef.shape[0]))
        for j, name in enumerate(names)
        if max(abs(float(coef[k][j])) for k in range(coef.shape[0])) >= 1e-3
    }
    return LinearModel(
        tuple(str(c) for c in clf.classes_), tuple(float(b) for b in clf.intercept_), weights
    )


def train(
    data: Sequence[Example],
    *,
    thresholds: dict[str, float] | None = None,
    use: Iterable[str] = STEPS,
    meta: dict[str, Any] | None = None,
) -> ClaimModel:
    """Fit the role and pair models on labelled examples."""
    roles = [r for ex in data for r in ex.roles]
    pairs = [(f, y) for ex in data for f, y, _ in ex.pairs]
    info = {
        "documents": len(data),
        "role_candidates": len(roles),
        "pair_candidates": len(pairs),
        "pair_positives": sum(1 for _, y in pairs if y == "1"),
        **(meta or {}),
    }
    return ClaimModel(
        role=_fit(roles, ROLE_CLASSES),
        pair=_fit(pairs, ("0", "1")),
        thresholds=dict(thresholds or DEFAULT_THRESHOLDS),
        use=frozenset(use),
        meta=info,
    )


def fold_of(names: Sequence[str], folds: int, seed: int = 13) -> dict[str, int]:
    """A deterministic assignment of document names to ``folds`` folds."""
    order = sorted(names)
    random.Random(seed).shuffle(order)
    return {name: n % folds for n, name in enumerate(order)}


def summarise(per_fold: list[dict[str, float]]) -> dict[str, tuple[float, float]]:
    """Mean and standard deviation of each field's F1 over folds."""
    out = {}
    for name in FIELDS:
        values = [f[name] for f in per_fold]
        spread = statistics.stdev(values) if len(values) > 1 else 0.0
        out[name] = (statistics.fmean(values), spread)
    return out


@dataclass
class CrossValidation:
    """Per-fold F1 of each field, rules only and rules + model, on held-out documents."""

    folds: int
    documents: int
    rules: list[dict[str, float]]
    model: list[dict[str, float]]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"folds": self.folds, "documents": self.documents}
        for name, runs in (("rules", self.rules), ("rules+model", self.model)):
            out[name] = {
                "per_fold": runs,
                "mean": {k: round(m, 3) for k, (m, _) in summarise(runs).items()},
                "stdev": {k: round(sd, 3) for k, (_, sd) in summarise(runs).items()},
            }
        return out


def cross_validate(
    corpus_dir: str | Path,
    annotations: str | Path,
    *,
    folds: int = 5,
    extractor: Extractor | None = None,
    thresholds: dict[str, float] | None = None,
    use: Iterable[str] | None = None,
    on_fold: Any = None,
) -> CrossValidation:
    """Cross-validate the claim model by document over a gold corpus.

    The documents of ``corpus_dir`` (those with gold) are split into ``folds``
    folds; for each, the model is trained on every annotated document of
    ``annotations`` except that fold's, and the fold's documents are extracted
    with rules only and with rules + model and scored against their gold.
    """
    from powermap.extract.evaluate import gold_pairs, load_gold, score
    from powermap.extract.reader import read

    extractor = extractor or Extractor(model=None)
    if use is None:  # the steps the shipped model uses
        shipped = load_model()
        use = shipped.use if shipped is not None else STEPS
    corpus = gold_pairs(corpus_dir)
    drafts = list(extractor.drafts(read(doc) for doc, _ in corpus))
    golds = [load_gold(g) for _, g in corpus]
    names = [doc.name for doc, _ in corpus]
    assign = fold_of(names, folds)
    annotated = load_annotations(annotations)
    labelled = examples(annotated, extractor)
    rules_runs: list[dict[str, float]] = []
    model_runs: list[dict[str, float]] = []
    for k in range(folds):
        held = {n for n in names if assign[n] == k}
        if not held:
            continue
        model = train(
            [ex for ex in labelled if Path(ex.document).name not in held],
            thresholds=thresholds,
            use=use,
        )
        for runs, m in ((rules_runs, None), (model_runs, model)):
            pairs = [
                (gold, draft.finish(m).to_dict())
                for name, gold, draft in zip(names, golds, drafts, strict=True)
                if name in held
            ]
            report = score(pairs)
            runs.append({f: round(c.f1, 4) for f, c in report.fields.items()})
        if on_fold is not None:
            on_fold(k)
    return CrossValidation(folds, len(names), rules_runs, model_runs)


def main(argv: Sequence[str] | None = None) -> None:
    """``make model``: train the shipped model on every committed annotation."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--annotations", default="data/claims")
    parser.add_argument("--out", default="extract/models/claims.json")
    parser.add_argument("--candidates", default="data/claims/candidates.jsonl")
    args = parser.parse_args(argv)
    docs = load_annotations(args.annotations)
    labelled = examples(docs, Extractor(model=None))
    shipped = load_model()  # retraining keeps the steps cross-validation chose
    use = shipped.use if shipped is not None else STEPS
    model = train(labelled, use=use)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    model.save(Path(args.out))
    with open(args.candidates, "w", encoding="utf-8") as out:
        for ex in labelled:
            for _, y, info in ex.pairs:
                row = {"document": Path(ex.document).name, **info, "label": int(y)}
                out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{args.out}: {json.dumps(model.meta)}")


if __name__ == "__main__":
    main()
