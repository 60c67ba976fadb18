"""Parsed YAML from the cache directory is the YAML as PyYAML reads it."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from powermap.ontology import loader

LARGE = [n for n in loader.data_files(".yaml") if len(loader.text(n)) >= loader.CACHE_MIN_CHARS]


def _big_yaml(value: str) -> str:
    """A YAML text long enough to be cached."""
    lines = [f"  key{i}: {value}" for i in range(loader.CACHE_MIN_CHARS // 12)]
    return "items:\n" + "\n".join(lines) + "\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(loader.CACHE_ENV, str(tmp_path))
    return tmp_path


def test_the_large_ontology_files_are_the_ones_cached() -> None:
    assert {"agents.yaml", "gazetteer.yaml", "newsverbs.yaml"} <= set(LARGE)


@pytest.mark.parametrize("name", LARGE)
def test_cached_yaml_equals_the_parsed_yaml_in_types_and_order(name: str, cache: Path) -> None:
    parsed = loader.parse_yaml(loader.text(name))
    first = loader.yaml_data.__wrapped__(name)  # parses and stores
    assert len(list(cache.glob(f"{name}.*.json"))) == 1
    again = loader.yaml_data.__wrapped__(name)  # reads the cache
    assert repr(first) == repr(parsed)
    assert repr(again) == repr(parsed)  # repr shows key order and int/float/bool/None


def test_a_changed_file_is_parsed_again_and_its_old_entry_dropped(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "text", lambda name: _big_yaml("old"))
    assert loader.yaml_data.__wrapped__("big.yaml")["items"]["key0"] == "old"
    monkeypatch.setattr(loader, "text", lambda name: _big_yaml("new"))
    assert loader.yaml_data.__wrapped__("big.yaml")["items"]["key0"] == "new"
    assert len(list(cache.glob("big.yaml.*.json"))) == 1


def test_yaml_that_json_cannot_hold_is_not_cached(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "text", lambda name: _big_yaml("2026-12-02"))
    data = loader.yaml_data.__wrapped__("dates.yaml")
    assert data["items"]["key0"] == datetime.date(2026, 12, 2)
    assert not list(cache.iterdir())


def test_cache_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(loader.CACHE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(loader, "text", lambda name: _big_yaml("x"))
    assert loader.cache_dir() is None
    assert loader.yaml_data.__wrapped__("big.yaml")["items"]["key1"] == "x"
    assert not list(tmp_path.iterdir())


def test_an_unwritable_cache_still_gives_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setenv(loader.CACHE_ENV, str(not_a_folder))
    monkeypatch.setattr(loader, "text", lambda name: _big_yaml("x"))
    assert loader.yaml_data.__wrapped__("big.yaml")["items"]["key2"] == "x"
    assert not_a_folder.read_text() == ""
