"""What every command shares: -q/-v state, one-line errors, options, and the result writer.

Each option is declared once here and applied by name in the command
modules; results go out as a rich table, JSON or CSV through the writers at
the bottom. Only click is imported at module level, so ``powermap --help``
stays quick; rich loads when something is printed.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import click

from powermap.errors import PowermapError
from powermap.graph.store.location import DEFAULT_STORE, STORE_ENV
from powermap.graph.views.filters import Filters

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "ErrorLog",
    "OneLineUsageErrors",
    "State",
    "configure_logging",
    "console",
    "count_option",
    "fail",
    "filter_options",
    "format_option",
    "global_options",
    "input_format_option",
    "output_format",
    "pass_state",
    "print_tables",
    "store_option",
    "table",
    "user_errors",
    "warn",
    "write_csv",
    "write_json",
]


# ---------------------------------------------------------------- state and errors


class State:
    """Options shared by every command (``-q``/``-v``)."""

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose


pass_state = click.make_pass_decorator(State, ensure=True)

C = TypeVar("C", bound=Callable[..., Any] | click.Command)


def _set_state(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """Record -q or -v on the one State of the run, wherever it was given."""
    if value and param.name is not None:
        state = ctx.ensure_object(State)
        setattr(state, param.name, True)
        configure_logging(verbose=state.verbose)
    return value


def global_options(command: C) -> C:
    """Add ``-q/--quiet`` and ``-v/--verbose`` to the group or a command.

    The group and every command carry them, so they work before the command name
    (``powermap -q build data``) and after it (``powermap build data -q``); both
    set the same :class:`State`, which commands read through :data:`pass_state`.
    """
    verbose = click.option(
        "-v",
        "--verbose",
        is_flag=True,
        expose_value=False,
        callback=_set_state,
        help="Say more: info messages, other libraries' log lines, tracebacks of bugs.",
    )
    quiet = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_set_state,
        help="No progress bars or summaries.",
    )
    return quiet(verbose(command))  # type: ignore[return-value]


class _OwnLines(logging.Handler):
    """Log records on stderr through click (so CliRunner captures them): powermap's
    as "powermap: message", other libraries' only with -v."""

    def __init__(self, verbose: bool) -> None:
        super().__init__(logging.INFO if verbose else logging.WARNING)
        self.verbose = verbose

    def emit(self, record: logging.LogRecord) -> None:
        own = record.name == "powermap" or record.name.startswith("powermap.")
        if not own and not self.verbose:
            return
        try:
            message = record.getMessage()
        except Exception:  # a library's malformed log call must not break a command
            return
        where = "powermap" if own else f"powermap: {record.name}"
        click.echo(f"{where}: {message}", err=True)


def configure_logging(*, verbose: bool) -> None:
    """Route every log record (and Python warnings) through :class:`_OwnLines`.

    Without -v, only powermap's own warnings reach the terminal: trafilatura's
    "discarding data" and the like stay out of a user's one-line errors.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _OwnLines)]:
        root.removeHandler(handler)
    root.addHandler(_OwnLines(verbose))
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    logging.captureWarnings(True)


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


class ErrorLog(list[PowermapError]):
    """Bad inputs of a batch: each is reported on one stderr line as it comes."""

    def __call__(self, error: PowermapError) -> None:
        self.append(error)
        warn(str(error))


class OneLineUsageErrors(click.Command):
    """Report a bad option as one ``Error: ...`` line, without the usage block."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            error.ctx = None
            raise


# ---------------------------------------------------------------- options

# shared by every command that reads analyses; choices are the reader's formats
input_format_option = click.option(
    "--as",
    "fmt",
    type=click.Choice(["site", "html", "markdown", "news"]),
    default=None,
    help="Input format (default: from the extension and the content).",
)

store_option = click.option(
    "--store",
    default=DEFAULT_STORE,
    show_default=True,
    envvar=STORE_ENV,
    show_envvar=True,
    help="Store directory (embedded Oxigraph) or SPARQL 1.1 endpoint URL.",
)

FORMATS = ("table", "json", "csv")


def output_format(
    *choices: str, default: str, help: str | None = None, dest: str = "fmt"
) -> Callable[[F], F]:
    """``--format`` with these choices, passed to the command as ``dest``."""
    return click.option(
        "--format", dest, type=click.Choice(choices), default=default, show_default=True, help=help
    )


format_option = output_format(
    *FORMATS, default="table", help="A table for reading, JSON or CSV for scripts."
)


def count_option(flag: str, *, default: int, help: str, minimum: int = 0) -> Callable[[F], F]:
    """A whole-number option (``--top``, ``--limit``, ``--depth`` ...) of at least ``minimum``."""
    return click.option(
        flag, default=default, show_default=True, type=click.IntRange(min=minimum), help=help
    )


_FILTER_HELP = {
    "lens": "Only analyses with this lens.",
    "topic": "Only analyses with this topic.",
    "since": "Only analyses published on or after (YYYY[-MM[-DD]]).",
    "until": "Only analyses published on or before (YYYY[-MM[-DD]]).",
    "mechanism": "Only claims through this mechanism or family.",
    "stated_only": "Leave out inferred claims (a party drawn from the discourse).",
}
VIEW_FILTERS = ("lens", "topic", "since", "until", "mechanism", "stated_only")


def filter_options(*names: str, help: dict[str, str] | None = None) -> Callable[[F], F]:
    """The filters a view takes (``--lens``, ``--topic``, ..., the flag ``--stated-only``),
    in the order named.

    The command receives them as one ``filters`` argument, a
    :class:`~powermap.graph.views.filters.Filters` built here once. ``names``
    defaults to :data:`VIEW_FILTERS`; ``help`` overrides a text.
    """
    texts = {**_FILTER_HELP, **(help or {})}
    chosen = names or VIEW_FILTERS

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def with_filters(*args: Any, **kwargs: Any) -> Any:
            values = {name: kwargs.pop(name) for name in chosen}
            return func(*args, filters=Filters(**values), **kwargs)

        command: Any = with_filters
        for name in reversed(chosen):
            if name == "stated_only":
                option = click.option("--stated-only", is_flag=True, help=texts[name])
            else:
                option = click.option(f"--{name}", default=None, help=texts[name])
            command = option(command)
        return command  # type: ignore[no-any-return]

    return decorate


# ---------------------------------------------------------------- result writer


def console(*, highlight: bool = True) -> Any:
    """A rich console on stdout: the terminal's width, or 160 columns for pipes."""
    from rich.console import Console

    out = Console(highlight=highlight)  # sys.stdout at print time (CliRunner captures it)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = 160  # pipes and files get a readable width, not 80
    return out


def table(
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    right: Iterable[str] = (),
    wide: Iterable[str] = (),
) -> Any:
    """A rich table; ``wide`` columns (claims, evidence) take the width the others leave."""
    from rich import box
    from rich.table import Table

    aligned, stretch = set(right), set(wide) & set(columns)
    result = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=bool(stretch), pad_edge=False
    )
    for name in columns:
        result.add_column(
            name,
            justify="right" if name in aligned else "left",
            overflow="fold",
            ratio=1 if name in stretch else None,
            no_wrap=name in aligned,
            max_width=None if name in stretch or name in aligned else 24,
        )
    for row in rows:
        result.add_row(*("" if v is None else str(v) for v in row))
    return result


def print_tables(*tables: Any) -> None:
    """Print each table that is not None, one after the other."""
    out = console(highlight=False)
    for item in tables:
        if item is not None:
            out.print(item)


def plain(value: Any) -> Any:
    """Dataclasses, tuples and dicts as JSON-ready lists and dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def write_json(data: Any) -> None:
    """Print ``data`` (dataclasses included) as indented JSON, non-ASCII kept."""
    click.echo(json.dumps(plain(data), indent=2, ensure_ascii=False))


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print a header row and the rows as CSV (None as an empty cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    click.echo(buffer.getvalue(), nl=False)
