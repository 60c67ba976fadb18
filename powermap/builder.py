"""A build: read -> extract -> store, the one place that runs the stages in order.

``graph`` knows only the extraction data model; this module, part of the
package face, feeds it: it reads analyses with :mod:`powermap.extract.reader`,
extracts them locally (:func:`powermap.extract.pipeline.extract_many`) or on a
Dask cluster (:mod:`powermap.extract.distributed`), and hands the stream of
extractions to :func:`powermap.graph.store.ingest.ingest`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from powermap.extract.errors import ReadError
from powermap.extract.identity import AnalysisIds, Duplicate
from powermap.extract.model import Analysis, Extraction
from powermap.extract.reader import read_many
from powermap.graph.rdf.ids import DEFAULT_BASE
from powermap.graph.store.backends import Store, open_store
from powermap.graph.store.ingest import (
    Failure,
    IngestSummary,
    OnError,
    Progress,
    ingest,
    stored_analyses,
)

if TYPE_CHECKING:
    from distributed import Client

    from powermap.extract.distributed import ExtractFailure

__all__ = ["build"]

log = logging.getLogger(__name__)


def build(
    paths: Iterable[str | os.PathLike[str]],
    store: Store | str | os.PathLike[str] | None = None,
    *,
    jobs: int = 1,
    scheduler: str | Client | None = None,
    on_error: OnError | None = None,
    progress: Progress | None = None,
    base: str = DEFAULT_BASE,
) -> IngestSummary:
    """Read, extract and store analyses: the whole pipeline into the graph.

    Every stage streams: files are read one at a time, extracted in bounded
    batches (``jobs`` local processes, or the workers of a Dask cluster) and
    stored by this process, the single writer, as each result arrives. An
    interrupted build can simply be run again: what is already stored
    unchanged is skipped, and each analysis went in whole or not at all.

    Parameters
    ----------
    paths : files and folders of analyses (folders are read recursively).
    store : an open store, or a location for :func:`open_store` (default
        ``$POWERMAP_STORE``, else ``./powermap-store``); a store opened here
        is held (locked) for the whole batch and closed at the end.
    jobs : extraction processes on this machine (ignored with ``scheduler``).
    scheduler : ``tcp://HOST:PORT`` of a Dask scheduler (or a connected
        ``distributed.Client``): extract on its workers instead, see
        :func:`powermap.extract.distributed.extract_on_cluster`.
    on_error : called with each bad file or analysis as it happens.
    progress : called after each analysis with its id and outcome.
    base : base of instance IRIs.

    Returns
    -------
    IngestSummary; read and extraction failures are listed first, then ingest
    failures. A document with the same content as one already stored or read
    in the batch is logged and counted as skipped (it is not a failure); a
    different document whose title gives a taken id gets a suffixed id (see
    :class:`~powermap.extract.identity.AnalysisIds`).
    """
    upstream: list[Failure] = []
    duplicates: list[Duplicate] = []

    def duplicate(found: Duplicate) -> None:
        duplicates.append(found)
        log.warning("%s", found)
        if progress is not None:
            progress(found.document, "skipped")

    def failed(error: ReadError | ExtractFailure) -> None:
        failure = Failure(error.source, error.problem)
        upstream.append(failure)
        if on_error is not None:
            on_error(failure)
        if progress is not None:
            progress(error.source, "failed")

    owned = not isinstance(store, Store)
    target: Store = open_store(store) if owned else store  # type: ignore[arg-type]
    try:
        known = AnalysisIds()
        for stored in stored_analyses(target, base):
            known.remember(stored.id, stored.document, stored.content_hash)
        analyses = read_many(
            [str(p) for p in paths], on_error=failed, ids=known, on_duplicate=duplicate
        )
        summary = ingest(
            target,
            _extract(analyses, jobs=jobs, scheduler=scheduler, on_error=failed),
            base=base,
            on_error=on_error,
            progress=progress,
        )
        _sync_views_index(target)
    finally:
        if owned:
            target.close()
    summary.failed[:0] = upstream
    summary.skipped += [found.analysis_id for found in duplicates]
    return summary


def _sync_views_index(store: Store) -> None:
    """Bring the views' index of an embedded store up to date with what this build wrote.

    A failure here loses no data: the store is complete, and the next view syncs
    the index itself (or reads a snapshot), so it is logged, not raised.
    """
    from powermap.graph.store.backends import OxigraphStore, new_generation
    from powermap.graph.views.index import sync_index

    if not isinstance(store, OxigraphStore):
        return
    if store.generation is None:  # a store built before generations: start one
        store.generation = new_generation(store.location)
    try:
        sync_index(store)
    except (OSError, sqlite3.Error) as exc:
        log.warning("views index of %s not updated (%s); views will sync it", store.location, exc)


def _extract(
    analyses: Iterable[Analysis],
    *,
    jobs: int,
    scheduler: str | Client | None,
    on_error: Callable[[ExtractFailure], None],
) -> Iterator[Extraction]:
    """Extractions of a stream of analyses, locally or on a Dask cluster (spaCy loads here)."""
    if scheduler is None:
        from powermap.extract.pipeline import extract_many

        return extract_many(analyses, jobs=jobs)
    from powermap.extract.distributed import extract_on_cluster

    return extract_on_cluster(analyses, scheduler, on_error=on_error)
