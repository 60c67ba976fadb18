"""The one reader of the ontology's data files: each file is read and parsed once.

Every module that needs domain knowledge (the extractor's rules and word
lists, the gazetteer, the SKOS schemes, the layout of pages, the shapes)
asks here by file name. YAML comes back as plain data, Turtle as an rdflib
graph (rdflib loads only when a Turtle file is asked for, PyYAML when a YAML
file is), JSON as plain data.
What comes back is shared and cached: treat it as read-only.

A large YAML file is also kept, parsed, as JSON in a cache directory
(``$POWERMAP_CACHE``, else ``$XDG_CACHE_HOME/powermap`` or ``~/.cache/powermap``;
``POWERMAP_CACHE=off`` turns it off), under a digest of the file's text: PyYAML
takes about 0.45 s of CPU in every process for ``newsverbs.yaml``, ``agents.yaml``
and ``gazetteer.yaml``, ``json`` a few milliseconds. A changed file has a new
digest, so a stale entry is never read; a cache that cannot be written is skipped.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["cache_dir", "data_files", "json_data", "text", "turtle", "yaml_data"]

PACKAGE = "powermap.ontology"
CACHE_ENV = "POWERMAP_CACHE"
# YAML texts shorter than this parse in a few milliseconds: not worth a cache file
CACHE_MIN_CHARS = 50_000
# part of every cache key: change it when the cached form changes
_CACHE_FORMAT = "powermap/yaml-as-json/1"


@functools.cache
def text(name: str) -> str:
    """The text of ``ontology/<name>``."""
    return (files(PACKAGE) / name).read_text(encoding="utf-8")


def data_files(suffix: str) -> list[str]:
    """The names of the ontology's data files ending in ``suffix``, sorted."""
    return sorted(p.name for p in files(PACKAGE).iterdir() if p.name.endswith(suffix))


@functools.cache
def yaml_data(name: str) -> Any:
    """``ontology/<name>`` parsed as YAML (safe loader), from the cache when it holds
    this very text (see the module's docstring).

    >>> yaml_data("layout.yaml")["lead_label"]
    'Why this matters'
    """
    source = text(name)
    path = _cache_path(name, source)
    if path is not None:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # not cached yet (or unreadable): parse it
    data = parse_yaml(source)
    if path is not None:
        _store(name, path, data)
    return data


def parse_yaml(source: str) -> Any:
    """YAML text parsed with PyYAML's safe loader (libyaml's when installed)."""
    import yaml  # here, not at import: the views' commands read no YAML

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(source, Loader=loader)  # noqa: S506 (a safe loader)


def cache_dir() -> Path | None:
    """Where parsed YAML is cached, or None when ``POWERMAP_CACHE=off``."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "powermap"
    try:
        return Path.home() / ".cache" / "powermap"
    except RuntimeError:  # no home directory to be found: no cache
        return None


def _cache_path(name: str, source: str) -> Path | None:
    """The cache file of this text of ``name`` (None: not cached)."""
    folder = cache_dir() if len(source) >= CACHE_MIN_CHARS else None
    if folder is None:
        return None
    digest = hashlib.sha256(f"{_CACHE_FORMAT}\0{source}".encode()).hexdigest()[:32]
    return folder / f"{name}.{digest}.json"


def _store(name: str, path: Path, data: Any) -> None:
    """Write ``data`` as JSON to ``path`` atomically, if JSON gives it back unchanged
    (YAML dates, sets or non-string keys would not survive); drop older versions."""
    temporary = None
    try:
        dumped = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if json.loads(dumped) != data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
        ) as out:
            temporary = Path(out.name)
            out.write(dumped)
        os.replace(temporary, path)
        temporary = None
        for old in path.parent.glob(f"{name}.*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        pass  # no cache: the next process parses the YAML again
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


@functools.cache
def json_data(name: str) -> Any:
    """``ontology/<name>`` parsed as JSON."""
    return json.loads(text(name))


@functools.cache
def turtle(name: str) -> Graph:
    """``ontology/<name>`` parsed as Turtle into an rdflib graph."""
    from rdflib import Graph

    return Graph().parse(data=text(name), format="turtle")
