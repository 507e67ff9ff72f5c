"""Where extraction runs: a Dask cluster, as a pluggable pool for :func:`documents.load_documents`.

A pool is a context manager with ``map_unordered(documents)`` yielding ``(document, result)`` pairs, the
result being ``(iri, content_hash, nquads)`` or the exception that document raised; ``load_documents`` writes
them in this process, one transaction each, exactly as for its local process pool (``--jobs``). So progress,
summary and failure handling are one code path whichever pool extracts.

``DaskExtractionPool`` sends documents in batches (a task per document would cost more in scheduling than
extracting a short one takes). Each Dask worker thread extracts through its own killable extraction process
(:class:`.extraction_workers.ExtractionWorkers` with one job), started on its first batch and kept for the
next ones, so the spaCy pipelines load once per worker and the per-document time limit (``--extract-timeout``)
and the curator's gazetteer (``--gazetteer``) apply exactly as in a local load. A bounded number of batches
is in flight, so memory stays flat on big corpora, and two versions of one document id are never in flight
together (the later one is written last). A batch whose worker died more often than Dask allows
(``KilledWorker``) fails its documents with a reason; a rerun retries them.

``--dask local`` starts a ``LocalCluster`` (``--jobs`` worker processes, one thread each); any other value is a
scheduler address (``tcp://host:8786``), for instance of a dask-jobqueue ``SLURMCluster``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from harbour.config import DEFAULT_EXTRACT_TIMEOUT
from harbour.extract import TextDocument
from harbour.extract.gazetteer import Gazetteer

from . import documents
from .extraction_workers import ExtractionWorkers, WorkerSettings

Result = tuple[str, str, bytes] | BaseException
#: Documents per Dask task: short news articles extract in tens of milliseconds, a task costs a few.
BATCH_SIZE = 8


class ExtractionPool(Protocol):
    def __enter__(self) -> "ExtractionPool": ...

    def __exit__(self, *exc: object) -> None: ...

    def map_unordered(self, documents: Iterable[TextDocument]) -> Iterator[tuple[TextDocument, Result]]: ...


#: Builds a pool for a load: ``factory(base, validate_shapes)``.
PoolFactory = Callable[[str, bool], ExtractionPool]

# Why a child process per Dask worker thread rather than extracting in the thread: a Dask task runs in a worker
# thread, and a thread busy in spaCy (a tokenizer regex backtracking, a huge document) cannot be stopped, nor
# can a deadline be checked between pipeline components, since one component alone may run for hours. The local
# load already solves this by extracting in processes it SIGKILLs at the deadline; reusing that pool here gives the
# same limit, the same one-line error and the same gazetteer handling, and the Dask thread, waiting on a socket,
# keeps the GIL free for the worker's heartbeats. The pool is per thread, not per process: it is not thread-safe,
# and its child dies with the thread that started it (PR_SET_PDEATHSIG), which Dask keeps for the worker's life.
_thread_state = threading.local()


def gazetteer_hash(gazetteer: Gazetteer | None) -> str | None:
    """A digest of the gazetteer's entries: a worker keeps its extraction process while it stays the same."""
    if gazetteer is None:
        return None
    entries = json.dumps(gazetteer.as_config(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(entries.encode("utf-8")).hexdigest()


def _thread_workers(base: str, validate_shapes: bool, gazetteer: Gazetteer | None,
                    gazetteer_digest: str | None) -> ExtractionWorkers:
    """This thread's extraction process, replaced only when the extractor's settings change (another load)."""
    key = (base, validate_shapes, gazetteer_digest)
    workers: ExtractionWorkers | None = getattr(_thread_state, "workers", None)
    if workers is None or _thread_state.key != key:
        if workers is not None:
            workers.close()
        workers = ExtractionWorkers(WorkerSettings(base, validate_shapes, gazetteer=gazetteer))
        _thread_state.workers, _thread_state.key = workers, key
    return workers


def extract_batch(base: str, validate_shapes: bool, batch: list[TextDocument],
                  timeout: float = DEFAULT_EXTRACT_TIMEOUT, gazetteer: Gazetteer | None = None,
                  gazetteer_digest: str | None = None) -> list[Result]:
    """Runs on a Dask worker: extract and validate each document in this thread's extraction process, each
    within its time limit (``timeout`` as ``--extract-timeout``; 0: none); results in the batch's order."""
    workers = _thread_workers(base, validate_shapes, gazetteer,
                              gazetteer_hash(gazetteer) if gazetteer_digest is None else gazetteer_digest)
    workers.timeout = timeout
    try:
        by_document = {id(document): result for document, result in workers.map_unordered(batch)}
    except BaseException:
        # A pool left mid-batch would hand its unfinished document to the next batch: start the next one afresh.
        workers.close()
        _thread_state.workers = None
        raise
    return [by_document[id(document)] for document in batch]


class DaskExtractionPool:
    """Extraction on a Dask cluster: ``address`` is a scheduler (``tcp://…``) or ``"local"`` for a LocalCluster."""

    def __init__(self, address: str, base: str, validate_shapes: bool, workers: int = 2,
                 batch_size: int = BATCH_SIZE, timeout: float = DEFAULT_EXTRACT_TIMEOUT,
                 gazetteer: Gazetteer | None = None) -> None:
        self._address, self._workers, self._batch_size = address, workers, batch_size
        self._arguments = (base, validate_shapes)
        self._timeout, self._gazetteer = timeout, gazetteer
        self._options: dict = {}  # extract_batch's keywords, the gazetteer scattered once __enter__ connects
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
        self._options = {"timeout": self._timeout}
        if self._gazetteer is not None:
            # Sent to every worker once, as data (workers on other machines lack the file), not with each task.
            self._options.update(gazetteer=self._client.scatter(self._gazetteer, broadcast=True),
                                 gazetteer_digest=gazetteer_hash(self._gazetteer))
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
            future = self._client.submit(extract_batch, *self._arguments, list(batch), **self._options,
                                         pure=False)
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


def dask_pool(address: str, workers: int = 2, timeout: float = DEFAULT_EXTRACT_TIMEOUT,
              gazetteer: Gazetteer | None = None) -> PoolFactory:
    """A pool factory for ``load_documents(pool=…)``: extraction on the Dask cluster at ``address``, each
    document within ``timeout`` (as ``--extract-timeout``), with the curator's ``gazetteer``."""
    return lambda base, validate_shapes: DaskExtractionPool(address, base, validate_shapes, workers,
                                                            timeout=timeout, gazetteer=gazetteer)
