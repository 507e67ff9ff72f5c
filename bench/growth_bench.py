"""Growth: how load time, store size, memory and entity-page latency change from 1k to 10k (to 100k) documents.

    .venv/bin/python bench/growth_bench.py [--sizes 1000 10000] [--base-docs 120] [--sentences 4]
                                           [--pages 200] [--output bench/results/growth_bench.json]

The corpus is synthetic but made of real extractions. ``--base-docs`` pseudo-news documents of ``--sentences``
consecutive sentences of the NER development data (tests/data/ner-wikipedia-ja, CC-BY-SA 3.0; not the sample
article) are extracted once by the real pipeline. Document ``k`` of the corpus is base document ``k mod B``
under its own id, with its entities moved into one of ``W = ceil(sqrt(k / B + 1))`` "worlds" (each world has
its own entity IRIs): entity counts then grow with the square root of the corpus, as the vocabulary of a
news corpus does (Heaps' law), while mentions per popular entity grow too. Every document is written by the
product's write path (unchanged check, ``HarbourStore.put_document``: one transaction and the search-index
update per document), the sizes nested: the store grows from one size to the next.

At each size: documents/s and triples/s of the increment, size on disk (store and search index), this
process's peak RSS, and `harbour serve` on the store: p50/p95 of ``--pages`` entity pages (HTML, the most
mentioned entities and random ones) and of ``/api/entities?q=`` searches, with the server's RSS afterwards.
Ratios are each figure over the first size's.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import re
import resource
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

from harbour.extract import Extractor  # noqa: E402
from harbour.extract.rdf import content_hash  # noqa: E402
from harbour.graph.documents import is_unchanged  # noqa: E402
from harbour.graph.store import HarbourStore  # noqa: E402
from harbour.graph.terms import quads  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
_ENTITY = re.compile(r"(/entity/[A-Za-z-]+/)([0-9a-f]+)>")


def base_corpus(count: int, sentences: int) -> list[tuple[str, str, str, str]]:
    """(document IRI, document id, text, N-Quads) of ``count`` real extractions."""
    extractor = Extractor()
    corpus = []
    for document in pseudo_documents(count, sentences, offset=200):  # sentences the tests do not use
        extraction = extractor.extract(document)
        output = io.BytesIO()
        ox.serialize(quads(extraction.triples, extraction.iri), output, format=ox.RdfFormat.N_QUADS)
        corpus.append((extraction.iri, document.doc_id, document.text, output.getvalue().decode()))
    return corpus


def variant(base: tuple[str, str, str, str], number: int, world: int) -> tuple[str, str, str]:
    """Document ``number`` of the corpus: the base graph under its own id, entities moved to ``world``."""
    iri, doc_id, text, nquads = base
    new_id = f"growth/{number:06d}"
    new_iri = iri[: -len(doc_id)] + new_id
    moved = nquads.replace(f"<{iri}>", f"<{new_iri}>").replace(f"<{iri}#", f"<{new_iri}#")
    moved = moved.replace(f'"{doc_id}"', f'"{new_id}"')
    if world:
        moved = _ENTITY.sub(lambda m: f"{m.group(1)}{m.group(2)}w{world}>", moved)
    return new_iri, moved, f"{text}\n({number})"  # a distinct text (and content hash) per document


def grow(store: HarbourStore, corpus: list, start: int, stop: int) -> tuple[float, int]:
    """Write documents ``start``..``stop``; seconds and triples written."""
    triples = 0
    began = time.perf_counter()
    for number in range(start, stop):
        world = math.isqrt(number // len(corpus))  # worlds grow as sqrt(k / B)
        iri, nquads, text = variant(corpus[number % len(corpus)], number, world)
        if is_unchanged(store, iri, text):  # what a load checks first
            continue
        items = list(ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS))
        store.put_document(iri, items, content_hash(text), force=True)
        triples += len(items)
    store.flush()
    return time.perf_counter() - began, triples


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
            seconds, triples = grow(store, corpus, 0, count)
            rates[name] = {"documents_per_s": count / seconds, "triples_per_s": triples / seconds}
            del store
        rates["remote / embedded"] = rates["remote"]["documents_per_s"] / rates["embedded"]["documents_per_s"]
        return rates
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--remote-docs", type=int, default=0,
                        help="also write this many documents to a real `oxigraph serve` and to an embedded store")
    parser.add_argument("--base-docs", type=int, default=120)
    parser.add_argument("--sentences", type=int, default=4)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--keep", type=Path, default=None, help="build the store here and keep it")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "growth_bench.json")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    began = time.perf_counter()
    corpus = base_corpus(args.base_docs, args.sentences)
    print(f"extracted {len(corpus)} base documents in {time.perf_counter() - began:.0f} s", flush=True)
    results: dict[int, dict] = {}
    remote: dict = {}
    if args.remote_docs:
        with tempfile.TemporaryDirectory(prefix="growth-bench-remote-") as scratch:
            remote = remote_versus_local(corpus, args.remote_docs, Path(scratch))
        print(json.dumps({"write path, remote vs embedded": remote}), flush=True)
    if not args.sizes:
        return
    with tempfile.TemporaryDirectory(prefix="growth-bench-") as scratch:
        store_path = args.keep or Path(scratch) / "store"
        done = 0
        for size in sorted(args.sizes):
            store = HarbourStore(store_path)
            store.ensure_ontology()
            seconds, triples = grow(store, corpus, done, size)
            total = len(store)
            entities = int(store.select("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?m itsrdf:taIdentRef ?e }"
                                        )[0]["n"])
            del store  # releases the store for `harbour serve`
            row = {"documents": size, "quads": total, "entities": entities,
                   "increment_documents_per_s": (size - done) / seconds,
                   "increment_triples_per_s": triples / seconds,
                   "store_mb": disk_size(store_path) / 2**20,
                   "loader_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                   **serve_and_measure(store_path, args.pages, size)}
            results[size] = row
            done = size
            print(json.dumps(row), flush=True)
    first = results[min(results)]
    print(f"\nmachine: {os.cpu_count()} CPUs, load average before {load_before:.1f}, after {os.getloadavg()[0]:.1f}")
    header = f"{'documents':>9} {'quads':>10} {'entities':>8} {'docs/s':>7} {'store MB':>9} {'loader RSS':>10} " \
             f"{'page p50':>8} {'page p95':>8} {'search p50':>10} {'server RSS':>10}"
    print(header)
    for size, row in results.items():
        print(f"{size:>9} {row['quads']:>10} {row['entities']:>8} {row['increment_documents_per_s']:>7.1f} "
              f"{row['store_mb']:>9.1f} {row['loader_peak_rss_mb']:>10.0f} {row['entity_page']['p50_ms']:>8.1f} "
              f"{row['entity_page']['p95_ms']:>8.1f} {row['search']['p50_ms']:>10.2f} {row['server_rss_mb']:>10.0f}")
    ratios = {size: {"documents": size / first["documents"], "quads": row["quads"] / first["quads"],
                     "store_mb": row["store_mb"] / first["store_mb"],
                     "docs_per_s": row["increment_documents_per_s"] / first["increment_documents_per_s"],
                     "page_p50": row["entity_page"]["p50_ms"] / first["entity_page"]["p50_ms"],
                     "search_p50": row["search"]["p50_ms"] / first["search"]["p50_ms"]}
              for size, row in results.items()}
    for size, ratio in ratios.items():
        print(f"{size:>9} ratios to {first['documents']}: " + ", ".join(f"{k} {v:.2f}x" for k, v in ratio.items()))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"cpus": os.cpu_count(), "load_average_before": load_before,
                                       "arguments": {k: str(v) for k, v in vars(args).items()},
                                       "results": results, "ratios": ratios}, indent=2) + "\n")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
