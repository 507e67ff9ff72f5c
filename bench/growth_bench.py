"""Growth: how load time, store size, memory and entity-page latency change from 1k to 10k to 100k documents.

    .venv/bin/python bench/growth_bench.py [--sizes 1000 10000 100000] [--work-dir /tmp/growth-bench]
                                           [--base-docs 120] [--sentences 4] [--pages 200]
                                           [--output bench/results/growth_bench.json]

The corpus is synthetic but made of real extractions. ``--base-docs`` pseudo-news documents of ``--sentences``
consecutive sentences of the NER development data (tests/data/ner-wikipedia-ja, CC-BY-SA 3.0; not the sample
article) are extracted once by the real pipeline (in a child process, so the loader's memory is the write
path's alone). Document ``k`` of the corpus is base document ``k mod B`` under its own id, with its entities
moved into one of ``W = ceil(sqrt(k / B + 1))`` "worlds" (each world has its own entity IRIs): entity counts
then grow with the square root of the corpus, as the vocabulary of a news corpus does (Heaps' law), while
mentions per popular entity grow too. Every document is written by the product's write path: the unchanged
check, then batches as `harbour load` writes them (``HarbourStore.put_documents(bulk=True)``: journalled bulk
writes, the search index brought up to date every 2,000 documents), or with ``--one-by-one`` one ``put_document`` per document as before
batching. The sizes are nested: the store grows from one size to the next.

With ``--work-dir`` the store, the search index and the extracted base corpus stay there and a later run
resumes: documents already in the store are not written again, so ``--sizes 100000`` on a kept 10k store
measures the increment from 10k to 100k, and the rows of the smaller sizes are kept from ``--output``. A size
equal to the store's document count is measured (serving, disk) without writing. SIGTERM or Ctrl-C stops the
writing after the current document and records a partial row (documents written, rate, projected time to the
size); the store stays consistent for a later resume.

At each size: documents/s and triples/s of the increment, size on disk (store and search index), the loader's
peak RSS, and `harbour serve` on the store: p50/p95 of ``--pages`` entity pages (HTML, the most mentioned
entities and random ones) and of ``/api/entities?q=`` searches, with the server's RSS afterwards. Ratios are
each figure over the first size's and over the previous size's.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import multiprocessing
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_bench import pseudo_documents  # noqa: E402

from harbour.extract import EXTRACTOR_VERSION, Extractor  # noqa: E402
from harbour.extract.rdf import content_hash  # noqa: E402
from harbour.graph.documents import (BATCH_SECONDS, BULK_BATCH_DOCUMENTS, BULK_BATCH_QUADS,  # noqa: E402
                                     COMPACT_SHARE, REINDEX_DOCUMENTS, is_unchanged)
from harbour.graph.store import DocumentGraph, HarbourStore  # noqa: E402
from harbour.graph.terms import quads  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
_ENTITY = re.compile(r"(/entity/[A-Za-z-]+/)([0-9a-f]+)>")
BaseDocument = tuple[str, str, str, str]  # document IRI, document id, text, N-Quads


def extract_base_corpus(count: int, sentences: int, cache: Path) -> None:
    """Extract ``count`` pseudo-news documents with the real pipeline and write them to ``cache`` (JSON)."""
    extractor = Extractor()
    corpus = []
    for document in pseudo_documents(count, sentences, offset=200):  # sentences the tests do not use
        extraction = extractor.extract(document)
        output = io.BytesIO()
        ox.serialize(quads(extraction.triples, extraction.iri), output, format=ox.RdfFormat.N_QUADS)
        corpus.append((extraction.iri, document.doc_id, document.text, output.getvalue().decode()))
    cache.write_text(json.dumps({"extractor_version": EXTRACTOR_VERSION, "documents": corpus}))


def base_corpus(count: int, sentences: int, directory: Path) -> list[BaseDocument]:
    """The base corpus, extracted once per extractor version into ``directory``, by a child process so that
    spaCy's memory is not counted in the loader's RSS."""
    cache = directory / f"base-corpus-{count}x{sentences}.json"
    if not cache.exists() or json.loads(cache.read_text())["extractor_version"] != EXTRACTOR_VERSION:
        began = time.perf_counter()
        child = multiprocessing.get_context("spawn").Process(target=extract_base_corpus,
                                                             args=(count, sentences, cache))
        child.start()
        child.join()
        if child.exitcode:
            raise SystemExit(f"extracting the base corpus failed (exit code {child.exitcode})")
        print(f"extracted {count} base documents in {time.perf_counter() - began:.0f} s", flush=True)
    return [tuple(document) for document in json.loads(cache.read_text())["documents"]]


def variant(base: BaseDocument, number: int, world: int) -> tuple[str, str, str]:
    """Document ``number`` of the corpus: the base graph under its own id, entities moved to ``world``."""
    iri, doc_id, text, nquads = base
    new_id = f"growth/{number:06d}"
    new_iri = iri[: -len(doc_id)] + new_id
    moved = nquads.replace(f"<{iri}>", f"<{new_iri}>").replace(f"<{iri}#", f"<{new_iri}#")
    moved = moved.replace(f'"{doc_id}"', f'"{new_id}"')
    if world:
        moved = _ENTITY.sub(lambda m: f"{m.group(1)}{m.group(2)}w{world}>", moved)
    return new_iri, moved, f"{text}\n({number})"  # a distinct text (and content hash) per document


class StopRequest:
    """Set by SIGTERM or Ctrl-C: the writing stops after the current document (each is one transaction)."""
    requested = False

    @classmethod
    def install(cls) -> None:
        def request(signum: int, frame: object) -> None:
            cls.requested = True
            print(f"\nsignal {signum}: stopping after the current document", flush=True)
        signal.signal(signal.SIGTERM, request)
        signal.signal(signal.SIGINT, request)


def grow(store: HarbourStore, corpus: list[BaseDocument], start: int, stop: int, progress_every: int = 0,
         batched: bool = True) -> tuple[float, int, int]:
    """Write documents ``start``..``stop`` (fewer if a stop is requested): seconds, triples written and the
    number of the next document to write. ``batched``: as `harbour load` writes (``put_documents(bulk=True)``,
    a journalled bulk write per ``BULK_BATCH_DOCUMENTS`` documents, ``BULK_BATCH_QUADS`` quads or
    ``BATCH_SECONDS``, the search
    index updated every ``REINDEX_DOCUMENTS`` documents and at the end); otherwise one ``put_document`` (one
    transaction, search index included) per document. Every ``progress_every`` documents a progress line."""
    triples = quads_in_batch = 0
    batch: list[DocumentGraph] = []
    unindexed: dict[str, str | None] = {}  # committed documents the search index lacks

    def reindex() -> None:
        if unindexed:
            store.search.documents_changed(store, unindexed)
            unindexed.clear()

    def commit() -> None:
        store.put_documents(batch, reindex=False, bulk=True)
        unindexed.update((graph.iri, graph.content_hash) for graph in batch)
        if len(unindexed) >= REINDEX_DOCUMENTS:
            reindex()

    began = window_began = opened = time.perf_counter()
    number = start
    while number < stop and not StopRequest.requested:
        world = math.isqrt(number // len(corpus))  # worlds grow as sqrt(k / B)
        iri, nquads, text = variant(corpus[number % len(corpus)], number, world)
        if not is_unchanged(store, iri, text):  # what a load checks first
            graph = DocumentGraph(iri, nquads.encode(), content_hash(text))  # N-Quads, as the workers send
            triples += len(graph)
            if not batched:
                store.put_document(iri, graph.parsed(), graph.content_hash, force=True)
            else:
                opened = opened if batch else time.perf_counter()
                batch.append(graph)
                quads_in_batch += len(graph)
                if (len(batch) >= BULK_BATCH_DOCUMENTS or quads_in_batch >= BULK_BATCH_QUADS
                        or time.perf_counter() - opened >= BATCH_SECONDS):
                    commit()
                    batch, quads_in_batch = [], 0
        number += 1
        if progress_every and (number - start) % progress_every == 0:
            now = time.perf_counter()
            overall = (number - start) / (now - began)
            print(f"{time.strftime('%H:%M:%S')} {number:,} documents: {progress_every / (now - window_began):.1f}/s "
                  f"over the last {progress_every:,}, {overall:.1f}/s since {start:,}; load average "
                  f"{os.getloadavg()[0]:.1f}; {size_label(stop)} in about {(stop - number) / overall / 60:.0f} min",
                  flush=True)
            window_began = now
    commit()
    reindex()
    store.flush()
    return time.perf_counter() - began, triples, number


def size_label(documents: int) -> str:
    return f"{documents // 1000}k" if documents % 1000 == 0 else str(documents)


def disk_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.parent.glob(path.name + "*") for f in
               ([f] if f.is_file() else f.rglob("*")) if f.is_file())


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {f"p{p}_ms": 1000 * ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] for p in (50, 95)}


def serve_and_measure(store_path: Path, pages: int, seed: int) -> dict:
    """Entity page and search latency from a real `harbour serve` on the store, one client."""
    from socket import socket

    with socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(BIN / "harbour"), "--store", str(store_path), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600  # the first start checks (and may rebuild) the search index
        while True:
            try:
                urllib.request.urlopen(url + "/api/classes", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"harbour serve did not start: {server.stderr.read().decode()[-2000:]}")
                time.sleep(0.3)
        # the most mentioned entities (the browse order) and a random sample of the rest
        popular = json.loads(urllib.request.urlopen(url + "/api/entities?limit=100", timeout=60).read())["items"]
        later = json.loads(urllib.request.urlopen(url + f"/api/entities?limit=100&offset={seed // 4}",
                                                  timeout=60).read())["items"]
        hits = popular + later
        random.Random(seed).shuffle(hits)
        names, iris = [hit["label"] for hit in hits], [hit["id"] for hit in hits]
        page_times, search_times = [], []
        for n in range(pages):
            path = urllib.parse.urlparse(iris[n % len(iris)]).path
            sent = time.perf_counter()
            urllib.request.urlopen(url + path, timeout=120).read()
            page_times.append(time.perf_counter() - sent)
            name = names[n % len(names)] or "東京"
            sent = time.perf_counter()
            urllib.request.urlopen(url + "/api/entities?q=" + urllib.parse.quote(name[:2]), timeout=60).read()
            search_times.append(time.perf_counter() - sent)
        return {"entity_page": percentiles(page_times), "search": percentiles(search_times),
                "server_rss_mb": rss_mb(server.pid), "pages": len(page_times)}
    finally:
        server.terminate()
        server.wait(timeout=30)


def remote_versus_local(corpus: list, count: int, scratch: Path) -> dict:
    """The write path into a real `oxigraph serve` over HTTP (``--store http://…``) vs the embedded store,
    the same ``count`` documents each, the search index local in both."""
    from socket import socket

    with socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(BIN / "oxigraph"), "serve", "--location", str(scratch / "oxigraph"),
                               "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        os.environ["HARBOUR_SEARCH_INDEX"] = str(scratch / "remote-search.sqlite")
        rates = {}
        for name, location in (("embedded", scratch / "embedded"), ("remote", url)):
            store = HarbourStore(location)
            store.ensure_ontology()
            seconds, triples, _ = grow(store, corpus, 0, count)
            rates[name] = {"documents_per_s": count / seconds, "triples_per_s": triples / seconds}
            del store
        rates["remote / embedded"] = rates["remote"]["documents_per_s"] / rates["embedded"]["documents_per_s"]
        return rates
    finally:
        os.environ.pop("HARBOUR_SEARCH_INDEX", None)  # the sizes' stores keep their index beside them
        server.terminate()
        server.wait(timeout=30)


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM): the loader's, since the base corpus is extracted in a child."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def earlier_run(output: Path, work_dir: Path | None, documents: int) -> tuple[dict[int, dict], list[dict]]:
    """The rows (for the sizes the store already holds) and the writing segments (each run's increments,
    partial ones too) of earlier runs on the same kept store."""
    if work_dir is None or not output.exists():
        return {}, []
    earlier = json.loads(output.read_text())
    if earlier.get("arguments", {}).get("work_dir") != str(work_dir):
        return {}, []
    segments = earlier.get("segments", [])
    if earlier.get("partial") and earlier["partial"] not in segments:  # a run stopped before segments existed
        segments.append(earlier["partial"])
    return {int(size): row for size, row in earlier["results"].items() if int(size) <= documents}, segments


GROWING = {  # figure: how it is read from a row
    "quads": lambda row: row["quads"],
    "entities": lambda row: row["entities"],
    "store_mb": lambda row: row["store_mb"],
    "increment_documents_per_s": lambda row: row.get("increment_documents_per_s"),
    "loader_peak_rss_mb": lambda row: row.get("loader_peak_rss_mb"),
    "entity_page_p50": lambda row: row["entity_page"]["p50_ms"],
    "entity_page_p95": lambda row: row["entity_page"]["p95_ms"],
    "search_p50": lambda row: row["search"]["p50_ms"],
    "search_p95": lambda row: row["search"]["p95_ms"],
    "server_rss_mb": lambda row: row["server_rss_mb"],
}


def ratios(later: dict, earlier: dict) -> dict[str, float]:
    pairs = ((name, read(later), read(earlier)) for name, read in GROWING.items())
    return {name: now / before for name, now, before in pairs if now and before}


def measure(store_path: Path, size: int, pages: int) -> dict:
    """Size, entity count, disk and the served figures of the store as it is now."""
    store = HarbourStore(store_path)
    total = len(store)
    entities = int(store.select("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?m itsrdf:taIdentRef ?e }")[0]["n"])
    del store  # releases the store for `harbour serve`
    load_before = os.getloadavg()[0]
    served = serve_and_measure(store_path, pages, size)
    return {"quads": total, "entities": entities, "store_mb": disk_size(store_path) / 2**20, **served,  # after serving
            "load_average_serving": [load_before, os.getloadavg()[0]]}


def write_increment(store_path: Path, corpus: list[BaseDocument], done: int, size: int,
                    progress_every: int, batched: bool) -> tuple[dict, int]:
    """Grow the store from ``done`` to ``size`` documents (or to where a stop request left it)."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()  # the code changes between the segments of a long build
    store = HarbourStore(store_path)
    store.ensure_ontology()
    load_before, started = os.getloadavg()[0], time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    seconds, triples, reached = grow(store, corpus, done, size, progress_every, batched)
    written = reached - done
    compacted = None
    if written and written >= COMPACT_SHARE * reached:  # what `harbour load` does after such a load
        began = time.perf_counter()
        store.optimize()
        compacted = time.perf_counter() - began
    del store
    rate = written / seconds if seconds else 0.0
    return {"increment_from": done, "increment_documents": written, "commit": commit,
            "write_path": "batched" if batched else "one transaction per document", "increment_seconds": seconds,
            "increment_documents_per_s": rate, "increment_triples_per_s": triples / seconds if seconds else 0.0,
            "loader_peak_rss_mb": peak_rss_mb(), "load_average_writing": [load_before, os.getloadavg()[0]],
            "store_mb_after_writing": disk_size(store_path) / 2**20,  # before RocksDB's compactions while serving
            "compacted_seconds": compacted,  # not counted in the write rate
            "writing_utc": [started, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())]}, reached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--remote-docs", type=int, default=0,
                        help="also write this many documents to a real `oxigraph serve` and to an embedded store")
    parser.add_argument("--base-docs", type=int, default=120)
    parser.add_argument("--sentences", type=int, default=4)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--one-by-one", action="store_true",
                        help="one put_document (transaction) per document, as loads wrote before batching")
    parser.add_argument("--progress", type=int, default=1000, help="print a progress line every N documents")
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="keep the store, search index and base corpus here; a later run resumes from them")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "growth_bench.json")
    args = parser.parse_args()
    if args.work_dir:
        args.work_dir = args.work_dir.resolve()
    StopRequest.install()

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="growth-bench-") as scratch:
        work = args.work_dir or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        corpus = base_corpus(args.base_docs, args.sentences, work)
        if args.remote_docs:
            with tempfile.TemporaryDirectory(prefix="growth-bench-remote-") as remote_scratch:
                remote = remote_versus_local(corpus, args.remote_docs, Path(remote_scratch))
            print(json.dumps({"write path, remote vs embedded": remote}), flush=True)
        if not args.sizes:
            return
        store_path = work / "store"
        store = HarbourStore(store_path)
        done = len(store.document_iris())
        del store
        results, segments = earlier_run(args.output, args.work_dir, done)
        if done:
            print(f"resuming: the store holds {done:,} documents; kept rows: {sorted(results)}", flush=True)
        partial = None
        for size in sorted(args.sizes):
            if size < done:
                continue
            row = dict(results.get(size, {}), documents=size)
            if size > done:
                increment, reached = write_increment(store_path, corpus, done, size, args.progress,
                                                     not args.one_by_one)
                segments.append({"documents": reached, "size": size, **increment})
                if reached < size:
                    segments[-1]["projected_seconds_to_size"] = (size - reached) / increment["increment_documents_per_s"]
                    partial = segments[-1]
                    print(json.dumps({"partial": partial}), flush=True)
                    break
                row.update(increment)
                done = size
            row.update(measure(store_path, size, args.pages))
            results[size] = row
            print(json.dumps(row), flush=True)
            if StopRequest.requested:
                break
    if not results:
        return
    load_after = os.getloadavg()[0]
    print(f"\nmachine: {os.cpu_count()} CPUs, load average before {load_before:.1f}, after {load_after:.1f}")
    print(f"{'documents':>9} {'quads':>10} {'entities':>8} {'docs/s':>7} {'store MB':>9} {'loader RSS':>10} "
          f"{'page p50':>8} {'page p95':>8} {'search p50':>10} {'server RSS':>10}")
    for size, row in sorted(results.items()):
        print(f"{size:>9} {row['quads']:>10} {row['entities']:>8} {row.get('increment_documents_per_s') or 0:>7.1f} "
              f"{row['store_mb']:>9.1f} {row.get('loader_peak_rss_mb') or 0:>10.0f} "
              f"{row['entity_page']['p50_ms']:>8.1f} {row['entity_page']['p95_ms']:>8.1f} "
              f"{row['search']['p50_ms']:>10.2f} {row['server_rss_mb']:>10.0f}")
    sizes = sorted(results)
    growth = {size: {"to_first": ratios(results[size], results[sizes[0]]),
                     "to_previous": ratios(results[size], results[earlier])}
              for earlier, size in zip(sizes, sizes[1:])}
    for size, ratio in growth.items():
        print(f"{size:>9} / previous: " + ", ".join(f"{k} {v:.2f}x" for k, v in ratio["to_previous"].items()))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"cpus": os.cpu_count(), "load_average_before": load_before,
                                       "load_average_after": load_after,
                                       "arguments": {k: str(v) for k, v in vars(args).items()},
                                       "results": results, "ratios": growth, "partial": partial,
                                       "segments": segments}, indent=2) + "\n")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
