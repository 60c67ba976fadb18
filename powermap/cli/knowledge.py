"""Knowledge-graph commands: build, sparql, validate, export, stats.

Each command is a few lines over the library (:func:`powermap.build` and
:mod:`powermap.graph`); heavy modules load inside the command so ``powermap
--help`` loads neither rdflib nor spaCy.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

import powermap
from powermap.cli.options import (
    State,
    console,
    fail,
    output_format,
    pass_state,
    store_option,
    user_errors,
    warn,
)

__all__ = ["build_command", "sparql_command", "validate_command", "export_command", "stats_command"]


@contextmanager
def _progress(show: bool, total: int | None) -> Iterator[Callable[[str, str], None]]:
    """A progress callback for :func:`powermap.build` (a bar on stderr if shown)."""
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


@click.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@store_option
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
    source = click.get_current_context().get_parameter_source("jobs")
    if scheduler is not None and source is not click.core.ParameterSource.DEFAULT:
        fail("--jobs and --scheduler do not go together: the cluster's workers set the parallelism")
    show = not state.quiet and sys.stderr.isatty()
    total = _count_sources(paths) if show else None
    with (
        powermap.open_store(store, update_url=update_url) as target,
        _progress(show, total) as progress,
    ):
        summary = powermap.build(
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


@click.command("sparql")
@click.argument("query_text", metavar="QUERY|@FILE.rq")
@store_option
@output_format(
    "table",
    "json",
    "csv",
    default="table",
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
      powermap sparql @graph/store/queries/who_gains.rq --format csv
    """
    from powermap.graph.store.sparql import refuse_updates, result_table, serialize_result

    text = _query_text(query_text)
    refuse_updates(text)
    with powermap.open_store(store, read_only=True) as source:
        result = powermap.query(source, text)
    if fmt != "table" or result.type in ("CONSTRUCT", "DESCRIBE"):
        click.echo(serialize_result(result, fmt), nl=False)
        return
    from rich.table import Table

    names, rows = result_table(result)
    table = Table(*names)
    for row in rows:
        table.add_row(*row)
    console().print(table)


@click.command("validate")
@store_option
@user_errors
def validate_command(store: str) -> None:
    """Check the store against powermap's SHACL shapes (exit 1 on violations).

    \b
    Example:
      powermap validate --store ./powermap-store
    """
    with powermap.open_store(store, read_only=True) as source:
        report = powermap.validate(source)
    click.echo(str(report))
    if not report.conforms:
        sys.exit(1)


@click.command("export")
@store_option
@output_format(
    "turtle",
    "jsonld",
    "nquads",
    "trig",
    "graphml",
    "gexf",
    "csv",
    "nodelink",
    default="turtle",
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
    from powermap.graph.export.network_files import NETWORK_FORMATS

    with powermap.open_store(store, read_only=True) as source:
        target = sys.stdout.buffer if out == "-" else out
        if fmt in NETWORK_FORMATS:
            powermap.export_network(source, fmt, target)
        else:
            powermap.export(source, fmt, target)


@click.command("stats")
@store_option
@output_format("table", "json", default="table")
@user_errors
def stats_command(store: str, fmt: str) -> None:
    """Count analyses, actors, claims, mechanisms, stakes and triples in the store.

    \b
    Example:
      powermap stats --format json
    """
    with powermap.open_store(store, read_only=True) as source:
        counts = powermap.stats(source)
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
        return
    width = max(len(name) for name in counts)
    for name, value in counts.items():
        click.echo(f"{name:<{width}}  {value:>9,}")
