"""Latency of the Linked Data pages and the entity search against a running `harbour serve`.

    .venv/bin/python bench/pages_bench.py [--requests 300] [--store PATH | --url http://host:port]
                                          [--concurrency 4] [--output bench/results/pages_bench.json]

Without --url, the sample is loaded into a temporary store (`harbour load samples/`, unless --store names
an existing one) and `harbour serve` is started on a free port of 127.0.0.1; the numbers are what a client
on the same machine sees over HTTP (one kept-alive connection per client thread). Each endpoint gets a
warm-up, then ``--requests`` sequential requests; p50/p95/p99 are printed with the ratio of each p50 to
two references measured in the same run: a static file (the HTTP and WSGI floor) and `ASK {}` at /sparql
(the cheapest query through the SPARQL endpoint). A last run sends the entity page from several threads
at once (requests per second).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harbour.graph import identity

ROOT = Path(__file__).resolve().parent.parent
HARBOUR = str(Path(sys.executable).with_name("harbour"))
LEE = identity.entity_iri(identity.DEFAULT_BASE, "Person", "李家超")[len(identity.DEFAULT_BASE) - 1:]
PORT_ENTITY = "/entity/facility/" + identity.entity_iri(identity.DEFAULT_BASE, "Facility", "デジタル港").rpartition("/")[2]


def quote(text: str) -> str:
    return urllib.parse.quote(text)


#: (name, path, Accept). The first two are the references.
ENDPOINTS = [
    ("reference: static file", "/static/pages.css", "text/css"),
    ("reference: ASK {} at /sparql", "/sparql?query=" + quote("ASK {}"), "application/sparql-results+json"),
    ("entity page (person), HTML", LEE, "text/html"),
    ("entity page (most mentioned), HTML", PORT_ENTITY, "text/html"),
    ("entity, Turtle", LEE, "text/turtle"),
    ("entity, JSON API", "/api/entities" + LEE[len("/entity"):], "application/json"),
    ("neighbourhood, JSON API", "/api/entities" + LEE[len("/entity"):] + "/neighbours", "application/json"),
    ("search API, 2 characters (家超)", "/api/entities?q=" + quote("家超") + "&limit=8", "application/json"),
    ("search API, 4 characters (デジタル)", "/api/entities?q=" + quote("デジタル") + "&limit=8", "application/json"),
    ("search API, 1 character (港)", "/api/entities?q=" + quote("港") + "&limit=8", "application/json"),
    ("search page, HTML", "/search?q=" + quote("李家"), "text/html"),
    ("document page, HTML", "/doc/samples/cyberport-ai-2024-11-22.ja.txt", "text/html"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One kept-alive HTTP connection."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)

    def get(self, path: str, accept: str) -> float:
        started = time.perf_counter()
        self.connection.request("GET", path, headers={"Accept": accept})
        response = self.connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}: {body[:300]!r}")
        return elapsed


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(url: str, requests: int) -> dict[str, dict[str, float]]:
    client = Client(url)
    results = {}
    for name, path, accept in ENDPOINTS:
        for _ in range(10):
            client.get(path, accept)
        times = [client.get(path, accept) for _ in range(requests)]
        results[name] = {"p50_ms": 1000 * percentile(times, 0.50), "p95_ms": 1000 * percentile(times, 0.95),
                         "p99_ms": 1000 * percentile(times, 0.99), "mean_ms": 1000 * statistics.fmean(times)}
    return results


def throughput(url: str, path: str, accept: str, threads: int, requests: int) -> float:
    def run(_: int) -> int:
        client = Client(url)
        for _ in range(requests):
            client.get(path, accept)
        return requests

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        done = sum(pool.map(run, range(threads)))
    return done / (time.perf_counter() - started)


def serve(store: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "HARBOUR_STORE": str(store)}
    process = subprocess.Popen([HARBOUR, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"harbour serve exited: {process.stderr.read().decode()}")
        try:
            Client(url).get("/static/pages.css", "text/css")
            return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("harbour serve did not start within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--store", type=Path, default=None, help="An existing store holding the sample.")
    parser.add_argument("--url", default=None, help="A running harbour serve on a store holding the sample.")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "pages_bench.json")
    args = parser.parse_args()

    process = None
    with tempfile.TemporaryDirectory() as scratch:
        url = args.url
        if url is None:
            store = args.store or Path(scratch) / "store"
            if args.store is None:
                loaded = subprocess.run([HARBOUR, "--store", str(store), "load", "samples/"], cwd=ROOT,
                                        capture_output=True, text=True)
                if loaded.returncode != 0:
                    raise SystemExit(loaded.stderr)
            process, url = serve(store)
        try:
            results = measure(url, args.requests)
            rate = throughput(url, LEE, "text/html", args.concurrency, max(20, args.requests // args.concurrency))
        finally:
            if process is not None:
                process.terminate()
                process.wait(timeout=10)

    static = results["reference: static file"]["p50_ms"]
    ask = results["reference: ASK {} at /sparql"]["p50_ms"]
    print(f"{'endpoint':40} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'p50/static':>11} {'p50/ASK':>8}")
    for name, row in results.items():
        print(f"{name:40} {row['p50_ms']:8.2f} {row['p95_ms']:8.2f} {row['p99_ms']:8.2f} "
              f"{row['p50_ms'] / static:11.1f} {row['p50_ms'] / ask:8.1f}")
    print(f"entity page, {args.concurrency} clients at once: {rate:.0f} requests/s")
    print(f"load average after the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs "
          "(other work on the machine shows in p95/p99 first)")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({
        "arguments": {k: str(v) for k, v in vars(args).items()},
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
                    "load_average_after": os.getloadavg()},
        "results": results,
        "ratios_to_static": {name: row["p50_ms"] / static for name, row in results.items()},
        "ratios_to_ask": {name: row["p50_ms"] / ask for name, row in results.items()},
        "entity_page_requests_per_s": {"clients": args.concurrency, "rate": rate},
    }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
