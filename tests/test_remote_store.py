"""The same lifecycle, pages and SPARQL tests on a remote store: a real `oxigraph serve` process on a free port.

The store fixture of this module is a ``HarbourStore`` on ``http://127.0.0.1:PORT`` (the server is started once
per test process and emptied before each test), so the test functions imported below run unchanged on it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from harbour.graph.store import HarbourStore

from .conftest import free_port, run_harbour
from .test_entities_pages import (test_document_iri_gives_its_named_graph,  # noqa: F401
                                  test_entity_page_shows_names_classes_facts_mentions_and_queries,
                                  test_search_page_finds_a_japanese_name_by_two_characters,
                                  test_the_page_queries_run_and_return_the_entity)
from .test_lifecycle import (test_a_graph_failing_the_shapes_is_reported_not_written_and_the_batch_goes_on,  # noqa: F401
                             test_delete_keeps_shared_entities_with_the_other_documents_facts,
                             test_docs_lists_metadata_and_counts_that_match_the_graph,
                             test_loading_the_same_content_again_changes_nothing,
                             test_new_content_under_the_same_id_replaces_every_old_triple,
                             test_the_document_date_anchors_relative_dates, YAMADA)

OXIGRAPH = Path(sys.executable).with_name("oxigraph")


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory) -> str:
    """A real `oxigraph serve` (the PyPI package's binary) on a free port of 127.0.0.1."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph") / "db"
    process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"oxigraph serve did not start: {process.stderr.read().decode()}")
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def store(oxigraph_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HarbourStore:
    """An empty remote store whose search index lives in this test's tmp dir."""
    monkeypatch.setenv("HARBOUR_SEARCH_INDEX", str(tmp_path / "search.sqlite"))
    store = HarbourStore(oxigraph_url)
    store.update("DROP ALL")
    store.ensure_ontology()
    return store


def test_a_document_is_one_update_request(store: HarbourStore, extractor, oxigraph_url: str) -> None:
    from harbour.extract import TextDocument
    from harbour.graph.documents import ingest

    requests = []
    original = store.remote._post
    store.remote._post = lambda path, *args, **kwargs: requests.append(path) or original(path, *args, **kwargs)
    ingest(store, extractor, TextDocument("a", YAMADA))
    writes = [path for path in requests if path == store.remote.options.update_path]
    ingest(store, extractor, TextDocument("a", YAMADA + "。"))
    writes_after_replace = [path for path in requests if path == store.remote.options.update_path]
    assert (len(writes), len(writes_after_replace)) == (1, 2)


def test_queries_past_the_http_timeout_are_cut(store: HarbourStore) -> None:
    from harbour.graph.evaluation import QueryRequest, QueryTimeout

    store.update("INSERT DATA { " + " ".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(300)) + " }")
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        store.evaluate(QueryRequest(slow, {"solutions": "json"}, deadline=time.monotonic() + 0.3))
    assert time.monotonic() - started < 2


def test_the_cli_loads_lists_searches_and_deletes_on_the_remote_store(store: HarbourStore, oxigraph_url: str,
                                                                       tmp_path: Path) -> None:
    text = tmp_path / "news.txt"
    text.write_text(YAMADA, encoding="utf-8")  # the fixture set HARBOUR_SEARCH_INDEX, which the CLI inherits
    loaded = run_harbour("load", str(text), store=oxigraph_url)
    assert loaded.returncode == 0, loaded.stderr
    docs = run_harbour("docs", "--format", "json", store=oxigraph_url)
    assert [d["id"] for d in json.loads(docs.stdout)] == [str(text)]
    assert "山田太郎" in run_harbour("search", "山田", store=oxigraph_url).stdout
    deleted = run_harbour("delete", str(text), store=oxigraph_url)
    assert deleted.returncode == 0, deleted.stderr
    assert store.document_iris() == []


def test_sparql_pass_through_answers_from_the_remote_server(client) -> None:
    answer = client.get("/sparql", query_string={"query": "SELECT (COUNT(?e) AS ?n) WHERE { ?e a hb:Person }"},
                        headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200
    assert int(answer.get_json()["results"]["bindings"][0]["n"]["value"]) > 0
    bad = client.get("/sparql", query_string={"query": "SELECT WHERE {"})
    assert bad.status_code == 400


def test_doctests_of_the_remote_module() -> None:
    import doctest

    from harbour.graph import remote

    result = doctest.testmod(remote)
    assert result.attempted > 0 and result.failed == 0


class _AuthenticatingProxy:
    """A real HTTP server in front of `oxigraph serve` (which has no authentication) that forwards only requests
    carrying ``expected`` as their Authorization header, as a secured SPARQL server would."""

    def __init__(self, target: str, expected: str) -> None:
        import http.server
        import threading

        import httpx

        class Handler(http.server.BaseHTTPRequestHandler):
            def _forward(self) -> None:
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                answer = httpx.request(self.command, target + self.path, content=body, headers=headers)
                self.send_response(answer.status_code)
                self.send_header("Content-Type", answer.headers.get("content-type", "text/plain"))
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = _forward

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("variables, header", [
    ({"HARBOUR_STORE_TOKEN": "s3cret"}, "Bearer s3cret"),
    ({"HARBOUR_STORE_USER": "curator", "HARBOUR_STORE_PASSWORD": "pw"}, "Basic Y3VyYXRvcjpwdw=="),
])
def test_credentials_from_the_environment_reach_the_server(store: HarbourStore, oxigraph_url: str,
                                                           monkeypatch: pytest.MonkeyPatch, variables: dict,
                                                           header: str) -> None:
    from harbour.graph.remote import RemoteStoreError

    proxy = _AuthenticatingProxy(oxigraph_url, header)
    try:
        with pytest.raises(RemoteStoreError, match="401"):
            HarbourStore(proxy.url).document_iris()
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        secured = HarbourStore(proxy.url)
        secured.update("INSERT DATA { GRAPH <urn:doc> { <urn:s> <urn:p> 1 } }")
        assert len(secured) == len(store)
    finally:
        proxy.close()


def test_dump_from_the_remote_store_restores_into_an_embedded_one(store: HarbourStore, extractor,
                                                                   tmp_path: Path) -> None:
    from harbour.extract import TextDocument
    from harbour.graph.documents import load_documents

    from .test_lifecycle import SATO, everything

    load_documents(store, extractor, [TextDocument("a", YAMADA), TextDocument("b", SATO)])
    dump = tmp_path / "dump.nq"
    with dump.open("wb") as output:
        store.dump(output)
    embedded = HarbourStore(tmp_path / "embedded")
    embedded.restore(dump)
    assert len(embedded) == len(store) and everything(embedded) == everything(store)
    store.update("DROP ALL")
    store.restore(dump)  # and back, through the Graph Store Protocol
    assert everything(store) == everything(embedded)
