"""Documents in, graphs out: finding inputs, and loading them into the store in atomic write batches.

The CLI (`harbour load`, `harbour reextract`) and the HTTP API (`/documents`) both write through
:func:`ingest` / :func:`load_documents`, so a document is checked, extracted, validated and written the
same way whichever door it came in by.
"""

from __future__ import annotations

import glob
import hashlib
import io
import itertools
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

import pyoxigraph as ox

from harbour.extract import EXTRACTOR_VERSION, EmptyDocumentError, Extraction, Extractor, TextDocument
from harbour.extract.rdf import content_hash
from harbour.graph.identity import document_iri

from . import queries
from .extraction_workers import extraction_workers
from .readers import SUFFIXES, DocumentReadError, NotADocument, decode_text, read_bytes
from .store import DocumentGraph, HarbourStore
from .terms import quads
from .validation import first_violation, validate

__all__ = ["DocumentReadError", "NotADocument", "decode_text", "read_document", "expand_paths", "read_inputs",
           "Outcome", "LoadReport", "ingest", "load_documents", "delete_document", "STDIN"]

TEXT_SUFFIXES = set(SUFFIXES)
#: The path that means "read standard input".
STDIN = "-"

Status = Literal["loaded", "replaced", "unchanged", "failed", "skipped"]


# --- finding and reading inputs -------------------------------------------------------------

def expand_paths(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files as given; in folders (recursively, hidden ones left out) the files Harbour reads; globs
    expanded; in a stable order."""
    for path, explicit in _candidates(paths):
        if explicit or path.suffix.lower() in SUFFIXES:
            yield path


def _candidates(paths: Iterable[Path | str]) -> Iterator[tuple[Path, bool]]:
    """(file, named explicitly) pairs: folder contents are not named explicitly."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                relative = found.relative_to(path).parts
                if found.is_file() and not any(part.startswith(".") for part in relative):
                    yield found, False
        elif not path.exists() and glob.has_magic(str(given)):
            for match in sorted(glob.glob(str(given), recursive=True)):
                yield from _candidates([match]) if Path(match).is_dir() else [(Path(match), True)]
        else:
            yield path, True


def read_document(path: Path, doc_id: str | None = None, lang: str | None = None) -> TextDocument:
    """A file holding one document (text, Markdown, HTML or PDF); its id defaults to its path as given."""
    items = _read_file(path, doc_id, lang)
    if len(items) != 1:
        raise DocumentReadError(f"{os.path.normpath(str(path))}: holds {len(items)} documents; "
                                "use `harbour load` for JSONL")
    if isinstance(items[0], DocumentReadError):
        raise items[0]
    return items[0]


def _read_file(path: Path, doc_id: str | None, lang: str | None) -> list[TextDocument | DocumentReadError]:
    name = os.path.normpath(str(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentReadError(f"{name}: cannot read ({error.strerror or error})") from error
    return read_bytes(data, name, source=str(path), doc_id=doc_id, lang=lang)


def read_inputs(paths: Iterable[Path | str], *, doc_id: str | None = None, lang: str | None = None,
                stdin: BinaryIO | None = None) -> Iterator[TextDocument | DocumentReadError]:
    """Every document in ``paths`` (files, folders, globs, ``-`` for ``stdin``), or the error for an
    input that cannot be read. Non-text files come back as :class:`NotADocument` (report them as
    skipped); in folders only the suffixes Harbour reads are tried."""
    for given in paths:
        if str(given) == STDIN:
            data = (stdin or sys.stdin.buffer).read()
            name = doc_id or f"stdin-{hashlib.sha256(data).hexdigest()[:12]}"
            yield from _guarded(lambda: read_bytes(data, name, source=None, doc_id=doc_id, lang=lang))
            continue
        for path, explicit in _candidates([given]):
            if not explicit and path.suffix.lower() not in SUFFIXES:
                yield NotADocument(f"{os.path.normpath(str(path))}: not a format Harbour reads "
                                   f"({path.suffix or 'no suffix'})")
                continue
            yield from _guarded(lambda: _read_file(path, doc_id, lang))


def count_inputs(paths: Iterable[Path | str]) -> int | None:
    """How many documents ``paths`` hold (JSONL lines counted), for a progress bar; None with stdin."""
    total = 0
    for given in paths:
        if str(given) == STDIN:
            return None
        for path, explicit in _candidates([given]):
            if path.suffix.lower() in (".jsonl", ".ndjson"):
                try:
                    with path.open("rb") as lines:
                        total += sum(1 for line in lines if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total


def _guarded(read: Callable[[], list[TextDocument | DocumentReadError]]) -> list[TextDocument | DocumentReadError]:
    try:
        return read()
    except DocumentReadError as error:
        return [error]


# --- outcomes -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """What happened to one document (or one unreadable input): ``reason`` is a one-line message."""

    doc_id: str
    status: Status
    iri: str | None = None
    reason: str = ""
    triples: int = 0


@dataclass
class LoadReport:
    """What a load did, per outcome; ``failed`` and ``skipped`` hold one-line reasons."""

    loaded: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    triples: int = 0

    def add(self, outcome: Outcome) -> None:
        if outcome.status in ("failed", "skipped"):
            getattr(self, outcome.status).append(outcome.reason)
        else:
            getattr(self, outcome.status).append(outcome.doc_id)
        self.triples += outcome.triples

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        text = (f"{len(self.loaded)} loaded, {len(self.replaced)} replaced, {len(self.unchanged)} unchanged, "
                f"{len(self.failed)} failed")
        return text + (f", {len(self.skipped)} skipped" if self.skipped else "")


# --- one document ---------------------------------------------------------------------------

def extract_checked(extractor: Extractor, document: TextDocument, validate_shapes: bool = True) -> Extraction:
    """Extract a document and check its graph against the SHACL shapes; a failure raises
    :class:`DocumentReadError` (nothing has been written)."""
    extraction = extractor.extract(document)
    if validate_shapes:
        conforms, report = validate(extraction.triples)
        if not conforms:
            raise DocumentReadError(f"{document.doc_id}: extracted graph fails the SHACL shapes: "
                                    f"{first_violation(report)}")
    return extraction


def is_unchanged(store: HarbourStore, iri: str, text: str) -> bool:
    """True when the store holds this text under this IRI, extracted by the current extractor."""
    return _holds(store.stored_versions([iri]), iri, text)


def _holds(stored: dict[str, tuple[str, str | None]], iri: str, text: str) -> bool:
    """Whether ``stored`` (``HarbourStore.stored_versions``) has this text under this IRI from this extractor."""
    return stored.get(iri) == (content_hash(text), EXTRACTOR_VERSION)


def _write(store: HarbourStore, iri: str, doc_id: str, statements: list, text_hash: str) -> Outcome:
    status = store.put_document(iri, statements, text_hash, force=True)
    return Outcome(doc_id, "replaced" if status == "replaced" else "loaded", iri, triples=len(statements))


def _failure(doc_id: str, error: BaseException) -> Outcome:
    if isinstance(error, (DocumentReadError, EmptyDocumentError)):
        return Outcome(doc_id, "failed", reason=str(error))
    return Outcome(doc_id, "failed", reason=f"{doc_id}: extraction failed ({type(error).__name__}: {error})")


def ingest(store: HarbourStore, extractor: Extractor, document: TextDocument, *,
           validate_shapes: bool = True) -> Outcome:
    """Load one document: unchanged if the store has this text from this extractor, else extract,
    validate and write it in one transaction (replacing any earlier version under the same id)."""
    iri = document_iri(extractor.base, document.doc_id)
    try:
        if is_unchanged(store, iri, document.text):
            return Outcome(document.doc_id, "unchanged", iri)
        extraction = extract_checked(extractor, document, validate_shapes)
    except Exception as error:  # noqa: BLE001 - one bad document must not stop a batch
        return _failure(document.doc_id, error)
    return _write(store, extraction.iri, document.doc_id, extraction.triples, extraction.content_hash)


def delete_document(store: HarbourStore, base: str, doc_id: str) -> bool:
    """Remove a document's graph by id; entities only it mentioned go with it. True if it was there."""
    return store.delete_document(document_iri(base, doc_id))


# --- many documents -------------------------------------------------------------------------

def load_documents(store: HarbourStore, extractor: Extractor,
                   documents: Iterable[TextDocument | DocumentReadError], *, validate_shapes: bool = True,
                   jobs: int = 1, on_progress: Callable[[Outcome], None] | None = None,
                   pool: Callable[[str, bool], Any] | None = None, exclusive: bool = False) -> LoadReport:
    """Load a batch of documents, written by this process alone in batches, each document whole or absent.

    With ``jobs > 1`` extraction and validation run in that many killable worker processes (each loads the
    spaCy pipelines once; a document past its time limit fails and its worker is replaced, see
    ``extraction_workers``) and the results come back here to be written; with ``jobs=1`` and no pool they run
    here, without a limit. ``pool(base, validate_shapes)`` puts extraction elsewhere instead (``executors.dask_pool``: a Dask cluster), written the same way. A bad document is reported
    and the batch goes on; an unchanged one is skipped before any extraction, so rerunning a batch
    that was interrupted only does what is left.

    Extracted documents are grouped into write batches (:class:`_BatchWriter`): each batch is one store
    transaction, so every document is whole or absent after a crash, and a document's outcome (and
    ``on_progress``) comes once the batch that holds it is committed. The search index is updated every
    :data:`REINDEX_DOCUMENTS` documents and at the end, in one index transaction each.

    ``exclusive=True`` says that nothing else reads the store during the load (``harbour load``, which holds
    it alone): batches of new documents are then larger and go through Oxigraph's bulk loader, journalled so
    that a crash still leaves each document whole or absent (``HarbourStore.put_documents(bulk=True)``).
    """
    report = LoadReport()

    def record(outcome: Outcome) -> None:
        report.add(outcome)
        if on_progress is not None:
            on_progress(outcome)

    in_flight = _InFlight()
    writer = _BatchWriter(store, record, in_flight, bulk=exclusive)
    items = _unchanged_filtered(store, extractor.base, documents, record, in_flight)
    try:
        if jobs <= 1 and pool is None:
            for document in items:
                writer.add(document, _extracted_here(extractor, document, validate_shapes))
        else:
            make_pool = pool or extraction_workers(jobs)
            with make_pool(extractor.base, validate_shapes) as running:
                for document, result in running.map_unordered(items):
                    writer.add(document, result)
        writer.flush()
    finally:
        writer.reindex()  # what was committed, also when the load stops early
    store.flush()
    return report


#: A load that wrote at least this share of the store's documents compacts the store at its end: compaction
#: takes about as long as writing a tenth of a large store (41 s at 100,000 documents), so it pays after a
#: first or large load, not after a few documents added to a large store (RocksDB compacts those itself).
COMPACT_SHARE = 0.25


def compact_after_load(store: HarbourStore, report: LoadReport) -> bool:
    """Compact the store when ``report``'s load wrote a large share of its documents; True if it did."""
    written = len(report.loaded) + len(report.replaced)
    if not written or store.path is None:
        return False
    if written < COMPACT_SHARE * int(store.select(queries.get("doc-count"))[0]["documents"]):
        return False
    store.optimize()
    return True


class _InFlight:
    """Ids passed on for extraction and not yet reported, so the unchanged check (made when a document is read,
    before earlier ones are written) does not trust the store for an id whose earlier version is still on its
    way: the writer checks that one again once the earlier version is committed (``recheck``)."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}
        self.recheck: set[str] = set()

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._counts

    def started(self, doc_id: str) -> None:
        if self._counts.get(doc_id):
            self.recheck.add(doc_id)
        self._counts[doc_id] = self._counts.get(doc_id, 0) + 1

    def finished(self, doc_id: str) -> None:
        self._counts[doc_id] -= 1
        if not self._counts[doc_id]:
            del self._counts[doc_id]
            self.recheck.discard(doc_id)


def _unchanged_filtered(store: HarbourStore, base: str, documents: Iterable[TextDocument | DocumentReadError],
                        record: Callable[[Outcome], None], in_flight: _InFlight) -> Iterator[TextDocument]:
    """The documents that need extracting; the rest are recorded as skipped, failed or unchanged. The stored
    hashes are read for :data:`CHECK_AHEAD` documents at a time (one query, not two per document)."""
    items = iter(documents)
    while chunk := list(itertools.islice(items, CHECK_AHEAD)):
        iris = {item.doc_id: document_iri(base, item.doc_id) for item in chunk if isinstance(item, TextDocument)}
        stored = store.stored_versions(list(iris.values()))
        for item in chunk:
            if isinstance(item, NotADocument):
                record(Outcome("", "skipped", reason=str(item)))
            elif isinstance(item, DocumentReadError):
                record(Outcome("", "failed", reason=str(item)))
            elif item.doc_id not in in_flight and _holds(stored, iris[item.doc_id], item.text):
                record(Outcome(item.doc_id, "unchanged", iris[item.doc_id]))
            else:
                in_flight.started(item.doc_id)
                yield item


#: Documents whose stored content hashes a load reads in one query before passing them on to extraction.
CHECK_AHEAD = 32


def _extracted_here(extractor: Extractor, document: TextDocument, validate_shapes: bool) -> ExtractionResult:
    """What an extraction worker answers, extracted in this process: the graph as quads, or the exception."""
    try:
        extraction = extract_checked(extractor, document, validate_shapes)
    except Exception as error:  # noqa: BLE001 - one bad document must not stop a batch
        return error
    return extraction.iri, extraction.content_hash, list(quads(extraction.triples, extraction.iri))


#: A write batch is committed once it holds this many documents, or this many quads, or its first document
#: has waited this long (or documents come further apart than that: a trickle is written as it comes). The
#: sizes are past the point where a transaction's fixed cost matters (Store.load/extend run at the same rate
#: from 20 to 100 documents of about 350 quads per transaction, bench/load_bench.py) and below where big
#: transactions slow down (a SPARQL update replacing 100 documents is 20% slower per quad than one replacing
#: 20); the second bounds what a SIGKILL loses, and how late the progress bar is, to about a second.
BATCH_DOCUMENTS = 32
BATCH_QUADS = 16_000
BATCH_SECONDS = 1.0
#: Batches for the bulk loader (a load that holds the store alone): it reaches the rate of one bulk load of
#: everything from about 64 documents (24,000 quads) a call, and is slower than a transaction below 4.
BULK_BATCH_DOCUMENTS = 128
BULK_BATCH_QUADS = 64_000
#: The search index is brought up to date once this many documents are committed, and at the end of a load:
#: an entity many documents mention is re-read once per this many, not once per batch (nobody can search
#: the store while a load holds it; a crash leaves the index stale, and the next search rebuilds it).
REINDEX_DOCUMENTS = 2_000

#: An extraction's result as the pools give it: (iri, content hash, N-Quads bytes or quads), or the exception.
ExtractionResult = tuple[str, str, bytes | list[ox.Quad]] | BaseException


class _BatchWriter:
    """The single writer of a load: groups extracted documents into batches, each written by
    ``HarbourStore.put_documents`` in one transaction, and reports each document once its batch is committed.

    Documents are kept in the order they come: a second version of an id already in the batch commits the batch
    first, so the later version wins as when loading one by one. A failed document is reported at once and
    never enters a batch."""

    def __init__(self, store: HarbourStore, record: Callable[[Outcome], None], in_flight: _InFlight,
                 bulk: bool = False) -> None:
        self.store = store
        self._bulk = bulk
        self._most_documents, self._most_quads = (BULK_BATCH_DOCUMENTS, BULK_BATCH_QUADS) if bulk else (
            BATCH_DOCUMENTS, BATCH_QUADS)
        self._record = record
        self._in_flight = in_flight
        self._batch: dict[str, tuple[str, DocumentGraph]] = {}  # by IRI: (doc_id, graph)
        # Documents committed by this load: the unchanged check of a later version of one may have read the
        # store before this one was written (hashes are read ahead of extraction), so it is checked again.
        self._written: set[str] = set()
        self._unindexed: dict[str, str] = {}  # committed documents (IRI: content hash) the search index lacks
        self._quads = 0
        self._opened = self._last_arrival = time.monotonic()

    def add(self, document: TextDocument, result: ExtractionResult) -> None:
        now = time.monotonic()
        gap, self._last_arrival = now - self._last_arrival, now
        if isinstance(result, BaseException):
            self._report(_failure(document.doc_id, result))
            return
        iri, text_hash, payload = result
        if iri in self._batch or iri in self._written or document.doc_id in self._in_flight.recheck:
            self.flush()  # the earlier version first; then the store tells whether this one changes anything
            if is_unchanged(self.store, iri, document.text):
                self._report(Outcome(document.doc_id, "unchanged", iri))
                return
        if not self._batch:
            self._opened = now
        graph = DocumentGraph(iri, payload, text_hash)
        self._batch[iri] = (document.doc_id, graph)
        self._quads += len(graph)
        if (len(self._batch) >= self._most_documents or self._quads >= self._most_quads
                or now - self._opened >= BATCH_SECONDS or gap >= BATCH_SECONDS):
            self.flush()

    def flush(self) -> None:
        """Write the batch (one transaction) and report its documents."""
        if not self._batch:
            return
        batch = list(self._batch.values())
        statuses = self.store.put_documents([graph for _, graph in batch], reindex=False, bulk=self._bulk)
        self._batch, self._quads = {}, 0
        self._written.update(graph.iri for _, graph in batch)
        self._unindexed.update((graph.iri, graph.content_hash) for _, graph in batch)
        if len(self._unindexed) >= REINDEX_DOCUMENTS:
            self.reindex()
        for (doc_id, graph), status in zip(batch, statuses):
            self._report(Outcome(doc_id, status, graph.iri, triples=len(graph)))

    def reindex(self) -> None:
        """Bring the search index up to the documents committed so far (one index transaction)."""
        if self._unindexed:
            self.store.search.documents_changed(self.store, self._unindexed)
            self._unindexed = {}

    def _report(self, outcome: Outcome) -> None:
        self._in_flight.finished(outcome.doc_id)
        self._record(outcome)


# Worker processes: one extractor each, built once by the initializer.
_worker_extractor: Extractor | None = None
_worker_validates = True


def _worker_init(base: str, validate_shapes: bool) -> None:
    global _worker_extractor, _worker_validates
    _worker_extractor, _worker_validates = Extractor(base), validate_shapes


def _worker_extract(document: TextDocument) -> tuple[str, str, bytes]:
    """Extract and validate in a worker; the graph travels back as N-Quads (compact, parsed in Rust)."""
    assert _worker_extractor is not None
    extraction = extract_checked(_worker_extractor, document, _worker_validates)
    output = io.BytesIO()
    ox.serialize(quads(extraction.triples, extraction.iri), output, format=ox.RdfFormat.N_QUADS)
    return extraction.iri, extraction.content_hash, output.getvalue()
