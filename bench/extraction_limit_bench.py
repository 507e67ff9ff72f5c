"""Figures for the extraction time limit (docs/reliability.md, "Extraction time limit").

    .venv/bin/python bench/extraction_limit_bench.py [--spin-cap 30]

1. An extraction worker (``graph/extraction_workers.py``): seconds from the spawn until it is ready with both
   pipelines loaded (what ``harbour serve`` starts), until the sample article is answered, and on first use with
   only the language a document needs; its resident memory (RSS) in each case, and this parent's.
2. Why spaCy spins: its English tokenizer alone on whitespace-free runs of punctuation, each capped at
   ``--spin-cap`` seconds (SIGALRM), against letters alone.
"""

from __future__ import annotations

import argparse
import os
import signal
import time
from pathlib import Path

from harbour.extract import TextDocument
from harbour.graph.extraction_workers import ExtractionWorkers, WorkerSettings
from harbour.graph.identity import DEFAULT_BASE

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "cyberport-ai-2024-11-22.ja.txt"
SHORT_ENGLISH = "Jane Smith, chief executive of Acme Corporation, visited Osaka on Monday."
RUNS = [("'[' * 2,000", "[" * 2000), ("'[' * 4,000", "[" * 4000), ("'[' * 8,000", "[" * 8000),
        ("'{\"text\":' * 1,000", '{"text":' * 1000 + '"x"' + "}" * 1000), ("'a/' * 2,000", "a/" * 2000),
        ("'a:' * 2,000", "a:" * 2000), ("'x' * 8,000", "x" * 8000)]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(workers: ExtractionWorkers, document: TextDocument, since: float) -> float:
    result = workers.extract(document)
    assert not isinstance(result, BaseException), result
    return time.monotonic() - since


def worker_figures() -> None:
    sample = SAMPLE.read_text(encoding="utf-8")
    with ExtractionWorkers(WorkerSettings(DEFAULT_BASE, True, ("ja", "en")), 1, 0) as workers:
        spawned = time.monotonic()
        workers.start()
        answered = timed(workers, TextDocument("sample", sample), spawned)
        print(f"both pipelines up front: ready {workers.start_seconds[0]:.1f} s after the spawn, the sample answered "
              f"{answered:.1f} s after it; RSS {rss_mb(workers.pids[0]):.0f} MB")
        again = timed(workers, TextDocument("sample-2", sample + "。"), time.monotonic())
        short = timed(workers, TextDocument("short", SHORT_ENGLISH), time.monotonic())
        print(f"  then the sample again {again:.2f} s, a short English text {short:.2f} s; "
              f"RSS {rss_mb(workers.pids[0]):.0f} MB")
    for document in (TextDocument("en", SHORT_ENGLISH), TextDocument("ja", sample)):
        with ExtractionWorkers(WorkerSettings(DEFAULT_BASE), 1, 0) as workers:
            answered = timed(workers, document, time.monotonic())
            print(f"on first use, {document.doc_id} only: answered {answered:.1f} s after the spawn; "
                  f"RSS {rss_mb(workers.pids[0]):.0f} MB")
    print(f"this parent (no pipeline loaded): RSS {rss_mb(os.getpid()):.0f} MB")


def spin_figures(cap: int) -> None:
    from harbour.extract.pipeline import pipeline

    tokenizer = pipeline("en").tokenizer

    def alarm(*_: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, alarm)
    for name, text in RUNS:
        began = time.perf_counter()
        signal.alarm(cap)
        try:
            tokenizer(text)
            took = f"{time.perf_counter() - began:.2f} s"
        except TimeoutError:
            took = f"over {cap} s"
        signal.alarm(0)
        print(f"English tokenizer, {name} ({len(text):,} characters): {took}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spin-cap", type=int, default=30, help="seconds per tokenizer run at most")
    options = parser.parse_args()
    print("load average", " ".join(Path("/proc/loadavg").read_text().split()[:3]))
    worker_figures()
    spin_figures(options.spin_cap)


if __name__ == "__main__":
    main()
