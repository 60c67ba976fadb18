"""The powermap command line: a click group and thin commands over the library.

The group lives here and registers each command with ``add_command``; the
commands live in one module per audience (:mod:`.extraction`,
:mod:`.knowledge`, :mod:`.research`, :mod:`.publishing`) and share their
options and result writer through :mod:`.options`. No command module imports
this one, so there is no import circle, and none imports rdflib or spaCy at
module level, so ``powermap --help`` loads neither.
"""

from __future__ import annotations

import click

from powermap import __version__
from powermap.cli import extraction, knowledge, publishing, research
from powermap.cli.options import State, configure_logging, global_options

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="powermap")
@global_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Turn civic news analyses into a knowledge graph of actors, leverage and mechanisms.

    -q and -v go before or after the command.

    \b
    Example:
      powermap extract data/ --format table
      powermap build data/ --store out/store -q
    """
    state = ctx.ensure_object(State)
    configure_logging(verbose=state.verbose)


for module in (extraction, knowledge, research, publishing):
    for name in module.__all__:
        cli.add_command(global_options(getattr(module, name)))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="powermap")
