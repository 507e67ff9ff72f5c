"""Extraction time per 1,000 characters of Japanese documents, short and long (cut into pieces by
``extract/long_text.py``), against the time limit of each.

    .venv/bin/python bench/long_text_bench.py [--sizes 3000,15000,60000,120000] [--rounds 3]

Texts: the invented news paragraphs of tests/test_long_documents.py, composed to at least each size in bytes of
UTF-8 (Sudachi takes at most 49,149: above 40,000 the text is cut). Each size runs ``--rounds`` times through
``Extractor.extract`` (the pipeline and the triples, as a worker does), interleaved with the others, and the
fastest round counts. Printed per size: characters, pieces, seconds, seconds per 1,000 characters, its ratio to the
smallest size's, the default time limit (``extraction_limit(30, characters)``) and the headroom (limit / seconds).
Also the tokenizer alone on the longest text: the wrapper against the model's tokenizer on the same pieces, which
is what cutting and joining cost.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.test_long_documents import compose  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3000,15000,60000,120000", help="minimum bytes of each text")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from harbour.extract import Extractor, TextDocument
    from harbour.extract.long_text import piece_bounds
    from harbour.extract.pipeline import pipeline
    from harbour.graph.extraction_workers import extraction_limit

    texts = [compose(int(size)) for size in args.sizes.split(",")]
    extractor = Extractor()
    extractor.extract(TextDocument("warm-up", compose(2_000)))
    best = [float("inf")] * len(texts)
    for _ in range(args.rounds):
        for index, text in enumerate(texts):
            began = time.perf_counter()
            extractor.extract(TextDocument(f"doc-{index}", text))
            best[index] = min(best[index], time.perf_counter() - began)

    tokenizer = pipeline("ja").tokenizer
    per_thousand = [seconds / len(text) * 1_000 for seconds, text in zip(best, texts)]
    print(f"{'bytes':>8} {'chars':>7} {'pieces':>6} {'seconds':>8} {'s/1k chars':>10} {'ratio':>6} {'limit s':>8} "
          f"{'headroom':>8}")
    for text, seconds, rate in zip(texts, best, per_thousand):
        pieces = len(list(piece_bounds(text, tokenizer.max_bytes, tokenizer.tokenizer)))
        limit = extraction_limit(30, len(text))
        print(f"{len(text.encode()):>8,} {len(text):>7,} {pieces:>6} {seconds:>8.2f} {rate:>10.3f} "
              f"{rate / per_thousand[0]:>6.2f} {limit:>8.1f} {limit / seconds:>7.1f}×")

    longest = texts[-1]
    bounds = list(piece_bounds(longest, tokenizer.max_bytes, tokenizer.tokenizer))
    wrapped = inner = float("inf")
    for _ in range(args.rounds):
        began = time.perf_counter()
        tokenizer(longest)
        wrapped = min(wrapped, time.perf_counter() - began)
        began = time.perf_counter()
        for start, end in bounds:
            tokenizer.tokenizer(longest[start:end])
        inner = min(inner, time.perf_counter() - began)
    print(f"tokenizer on {len(longest):,} characters: wrapper {wrapped:.3f} s, the model's tokenizer on the same "
          f"{len(bounds)} pieces {inner:.3f} s (cutting and joining: {wrapped - inner:+.3f} s)")


if __name__ == "__main__":
    main()
