"""The ``>>>`` examples in the package's docstrings run and hold (doctest).

One test per module that has examples; a module added later is picked up.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("powermap", "powermap.extract", "powermap.graph", "powermap.ontology")


def _modules() -> list[str]:
    names: set[str] = set()
    for top in PACKAGES:
        package = importlib.import_module(top)
        names.add(top)
        names.update(m.name for m in pkgutil.walk_packages(package.__path__, top + "."))
    return sorted(names)


def _with_examples() -> list[str]:
    finder = doctest.DocTestFinder()
    return [
        name
        for name in _modules()
        if any(t.examples for t in finder.find(importlib.import_module(name)))
    ]


def test_the_docstrings_hold_examples() -> None:
    assert len(_with_examples()) >= 15


@pytest.mark.parametrize("name", _with_examples())
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    failed, attempted = doctest.testmod(module, report=False)
    assert attempted > 0
    assert failed == 0, (
        f"{failed} of {attempted} examples in {name} fail (pytest --doctest-modules)"
    )
