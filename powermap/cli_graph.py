"""Knowledge-graph commands (build, sparql, validate, export, stats), on the same group.

Each command is a few lines over :mod:`powermap.graph`; heavy modules load
inside the command so ``powermap --help`` stays quick.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from powermap.cli import State, cli, fail, pass_state, user_errors, warn
from powermap.graph.location import DEFAULT_STORE, STORE_ENV

F = Callable[..., Any]


def _store_option(func: F) -> F:
    return click.option(
        "--store",
        default=DEFAULT_STORE,
        show_default=True,
        envvar=STORE_ENV,
        show_envvar=True,
        help="Store directory (embedded Oxigraph) or SPARQL 1.1 endpoint URL.",
    )(func)


def _console() -> Any:
    """A rich console on stdout: the terminal's width, or 160 columns for pipes."""
    from rich.console import Console

    console = Console(file=sys.stdout)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 160
    return console


@contextmanager
def _progress(show: bool, total: int | None) -> Iterator[Callable[[str, str], None]]:
    """A progress callback for :func:`powermap.graph.ingest.build` (a bar on stderr if shown)."""
    if not show:
        yield lambda _id, _outcome: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("building", total=total)
        yield lambda _id, _outcome: bar.advance(task)


def _count_sources(paths: tuple[str, ...]) -> int | None:
    from powermap.extract.errors import ReadError
    from powermap.extract.reader import iter_sources

    try:
        return sum(1 for _ in iter_sources(paths))
    except ReadError:
        return None


@cli.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_store_option
@click.option(
    "--update-url",
    default=None,
    help="SPARQL Update URL of an endpoint store (default: the query URL with /query -> /update).",
)
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Extraction worker processes on this machine.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="tcp://HOST:PORT",
    help="Extract on the workers of this Dask scheduler instead of local processes.",
)
@pass_state
@user_errors
def build_command(
    state: State,
    paths: tuple[str, ...],
    store: str,
    update_url: str | None,
    jobs: int,
    scheduler: str | None,
) -> None:
    """Read, extract and store analyses in the knowledge graph.

    Each analysis goes in as one transaction into its own named graph; an
    unchanged analysis is skipped, a changed one replaced, so an interrupted
    build is finished by running it again. Bad files are reported one line
    each on stderr, the good ones still go in, and the exit code is 1. One
    build at a time per store directory.

    Extraction runs on --jobs local processes, or on a Dask cluster's workers
    with --scheduler (each loads the spaCy pipeline once; powermap must be
    installed on them); this process stores the results as they arrive.

    \b
    Examples:
      powermap build data/
      powermap build data/ --store ./powermap-store --jobs 2
      powermap build data/ --store http://127.0.0.1:7878/query
      powermap build archive/ --scheduler tcp://10.0.0.5:8786
    """
    from powermap.graph.ingest import build
    from powermap.graph.store import open_store

    source = click.get_current_context().get_parameter_source("jobs")
    if scheduler is not None and source is not click.core.ParameterSource.DEFAULT:
        fail("--jobs and --scheduler do not go together: the cluster's workers set the parallelism")
    show = not state.quiet and sys.stderr.isatty()
    total = _count_sources(paths) if show else None
    with open_store(store, update_url=update_url) as target, _progress(show, total) as progress:
        summary = build(
            paths,
            target,
            jobs=jobs,
            scheduler=scheduler,
            on_error=lambda f: warn(str(f)),
            progress=progress,
        )
    if not state.quiet:
        click.echo(str(summary))
    if summary.failed:
        sys.exit(1)


def _query_text(argument: str) -> str:
    """QUERY as given, ``@file.rq`` read from a file, ``-`` read from stdin."""
    if argument == "-":
        return sys.stdin.read()
    if argument.startswith("@"):
        return Path(argument[1:]).read_text(encoding="utf-8")
    return argument


@cli.command("sparql")
@click.argument("query_text", metavar="QUERY|@FILE.rq")
@_store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="SELECT/ASK results as a table, SPARQL JSON or CSV.",
)
@user_errors
def sparql_command(query_text: str, store: str, fmt: str) -> None:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE).

    The default graph is the union of all analyses; powermap's prefixes (pm:,
    pmr:, pmm:, pmid:, schema:, skos:, prov:, rdfs: ...) need no PREFIX lines.
    Updates (INSERT, DELETE, DROP, LOAD, CLEAR ...) are refused. CONSTRUCT
    prints Turtle (JSON-LD with --format json).

    \b
    Examples:
      powermap sparql 'SELECT ?a ?b WHERE { ?a pm:gainsLeverageOver ?b }'
      powermap sparql @graph/queries/who_gains.rq --format csv
    """
    from powermap.graph.sparql import query, refuse_updates, result_table, serialize_result
    from powermap.graph.store import open_store

    text = _query_text(query_text)
    refuse_updates(text)
    with open_store(store, read_only=True) as source:
        result = query(source, text)
    if fmt != "table" or result.type in ("CONSTRUCT", "DESCRIBE"):
        click.echo(serialize_result(result, fmt), nl=False)
        return
    from rich.table import Table

    names, rows = result_table(result)
    table = Table(*names)
    for row in rows:
        table.add_row(*row)
    _console().print(table)


@cli.command("validate")
@_store_option
@user_errors
def validate_command(store: str) -> None:
    """Check the store against powermap's SHACL shapes (exit 1 on violations).

    \b
    Example:
      powermap validate --store ./powermap-store
    """
    from powermap.graph.store import open_store
    from powermap.graph.validate import validate

    with open_store(store, read_only=True) as source:
        report = validate(source)
    click.echo(str(report))
    if not report.conforms:
        sys.exit(1)


@cli.command("export")
@_store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "jsonld", "nquads", "trig", "graphml", "gexf", "csv", "nodelink"]),
    default="turtle",
    show_default=True,
    help="turtle: union of all graphs; jsonld, nquads, trig keep one graph per analysis; "
    "graphml, gexf (dynamic, for Gephi's timeline), csv (nodes.csv + edges.csv for Gephi "
    "and neo4j-admin) and nodelink (JSON) write the actor graph.",
)
@click.option(
    "--out",
    "-o",
    default="-",
    show_default=True,
    type=click.Path(allow_dash=True),
    help="File to write, - for stdout; a folder for csv.",
)
@user_errors
def export_command(store: str, fmt: str, out: str) -> None:
    """Write the whole graph as RDF, or the actor graph for Gephi, Neo4j, R and pandas.

    \b
    Examples:
      powermap export --format trig --out powermap.trig
      powermap export --format jsonld | jq .
      powermap export --format gexf --out actors.gexf
      powermap export --format csv --out actors/     # actors/nodes.csv, actors/edges.csv
    """
    from powermap.graph.export import export
    from powermap.graph.export_network import NETWORK_FORMATS, export_network
    from powermap.graph.store import open_store

    with open_store(store, read_only=True) as source:
        target = sys.stdout.buffer if out == "-" else out
        if fmt in NETWORK_FORMATS:
            export_network(source, fmt, target)
        else:
            export(source, fmt, target)


@cli.command("stats")
@_store_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@user_errors
def stats_command(store: str, fmt: str) -> None:
    """Count analyses, actors, claims, mechanisms, stakes and triples in the store.

    \b
    Example:
      powermap stats --format json
    """
    from powermap.graph.stats import stats
    from powermap.graph.store import open_store

    with open_store(store, read_only=True) as source:
        counts = stats(source)
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
        return
    width = max(len(name) for name in counts)
    for name, value in counts.items():
        click.echo(f"{name:<{width}}  {value:>9,}")
