"""Extraction in killable worker processes, with a time limit per document.

spaCy cannot be interrupted: a tokenizer regex that backtracks on some input, or a very long document, keeps
the thread that runs it busy for as long as it takes, and a Python thread cannot be stopped. So extraction
(and SHACL validation) runs in worker processes, each holding one :class:`harbour.extract.Extractor` whose
pipelines load once, and the parent waits for each document with a deadline. Past it, the parent SIGKILLs
that worker, the document fails with a one-line reason ("…: extraction took longer than the limit of N s …;
nothing written"), nothing of it is written, and a fresh worker takes the next document.

The limit (:func:`extraction_limit`) is ``seconds`` plus a tenth of that per 1,000 characters: a long
document legitimately takes longer (about 0.5-0.7 s per 1,000 Japanese characters on a busy 2-core machine),
a short one that spins does not get minutes. ``seconds`` is ``--extract-timeout`` / ``HARBOUR_EXTRACT_TIMEOUT``
(default :data:`DEFAULT_TIMEOUT`); 0 means no limit. The clock starts when the worker begins the document,
after its interpreter has started and the pipeline of the document's language has loaded (both bounded by
:data:`START_LIMIT` instead), so a cold worker does not eat into a document's time. An English text holding a
whitespace-free run longer than :data:`MAX_ENGLISH_RUN` fails at once (:func:`check_runs`): it is what makes
spaCy's tokenizer spin.

Protocol (a socket pair, pickled messages): the parent sends a :class:`WorkerSettings` first, then one
:class:`~harbour.extract.TextDocument` at a time. The worker answers ``("ready", monotonic time)`` once its
``languages`` are loaded, ``("started", monotonic time)`` when it begins a document (CLOCK_MONOTONIC is
system-wide, so the parent can use the worker's clock), then ``("ok", (iri, content_hash, nquads))`` or
``("error", exception)``. It dies with its parent (PR_SET_PDEATHSIG, asked for in ``extraction_process`` before
spaCy is imported) and exits when the socket closes.

:class:`ExtractionWorkers` is the pool ``load_documents`` uses for ``harbour load`` / ``harbour reextract``
(``map_unordered``, as :mod:`.executors`' Dask pool) and the server uses for uploads (one worker). On Dask,
each worker thread runs one of these with one job (``executors.extract_batch``), so the same limit applies there.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_for_connections

from harbour.config import DEFAULT_EXTRACT_TIMEOUT as DEFAULT_TIMEOUT
from harbour.extract import TextDocument
from harbour.extract.gazetteer import Gazetteer

from .readers import DocumentReadError

#: Seconds a worker may take to start and load the pipeline of a document's language (not counted in the limit).
START_LIMIT = 300.0
#: Workers dying this many times in a row (not killed for time: dying by themselves, out of memory say) fail
#: the rest of a batch at once.
MAX_CONSECUTIVE_DEATHS = 3
#: Characters without a space that spaCy's English tokenizer is given at most. Its prefix, suffix and URL regexes
#: take time that grows faster than the square of such a run's length when it is made of punctuation ("[" * 4,000:
#: 4 s, * 8,000: 26 s; 400 KB of nested JSON sent as text: hours), so a longer run fails at once instead of at the
#: time limit, which grows with the length. Japanese is tokenized by Sudachi, without these regexes.
MAX_ENGLISH_RUN = 5_000

Result = tuple[str, str, bytes] | BaseException
_WARM_UP_TEXTS = {"ja": "株式会社アクメの山田太郎社長は東京に事務所を開いた。",
                  "en": "Jane Smith, chief executive of Acme Corporation, opened an office in Tokyo on Monday."}


def extraction_limit(seconds: float, characters: int) -> float:
    """The time a document of ``characters`` may take: ``seconds`` plus a tenth of that per 1,000 characters
    (0: no limit).

    >>> extraction_limit(30, 500), extraction_limit(30, 20_000), extraction_limit(0, 5)
    (31.5, 90.0, inf)
    """
    return seconds * (1 + characters / 10_000) if seconds > 0 else float("inf")


class ExtractionTimeout(DocumentReadError):
    """A document took longer than its limit; its worker was killed and nothing of it was written."""


@dataclass(frozen=True)
class WorkerSettings:
    """What a worker is told first: the extractor's base, whether to validate, which languages to load now, and
    the curator's gazetteer, if any."""

    base: str
    validate_shapes: bool = True
    languages: tuple[str, ...] = ()
    gazetteer: Gazetteer | None = None


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    connection: Connection
    spawned: float = field(default_factory=time.monotonic)
    document: TextDocument | None = None
    #: When the parent gives up on the current document: start-up first, then its own limit once started.
    deadline: float = 0.0
    extracting: bool = False

    @property
    def pid(self) -> int:
        return self.process.pid


@dataclass
class ExtractionWorkers:
    """Up to ``jobs`` extraction worker processes, started as documents come, one document each at a time.

    Not thread-safe: one caller at a time (the server holds its writer's lock). ``keep_started`` replaces a
    killed worker at once (a server, so the next upload does not wait); otherwise the next document starts one.
    """

    settings: WorkerSettings
    jobs: int = 1
    timeout: float = DEFAULT_TIMEOUT
    keep_started: bool = False
    _workers: list[_Worker] = field(default_factory=list)
    _deaths: int = 0  # in a row
    #: Seconds each worker took to say it was ready (interpreter, imports, the languages loaded up front).
    start_seconds: list[float] = field(default_factory=list)

    def __enter__(self) -> "ExtractionWorkers":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start every worker now; they load in the background (call from a thread that lives as long as
        they should: a worker dies with the thread that started it)."""
        while len(self._workers) < self.jobs:
            self._spawn()

    def close(self) -> None:
        workers, self._workers = self._workers, []
        for worker in workers:
            self._end(worker)

    @property
    def pids(self) -> list[int]:
        return [worker.pid for worker in self._workers]

    # --- extracting ------------------------------------------------------------------------------

    def map_unordered(self, documents: Iterable[TextDocument]) -> Iterator[tuple[TextDocument, Result]]:
        """Each document with its result (``(iri, content_hash, nquads)``) or the exception it failed with,
        as they finish. At most ``jobs`` documents are in flight, and never two versions of one id, so the
        later one is written last."""
        self._deaths = 0
        for document in documents:
            while self._busy() and (len(self._busy()) >= self.jobs
                                    or any(w.document.doc_id == document.doc_id for w in self._busy())):
                yield from self._collect()
            if self._deaths >= MAX_CONSECUTIVE_DEATHS:
                yield document, DocumentReadError(
                    f"{document.doc_id}: not extracted, the extraction workers died {self._deaths} times in a row "
                    "(out of memory? try fewer --jobs)")
                continue
            self._send(self._idle_worker(), document)
        while self._busy():
            yield from self._collect()

    def extract(self, document: TextDocument) -> Result:
        """One document, waited for (with the time limit)."""
        return next(result for _, result in self.map_unordered([document]))

    def _busy(self) -> list[_Worker]:
        return [worker for worker in self._workers if worker.document is not None]

    def _idle_worker(self) -> _Worker:
        for worker in self._workers:
            if worker.document is None:
                if worker.process.poll() is None:
                    return worker
                self._workers.remove(worker)  # died while idle (its parent thread ended?): nothing was lost
                self._end(worker)
                break
        return self._spawn()

    def _send(self, worker: _Worker, document: TextDocument) -> None:
        worker.document, worker.extracting = document, False
        worker.deadline = time.monotonic() + START_LIMIT
        try:
            worker.connection.send(document)
        except OSError:
            pass  # it died: the end of its connection tells _collect so

    def _collect(self) -> Iterator[tuple[TextDocument, Result]]:
        """Wait for the next message from a busy worker, or the first deadline; yield what finished."""
        busy = self._busy()
        timeout = max(min(w.deadline for w in busy) - time.monotonic(), 0)
        ready = wait_for_connections([w.connection for w in busy], None if timeout == float("inf") else timeout)
        for worker in busy:
            if worker.connection in ready:
                if (finished := self._receive(worker)) is not None:
                    yield finished
        now = time.monotonic()
        for worker in self._busy():
            if worker.deadline <= now and not worker.connection.poll(0):
                yield worker.document, self._give_up(worker)

    def _receive(self, worker: _Worker) -> tuple[TextDocument, Result] | None:
        document = worker.document
        assert document is not None
        try:
            kind, payload = worker.connection.recv()
        except (EOFError, OSError):
            self._deaths += 1
            self._discard(worker)
            return document, DocumentReadError(
                f"{document.doc_id}: not extracted, an extraction worker died (exit status "
                f"{worker.process.returncode}; out of memory?); rerun the load to retry it")
        except Exception as error:  # noqa: BLE001 - an exception of the worker's that does not unpickle here
            kind, payload = "error", DocumentReadError(f"{document.doc_id}: extraction failed ({error})")
        if kind == "ready":
            self.start_seconds.append(payload - worker.spawned)
            return None
        if kind == "started":
            worker.extracting = True
            worker.deadline = payload + extraction_limit(self.timeout, len(document.text))
            return None
        worker.document = None
        self._deaths = 0
        return document, payload

    def _give_up(self, worker: _Worker) -> DocumentReadError:
        document = worker.document
        assert document is not None
        self._discard(worker)
        if worker.extracting:
            limit = extraction_limit(self.timeout, len(document.text))
            return ExtractionTimeout(f"{document.doc_id}: extraction took longer than the limit of {limit:.1f} s "
                                     f"({len(document.text):,} characters); nothing written")
        self._deaths += 1
        return DocumentReadError(f"{document.doc_id}: not extracted, the extraction worker did not start within "
                                 f"{START_LIMIT:g} s")

    # --- processes -------------------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        ours, theirs = Pipe(duplex=True)
        process = subprocess.Popen([sys.executable, "-m", "harbour.graph.extraction_process", str(theirs.fileno()),
                                    str(os.getpid())], pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL)
        theirs.close()
        ours.send(self.settings)
        worker = _Worker(process, ours)
        self._workers.append(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        """SIGKILL a worker and forget it; a fresh one starts now if ``keep_started``."""
        self._workers.remove(worker)
        self._end(worker)
        if self.keep_started:
            self._spawn()

    @staticmethod
    def _end(worker: _Worker) -> None:
        worker.process.kill()
        worker.process.wait()
        worker.connection.close()


def extraction_workers(jobs: int, timeout: float = DEFAULT_TIMEOUT, gazetteer: Gazetteer | None = None):
    """A pool factory for ``load_documents(pool=…)``: ``jobs`` killable workers with the time limit."""
    return lambda base, validate_shapes: ExtractionWorkers(
        WorkerSettings(base, validate_shapes, gazetteer=gazetteer), jobs, timeout)


# --- the worker process ----------------------------------------------------------------------------

def check_runs(document: TextDocument) -> None:
    """Refuse an English text with a run of more than :data:`MAX_ENGLISH_RUN` characters without a space.

    >>> check_runs(TextDocument("d", "[" * 6000))
    Traceback (most recent call last):
    ...
    harbour.graph.readers.DocumentReadError: d: holds 6,000 characters without a space; spaCy's English tokenizer can take hours on such runs (at most 5,000); nothing written
    """
    longest = max(map(len, document.text.split()), default=0)  # linear; a regex search for the run need not be
    if longest > MAX_ENGLISH_RUN:
        raise DocumentReadError(f"{document.doc_id}: holds {longest:,} characters without a space; spaCy's English "
                                f"tokenizer can take hours on such runs (at most {MAX_ENGLISH_RUN:,}); nothing written")


def serve(connection: Connection) -> None:
    """The worker's loop (started by ``extraction_process``): settings first, then documents until EOF."""
    from harbour.extract.pipeline import detect_language

    from . import documents

    settings: WorkerSettings = connection.recv()
    documents._worker_init(settings.base, settings.validate_shapes)
    documents._worker_extractor.gazetteer = settings.gazetteer
    loaded: set[str] = set()

    def load(lang: str) -> None:
        """Load a language's pipeline and run it once (the first run of a pipeline is slow)."""
        if lang not in loaded and lang in _WARM_UP_TEXTS:
            documents._worker_extract(TextDocument("warm-up", _WARM_UP_TEXTS[lang], lang=lang))
            loaded.add(lang)

    for lang in settings.languages:
        load(lang)
    connection.send(("ready", time.monotonic()))
    while True:
        try:
            document: TextDocument = connection.recv()
        except (EOFError, OSError):
            return
        try:
            if document.text.strip():
                lang = document.lang or detect_language(document.text)
                load(lang)
                if lang == "en":
                    check_runs(document)
            connection.send(("started", time.monotonic()))
            reply: tuple[str, object] = ("ok", documents._worker_extract(document))
        except Exception as error:  # noqa: BLE001 - every failure goes back to the parent, per document
            reply = ("error", _transportable(error, document.doc_id))
        try:
            connection.send(reply)
        except (BrokenPipeError, OSError):
            return


def _transportable(error: Exception, doc_id: str) -> Exception:
    """``error`` if it survives pickling both ways (the parent must be able to read it), else its message."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception as problem:  # noqa: BLE001 - any exception class may refuse
        return DocumentReadError(f"{doc_id}: extraction failed ({type(error).__name__}: {error}; {problem})")
