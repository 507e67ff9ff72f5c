"""The SPARQL 1.1 Protocol through the Flask app (in-process client on a real on-disk store)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph

from .conftest import TOKEN

SELECT = "SELECT ?name WHERE { ?p a hb:Person ; rdfs:label ?name } ORDER BY ?name"
CONSTRUCT = "CONSTRUCT { ?p rdfs:label ?name } WHERE { ?p a hb:Person ; rdfs:label ?name }"


def names(body: bytes) -> set[str]:
    return {b["name"]["value"] for b in json.loads(body)["results"]["bindings"]}


def test_get_post_form_and_post_direct_agree(client) -> None:
    by_get = client.get("/sparql", query_string={"query": SELECT})
    by_form = client.post("/sparql", data={"query": SELECT})
    by_body = client.post("/sparql", data=SELECT.encode(), content_type="application/sparql-query")
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert names(by_get.data) == names(by_form.data) == names(by_body.data)
    assert "李家超" in names(by_get.data)


@pytest.mark.parametrize("accept,media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_select_formats_by_accept(client, accept: str, media: str) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == media
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
        assert rows[0] == ["name"] and ["李家超"] in rows


@pytest.mark.parametrize("accept,rdf_format", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
def test_construct_formats_by_accept(client, accept: str, rdf_format: str) -> None:
    response = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200
    graph = Graph().parse(data=response.data, format=rdf_format)
    assert any(str(o) == "李家超" for o in graph.objects())


def test_format_parameter_overrides_accept(client) -> None:
    response = client.get("/sparql", query_string={"query": SELECT, "format": "csv"},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.mimetype == "text/csv"


def test_malformed_query_is_400_with_the_parser_message(client) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x"})
    assert response.status_code == 400
    assert "malformed query" in response.get_data(as_text=True)


def test_wrong_media_type_is_415(client) -> None:
    response = client.post("/sparql", data=b"{}", content_type="application/json")
    assert response.status_code == 415


def test_service_description_without_query(client) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.data, format="turtle")
    assert any("Service" in str(o) for o in graph.objects())


def test_update_needs_the_token(client) -> None:
    update = "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }"
    refused = client.post("/update", data={"update": update})
    assert refused.status_code == 401
    assert refused.headers["Access-Control-Allow-Origin"] == "*"
    wrong = client.post("/update", data={"update": update}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    accepted = client.post("/update", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert accepted.status_code == 204
    asked = client.get("/sparql", query_string={"query": "ASK { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }"})
    assert json.loads(asked.data)["boolean"] is True


def test_query_page_lists_examples_that_answer(client) -> None:
    from harbour.graph import queries

    page = client.get("/")
    assert page.status_code == 200
    for example in queries.examples():
        assert example.title in page.get_data(as_text=True)
        response = client.post("/sparql", data={"query": example.query})
        assert response.status_code == 200, example.name
        assert json.loads(response.data)["results"]["bindings"], f"{example.name} returns no rows on the sample"
