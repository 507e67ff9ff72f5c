"""Hostile input over HTTP against a real `harbour serve`: property-based (hypothesis), bounded in examples.

Each property sends what a careless or hostile client might (malformed SPARQL, wrong media types, huge and
deeply nested bodies, invalid UTF-8, IRIs with spaces and control characters, path traversal in document ids,
zip-bomb-like HTML and PDF, binary) and asserts the server never answers 5xx and still answers a cheap query
afterwards. Each test prints a ``FIGURES {json}`` line (inputs tried, 5xx answers, healthy after) that
``bench/reliability_report.py`` collects into ``docs/reliability.md``.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import time
import urllib.parse
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import TOKEN, ServedHarbour

#: Examples per property; HARBOUR_FUZZ_EXAMPLES raises it for a longer run (bench/reliability_report.py --long).
EXAMPLES = int(os.environ.get("HARBOUR_FUZZ_EXAMPLES", "150"))
#: Fewer for the documents API: a usable document is extracted by spaCy in the server's extraction worker (up to
#: the server's --extract-timeout of 5 s each; one generated input once kept a server busy for minutes before
#: extraction had a time limit, see docs/reliability.md).
DOCUMENT_EXAMPLES = max(10, EXAMPLES // 10)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
AUTH = {"Authorization": f"Bearer {TOKEN}"}

VALID_QUERIES = [
    "SELECT * WHERE { ?s ?p ?o } LIMIT 5",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3",
    "PREFIX hb: <https://w3id.org/harbour/ns#> SELECT ?e (COUNT(?m) AS ?n) WHERE { ?e hb:mentionedIn ?m } GROUP BY ?e",
    'SELECT ?x WHERE { VALUES ?x { "a"@en 1 2.5 true <urn:x> } FILTER(REGEX(STR(?x), "^a", "i")) }',
    "DESCRIBE <urn:nothing>",
]
VALID_UPDATES = [
    'INSERT DATA { GRAPH <urn:fuzz> { <urn:s> <urn:p> "o" } }',
    "DELETE WHERE { GRAPH <urn:fuzz> { ?s ?p ?o } }",
    "CLEAR SILENT GRAPH <urn:fuzz>",
    'WITH <urn:fuzz> INSERT { ?s <urn:q> 1 } WHERE { ?s ?p ?o }',
]
MEDIA_TYPES = ["application/sparql-query", "application/sparql-update", "application/x-www-form-urlencoded",
               "text/plain", "application/json", "multipart/form-data", "multipart/form-data; boundary=x",
               "application/sparql-query; charset=latin-1", "application/sparql-query; charset=utf-8",
               "text/turtle", "application/ld+json", "application/octet-stream", "image/png", "", "garbage/",
               "application/sparql-query;;;===", "text/html; charset=\x7f"]
ACCEPTS = ["*/*", "application/sparql-results+json", "text/csv", "text/turtle", "application/ld+json",
           "image/png", "", "*/*;q=abc", "text/*, application/*;q=0.1", "application/sparql-results+xml;q=0",
           "\u00ff/\u00ff", "a" * 5000]
HOSTILE_IRIS = ["http://a b/c", "http://x/\x00", "http://x/\x1f\x7f", "urn:\u202e", "http://x/\ud7ff", "<>", "",
                "http://x/" + "%" * 50, "http://x/\r\nX-Injected: 1", "javascript:alert(1)", "file:///etc/passwd",
                "../../etc/passwd", "http://[::1", "http://x/" + "a" * 10_000]


def deep(depth: int, opener: str, closer: str, inner: str = "") -> str:
    return opener * depth + inner + closer * depth


def mutated(text: str, data: st.DataObject) -> str:
    """``text`` with a few characters inserted, deleted or swapped."""
    chars = list(text)
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        position = data.draw(st.integers(0, len(chars)), label="position")
        action = data.draw(st.sampled_from(["insert", "delete", "swap"]), label="action")
        if action == "insert":
            chars.insert(position, data.draw(st.sampled_from(list("{}()[]<>\"'\\#?$.;,*^|\x00\n") + ["\ud7ff"])))
        elif chars and position < len(chars):
            if action == "delete":
                del chars[position]
            else:
                chars[position] = data.draw(st.characters(), label="character")
    return "".join(chars)


sparql_texts = st.one_of(
    st.text(max_size=300),
    st.sampled_from(VALID_QUERIES + VALID_UPDATES),
    st.builds(lambda iri, q: q.replace("<urn:x>", "<" + iri + ">").replace("<urn:nothing>", "<" + iri + ">"),
              st.sampled_from(HOSTILE_IRIS), st.sampled_from(VALID_QUERIES)),
    st.builds(lambda n, kind: "SELECT * WHERE " + deep(n, "{", "}") if kind == "group"
              else "ASK { FILTER(" + deep(n, "(", ")", "1") + ") }" if kind == "paren"
              else "SELECT * WHERE { ?s ?p " + deep(n, "[ ?p ", " ]", "1") + " }",
              st.integers(1, 60_000), st.sampled_from(["group", "paren", "blank"])),
    st.builds(lambda n: 'ASK { FILTER("' + "x" * n + '" != "") }', st.integers(0, 900_000)),
)


def send(server: ServedHarbour, method: str, path: str, body: bytes | None = None,
         headers: dict | None = None, timeout: float = 60) -> tuple[int, bytes]:
    """One request through http.client (which lets us send any bytes and media types); (status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        try:
            connection.request(method, path, body=body, headers=headers or {})
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered (e.g. 413) and closed before the whole body was sent: read that answer
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def header_safe(value: str) -> str:
    """What http.client will put in a header: latin-1 without line breaks."""
    return value.encode("latin-1", "replace").decode("latin-1").replace("\r", " ").replace("\n", " ")


def healthy(server: ServedHarbour) -> bool:
    started = time.monotonic()
    status, body = send(server, "GET", "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"),
                        headers={"Accept": "application/sparql-results+json"}, timeout=10)
    return server.process.poll() is None and status == 200 and time.monotonic() - started < 5


def no_server_error(status: int, body: bytes) -> bool:
    """Below 500, or the 503 of the query time limit doing its job (deep nesting is slow on a busy machine)."""
    return status < 500 or status == 503 and b"time limit" in body


class Tally:
    """Inputs tried and answers by status class, for the figures."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.statuses: Counter[int] = Counter()
        self.server_errors: list[str] = []

    def record(self, status: int, what: str, body: bytes) -> None:
        self.statuses[status] += 1
        if not no_server_error(status, body):
            self.server_errors.append(f"{status} for {what[:200]!r}: {body[:200]!r}")

    def report(self, server: ServedHarbour) -> None:
        alive = healthy(server)
        figures = {"test": self.name, "inputs": sum(self.statuses.values()),
                   "5xx": len(self.server_errors), "cut_at_time_limit": len(self.statuses) and self.statuses[503] - len(
                       [e for e in self.server_errors if e.startswith("503")]), "healthy_after": alive,
                   "statuses": {str(s): n for s, n in sorted(self.statuses.items())}}
        print("FIGURES " + json.dumps(figures))
        assert not self.server_errors, "\n".join(self.server_errors[:10])
        assert alive, "the server did not answer a cheap query after the fuzzing"


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    """A server with a token, a 3 s time limit and a 1 MB body limit, holding one document and 200 triples."""
    server = ServedHarbour(tmp_path_factory.mktemp("fuzz") / "store", "--query-timeout", "3", "--max-body", "1",
                           "--extract-timeout", "5")
    triples = "".join(f'<http://example.org/s{i}> <http://example.org/p{i % 5}> "{i}" .\n' for i in range(200))
    assert send(server, "PUT", "/store?graph=" + urllib.parse.quote("http://example.org/data", safe=""),
                triples.encode(), {"Content-Type": "application/n-triples", **AUTH})[0] == 201
    status, body = send(server, "PUT", "/documents/fuzz/seed", json.dumps({"text": "Acme Corporation opened an "
                        "office in Tokyo with Jane Smith.", "lang": "en"}).encode(),
                        {"Content-Type": "application/json", **AUTH})
    assert status == 201, body
    yield server
    server.stop()


def test_query_endpoint_never_answers_5xx(fuzz_server: ServedHarbour) -> None:
    tally = Tally("query endpoint")

    @FUZZ
    @given(text=sparql_texts, how=st.sampled_from(["get", "form", "direct", "direct-bytes"]),
           media=st.sampled_from(MEDIA_TYPES), accept=st.sampled_from(ACCEPTS), data=st.data(),
           extra=st.dictionaries(st.sampled_from(["default-graph-uri", "named-graph-uri", "format", "query",
                                                  "update", "x"]), st.sampled_from(HOSTILE_IRIS + ["json", "csv"]),
                                 max_size=2))
    def fuzz(text: str, how: str, media: str, accept: str, data: st.DataObject, extra: dict) -> None:
        if data.draw(st.booleans(), label="mutate"):
            text = mutated(text, data)
        encoded = text.encode("utf-8", "surrogatepass")
        headers = {"Accept": header_safe(accept)}
        extra_query = urllib.parse.urlencode(extra)
        if how == "get":
            path = "/sparql?" + urllib.parse.urlencode({"query": encoded}) + ("&" + extra_query if extra else "")
            if len(path) > 60_000:
                path = path[:60_000]
            status, body = send(fuzz_server, "GET", path, headers=headers)
        elif how == "form":
            form = urllib.parse.urlencode({"query": encoded, **extra}).encode()
            status, body = send(fuzz_server, "POST", "/sparql", form,
                                {**headers, "Content-Type": "application/x-www-form-urlencoded"})
        else:
            payload = data.draw(st.binary(max_size=500), label="bytes") if how == "direct-bytes" else encoded
            status, body = send(fuzz_server, "POST", "/sparql?" + extra_query, payload,
                                {**headers, "Content-Type": header_safe(media)})
        tally.record(status, f"{how} {media} {text}", body)
        assert no_server_error(status, body), body[:300]

    fuzz()
    tally.report(fuzz_server)


def test_update_endpoint_never_answers_5xx(fuzz_server: ServedHarbour) -> None:
    tally = Tally("update endpoint")

    @FUZZ
    @given(text=sparql_texts, data=st.data(), media=st.sampled_from(MEDIA_TYPES + ["application/sparql-update"] * 4),
           token=st.sampled_from([TOKEN, TOKEN, None, "wrong", TOKEN + "\x00", " " + TOKEN]),
           path=st.sampled_from(["/update", "/sparql"]),
           using=st.lists(st.sampled_from(HOSTILE_IRIS + ["urn:fuzz"]), max_size=2))
    def fuzz(text: str, data: st.DataObject, media: str, token: str | None, path: str, using: list[str]) -> None:
        if data.draw(st.booleans(), label="mutate"):
            text = mutated(text, data)
        headers = {"Content-Type": header_safe(media)}
        if token is not None:
            headers["Authorization"] = header_safe(f"Bearer {token}")
        payload = text.encode("utf-8", "surrogatepass")
        if data.draw(st.booleans(), label="invalid utf-8"):
            payload = payload + b"\xff\xfe\xc3("
        if media == "application/x-www-form-urlencoded":
            payload = urllib.parse.urlencode({"update": payload}).encode()
        query = urllib.parse.urlencode([("using-graph-uri", iri) for iri in using])
        status, body = send(fuzz_server, "POST", path + ("?" + query if query else ""), payload, headers)
        tally.record(status, f"{media} {text}", body)
        assert no_server_error(status, body), body[:300]  # (a query posted to /sparql may reach the time limit)
        # RFC 7235 allows 1*SP between the scheme and the credentials: "Bearer  <token>" is the right token.
        if token is None or token.lstrip(" ") != TOKEN:
            assert status != 204, "an update without the token was applied"

    fuzz()
    tally.report(fuzz_server)


def zip_bomb_pdf(megabytes: int) -> bytes:
    """A valid one-page PDF whose content stream inflates from a few KB to ``megabytes`` MB."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 10 10 Td (Acme) Tj ET\n" + b" " * (megabytes * 2**20))
    page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def zip_bomb_html(depth: int, width: int) -> bytes:
    return ("<html><head><title>" + "<" * 100 + "</title></head><body>" + "<div>" * depth
            + ("<p>Acme Corporation opened an office in Tokyo.</p>" * width) + "</div>" * depth
            + "</body></html>").encode()


documents_bodies = st.one_of(
    st.builds(lambda v: ("json", json.dumps(v).encode()),
              st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=40),
                           lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(st.sampled_from(["id", "text", "title", "date", "lang", "source", "x"]),
                                             children, max_size=5), max_leaves=12)),
    st.builds(lambda doc_id, text, date, lang: ("json", json.dumps({"id": doc_id, "text": text, "date": date,
                                                                    "lang": lang}).encode()),
              st.text(max_size=30), st.text(max_size=120), st.sampled_from(["2024-01-02", "soon", "", "9999-99-99"]),
              st.sampled_from(["ja", "en", "xx", "", "en\x00"])),
    st.builds(lambda n: ("json", deep(n, "[", "]").encode()), st.integers(1, 200_000)),
    st.builds(lambda n: ("json", deep(n, '{"text":', "}", '"x"').encode()), st.integers(1, 100_000)),
    st.builds(lambda b: ("bytes", b), st.binary(max_size=2000)),
    st.builds(lambda b: ("bytes", b"%PDF-1.4\n" + b), st.binary(max_size=2000)),
    st.builds(lambda d, w: ("html", zip_bomb_html(d, w)), st.integers(1, 5000), st.integers(0, 40)),
    st.builds(lambda t: ("text", t.encode("utf-8", "surrogatepass")), st.text(max_size=200)),
    st.just(("bytes", b"\xff\xfe\x00\x00" * 100)),
)
DOCUMENT_IDS = st.one_of(st.text(max_size=40), st.sampled_from(
    ["../../etc/passwd", "..%2F..%2Fetc", "a/../../b", "/abs", "%00", "a b", "x?y#z", "doc/../../store", ".",
     "..", "a" * 3000, "\u202eevil", "CON", "a//b"]))


def test_documents_api_never_answers_5xx(fuzz_server: ServedHarbour) -> None:
    tally = Tally("documents API")
    cut = Counter()  # uploads answered 422 because extraction ran past the server's time limit

    @settings(FUZZ, max_examples=DOCUMENT_EXAMPLES)
    @given(body=documents_bodies, doc_id=DOCUMENT_IDS, method=st.sampled_from(["POST", "PUT", "PUT", "DELETE"]),
           media=st.sampled_from(["application/json", "text/plain", "text/html", "application/pdf", "text/markdown",
                                  "multipart/form-data", "application/octet-stream", "", "image/png"]),
           as_file=st.booleans())
    def fuzz(body: tuple[str, bytes], doc_id: str, method: str, media: str, as_file: bool) -> None:
        kind, payload = body
        quoted = urllib.parse.quote(doc_id.encode("utf-8", "surrogatepass"), safe="/")
        headers = {**AUTH, "Content-Type": media}
        if as_file and method == "POST":
            boundary = "fuzzboundary"
            payload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n".encode()
                       + doc_id.encode("utf-8", "surrogatepass") + f"\r\n--{boundary}\r\nContent-Disposition: "
                       f"form-data; name=\"file\"; filename=\"x.{kind}\"\r\n\r\n".encode() + payload
                       + f"\r\n--{boundary}--\r\n".encode())
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        path = "/documents" if method == "POST" else "/documents/" + quoted
        if method == "POST" and not as_file:
            path += "?" + urllib.parse.urlencode({"id": doc_id.encode("utf-8", "surrogatepass")})
        status, answer = send(fuzz_server, method, path, payload if method != "DELETE" else None, headers, timeout=120)
        tally.record(status, f"{method} {path[:80]} {media} {kind} {payload[:80]!r}", answer)
        assert status < 500, answer[:300]
        cut["extraction time limit"] += status == 422 and b"extraction took longer than the limit" in answer
        if status in (200, 201):
            iri = json.loads(answer).get("iri") or json.loads(answer)["documents"][0].get("iri", "")
            assert not iri or "/doc/" in iri and ".." not in iri.split("/doc/", 1)[1].split("/")

    fuzz()
    print("FIGURES " + json.dumps({"test": "documents API: cut at the extraction time limit (5 s)",
                                   "uploads": cut["extraction time limit"]}))
    tally.report(fuzz_server)


def test_zip_bombs_to_the_documents_api_are_not_5xx(fuzz_server: ServedHarbour) -> None:
    tally = Tally("documents API bombs")
    bomb = zip_bomb_pdf(200)  # about 200 KB on the wire, 200 MB inflated
    for payload, media in ((bomb, "application/pdf"), (zip_bomb_html(20_000, 1), "text/html")):
        status, answer = send(fuzz_server, "PUT", "/documents/fuzz/bomb", payload, {**AUTH, "Content-Type": media},
                              timeout=300)
        tally.record(status, f"bomb {media}", answer)
    tally.report(fuzz_server)


def test_hostile_paths_and_iris_on_read_routes(fuzz_server: ServedHarbour) -> None:
    tally = Tally("read routes (entity, doc, store, search, api)")

    @FUZZ
    @given(route=st.sampled_from(["/entity/", "/doc/", "/documents/", "/api/entities/", "/store/", "/search?q=",
                                  "/api/entities?q=", "/store?graph=", "/ontology/", "/api/entities?limit="]),
           tail=st.one_of(st.text(max_size=60), st.sampled_from(HOSTILE_IRIS)),
           accept=st.sampled_from(ACCEPTS), suffix=st.sampled_from(["", ".ttl", ".jsonld", ".html", ".rdf", ".xyz"]))
    def fuzz(route: str, tail: str, accept: str, suffix: str) -> None:
        path = route + urllib.parse.quote(tail.encode("utf-8", "surrogatepass"), safe="/") + suffix
        status, body = send(fuzz_server, "GET", path, headers={"Accept": header_safe(accept)})
        tally.record(status, path, body)
        assert status < 500, (path, body[:300])

    fuzz()
    tally.report(fuzz_server)


# --- regressions found by the fuzzing ------------------------------------------------------------


@pytest.mark.parametrize("text", ["SELECT * WHERE " + deep(20_000, "{", "}"),
                                  "ASK { FILTER(" + deep(20_000, "(", ")", "1") + ") }"])
def test_deeply_nested_queries_are_400_not_a_crashed_worker(fuzz_server: ServedHarbour, text: str) -> None:
    status, body = send(fuzz_server, "POST", "/sparql", text.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"deep" in body, body[:200]
    assert send(fuzz_server, "POST", "/sparql", deep(100, "{", "}").join(["ASK ", ""]).encode(),
                {"Content-Type": "application/sparql-query"})[0] == 200  # ordinary nesting still works


def test_a_deeply_nested_update_or_json_ld_payload_does_not_crash_the_server(fuzz_server: ServedHarbour) -> None:
    update = "INSERT { <urn:a> <urn:b> 1 } WHERE " + deep(20_000, "{", "}")
    status, body = send(fuzz_server, "POST", "/update", update.encode(),
                        {"Content-Type": "application/sparql-update", **AUTH})
    assert status == 400 and b"deep" in body, body[:200]
    json_ld = deep(20_000, '{"@id": "urn:a", "urn:b": ', "}", "1")
    status, body = send(fuzz_server, "PUT", "/store?graph=urn%3Adeep", json_ld.encode(),
                        {"Content-Type": "application/ld+json", **AUTH})
    assert status == 400 and b"deep" in body, body[:200]
    assert healthy(fuzz_server)


def test_a_json_document_body_nested_too_deeply_is_400(fuzz_server: ServedHarbour) -> None:
    status, body = send(fuzz_server, "POST", "/documents", deep(100_000, "[", "]").encode(),
                        {"Content-Type": "application/json", **AUTH})
    assert status == 400, body[:200]
    assert healthy(fuzz_server)
