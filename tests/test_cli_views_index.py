"""Every research command prints the same JSON through the views index as from a snapshot.

Slow: builds ``data/`` (and the shared dev analyses, when present) with the real
pipeline, then runs each command twice, once as shipped (the build wrote the
index) and once with the index switched off (the snapshot path of before).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from powermap.cli import cli
from powermap.graph.views import index as view_index

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"data": ROOT / "data", "dev": ROOT.parent / "shared" / "dev"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=sorted(CORPORA))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = CORPORA[request.param]
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here")
    location = tmp_path_factory.mktemp(request.param) / "store"
    result = CliRunner().invoke(cli, ["-q", "build", str(folder), "--store", str(location)])
    assert result.exit_code in (0, 1), result.output  # data/ holds a file that fails on purpose
    assert view_index.index_path(location).exists()
    return str(location)


def run(store: str, args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--store", store, "--format", "json"])
    return result.exit_code, result.stdout if result.exit_code == 0 else result.stderr


def commands(store: str) -> list[list[str]]:
    """Each research command with a spread of options, on actors the store has."""
    code, out = run(store, ["who-gains", "--limit", "0"])
    assert code == 0, out
    actors = [g["actor"] for g in json.loads(out)]
    some = actors[:3] + actors[-2:]
    found = [
        ["who-gains"],
        ["who-gains", "--limit", "0", "--stated-only"],
        ["who-gains", "--over", "Washington"],
        ["who-gains", "--mechanism", "sanctions"],
        ["who-gains", "--since", "2026-06", "--until", "2026-09"],
        ["who-gains", "--lens", "Global Power Plays"],
        ["who-gains", "--topic", "no such topic"],
        ["mechanisms"],
        ["mechanisms", "--stated-only"],
        ["brokers", "--top", "0"],
        ["brokers"],
        ["brokers", "--top", "0", "--stated-only"],
        ["brokers", "--lens", "Global Power Plays"],
        ["brokers", "--since", "2026-06", "--until", "2026-09"],
        ["brokers", "--mechanism", "sanctions"],
        ["communities"],
        ["communities", "--resolution", "0.5", "--min-size", "1"],
        ["communities", "--stated-only"],
        ["communities", "--lens", "Global Power Plays"],
        ["communities", "--since", "2026-06", "--mechanism", "sanctions"],
        ["brokers", "--top", "0", "--topic", "no such topic"],
        ["path", "Washington", "Nobody Of Note"],
        ["actor", "Nobody Of Note"],
    ]
    for actor in some:
        found += [
            ["actor", actor],
            ["actor", actor, "--stated-only"],
            ["actor", actor, "--all"],
            ["actor", actor, "--limit", "2", "--offset", "3"],
            ["timeline", actor],
            ["timeline", actor, actors[0]],
            ["path", actor, actors[0]],
            ["path", actors[0], actor],
            ["path", actor, actors[-1], "--stated-only"],
            ["path", actor, actors[0], "--since", "2026-06"],
            ["path", actors[0], actor, "--lens", "Global Power Plays"],
        ]
    return found


def test_every_research_command_answers_the_same_through_the_index(
    built: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = commands(built)
    through_index = [run(built, args) for args in cases]
    # the snapshot path of before: neither a current index nor one synced on the way
    monkeypatch.setattr(view_index, "open_current", lambda location=None: None)
    monkeypatch.setattr(view_index, "open_index", lambda store: None)
    from_snapshot = [run(built, args) for args in cases]
    for args, got, expected in zip(cases, through_index, from_snapshot, strict=True):
        assert got == expected, args
    assert sum(code == 0 for code, _ in through_index) > len(cases) // 2
