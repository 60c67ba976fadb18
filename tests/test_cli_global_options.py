"""-q/--quiet and -v/--verbose before or after any command; log lines of other
libraries only with -v."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from powermap.cli import cli
from powermap.extract.model import Actor, Analysis, Extraction

PAGE = "Talks resume\n\nDOHA (AP) — Qatar gains leverage over Iran, take {n}.\n"


def _fake_extract_many(analyses: Iterable[Analysis], *, jobs: int = 1) -> Iterator[Extraction]:
    for analysis in analyses:
        yield Extraction(analysis, [Actor("qatar", "Qatar", "State")], [])


@pytest.fixture
def pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import powermap.extract.pipeline as pipeline

    monkeypatch.setattr(pipeline, "extract_many", _fake_extract_many)
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in (1, 2):
        (folder / f"page{n}.txt").write_text(PAGE.format(n=n), "utf-8")
    return folder


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_documents_quiet_and_verbose_in_its_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "-q, --quiet" in result.output and "-v, --verbose" in result.output


def test_the_options_of_every_command_come_from_one_decorator() -> None:
    def helps(command: click.Command) -> set[tuple[str, str | None]]:
        return {
            (p.name or "", getattr(p, "help", None))
            for p in command.params
            if p.name in {"quiet", "verbose"}
        }

    expected = helps(cli)
    assert len(expected) == 2
    assert all(helps(command) == expected for command in cli.commands.values())


@pytest.mark.parametrize(
    "args",
    [
        ["-q", "build", "{pages}", "--store", "{store}"],
        ["build", "{pages}", "--store", "{store}", "-q"],
        ["build", "-q", "{pages}", "--store", "{store}"],
        ["build", "{pages}", "--store", "{store}", "--quiet"],
    ],
)
def test_quiet_works_before_and_after_the_command(
    pages: Path, tmp_path: Path, args: list[str]
) -> None:
    store = tmp_path / "store"
    argv = [a.format(pages=pages, store=store) for a in args]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (store / "CURRENT").exists()


def test_without_quiet_build_prints_its_summary(pages: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(pages), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert result.stdout == "added 2, replaced 0, skipped 0, failed 0\n"


@pytest.fixture
def noisy_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading logs as trafilatura does, and as powermap does, then fails on a bug."""
    import powermap.extract.reader as reader

    def read_many(*args: object, **kwargs: object) -> Iterator[Analysis]:
        logging.getLogger("trafilatura.core").warning("discarding data: None")
        logging.getLogger("powermap.extract.reader").warning("b.txt: same content as a.txt")
        raise RuntimeError("a bug")
        yield  # pragma: no cover

    monkeypatch.setattr(reader, "read_many", read_many)


def test_without_verbose_only_powermap_lines_reach_stderr(noisy_read: None) -> None:
    result = CliRunner().invoke(cli, ["read", "x.txt"])
    assert result.exit_code == 70
    assert result.stderr.splitlines() == [
        "powermap: b.txt: same content as a.txt",
        "powermap: internal error: RuntimeError: a bug (run with -v for details)",
    ]


@pytest.mark.parametrize("args", [["-v", "read", "x.txt"], ["read", "x.txt", "-v"]])
def test_verbose_before_or_after_shows_library_lines_and_the_traceback(
    noisy_read: None, args: list[str]
) -> None:
    result = CliRunner().invoke(cli, args)
    assert "powermap: trafilatura.core: discarding data: None" in result.stderr
    assert isinstance(result.exception, RuntimeError)  # -v lets the traceback through
