"""The one reader of the ontology's data files: each file is read and parsed once.

Every module that needs domain knowledge (the extractor's rules and word
lists, the gazetteer, the SKOS schemes, the layout of pages, the shapes)
asks here by file name. YAML comes back as plain data, Turtle as an rdflib
graph (rdflib loads only when a Turtle file is asked for, PyYAML when a YAML
file is), JSON as plain data.
What comes back is shared and cached: treat it as read-only.
"""

from __future__ import annotations

import functools
import json
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["data_files", "json_data", "text", "turtle", "yaml_data"]

PACKAGE = "powermap.ontology"


@functools.cache
def text(name: str) -> str:
    """The text of ``ontology/<name>``."""
    return (files(PACKAGE) / name).read_text(encoding="utf-8")


def data_files(suffix: str) -> list[str]:
    """The names of the ontology's data files ending in ``suffix``, sorted."""
    return sorted(p.name for p in files(PACKAGE).iterdir() if p.name.endswith(suffix))


@functools.cache
def yaml_data(name: str) -> Any:
    """``ontology/<name>`` parsed as YAML (safe loader).

    >>> yaml_data("layout.yaml")["lead_label"]
    'Why this matters'
    """
    import yaml  # here, not at import: the views' commands read no YAML

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text(name), Loader=loader)  # noqa: S506 (a safe loader)


@functools.cache
def json_data(name: str) -> Any:
    """``ontology/<name>`` parsed as JSON."""
    return json.loads(text(name))


@functools.cache
def turtle(name: str) -> Graph:
    """``ontology/<name>`` parsed as Turtle into an rdflib graph."""
    from rdflib import Graph

    return Graph().parse(data=text(name), format="turtle")
