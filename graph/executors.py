"""Where extraction runs: a Dask cluster, as a pluggable pool for :func:`documents.load_documents`.

A pool is a context manager with ``map_unordered(documents)`` yielding ``(document, result)`` pairs, the
result being ``(iri, content_hash, nquads)`` or the exception that document raised; ``load_documents`` writes
them in this process, one transaction each, exactly as for its local process pool (``--jobs``). So progress,
summary and failure handling are one code path whichever pool extracts.

``DaskExtractionPool`` sends documents in batches (a task per document would cost more in scheduling than
extracting a short one takes). Each Dask worker process builds the extractor once, on its first batch, and
keeps it in a module global (``documents._worker_init``), so the spaCy pipelines load once per worker. A
bounded number of batches is in flight, so memory stays flat on big corpora, and two versions of one
document id are never in flight together (the later one is written last). A batch whose worker died more
often than Dask allows (``KilledWorker``) fails its documents with a reason; a rerun retries them.

``--dask local`` starts a ``LocalCluster`` (``--jobs`` worker processes, one thread each); any other value is a
scheduler address (``tcp://host:8786``), for instance of a dask-jobqueue ``SLURMCluster``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from harbour.extract import TextDocument

from . import documents

Result = tuple[str, str, bytes] | BaseException
#: Documents per Dask task: short news articles extract in tens of milliseconds, a task costs a few.
BATCH_SIZE = 8
_init_lock = threading.Lock()


class ExtractionPool(Protocol):
    def __enter__(self) -> "ExtractionPool": ...

    def __exit__(self, *exc: object) -> None: ...

    def map_unordered(self, documents: Iterable[TextDocument]) -> Iterator[tuple[TextDocument, Result]]: ...


#: Builds a pool for a load: ``factory(base, validate_shapes)``.
PoolFactory = Callable[[str, bool], ExtractionPool]


def extract_batch(base: str, validate_shapes: bool, batch: list[TextDocument]) -> list[Result]:
    """Runs on a Dask worker: extract and validate each document, the extractor built once per process."""
    with _init_lock:
        extractor = documents._worker_extractor
        if extractor is None or extractor.base != base or documents._worker_validates != validate_shapes:
            documents._worker_init(base, validate_shapes)
    results: list[Result] = []
    for document in batch:
        try:
            results.append(documents._worker_extract(document))
        except Exception as error:  # noqa: BLE001 - reported per document by the writer
            results.append(error)
    return results


class DaskExtractionPool:
    """Extraction on a Dask cluster: ``address`` is a scheduler (``tcp://…``) or ``"local"`` for a LocalCluster."""

    def __init__(self, address: str, base: str, validate_shapes: bool, workers: int = 2,
                 batch_size: int = BATCH_SIZE) -> None:
        self._address, self._workers, self._batch_size = address, workers, batch_size
        self._arguments = (base, validate_shapes)
        self._cluster = None
        self._client = None

    def __enter__(self) -> "DaskExtractionPool":
        from distributed import Client, LocalCluster

        if self._address == "local":
            self._cluster = LocalCluster(n_workers=self._workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self._client = Client(self._cluster)
        else:
            self._client = Client(self._address)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def _slots(self) -> int:
        """Batches in flight: two per worker thread, so no worker waits for the writer."""
        threads = sum(self._client.nthreads().values()) or self._workers
        return 2 * threads

    def map_unordered(self, items: Iterable[TextDocument]) -> Iterator[tuple[TextDocument, Result]]:
        from distributed import as_completed

        assert self._client is not None, "use the pool as a context manager"
        running = as_completed()
        pending: dict = {}  # future -> its batch
        batch: list[TextDocument] = []

        def submit() -> None:
            future = self._client.submit(extract_batch, *self._arguments, list(batch), pure=False)
            pending[future] = list(batch)
            running.add(future)
            batch.clear()

        def in_flight(doc_id: str) -> bool:
            return any(d.doc_id == doc_id for sent in pending.values() for d in sent)

        for document in items:
            if any(d.doc_id == document.doc_id for d in batch):
                submit()
            while pending and (len(pending) >= self._slots() or in_flight(document.doc_id)):
                yield from self._collect(next(running), pending)
            batch.append(document)
            if len(batch) >= self._batch_size:
                submit()
        if batch:
            submit()
        for future in running:
            yield from self._collect(future, pending)

    @staticmethod
    def _collect(future, pending: dict) -> Iterator[tuple[TextDocument, Result]]:
        sent = pending.pop(future)
        try:
            results = future.result()
        except Exception as error:  # noqa: BLE001 - a worker died (KilledWorker) or the cluster went away
            reason = documents.DocumentReadError(f"not extracted: the Dask task failed ({type(error).__name__}: "
                                                 f"{error}); rerun the load to retry it")
            results = [documents.DocumentReadError(f"{d.doc_id}: {reason}") for d in sent]
        yield from zip(sent, results)


def dask_pool(address: str, workers: int = 2) -> PoolFactory:
    """A pool factory for ``load_documents(pool=…)``: extraction on the Dask cluster at ``address``."""
    return lambda base, validate_shapes: DaskExtractionPool(address, base, validate_shapes, workers)
