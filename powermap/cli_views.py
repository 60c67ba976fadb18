"""Researchers' commands: who-gains, actor, brokers, path, mechanisms, timeline, communities.

Each command reads the store once (read-only, so it runs beside a build),
calls :mod:`powermap.graph.views` or :mod:`powermap.graph.analytics`, and
prints a rich table, JSON or CSV. Names resolve through the gazetteer and the
store (``powermap actor Washington`` is the United States); an unknown name
is one line on stderr with close matches, exit 1.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

from powermap.cli import cli, user_errors
from powermap.extract.errors import PowermapError
from powermap.graph.location import DEFAULT_STORE, STORE_ENV

if TYPE_CHECKING:
    from powermap.graph.records import Snapshot

F = Callable[..., Any]
FORMATS = ("table", "json", "csv")


def _store_option(func: F) -> F:
    return click.option(
        "--store",
        default=DEFAULT_STORE,
        show_default=True,
        envvar=STORE_ENV,
        show_envvar=True,
        help="Store directory (embedded Oxigraph) or SPARQL 1.1 endpoint URL.",
    )(func)


def _format_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="A table for reading, JSON or CSV for scripts.",
    )(func)


def _filter_options(func: F, *, mechanism: bool = True) -> F:
    """--lens, --topic, --since, --until (and --mechanism): the filters every view takes."""
    options = [
        click.option("--lens", default=None, help="Only analyses with this lens."),
        click.option("--topic", default=None, help="Only analyses with this topic."),
        click.option(
            "--since", default=None, help="Only analyses published on or after (YYYY[-MM[-DD]])."
        ),
        click.option(
            "--until", default=None, help="Only analyses published on or before (YYYY[-MM[-DD]])."
        ),
    ]
    if mechanism:
        options.append(
            click.option(
                "--mechanism", default=None, help="Only claims through this mechanism or family."
            )
        )
    for option in reversed(options):
        func = option(func)
    return func


def _no_mechanism_filter(func: F) -> F:
    return _filter_options(func, mechanism=False)


def _read(store: str) -> Snapshot:
    """Everything the views need, read once from the store (read-only)."""
    from powermap.graph.records import read_snapshot
    from powermap.graph.store import open_store

    with open_store(store, read_only=True) as source:
        return read_snapshot(source)


def _console() -> Any:
    """A rich console on stdout: the terminal's width, or 160 columns for pipes."""
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 160
    return console


def _table(
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
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=bool(stretch), pad_edge=False
    )
    for name in columns:
        table.add_column(
            name,
            justify="right" if name in aligned else "left",
            overflow="fold",
            ratio=1 if name in stretch else None,
            no_wrap=name in aligned,
            max_width=None if name in stretch or name in aligned else 24,
        )
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    return table


def _claim_cell(
    holder: str, relation: str, others: str, mechanism: str | None, evidence: str
) -> str:
    """A claim on two lines: who does what (to whom, through what), then its evidence."""
    head = f"[bold]{_escape(holder)}[/bold] {relation.replace('_', ' ')}"
    if others:
        head += f" → {_escape(others)}"
    if mechanism:
        head += f" [dim]through {_escape(mechanism)}[/dim]"
    return f"{head}\n{_escape(evidence)}"


def _print_tables(*tables: Any) -> None:
    console = _console()
    for table in tables:
        if table is not None:
            console.print(table)


def _json(data: Any) -> None:
    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        return value

    click.echo(json.dumps(plain(data), indent=2, ensure_ascii=False))


def _csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    click.echo(buffer.getvalue(), nl=False)


def _names(items: Iterable[Any], limit: int = 3) -> str:
    """``label (n)`` for the first few counted items, and how many more."""
    items = list(items)
    shown = ", ".join(f"{c.label} ({c.claims})" for c in items[:limit])
    return shown + (f", +{len(items) - limit} more" if len(items) > limit else "")


def _entry_cell(snap: Snapshot, entry: Any) -> str:
    others = ", ".join(snap.label(o) for o in entry.others)
    mechanism = snap.mechanism(entry.mechanism).label if entry.mechanism else None
    return _claim_cell(snap.label(entry.holder), entry.relation, others, mechanism, entry.evidence)


# ---------------------------------------------------------------- who-gains


@cli.command("who-gains")
@_store_option
@click.option("--over", default=None, help="Only gains over this actor (any name or alias).")
@_filter_options
@click.option(
    "--limit",
    default=20,
    show_default=True,
    type=click.IntRange(min=0),
    help="Actors to show (0: all).",
)
@_format_option
@user_errors
def who_gains_command(
    store: str,
    over: str | None,
    lens: str | None,
    topic: str | None,
    since: str | None,
    until: str | None,
    mechanism: str | None,
    limit: int,
    fmt: str,
) -> None:
    """Rank actors by the leverage the analyses say they gain.

    An actor gains when it holds a claim of a gaining kind (gains leverage,
    brokers, pressures, extracts concessions, constrains, benefits), or when
    another depends on it, concedes to it or bears a cost it imposes. Ranked
    by the analyses stating it, then claims, then their summed confidence.

    \b
    Examples:
      powermap who-gains
      powermap who-gains --over Egypt --format json
      powermap who-gains --mechanism "economic coercion" --since 2026-06
    """
    from powermap.graph.views import who_gains

    gainers = who_gains(
        _read(store),
        over=over,
        mechanism=mechanism,
        lens=lens,
        topic=topic,
        since=since,
        until=until,
        limit=limit or None,
    )
    if fmt == "json":
        _json(gainers)
        return
    if fmt == "csv":
        columns = ["rank", "actor", "label", "kind", "wikidata", "analyses", "claims", "score"]
        _csv(
            [*columns, "over", "mechanisms", "evidence"],
            (
                [i, g.actor, g.label, g.kind, g.wikidata, g.analyses, g.claims, g.score]
                + ["; ".join(o.id for o in g.over), "; ".join(m.id for m in g.mechanisms)]
                + [g.evidence[0].sentence if g.evidence else ""]
                for i, g in enumerate(gainers, start=1)
            ),
        )
        return
    if not gainers:
        click.echo("no actor gains leverage in the claims selected")
        return
    rows = [
        [
            i,
            f"{_escape(g.label)}\n[dim]{g.kind}[/dim]",
            g.analyses,
            g.claims,
            f"{g.score:.2f}",
            _gainer_cell(g),
        ]
        for i, g in enumerate(gainers, start=1)
    ]
    columns = ["#", "actor", "analyses", "claims", "score", "over · through · evidence"]
    _print_tables(
        _table(
            "Who gains leverage",
            columns,
            rows,
            right={"#", "analyses", "claims", "score"},
            wide={"over · through · evidence"},
        )
    )


def _gainer_cell(g: Any) -> str:
    lines = []
    if g.over:
        lines.append(f"over {_escape(_names(g.over))}")
    if g.mechanisms:
        lines.append(f"[dim]through {_escape(_names(g.mechanisms, 2))}[/dim]")
    return "\n".join([*lines, _evidence_cell(g.evidence)])


def _evidence_cell(evidence: Sequence[Any]) -> str:
    if not evidence:
        return ""
    first = evidence[0]
    more = f" [dim](+{len(evidence) - 1} more)[/dim]" if len(evidence) > 1 else ""
    return f"“{_escape(first.sentence)}” [dim]{first.date or ''}[/dim]{more}"


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# ---------------------------------------------------------------- actor


@cli.command("actor")
@click.argument("name")
@_store_option
@_format_option
@user_errors
def actor_command(name: str, store: str, fmt: str) -> None:
    """Profile one actor: whom it gains over and loses to, what it brokers, when.

    NAME is any label, alias, demonym or metonym: "Washington", "U.S." and
    "American" are all the United States.

    \b
    Examples:
      powermap actor Washington
      powermap actor "International Monetary Fund" --format json
      powermap actor Turkey --format csv      # its claims, one per row
    """
    from powermap.graph.views import actor_profile

    snap = _read(store)
    profile = actor_profile(snap, name)
    if fmt == "json":
        _json(profile)
        return
    entries = [
        [e.date, e.holder, e.relation, "; ".join(e.others), e.mechanism, e.analysis, e.evidence]
        for e in profile.timeline
    ]
    if fmt == "csv":
        _csv(["date", "holder", "relation", "others", "mechanism", "analysis", "evidence"], entries)
        return
    header = f"[bold]{_escape(profile.label)}[/bold] ({profile.kind}"
    header += f", Wikidata {profile.wikidata})" if profile.wikidata else ")"
    if profile.aliases:
        header += f"  also: {_escape(', '.join(profile.aliases))}"
    _console().print(header)

    def ties(title: str, items: Sequence[Any]) -> Any:
        if not items:
            return None
        rows = [[t.label, t.analyses, t.claims, _evidence_cell(t.evidence)] for t in items]
        columns = ["actor", "analyses", "claims", "evidence"]
        return _table(title, columns, rows, right={"analyses", "claims"}, wide={"evidence"})

    brokered = [[snap.label(a), snap.label(b), n] for a, b, n in profile.brokers_between]
    timeline = [[e.date, _entry_cell(snap, e)] for e in profile.timeline]
    _print_tables(
        ties("Gains leverage over", profile.gains_over),
        ties("Loses leverage to", profile.loses_to),
        _table("Brokers between", ["party", "party", "claims"], brokered, right={"claims"})
        if brokered
        else None,
        _table(
            "Mechanisms",
            ["mechanism", "claims"],
            [[m.label, m.claims] for m in profile.mechanisms],
            right={"claims"},
        )
        if profile.mechanisms
        else None,
        _table(
            "Analyses",
            ["date", "lens", "title"],
            [[a.date, a.lens, a.title or a.id] for a in profile.analyses],
            wide={"title"},
        ),
        _table("Claims over time", ["date", "claim"], timeline, wide={"claim"})
        if timeline
        else None,
    )


# ---------------------------------------------------------------- brokers


@cli.command("brokers")
@_store_option
@_filter_options
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(min=0),
    help="Actors to show (0: all).",
)
@_format_option
@user_errors
def brokers_command(
    store: str,
    lens: str | None,
    topic: str | None,
    since: str | None,
    until: str | None,
    mechanism: str | None,
    top: int,
    fmt: str,
) -> None:
    """List the actors who broker between others.

    Brokerage claims ("Turkey brokers between Moscow and Kyiv") come first;
    then betweenness centrality and Burt's structural holes on the actor
    graph: a high effective size and a low constraint mark an actor that
    bridges others who do not deal with each other.

    \b
    Examples:
      powermap brokers
      powermap brokers --top 5 --format csv
    """
    from powermap.graph.analytics import brokers
    from powermap.graph.network import actor_graph

    snap = _read(store)
    G = actor_graph(snap, lens=lens, topic=topic, mechanism=mechanism, since=since, until=until)
    found = brokers(G, top=top or None)
    if fmt == "json":
        _json(found)
        return
    columns = [
        "actor",
        "brokerage claims",
        "between",
        "betweenness",
        "effective size",
        "constraint",
    ]

    def between(pairs: Iterable[tuple[str, str]], sep: str) -> str:
        return sep.join(f"{snap.label(a)} – {snap.label(b)}" for a, b in pairs)

    if fmt == "csv":
        rows = [
            [
                b.actor,
                b.brokerage_claims,
                between(b.between, "; "),
                b.betweenness,
                b.effective_size,
                b.constraint,
            ]
            for b in found
        ]
        _csv(columns, rows)
        return

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:.3f}"

    rows = [
        [
            b.label,
            b.brokerage_claims,
            between(b.between, "\n"),
            number(b.betweenness),
            number(b.effective_size),
            number(b.constraint),
        ]
        for b in found
    ]
    headers = [
        "actor",
        "brokerage\nclaims",
        "between",
        "betweenness",
        "effective\nsize",
        "constraint",
    ]
    right = set(headers) - {"actor", "between"}
    _print_tables(_table("Brokers", headers, rows, right=right, wide={"between"}))


# ---------------------------------------------------------------- path


@cli.command("path")
@click.argument("source")
@click.argument("target")
@_store_option
@_filter_options
@_format_option
@user_errors
def path_command(
    source: str,
    target: str,
    store: str,
    lens: str | None,
    topic: str | None,
    since: str | None,
    until: str | None,
    mechanism: str | None,
    fmt: str,
) -> None:
    """Show the chain of leverage between two actors (SOURCE over ... over TARGET).

    Follows net leverage from SOURCE to TARGET, else from TARGET to SOURCE,
    else any chain of claims that connects them. Exit 1 when nothing does.

    \b
    Examples:
      powermap path "Saudi Arabia" Egypt
      powermap path Ankara Kyiv --format json
    """
    from powermap.graph.analytics import leverage_path
    from powermap.graph.network import actor_graph
    from powermap.graph.resolve import resolve_actor

    snap = _read(store)
    a, b = resolve_actor(source, snap), resolve_actor(target, snap)
    G = actor_graph(snap, lens=lens, topic=topic, mechanism=mechanism, since=since, until=until)
    found = leverage_path(G, a, b)
    if found is None:
        raise PowermapError(f"no chain of claims connects {snap.label(a)} and {snap.label(b)}")
    if fmt == "json":
        _json(found)
        return
    columns = ["stronger", "weaker", "net leverage", "claims", "evidence"]
    if fmt == "csv":
        _csv(
            columns,
            (
                [s.stronger, s.weaker, s.weight, s.claims, " | ".join(s.evidence)]
                for s in found.steps
            ),
        )
        return
    chain = " → ".join(snap.label(n) for n in found.nodes)
    meaning = {
        "forward": f"{snap.label(a)} holds leverage, through the chain, over {snap.label(b)}",
        "reverse": f"{snap.label(b)} holds leverage, through the chain, over {snap.label(a)}",
        "undirected": "connected by claims, with no chain of net leverage either way",
    }[found.direction]
    rows = [
        [
            snap.label(s.stronger),
            snap.label(s.weaker),
            f"{s.weight:.2f}",
            s.claims,
            _escape(s.evidence[0]) if s.evidence else "",
        ]
        for s in found.steps
    ]
    _console().print(f"[bold]{_escape(chain)}[/bold]: {meaning}")
    _print_tables(
        _table("Steps", columns, rows, right={"net leverage", "claims"}, wide={"evidence"})
    )


# ---------------------------------------------------------------- mechanisms


@cli.command("mechanisms")
@_store_option
@_no_mechanism_filter
@_format_option
@user_errors
def mechanisms_command(
    store: str, lens: str | None, topic: str | None, since: str | None, until: str | None, fmt: str
) -> None:
    """List the mechanisms of power the analyses name, and who uses them.

    \b
    Examples:
      powermap mechanisms
      powermap mechanisms --lens "Global Power Plays" --format json
    """
    from powermap.graph.views import mechanism_summary

    found = mechanism_summary(_read(store), lens=lens, topic=topic, since=since, until=until)
    if fmt == "json":
        _json(found)
        return
    if fmt == "csv":
        _csv(
            ["mechanism", "label", "family", "analyses", "claims", "actors"],
            (
                [m.id, m.label, m.family, m.analyses, m.claims, "; ".join(a.id for a in m.actors)]
                for m in found
            ),
        )
        return
    rows = [[m.label, m.family, m.analyses, m.claims, _names(m.actors)] for m in found]
    columns = ["mechanism", "family", "analyses", "claims", "claims held by"]
    right = {"analyses", "claims"}
    _print_tables(
        _table("Mechanisms of power", columns, rows, right=right, wide={"claims held by"})
    )


# ---------------------------------------------------------------- timeline


@cli.command("timeline")
@click.argument("actor")
@click.argument("other", required=False)
@_store_option
@_filter_options
@_format_option
@user_errors
def timeline_command(
    actor: str,
    other: str | None,
    store: str,
    lens: str | None,
    topic: str | None,
    since: str | None,
    until: str | None,
    mechanism: str | None,
    fmt: str,
) -> None:
    """Show leverage over time: ACTOR against everyone, or ACTOR against OTHER.

    Month by month, the claims giving ACTOR leverage (over OTHER) and those
    giving leverage over ACTOR (by OTHER), then the claims themselves. CSV
    prints the monthly series; JSON both.

    \b
    Examples:
      powermap timeline Turkey
      powermap timeline Turkey Russia --format csv
    """
    from powermap.graph.views import timeline

    snap = _read(store)
    found = timeline(
        snap, actor, other, lens=lens, topic=topic, mechanism=mechanism, since=since, until=until
    )
    if fmt == "json":
        _json(found)
        return
    first = found.labels[0]
    second = found.labels[1] if len(found.labels) > 1 else "others"
    columns = ["month", f"{first} over {second}", f"{second} over {first}", "net"]
    months = [[m.month, m.a_over_b, m.b_over_a, f"{m.net:+d}"] for m in found.months]
    if fmt == "csv":
        _csv(
            ["month", "a_over_b", "b_over_a", "net"],
            ([m.month, m.a_over_b, m.b_over_a, m.net] for m in found.months),
        )
        return
    entries = [[e.date, _entry_cell(snap, e)] for e in found.entries]
    if not entries:
        click.echo(f"no claims of {' and '.join(found.labels)} in the analyses selected")
        return
    _print_tables(
        _table("Leverage by month", columns, months, right=set(columns) - {"month"})
        if months
        else None,
        _table("Claims", ["date", "claim"], entries, wide={"claim"}),
    )


# ---------------------------------------------------------------- communities


@cli.command("communities")
@_store_option
@_filter_options
@click.option(
    "--seed", default=42, show_default=True, help="Louvain's random seed (same seed, same answer)."
)
@click.option("--resolution", default=1.0, show_default=True, help="Above 1: smaller communities.")
@click.option(
    "--min-size",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="Smallest community shown.",
)
@_format_option
@user_errors
def communities_command(
    store: str,
    lens: str | None,
    topic: str | None,
    since: str | None,
    until: str | None,
    mechanism: str | None,
    seed: int,
    resolution: float,
    min_size: int,
    fmt: str,
) -> None:
    """Group actors into communities (Louvain modularity on the actor graph).

    \b
    Examples:
      powermap communities
      powermap communities --resolution 0.5 --format json
    """
    from powermap.graph.analytics import communities
    from powermap.graph.network import actor_graph

    snap = _read(store)
    G = actor_graph(snap, lens=lens, topic=topic, mechanism=mechanism, since=since, until=until)
    groups = communities(G, seed=seed, resolution=resolution, min_size=min_size)
    if fmt == "json":
        _json(
            [
                {"community": i, "actors": [{"id": a, "label": snap.label(a)} for a in group]}
                for i, group in enumerate(groups, start=1)
            ]
        )
        return
    if fmt == "csv":
        _csv(
            ["community", "actor", "label"],
            ([i, a, snap.label(a)] for i, group in enumerate(groups, start=1) for a in group),
        )
        return
    rows = [
        [i, len(group), ", ".join(snap.label(a) for a in group)]
        for i, group in enumerate(groups, start=1)
    ]
    columns = ["#", "actors", "members"]
    _print_tables(_table("Communities", columns, rows, right={"#", "actors"}, wide={"members"}))


__all__ = [
    "who_gains_command",
    "actor_command",
    "brokers_command",
    "path_command",
    "mechanisms_command",
    "timeline_command",
    "communities_command",
]
