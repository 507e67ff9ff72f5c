"""Bulk writes of new documents (Oxigraph's bulk loader, not atomic) are made whole-or-absent by the journal."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from harbour.graph.store import BULK_MINIMUM_QUADS, DocumentGraph, HarbourStore

BASE = "https://harbour.example/doc/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def document(number: int, quads: int) -> DocumentGraph:
    """A document graph of ``quads`` N-Quads lines, as extraction workers send them."""
    iri = f"{BASE}{number}"
    graph = ox.NamedNode(iri)
    lines = [ox.Quad(graph, ox.NamedNode(RDF_TYPE), ox.NamedNode("https://w3id.org/harbour/ns#Document"), graph)]
    lines += [ox.Quad(ox.NamedNode(f"{iri}#s{i}"), ox.NamedNode("http://schema.org/name"), ox.Literal(f"name {i}"),
                      graph) for i in range(quads - 1)]
    output = io.BytesIO()
    ox.serialize(lines, output, format=ox.RdfFormat.N_QUADS)
    return DocumentGraph(iri, output.getvalue(), f"hash-{number}")


def graph_sizes(store: HarbourStore) -> dict[str, int]:
    rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in rows if row["g"].startswith(BASE)}


def test_a_bulk_write_leaves_no_record_and_every_document_whole(tmp_path: Path) -> None:
    store = HarbourStore(tmp_path / "store")
    batch = [document(n, BULK_MINIMUM_QUADS // 4 + 1) for n in range(4)]
    assert store.put_documents(batch, bulk=True) == ["loaded"] * 4
    assert graph_sizes(store) == {d.iri: len(d) for d in batch}
    assert store.pending is not None and store.pending.recorded() == []
    assert not store.pending.path.exists()


def test_opening_the_store_drops_a_bulk_write_that_did_not_finish(tmp_path: Path) -> None:
    """What a SIGKILL in the middle of the bulk loader leaves: the record, and part of the batch's quads."""
    store = HarbourStore(tmp_path / "store")
    kept = document(0, 10)
    store.put_documents([kept])
    interrupted = [document(1, 3_000), document(2, 3_000)]
    assert store.pending is not None
    store.pending._record([d.iri for d in interrupted])
    partial = interrupted[0].quads[: len(interrupted[0].quads) // 2].rsplit(b"\n", 1)[0] + b"\n"
    store.oxigraph.bulk_load(partial, format=ox.RdfFormat.N_QUADS)  # half of one document, as a crash leaves it
    store.flush()
    assert graph_sizes(store)[interrupted[0].iri] < len(interrupted[0])
    del store

    reopened = HarbourStore(tmp_path / "store")
    assert graph_sizes(reopened) == {kept.iri: 10}
    assert reopened.pending is not None and reopened.pending.recorded() == []


def test_a_failing_bulk_write_is_undone_at_once(tmp_path: Path) -> None:
    store = HarbourStore(tmp_path / "store")
    good = document(1, BULK_MINIMUM_QUADS)
    broken = DocumentGraph(f"{BASE}2", good.quads.replace(f"{BASE}1".encode(), f"{BASE}2".encode()) + b"<not n-quads\n")
    with pytest.raises(SyntaxError):
        store.put_documents([good, broken], bulk=True)
    assert graph_sizes(store) == {}
    assert store.pending is not None and store.pending.recorded() == []


def test_small_or_replacing_batches_keep_the_transaction(tmp_path: Path) -> None:
    """Below the threshold the bulk loader is slower; a replaced document needs DROP + INSERT in one update."""
    store = HarbourStore(tmp_path / "store")
    small = document(1, 10)
    assert store.put_documents([small], bulk=True) == ["loaded"]
    bigger = document(1, BULK_MINIMUM_QUADS)
    assert store.put_documents([bigger], bulk=True) == ["replaced"]
    assert graph_sizes(store) == {bigger.iri: len(bigger)}


_BULK_WRITER = """
import sys
from tests.test_pending_writes import document
from harbour.graph.store import HarbourStore
store = HarbourStore(sys.argv[1])
batch = [document(n, 2_500) for n in range(40)]
print("writing", flush=True)
store.put_documents(batch, bulk=True)
print("written", flush=True)
"""


@pytest.mark.parametrize("delay", [0.0, 0.15, 0.3, 0.6])
def test_sigkill_during_a_bulk_write_leaves_each_document_whole_or_absent(tmp_path: Path, delay: float) -> None:
    """A real process killed at several points of a 100,000-quad bulk write (the journal written, the bulk
    loader running, the journal being removed, or done): the reopened store holds each document whole or not."""
    import os
    import signal
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parent.parent
    process = subprocess.Popen([sys.executable, "-c", _BULK_WRITER, str(tmp_path / "store")], cwd=root,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "writing\n"
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)

    store = HarbourStore(tmp_path / "store")
    sizes = graph_sizes(store)
    assert set(sizes.values()) <= {2_500}, sizes  # no document partly written
    assert store.pending is not None and store.pending.recorded() == []


def test_a_load_that_wrote_a_large_share_of_the_store_compacts_it(tmp_path: Path) -> None:
    from harbour.graph.documents import COMPACT_SHARE, LoadReport, compact_after_load

    store = HarbourStore(tmp_path / "store")
    batch = [document(n, 2_000) for n in range(8)]
    store.put_documents(batch, bulk=True)
    before = graph_sizes(store)
    few = LoadReport(loaded=[d.iri for d in batch[: int(len(batch) * COMPACT_SHARE) - 1]])
    assert not compact_after_load(store, few)
    assert compact_after_load(store, LoadReport(loaded=[d.iri for d in batch]))
    assert graph_sizes(store) == before
    assert not compact_after_load(HarbourStore(None), LoadReport(loaded=["x"]))  # nothing to compact in memory
