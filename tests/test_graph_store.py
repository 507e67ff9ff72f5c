"""The SPARQL 1.1 Graph Store HTTP Protocol at /store, through the Flask app on a real on-disk store."""

from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph, URIRef

from .conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = "http://example.org/people"
ALICE = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<http://example.org/alice> a foaf:Person ; foaf:name "Alice" ; foaf:knows [ foaf:name "Bob" ] .
"""
CAROL = '<http://example.org/carol> <http://xmlns.com/foaf/0.1/name> "Carol" .\n'


def put(client, body: str, media: str = "text/turtle; charset=utf-8", **target):
    return client.put("/store", data=body.encode(), headers={**AUTH, "Content-Type": media},
                      query_string=target or {"graph": GRAPH})


def get_graph(client, accept: str = "text/turtle", **target) -> Graph:
    response = client.get("/store", headers={"Accept": accept}, query_string=target or {"graph": GRAPH})
    assert response.status_code == 200, response.get_data(as_text=True)
    return Graph().parse(data=response.data, format={"text/turtle": "turtle",
                                                     "application/n-triples": "nt",
                                                     "application/rdf+xml": "xml",
                                                     "application/ld+json": "json-ld"}[accept])


def names(graph: Graph) -> set[str]:
    return {str(o) for o in graph.objects(None, URIRef("http://xmlns.com/foaf/0.1/name"))}


def test_put_creates_then_replaces(client) -> None:
    assert put(client, ALICE).status_code == 201
    assert names(get_graph(client)) == {"Alice", "Bob"}
    assert put(client, CAROL, "application/n-triples").status_code == 204
    assert names(get_graph(client)) == {"Carol"}


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/rdf+xml",
                                    "application/ld+json"])
def test_get_negotiates(client, accept: str) -> None:
    put(client, ALICE)
    assert names(get_graph(client, accept)) == {"Alice", "Bob"}


def test_get_in_nquads_keeps_the_graph_name(client) -> None:
    put(client, CAROL, "application/n-triples")
    response = client.get("/store", query_string={"graph": GRAPH}, headers={"Accept": "application/n-quads"})
    dataset = Dataset().parse(data=response.data, format="nquads")
    assert URIRef(GRAPH) in {g.identifier for g in dataset.graphs()}


def test_head_and_missing_graphs(client) -> None:
    assert client.head("/store", query_string={"graph": GRAPH}).status_code == 404
    assert client.get("/store", query_string={"graph": GRAPH}).status_code == 404
    put(client, ALICE)
    head = client.head("/store", query_string={"graph": GRAPH}, headers={"Accept": "text/turtle; charset=utf-8"})
    assert head.status_code == 200 and head.mimetype == "text/turtle" and head.data == b""


def test_delete(client) -> None:
    put(client, ALICE)
    assert client.delete("/store", query_string={"graph": GRAPH}, headers=AUTH).status_code == 204
    assert client.get("/store", query_string={"graph": GRAPH}).status_code == 404
    assert client.delete("/store", query_string={"graph": GRAPH}, headers=AUTH).status_code == 404


def test_post_merges_with_fresh_blank_nodes(client) -> None:
    assert client.post("/store", data=ALICE.encode(), content_type="text/turtle", headers=AUTH,
                       query_string={"graph": GRAPH}).status_code == 201
    assert client.post("/store", data=ALICE.encode(), content_type="text/turtle", headers=AUTH,
                       query_string={"graph": GRAPH}).status_code == 204
    graph = get_graph(client)
    bobs = list(graph.subjects(URIRef("http://xmlns.com/foaf/0.1/name"), None))
    assert len([b for b in bobs if not isinstance(b, URIRef)]) == 2  # each POST brought its own Bob


def test_post_multipart_form_data(client) -> None:
    put(client, CAROL, "application/n-triples")
    boundary = "b0undary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"a\"; filename=\"alice.ttl\"\r\n"
            f"Content-Type: text/turtle\r\n\r\n{ALICE}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"b\"; filename=\"dan.nt\"\r\n\r\n"
            f"<http://example.org/dan> <http://xmlns.com/foaf/0.1/name> \"Dan\" .\n\r\n--{boundary}--\r\n")
    response = client.post("/store", data=body.encode(), headers={**AUTH, "Content-Type":
                                                                    f"multipart/form-data; boundary={boundary}"},
                           query_string={"graph": GRAPH})
    assert response.status_code == 204, response.get_data(as_text=True)
    assert names(get_graph(client)) == {"Carol", "Alice", "Bob", "Dan"}


def test_post_to_the_store_creates_a_graph(client) -> None:
    response = client.post("/store", data=CAROL.encode(), content_type="application/n-triples", headers=AUTH)
    assert response.status_code == 201
    location = response.headers["Location"]
    assert location.startswith("http://localhost/store/")
    assert names(get_graph(client, graph=location)) == {"Carol"}
    direct = client.get(location.removeprefix("http://localhost"), headers={"Accept": "text/turtle"})
    assert direct.status_code == 200 and "Carol" in direct.get_data(as_text=True)


def test_direct_identification(client) -> None:
    response = client.put("/store/people/1", data=CAROL.encode(), headers={**AUTH, "Content-Type": "application/n-triples"})
    assert response.status_code == 201
    assert names(get_graph(client, graph="http://localhost/store/people/1")) == {"Carol"}
    assert client.delete("/store/people/1", headers=AUTH).status_code == 204


def test_default_graph(client) -> None:
    assert put(client, CAROL, "application/n-triples", default="").status_code == 204
    assert names(get_graph(client, default="")) == {"Carol"}
    asked = client.get("/sparql", query_string={"query": "ASK { <http://example.org/carol> ?p ?o }"})
    assert json.loads(asked.data)["boolean"] is True
    assert client.delete("/store", query_string={"default": ""}, headers=AUTH).status_code == 204
    assert names(get_graph(client, default="")) == set()


def test_post_a_dataset_to_the_store(client) -> None:
    nquads = f'<urn:s> <urn:p> "x" <{GRAPH}> .\n<urn:s> <urn:p> "y" <http://example.org/other> .\n'
    response = client.post("/store", data=nquads.encode(), content_type="application/n-quads", headers=AUTH)
    assert response.status_code == 204
    dump = client.get("/store", headers={"Accept": "application/n-quads"})
    assert dump.status_code == 200 and dump.mimetype == "application/n-quads"
    dataset = Dataset().parse(data=dump.data, format="nquads")
    graphs = {str(g.identifier) for g in dataset.graphs()}
    assert {GRAPH, "http://example.org/other", "https://w3id.org/harbour/ns"} <= graphs


def test_bad_payload_is_400_and_changes_nothing(client) -> None:
    put(client, ALICE)
    response = put(client, "<http://example.org/x> <broken")
    assert response.status_code == 400 and "parse" in response.get_data(as_text=True)
    assert names(get_graph(client)) == {"Alice", "Bob"}


def test_wrong_media_type_is_415(client) -> None:
    assert put(client, "a,b", "text/csv").status_code == 415


def test_bad_graph_iri_is_400(client) -> None:
    assert client.get("/store", query_string={"graph": "not an iri"}).status_code == 400


def test_writes_need_the_token_reads_do_not(client) -> None:
    for method in (client.put, client.post, client.delete):
        refused = method("/store", data=CAROL.encode(), content_type="application/n-triples",
                         query_string={"graph": GRAPH})
        assert refused.status_code == 401
        assert refused.headers["Access-Control-Allow-Origin"] == "*"
    wrong = client.put("/store", data=CAROL.encode(), query_string={"graph": GRAPH},
                       headers={"Authorization": "Bearer wrong", "Content-Type": "application/n-triples"})
    assert wrong.status_code == 401
    assert client.get("/store", query_string={"graph": "https://w3id.org/harbour/ns"}).status_code == 200


def test_put_without_a_graph_is_refused(client) -> None:
    response = client.put("/store", data=CAROL.encode(), headers={**AUTH, "Content-Type": "application/n-triples"})
    assert response.status_code == 400
