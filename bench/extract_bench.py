"""Extraction throughput: Harbour's extractor vs the bare spaCy pipeline, and scaling with processes and Dask.

    .venv/bin/python bench/extract_bench.py [--docs 40] [--sentences 4] [--output bench/results/extract_bench.json]

Documents are pseudo-news of ``--sentences`` consecutive sentences of the NER development data
(tests/data/ner-wikipedia-ja, CC-BY-SA 3.0), not the sample article. In one run, on the same texts:

1. ``nlp.pipe`` of the bare model (``ja_ginza``, no Harbour components): the floor;
2. ``nlp.pipe`` of Harbour's pipeline (the model plus Harbour's components);
3. ``Extractor.extract`` + SHACL validation per document (what a worker does: text in, checked graph out);
4. ``load_documents`` into a fresh store (extraction, validation and the write path) with extraction in this
   process, in 2 spawned processes (``--jobs 2``), and on a Dask LocalCluster of 1 and 2 worker processes
   (``--dask local``). These are wall clock *including* start-up (spawning, loading the pipelines in each
   worker, starting the cluster), as a user sees it; the start-up is also timed alone (one document).

Ratios: Harbour / bare spaCy (documents/s), and each pool against extraction in this process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_bench import pseudo_documents  # noqa: E402

from harbour.extract import Extractor  # noqa: E402
from harbour.graph.documents import extract_checked, load_documents  # noqa: E402
from harbour.graph.executors import dask_pool  # noqa: E402
from harbour.graph.store import HarbourStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def timed(action) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--sentences", type=int, default=4)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "extract_bench.json")
    args = parser.parse_args()

    import spacy

    from harbour.extract.pipeline import MODELS, pipeline

    documents = pseudo_documents(args.docs, args.sentences, offset=700)  # sentences the tests and growth skip
    texts = [d.text for d in documents]
    characters = sum(len(t) for t in texts)
    load_before = os.getloadavg()[0]
    bare, harbour_nlp, extractor = spacy.load(MODELS["ja"][0]), pipeline("ja"), Extractor()
    for nlp in (bare, harbour_nlp):
        list(nlp.pipe(texts[:2]))  # warm-up
    extract_checked(extractor, documents[0])
    seconds = {
        "bare spaCy nlp.pipe (ja_ginza)": timed(lambda: list(bare.pipe(texts))),
        "Harbour pipeline nlp.pipe": timed(lambda: list(harbour_nlp.pipe(texts))),
        "Extractor.extract + SHACL, this process": timed(lambda: [extract_checked(extractor, d) for d in documents]),
    }
    pools = {"load, extraction in this process": dict(jobs=1),
             "load --jobs 2 (spawned processes)": dict(jobs=2),
             "load --dask local, 1 worker": dict(pool=dask_pool("local", workers=1)),
             "load --dask local, 2 workers": dict(pool=dask_pool("local", workers=2))}
    startup = {}
    with tempfile.TemporaryDirectory(prefix="extract-bench-") as scratch:
        for n, (name, options) in enumerate(pools.items()):
            for label, batch in (("startup", documents[:1]), ("run", documents)):
                store = HarbourStore(Path(scratch) / f"{n}-{label}")
                store.ensure_ontology()
                took = timed(lambda: load_documents(store, extractor, batch, **options))
                if label == "startup":
                    startup[name] = took
                else:
                    seconds[name] = took
                del store
    rates = {name: {"seconds": s, "documents_per_s": len(texts) / s, "characters_per_s": characters / s,
                    **({"startup_seconds": startup[name]} if name in startup else {})} for name, s in seconds.items()}
    base = rates["load, extraction in this process"]["documents_per_s"]
    ratios = {
        "Harbour extract+SHACL / bare nlp.pipe": rates["Extractor.extract + SHACL, this process"]["documents_per_s"]
        / rates["bare spaCy nlp.pipe (ja_ginza)"]["documents_per_s"],
        "Harbour pipeline / bare nlp.pipe": rates["Harbour pipeline nlp.pipe"]["documents_per_s"]
        / rates["bare spaCy nlp.pipe (ja_ginza)"]["documents_per_s"],
        **{f"{name} / in process": rates[name]["documents_per_s"] / base for name in list(pools)[1:]},
    }
    print(f"{len(texts)} documents, {characters} characters; {os.cpu_count()} CPUs, load average before "
          f"{load_before:.1f}, after {os.getloadavg()[0]:.1f}")
    for name, row in rates.items():
        extra = f"  (start-up, 1 document: {row['startup_seconds']:.1f} s)" if "startup_seconds" in row else ""
        print(f"{name:<42} {row['seconds']:>7.1f} s {row['documents_per_s']:>7.2f} docs/s "
              f"{row['characters_per_s']:>8.0f} chars/s{extra}")
    for name, value in ratios.items():
        print(f"{name:<60} {value:.2f}x")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"cpus": os.cpu_count(), "load_average_before": load_before,
                                       "documents": len(texts), "characters": characters, "results": rates,
                                       "ratios": ratios}, indent=2) + "\n")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
