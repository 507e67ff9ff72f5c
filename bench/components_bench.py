"""What Harbour's extraction components cost: the bare spaCy model against the model plus Harbour's components,
on the same texts, in the same run, with each component's share.

    .venv/bin/python bench/components_bench.py [--docs 40] [--sentences 6] [--rounds 3]

Japanese texts: pseudo-documents of ``--sentences`` consecutive sentences of the NER development data
(tests/data/ner-wikipedia-ja, CC-BY-SA 3.0), plus the sample article; English texts: the English gold texts
(tests/gold/en-*.json), repeated to make a batch. Each pipeline runs ``--rounds`` times, interleaved, and the
fastest round counts (the machine's other work only ever slows a round down).

Printed: documents/s and characters/s of ``nlp.pipe`` for the bare model and for Harbour's pipeline, their ratio
(Harbour / bare; 1.0 means the components cost nothing), and the seconds spent in each component. bench/extract_bench.py
measures the rest of the path (SHACL validation, the store, process pools).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from load_bench import pseudo_documents  # noqa: E402


def component_seconds(nlp, texts: list[str]) -> dict[str, float]:
    """Seconds per component over ``texts``, running the pipeline one component at a time (as nlp.pipe does)."""
    began = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    seconds = {"tokenizer": time.perf_counter() - began}
    for name, proc in nlp.pipeline:
        began = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=64)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        seconds[name] = time.perf_counter() - began
    return seconds


def best_of(rounds: int, runs: dict[str, callable]) -> dict[str, float]:
    best = {name: float("inf") for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            began = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - began)
    return best


def measure(lang: str, texts: list[str], rounds: int) -> dict:
    import spacy

    from harbour.extract.pipeline import MODELS, build_pipeline

    bare, harbour = spacy.load(MODELS[lang][0]), build_pipeline(lang)
    runs = {"bare": lambda: list(bare.pipe(texts, batch_size=64)),
            "harbour": lambda: list(harbour.pipe(texts, batch_size=64))}
    stock_ruler = None
    if "attribute_ruler" in bare.pipe_names:  # the same pipeline with the model's own attribute_ruler, for comparison
        stock_ruler = build_pipeline(lang, indexed_attribute_ruler=False)
        runs["harbour_stock_attribute_ruler"] = lambda: list(stock_ruler.pipe(texts, batch_size=64))
    for nlp in (bare, harbour, stock_ruler):
        if nlp is not None:
            list(nlp.pipe(texts[:3]))  # warm-up
    seconds = best_of(rounds, runs)
    characters = sum(len(t) for t in texts)
    shares = component_seconds(harbour, texts)
    own = {k: v for k, v in shares.items() if k.startswith("harbour_")}
    return {"model": MODELS[lang][0], "documents": len(texts), "characters": characters,
            "bare": {"seconds": seconds["bare"], "documents_per_s": len(texts) / seconds["bare"],
                     "characters_per_s": characters / seconds["bare"]},
            "harbour": {"seconds": seconds["harbour"], "documents_per_s": len(texts) / seconds["harbour"],
                        "characters_per_s": characters / seconds["harbour"]},
            "ratio": seconds["bare"] / seconds["harbour"],
            "ratio_with_stock_attribute_ruler": (seconds["bare"] / seconds["harbour_stock_attribute_ruler"]
                                                 if stock_ruler is not None else None),
            "component_seconds": shares, "harbour_components_share": sum(own.values()) / sum(shares.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--sentences", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "components_bench.json")
    args = parser.parse_args()

    sample = (ROOT / "samples" / "cyberport-ai-2024-11-22.ja.txt").read_text(encoding="utf-8")
    ja = [d.text for d in pseudo_documents(args.docs, args.sentences, offset=300)] + [sample]
    en_gold = [json.loads(p.read_text(encoding="utf-8"))["text"]
               for p in sorted((ROOT / "tests" / "gold").glob("en-*.json"))]
    en = (en_gold * (args.docs // max(1, len(en_gold)) + 1))[:args.docs]
    load_before = os.getloadavg()[0]
    results = {"ja": measure("ja", ja, args.rounds), "en": measure("en", en, args.rounds)}
    print(f"{os.cpu_count()} CPUs, load average before {load_before:.1f}, after {os.getloadavg()[0]:.1f}; "
          f"best of {args.rounds} interleaved rounds")
    for lang, r in results.items():
        print(f"[{lang}] {r['documents']} documents, {r['characters']} characters ({r['model']})")
        for name in ("bare", "harbour"):
            row = r[name]
            print(f"  {name + ' nlp.pipe':<18} {row['seconds']:7.2f} s {row['documents_per_s']:8.2f} docs/s "
                  f"{row['characters_per_s']:9.0f} chars/s")
        print(f"  ratio Harbour / bare: {r['ratio']:.2f}x   (Harbour's components: "
              f"{100 * r['harbour_components_share']:.0f}% of pipeline time)")
        if r["ratio_with_stock_attribute_ruler"] is not None:
            print(f"  ratio with the model's own attribute_ruler instead of harbour_attribute_ruler: "
                  f"{r['ratio_with_stock_attribute_ruler']:.2f}x")
        print("  per component: " + ", ".join(f"{k} {v:.2f}s" for k, v in r["component_seconds"].items()))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"cpus": os.cpu_count(), "load_average_before": load_before,
                                       "rounds": args.rounds, **results}, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
