"""Extraction on a Dask LocalCluster (2 worker processes, one thread each) writes the same store as a local load.

300 documents of one NER sentence each (about 57 characters): 38 batches, many per worker, so results
arrive out of order. Earlier versions ran 60 documents of two sentences (33 s at a load average of 6);
with 300 it took 29 s at a load average of 1-2 (the pipelines loaded in this process and in both workers).
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

DOCUMENTS = 300


def test_a_dask_load_writes_the_same_quads_as_a_local_load(tmp_path: Path, extractor: Extractor) -> None:
    documents = [TextDocument(d["id"], d["text"]) for d in ner_documents(DOCUMENTS, sentences=1)]
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
