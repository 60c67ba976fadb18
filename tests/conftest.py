"""Suite-wide test settings."""

import os
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, settings

# No timed assertions in tests (speed is measured by benchmarks/): hypothesis's
# per-example deadline would fail a property on a busy machine, not on a bug.
settings.register_profile("powermap", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("powermap")

_CACHE = "POWERMAP_CACHE"


def pytest_configure(config: pytest.Config) -> None:
    """Parsed ontology YAML is cached in a directory of the run, not the user's home
    (set before collection: modules read data files at import)."""
    if _CACHE not in os.environ:
        folder = tempfile.mkdtemp(prefix="powermap-test-cache-")
        os.environ[_CACHE] = folder
        config.stash[_folder] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_folder, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        del os.environ[_CACHE]


_folder = pytest.StashKey[str]()
