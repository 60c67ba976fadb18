"""Researchers' commands: who-gains, actor, brokers, path, mechanisms, timeline, communities.

Each command reads the store once (read-only, so it runs beside a build),
calls :mod:`powermap.graph.views.leverage` or :mod:`powermap.graph.views.analytics`, and
prints a rich table, JSON or CSV. Names resolve through the gazetteer and the
store (``powermap actor Washington`` is the United States); an unknown name
is one line on stderr with close matches, exit 1. Inferred claims (a party
drawn from the discourse) are counted and marked apart; ``--stated-only``
leaves them out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

import powermap
from powermap.cli.options import (
    OneLineUsageErrors,
    console,
    count_option,
    filter_options,
    format_option,
    print_tables,
    store_option,
    table,
    user_errors,
    write_csv,
    write_json,
)
from powermap.graph.errors import ViewError

if TYPE_CHECKING:
    from powermap.graph.views.filters import Filters
    from powermap.graph.views.index import ViewIndex
    from powermap.graph.views.snapshot import Snapshot

__all__ = [
    "who_gains_command",
    "actor_command",
    "brokers_command",
    "path_command",
    "mechanisms_command",
    "timeline_command",
    "communities_command",
]


@contextmanager
def _source(store: str) -> Iterator[ViewIndex | Snapshot]:
    """What the views read: the store's views index (synced first if the store changed),
    or a snapshot of the store when it has none (a SPARQL endpoint, an older store)."""
    from powermap.graph.views.index import open_current, open_index

    current = open_current(store)  # the common case: no need to open the store at all
    if current is not None:
        with current:
            yield current
        return
    from powermap.graph.views.snapshot import read_snapshot

    with powermap.open_store(store, read_only=True) as opened:
        index = open_index(opened)
        if index is None:
            snap = read_snapshot(opened)
    if index is None:
        yield snap
        return
    with index:
        yield index


INFERRED = " [dim]\\[inferred][/dim]"
"""The marker of an inferred claim in a table cell (escaped brackets: rich markup)."""


def _claim_cell(
    holder: str,
    relation: str,
    others: str,
    mechanism: str | None,
    evidence: str,
    basis: str = "stated",
) -> str:
    """A claim on two lines: who does what (to whom, through what), then its evidence."""
    head = f"[bold]{_escape(holder)}[/bold] {relation.replace('_', ' ')}"
    if others:
        head += f" → {_escape(others)}"
    if mechanism:
        head += f" [dim]through {_escape(mechanism)}[/dim]"
    if basis == "inferred":
        head += INFERRED
    return f"{head}\n{_escape(evidence)}"


def _names(items: Iterable[Any], limit: int = 3) -> str:
    """``label (n)`` for the first few counted items, and how many more."""
    items = list(items)
    shown = ", ".join(f"{c.label} ({c.claims})" for c in items[:limit])
    return shown + (f", +{len(items) - limit} more" if len(items) > limit else "")


def _entry_cell(snap: Snapshot | ViewIndex, entry: Any) -> str:
    others = ", ".join(snap.label(o) for o in entry.others)
    mechanism = snap.mechanism(entry.mechanism).label if entry.mechanism else None
    return _claim_cell(
        snap.label(entry.holder), entry.relation, others, mechanism, entry.evidence, entry.basis
    )


# ---------------------------------------------------------------- who-gains


@click.command("who-gains")
@store_option
@click.option("--over", default=None, help="Only gains over this actor (any name or alias).")
@filter_options()
@count_option("--limit", default=20, help="Actors to show (0: all).")
@format_option
@user_errors
def who_gains_command(
    store: str,
    over: str | None,
    filters: Filters,
    limit: int,
    fmt: str,
) -> None:
    """Rank actors by the leverage the analyses say they gain.

    An actor gains when it holds a claim of a gaining kind (gains leverage,
    brokers, pressures, extracts concessions, constrains, benefits), or when
    another depends on it, concedes to it or bears a cost it imposes. Ranked
    by the analyses stating it, then claims, then their summed confidence.
    The "inferred" column counts claims whose counterpart (or holder) was
    drawn from the discourse; --stated-only leaves them out.

    \b
    Examples:
      powermap who-gains
      powermap who-gains --over Egypt --format json
      powermap who-gains --mechanism "economic coercion" --since 2026-06
      powermap who-gains --stated-only
    """
    with _source(store) as source:
        gainers = powermap.who_gains(source, filters, over=over, limit=limit or None)
    if fmt == "json":
        write_json(gainers)
        return
    if fmt == "csv":
        columns = ["rank", "actor", "label", "kind", "wikidata", "analyses", "claims"]
        write_csv(
            [*columns, "inferred", "score", "over", "mechanisms", "evidence", "basis"],
            (
                [i, g.actor, g.label, g.kind, g.wikidata, g.analyses, g.claims, g.inferred]
                + [g.score, "; ".join(o.id for o in g.over), "; ".join(m.id for m in g.mechanisms)]
                + ([g.evidence[0].sentence, g.evidence[0].basis] if g.evidence else ["", ""])
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
            g.inferred or "",
            f"{g.score:.2f}",
            _gainer_cell(g),
        ]
        for i, g in enumerate(gainers, start=1)
    ]
    columns = ["#", "actor", "analyses", "claims", "inferred", "score", "over · through · evidence"]
    print_tables(
        table(
            "Who gains leverage",
            columns,
            rows,
            right={"#", "analyses", "claims", "inferred", "score"},
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
    marker = INFERRED if first.basis == "inferred" else ""
    return f"“{_escape(first.sentence)}”{marker} [dim]{first.date or ''}[/dim]{more}"


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# ---------------------------------------------------------------- actor


@click.command("actor", cls=OneLineUsageErrors)
@click.argument("name")
@store_option
@filter_options("stated_only")
@count_option("--limit", default=50, help="Claims and analyses to list (0: all).")
@count_option("--offset", default=0, help="Claims and analyses to skip (the next page).")
@click.option("--all", "everything", is_flag=True, help="List every claim and analysis.")
@format_option
@user_errors
def actor_command(
    name: str, store: str, filters: Filters, limit: int, offset: int, everything: bool, fmt: str
) -> None:
    """Profile one actor: whom it gains over and loses to, what it brokers, when.

    NAME is any label, alias, demonym or metonym: "Washington", "U.S." and
    "American" are all the United States. Inferred claims (a party drawn
    from the discourse) are counted and marked; --stated-only leaves them out.
    Its ties, mechanisms and months count every claim; its claims (by date)
    and analyses are listed a page at a time: --limit of them from --offset,
    or --all.

    \b
    Examples:
      powermap actor Washington
      powermap actor Washington --offset 50   # the next 50 claims and analyses
      powermap actor "International Monetary Fund" --format json
      powermap actor Turkey --format csv --all   # all its claims, one per row
      powermap actor Turkey --stated-only
    """
    page = None if everything or not limit else limit
    with _source(store) as snap:
        profile = powermap.actor_profile(snap, name, filters, limit=page, offset=offset)
        if fmt == "json":
            write_json(profile)
        else:
            _print_profile(snap, profile, fmt)
    more = _more(profile)
    if more:
        click.echo(more, err=fmt != "table")


def _more(profile: Any) -> str:
    """The line that says what follows a page of the profile ("" when nothing does)."""
    parts = [
        f"{n:,} more {noun}"
        for n, noun in ((profile.more_claims, "claims"), (profile.more_analyses, "analyses"))
        if n
    ]
    if not parts:
        return ""
    following = profile.offset + max(len(profile.timeline), len(profile.analyses))
    return (
        f"{' and '.join(parts)}; use --limit/--offset (next: --offset {following}) "
        "or --format json/csv --all"
    )


def _span(shown: int, offset: int, total: int) -> str:
    """`` (51-100 of 8,750)`` for a page short of the whole list, else ""."""
    if shown == total:
        return ""
    return f" ({offset + 1:,}-{offset + shown:,} of {total:,})" if shown else f" (of {total:,})"


def _print_profile(snap: Snapshot | ViewIndex, profile: Any, fmt: str) -> None:
    entries = [
        [e.date, e.holder, e.relation, "; ".join(e.others), e.mechanism, e.analysis, e.evidence]
        + [e.basis]
        for e in profile.timeline
    ]
    if fmt == "csv":
        columns = ["date", "holder", "relation", "others", "mechanism", "analysis", "evidence"]
        write_csv([*columns, "basis"], entries)
        return
    header = f"[bold]{_escape(profile.label)}[/bold] ({profile.kind}"
    header += f", Wikidata {profile.wikidata})" if profile.wikidata else ")"
    if profile.aliases:
        header += f"  also: {_escape(', '.join(profile.aliases))}"
    console(highlight=False).print(header)

    def ties(title: str, items: Sequence[Any]) -> Any:
        if not items:
            return None
        rows = [
            [t.label, t.analyses, t.claims, t.inferred or "", _evidence_cell(t.evidence)]
            for t in items
        ]
        columns = ["actor", "analyses", "claims", "inferred", "evidence"]
        right = {"analyses", "claims", "inferred"}
        return table(title, columns, rows, right=right, wide={"evidence"})

    brokered = [[snap.label(a), snap.label(b), n] for a, b, n in profile.brokers_between]
    timeline = [[e.date, _entry_cell(snap, e)] for e in profile.timeline]
    print_tables(
        ties("Gains leverage over", profile.gains_over),
        ties("Loses leverage to", profile.loses_to),
        table("Brokers between", ["party", "party", "claims"], brokered, right={"claims"})
        if brokered
        else None,
        table(
            "Mechanisms",
            ["mechanism", "claims"],
            [[m.label, m.claims] for m in profile.mechanisms],
            right={"claims"},
        )
        if profile.mechanisms
        else None,
        table(
            "Analyses" + _span(len(profile.analyses), profile.offset, profile.analysis_count),
            ["date", "lens", "title"],
            [[a.date, a.lens, a.title or a.id] for a in profile.analyses],
            wide={"title"},
        ),
        table(
            "Claims over time" + _span(len(timeline), profile.offset, profile.claims),
            ["date", "claim"],
            timeline,
            wide={"claim"},
        )
        if timeline
        else None,
    )


# ---------------------------------------------------------------- brokers


@click.command("brokers")
@store_option
@filter_options()
@count_option("--top", default=10, help="Actors to show (0: all).")
@format_option
@user_errors
def brokers_command(
    store: str,
    filters: Filters,
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
    with _source(store) as snap:
        _print_brokers(snap, powermap.brokers(snap, filters=filters, top=top or None), fmt)


def _print_brokers(snap: Snapshot | ViewIndex, found: list[Any], fmt: str) -> None:
    if fmt == "json":
        write_json(found)
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
        write_csv(columns, rows)
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
    print_tables(table("Brokers", headers, rows, right=right, wide={"between"}))


# ---------------------------------------------------------------- path


@click.command("path")
@click.argument("source")
@click.argument("target")
@store_option
@filter_options()
@format_option
@user_errors
def path_command(
    source: str,
    target: str,
    store: str,
    filters: Filters,
    fmt: str,
) -> None:
    """Show the chain of leverage between two actors (SOURCE over ... over TARGET).

    Follows net leverage from SOURCE to TARGET, else from TARGET to SOURCE,
    else any chain of claims that connects them. Exit 1 when nothing does.
    A step whose claims are all inferred (a party drawn from the discourse)
    is marked; --stated-only builds the chain from stated claims alone.

    \b
    Examples:
      powermap path "Saudi Arabia" Egypt
      powermap path Ankara Kyiv --format json
      powermap path Ankara Kyiv --stated-only
    """
    with _source(store) as snap:
        a, b = _resolve(snap, source), _resolve(snap, target)
        found = powermap.leverage_path(snap, a, b, filters=filters)
        _print_path(snap, a, b, found, fmt)


def _resolve(snap: Snapshot | ViewIndex, name: str) -> str:
    """The id of the actor ``name`` stands for (one lookup in an index's table of names)."""
    from powermap.graph.views import indexed
    from powermap.graph.views.index import ViewIndex
    from powermap.graph.views.resolve import resolve_actor

    if isinstance(snap, ViewIndex):
        return indexed._resolve(snap, name)
    return resolve_actor(name, snap)


def _print_path(snap: Snapshot | ViewIndex, a: str, b: str, found: Any, fmt: str) -> None:
    if found is None:
        raise ViewError(f"no chain of claims connects {snap.label(a)} and {snap.label(b)}")
    if fmt == "json":
        write_json(found)
        return
    columns = ["stronger", "weaker", "net leverage", "claims", "inferred", "evidence"]
    if fmt == "csv":
        write_csv(
            [*columns, "basis"],
            (
                [s.stronger, s.weaker, s.weight, s.claims, s.inferred, " | ".join(s.evidence)]
                + [s.basis]
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
            s.inferred or "",
            (_escape(s.evidence[0]) if s.evidence else "")
            + (INFERRED if s.basis == "inferred" else ""),
        ]
        for s in found.steps
    ]
    console(highlight=False).print(f"[bold]{_escape(chain)}[/bold]: {meaning}")
    right = {"net leverage", "claims", "inferred"}
    print_tables(table("Steps", columns, rows, right=right, wide={"evidence"}))


# ---------------------------------------------------------------- mechanisms


@click.command("mechanisms")
@store_option
@filter_options("lens", "topic", "since", "until", "stated_only")
@format_option
@user_errors
def mechanisms_command(store: str, filters: Filters, fmt: str) -> None:
    """List the mechanisms of power the analyses name, and who uses them.

    \b
    Examples:
      powermap mechanisms
      powermap mechanisms --lens "Global Power Plays" --format json
    """
    from powermap.graph.views.leverage import mechanism_summary

    with _source(store) as source:
        found = mechanism_summary(source, filters)
    if fmt == "json":
        write_json(found)
        return
    if fmt == "csv":
        write_csv(
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
    print_tables(table("Mechanisms of power", columns, rows, right=right, wide={"claims held by"}))


# ---------------------------------------------------------------- timeline


@click.command("timeline")
@click.argument("actor")
@click.argument("other", required=False)
@store_option
@filter_options()
@format_option
@user_errors
def timeline_command(
    actor: str,
    other: str | None,
    store: str,
    filters: Filters,
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
    with _source(store) as snap:
        _print_timeline(snap, powermap.timeline(snap, actor, other, filters), fmt)


def _print_timeline(snap: Snapshot | ViewIndex, found: Any, fmt: str) -> None:
    if fmt == "json":
        write_json(found)
        return
    first = found.labels[0]
    second = found.labels[1] if len(found.labels) > 1 else "others"
    columns = ["month", f"{first} over {second}", f"{second} over {first}", "net"]
    months = [[m.month, m.a_over_b, m.b_over_a, f"{m.net:+d}"] for m in found.months]
    if fmt == "csv":
        write_csv(
            ["month", "a_over_b", "b_over_a", "net"],
            ([m.month, m.a_over_b, m.b_over_a, m.net] for m in found.months),
        )
        return
    entries = [[e.date, _entry_cell(snap, e)] for e in found.entries]
    if not entries:
        click.echo(f"no claims of {' and '.join(found.labels)} in the analyses selected")
        return
    print_tables(
        table("Leverage by month", columns, months, right=set(columns) - {"month"})
        if months
        else None,
        table("Claims", ["date", "claim"], entries, wide={"claim"}),
    )


# ---------------------------------------------------------------- communities


@click.command("communities")
@store_option
@filter_options()
@click.option(
    "--seed", default=42, show_default=True, help="Louvain's random seed (same seed, same answer)."
)
@click.option("--resolution", default=1.0, show_default=True, help="Above 1: smaller communities.")
@count_option("--min-size", default=2, help="Smallest community shown.", minimum=1)
@format_option
@user_errors
def communities_command(
    store: str,
    filters: Filters,
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
    with _source(store) as snap:
        groups = powermap.communities(
            snap, filters=filters, seed=seed, resolution=resolution, min_size=min_size
        )
        labels = _labels(snap, (a for group in groups for a in group))
    if fmt == "json":
        write_json(
            [
                {"community": i, "actors": [{"id": a, "label": labels[a]} for a in group]}
                for i, group in enumerate(groups, start=1)
            ]
        )
        return
    if fmt == "csv":
        write_csv(
            ["community", "actor", "label"],
            ([i, a, labels[a]] for i, group in enumerate(groups, start=1) for a in group),
        )
        return
    rows = [
        [i, len(group), ", ".join(labels[a] for a in group)]
        for i, group in enumerate(groups, start=1)
    ]
    columns = ["#", "actors", "members"]
    print_tables(table("Communities", columns, rows, right={"#", "actors"}, wide={"members"}))


def _labels(snap: Snapshot | ViewIndex, actors: Iterable[str]) -> dict[str, str]:
    """The labels of these actors (read at once from an index), each its id when unknown."""
    from powermap.graph.views.index import ViewIndex

    wanted = list(actors)
    known = snap.actors(wanted) if isinstance(snap, ViewIndex) else snap.actors
    return {a: known[a].label if a in known else a for a in wanted}
