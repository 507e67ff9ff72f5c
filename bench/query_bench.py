"""SPARQL query throughput and latency: `harbour serve` against `oxigraph serve` on the same data, same run.

    .venv/bin/python bench/query_bench.py [--seconds 5] [--concurrency 1 4 16] [--store PATH]
                                          [--oxigraph-store PATH] [--output bench/results/query_bench.json]

1. The sample is loaded into a temporary store with `harbour load samples/` (or ``--store`` names one).
2. `harbour serve` starts on it; its whole dataset is read back through the Graph Store Protocol
   (GET /store, N-Quads), loaded with `oxigraph load` into another temporary directory, and
   `oxigraph serve --union-default-graph` (the PyPI package `oxigraph`, same engine version) starts on it,
   so both answer the same queries over the same quads with the same default graph.
3. The queries are the query page's examples (people and roles, products, facts with sources, quantities,
   entities by class, mentions) plus ``ASK {}``; each client thread sends them in turn, as
   ``POST application/sparql-query`` asking for SPARQL JSON, on one kept-alive connection. The answers of
   both servers are checked to have the same number of rows first.
4. For each concurrency, each server gets ``--seconds`` of load after a warm-up, in ``--rounds`` turns that
   alternate between the servers (so load from elsewhere on the machine falls on both alike): queries per
   second over the whole time and the latency percentiles of every request. Ratios are Harbour / Oxigraph
   (q/s: higher is better; latency: lower is better).

The clients run in this process (Python threads) on the same machine, so at high concurrency they compete
with the servers for the CPU; they do so equally for both servers.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from harbour.graph import queries

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HARBOUR, OXIGRAPH = str(BIN / "harbour"), str(BIN / "oxigraph")
JSON_RESULTS = "application/sparql-results+json"


@dataclass(frozen=True)
class Server:
    name: str
    host: str
    port: int
    query_path: str
    process: subprocess.Popen

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=120)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ask(connection: http.client.HTTPConnection, path: str, query: str) -> tuple[int, bytes]:
    connection.request("POST", path, body=query.encode(), headers={"Content-Type": "application/sparql-query",
                                                                   "Accept": JSON_RESULTS})
    response = connection.getresponse()
    return response.status, response.read()


def start(name: str, command: list[str], port: int, query_path: str, env: dict | None = None) -> Server:
    log = tempfile.TemporaryFile()  # not a pipe: one no one reads fills up and blocks the server (issue 8)
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
    server = Server(name, "127.0.0.1", port, query_path, process)
    give_up = time.monotonic() + 90
    while time.monotonic() < give_up:
        if process.poll() is not None:
            log.seek(0)
            raise SystemExit(f"{name} exited: {log.read().decode()[-2000:]}")
        try:
            if ask(server.connect(), query_path, "ASK {}")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise SystemExit(f"{name} did not answer within 90 s")


def row_count(body: bytes) -> int:
    document = json.loads(body)
    return len(document["results"]["bindings"]) if "results" in document else 1


@dataclass
class Tally:
    latencies: list[float]
    errors: int = 0


def load(server: Server, workload: list[str], threads: int, seconds: float) -> dict[str, float]:
    """``threads`` clients send ``workload`` round robin for ``seconds``; throughput and latency percentiles."""
    tallies = [Tally([]) for _ in range(threads)]
    go = threading.Barrier(threads + 1)
    stop_at: list[float] = []

    def client(tally: Tally, offset: int) -> None:
        connection = server.connect()
        go.wait()
        turn = offset
        while time.perf_counter() < stop_at[0]:
            sent = time.perf_counter()
            status, _ = ask(connection, server.query_path, workload[turn % len(workload)])
            tally.latencies.append(time.perf_counter() - sent)
            tally.errors += status != 200
            turn += 1

    workers = [threading.Thread(target=client, args=(tally, n)) for n, tally in enumerate(tallies)]
    for worker in workers:
        worker.start()
    began = time.perf_counter()
    stop_at.append(began + seconds)
    go.wait()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    latencies = [value for tally in tallies for value in tally.latencies]
    return {"requests": len(latencies), "errors": sum(t.errors for t in tallies), "seconds": elapsed,
            "latencies": latencies}


def summary(turns: list[dict]) -> dict[str, float]:
    latencies = sorted(value for turn in turns for value in turn["latencies"])

    def at(fraction: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(fraction * len(latencies)))]

    return {"requests": len(latencies), "errors": sum(turn["errors"] for turn in turns),
            "qps": len(latencies) / sum(turn["seconds"] for turn in turns),
            "p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99)}


def sample_store(scratch: Path, given: Path | None) -> Path:
    if given is not None:
        return given
    store = scratch / "harbour-store"
    loaded = subprocess.run([HARBOUR, "--store", str(store), "load", str(ROOT / "samples")], capture_output=True,
                            text=True)
    if loaded.returncode != 0:
        raise SystemExit(f"harbour load failed: {loaded.stderr[-2000:]}")
    return store


def oxigraph_copy(harbour: Server, scratch: Path) -> Path:
    """The quads `harbour serve` holds, loaded into an Oxigraph directory."""
    connection = harbour.connect()
    connection.request("GET", "/store", headers={"Accept": "application/n-quads"})
    response = connection.getresponse()
    dump = scratch / "dump.nq"
    dump.write_bytes(response.read())
    if response.status != 200:
        raise SystemExit(f"GET /store: HTTP {response.status}")
    location = scratch / "oxigraph-store"
    subprocess.run([OXIGRAPH, "load", "--location", str(location), "--file", str(dump)], check=True,
                   capture_output=True)
    return location


def page_mix(server: Server, entities: int = 3) -> list[str]:
    """The ``--workload mix``: the queries of the entity pages of the most mentioned entities, a label search
    (substring, as SPARQL: what a store without Harbour's search index runs) and an aggregate (``stats``)."""
    from harbour.graph.entities import bound

    top = ("PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#> SELECT ?e (COUNT(?m) AS ?n) "
           f"WHERE {{ ?m itsrdf:taIdentRef ?e }} GROUP BY ?e ORDER BY DESC(?n) LIMIT {entities}")
    status, body = ask(server.connect(), server.query_path, top)
    iris = [row["e"]["value"] for row in json.loads(body)["results"]["bindings"]] if status == 200 else []
    page = ("entity-names", "entity-classes", "entity-mention-counts", "entity-facts", "entity-mentions",
            "entity-neighbours")
    searches = [("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT DISTINCT ?e ?label WHERE { "
                 f'?e rdfs:label ?label FILTER(CONTAINS(LCASE(STR(?label)), "{text}")) }} LIMIT 20')
                for text in ("東京", "長官", "ai")]
    return [bound(name, "entity", iri) for iri in iris for name in page] + searches + [queries.get("stats")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=6.0, help="load per server and concurrency")
    parser.add_argument("--rounds", type=int, default=3, help="alternating turns the seconds are split into")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--store", type=Path, default=None, help="an existing Harbour store (default: the sample)")
    parser.add_argument("--oxigraph-store", type=Path, default=None,
                        help="an Oxigraph directory already holding the same quads (a kept copy: at 100k documents "
                             "the dump and load take minutes); the answers are still checked to agree")
    parser.add_argument("--workload", choices=["examples", "mix"], default="examples",
                        help="the query page's examples, or entity page queries + label search + an aggregate")
    parser.add_argument("--serve-option", action="append", default=[], metavar="OPTION",
                        help="an option for `harbour serve`, e.g. --serve-option=--threads=8 (repeatable)")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "query_bench.json")
    args = parser.parse_args()

    workload = [example.query for example in queries.examples()] + ["ASK {}"]
    load_before = os.getloadavg()[0]
    servers: list[Server] = []
    with tempfile.TemporaryDirectory(prefix="query-bench-") as scratch_name:
        scratch = Path(scratch_name)
        try:
            store = sample_store(scratch, args.store)
            port = unused_port()
            harbour = start("harbour", [HARBOUR, "--store", str(store), "serve", "--port", str(port),
                                        *args.serve_option], port,
                            "/sparql", env={k: v for k, v in os.environ.items() if k != "HARBOUR_TOKEN"})
            servers.append(harbour)
            port = unused_port()
            copy = args.oxigraph_store or oxigraph_copy(harbour, scratch)
            oxigraph = start("oxigraph", [OXIGRAPH, "serve", "--location", str(copy),
                                          "--bind", f"127.0.0.1:{port}", "--union-default-graph"], port, "/query")
            servers.append(oxigraph)
            if args.workload == "mix":
                workload = page_mix(harbour)
            for text in workload:
                answers = {server.name: ask(server.connect(), server.query_path, text) for server in servers}
                counts = {name: (status, row_count(body)) for name, (status, body) in answers.items()}
                if len(set(counts.values())) != 1 or counts["harbour"][0] != 200:
                    raise SystemExit(f"the servers disagree on {text[:60]!r}: {counts}")
            results: dict[str, dict[int, dict[str, float]]] = {server.name: {} for server in servers}
            for threads in args.concurrency:
                turns: dict[str, list[dict]] = {server.name: [] for server in servers}
                for server in servers:
                    load(server, workload, threads, min(1.0, args.seconds))  # warm-up
                for _ in range(args.rounds):
                    for server in servers:
                        turns[server.name].append(load(server, workload, threads, args.seconds / args.rounds))
                for name, measured in turns.items():
                    results[name][threads] = summary(measured)
        finally:
            for server in servers:
                server.stop()
            shutil.rmtree(scratch, ignore_errors=True)

    described = "the query page's examples and ASK {}" if args.workload == "examples" else \
        "entity page queries of the 3 most mentioned entities, 3 label searches, the stats aggregate"
    print(f"{len(workload)} queries ({described}), {args.seconds:g} s per server and "
          f"level in {args.rounds} alternating turns; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, load average before {load_before:.1f}")
    print(f"{'clients':>7} {'server':>9} {'q/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    ratios = {}
    for threads in args.concurrency:
        for name in ("harbour", "oxigraph"):
            row = results[name][threads]
            print(f"{threads:>7} {name:>9} {row['qps']:>8.0f} {row['p50_ms']:>8.2f} {row['p95_ms']:>8.2f} "
                  f"{row['p99_ms']:>8.2f} {row['errors']:>6}")
        ours, theirs = results["harbour"][threads], results["oxigraph"][threads]
        ratios[threads] = {key: ours[key] / theirs[key] for key in ("qps", "p50_ms", "p95_ms", "p99_ms")}
        print(f"{threads:>7} {'ratio':>9} {ratios[threads]['qps']:>8.2f} {ratios[threads]['p50_ms']:>8.2f} "
              f"{ratios[threads]['p95_ms']:>8.2f} {ratios[threads]['p99_ms']:>8.2f}   (harbour / oxigraph)")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"seconds": args.seconds, "queries": len(workload), "cpus": os.cpu_count(),
                                       "workload": args.workload,
                                       "results": results, "ratios": ratios}, indent=2) + "\n")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
