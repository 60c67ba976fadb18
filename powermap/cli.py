"""The powermap command line: thin click commands over the library API."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from powermap import __version__
from powermap.extract.errors import PowermapError

F = TypeVar("F", bound=Callable[..., Any])


class State:
    """Options shared by every command (``-q``/``-v``)."""

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose


pass_state = click.make_pass_decorator(State, ensure=True)


def fail(message: str, code: int = 1) -> None:
    """Print one line on stderr and exit non-zero."""
    click.echo(f"powermap: {message}", err=True)
    sys.exit(code)


def warn(message: str) -> None:
    """Report one problem on stderr and carry on (batch mode)."""
    click.echo(f"powermap: {message}", err=True)


def user_errors(func: F) -> F:
    """Turn PowermapError (and OSError) into one line on stderr and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PowermapError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except Exception as exc:  # a bug: still one line, the traceback only with -v
            ctx = click.get_current_context(silent=True)
            state = ctx.find_object(State) if ctx else None
            if state is not None and state.verbose:
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (run with -v for details)", 70)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="powermap")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or summaries.")
@click.option("-v", "--verbose", is_flag=True, help="Say more about what is happening.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Turn civic news analyses into a knowledge graph of actors, leverage and mechanisms.

    \b
    Example:
      powermap extract data/ --format table
    """
    ctx.obj = State(quiet=quiet, verbose=verbose)
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING)


# READ-COMMANDS (reader helper)
class _OneLineUsageErrors(click.Command):
    """Report a bad option as one ``Error: ...`` line, without the usage block."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            error.ctx = None
            raise


# shared by every command that reads analyses; choices are the reader's formats
input_format_option = click.option(
    "--as",
    "fmt",
    type=click.Choice(["site", "html", "markdown", "news"]),
    default=None,
    help="Input format (default: from the extension and the content).",
)


class ErrorLog(list[PowermapError]):
    """Bad inputs of a batch: each is reported on one stderr line as it comes."""

    def __call__(self, error: PowermapError) -> None:
        self.append(error)
        warn(str(error))


@cli.command("read", cls=_OneLineUsageErrors)
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option(
    "--format",
    "output",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="JSON (the contract's analysis block) or a table.",
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
    import json
    from pathlib import Path

    from powermap.extract.reader import read_many

    failed = ErrorLog()
    analyses = list(read_many(paths, on_error=failed, fmt=fmt))
    single = len(paths) == 1 and (paths[0] == "-" or not Path(paths[0]).is_dir())
    if analyses and output == "json":
        data = [a.to_dict() for a in analyses]
        click.echo(json.dumps(data[0] if single else data, indent=2, ensure_ascii=False))
    elif analyses:
        _print_read_table(analyses)
    if failed:
        sys.exit(1)


def _print_read_table(analyses: list[Any]) -> None:
    """One row per analysis: the metadata a reader wants to check at a glance."""
    import os

    from rich.console import Console
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
    console = Console()  # writes to sys.stdout at print time (CliRunner captures it)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 160  # pipes and files get a readable width, not 80
    console.print(table)


# EXTRACT-COMMANDS (extraction)
@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option(
    "--format",
    "output",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="The extraction JSON of the contract, or a table of claims.",
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
    import json
    from pathlib import Path

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
        click.echo(json.dumps(results[0] if single else results, indent=2, ensure_ascii=False))
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


# EVALUATE-COMMANDS (evaluation)
@cli.command("evaluate")
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False))
@click.option("-v", "--verbose", "show_misses", is_flag=True, help="List the misses per file.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table of scores, or the whole report as JSON.",
)
@click.option(
    "--pred",
    "pred_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Score a saved `powermap extract --format json` output instead of extracting.",
)
@pass_state
@user_errors
def evaluate_command(
    state: State,
    corpus_dir: str,
    show_misses: bool,
    output: str,
    pred_path: str | None,
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
    """
    import json

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
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_evaluation(report, show_misses or state.verbose)


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

    console = Console(width=100, highlight=False)  # sys.stdout at print time (CliRunner too)
    scores = Table(title=f"Extraction scores over {len(report.files)} files")
    for name in ("field", "P", "R", "F1", "TP", "FP", "FN"):
        scores.add_column(name, justify="left" if name == "field" else "right")
    for name, c in report.fields.items():
        row = [f"{c.precision:.2f}", f"{c.recall:.2f}", f"{c.f1:.2f}"]
        scores.add_row(name, *row, str(c.tp), str(c.fp), str(c.fn))
    console.print(scores)
    metadata = Table(title="Metadata accuracy")
    for name in ("field", "accuracy", "correct"):
        metadata.add_column(name, justify="left" if name == "field" else "right")
    for name, (ok, n) in report.metadata_accuracy.items():
        metadata.add_row(name, f"{ok / n:.2f}", f"{ok}/{n}")
    console.print(metadata)
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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="powermap")


# graph commands register themselves on the same group
from powermap import cli_graph  # noqa: E402,F401  # isort: skip
from powermap import cli_views  # noqa: E402,F401  # isort: skip
from powermap import cli_readers  # noqa: E402,F401
