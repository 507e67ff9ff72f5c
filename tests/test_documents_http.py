"""/documents over HTTP: the Flask client on a real store, and a real `harbour serve` on 127.0.0.1."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from harbour.config import Settings
from harbour.extract import TextDocument
from harbour.graph.identity import DEFAULT_BASE

from .conftest import TOKEN, ServedHarbour
from .test_documents_readers import PAGE, tiny_pdf

AUTH = {"Authorization": f"Bearer {TOKEN}"}
SAMPLE_ID = "samples/cyberport-ai-2024-11-22.ja.txt"
YAMADA = "行政長官の山田太郎は本日、東京都を訪問した。"


def test_list_documents_as_json_and_as_html_with_a_json_twin(client) -> None:
    listing = client.get("/documents")
    assert listing.status_code == 200 and listing.mimetype == "application/json"
    body = listing.get_json()
    assert body["count"] == 1
    (document,) = body["documents"]
    assert document["id"] == SAMPLE_ID and document["language"] == "ja" and document["mentions"] > 0
    assert document["url"] == f"/documents/{SAMPLE_ID}"
    page = client.get("/documents", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert SAMPLE_ID in html and 'rel="alternate" type="application/json"' in html


def test_one_document_as_json_html_and_rdf_by_accept(client) -> None:
    url = f"/documents/{SAMPLE_ID}"
    as_json = client.get(url).get_json()
    assert as_json["id"] == SAMPLE_ID and as_json["text"].startswith(as_json["text"][:10]) and len(as_json["text"]) \
        == as_json["characters"]
    turtle = client.get(url, headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle"
    graph = Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
    assert len(graph) > 100
    nquads = client.get(url, query_string={"format": "nquads"})
    dataset = Dataset().parse(data=nquads.get_data(as_text=True), format="nquads")
    assert {str(g.identifier) for g in dataset.graphs() if len(g)} == {as_json["iri"]}
    for accept, media in [("application/ld+json", "application/ld+json"), ("application/rdf+xml", "application/rdf+xml"),
                          ("application/n-triples", "application/n-triples"), ("application/trig", "application/trig")]:
        assert client.get(url, headers={"Accept": accept}).mimetype == media
    html = client.get(url, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "行政長官" in html
    assert client.get("/documents/no/such/doc").status_code == 404
    assert client.get(url, query_string={"format": "pptx"}).status_code == 400


def test_post_json_then_reload_is_unchanged_and_put_replaces(client) -> None:
    created = client.post("/documents", json={"id": "news/1", "text": YAMADA, "title": "見出し",
                                              "date": "2024-02-03"}, headers=AUTH)
    assert created.status_code == 201, created.get_json()
    assert created.headers["Location"] == "/documents/news/1"
    assert created.get_json()["status"] == "loaded"
    again = client.post("/documents", json={"id": "news/1", "text": YAMADA, "title": "見出し", "date": "2024-02-03"},
                        headers=AUTH)
    assert (again.status_code, again.get_json()["status"]) == (200, "unchanged")
    info = client.get("/documents/news/1").get_json()
    assert (info["title"], info["date"]) == ("見出し", "2024-02-03")
    replaced = client.put("/documents/news/1", data="社長の佐藤花子は大阪府を訪問した。".encode(),
                          content_type="text/plain; charset=utf-8", headers=AUTH)
    assert (replaced.status_code, replaced.get_json()["status"]) == (200, "replaced")
    info = client.get("/documents/news/1").get_json()
    assert info["text"] == "社長の佐藤花子は大阪府を訪問した。" and info["title"] is None


def test_multipart_uploads_of_html_and_pdf(client) -> None:
    page = client.post("/documents", data={"file": (__import__("io").BytesIO(PAGE.encode()), "page.html")},
                       headers=AUTH, content_type="multipart/form-data")
    assert page.status_code == 201, page.get_json()
    info = client.get("/documents/page.html").get_json()
    assert info["title"] == "東京都が新施設を公開" and info["date"] == "2023-04-05" and "ホーム" not in info["text"]
    pdf = tiny_pdf(["Tokyo Governor Jane Smith visited Osaka."], title="Visit")
    upload = client.post("/documents", data={"file": (__import__("io").BytesIO(pdf), "visit.pdf"), "id": "reports/v",
                                             "date": "2020-01-02"},
                         headers=AUTH, content_type="multipart/form-data")
    assert upload.status_code == 201, upload.get_json()
    info = client.get("/documents/reports/v").get_json()
    assert (info["title"], info["date"], info["language"]) == ("Visit", "2020-01-02", "en")


def test_json_array_loads_many_and_reports_each(client) -> None:
    response = client.post("/documents", json=[{"id": "a", "text": YAMADA}, {"id": "b", "text": ""}], headers=AUTH)
    assert response.status_code == 422
    body = response.get_json()
    assert body["summary"] == "1 loaded, 0 replaced, 0 unchanged, 1 failed"
    assert [d["status"] for d in body["documents"]] == ["loaded", "failed"]


def test_bad_bodies_are_clear_errors(client) -> None:
    assert client.post("/documents", data=b"\x89PNG\r\n\x1a\n", content_type="image/png", headers=AUTH).status_code == 415
    no_id = client.post("/documents", data=YAMADA.encode(), content_type="text/plain", headers=AUTH)
    assert no_id.status_code == 400 and "needs an id" in no_id.get_json()["error"]
    no_file = client.post("/documents", data={"id": "x"}, content_type="multipart/form-data", headers=AUTH)
    assert no_file.status_code == 400 and '"file"' in no_file.get_json()["error"]
    # A well-formed request whose document cannot be used is 422, with the same message the CLI prints.
    empty = client.put("/documents/e", data=b"  ", content_type="text/plain", headers=AUTH)
    assert empty.status_code == 422 and empty.get_json()["error"] == "e: the document is empty"
    bad_date = client.put("/documents/d", json={"text": YAMADA, "date": "soon"}, headers=AUTH)
    assert bad_date.status_code == 422 and "ISO date" in bad_date.get_json()["error"]


def test_writes_need_the_token_and_read_only_refuses_them(client, app) -> None:
    assert client.post("/documents", json={"id": "x", "text": YAMADA}).status_code == 401
    assert client.put("/documents/x", json={"text": YAMADA}, headers={"Authorization": "Bearer wrong"}).status_code \
        == 401
    assert client.delete(f"/documents/{SAMPLE_ID}").status_code == 401
    harbour = app.extensions["harbour"]
    harbour.settings = Settings(store=harbour.settings.store, token=TOKEN, read_only=True)
    assert client.delete(f"/documents/{SAMPLE_ID}", headers=AUTH).status_code == 403
    assert client.get("/documents").get_json()["count"] == 1


def test_delete_removes_the_document_and_its_orphans(client) -> None:
    client.post("/documents", json={"id": "mine", "text": YAMADA}, headers=AUTH)
    assert client.delete("/documents/mine", headers=AUTH).status_code == 204
    assert client.delete("/documents/mine", headers=AUTH).status_code == 404
    assert client.get("/documents/mine").status_code == 404
    names = client.get("/sparql", query_string={"query": "SELECT ?l WHERE { ?e rdfs:label '山田太郎'@ja }"},
                       headers={"Accept": "application/sparql-results+json"}).get_json()
    assert names["results"]["bindings"] == []


@pytest.mark.parametrize("doc_id", ["../../etc/passwd", "a/../../../b", "a b/../c", "./x/.././../y"])
def test_document_ids_cannot_escape_the_doc_namespace(client, doc_id: str) -> None:
    response = client.put(f"/documents/{doc_id}", json={"text": YAMADA}, headers=AUTH)
    assert response.status_code == 201, response.get_json()
    iri = response.get_json()["iri"]
    assert iri.startswith(DEFAULT_BASE + "doc/")
    path = iri[len(DEFAULT_BASE + "doc/"):]
    assert ".." not in path.split("/") and not path.startswith("/") and " " not in path
    assert client.get(f"/documents/{doc_id}").get_json()["iri"] == iri


def test_documents_over_a_real_server(tmp_path: Path) -> None:
    server = ServedHarbour(tmp_path / "store")
    try:
        def call(method: str, path: str, body: bytes | None = None, headers: dict | None = None):
            request = urllib.request.Request(server.url + path, data=body, method=method, headers=headers or {})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as error:
                return error.code, error.read()

        payload = json.dumps({"text": YAMADA, "title": "t"}, ensure_ascii=False).encode()
        json_headers = {"Content-Type": "application/json", **AUTH}
        assert call("PUT", "/documents/live/1", payload, {"Content-Type": "application/json"})[0] == 401
        status, body = call("PUT", "/documents/live/1", payload, json_headers)
        assert status == 201, body
        status, body = call("GET", "/documents")
        assert status == 200 and [d["id"] for d in json.loads(body)["documents"]] == ["live/1"]
        status, body = call("GET", "/documents/live/1", headers={"Accept": "text/turtle"})
        assert status == 200 and "山田太郎" in body.decode()
        assert call("DELETE", "/documents/live/1", headers=AUTH)[0] == 204
        assert json.loads(call("GET", "/documents")[1])["count"] == 0
    finally:
        server.stop()


def test_the_listing_comes_a_page_at_a_time_with_links_to_the_next(client, loaded_store, extractor) -> None:
    for n in range(4):
        extraction = extractor.extract(TextDocument(f"page-{n}", f"山田太郎は{n + 1}月に東京都を訪問した。"))
        loaded_store.put_document(extraction.iri, extraction.triples, extraction.content_hash)
    first = client.get("/documents?limit=2")
    body = first.get_json()
    assert (body["count"], body["offset"], body["limit"], body["previous"]) == (5, 0, 2, None)
    assert [d["id"] for d in body["documents"]] == ["page-0", "page-1"]
    assert body["next"] == "/documents?limit=2&offset=2" and 'rel="next"' in first.headers["Link"]
    seen = [d["id"] for d in body["documents"]]
    while body["next"]:
        body = client.get(body["next"]).get_json()
        seen += [d["id"] for d in body["documents"]]
    assert seen == ["page-0", "page-1", "page-2", "page-3", SAMPLE_ID] and body["previous"] == "/documents?limit=2&offset=2"
    html = client.get("/documents?limit=2&offset=2&format=html").get_data(as_text=True)
    assert "5 documents, 3–4 shown" in html and 'rel="next"' in html and 'rel="prev"' in html
    for bad in ("limit=0", "limit=1001", "offset=-1", "limit=x"):
        answer = client.get(f"/documents?{bad}")
        assert answer.status_code == 400 and "limit must be" in answer.get_json()["error"]
