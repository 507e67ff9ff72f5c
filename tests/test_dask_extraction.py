"""Extraction on a Dask LocalCluster (2 worker processes, one thread each) writes the same store as a local load.

60 documents of two NER sentences each (about 115 characters): 8 batches, several per worker, so results
arrive out of order. With 80 documents the test took 95 s on the 2-core machine at a load average of 9
(pipeline loading in this process and in both workers included); with 60 it took 33 s at a load average
of 6, this process's pipelines already loaded by earlier tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harbour.extract import Extractor, TextDocument
from harbour.graph.documents import load_documents
from harbour.graph.executors import dask_pool
from harbour.graph.store import HarbourStore

from .test_lifecycle import everything, ner_documents

pytest.importorskip("distributed")

DOCUMENTS = 60


def test_a_dask_load_writes_the_same_quads_as_a_local_load(tmp_path: Path, extractor: Extractor) -> None:
    documents = [TextDocument(d["id"], d["text"]) for d in ner_documents(DOCUMENTS, sentences=2)]
    batch = [*documents, TextDocument("empty", " "), documents[0]]  # a failure, and an id given twice
    local, distributed = HarbourStore(tmp_path / "local"), HarbourStore(tmp_path / "dask")
    for store in (local, distributed):
        store.ensure_ontology()
    expected = load_documents(local, extractor, batch)
    progress = []
    report = load_documents(distributed, extractor, batch, pool=dask_pool("local", workers=2),
                            on_progress=progress.append)
    assert sorted(report.loaded) == sorted(expected.loaded) and len(report.loaded) == DOCUMENTS
    assert report.unchanged == expected.unchanged == [documents[0].doc_id]
    assert report.failed == expected.failed == ["empty: the document is empty"]
    assert len(progress) == len(batch)
    assert everything(distributed) == everything(local)
