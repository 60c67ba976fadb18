"""Readers' commands: map (an interactive topic map), paths (reader paths), site (a static site).

Each reads the store once, read-only (so it runs beside a build), and calls
:mod:`powermap.graph.render`, :mod:`powermap.graph.paths` or
:mod:`powermap.graph.site`; heavy modules load inside the commands.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from powermap.cli import State, cli, pass_state, user_errors
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


def _site_links(site_dir: str, out: str) -> Callable[[str], str | None]:
    """Links from the map file at ``out`` to the analysis pages of the site in ``site_dir``."""
    from powermap.graph.site import site_pages

    pages = site_pages(site_dir).get("analysis", {})
    start = Path(out).resolve().parent if out != "-" else Path.cwd()

    def href(analysis: str) -> str | None:
        name = pages.get(analysis)
        if name is None:
            return None
        return Path(os.path.relpath(Path(site_dir).resolve() / name, start)).as_posix()

    return href


@cli.command("map")
@_store_option
@click.option(
    "--out",
    "-o",
    default="map.html",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="HTML file to write (- for stdout).",
)
@click.option("--actor", default=None, help="Only this actor's neighbourhood (any name or alias).")
@click.option(
    "--depth",
    default=1,
    show_default=True,
    type=click.IntRange(min=0),
    help="With --actor: how many links away from the actor the map reaches.",
)
@click.option("--lens", default=None, help="Only analyses with this lens.")
@click.option("--mechanism", default=None, help="Only claims through this mechanism or family.")
@click.option("--topic", default=None, help="Only analyses with this topic tag.")
@click.option("--since", default=None, help="Only analyses published on or after (YYYY[-MM[-DD]]).")
@click.option(
    "--until", default=None, help="Only analyses published on or before (YYYY[-MM[-DD]])."
)
@click.option(
    "--site",
    "site_dir",
    default=None,
    type=click.Path(file_okay=False),
    help="Open analyses on the pages of a site written by `powermap site` in this folder.",
)
@click.option("--title", default=None, help="The page's heading.")
@pass_state
@user_errors
def map_command(
    state: State,
    store: str,
    out: str,
    actor: str | None,
    depth: int,
    lens: str | None,
    mechanism: str | None,
    topic: str | None,
    since: str | None,
    until: str | None,
    site_dir: str | None,
    title: str | None,
) -> None:
    """Write an interactive topic map: one HTML file that works offline.

    Actors are sized by the leverage they gain and coloured by kind;
    analyses, mechanisms and topics have their own shapes; claims are arrows
    coloured by polarity and labelled by relation, with the evidence sentence,
    analysis and date in their tooltip. The page has a legend, a search box
    and filters for lens, mechanism and month. Clicking an analysis opens its
    page on a site built by `powermap site` (--site), else its web address.

    \b
    Examples:
      powermap map --out map.html
      powermap map --actor Iran --depth 2 --out iran.html
      powermap map --lens "Global Power Plays" --since 2026-06 -o global.html
      powermap map --site out/site --out out/site/iran.html --actor Iran
    """
    from powermap.graph.mapgraph import map_graph
    from powermap.graph.records import read_snapshot
    from powermap.graph.render import map_page, map_title
    from powermap.graph.store import open_store

    links = _site_links(site_dir, out) if site_dir else None
    with open_store(store, read_only=True) as source:
        snap = read_snapshot(source)
    G = map_graph(
        snap,
        actor=actor,
        depth=depth,
        lens=lens,
        topic=topic,
        mechanism=mechanism,
        since=since,
        until=until,
    )
    heading = title or map_title(G, lens, topic, mechanism, since, until)
    page = map_page(G, title=heading, analysis_href=links)
    if out == "-":
        sys.stdout.write(page)
        return
    Path(out).write_text(page, encoding="utf-8")
    if not state.quiet:
        claims = sum(1 for *_, kind in G.edges(data="kind") if kind == "claim")
        click.echo(f"wrote {out}: {G.number_of_nodes()} nodes, {claims} claim links")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@cli.command("paths")
@_store_option
@click.option("--topic", default=None, help="Only the path of this topic tag.")
@click.option("--lens", default=None, help="Only the path of this lens.")
@click.option("--actor", default=None, help="Only the path of this actor (any name or alias).")
@click.option(
    "--top",
    default=12,
    show_default=True,
    type=click.IntRange(min=0),
    help="Major actors that get a path (when no filter is given).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Tables for reading, JSON for scripts.",
)
@user_errors
def paths_command(
    store: str,
    topic: str | None,
    lens: str | None,
    actor: str | None,
    top: int,
    fmt: str,
) -> None:
    """Show reader paths: guided tours through the analyses.

    For each topic tag, lens and major actor (or only those asked for): the
    analyses in date order, each sharing an actor or mechanism with the one
    before, and a line on why it comes next. Analyses the path cannot join
    are listed beside it.

    \b
    Examples:
      powermap paths
      powermap paths --topic trade
      powermap paths --actor Washington --format json
    """
    from powermap.graph.paths import reader_paths
    from powermap.graph.records import read_snapshot
    from powermap.graph.store import open_store

    with open_store(store, read_only=True) as source:
        snap = read_snapshot(source)
    found = reader_paths(snap, topic=topic, lens=lens, actor=actor, top_actors=top)
    if fmt == "json":
        click.echo(json.dumps(_plain(found), indent=2, ensure_ascii=False))
        return
    _print_paths(found, snap)


def _print_paths(found: list[Any], snap: Any) -> None:
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 160
    if not found:
        click.echo("no reader paths: the store has no analyses")
        return
    for path in found:
        title = f"{path.kind.capitalize()}: {escape(path.label)} ({len(path.steps)} steps)"
        table = Table(
            title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=True, pad_edge=False
        )
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("date", no_wrap=True)
        table.add_column("analysis", ratio=1, overflow="fold")
        table.add_column("why next", ratio=1, overflow="fold")
        for i, step in enumerate(path.steps, start=1):
            table.add_row(
                str(i), step.date or "", escape(step.title or step.analysis), escape(step.why)
            )
        console.print(table)
        if path.aside:
            titles = "; ".join(
                (snap.analyses[a].title or a) if a in snap.analyses else a for a in path.aside
            )
            console.print(f"[dim]beside the path: {escape(titles)}[/dim]\n")


@cli.command("site")
@_store_option
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write (new, empty, or a site written before).",
)
@click.option(
    "--top",
    default=12,
    show_default=True,
    type=click.IntRange(min=0),
    help="Major actors that get a reader path.",
)
@pass_state
@user_errors
def site_command(state: State, store: str, out: str, top: int) -> None:
    """Write a static site: index, map, actor, analysis and reader-path pages.

    The index lists lenses, topics, top gainers and the latest analyses;
    every actor gets a profile with its neighbourhood map and timeline; every
    analysis its sections with the claims' evidence highlighted, a small map
    and the next step of each reader path through it. Links are relative and
    scripts are files of the site: it works from file:// and any static host.
    Re-running into the same folder replaces the site.

    \b
    Examples:
      powermap site --out out/site
      powermap site --store out/store --out out/site && xdg-open out/site/index.html
    """
    from powermap.graph.site import build_site
    from powermap.graph.store import open_store

    with open_store(store, read_only=True) as source:
        summary = build_site(source, out, top_actors=top)
    if not state.quiet:
        click.echo(
            f"wrote {summary.pages} pages to {out} ({summary.analyses} analyses, "
            f"{summary.actors} actors, {summary.paths} reader paths): "
            f"open {Path(out) / 'index.html'}"
        )
