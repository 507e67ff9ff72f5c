"""The on-disk store: one pyoxigraph Store, one named graph per document, the ontology in its own graph.

>>> store = HarbourStore(None)   # in memory
>>> store.ensure_ontology()
>>> store.query_bytes("ASK { ?c rdfs:subClassOf* schema:Person }", "json")[1]
b'{"head":{},"boolean":true}'
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal as Lit

import httpx
import pyoxigraph as ox

from harbour.ontology import ONTOLOGY_GRAPH, PREFIXES, ontology_path

from . import queries
from .entities import restrict
from .evaluation import (DATASET_FORMATS, GRAPH_FORMATS, SOLUTION_FORMATS, QueryError, QueryOutcome,  # noqa: F401
                         QueryRequest, QueryTimeout, evaluate)
from .remote import RemoteSparqlStore, document_updates, is_remote, replacing_update, search_index_path
from .pending import PendingWrites
from .search import SearchIndex
from .snapshots import ChangeCountingStore
from .terms import quads

PutStatus = Lit["loaded", "replaced", "unchanged"]

#: A batch of new documents this large goes through Oxigraph's bulk loader when the caller allows it: below
#: about 1,500 quads a call the bulk loader is slower than a transaction (bench/load_bench.py --bulk-sizes).
BULK_MINIMUM_QUADS = 4_000


class StoreError(Exception):
    """The store cannot be opened or written."""


@dataclass(frozen=True)
class DocumentGraph:
    """One document's graph to write: its IRI, its quads (all in the graph named by the IRI: pyoxigraph quads,
    or N-Quads bytes as the extraction workers send them, loaded without becoming Python objects) and the
    content hash of its text."""

    iri: str
    quads: Sequence[ox.Quad] | bytes
    content_hash: str | None = None

    def __len__(self) -> int:
        return self.quads.count(b"\n") if isinstance(self.quads, bytes) else len(self.quads)

    def parsed(self) -> Sequence[ox.Quad]:
        if isinstance(self.quads, bytes):
            return list(ox.parse(self.quads, format=ox.RdfFormat.N_QUADS))
        return self.quads


class HarbourStore:
    """Harbour's graph store. ``path=None`` keeps everything in memory (tests, ``harbour extract``); an
    http(s) URL is a remote SPARQL 1.1 server (``remote.RemoteSparqlStore``), with the search index local."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        #: The remote server, or None for an embedded pyoxigraph store.
        self.remote: RemoteSparqlStore | None = None
        #: Bulk writes in progress (embedded on-disk stores only; see ``put_documents``).
        self.pending: PendingWrites | None = None
        if is_remote(path):
            self.remote = RemoteSparqlStore(str(path))
            self.path = None
            self._store = ChangeCountingStore(self.remote)
            self.search = SearchIndex(search_index_path(self.remote.url))
            return
        self.path = Path(path) if path is not None else None
        try:
            if self.path is not None:
                self.path.mkdir(parents=True, exist_ok=True)
            self._store = ChangeCountingStore(ox.Store(str(self.path)) if self.path is not None else ox.Store())
        except OSError as error:
            raise StoreError(f"cannot open the store at {self.path}: {error} "
                             "(is another harbour process using it?)") from error
        #: Entity search, derived from the store and kept in step by the writes below.
        self.search = SearchIndex.beside(self.path)
        if self.path is not None:  # bulk writes left unfinished by a crash are undone now, before anyone reads
            self.pending = PendingWrites.beside(self.path)
            self._undo_pending_writes()

    # --- ontology ---------------------------------------------------------------------------

    def ensure_ontology(self) -> None:
        """(Re)load the ontology into its own graph, atomically."""
        graph = ox.NamedNode(ONTOLOGY_GRAPH)
        triples = list(ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE))
        current = set(self._store.quads_for_pattern(None, None, None, graph))
        wanted = {ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples}
        if current != wanted:
            self._replace_graph(graph, wanted, existed=bool(current))

    # --- documents --------------------------------------------------------------------------

    def content_hash(self, document_iri: str) -> str | None:
        """The content hash recorded for a loaded document, or None when it is not loaded."""
        rows = self._store.query(queries.get("document-hash"), substitutions={ox.Variable("doc"): ox.NamedNode(document_iri)})
        for row in rows:
            return row["hash"].value
        return None

    def stored_versions(self, document_iris: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        """(content hash, extractor version) of each of these documents the store holds, in one query."""
        if not document_iris:
            return {}
        rows = self.select(restrict(queries.get("document-versions"), "doc", document_iris))
        return {row["doc"]: (row["hash"], row.get("version")) for row in rows}

    def put_document(self, document_iri: str, triples: Iterable, content_hash: str | None = None,
                     force: bool = False) -> PutStatus:
        """Write a document's graph in one transaction, replacing any earlier version of it."""
        existing = self.content_hash(document_iri)
        if not force and content_hash is not None and existing == content_hash:
            return "unchanged"
        items = list(triples)  # rdflib triples from the extractor, or quads already in this graph (workers)
        new_quads = items if items and isinstance(items[0], ox.Quad) else list(quads(items, document_iri))
        return self.put_documents([DocumentGraph(document_iri, new_quads, content_hash)])[0]

    def put_documents(self, documents: Sequence[DocumentGraph], *, reindex: bool = True,
                      bulk: bool = False) -> list[PutStatus]:
        """Write several documents' graphs in ONE transaction, each replacing any earlier version of it, then
        re-index their entities in one search-index transaction; "loaded" or "replaced" for each, in order.

        The batch is atomic (after a crash every document of it is whole or absent, and replaced ones have
        their old or their new graph, never a mix). New documents only: one ``Store.load``/``extend``; with
        replaced ones: one SPARQL update, ``DROP SILENT GRAPH`` of each replaced graph then ``INSERT DATA`` of
        every graph (pyoxigraph has no other transaction that deletes and inserts). A remote store gets one
        Update request per batch, split where a request would pass the server's body limit (each document
        whole in one request, so atomic per document).

        ``reindex=False`` leaves the search index to the caller (``search.documents_changed``), which a bulk
        load does once for many batches: a popular entity's record is read once, not once per batch. Until
        then the index is stale, which a crash cannot hide: it is rebuilt when its documents differ from the
        store's.

        ``bulk=True`` says that nothing reads the store until this call returns (``harbour load`` holds the
        store alone): a batch of new documents of :data:`BULK_MINIMUM_QUADS` or more then goes through
        Oxigraph's bulk loader, two to three times faster than a transaction and not atomic, so the batch is
        recorded in the journal of pending writes first (``pending.PendingWrites``): after a crash, opening
        the store drops whatever part of it was written."""
        iris = [document.iri for document in documents]
        if len(set(iris)) != len(iris):
            raise ValueError("a batch holds at most one version of each document")
        if not documents:
            return []
        existing = self._existing_graphs(iris)
        if self.remote is not None:
            for text in document_updates([(d.iri, d.quads) for d in documents]):
                self._store.update(text)
        elif not existing and bulk and self._bulk_writable(documents):
            self._bulk_write(documents)
        elif not existing and all(isinstance(d.quads, bytes) for d in documents):
            self._store.load(b"".join(d.quads for d in documents), format=ox.RdfFormat.N_QUADS)  # type: ignore
        elif not existing:
            self._store.extend([quad for document in documents for quad in document.parsed()])
        else:
            self._store.update(replacing_update([(d.iri, d.quads) for d in documents],
                                                [iri for iri in iris if iri in existing]))
        if reindex:
            self.search.documents_changed(self, {d.iri: d.content_hash for d in documents})
        return ["replaced" if iri in existing else "loaded" for iri in iris]

    def _bulk_writable(self, documents: Sequence[DocumentGraph]) -> bool:
        return (self.pending is not None and all(isinstance(d.quads, bytes) for d in documents)
                and sum(len(d) for d in documents) >= BULK_MINIMUM_QUADS)

    def _bulk_write(self, documents: Sequence[DocumentGraph]) -> None:
        assert self.pending is not None
        try:
            with self.pending.writing([d.iri for d in documents]):
                self._store.bulk_load(b"".join(d.quads for d in documents),  # type: ignore[misc]
                                      format=ox.RdfFormat.N_QUADS)
        except BaseException:
            self._undo_pending_writes()
            raise

    def _undo_pending_writes(self) -> None:
        """Drop the graphs of a bulk write that did not finish (each in its own transaction), then its record."""
        if self.pending is None or not (unfinished := self.pending.recorded()):
            return
        for iri in unfinished:
            graph = ox.NamedNode(iri)
            if self._store.contains_named_graph(graph):
                self._store.remove_graph(graph)
        self._store.flush()
        self.pending.clear()
        self.search.invalidate()

    def _existing_graphs(self, iris: Sequence[str]) -> set[str]:
        """Which of these documents have a graph in the store (a batch tells loaded from replaced)."""
        if self.remote is None:
            return {iri for iri in iris if self._store.contains_named_graph(ox.NamedNode(iri))}
        return {row["doc"] for row in self.select(restrict(queries.get("documents-present"), "doc", iris))}

    def _replace_graph(self, graph: ox.NamedNode, new_quads: Iterable[ox.Quad], existed: bool) -> None:
        if not existed:
            self._store.extend(new_quads)  # one transaction
            return
        # pyoxigraph exposes no transaction object; one SPARQL update is one transaction.
        self._store.update(replacing_update([(graph.value, list(new_quads))], [graph.value]))

    def delete_document(self, document_iri: str) -> bool:
        """Remove a document's graph; entities only it mentioned go with it. True if it was there."""
        graph = ox.NamedNode(document_iri)
        if not self._store.contains_named_graph(graph):
            return False
        self._store.remove_graph(graph)
        self.search.documents_changed(self, {document_iri: None})
        return True

    def document_iris(self) -> list[str]:
        return [row["doc"].value for row in self._store.query(queries.get("document-iris"))]

    def document_triples(self, document_iri: str) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(None, None, None, ox.NamedNode(document_iri))

    # --- queries ----------------------------------------------------------------------------

    def query_bytes(self, query: str, result_format: str, *, default_graph_uris: list[str] | None = None,
                    named_graph_uris: list[str] | None = None) -> tuple[str, bytes]:
        outcome = self.run_query(query, {"solutions": result_format, "boolean": result_format, "graph": result_format}
                                 if result_format in SOLUTION_FORMATS else
                                 {"solutions": "json", "boolean": "json", "graph": result_format},
                                 default_graph_uris=default_graph_uris, named_graph_uris=named_graph_uris)
        return outcome.media_type, outcome.body

    def run_query(self, query: str, formats: dict[str, str], *, default_graph_uris: list[str] | None = None,
                  named_graph_uris: list[str] | None = None, base_iri: str | None = None) -> QueryOutcome:
        """Evaluate ``query`` in this process, without limits, and serialise its answer in ``formats[kind]``.

        The default graph is the union of all graphs unless the protocol's ``default_graph_uris`` /
        ``named_graph_uris`` or the query's own FROM name a dataset. (The server runs the queries of
        its clients through ``query_runner`` instead, which limits their time, memory and size.)
        """
        dataset = {"default_graph_uris": tuple(default_graph_uris or ()),
                   "named_graph_uris": tuple(named_graph_uris or ())} if default_graph_uris or named_graph_uris else {}
        return evaluate(self._store, QueryRequest(query, formats, base_iri=base_iri, prefixes=PREFIXES, **dataset))

    def evaluate(self, request: QueryRequest) -> QueryOutcome:
        """Evaluate a prepared request in this process (see ``query_runner`` for the isolated way).

        On a remote store the request's deadline is the HTTP timeout (the server's own limit applies too)."""
        if self.remote is None or request.deadline is None:
            return evaluate(self._store, request)
        try:
            with self.remote.timeout_for(request.deadline - time.monotonic()):
                return evaluate(self._store, request)
        except httpx.TimeoutException as error:
            raise QueryTimeout(f"the remote store did not answer in time: {error}") from error

    def select(self, query: str, **bindings: str) -> list[dict[str, str]]:
        """Rows of a SELECT as plain strings; ``bindings`` substitute IRIs for variables."""
        substitutions = {ox.Variable(k): ox.NamedNode(v) for k, v in bindings.items()}
        try:
            rows = self._store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True,
                                     substitutions=substitutions)
        except SyntaxError as error:
            raise QueryError(str(error)) from error
        variables = [v.value for v in rows.variables]
        return [{v: row[v].value for v in variables if row[v] is not None} for row in rows]

    def construct(self, query: str, union_default_graph: bool = True,
                  **bindings: str | ox.Literal) -> list[ox.Triple]:
        """The triples of a CONSTRUCT; ``bindings`` substitute IRIs (given as str) or literals for variables."""
        substitutions = {ox.Variable(k): ox.NamedNode(v) if isinstance(v, str) else v for k, v in bindings.items()}
        try:
            return list(self._store.query(query, prefixes=PREFIXES, use_default_graph_as_union=union_default_graph,
                                          substitutions=substitutions))
        except SyntaxError as error:
            raise QueryError(str(error)) from error

    def update(self, update: str, base_iri: str | None = None) -> None:
        try:
            self._store.update(update, prefixes=PREFIXES, base_iri=base_iri)
        except SyntaxError as error:
            raise QueryError(str(error)) from error
        self.search.invalidate()  # an update may change any entity: re-index before the next search

    # --- whole store ------------------------------------------------------------------------

    def dump(self, output: IO[bytes], format_name: str = "nquads") -> None:
        """Stream every quad, ontology included, as N-Quads or TriG."""
        self._store.dump(output, format=GRAPH_FORMATS[format_name][1])

    def restore(self, path: str | os.PathLike[str], format_name: str = "nquads") -> None:
        self._store.bulk_load(path=str(path), format=GRAPH_FORMATS[format_name][1])
        self.search.invalidate()

    def __len__(self) -> int:
        return len(self._store)

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store itself, for the other modules of the graph layer (reads; writes go through
        ``update`` so the search index and the query snapshots notice them)."""
        return self._store

    @property
    def changes(self) -> int:
        """A value that changes after every write (snapshots for query workers compare it)."""
        return self._store.changes

    def checkpoint(self, target: str | os.PathLike[str]) -> None:
        """A consistent, independent copy of the on-disk store at ``target`` (hard links: cheap)."""
        self._store.backup(str(target))

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def optimize(self) -> None:
        """Compact the on-disk store (every RocksDB table), as Oxigraph advises after a large load: at 100,000
        documents written in batches, the entity-page queries then ran 1.5x faster and the store took half the
        disk (bench/README.md, "Growth"). A remote or in-memory store is left alone."""
        if self.path is not None:
            self._store.optimize()

    def size_on_disk(self) -> int:
        if self.path is None:
            return 0
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


def serialize_triples(extraction_quads: Iterable[ox.Quad], format_name: str, output: IO[bytes]) -> None:
    """Write quads in any graph format; for triple-only formats the graph names are dropped."""
    rdf_format = GRAPH_FORMATS[format_name][1]
    items = list(extraction_quads)
    if format_name not in DATASET_FORMATS:
        items = [ox.Triple(q.subject, q.predicate, q.object) for q in items]
    prefixes = PREFIXES if format_name in ("turtle", "trig") else None
    ox.serialize(items, output, format=rdf_format, **({"prefixes": prefixes} if prefixes else {}))
