"""The extract command and the CLI conventions shared by every command."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from powermap import __version__
from powermap.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "reader"
SITE_PAGE = next(FIXTURES.glob("*.txt"))


def test_version_option_prints_the_package_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def test_extract_prints_one_contract_object_for_one_file() -> None:
    result = CliRunner().invoke(cli, ["extract", str(SITE_PAGE)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    schema = json.loads((files("powermap.ontology") / "extraction.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["analysis"]["document"] == str(SITE_PAGE)


def test_extract_prints_an_array_for_a_folder_and_reports_bad_files(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(SITE_PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)) == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.txt" in lines[0]
    assert "Traceback" not in result.output


def test_extract_reads_standard_input() -> None:
    text = "Port deal\n\nHOUSTON, July 9, 2026 (AP) - Qatar pressures Iran over shipping.\n"
    result = CliRunner().invoke(cli, ["extract", "-"], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["analysis"]["document"] == "-"


def test_extract_refuses_a_missing_path_with_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert "nope.txt" in result.stderr


def test_extract_refuses_an_unknown_format() -> None:
    result = CliRunner().invoke(cli, ["extract", str(SITE_PAGE), "--format", "xml"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_extract_table_lists_claims() -> None:
    result = CliRunner().invoke(cli, ["extract", str(SITE_PAGE), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "relation" in result.output


def test_an_unexpected_error_is_one_line_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import powermap.extract.pipeline as pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "extract_many", broken)
    result = CliRunner().invoke(cli, ["extract", str(SITE_PAGE)])
    assert result.exit_code == 70
    assert result.stderr.strip().splitlines() == [
        "powermap: internal error: RuntimeError: boom (run with -v for details)"
    ]
