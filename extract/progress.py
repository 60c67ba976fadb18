"""A progress bar on stderr for batches (silent when quiet or not a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

__all__ = ["progress_iter"]


def progress_iter(items: Iterable[T], total: int | None, label: str, show: bool) -> Iterator[T]:
    """Yield ``items``, drawing a rich progress bar on stderr when ``show`` and a tty."""
    if not show or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task)
