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
@click.option(
    "--as",
    "fmt",
    type=click.Choice(["site", "html", "markdown", "news"]),
    default=None,
    help="Input format (default: from the extension and the content).",
)
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

    from powermap.extract.errors import ReadError
    from powermap.extract.reader import read_many

    failed: list[ReadError] = []

    def report(error: ReadError) -> None:
        failed.append(error)
        warn(str(error))

    analyses = list(read_many(paths, on_error=report, fmt=fmt))
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

# EVALUATE-COMMANDS (evaluation)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="powermap")


# graph commands register themselves on the same group
from powermap import cli_graph  # noqa: E402,F401
