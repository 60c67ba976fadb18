"""`powermap read`: JSON and table output, stdin, batches and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from powermap.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "reader"
SITE = FIXTURES / "site_colorado_river.txt"


def invoke(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["read", *args], input=input)


def stderr_lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


def test_read_prints_one_analysis_object_for_one_file() -> None:
    result = invoke(str(SITE))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"].startswith("colorado-river-deal")
    assert data["document"] == str(SITE)
    assert data["published"] == "2026-03-09"
    assert data["source"] == {"name": "High Country News", "url": None}
    assert data["sections"][0] == {
        "heading": "Why this matters",
        "text": data["sections"][0]["text"],
    }
    assert result.stderr == ""


def test_read_prints_an_array_for_a_folder_in_sorted_order() -> None:
    result = invoke(str(FIXTURES))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [Path(d["document"]).name for d in data] == sorted(p.name for p in FIXTURES.iterdir())


def test_read_table_shows_metadata_columns() -> None:
    result = invoke(str(SITE), "--format", "table")
    assert result.exit_code == 0, result.output
    for text in ("title", "published", "Climate & Resources", "2026-03-09", "High Country News"):
        assert text in result.stdout


def test_read_takes_an_analysis_from_stdin_and_sniffs_its_format() -> None:
    result = invoke("-", input=(FIXTURES / "news_wire.txt").read_bytes())
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["document"], data["source"]["name"]) == ("-", "Reuters")
    assert data["sections"][0]["heading"] == "Article"


def test_read_as_overrides_the_sniffed_format() -> None:
    result = invoke("-", "--as", "news", input=SITE.read_bytes())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["lens"] is None


def test_read_batch_prints_good_files_and_reports_the_bad_one(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_bytes(SITE.read_bytes())
    (tmp_path / "b_bad.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "c_good.md").write_bytes((FIXTURES / "markdown_pharmacy.md").read_bytes())
    result = invoke(str(tmp_path))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [Path(d["document"]).name for d in data] == ["a_good.txt", "c_good.md"]
    assert stderr_lines(result) == [
        f"powermap: {tmp_path / 'b_bad.txt'}: binary file, not text",
    ]


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file, not text"),
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"\n   \n", "empty file"),
        ("undecodable.txt", bytes(range(128, 256)) * 3, "binary file, not text"),
        ("broken.md", b"---\ntitle: [oops\n---\n## A\n\nText.\n", "invalid front matter"),
    ],
)
def test_read_reports_each_bad_input_on_one_stderr_line(
    tmp_path: Path, name: str, data: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = invoke(str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = stderr_lines(result)
    assert len(lines) == 1 and str(path) in lines[0] and problem in lines[0]
    assert "Traceback" not in result.output


def test_read_reports_a_missing_path_and_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    missing = tmp_path / "missing.txt"
    result = invoke(str(missing), str(tmp_path / "empty"), str(SITE))
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)) == 1
    assert stderr_lines(result) == [
        f"powermap: {missing}: no such file or directory",
        f"powermap: {tmp_path / 'empty'}: no analyses found (.txt .md .markdown .html .htm)",
    ]


@pytest.mark.parametrize("args", [["--format", "xml"], ["--as", "pdf"], []])
def test_read_refuses_bad_options_with_exit_2_and_one_line(args: list[str]) -> None:
    result = invoke(*args, *([str(SITE)] if args else []))
    assert result.exit_code == 2
    lines = stderr_lines(result)
    assert len(lines) == 1 and lines[0].startswith("Error:")
    assert "Traceback" not in result.output


def test_read_help_shows_an_example() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    assert "powermap read data/ --format table" in result.stdout
