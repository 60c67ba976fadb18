"""The installed package matches the repository layout (a plain install drops
any subpackage that pyproject.toml does not list)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _package_folders() -> set[str]:
    """Every folder with an __init__.py under the mapped top-level folders, as a dotted name."""
    mapping = PYPROJECT["tool"]["setuptools"]["package-dir"]
    top = {name: folder for name, folder in mapping.items() if name.count(".") <= 1}
    found = set()
    for name, folder in top.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((name, *rel)))
    return found


def test_every_package_folder_is_listed_in_pyproject() -> None:
    assert set(PYPROJECT["tool"]["setuptools"]["packages"]) == _package_folders()


def test_every_listed_package_is_mapped_to_an_existing_folder() -> None:
    mapping = PYPROJECT["tool"]["setuptools"]["package-dir"]
    for package in PYPROJECT["tool"]["setuptools"]["packages"]:
        assert package in mapping, package
        assert (ROOT / mapping[package] / "__init__.py").exists(), package


def test_no_generic_top_level_module_is_installed() -> None:
    tops = {p.split(".")[0] for p in PYPROJECT["tool"]["setuptools"]["packages"]}
    assert tops == {"powermap"}


@pytest.mark.slow
def test_a_plain_install_ships_every_subpackage_and_the_ontology_data(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(ROOT)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    pkg = target / "powermap"
    for package in PYPROJECT["tool"]["setuptools"]["packages"]:
        assert (pkg.joinpath(*package.split(".")[1:]) / "__init__.py").exists(), package
    for data in ("gazetteer.yaml", "mechanisms.ttl", "relations.ttl", "shapes.ttl", "powermap.ttl"):
        assert (pkg / "ontology" / data).exists(), data
    assert list((pkg / "graph" / "queries").glob("*.rq"))
