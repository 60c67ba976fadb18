"""Commands over analyses before the graph: read, extract, evaluate.

Each reads analyses with :mod:`powermap.extract.reader`, extracts them with
:mod:`powermap.extract.pipeline` or scores them with
:mod:`powermap.extract.evaluate`, and prints JSON or a table.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from powermap.cli.options import (
    ErrorLog,
    OneLineUsageErrors,
    State,
    console,
    fail,
    input_format_option,
    output_format,
    pass_state,
    user_errors,
    warn,
    write_json,
)

__all__ = ["read_command", "extract_command", "evaluate_command"]


@click.command("read", cls=OneLineUsageErrors)
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@output_format(
    "json",
    "table",
    default="json",
    help="JSON (the contract's analysis block) or a table.",
    dest="output",
)
@input_format_option
@user_errors
def read_command(paths: tuple[str, ...], output: str, fmt: str | None) -> None:
    """Read analyses (files, folders or - for stdin) and print their metadata and sections.

    Formats: the site's plain-text page layout, HTML, Markdown with front
    matter, and plain news text. Bad files are reported one line each on
    stderr; the others are still printed, and the exit code is 1.

    \b
    Examples:
      powermap read data/analyses/doha.txt
      powermap read data/ --format table
      curl -s https://example.org/a.html | powermap read - --as html
    """
    from powermap.extract.reader import read_many

    failed = ErrorLog()
    analyses = list(read_many(paths, on_error=failed, fmt=fmt))
    single = len(paths) == 1 and (paths[0] == "-" or not Path(paths[0]).is_dir())
    if analyses and output == "json":
        data = [a.to_dict() for a in analyses]
        write_json(data[0] if single else data)
    elif analyses:
        _print_read_table(analyses)
    if failed:
        sys.exit(1)


def _print_read_table(analyses: list[Any]) -> None:
    """One row per analysis: the metadata a reader wants to check at a glance."""
    from rich.table import Table

    table = Table()
    table.add_column("title", ratio=3)
    for name in ("lens", "type", "published", "source"):
        table.add_column(name, no_wrap=name in {"type", "published"})
    table.add_column("sections", justify="right", no_wrap=True)
    table.add_column("topics", ratio=2)
    for a in analyses:
        table.add_row(
            a.title or a.id,
            a.lens or "",
            a.type or "",
            a.published or "",
            a.source.name or "",
            str(len(a.sections)),
            ", ".join(a.topics),
        )
    console().print(table)


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@output_format(
    "json",
    "table",
    default="json",
    help="The extraction JSON of the contract, or a table of claims.",
    dest="output",
)
@click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes.")
@input_format_option
@pass_state
@user_errors
def extract_command(
    state: State, paths: tuple[str, ...], output: str, jobs: int, fmt: str | None
) -> None:
    """Extract actors, leverage claims, mechanisms, stakes and watch items.

    Prints one JSON object (powermap/extraction/v1) for one file, a JSON array
    for several files or a folder. Bad files: one line each on stderr, the
    rest are extracted, exit code 1.

    \b
    Examples:
      powermap extract data/site/doha-second-round.txt
      powermap extract data/ --jobs 2 > extractions.json
      powermap extract data/ --format table
    """
    from powermap.extract.pipeline import extract_many
    from powermap.extract.progress import progress_iter
    from powermap.extract.reader import read_many

    if jobs < 1:
        fail("--jobs must be at least 1")
    failed = ErrorLog()
    analyses = read_many(paths, on_error=failed, fmt=fmt)
    show = not state.quiet
    stream = progress_iter(extract_many(analyses, jobs=jobs), None, "extracting", show)
    results = [e.to_dict() for e in stream]
    single = len(paths) == 1 and (paths[0] == "-" or not Path(paths[0]).is_dir())
    if results and output == "json":
        write_json(results[0] if single else results)
    elif results:
        _print_claims_table(results)
    if failed:
        sys.exit(1)


def _print_claims_table(results: list[dict[str, Any]]) -> None:
    """One row per claim: analysis, holder, relation, counterpart, mechanism."""
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for name in ("analysis", "holder", "relation", "counterpart", "mechanism", "section"):
        table.add_column(name)
    for result in results:
        for c in result["claims"]:
            counterpart = c["counterpart"] or ", ".join(c["between"])
            table.add_row(
                result["analysis"]["id"][:40],
                c["holder"],
                c["relation"],
                counterpart,
                c["mechanism"] or "",
                c["section"],
            )
    Console(width=160).print(table)


@click.command("evaluate")
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False))
@output_format(
    "table",
    "json",
    default="table",
    help="A table of scores, or the whole report as JSON.",
    dest="output",
)
@click.option(
    "--pred",
    "pred_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Score a saved `powermap extract --format json` output instead of extracting.",
)
@click.option(
    "--folds",
    type=click.IntRange(min=2),
    default=None,
    help="Cross-validate the claim model by document: train on the other folds' "
    "annotations, score each held-out fold, rules only and rules + model.",
)
@click.option(
    "--claims",
    "claims_dir",
    type=click.Path(exists=True, file_okay=False),
    default="data/claims",
    show_default=True,
    help="With --folds: the sentence annotations to train on (*.jsonl).",
)
@pass_state
@user_errors
def evaluate_command(
    state: State,
    corpus_dir: str,
    output: str,
    pred_path: str | None,
    folds: int | None,
    claims_dir: str,
) -> None:
    """Score extraction against the gold files (X.gold.json) in CORPUS_DIR.

    Each gold file names the analysis beside it; that analysis is read and
    extracted (or its prediction taken from --pred) and scored: precision,
    recall and F1 for actors, gainers, losers, pairs and mechanisms
    (micro-averaged over files), and metadata accuracy.

    \b
    Examples:
      powermap evaluate data/
      powermap extract data/ > pred.json && powermap evaluate data/ --pred pred.json -v
      powermap evaluate data/ --format json
      powermap evaluate data/voa --folds 5
    """
    if folds is not None:
        _cross_validate(corpus_dir, claims_dir, folds, output)
        return
    from powermap.extract.evaluate import (
        gold_pairs,
        load_predictions,
        pair_with_predictions,
        score,
    )

    corpus = gold_pairs(corpus_dir)
    if not corpus:
        fail(f"{corpus_dir}: no gold files (*.gold.json) to score against")
    if pred_path is not None:
        predictions = load_predictions(pred_path)
    else:
        predictions = _extract_for_evaluation([doc for doc, _ in corpus], quiet=state.quiet)
    pairs, missing = pair_with_predictions(corpus, predictions)
    for document in missing:
        warn(f"{document}: no prediction; scored as finding nothing")
    report = score(pairs)
    if output == "json":
        write_json(report.to_dict())
    else:
        _print_evaluation(report, state.verbose)  # -v lists each file's misses


def _cross_validate(corpus_dir: str, claims_dir: str, folds: int, output: str) -> None:
    """Document-level cross-validation of the claim model, as a table or JSON."""
    from rich.table import Table

    from powermap.extract.training import cross_validate, summarise

    cv = cross_validate(corpus_dir, claims_dir, folds=folds)
    if output == "json":
        write_json(cv.to_dict())
        return
    table = Table(title=f"F1 over {cv.folds} held-out folds of {cv.documents} documents")
    for name in ("field", "rules", "rules + model"):
        table.add_column(name, justify="left" if name == "field" else "right")
    rules, model = summarise(cv.rules), summarise(cv.model)
    for name, (mean, sd) in rules.items():
        m_mean, m_sd = model[name]
        table.add_row(name, f"{mean:.2f} ± {sd:.2f}", f"{m_mean:.2f} ± {m_sd:.2f}")
    console().print(table)


def _extract_for_evaluation(documents: list[Any], *, quiet: bool) -> list[dict[str, Any]]:
    """Read and extract each gold document; unreadable ones are reported and skipped."""
    from powermap.extract.errors import ReadError
    from powermap.extract.pipeline import extract_many
    from powermap.extract.progress import progress_iter
    from powermap.extract.reader import read_many

    def report(error: ReadError) -> None:
        warn(str(error))

    analyses = read_many([str(d) for d in documents], on_error=report)
    stream = progress_iter(extract_many(analyses), None, "extracting", not quiet)
    return [e.to_dict() for e in stream]


def _print_evaluation(report: Any, show_misses: bool) -> None:
    """Scores per field and metadata accuracy as tables; with show_misses, misses per file."""
    from rich.console import Console
    from rich.table import Table

    out = Console(width=100, highlight=False)  # sys.stdout at print time (CliRunner too)
    scores = Table(title=f"Extraction scores over {len(report.files)} files")
    for name in ("field", "P", "R", "F1", "TP", "FP", "FN"):
        scores.add_column(name, justify="left" if name == "field" else "right")
    for name, c in report.fields.items():
        row = [f"{c.precision:.2f}", f"{c.recall:.2f}", f"{c.f1:.2f}"]
        scores.add_row(name, *row, str(c.tp), str(c.fp), str(c.fn))
    out.print(scores)
    metadata = Table(title="Metadata accuracy")
    for name in ("field", "accuracy", "correct"):
        metadata.add_column(name, justify="left" if name == "field" else "right")
    for name, (ok, n) in report.metadata_accuracy.items():
        metadata.add_row(name, f"{ok / n:.2f}", f"{ok}/{n}")
    out.print(metadata)
    if not show_misses:
        return
    for file in report.files:
        click.echo(f"\n{file.document}")
        lines = [
            f"  {kind} {name}: " + "; ".join(items)
            for name in report.fields
            for kind, items in (
                ("missed", file.missed[name]),
                ("false positive", file.false_positives[name]),
            )
            if items
        ]
        lines += [
            f"  metadata {name}: gold {m['gold']!r}, predicted {m['predicted']!r}"
            for name, m in file.metadata_mismatches.items()
        ]
        for line in lines or ["  no misses"]:
            click.echo(line)
