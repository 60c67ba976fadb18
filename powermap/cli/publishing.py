"""Readers' commands: map (an interactive topic map), paths (reader paths), site (a static site).

Each reads the store once, read-only (so it runs beside a build), and calls
:mod:`powermap.graph.site.render`, :mod:`powermap.graph.site.paths` or
:mod:`powermap.graph.site.pages`; heavy modules load inside the commands.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import powermap
from powermap.cli.options import (
    State,
    console,
    count_option,
    filter_options,
    output_format,
    pass_state,
    store_option,
    user_errors,
    write_json,
)

if TYPE_CHECKING:
    from powermap.graph.views.filters import Filters

__all__ = ["map_command", "paths_command", "site_command"]


def _site_links(site_dir: str, out: str) -> Callable[[str], str | None]:
    """Links from the map file at ``out`` to the analysis pages of the site in ``site_dir``."""
    from powermap.graph.site.pages import site_pages

    pages = site_pages(site_dir).get("analysis", {})
    start = Path(out).resolve().parent if out != "-" else Path.cwd()

    def href(analysis: str) -> str | None:
        name = pages.get(analysis)
        if name is None:
            return None
        return Path(os.path.relpath(Path(site_dir).resolve() / name, start)).as_posix()

    return href


@click.command("map")
@store_option
@click.option(
    "--out",
    "-o",
    default="map.html",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="HTML file to write (- for stdout).",
)
@click.option("--actor", default=None, help="Only this actor's neighbourhood (any name or alias).")
@count_option(
    "--depth", default=1, help="With --actor: how many links away from the actor the map reaches."
)
@filter_options(
    "lens",
    "mechanism",
    "topic",
    "since",
    "until",
    "stated_only",
    help={
        "topic": "Only analyses with this topic tag.",
        "stated_only": "Leave out inferred claims (drawn dashed otherwise).",
    },
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
    filters: Filters,
    site_dir: str | None,
    title: str | None,
) -> None:
    """Write an interactive topic map: one HTML file that works offline.

    Actors are sized by the leverage they gain and coloured by kind;
    analyses, mechanisms and topics have their own shapes; claims are arrows
    coloured by polarity and labelled by relation, with the evidence sentence,
    analysis and date in their tooltip; inferred claims (a party drawn from
    the discourse) are dashed and have a legend toggle, and --stated-only
    leaves them out. The page has a legend, a search box
    and filters for lens, mechanism and month. Clicking an analysis opens its
    page on a site built by `powermap site` (--site), else its web address.

    \b
    Examples:
      powermap map --out map.html
      powermap map --actor Iran --depth 2 --out iran.html
      powermap map --lens "Global Power Plays" --since 2026-06 -o global.html
      powermap map --site out/site --out out/site/iran.html --actor Iran
      powermap map --stated-only --out stated.html
    """
    from powermap.graph.site.render import render_map
    from powermap.graph.views.snapshot import read_snapshot

    links = _site_links(site_dir, out) if site_dir else None
    with powermap.open_store(store, read_only=True) as source:
        snap = read_snapshot(source)
    page = render_map(snap, filters, actor=actor, depth=depth, title=title, analysis_href=links)
    if out == "-":
        sys.stdout.write(page.html)
        return
    Path(out).write_text(page.html, encoding="utf-8")
    if not state.quiet:
        click.echo(f"wrote {out}: {page.nodes} nodes, {page.claim_links} claim links")


@click.command("paths")
@store_option
@click.option("--topic", default=None, help="Only the path of this topic tag.")
@click.option("--lens", default=None, help="Only the path of this lens.")
@click.option("--actor", default=None, help="Only the path of this actor (any name or alias).")
@count_option("--top", default=12, help="Major actors that get a path (when no filter is given).")
@output_format("table", "json", default="table", help="Tables for reading, JSON for scripts.")
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
    from powermap.graph.views.snapshot import read_snapshot

    with powermap.open_store(store, read_only=True) as source:
        snap = read_snapshot(source)
    found = powermap.reader_paths(snap, topic=topic, lens=lens, actor=actor, top_actors=top)
    if fmt == "json":
        write_json(found)
        return
    _print_paths(found, snap)


def _print_paths(found: list[Any], snap: Any) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    out = console(highlight=False)
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
        out.print(table)
        if path.aside:
            titles = "; ".join(
                (snap.analyses[a].title or a) if a in snap.analyses else a for a in path.aside
            )
            out.print(f"[dim]beside the path: {escape(titles)}[/dim]\n")


@click.command("site")
@store_option
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write (new, empty, or a site written before).",
)
@count_option("--top", default=12, help="Major actors that get a reader path.")
@filter_options(
    "stated_only",
    help={"stated_only": "Leave out inferred claims on every page (marked otherwise)."},
)
@click.option(
    "--incremental",
    is_flag=True,
    help="Rewrite only the files whose content changes; the others keep their times.",
)
@pass_state
@user_errors
def site_command(
    state: State, store: str, out: str, top: int, filters: Filters, incremental: bool
) -> None:
    """Write a static site: index, map, actor, analysis and reader-path pages.

    The index lists lenses, topics, top gainers and the latest analyses;
    every actor gets a profile with its neighbourhood map and timeline; every
    analysis its sections with the claims' evidence highlighted, a small map
    and the next step of each reader path through it. Links are relative and
    scripts are files of the site: it works from file:// and any static host.
    Re-running into the same folder replaces the site; with --incremental
    only the files whose content changes are rewritten. Inferred claims are
    marked and drawn dashed; --stated-only leaves them out.

    \b
    Examples:
      powermap site --out out/site
      powermap site --store out/store --out out/site && xdg-open out/site/index.html
      powermap site --out out/site --incremental
    """
    with powermap.open_store(store, read_only=True) as source:
        summary = powermap.build_site(
            source,
            out,
            top_actors=top,
            stated_only=filters.stated_only,
            incremental=incremental,
        )
    if not state.quiet:
        changed = f" ({summary.written} files changed)" if incremental else ""
        click.echo(
            f"wrote {summary.pages} pages to {out}{changed} ({summary.analyses} analyses, "
            f"{summary.actors} actors, {summary.paths} reader paths): "
            f"open {Path(out) / 'index.html'}"
        )
