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

# EXTRACT-COMMANDS (extraction)

# EVALUATE-COMMANDS (evaluation)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="powermap")


# graph commands register themselves on the same group
from powermap import cli_graph  # noqa: E402,F401
