"""Batched writes: a load groups extracted documents into batches of one transaction each (store and search
index), and ends with the same store as loading the documents one by one. Real on-disk stores, real spaCy, a
real `oxigraph serve` for the remote store."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from harbour.extract import Extractor, TextDocument
from harbour.graph import documents as loading
from harbour.graph.documents import DocumentReadError, ingest, load_documents
from harbour.graph.identity import document_iri
from harbour.graph.remote import document_updates
from harbour.graph.store import DocumentGraph, HarbourStore
from harbour.graph.terms import quads

from .test_lifecycle import SATO, YAMADA, everything, ner_documents
from .test_remote_store import oxigraph_url  # noqa: F401 - the real `oxigraph serve` fixture

TANAKA = "大阪府では、会長の田中一郎が記者会見を開いた。"


def outcomes(report) -> dict[str, list]:
    return {name: sorted(getattr(report, name)) for name in ("loaded", "replaced", "unchanged", "failed")}


def starting_store(path: Path, extractor: Extractor) -> HarbourStore:
    """A store holding the documents the batch below replaces or leaves unchanged, loaded one by one."""
    store = HarbourStore(path)
    store.ensure_ontology()
    for doc_id, text in (("replaced", YAMADA), ("unchanged", SATO), ("twice", YAMADA), ("back", YAMADA)):
        assert ingest(store, extractor, TextDocument(doc_id, text)).status == "loaded"
    return store


def mixed_batch() -> list[TextDocument | DocumentReadError]:
    """New, replaced, unchanged and failing documents, and ids given twice (the later version wins)."""
    return [TextDocument("new-1", TANAKA), TextDocument("replaced", SATO), TextDocument("unchanged", SATO),
            TextDocument("empty", "   "), DocumentReadError("broken.pdf: cannot read"),
            TextDocument("twice", SATO), TextDocument("new-2", YAMADA), TextDocument("twice", TANAKA),
            # back: replaced, then its stored text again (the store still has it when this one is read)
            TextDocument("back", SATO), TextDocument("back", YAMADA)]


def one_by_one(store: HarbourStore, extractor: Extractor, items: list) -> dict[str, list]:
    """The reference: every document through ``ingest``, its own transaction, in order."""
    report = loading.LoadReport()
    for item in items:
        report.add(ingest(store, extractor, item) if isinstance(item, TextDocument)
                   else loading.Outcome("", "failed", reason=str(item)))
    return outcomes(report)


def search_rows(store: HarbourStore) -> dict[str, list]:
    """What the search index holds, table by table, ids left out (they depend on the order rows came in)."""
    db = sqlite3.connect(store.search.path)
    try:
        return {"entities": sorted(db.execute("SELECT iri, label, lang, classes, mentions FROM entities")),
                "names": sorted(db.execute("SELECT e.iri, n.name, n.norm, n.lang, n.kind FROM names n "
                                           "JOIN entities e ON e.id = n.entity")),
                "classes": sorted(db.execute("SELECT e.iri, c.class FROM entity_classes c JOIN entities e "
                                             "ON e.id = c.entity")),
                "documents": sorted(db.execute("SELECT iri, hash FROM documents")),
                "memberships": sorted(db.execute("SELECT document, entity FROM document_entities"))}
    finally:
        db.close()


def test_a_mixed_batch_gives_the_store_and_outcomes_of_loading_one_by_one(tmp_path: Path,
                                                                            extractor: Extractor) -> None:
    reference = starting_store(tmp_path / "reference", extractor)
    expected = one_by_one(reference, extractor, mixed_batch())
    batched = starting_store(tmp_path / "batched", extractor)
    report = load_documents(batched, extractor, mixed_batch())

    assert outcomes(report) == expected
    assert expected["unchanged"] == ["unchanged"] and len(expected["failed"]) == 2
    assert everything(batched) == everything(reference)
    assert batched.document_iris() == reference.document_iris()
    assert search_rows(batched) == search_rows(reference)


def test_a_mixed_batch_from_extraction_workers_is_written_as_one_by_one(tmp_path: Path,
                                                                         extractor: Extractor) -> None:
    """The workers send N-Quads bytes: new documents load them as they are, replaced ones go into one update."""
    reference = starting_store(tmp_path / "reference", extractor)
    expected = one_by_one(reference, extractor, mixed_batch())
    batched = starting_store(tmp_path / "batched", extractor)
    report = load_documents(batched, extractor, mixed_batch(), jobs=2)

    assert outcomes(report) == expected
    assert everything(batched) == everything(reference)
    assert search_rows(batched) == search_rows(reference)


def test_the_index_finds_new_entities_and_forgets_removed_ones_after_a_batched_load(tmp_path: Path,
                                                                                      extractor: Extractor) -> None:
    store = HarbourStore(tmp_path / "store")
    store.ensure_ontology()
    load_documents(store, extractor, [TextDocument("a", YAMADA), TextDocument("b", SATO)])
    assert [hit.label for hit in store.search.search("山田太郎", store=store).hits] == ["山田太郎"]

    # a loses 山田太郎 (no other document mentions him), c brings 田中一郎; 東京都 stays with b
    report = load_documents(store, extractor, [TextDocument("a", SATO), TextDocument("c", TANAKA)])
    assert (report.replaced, report.loaded) == (["a"], ["c"])
    assert store.search.search("山田太郎", store=store).total == 0
    assert [hit.label for hit in store.search.search("田中一郎", store=store).hits] == ["田中一郎"]
    assert [hit.label for hit in store.search.search("東京都", store=store).hits] == ["東京都"]
    assert store.search.is_current(store)
    incremental = search_rows(store)
    store.search.rebuild(store)
    assert search_rows(store) == incremental

    assert store.delete_document(document_iri(extractor.base, "c"))
    assert store.search.search("田中一郎", store=store).total == 0


def nquads_of(extraction) -> bytes:
    return b"".join(f"{q} .\n".encode() for q in quads(extraction.triples, extraction.iri))


def test_a_batch_is_atomic(tmp_path: Path, extractor: Extractor) -> None:
    """A batch whose last document cannot be written leaves the store as it was: nothing of the others."""
    store = starting_store(tmp_path / "store", extractor)
    before, index_before = everything(store), search_rows(store)
    broken_iri = document_iri(extractor.base, "broken")
    broken = DocumentGraph(broken_iri, f'<urn:s> <urn:p> "unterminated <{broken_iri}> .\n'.encode(), "hash")
    for doc_id in ("replaced", "fresh"):  # one SPARQL update (it replaces), one Store.load (new documents only)
        first = extractor.extract(TextDocument(doc_id, TANAKA))
        with pytest.raises((SyntaxError, OSError, ValueError)):
            store.put_documents([DocumentGraph(first.iri, nquads_of(first), first.content_hash), broken])
        assert everything(store) == before
        assert search_rows(store) == index_before


def test_two_versions_of_one_document_cannot_share_a_batch(store: HarbourStore) -> None:
    graph = DocumentGraph("https://example.org/doc/x", [])
    with pytest.raises(ValueError):
        store.put_documents([graph, graph])


class PacedPool:
    """An extraction pool (the interface ``load_documents`` takes) handing back prepared results at a pace,
    noting when each was handed over."""

    def __init__(self, results: dict[str, tuple], pause: float) -> None:
        self.results, self.pause, self.handed = results, pause, {}

    def __enter__(self) -> "PacedPool":
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def map_unordered(self, documents: Iterable[TextDocument]) -> Iterator[tuple]:
        for document in documents:
            time.sleep(self.pause)
            self.handed[document.doc_id] = time.monotonic()
            yield document, self.results[document.doc_id]


def prepared(extractor: Extractor, count: int) -> tuple[list[TextDocument], dict[str, tuple]]:
    texts = [TextDocument(r["id"], r["text"]) for r in ner_documents(count, sentences=2)]
    results = {}
    for document in texts:
        extraction = extractor.extract(document)
        results[document.doc_id] = (extraction.iri, extraction.content_hash,
                                    list(quads(extraction.triples, extraction.iri)))
    return texts, results


def test_a_slow_trickle_is_written_as_it_comes(tmp_path: Path, extractor: Extractor) -> None:
    texts, results = prepared(extractor, 3)
    pool = PacedPool(results, pause=loading.BATCH_SECONDS + 0.2)
    store = HarbourStore(tmp_path / "store")
    reported: dict[str, float] = {}
    load_documents(store, extractor, texts, pool=lambda base, validate: pool,
                   on_progress=lambda outcome: reported.setdefault(outcome.doc_id, time.monotonic()))
    for document in texts[:-1]:  # each reported (so committed) before the pool hands over the next one
        following = texts[texts.index(document) + 1].doc_id
        assert reported[document.doc_id] < pool.handed[following]


def test_a_fast_stream_is_written_in_batches(tmp_path: Path, extractor: Extractor,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    texts, results = prepared(extractor, 7)
    monkeypatch.setattr(loading, "BATCH_DOCUMENTS", 3)
    store = HarbourStore(tmp_path / "store")
    writes: list[int] = []
    put_documents = store.put_documents
    store.put_documents = lambda batch, **options: writes.append(len(batch)) or put_documents(batch, **options)  # type: ignore
    report = load_documents(store, extractor, texts, pool=lambda base, validate: PacedPool(results, pause=0))
    assert writes == [3, 3, 1]
    assert sorted(report.loaded) == sorted(d.doc_id for d in texts)


def test_remote_batches_split_under_the_servers_body_limit(oxigraph_url: str, tmp_path: Path,  # noqa: F811
                                                            extractor: Extractor,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARBOUR_SEARCH_INDEX", str(tmp_path / "search.sqlite"))
    remote = HarbourStore(oxigraph_url)
    remote.update("DROP ALL")
    remote.ensure_ontology()
    local = HarbourStore(tmp_path / "local")
    local.ensure_ontology()
    records = ner_documents(12, sentences=4)
    texts = [TextDocument(r["id"], r["text"]) for r in records[:6]]
    # the same ids with other texts: every document replaced, with other entities
    others = [TextDocument(d.doc_id, r["text"]) for d, r in zip(texts, records[6:])]
    batches = [[DocumentGraph(g.iri, list(quads(g.triples, g.iri)), g.content_hash)
                for g in map(extractor.extract, group)] for group in (texts, others)]
    # at least two documents a request, and not all in one
    limit = 2 * max(len(next(document_updates([(g.iri, g.quads)]))) for g in batches[0])
    monkeypatch.setenv("HARBOUR_STORE_MAX_UPDATE_BYTES", str(limit))
    assert 2 <= len(list(document_updates([(g.iri, g.quads) for g in batches[0]]))) < len(texts)

    for batch, status in zip(batches, ("loaded", "replaced")):
        for store in (remote, local):
            assert store.put_documents(batch) == [status] * len(batch)
        assert everything(remote) == everything(local)
        assert search_rows(remote) == search_rows(local)
