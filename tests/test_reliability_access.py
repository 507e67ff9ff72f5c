"""Who may write, over HTTP against real `harbour serve` processes, and backups that give back every quad.

`tests/test_safety.py` and `tests/test_documents_http.py` check single routes through the Flask app; this checks
every write route on real servers (token, wrong token, read-only, no token configured), that nothing was
written by a refused request, SERVICE/LOAD, document ids, escaping of hostile text on pages served over HTTP,
and `harbour dump` → `harbour restore` compared by a hash of the sorted quads.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from pathlib import Path

import pytest

from harbour.graph.identity import DEFAULT_BASE

from .conftest import TOKEN, ServedHarbour, free_port, run_harbour
from .test_fuzz_http import send

AUTH = {"Authorization": f"Bearer {TOKEN}"}
HOSTILE = ("<script>alert('x')</script> Acme Corporation opened an office in Tokyo with Jane Smith. "
           "<img src=x onerror=\"alert(2)\"> Jane Smith is the chief executive of Acme Corporation.")
TRIPLE = b'<urn:s> <urn:p> "written" .\n'


def write_requests() -> list[tuple[str, str, bytes | None, dict]]:
    """Every write route: (method, path, body, headers)."""
    nt = {"Content-Type": "application/n-triples"}
    graph = urllib.parse.quote("urn:target", safe="")
    update = 'INSERT DATA { GRAPH <urn:target> { <urn:s> <urn:p> "written" } }'
    return [
        ("POST", "/update", update.encode(), {"Content-Type": "application/sparql-update"}),
        ("POST", "/update", urllib.parse.urlencode({"update": update}).encode(),
         {"Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", "/sparql", urllib.parse.urlencode({"update": update}).encode(),
         {"Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", "/sparql", update.encode(), {"Content-Type": "application/sparql-update"}),
        ("PUT", f"/store?graph={graph}", TRIPLE, nt),
        ("POST", f"/store?graph={graph}", TRIPLE, nt),
        ("DELETE", f"/store?graph={graph}", None, {}),
        ("PUT", "/store?default", TRIPLE, nt),
        ("POST", "/store?default", TRIPLE, nt),
        ("DELETE", "/store?default", None, {}),
        ("POST", "/store", TRIPLE, nt),
        ("PUT", "/store/direct/graph", TRIPLE, nt),
        ("DELETE", "/store/direct/graph", None, {}),
        ("POST", "/documents", json.dumps({"id": "new", "text": "Jane Smith visited Tokyo."}).encode(),
         {"Content-Type": "application/json"}),
        ("PUT", "/documents/target", json.dumps({"text": "Jane Smith visited Osaka."}).encode(),
         {"Content-Type": "application/json"}),
        ("DELETE", "/documents/target", None, {}),
    ]


def everything(server: ServedHarbour) -> str:
    """A hash of every quad the server holds, as sorted N-Quads."""
    status, body = send(server, "GET", "/store", headers={"Accept": "application/n-quads"})
    assert status == 200
    return hashlib.sha256(b"\n".join(sorted(body.splitlines()))).hexdigest()


def seeded(store: Path) -> Path:
    result = run_harbour("load", "-", "--id", "seed", "--lang", "en", store=store, input=HOSTILE)
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture(scope="module")
def token_server(tmp_path_factory):
    server = ServedHarbour(seeded(tmp_path_factory.mktemp("access") / "store"), "--query-timeout", "10")
    yield server
    server.stop()


def test_every_write_route_refuses_a_missing_or_wrong_token_and_writes_nothing(token_server) -> None:
    before = everything(token_server)
    refusals = 0
    for method, path, body, headers in write_requests():
        for credentials in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                            {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": "Bearer"}):
            status, answer = send(token_server, method, path, body, {**headers, **credentials})
            assert status in (401, 403), (method, path, credentials, status, answer[:200])
            refusals += 1
    assert everything(token_server) == before
    print("FIGURES " + json.dumps({"test": "write routes without a valid token", "routes": len(write_requests()),
                                   "requests": refusals, "written": 0}))


def test_the_token_does_open_every_write_route(token_server) -> None:
    for method, path, body, headers in write_requests():
        status, answer = send(token_server, method, path, body, {**headers, **AUTH}, timeout=120)
        assert status in (200, 201, 204, 404), (method, path, status, answer[:200])  # 404: a DELETE of a gone graph


@pytest.mark.parametrize("options,token", [(("--read-only",), TOKEN), ((), None)], ids=["read-only", "no-token"])
def test_read_only_servers_refuse_every_write_with_any_token(tmp_path: Path, options, token) -> None:
    server = ServedHarbour(seeded(tmp_path / "store"), *options, token=token)
    try:
        before = everything(server)
        for method, path, body, headers in write_requests():
            for credentials in ({}, AUTH):
                status, answer = send(server, method, path, body, {**headers, **credentials})
                assert status in (401, 403) and (status == 403 or not credentials), (method, path, status, answer)
        assert everything(server) == before
        assert send(server, "GET", "/sparql?query=ASK%7B%7D")[0] == 200
    finally:
        server.stop()


def test_service_and_load_are_refused_over_http(token_server) -> None:
    closed = f"http://127.0.0.1:{free_port()}/sparql"
    for text in (f"SELECT * WHERE {{ SERVICE <{closed}> {{ ?s ?p ?o }} }}",
                 f"SELECT * WHERE {{ ?s ?p ?o . SERVICE SILENT <{closed}> {{ ?s ?p ?o }} }}",
                 f"select * where {{ service <{closed}> {{ ?s ?p ?o }} }}"):
        status, body = send(token_server, "POST", "/sparql", text.encode(), {"Content-Type": "application/sparql-query"})
        assert status == 400 and b"SERVICE" in body, body
    for text in (f"LOAD <{closed}>", f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{closed}> {{ ?s ?p ?o }} }}"):
        status, body = send(token_server, "POST", "/update", text.encode(),
                            {"Content-Type": "application/sparql-update", **AUTH})
        assert status == 400 and b"SERVICE" in body, body


@pytest.mark.parametrize("doc_id", ["../../etc/passwd", "..%2F..%2Fstore", "a/../../b", "%2E%2E/%2E%2E/x",
                                    "x/./../../../y", "a%20b/..%5C..%5Cc"])
def test_a_document_id_cannot_escape_its_namespace_over_http(token_server, doc_id: str) -> None:
    status, body = send(token_server, "PUT", "/documents/" + doc_id, json.dumps({"text": "Jane Smith visited Tokyo."}
                        ).encode(), {"Content-Type": "application/json", **AUTH}, timeout=120)
    if status == 404:  # the server's router normalised the path out of /documents/: nothing written
        return
    assert status in (200, 201), body
    iri = json.loads(body)["iri"]
    path = iri[len(DEFAULT_BASE + "doc/"):]
    assert iri.startswith(DEFAULT_BASE + "doc/") and ".." not in path.split("/") and not path.startswith("/")
    assert send(token_server, "GET", "/doc/" + path)[0] == 200


def test_hostile_text_shows_as_text_on_the_document_and_entity_pages(token_server) -> None:
    status, body = send(token_server, "POST", "/sparql", b"PREFIX hb: <https://w3id.org/harbour/ns#> SELECT ?e "
                        b"WHERE { GRAPH ?d { ?d hb:documentId 'seed' ; hb:mentions ?e } }",
                        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    entities = [b["e"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert entities, "the extraction found no entity in the hostile document"
    pages = ["/doc/seed", "/documents/seed", "/documents", "/search?q=Acme"]
    pages += ["/" + iri[len(DEFAULT_BASE):] for iri in entities]
    for page in pages:
        status, body = send(token_server, "GET", page, headers={"Accept": "text/html"})
        assert status == 200, page
        html = body.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, page
    doc_page = send(token_server, "GET", "/doc/seed", headers={"Accept": "text/html"})[1].decode()
    assert "&lt;script&gt;alert(" in doc_page and re.search(r"&lt;img src=x onerror=(&#34;|&quot;)alert", doc_page)
    print("FIGURES " + json.dumps({"test": "pages escaping hostile document text", "pages": len(pages),
                                   "unescaped": 0}))


def test_dump_then_restore_into_an_empty_store_gives_the_same_quads(tmp_path: Path) -> None:
    store = seeded(tmp_path / "store")
    more = run_harbour("load", "samples/", store=store)
    assert more.returncode == 0, more.stderr
    hashes = {}
    for format_name in ("nquads", "trig"):
        dump = tmp_path / f"dump.{format_name}"
        assert run_harbour("dump", "--format", format_name, "-o", str(dump), store=store).returncode == 0
        restored = tmp_path / f"restored-{format_name}"
        result = run_harbour("restore", str(dump), store=restored)
        assert result.returncode == 0, result.stderr
        again = tmp_path / f"again-{format_name}.nq"
        assert run_harbour("dump", "--format", "nquads", "-o", str(again), store=restored).returncode == 0
        hashes[format_name] = hashlib.sha256(b"\n".join(sorted(again.read_bytes().splitlines()))).hexdigest()
    original = tmp_path / "original.nq"
    assert run_harbour("dump", "--format", "nquads", "-o", str(original), store=store).returncode == 0
    lines = sorted(original.read_bytes().splitlines())
    expected = hashlib.sha256(b"\n".join(lines)).hexdigest()
    assert hashes == {"nquads": expected, "trig": expected}
    print("FIGURES " + json.dumps({"test": "dump and restore", "quads": len(lines), "sha256": expected,
                                   "same_after_restore": True}))
