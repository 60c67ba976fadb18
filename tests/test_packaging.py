"""The installed package matches the repository layout (a plain install drops
any subpackage that pyproject.toml does not list)."""

from __future__ import annotations

import json
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
    assert list((pkg / "graph" / "store" / "queries").glob("*.rq"))
    assert list((pkg / "graph" / "site" / "templates").glob("*.html"))


# --- dependencies: what the installed package imports is what it declares --------

READER_FIXTURES = ROOT / "tests" / "fixtures" / "reader"


def _declared_distributions() -> set[str]:
    """Distributions [project.dependencies] brings in, extras (``dask[distributed]``) included."""
    from importlib.metadata import PackageNotFoundError, requires

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    declared: set[str] = set()
    for line in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(line)
        declared.add(canonicalize_name(requirement.name))
        for extra in requirement.extras:
            try:
                needs = requires(requirement.name) or []
            except PackageNotFoundError:
                continue
            for need in map(Requirement, needs):
                if need.marker is not None and need.marker.evaluate({"extra": extra}):
                    declared.add(canonicalize_name(need.name))
    return declared


def _imported_top_level_modules() -> set[str]:
    """Third-party modules any module of the package imports, anywhere in its code."""
    import ast

    mapping = PYPROJECT["tool"]["setuptools"]["package-dir"]
    found: set[str] = set()
    for folder in set(mapping.values()):
        for source in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(source.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in {"powermap"}}


def test_every_module_the_package_imports_comes_from_a_declared_dependency() -> None:
    from importlib.metadata import packages_distributions

    from packaging.utils import canonicalize_name

    providers = packages_distributions()
    declared = _declared_distributions()
    undeclared = {
        module: providers.get(module)
        for module in _imported_top_level_modules() - {"__future__"}
        if not {canonicalize_name(d) for d in providers.get(module, [])} & declared
    }
    assert not undeclared, f"imported but not in [project.dependencies]: {undeclared}"


def test_no_module_of_the_package_hides_an_import_error() -> None:
    # every dependency is declared, so a failed import is a broken install: it must
    # surface as a one-line error (a handler may re-raise it as one), never as
    # silently missing data or rules
    import ast

    mapping = PYPROJECT["tool"]["setuptools"]["package-dir"]
    hiding = []
    for folder in set(mapping.values()):
        for source in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(source.read_text("utf-8"))):
                if isinstance(node, ast.ExceptHandler) and node.type is not None:
                    names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                    reraises = any(isinstance(n, ast.Raise) for n in ast.walk(node))
                    if names & {"ImportError", "ModuleNotFoundError"} and not reraises:
                        hiding.append(f"{source.relative_to(ROOT)}:{node.lineno}")
    assert not hiding, f"except ImportError in the package: {hiding}"


def test_the_html_cleaner_trafilatura_needs_is_declared_by_name() -> None:
    # jusText asks for "lxml[html_clean]"; pips that do not normalise extra names
    # (lxml calls it "html-clean") install lxml without it, and every HTML article fails
    from packaging.requirements import Requirement

    names = {Requirement(line).name for line in PYPROJECT["project"]["dependencies"]}
    assert "lxml_html_clean" in names


# --- the wheel in a fresh venv, as users install it -------------------------------


def _run(args: list[str], cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh venv with the wheel installed, no extras."""
    import shutil

    where = tmp_path_factory.mktemp("wheel")
    source = where / "source"  # a copy, so that the build leaves nothing in the repository
    skip = shutil.ignore_patterns(
        ".*", "build", "dist", "out", "*.egg-info", "__pycache__", "notebooks", "tests", "data"
    )
    shutil.copytree(ROOT, source, ignore=skip)
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(where / "dist"), str(source)],
        cwd=where,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (where / "dist").glob("powermap-*.whl")
    venv = where / "venv"
    made = _run([sys.executable, "-m", "venv", str(venv)], cwd=where)
    assert made.returncode == 0, made.stderr
    pip = _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=where)
    assert pip.returncode == 0, pip.stderr
    return venv / "bin"


SAMPLES = {
    "site.txt": "site_colorado_river.txt",
    "article.html": "html_plain_article.html",
    "broken.html": "html_broken.html",
    "analysis.md": "markdown_pharmacy.md",
    "news.txt": "news_wire.txt",
}


def _no_crash(result: subprocess.CompletedProcess[str]) -> None:
    """Exit 0 and nothing on stderr but powermap's own lines: no internal error, no
    ImportError, no third-party log line."""
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr
    assert all(
        line.startswith(("powermap:", "added ", "wrote ")) for line in result.stderr.splitlines()
    ), result.stderr


@pytest.mark.slow
def test_the_wheel_in_a_fresh_venv_reads_extracts_builds_and_renders_every_format(
    installed: Path, tmp_path: Path
) -> None:
    powermap = str(installed / "powermap")
    folder = tmp_path / "analyses"
    folder.mkdir()
    for name, fixture in SAMPLES.items():
        (folder / name).write_bytes((READER_FIXTURES / fixture).read_bytes())
    for name in SAMPLES:
        result = _run([powermap, "read", str(folder / name)], cwd=tmp_path)
        _no_crash(result)
        assert json.loads(result.stdout)["sections"], name
    news = (READER_FIXTURES / "news_wire.txt").read_text("utf-8")
    stdin = _run([powermap, "read", "-"], cwd=tmp_path, stdin=news)
    _no_crash(stdin)
    assert json.loads(stdin.stdout)["source"]["name"] == "Reuters"
    extracted = _run([powermap, "-q", "extract", str(folder)], cwd=tmp_path)
    _no_crash(extracted)
    assert len(json.loads(extracted.stdout)) == len(SAMPLES)
    store = str(tmp_path / "store")
    built = _run([powermap, "build", str(folder), "--store", store], cwd=tmp_path)
    _no_crash(built)
    assert f"added {len(SAMPLES)}," in built.stdout + built.stderr
    for args in (
        ["who-gains", "--store", store],
        ["validate", "--store", store],
        ["export", "--store", store, "--format", "trig", "--out", str(tmp_path / "g.trig")],
        ["export", "--store", store, "--format", "gexf", "--out", str(tmp_path / "g.gexf")],
        ["site", "--store", store, "--out", str(tmp_path / "site")],
    ):
        _no_crash(_run([powermap, *args], cwd=tmp_path))
    assert (tmp_path / "g.trig").stat().st_size > 0
    assert (tmp_path / "site" / "index.html").exists()
