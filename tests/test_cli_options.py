"""The shared options build one value each: the filters arrive as a Filters."""

from __future__ import annotations

import click
from click.testing import CliRunner

from powermap.cli.options import filter_options
from powermap.graph.views.filters import Filters


def _probe(*names: str) -> tuple[click.Command, list[Filters]]:
    seen: list[Filters] = []

    @click.command()
    @filter_options(*names)
    def probe(filters: Filters) -> None:
        seen.append(filters)

    return probe, seen


def test_the_filter_options_arrive_as_one_filters_value() -> None:
    probe, seen = _probe()
    args = ["--lens", "Global Power Plays", "--since", "2026-06", "--mechanism", "tariffs"]
    result = CliRunner().invoke(probe, args)
    assert result.exit_code == 0, result.output
    assert seen == [Filters(lens="Global Power Plays", mechanism="tariffs", since="2026-06")]


def test_a_command_takes_only_the_filters_it_names() -> None:
    probe, seen = _probe("lens", "topic")
    assert CliRunner().invoke(probe, ["--topic", "trade"]).exit_code == 0
    assert seen == [Filters(topic="trade")]
    assert CliRunner().invoke(probe, ["--mechanism", "tariffs"]).exit_code == 2


def test_no_filter_is_the_empty_filters() -> None:
    probe, seen = _probe()
    assert CliRunner().invoke(probe, []).exit_code == 0
    assert seen == [Filters()] and not seen[0].active
