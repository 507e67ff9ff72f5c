"""A Japanese sentence of thousands of characters without 。: Harbour's pipeline with ``harbour_bunsetsu`` against
the same pipeline with GiNZA's own ``bunsetu_recognizer``, on the same text, in the same process.

    .venv/bin/python bench/long_sentence_bench.py [--sizes 1000,2000,4000] [--rounds 1]

Texts: the invented enumeration of guests of tests/test_long_sentences.py (``run_on``), one sentence of at least
each size in characters. Each size runs ``--rounds`` times through each pipeline (the pipeline and the triples, as
a worker does), alternating, and the fastest round counts. Printed per size: characters, tokens, seconds with
GiNZA's recogniser and with Harbour's, their ratio, and the default time limit (``extraction_limit(30, chars)``).
Written to bench/results/long_sentence_bench.json. GiNZA's at 4,000 characters takes a minute or two.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.test_long_sentences import nquads, run_on, stock_pipeline  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,4000", help="minimum characters of each sentence")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()

    from harbour.extract.pipeline import pipeline
    from harbour.graph.extraction_workers import extraction_limit

    pipelines = {"ginza": stock_pipeline(), "harbour": pipeline("ja")}
    for nlp in pipelines.values():
        nquads(nlp, run_on(300), "warm-up")
    rows = []
    print(f"{'chars':>6} {'tokens':>6} {'GiNZA s':>8} {'Harbour s':>9} {'ratio':>6} {'limit s':>7}")
    for size in (int(size) for size in args.sizes.split(",")):
        text = run_on(size)
        best = {name: float("inf") for name in pipelines}
        for _ in range(args.rounds):
            for name, nlp in pipelines.items():
                began = time.perf_counter()
                nquads(nlp, text, f"run-on-{size}")
                best[name] = min(best[name], time.perf_counter() - began)
        row = {"characters": len(text), "tokens": len(pipelines["harbour"].tokenizer(text)),
               "ginza_s": round(best["ginza"], 2), "harbour_s": round(best["harbour"], 2),
               "ratio": round(best["ginza"] / best["harbour"], 1), "limit_s": extraction_limit(30, len(text))}
        rows.append(row)
        print(f"{row['characters']:>6,} {row['tokens']:>6,} {row['ginza_s']:>8.2f} {row['harbour_s']:>9.2f} "
              f"{row['ratio']:>5.1f}× {row['limit_s']:>7.1f}")
    out = ROOT / "bench" / "results" / "long_sentence_bench.json"
    out.write_text(json.dumps({"date": datetime.date.today().isoformat(), "rounds": args.rounds, "rows": rows},
                              indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
