"""The document lifecycle on a real on-disk store: load, reload, replace, delete, list, re-extract,
dump/restore, parallel loads, and a SIGKILL in the middle of a bulk load."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harbour.extract import Extractor, TextDocument
from harbour.graph.catalog import document_info, list_documents, stale_documents
from harbour.graph.documents import delete_document, ingest, load_documents, read_inputs
from harbour.graph.identity import document_iri
from harbour.graph.store import HarbourStore
from harbour.ontology import HB

from .conftest import HARBOUR, ROOT, run_harbour

NER = ROOT / "tests" / "data" / "ner-wikipedia-ja" / "dev.json"
TIMES = ("http://www.w3.org/ns/prov#startedAtTime", "http://www.w3.org/ns/prov#endedAtTime")

YAMADA = "行政長官の山田太郎は本日、東京都を訪問した。"
SATO = "東京都では、社長の佐藤花子が新製品を発表した。"


def graph_of(store: HarbourStore, iri: str) -> set[str]:
    """A document's graph as N-Triples lines, without the extraction's timestamps."""
    return {f"{q.subject} {q.predicate} {q.object}" for q in store.document_triples(iri)
            if q.predicate.value not in TIMES}


def everything(store: HarbourStore) -> set[str]:
    """Every quad of every document graph (the ontology's graph left out), without timestamps."""
    rows = store.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/harbour/ns>) }")
    return {f"{r['s']} {r['p']} {r['o']} {r['g']}" for r in rows if r["p"] not in TIMES}


def ner_documents(count: int, sentences: int = 6) -> list[dict]:
    records = json.loads(NER.read_text(encoding="utf-8"))
    return [{"id": f"wiki/{n}", "text": "".join(r["text"] for r in records[n * sentences:(n + 1) * sentences])}
            for n in range(count)]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_no_document_id_escapes_the_doc_namespace(doc_id: str) -> None:
    iri = document_iri("http://x.test/", doc_id)
    path = iri[len("http://x.test/doc/"):]
    assert iri.startswith("http://x.test/doc/") and path
    assert all(segment not in ("", ".", "..") for segment in path.split("/"))
    assert not any(c.isspace() or c in '<>"{}|\\^`#?%' for c in path)


def test_loading_the_same_content_again_changes_nothing(store: HarbourStore, extractor: Extractor) -> None:
    documents = [TextDocument("a", YAMADA), TextDocument("b", SATO)]
    first = load_documents(store, extractor, documents)
    before = everything(store)
    again = load_documents(store, extractor, documents)
    assert (first.loaded, again.unchanged, again.loaded, again.replaced) == (["a", "b"], ["a", "b"], [], [])
    assert everything(store) == before
    entities = store.select("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a hb:Person }")
    assert entities[0]["n"] == "2"  # no duplicated entities after a reload


def test_new_content_under_the_same_id_replaces_every_old_triple(store: HarbourStore, extractor: Extractor) -> None:
    iri = document_iri(extractor.base, "news/1")
    assert ingest(store, extractor, TextDocument("news/1", YAMADA)).status == "loaded"
    old = graph_of(store, iri)
    outcome = ingest(store, extractor, TextDocument("news/1", "社長の佐藤花子は大阪府を訪問した。"))
    assert outcome.status == "replaced"
    new = graph_of(store, iri)
    assert new and not (old - new) & everything_as_triples(store)
    labels = {r["l"] for r in store.select("SELECT ?l WHERE { ?e a hb:Person ; rdfs:label ?l }")}
    assert labels == {"佐藤花子"}
    assert store.document_iris() == [iri]


def everything_as_triples(store: HarbourStore) -> set[str]:
    return {line.rsplit(" ", 1)[0] for line in everything(store)}


def test_delete_keeps_shared_entities_with_the_other_documents_facts(store: HarbourStore,
                                                                    extractor: Extractor) -> None:
    load_documents(store, extractor, [TextDocument("a", YAMADA), TextDocument("b", SATO)])
    tokyo = store.select("SELECT DISTINCT ?e WHERE { ?e rdfs:label '東京都'@ja }")[0]["e"]
    yamada = store.select("SELECT DISTINCT ?e WHERE { ?e rdfs:label '山田太郎'@ja }")[0]["e"]
    b_graph = graph_of(store, document_iri(extractor.base, "b"))

    assert delete_document(store, extractor.base, "a")
    assert not delete_document(store, extractor.base, "a")
    # The entity only "a" mentioned is gone: not a subject, not an object, anywhere.
    assert store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ <{yamada}> ?p ?o }} UNION {{ ?s ?p <{yamada}> }} }}"
                        )[0]["n"] == "0"
    # The shared one stays, typed and labelled, with the mentions and facts of "b" only.
    assert store.select(f"SELECT ?c WHERE {{ <{tokyo}> a ?c ; rdfs:label '東京都'@ja }}")
    graphs = {r["g"] for r in store.select(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?m itsrdf:taIdentRef <{tokyo}> }} }}")}
    assert graphs == {document_iri(extractor.base, "b")}
    assert graph_of(store, document_iri(extractor.base, "b")) == b_graph
    assert [d.id for d in list_documents(store)] == ["b"]


def test_docs_lists_metadata_and_counts_that_match_the_graph(store: HarbourStore, extractor: Extractor) -> None:
    document = TextDocument("report", YAMADA + SATO, source="https://example.org/report", title="報告",
                            date=__import__("datetime").date(2024, 11, 22), lang="ja")
    ingest(store, extractor, document)
    iri = document_iri(extractor.base, "report")
    info = document_info(store, iri)
    assert info is not None
    assert (info.id, info.title, info.language, info.source, info.date) == (
        "report", "報告", "ja", "https://example.org/report", "2024-11-22")
    assert info.extractor_version and info.loaded.startswith("20") and len(info.content_hash) == 64
    count = lambda q: int(store.select(q.replace("?g", f"<{iri}>"))[0]["n"])  # noqa: E731
    assert info.mentions == count("SELECT (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m a hb:Mention } }") > 0
    assert info.entities == count("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?m itsrdf:taIdentRef ?e } }")
    assert info.facts == count("SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { GRAPH ?g { ?f hb:statedIn ?s } }") > 0
    assert list_documents(store) == [info]


def test_the_document_date_anchors_relative_dates(store: HarbourStore, extractor: Extractor, tmp_path: Path) -> None:
    batch = tmp_path / "dated.jsonl"
    batch.write_text(json.dumps({"id": "dated", "text": YAMADA, "date": "2023-06-07"}, ensure_ascii=False),
                     encoding="utf-8")
    assert load_documents(store, extractor, read_inputs([batch])).loaded == ["dated"]
    dates = {r["d"] for r in store.select("SELECT ?d WHERE { ?v a hb:Visit ; hb:startDate ?d }")}
    assert dates == {"2023-06-07"}  # 本日 = the document's date, not today


class _ExtractorDroppingTheHash(Extractor):
    """The real extractor, whose output for one document is damaged after the fact."""

    def extract(self, document):
        extraction = super().extract(document)
        if document.doc_id == "damaged":
            extraction.triples = [t for t in extraction.triples if t[1] != HB.contentHash]
        return extraction


def test_a_graph_failing_the_shapes_is_reported_not_written_and_the_batch_goes_on(store: HarbourStore) -> None:
    extractor = _ExtractorDroppingTheHash()
    report = load_documents(store, extractor, [TextDocument("damaged", YAMADA), TextDocument("fine", SATO)])
    assert report.loaded == ["fine"]
    assert len(report.failed) == 1 and "damaged" in report.failed[0] and "SHACL" in report.failed[0]
    assert store.document_iris() == [document_iri(extractor.base, "fine")]
    assert not graph_of(store, document_iri(extractor.base, "damaged"))


def test_parallel_extraction_writes_the_same_graphs(tmp_path: Path, extractor: Extractor) -> None:
    documents = [TextDocument(d["id"], d["text"]) for d in ner_documents(4)]
    serial, parallel = HarbourStore(tmp_path / "serial"), HarbourStore(tmp_path / "parallel")
    load_documents(serial, extractor, documents)
    report = load_documents(parallel, extractor, [*documents, TextDocument("empty", " ")], jobs=2)
    assert sorted(report.loaded) == sorted(d.doc_id for d in documents)
    assert report.failed == ["empty: the document is empty"]
    for document in documents:
        iri = document_iri(extractor.base, document.doc_id)
        assert graph_of(parallel, iri) == graph_of(serial, iri)


def test_reextract_rebuilds_stale_documents_from_their_stored_text(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    assert run_harbour("load", "samples/cyberport-ai-2024-11-22.ja.txt", store=store_path).returncode == 0
    store = HarbourStore(store_path)
    iri = store.document_iris()[0]
    before = graph_of(store, iri)
    store.update("DELETE { GRAPH ?g { ?run hb:extractorVersion ?v } } INSERT { GRAPH ?g { ?run hb:extractorVersion "
                 "'0.0.0-old' } } WHERE { GRAPH ?g { ?run hb:extractorVersion ?v } }")
    assert stale_documents(store) == [iri]
    del store  # one process at a time on the store

    result = run_harbour("reextract", store=store_path)
    assert result.returncode == 0, result.stderr
    assert "1 documents to re-extract" in result.stderr and "1 replaced" in result.stderr
    store = HarbourStore(store_path)
    assert stale_documents(store) == []
    assert graph_of(store, iri) == before
    del store
    again = run_harbour("reextract", store=store_path)
    assert again.returncode == 0 and "up to date" in again.stderr


def test_dump_and_restore_give_back_the_same_quads(tmp_path: Path, sample_extraction) -> None:
    path = tmp_path / "store"
    store = HarbourStore(path)
    store.put_document(sample_extraction.iri, sample_extraction.triples, sample_extraction.content_hash)
    original = everything(store)
    del store  # one process at a time on the store
    for format_name, suffix in (("nquads", "nq"), ("trig", "trig")):
        dump = tmp_path / f"dump.{suffix}"
        result = run_harbour("dump", "--format", format_name, "-o", str(dump), store=path)
        assert result.returncode == 0, result.stderr
        restored_path = tmp_path / f"restored-{suffix}"
        result = run_harbour("restore", str(dump), store=restored_path)
        assert result.returncode == 0, result.stderr
        assert everything(HarbourStore(restored_path)) == original
    refused = run_harbour("restore", str(tmp_path / "dump.nq"), store=path)
    assert refused.returncode != 0 and "already holds 1 documents" in refused.stderr


def test_sigkill_during_a_bulk_load_leaves_whole_documents_and_a_rerun_completes(tmp_path: Path,
                                                                                extractor: Extractor) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    records = ner_documents(10, sentences=10)
    for record in records:
        (folder / f"{record['id'].split('/')[1]:0>2}.txt").write_text(record["text"], encoding="utf-8")
    clean = HarbourStore(tmp_path / "clean")
    assert load_documents(clean, extractor, read_inputs([folder])).ok
    iris = clean.document_iris()

    killed_store = tmp_path / "killed"
    process = subprocess.Popen([HARBOUR, "load", str(folder), "--verbose"], stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "HARBOUR_STORE": str(killed_store)}, start_new_session=True)
    written = 0
    assert process.stderr is not None
    for line in process.stderr:
        written += line.startswith("loaded: ")
        if written == 3:
            os.killpg(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL

    after_kill = HarbourStore(killed_store)
    present = [iri for iri in iris if graph_of(after_kill, iri)]
    assert 3 <= len(present) < len(iris)
    for iri in present:  # every document is whole ...
        assert graph_of(after_kill, iri) == graph_of(clean, iri)
    assert set(after_kill.document_iris()) == set(present)  # ... or absent
    del after_kill

    rerun = run_harbour("load", str(folder), store=killed_store)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(iris) - len(present)} loaded, 0 replaced, {len(present)} unchanged, 0 failed" in rerun.stderr
    completed = HarbourStore(killed_store)
    assert sorted(completed.document_iris()) == sorted(iris)
    assert everything(completed) == everything(clean)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_load_reports_each_outcome_and_exit_status(tmp_path: Path, jobs: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(YAMADA, encoding="utf-8")
    (folder / "batch.jsonl").write_text(json.dumps({"id": "j", "text": SATO}, ensure_ascii=False) + "\nnot json\n",
                                        encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    store = tmp_path / "store"
    first = run_harbour("load", str(folder), "--jobs", jobs, store=store)
    assert first.returncode == 1
    assert "2 loaded, 0 replaced, 0 unchanged, 1 failed, 1 skipped" in first.stderr
    assert "compacted the store in" in first.stderr  # a first load is a large share of the store
    assert f"error: {folder / 'batch.jsonl'}:2: not a JSON object" in first.stderr.replace(str(ROOT) + "/", "")
    assert "skipped: " in first.stderr and "photo.png" in first.stderr
    (folder / "batch.jsonl").write_text(json.dumps({"id": "j", "text": YAMADA}, ensure_ascii=False), encoding="utf-8")
    second = run_harbour("load", str(folder), "--jobs", jobs, store=store)
    assert second.returncode == 0, second.stderr
    assert "0 loaded, 1 replaced, 1 unchanged, 0 failed, 1 skipped" in second.stderr
    listing = run_harbour("docs", "--format", "json", store=store)
    assert [d["id"] for d in json.loads(listing.stdout)] == sorted(["j", str(folder / "good.txt")])
    second_page = run_harbour("docs", "--format", "json", "--limit", "1", "--offset", "1", store=store)
    assert [d["id"] for d in json.loads(second_page.stdout)] == sorted(["j", str(folder / "good.txt")])[1:]
    assert "documents 2-2 of 2" in run_harbour("docs", "--limit", "1", "--offset", "1", store=store).stderr
    deleted = run_harbour("delete", "j", "no-such-id", store=store)
    assert deleted.returncode == 1 and "1 deleted, 1 not found" in deleted.stderr
    assert "error: no document with id 'no-such-id'" in deleted.stderr
