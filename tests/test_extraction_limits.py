"""The extraction time limit: real worker processes, real spaCy, a real store, `harbour load` and `harbour serve`.

A limit of 1 s with a Japanese text of 14,000 characters (its limit: 2.4 s; it needs 5-10 s on a busy 2-core
machine) runs past it for certain, while short English texts take a fraction of a second, so no pathological input
is needed. Each test is bounded: a worker starts in seconds and the long text is cut at its limit.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from harbour.extract import TextDocument
from harbour.graph.extraction_workers import ExtractionTimeout, ExtractionWorkers, WorkerSettings, extraction_limit
from harbour.graph.identity import DEFAULT_BASE, document_iri
from harbour.graph.store import HarbourStore

from .conftest import SAMPLE, TOKEN, ServedHarbour, run_harbour

LONG_TEXT = SAMPLE.read_text(encoding="utf-8") * 7
SHORT_TEXTS = ["Jane Smith, chief executive of Acme Corporation, visited Osaka on Monday.",
               "Acme Corporation opened an office in Tokyo with Globex Industries."]
LIMIT = 1.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_document_past_the_limit_fails_its_worker_is_killed_and_the_next_one_extracts() -> None:
    documents = [TextDocument("short-1", SHORT_TEXTS[0]), TextDocument("brackets", "Acme said " + "[" * 6000),
                 TextDocument("long", LONG_TEXT, lang="ja"), TextDocument("short-2", SHORT_TEXTS[1])]
    results, pids = {}, {}
    with ExtractionWorkers(WorkerSettings(DEFAULT_BASE), jobs=1, timeout=LIMIT) as workers:
        began = time.monotonic()
        for document, result in workers.map_unordered(documents):
            results[document.doc_id], pids[document.doc_id] = result, list(workers.pids)
            if document.doc_id == "long":
                took = time.monotonic() - began
    assert results["short-1"][0] == document_iri(DEFAULT_BASE, "short-1")
    timeout = results["long"]
    assert isinstance(timeout, ExtractionTimeout)
    limit = extraction_limit(LIMIT, len(LONG_TEXT))
    assert str(timeout) == (f"long: extraction took longer than the limit of {limit:.1f} s ({len(LONG_TEXT):,} "
                            "characters); nothing written")
    assert took < 120  # start-up and loading the Japanese pipeline, then the limit: not the whole extraction
    first = pids["short-1"][0]
    assert str(results["brackets"]) == ("brackets: holds 6,000 characters without a space; spaCy's English tokenizer "
                                        "can take hours on such runs (at most 5,000); nothing written")
    assert pids["brackets"] == [first]  # refused before spaCy saw it: no time lost, no worker killed
    assert pids["long"] == [] and not _alive(first)  # killed (and reaped) when the limit passed
    assert results["short-2"][0] == document_iri(DEFAULT_BASE, "short-2")
    assert pids["short-2"] and pids["short-2"][0] != first


def test_a_worker_that_dies_fails_its_document_and_the_batch_goes_on() -> None:
    documents = [TextDocument("long", LONG_TEXT, lang="ja"), TextDocument("short", SHORT_TEXTS[0])]
    results = {}
    with ExtractionWorkers(WorkerSettings(DEFAULT_BASE), jobs=1, timeout=0) as workers:  # 0: no limit
        def kill_the_worker() -> None:  # out of memory, say: killed by someone else than the pool
            deadline = time.monotonic() + 60
            while not workers.pids and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(2)
            os.kill(workers.pids[0], 9)

        killer = threading.Thread(target=kill_the_worker)
        killer.start()
        for document, result in workers.map_unordered(documents):
            results[document.doc_id] = result
        killer.join()
    assert "long: not extracted, an extraction worker died (exit status -9" in str(results["long"])
    assert results["short"][0] == document_iri(DEFAULT_BASE, "short")


def test_harbour_load_reports_the_timeout_in_one_line_writes_nothing_of_it_and_loads_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "1-short.txt").write_text(SHORT_TEXTS[0], encoding="utf-8")
    (folder / "2-long.txt").write_text(LONG_TEXT, encoding="utf-8")
    (folder / "3-short.txt").write_text(SHORT_TEXTS[1], encoding="utf-8")
    store_path = tmp_path / "store"
    result = run_harbour("load", "docs", "--extract-timeout", str(LIMIT), store=store_path, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    limit = extraction_limit(LIMIT, len(LONG_TEXT))
    reason = (f"error: docs/2-long.txt: extraction took longer than the limit of {limit:.1f} s "
              f"({len(LONG_TEXT):,} characters); nothing written")
    assert reason in result.stderr.splitlines(), result.stderr
    assert "2 loaded, 0 replaced, 0 unchanged, 1 failed" in result.stderr
    assert "Traceback" not in result.stderr
    store = HarbourStore(store_path)
    held = set(store.document_iris())
    assert {document_iri(DEFAULT_BASE, f"docs/{n}-short.txt") for n in (1, 3)} <= held
    long_iri = document_iri(DEFAULT_BASE, "docs/2-long.txt")
    assert long_iri not in held
    assert next(iter(store.document_triples(long_iri)), None) is None  # nothing of it


def _extraction_workers_of(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_bytes().rsplit(b")", 1)[1].split()[1])
                cmdline = (entry / "cmdline").read_bytes()
            except (OSError, IndexError, ValueError):
                continue
            if ppid == parent and b"harbour.graph.extraction_process" in cmdline:
                found.append(int(entry.name))
    return found


def _put(server: ServedHarbour, doc_id: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(f"{server.url}/documents/{doc_id}", data=json.dumps(body).encode(), method="PUT",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    try:
        with urllib.request.urlopen(request, timeout=180) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_server_answers_a_timeout_422_replaces_its_worker_and_takes_the_next_upload(tmp_path: Path) -> None:
    server = ServedHarbour(tmp_path / "store", "--extract-timeout", str(LIMIT))
    try:
        started = _extraction_workers_of(server.process.pid)
        assert len(started) == 1  # started with the server (writes are enabled)
        status, answer = _put(server, "long", {"text": LONG_TEXT, "lang": "ja"})
        limit = extraction_limit(LIMIT, len(LONG_TEXT))
        assert status == 422, answer
        assert answer == {"status": "failed", "error": f"long: extraction took longer than the limit of {limit:.1f} s "
                                                       f"({len(LONG_TEXT):,} characters); nothing written"}
        assert _status(f"{server.url}/documents/long") == 404
        replaced = _extraction_workers_of(server.process.pid)
        assert not _alive(started[0]) and len(replaced) == 1 and replaced != started
        assert _status(f"{server.url}/sparql?query=ASK%7B%7D") == 200
        status, answer = _put(server, "short", {"text": SHORT_TEXTS[0]})
        assert status == 201, answer
        assert _status(f"{server.url}/documents/short") == 200
    finally:
        server.stop()


@pytest.mark.parametrize("seconds,characters,expected", [(30, 0, 30), (30, 10_000, 60), (1, 14_287, 2.4287)])
def test_the_limit_grows_with_the_length(seconds: float, characters: int, expected: float) -> None:
    assert extraction_limit(seconds, characters) == pytest.approx(expected)
