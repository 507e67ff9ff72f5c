"""Crash safety: SIGKILL the loader, and the server during writes, at random points; after each restart every
document is whole (its graph equals a clean load's, modulo the extraction's timestamps) or absent, and a rerun
finishes the batch.

`tests/test_lifecycle.py` kills one load after its third document; this kills at random moments (mid-document
too), several times over the same store, and kills `harbour serve` while it writes `PUT /documents`.
The `make test` variants kill 4 loads and 2 servers; the ``soak`` ones 20 of each. Figures: ``FIGURES {json}``.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from harbour.extract import Extractor, TextDocument
from harbour.graph.documents import load_documents, read_inputs
from harbour.graph.store import HarbourStore

from .conftest import HARBOUR, TOKEN, ServedHarbour, run_harbour
from .test_fuzz_http import send
from .test_lifecycle import everything, graph_of, ner_documents

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def check_whole_or_absent(store_path: Path, clean: HarbourStore) -> int:
    """Asserts each document of ``clean`` is whole or absent in the store at ``store_path``; how many are present."""
    crashed = HarbourStore(store_path)
    try:
        present = [iri for iri in clean.document_iris() if graph_of(crashed, iri)]
        for iri in present:
            assert graph_of(crashed, iri) == graph_of(clean, iri), f"{iri} is only partly written"
        assert set(crashed.document_iris()) == set(present)
        return len(present)
    finally:
        del crashed


def killed_load(folder: Path, store_path: Path, rng: random.Random) -> str:
    """Start `harbour load folder`, SIGKILL it after a random number of documents plus a random delay."""
    after_documents, delay = rng.randint(0, 2), rng.uniform(0, 0.6)
    process = subprocess.Popen([HARBOUR, "load", str(folder), "--verbose"], stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "HARBOUR_STORE": str(store_path)}, start_new_session=True)
    assert process.stderr is not None
    timer = threading.Timer(300, os.killpg, (process.pid, signal.SIGKILL))  # a bound, should the load hang
    timer.start()
    written = 0
    try:
        for line in process.stderr:
            written += line.startswith("loaded: ")
            if written >= after_documents:
                time.sleep(delay)
                os.killpg(process.pid, signal.SIGKILL)
                break
        process.wait(timeout=120)
    finally:
        timer.cancel()
    return f"after {written} documents + {delay:.2f} s: exit {process.returncode}"


def batch(tmp_path: Path, count: int, extractor: Extractor) -> tuple[Path, HarbourStore]:
    folder = tmp_path / "batch"
    folder.mkdir()
    for record in ner_documents(count, sentences=4):
        (folder / f"{record['id'].split('/')[1]:0>2}.txt").write_text(record["text"], encoding="utf-8")
    clean = HarbourStore(tmp_path / "clean")
    assert load_documents(clean, extractor, read_inputs([folder])).ok
    return folder, clean


def loader_kills(tmp_path: Path, extractor: Extractor, runs: int, documents: int) -> None:
    rng = random.Random(int(os.environ.get("HARBOUR_CRASH_SEED", str(time.time_ns()))))
    folder, clean = batch(tmp_path, documents, extractor)
    store_path = tmp_path / "killed"
    kills, present_counts = [], []
    for _ in range(runs):
        kills.append(killed_load(folder, store_path, rng))
        present_counts.append(check_whole_or_absent(store_path, clean))
    rerun = run_harbour("load", str(folder), store=store_path)
    assert rerun.returncode == 0, rerun.stderr
    completed = HarbourStore(store_path)
    assert sorted(completed.document_iris()) == sorted(clean.document_iris())
    assert everything(completed) == everything(clean)
    print("FIGURES " + json.dumps({"test": "SIGKILL the loader", "runs": runs, "documents": documents,
                                   "present_after_each_kill": present_counts, "partial_documents": 0,
                                   "rerun_completes": True, "kills": kills}))


def test_sigkill_the_loader_at_random_points(tmp_path: Path, extractor: Extractor) -> None:
    loader_kills(tmp_path, extractor, runs=4, documents=6)


@pytest.mark.soak
def test_soak_sigkill_the_loader_twenty_times(tmp_path: Path, extractor: Extractor) -> None:
    loader_kills(tmp_path, extractor, runs=20, documents=30)


def server_kills(tmp_path: Path, extractor: Extractor, runs: int, documents: int) -> None:
    rng = random.Random(int(os.environ.get("HARBOUR_CRASH_SEED", str(time.time_ns()))))
    records = ner_documents(documents, sentences=4)
    clean = HarbourStore(tmp_path / "clean")
    texts = [TextDocument(r["id"], r["text"], lang="ja") for r in records]
    assert load_documents(clean, extractor, texts).ok
    store_path = tmp_path / "served"
    present_counts, kills = [], []

    def put_all(server: ServedHarbour, stop: threading.Event, answered: threading.Semaphore) -> None:
        for record in records:
            if stop.is_set():
                return
            try:
                send(server, "PUT", "/documents/" + record["id"], json.dumps({"text": record["text"], "lang": "ja"}
                     ).encode(), {"Content-Type": "application/json", **AUTH}, timeout=120)
            except OSError:  # the server was killed under this request
                return
            answered.release()

    for _ in range(runs + 1):
        server = ServedHarbour(store_path)
        stop, answered = threading.Event(), threading.Semaphore(0)
        writer = threading.Thread(target=put_all, args=(server, stop, answered))
        writer.start()
        if len(kills) < runs:
            after_documents, delay = rng.randint(1, 2), rng.uniform(0, 0.5)  # the first PUT loads the models
            for _ in range(after_documents):
                answered.acquire(timeout=300)
            time.sleep(delay)
            server.process.send_signal(signal.SIGKILL)
            server.process.wait(timeout=30)
            kills.append(f"after {after_documents} answers + {delay:.2f} s")
        else:
            writer.join(timeout=600)  # the last run finishes the batch
            server.stop()
        stop.set()
        writer.join(timeout=120)
        present_counts.append(check_whole_or_absent(store_path, clean))
    assert present_counts[-1] == documents
    assert everything(HarbourStore(store_path)) == everything(clean)
    print("FIGURES " + json.dumps({"test": "SIGKILL the server during PUT /documents", "runs": runs,
                                   "documents": documents, "present_after_each_restart": present_counts,
                                   "partial_documents": 0, "rerun_completes": True, "kills": kills}))


def test_sigkill_the_server_during_writes(tmp_path: Path, extractor: Extractor) -> None:
    server_kills(tmp_path, extractor, runs=2, documents=6)


@pytest.mark.soak
def test_soak_sigkill_the_server_during_writes_twenty_times(tmp_path: Path, extractor: Extractor) -> None:
    server_kills(tmp_path, extractor, runs=20, documents=30)
