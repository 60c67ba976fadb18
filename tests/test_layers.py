"""Data flows one way at run time: each layer loads only what it depends on.

Each check imports in a fresh interpreter and looks at ``sys.modules``, so
what one test imported cannot hide what another would load.
"""

from __future__ import annotations

import importlib.util
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import powermap.extract
import powermap.graph
import powermap.ontology


def _loaded_after(code: str) -> set[str]:
    """The modules loaded by running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def _modules(package: object) -> list[str]:
    path = package.__path__  # type: ignore[attr-defined]
    prefix = package.__name__ + "."  # type: ignore[attr-defined]
    return sorted(m.name for m in pkgutil.walk_packages(path, prefix))


def _powermap(modules: set[str], layer: str) -> set[str]:
    return {m for m in modules if m == layer or m.startswith(layer + ".")}


def _third_party(modules: set[str], top: str) -> bool:
    return any(m == top or m.startswith(top + ".") for m in modules)


def test_importing_the_face_loads_no_layer() -> None:
    loaded = _loaded_after("import powermap")
    assert _powermap(loaded, "powermap") == {"powermap"}


def test_a_name_of_the_face_loads_its_module_on_first_use() -> None:
    loaded = _loaded_after("import powermap; powermap.Extraction")
    assert "powermap.extract.model" in loaded
    assert not _powermap(loaded, "powermap.graph")


def test_help_loads_neither_spacy_nor_rdflib() -> None:
    code = (
        "from click.testing import CliRunner\n"
        "from powermap.cli import cli\n"
        "assert CliRunner().invoke(cli, ['--help']).exit_code == 0"
    )
    loaded = _loaded_after(code)
    assert not _third_party(loaded, "spacy")
    assert not _third_party(loaded, "rdflib")
    assert not _powermap(loaded, "powermap.extract")
    assert _powermap(loaded, "powermap.graph") <= {
        "powermap.graph",
        "powermap.graph.errors",
        "powermap.graph.store",
        "powermap.graph.store.location",
        "powermap.graph.views",
        "powermap.graph.views.filters",
    }


def test_no_extract_module_loads_a_graph_module() -> None:
    modules = _modules(powermap.extract)
    loaded = _loaded_after("\n".join(f"import {m}" for m in modules))
    assert set(modules) <= loaded
    assert not _powermap(loaded, "powermap.graph")
    assert not _powermap(loaded, "powermap.cli")


def test_graph_takes_only_the_data_model_from_extract() -> None:
    modules = _modules(powermap.graph)
    loaded = _loaded_after("\n".join(f"import {m}" for m in modules))
    assert set(modules) <= loaded
    assert _powermap(loaded, "powermap.extract") <= {
        "powermap.extract",
        "powermap.extract.errors",
        "powermap.extract.model",
    }
    assert not _powermap(loaded, "powermap.cli")
    assert not _third_party(loaded, "spacy")


def test_the_command_modules_do_not_import_the_group_back() -> None:
    for name in ("extraction", "knowledge", "research", "publishing", "options"):
        spec = importlib.util.find_spec(f"powermap.cli.{name}")
        assert spec is not None and spec.origin is not None
        source = Path(spec.origin).read_text(encoding="utf-8")
        assert "from powermap.cli import" not in source, name
        assert "import powermap.cli\n" not in source, name


def test_the_data_model_loads_without_rdflib() -> None:
    loaded = _loaded_after("import powermap.extract.model")
    assert not _third_party(loaded, "rdflib")
    assert not _powermap(loaded, "powermap.graph")


def test_only_the_ontology_loader_reads_the_ontology_files() -> None:
    readers = []
    for top in (powermap.extract, powermap.graph, powermap.ontology):
        for name in [top.__name__, *_modules(top)]:
            spec = importlib.util.find_spec(name)
            assert spec is not None and spec.origin is not None
            source = Path(spec.origin).read_text(encoding="utf-8")
            if 'files("powermap.ontology")' in source or "yaml.load" in source:
                readers.append(name)
    assert readers == ["powermap.ontology.loader"]
