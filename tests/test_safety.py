"""Safety of the endpoint on a network, each item a test that fails without it.

Time limit and memory budget run against a real `harbour serve` (the worker processes, SIGKILL and
snapshots are the point); the rest goes through the Flask app on a real store.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from harbour.config import Settings

from .conftest import TOKEN, ServedHarbour, free_port

CROSS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # streams nothing: blocks in next()
CROSS_SORT = "SELECT ?c ?f ?i WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"  # sorts in memory
CHEAP = "ASK { ?s ?p ?o }"
TIME_LIMIT = 2.0
MARGIN = 1.5  # the answer comes within the limit plus this


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None,
         timeout: float = 60) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def query(server: ServedHarbour, text: str, timeout: float = 60) -> tuple[int, float, bytes]:
    started = time.monotonic()
    status, _, body = http(server.url + "/sparql", text.encode(), {"Content-Type": "application/sparql-query",
                                                                    "Accept": "application/sparql-results+json"},
                           timeout=timeout)
    return status, time.monotonic() - started, body


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def served_with_data(directory: Path, *options: str) -> ServedHarbour:
    """`harbour serve` with ``options`` on a new store, given 1,500 triples through the Graph Store Protocol."""
    server = ServedHarbour(directory / "store", *options)
    triples = "".join(f"<http://example.org/s{i}> <http://example.org/p{i % 7}> \"{i}\" .\n" for i in range(1500))
    status, _, body = http(server.url + "/store?graph=http%3A%2F%2Fexample.org%2Fdata", triples.encode(),
                           {"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"}, "PUT")
    assert status == 201, body
    return server


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory):
    """A 2 s time limit and a 1 MB body limit."""
    server = served_with_data(tmp_path_factory.mktemp("limited"), "--query-timeout", str(TIME_LIMIT), "--max-body", "1")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def small_memory_server(tmp_path_factory):
    """A 100 MB budget for all running queries, and time enough to reach it on a busy machine."""
    server = served_with_data(tmp_path_factory.mktemp("memory"), "--query-memory", "100", "--query-timeout", "60")
    yield server
    server.stop()


def test_a_runaway_query_is_stopped_at_the_limit_while_others_are_served(limited_server) -> None:
    outcomes: dict[str, tuple[int, float, bytes]] = {}
    runaways = [threading.Thread(target=lambda n=n: outcomes.__setitem__(n, query(limited_server, CROSS_COUNT)))
                for n in range(3)]
    for thread in runaways:
        thread.start()
    time.sleep(0.3)  # the runaways are evaluating now
    cheap = []
    while any(thread.is_alive() for thread in runaways):
        status, elapsed, body = query(limited_server, CHEAP)
        cheap.append(elapsed)
        assert status == 200 and json.loads(body)["boolean"] is True
        assert elapsed < 1.0, f"a cheap query took {elapsed:.2f} s while runaways ran"
        time.sleep(0.1)
    assert len(cheap) >= 5
    for status, elapsed, body in outcomes.values():
        assert status == 503, body
        assert b"time limit" in body
        assert TIME_LIMIT - 0.1 < elapsed < TIME_LIMIT + MARGIN, f"stopped after {elapsed:.2f} s"
    assert query(limited_server, CHEAP)[0] == 200


def test_a_query_sorting_a_huge_result_is_stopped_by_the_memory_budget(small_memory_server) -> None:
    pid = small_memory_server.process.pid
    before = resident_mb(pid)
    status, elapsed, body = query(small_memory_server, CROSS_SORT)
    assert status == 503 and b"memory" in body, body
    assert elapsed < 30  # far from the time limit: the budget stopped it
    assert resident_mb(pid) < before + 50  # the server process never held the sort
    assert query(small_memory_server, CHEAP)[0] == 200


def test_writes_are_seen_by_the_next_query(limited_server) -> None:
    graph = urllib.parse.quote("http://example.org/fresh", safe="")
    for value in range(3):
        status, _, _ = http(f"{limited_server.url}/store?graph={graph}",
                            f'<urn:s> <urn:p> "{value}" .\n'.encode(),
                            {"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"}, "PUT")
        assert status in (201, 204)
        status, _, body = query(limited_server, 'SELECT ?v { GRAPH <http://example.org/fresh> { <urn:s> <urn:p> ?v } }')
        assert [b["v"]["value"] for b in json.loads(body)["results"]["bindings"]] == [str(value)]


def test_a_body_over_the_limit_is_413_over_http(limited_server) -> None:
    text = "ASK {}" + " " * (2 * 2**20)
    status, headers, body = http(limited_server.url + "/sparql", text.encode(),
                                 {"Content-Type": "application/sparql-query"})
    assert status == 413 and b"limit" in body
    assert headers.get("Access-Control-Allow-Origin") == "*"


def test_serve_options_reach_the_server(tmp_path: Path) -> None:
    """--read-only, --result-limit and --cors-origins on a real `harbour serve` (with a token it must ignore)."""
    server = served_with_data(tmp_path, "--query-timeout", "5")  # loads the data, then restart read-only
    server.stop()
    server = ServedHarbour(tmp_path / "store", "--read-only", "--result-limit", "3", "--cors-origins",
                           "https://yasgui.example")
    try:
        status, headers, body = http(server.url + "/update", b"CLEAR ALL", {
            "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}",
            "Origin": "https://yasgui.example"})
        assert status == 403 and b"read-only" in body
        assert headers.get("Access-Control-Allow-Origin") == "https://yasgui.example"
        status, headers, body = http(server.url + "/sparql?query=" + urllib.parse.quote("SELECT * { ?s ?p ?o }"),
                                     headers={"Accept": "application/sparql-results+json"})
        assert status == 200 and headers["Harbour-Results-Truncated"] == "true"
        assert len(json.loads(body)["results"]["bindings"]) == 3
    finally:
        server.stop()


# --- through the Flask app --------------------------------------------------------------------


@pytest.fixture
def make_client(store):
    """Clients of apps with changed settings, on a real store holding the ontology and 40 triples."""
    from harbour.server.app import create_app

    store.update("INSERT DATA { GRAPH <http://example.org/data> { "
                 + " ".join(f"<http://example.org/s{i}> <http://example.org/p> {i} ." for i in range(40)) + " } }")
    apps = []

    def make(**changes):
        settings = {"store": str(store.path), "token": TOKEN, **changes}
        app = create_app(Settings(**settings), store=store)
        apps.append(app)
        return app.test_client()

    yield make
    for app in apps:
        app.extensions["harbour"].close()


def test_a_capped_answer_says_it_was_cut(make_client) -> None:
    client = make_client(result_limit=5)
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    document = json.loads(response.data)
    assert len(document["results"]["bindings"]) == 5
    assert document["truncated"] is True
    assert response.headers["Harbour-Results-Truncated"] == "true"
    assert response.headers["Harbour-Result-Limit"] == "5"
    csv = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }", "format": "csv"})
    assert csv.headers["Harbour-Results-Truncated"] == "true"
    assert len(csv.get_data(as_text=True).strip().splitlines()) == 1 + 5
    graph = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                       headers={"Accept": "application/n-triples"})
    assert graph.headers["Harbour-Results-Truncated"] == "true"
    assert len(graph.get_data(as_text=True).strip().splitlines()) == 5
    small = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
    assert small.headers["Harbour-Results-Truncated"] == "false" and "truncated" not in json.loads(small.data)


def test_a_body_over_the_limit_is_413(make_client) -> None:
    client = make_client(max_body_mb=0.01)
    big = client.post("/sparql", data=("ASK {}" + " " * 20_000).encode(), content_type="application/sparql-query")
    assert big.status_code == 413
    assert big.headers["Access-Control-Allow-Origin"] == "*"
    assert client.post("/sparql", data=b"ASK {}", content_type="application/sparql-query").status_code == 200


def test_service_is_refused_unless_enabled(make_client) -> None:
    closed = f"http://127.0.0.1:{free_port()}/sparql"
    text = f"SELECT * WHERE {{ SERVICE SILENT <{closed}> {{ ?s ?p ?o }} }}"
    refused = make_client().get("/sparql", query_string={"query": text})
    assert refused.status_code == 400 and "SERVICE" in refused.get_data(as_text=True)
    allowed = make_client(allow_service=True).get("/sparql", query_string={"query": text})
    assert allowed.status_code == 200  # SILENT: the unreachable service gives the empty solution
    sd = make_client(allow_service=True).get("/sparql", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert "BasicFederatedQuery" in sd


def test_cors_on_reads_errors_and_preflight(make_client) -> None:
    client = make_client()
    assert client.get("/sparql", query_string={"query": "ASK {}"}).headers["Access-Control-Allow-Origin"] == "*"
    refused = client.post("/update", data={"update": "CLEAR ALL"})
    assert refused.status_code == 401 and refused.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/update", headers={"Origin": "https://elsewhere.example",
                                                   "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Harbour-Results-Truncated" in preflight.headers["Access-Control-Expose-Headers"]


def test_cors_can_be_limited_or_turned_off(make_client) -> None:
    listed = make_client(cors_origins="https://yasgui.example, https://other.example")
    ok = listed.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://yasgui.example" and "Origin" in ok.headers["Vary"]
    stranger = listed.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in stranger.headers
    off = make_client(cors_origins="").get("/sparql", query_string={"query": "ASK {}"})
    assert "Access-Control-Allow-Origin" not in off.headers


def test_read_only_refuses_every_write(make_client) -> None:
    for client in (make_client(read_only=True), make_client(token=None)):
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert client.post("/update", data={"update": "CLEAR ALL"}, headers=auth).status_code == 403
        assert client.put("/store?default", data=b"", content_type="application/n-triples",
                          headers=auth).status_code == 403
        assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


def test_a_wrong_token_is_401(make_client) -> None:
    client = make_client()
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": f"Basic {TOKEN}"}):
        response = client.post("/update", data={"update": "CLEAR ALL"}, headers=headers)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
