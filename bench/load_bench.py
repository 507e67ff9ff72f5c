"""Bulk-load throughput: Harbour's write path vs pyoxigraph's own ``Store.bulk_load``, and scaling with --jobs.

    .venv/bin/python bench/load_bench.py [--docs 120] [--copies 5] [--sentences 10] [--scaling-docs 40]

Documents are pseudo-news made of consecutive sentences of the NER development data copied into the
repository (tests/data/ner-wikipedia-ja, CC-BY-SA 3.0), not the sample article. Everything is measured
in the same run on the same machine:

1. extraction of ``--docs`` documents once (not part of the write path);
2. the write path alone, new documents: each extracted graph (``--copies`` copies under other ids, so
   the store grows to a realistic size) goes through ``load_documents`` from a pool that hands back the
   graphs as N-Quads bytes, as the extraction workers do: the unchanged check, the batching writer
   (``HarbourStore.put_documents``: one store transaction and one search-index transaction per batch), the
   final flush. So it times the product's writer, not a copy of it;
3. the same for replaced documents: every document gets another document's graph under its id;
4. references on the same quads: pyoxigraph ``Store.bulk_load`` of an N-Quads file (no transactions, the
   fastest way in), ``Store.extend`` per document (one transaction each, quads already built) and
   ``Store.load`` of the N-Quads of 32 documents at a time (one transaction each, as the write path's
   batches), ``Store.bulk_extend`` of 32 documents at a time (no transaction), and the write path before
   batching (``put_document`` per document) on new documents;
5. scaling: ``harbour load docs.jsonl --jobs N`` on ``--scaling-docs`` other documents with N = 1 and 2,
   wall clock of the whole command (start-up and pipeline loading included, as a user sees it).

The write path runs once more with the entity search index's per-document update switched off, to show
what the index costs on its own (it is part of the product's write path; the first row is the real one).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from harbour.extract import Extraction, Extractor, TextDocument
from harbour.graph.documents import BATCH_DOCUMENTS, is_unchanged, load_documents
from harbour.graph.identity import document_iri
from harbour.graph.remote import replacing_update
from harbour.graph.store import HarbourStore
from harbour.graph.terms import quads
from harbour.ontology import HB

ROOT = Path(__file__).resolve().parent.parent
NER = ROOT / "tests" / "data" / "ner-wikipedia-ja" / "dev.json"


def pseudo_documents(count: int, sentences: int, offset: int = 0) -> list[TextDocument]:
    records = json.loads(NER.read_text(encoding="utf-8"))
    needed = (offset + count) * sentences
    if needed > len(records):
        sys.exit(f"only {len(records)} sentences: lower --docs, --scaling-docs or --sentences")
    return [TextDocument(f"bench/{offset + n:05d}", "".join(r["text"] for r in records[start:start + sentences]))
            for n, start in enumerate(range(offset * sentences, needed, sentences))]


def renamed(extraction: Extraction, base: str, doc_id: str) -> Extraction:
    """The same graph under another document id (every IRI minted from the old id moves with it)."""
    old, new = extraction.iri, document_iri(base, doc_id)

    def move(term):
        if isinstance(term, URIRef) and str(term).startswith(old):
            return URIRef(new + str(term)[len(old):])
        if isinstance(term, Literal) and term.datatype is None and term.language is None and str(term) == \
                extraction.doc_id:
            return Literal(doc_id)
        return term

    triples = [(move(s), p, move(o)) if p != HB.documentId else (move(s), p, Literal(doc_id))
               for s, p, o in extraction.triples]
    return Extraction(new, doc_id, extraction.content_hash, extraction.lang, triples)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


class _NoSearchIndex:
    """Stands in for the search index to time the store's part of the write path alone."""

    def documents_changed(self, store: HarbourStore, hashes: dict) -> None:
        pass

    def invalidate(self) -> None:
        pass


def serialized(graph: Extraction) -> bytes:
    """A graph as an extraction worker sends it back: N-Quads bytes."""
    output = io.BytesIO()
    ox.serialize(quads(graph.triples, graph.iri), output, format=ox.RdfFormat.N_QUADS)
    return output.getvalue()


class _ExtractedPool:
    """An extraction pool (the interface load_documents takes) whose documents are already extracted."""

    def __init__(self, results: dict[str, tuple[str, str, bytes]]) -> None:
        self.results = results

    def __enter__(self) -> "_ExtractedPool":
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def map_unordered(self, documents):
        for document in documents:
            yield document, self.results[document.doc_id]


def write_path(store: HarbourStore, extractor: Extractor, graphs: list[Extraction], exclusive: bool = True) -> float:
    """``load_documents`` on already extracted documents: the unchanged check, the batching writer, the flush.
    (The texts never match the stored hash, so every document is written, as new or changed text would be.)
    ``exclusive``: as ``harbour load`` writes (it holds the store alone: journalled bulk writes of new documents);
    without it, as a server writes while it answers queries (one transaction per batch)."""
    results = {g.doc_id: (g.iri, g.content_hash, serialized(g)) for g in graphs}
    texts = [TextDocument(g.doc_id, "\0never the same text\0") for g in graphs]
    return timed(lambda: load_documents(store, extractor, texts, pool=lambda base, validate: _ExtractedPool(results),
                                        exclusive=exclusive))


def write_path_per_document(store: HarbourStore, graphs: list[Extraction]) -> float:
    """The write path before batching: the unchanged check and ``put_document`` (one transaction and one
    search-index update) per document."""
    def run() -> None:
        for g in graphs:
            if not is_unchanged(store, g.iri, "\0never the same text\0"):
                store.put_document(g.iri, g.triples, g.content_hash, force=True)
        store.flush()
    return timed(run)


def nquads_file(graphs: list[Extraction], path: Path) -> int:
    all_quads = [q for g in graphs for q in quads(g.triples, g.iri)]
    with path.open("wb") as output:
        ox.serialize(all_quads, output, format=ox.RdfFormat.N_QUADS)
    return len(all_quads)


def bulk_load(path: Path, location: Path) -> float:
    store = ox.Store(str(location))
    return timed(lambda: (store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS), store.flush()))


def extend_per_document(graphs: list[Extraction], location: Path) -> float:
    prepared = [list(quads(g.triples, g.iri)) for g in graphs]
    store = ox.Store(str(location))
    return timed(lambda: ([store.extend(q) for q in prepared], store.flush()))


def bulk_extend_per_batch(graphs: list[Extraction], location: Path) -> float:
    """Oxigraph's bulk loader (SST files ingested, no transaction: not documented as atomic, and it cannot delete
    a replaced graph) fed 32 documents a call: what giving up transactions would buy at the batch size."""
    prepared = [[q for g in graphs[n:n + BATCH_DOCUMENTS] for q in quads(g.triples, g.iri)]
                for n in range(0, len(graphs), BATCH_DOCUMENTS)]
    store = ox.Store(str(location))
    return timed(lambda: ([store.bulk_extend(b) for b in prepared], store.flush()))


def load_per_batch(graphs: list[Extraction], location: Path) -> float:
    prepared = [b"".join(serialized(g) for g in graphs[n:n + BATCH_DOCUMENTS])
                for n in range(0, len(graphs), BATCH_DOCUMENTS)]
    store = ox.Store(str(location))
    return timed(lambda: ([store.load(b, format=ox.RdfFormat.N_QUADS) for b in prepared], store.flush()))


WRITE_NEW = "harbour write path, new documents"
SHARED_NEW = "  same, store shared with readers: new"
WRITE_REPLACED = "harbour write path, replaced documents"
UNBATCHED = "  before batching (put_document each): new"
NO_INDEX_NEW = "  same, search index update off: new"
NO_INDEX_REPLACED = "  same, search index update off: replaced"
BULK_NEW = "pyoxigraph bulk_load (new.nq)"
BULK_REPLACEMENT = "pyoxigraph bulk_load (replacement.nq)"
EXTEND = "pyoxigraph extend, one transaction per document"
LOAD_BATCHES = f"pyoxigraph load, {BATCH_DOCUMENTS} documents per transaction"
BULK_EXTEND_BATCHES = f"pyoxigraph bulk_extend, {BATCH_DOCUMENTS} documents per call"


#: The ratios printed (of triples/s, numerator and denominator measured in the same round).
RATIOS = {
    "write path (new) / bulk_load": (WRITE_NEW, BULK_NEW),
    "write path, store shared with readers (new) / bulk_load": (SHARED_NEW, BULK_NEW),
    "write path (replaced) / bulk_load": (WRITE_REPLACED, BULK_REPLACEMENT),
    "write path (new) / extend per document": (WRITE_NEW, EXTEND),
    "write path (new) / load per batch": (WRITE_NEW, LOAD_BATCHES),
    "write path (new) / before batching": (WRITE_NEW, UNBATCHED),
    "load per batch / bulk_load": (LOAD_BATCHES, BULK_NEW),
    "extend per document / bulk_load": (EXTEND, BULK_NEW),
    "bulk_extend per 32 documents / bulk_load": (BULK_EXTEND_BATCHES, BULK_NEW),
    "write path (new), search index off / bulk_load": (NO_INDEX_NEW, BULK_NEW),
    "write path (replaced), search index off / bulk_load": (NO_INDEX_REPLACED, BULK_REPLACEMENT),
}


def one_round(folder: Path, extractor: Extractor, new: list[Extraction], replacement: list[Extraction],
              number: int) -> dict[str, float]:
    """Every variant once, each into a fresh store under ``folder``, starting at a different one each round so
    that a swing of the machine's load does not always hit the same one; seconds by variant."""
    seconds: dict[str, float] = {}

    def harbour(with_index: bool, new_name: str, replaced_name: str) -> None:
        store = HarbourStore(folder / new_name.strip().replace(" ", "-"))
        store.ensure_ontology()
        if not with_index:
            store.search = _NoSearchIndex()  # type: ignore[assignment]
        seconds[new_name] = write_path(store, extractor, new)
        seconds[replaced_name] = write_path(store, extractor, replacement)

    def shared() -> None:
        store = HarbourStore(folder / "shared")
        store.ensure_ontology()
        seconds[SHARED_NEW] = write_path(store, extractor, new, exclusive=False)

    def unbatched() -> None:
        store = HarbourStore(folder / "per-document")
        store.ensure_ontology()
        seconds[UNBATCHED] = write_path_per_document(store, new)

    variants = [lambda: harbour(True, WRITE_NEW, WRITE_REPLACED), shared, unbatched,
                lambda: harbour(False, NO_INDEX_NEW, NO_INDEX_REPLACED),
                lambda: seconds.__setitem__(BULK_NEW, bulk_load(folder.parent / "new.nq", folder / "bulk-new")),
                lambda: seconds.__setitem__(BULK_REPLACEMENT, bulk_load(folder.parent / "replacement.nq",
                                                                        folder / "bulk-replacement")),
                lambda: seconds.__setitem__(EXTEND, extend_per_document(new, folder / "extend")),
                lambda: seconds.__setitem__(LOAD_BATCHES, load_per_batch(new, folder / "load-batches")),
                lambda: seconds.__setitem__(BULK_EXTEND_BATCHES, bulk_extend_per_batch(new, folder / "bulk-extend"))]
    folder.mkdir()
    for variant in variants[number % len(variants):] + variants[:number % len(variants)]:
        variant()
    shutil.rmtree(folder, ignore_errors=True)
    return {name: seconds[name] for name in (WRITE_NEW, WRITE_REPLACED, SHARED_NEW, UNBATCHED, NO_INDEX_NEW,
                                             NO_INDEX_REPLACED,
                                             BULK_NEW, BULK_REPLACEMENT, EXTEND, LOAD_BATCHES, BULK_EXTEND_BATCHES)}


def mixed_batches(folder: Path, new: list[Extraction], replacement: list[Extraction], rounds: int,
                  ) -> dict[str, dict[str, float]]:
    """Batches of 32 documents mixing new and replaced ones, on a store holding the first half of ``new``: what
    ``put_documents`` does (one SPARQL update for the whole batch, so the batch is atomic) against an update for
    the replaced documents plus ``Store.load`` for the new ones (two transactions: each document atomic, the
    batch not). Triples/s of each, in alternating turns; ``--mixed``."""
    half = len(new) // 2
    stored, fresh = new[:half], new[half:]
    speeds: dict[str, list[float]] = {}
    for number in range(rounds):
        for share in (0.125, 0.5):
            replaced_count = round(BATCH_DOCUMENTS * share)
            batches, r, f = [], 0, 0
            while f < len(fresh) and r < len(stored):
                batches.append([(g.iri, serialized(g), True) for g in replacement[r:r + replaced_count]]
                               + [(g.iri, serialized(g), False) for g in fresh[f:f + BATCH_DOCUMENTS - replaced_count]])
                r, f = r + replaced_count, f + BATCH_DOCUMENTS - replaced_count
            modes = ["one update", "update + load"]
            for mode in modes if number % 2 == 0 else modes[::-1]:
                store = ox.Store(str(folder / f"mixed-{number}-{share}-{mode.replace(' ', '')}"))
                store.bulk_load(b"".join(serialized(g) for g in stored), format=ox.RdfFormat.N_QUADS)
                quad_count = sum(nquads.count(b"\n") for batch in batches for _, nquads, _ in batch)

                def write(batches=batches, store=store, mode=mode) -> None:
                    for batch in batches:
                        replaced = [(iri, nquads) for iri, nquads, is_replaced in batch if is_replaced]
                        if mode == "one update":
                            store.update(replacing_update([(iri, nquads) for iri, nquads, _ in batch],
                                                          [iri for iri, _ in replaced]))
                            continue
                        if replaced:
                            store.update(replacing_update(replaced, [iri for iri, _ in replaced]))
                        store.load(b"".join(nquads for _, nquads, is_replaced in batch if not is_replaced),
                                   format=ox.RdfFormat.N_QUADS)
                    store.flush()
                speeds.setdefault(f"{share:.0%} replaced: {mode}", []).append(quad_count / timed(write))
                del store
    return {name: {"median": sorted(v)[len(v) // 2], "min": min(v), "max": max(v)} for name, v in speeds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=120, help="documents extracted for the write-path runs")
    parser.add_argument("--copies", type=int, default=5, help="copies of each graph under other ids")
    parser.add_argument("--sentences", type=int, default=10, help="sentences per pseudo-document")
    parser.add_argument("--scaling-docs", type=int, default=80, help="documents for the --jobs 1/2 runs")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the write-path measurements")
    parser.add_argument("--mixed", action="store_true", help="also batches mixing new and replaced documents")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "load_bench.json")
    args = parser.parse_args()

    extractor = Extractor()
    documents = pseudo_documents(args.docs, args.sentences)
    extractor.extract(TextDocument("warm-up", documents[0].text))  # load the pipeline outside the timings
    started = time.perf_counter()
    extractions = [extractor.extract(d) for d in documents]
    extraction_seconds = time.perf_counter() - started

    new = [renamed(e, extractor.base, f"{e.doc_id}/copy-{c}") for c in range(args.copies) for e in extractions]
    # Replacement: each document id receives the graph of the next document.
    replacement = [renamed(new[(n + 1) % len(new)], extractor.base, g.doc_id) for n, g in enumerate(new)]
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="harbour-load-bench-") as folder:
        tmp = Path(folder)
        new_quads = nquads_file(new, tmp / "new.nq")
        replacement_quads = nquads_file(replacement, tmp / "replacement.nq")
        sizes = {"new": (len(new), new_quads), "replaced": (len(new), replacement_quads)}
        rounds: list[dict[str, float]] = []
        for number in range(args.rounds):
            rounds.append(one_round(tmp / f"round-{number}", extractor, new, replacement, number))
            print(f"round {number + 1}/{args.rounds} done, load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
        mixed = mixed_batches(tmp, new, replacement, args.rounds) if args.mixed else {}

        def speed(name: str, number: int) -> float:
            return sizes["replaced" if "replace" in name else "new"][1] / rounds[number][name]

        for name in rounds[0]:
            docs, triples = sizes["replaced" if "replace" in name else "new"]
            seconds = sorted(r[name] for r in rounds)
            results[name] = {"seconds": seconds[len(seconds) // 2], "seconds_each_round": [r[name] for r in rounds],
                             "documents_per_s": docs / seconds[len(seconds) // 2],
                             "triples_per_s": triples / seconds[len(seconds) // 2],
                             "triples_per_s_range": [triples / seconds[-1], triples / seconds[0]]}

        scaling_docs = pseudo_documents(args.scaling_docs, args.sentences, offset=args.docs)
        batch = tmp / "scaling.jsonl"
        batch.write_text("".join(json.dumps({"id": d.doc_id, "text": d.text}, ensure_ascii=False) + "\n"
                                 for d in scaling_docs), encoding="utf-8")
        harbour = str(Path(sys.executable).with_name("harbour"))
        for jobs in (1, 2) if scaling_docs else ():  # --scaling-docs 0: the write path only
            command = [harbour, "--store", str(tmp / f"jobs-{jobs}"), "load", str(batch), "--jobs", str(jobs)]
            started = time.perf_counter()
            finished = subprocess.run(command, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            if finished.returncode != 0:
                sys.exit(f"{' '.join(command)} failed:\n{finished.stderr}")
            triples = HarbourStore(tmp / f"jobs-{jobs}").select(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/harbour/ns>) }"
            )[0]["n"]
            results[f"harbour load with extraction, --jobs {jobs}"] = {
                "seconds": seconds, "documents_per_s": len(scaling_docs) / seconds,
                "triples_per_s": int(triples) / seconds}

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end, "
          f"Python {platform.python_version()}, pyoxigraph {ox.__version__}")
    print(f"documents: {args.docs} pseudo-documents of {args.sentences} NER sentences "
          f"({sum(len(d.text) for d in documents) / len(documents):.0f} characters, "
          f"{new_quads / len(new):.0f} triples each), x{args.copies} copies = {len(new)} documents, "
          f"{new_quads} triples")
    print(f"extraction (not in the write path): {len(documents) / extraction_seconds:.1f} documents/s\n")
    print(f"{args.rounds} rounds, each variant once a round in a rotating order; the median round, and the range\n")
    print(f"{'':52} {'seconds':>8} {'docs/s':>9} {'triples/s':>10}  triples/s range")
    for name, row in results.items():
        spread = "-".join(f"{v:.0f}" for v in row.get("triples_per_s_range", []))
        print(f"{name:52} {row['seconds']:8.2f} {row['documents_per_s']:9.1f} {row['triples_per_s']:10.0f}  {spread}")
    ratios: dict[str, dict[str, float]] = {}
    for label, (numerator, denominator) in RATIOS.items():
        each = sorted(speed(numerator, number) / speed(denominator, number) for number in range(len(rounds)))
        ratios[label] = {"median": each[len(each) // 2], "min": each[0], "max": each[-1]}
    if args.scaling_docs:
        ratio = (results["harbour load with extraction, --jobs 2"]["documents_per_s"]
                 / results["harbour load with extraction, --jobs 1"]["documents_per_s"])
        ratios["--jobs 2 / --jobs 1"] = {"median": ratio, "min": ratio, "max": ratio}
    if mixed:
        print(f"\n{'mixed batches of ' + str(BATCH_DOCUMENTS) + ' documents, triples/s':52} median  (range)")
        for name, row in mixed.items():
            print(f"{name:52} {row['median']:7.0f} ({row['min']:.0f}-{row['max']:.0f})")
    print(f"\n{'ratio of triples/s, in the same round':52} median  (range over rounds)")
    for name, ratio in ratios.items():
        print(f"{name:52} {ratio['median']:5.2f}x ({ratio['min']:.2f}-{ratio['max']:.2f})")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"load_average": os.getloadavg()[0], "arguments": {k: str(v) for k, v in vars(args).items()}, "results": results,
                                       "ratios": ratios, "mixed_batches": mixed}, indent=2), encoding="utf-8")
    print(f"\nwritten to {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")


if __name__ == "__main__":
    main()
