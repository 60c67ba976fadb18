"""Every word list in ontology/*.yaml is text: YAML 1.1 reads bare on/no/yes as booleans."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import pytest
import yaml

YAML_FILES = sorted(
    p.name for p in files("powermap.ontology").iterdir() if p.name.endswith(".yaml")
)


def _non_text(value: Any, path: str) -> list[str]:
    if isinstance(value, dict):
        return [bad for k, v in value.items() for bad in _non_text(v, f"{path}.{k}")]
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, dict | list):
                out += _non_text(item, path)
            elif not isinstance(item, str):
                out.append(f"{path}: {item!r}")
        return out
    return []


@pytest.mark.parametrize("name", YAML_FILES)
def test_ontology_yaml_lists_hold_only_text(name: str) -> None:
    data = yaml.safe_load((files("powermap.ontology") / name).read_text("utf-8"))
    assert _non_text(data, name) == []
