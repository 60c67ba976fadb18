"""Extraction on a Dask distributed cluster: the pipeline loaded once per worker, analyses streamed.

:func:`extract_on_cluster` registers :class:`PipelinePlugin` with the
scheduler (so every worker, including one that joins or restarts later, loads
the spaCy pipeline once), then keeps a bounded number of small batches of
analyses in flight: a new batch goes out as each one comes back, so the client
never holds more than ``in_flight`` batches however long the stream is.
Results are yielded as they arrive, for one writer to store.

A worker that dies mid-batch has its batch rerun on another worker by the
scheduler; a batch that keeps killing workers (Dask's
``distributed.scheduler.allowed-failures``) is reported through ``on_error``,
one :class:`ExtractFailure` per analysis, and the stream goes on. Analyses and
extractions travel in their contract JSON form (``to_dict``), plain data.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from distributed import Client, Future, as_completed, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from powermap.extract.errors import ExtractError
from powermap.extract.model import Analysis, Extraction
from powermap.extract.nlp import MODEL, load_nlp
from powermap.extract.pipeline import Extractor

__all__ = [
    "BATCH_SIZE",
    "ExtractFailure",
    "PipelinePlugin",
    "extract_on_cluster",
    "plugin_name",
]

BATCH_SIZE = 4
"""Analyses per task: small, so a lost worker costs little and results flow steadily."""
CONNECT_TIMEOUT = 10.0

OnError = Callable[["ExtractFailure"], None]


class ExtractFailure(ExtractError):
    """An analysis the cluster could not extract (names its source and the problem)."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")

    def __reduce__(self) -> tuple[type[ExtractFailure], tuple[str, str]]:
        return (type(self), (self.source, self.problem))


def plugin_name(model: str = MODEL) -> str:
    """The name :class:`PipelinePlugin` is registered under for ``model``."""
    return f"powermap-pipeline-{model}"


class PipelinePlugin(WorkerPlugin):
    """Loads powermap's extraction pipeline once on each worker.

    Registered once per cluster and model (``idempotent``: a second build
    reuses the loaded pipeline). Tasks on a multi-threaded worker take turns
    on the one pipeline (spaCy holds the GIL anyway): start workers with
    ``--nthreads 1`` and as many ``--nworkers`` as cores.
    """

    idempotent = True

    def __init__(self, model: str = MODEL) -> None:
        self.model = model
        self.name = plugin_name(model)
        self._extractor: Extractor | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.model = state["model"]
        self.name = plugin_name(self.model)
        self._extractor = None
        self._lock = threading.Lock()

    def setup(self, worker: Any) -> None:
        """Load the pipeline when the plugin reaches ``worker``."""
        self._extractor = Extractor(load_nlp(self.model))

    def extract(self, analyses: list[dict[str, Any]]) -> list[dict[str, Any] | ExtractFailure]:
        """Extract one batch (contract dicts); an analysis that fails is returned as a failure."""
        with self._lock:
            if self._extractor is None:  # setup failed on this worker: try again, or report
                self._extractor = Extractor(load_nlp(self.model))
            batch = [Analysis.from_dict(data) for data in analyses]
            try:
                return [e.to_dict() for e in self._extractor.extract_many(batch)]
            except Exception:  # noqa: BLE001 - find the bad analysis, keep the good ones
                return [self._one(analysis) for analysis in batch]

    def _one(self, analysis: Analysis) -> dict[str, Any] | ExtractFailure:
        assert self._extractor is not None
        try:
            return self._extractor.extract(analysis).to_dict()
        except Exception as exc:  # noqa: BLE001 - reported per analysis, never lost
            return ExtractFailure(_source(analysis), f"extraction failed: {exc!r}")


def _extract_batch(name: str, analyses: list[dict[str, Any]]) -> list[Any]:
    """The task run on a worker: extract a batch with the worker's loaded pipeline."""
    plugin = get_worker().plugins[name]
    assert isinstance(plugin, PipelinePlugin)
    return plugin.extract(analyses)


def _source(analysis: Analysis) -> str:
    return analysis.document or analysis.id


def connect(scheduler: str, *, timeout: float = CONNECT_TIMEOUT) -> Client:
    """A client of the Dask scheduler at ``scheduler`` (``tcp://HOST:PORT``).

    Raises
    ------
    ExtractError : the scheduler does not answer within ``timeout`` seconds.
    """
    try:
        return Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        problem = " ".join(str(exc).split()) or type(exc).__name__
        raise ExtractError(f"cannot reach the Dask scheduler at {scheduler}: {problem}") from exc


def extract_on_cluster(
    analyses: Iterable[Analysis],
    scheduler: str | Client,
    *,
    model: str = MODEL,
    batch_size: int = BATCH_SIZE,
    in_flight: int | None = None,
    on_error: OnError | None = None,
    timeout: float = CONNECT_TIMEOUT,
) -> Iterator[Extraction]:
    """Extract a stream of analyses on a Dask cluster, yielding results as they finish.

    Parameters
    ----------
    analyses : read lazily, ``batch_size`` at a time, only as batches come back.
    scheduler : ``tcp://HOST:PORT`` of a running ``dask scheduler``, or a
        connected :class:`distributed.Client` (left open).
    model : spaCy model each worker loads (installed on the workers).
    batch_size : analyses per task.
    in_flight : batches submitted and not yet collected; default twice the
        cluster's worker threads (at least 2).
    on_error : called with an :class:`ExtractFailure` for each analysis the
        cluster could not extract; if None, the first one is raised.
    timeout : seconds to wait for the scheduler to answer.

    Yields
    ------
    Extraction, in the order batches finish (not the input order).

    Raises
    ------
    ExtractError : the scheduler cannot be reached, or a worker cannot load
        the pipeline.
    """
    client = connect(scheduler, timeout=timeout) if isinstance(scheduler, str) else scheduler
    pending: dict[Future, list[str]] = {}
    try:
        _load_pipeline(client, model, timeout, _address(scheduler, client))
        name = plugin_name(model)
        batches = _batches(analyses, batch_size)
        done = as_completed(loop=client.loop)
        for batch in itertools.islice(batches, _limit(client, in_flight)):
            _submit(client, done, pending, name, batch)
        for future in done:
            yield from _results(future, pending.pop(future), on_error)
            room = _limit(client, in_flight) - len(pending)
            for batch in itertools.islice(batches, max(room, 0)):
                _submit(client, done, pending, name, batch)
    finally:
        for future in pending:
            future.cancel()
        pending.clear()
        if isinstance(scheduler, str):
            client.close()


def _address(scheduler: str | Client, client: Client) -> str:
    return scheduler if isinstance(scheduler, str) else str(client.scheduler_info()["address"])


def _load_pipeline(client: Client, model: str, timeout: float, address: str) -> None:
    """Wait for a worker, then have every worker (now and later) load the pipeline."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as exc:
        raise ExtractError(
            f"no Dask workers joined the scheduler at {address} "
            f"within {timeout:g} s (start some with `dask worker`)"
        ) from exc
    try:
        client.register_plugin(PipelinePlugin(model))
    except ExtractError:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. powermap not installed on a worker
        problem = " ".join(str(exc).split()) or type(exc).__name__
        raise ExtractError(f"Dask workers cannot load the pipeline: {problem}") from exc


def _limit(client: Client, in_flight: int | None) -> int:
    """Batches to keep in flight: as given, else twice the cluster's threads right now."""
    return in_flight or max(2, 2 * sum(client.nthreads().values()))


def _batches(analyses: Iterable[Analysis], size: int) -> Iterator[list[Analysis]]:
    it = iter(analyses)
    while batch := list(itertools.islice(it, max(1, size))):
        yield batch


def _submit(
    client: Client,
    done: as_completed,
    pending: dict[Future, list[str]],
    name: str,
    batch: list[Analysis],
) -> None:
    future = client.submit(_extract_batch, name, [a.to_dict() for a in batch], pure=False)
    pending[future] = [_source(a) for a in batch]
    done.add(future)


def _results(future: Future, sources: list[str], on_error: OnError | None) -> Iterator[Extraction]:
    """The extractions of a finished batch; its failures go to ``on_error``."""
    if future.status == "cancelled":
        raise ExtractError("the Dask scheduler dropped the work (lost connection?)")
    if future.status == "error":  # the batch killed workers too often, or the task broke
        problem = f"extraction failed on the cluster: {future.exception()!r}"
        outcomes: list[Any] = [ExtractFailure(source, problem) for source in sources]
    else:
        outcomes = future.result()
    for outcome in outcomes:
        if isinstance(outcome, ExtractFailure):
            if on_error is None:
                raise outcome
            on_error(outcome)
        else:
            yield Extraction.from_dict(outcome)
