"""SPARQL 1.1 Protocol details through the Flask app on a real on-disk store (queries run in the real
worker processes): datasets, update datasets, media types and charsets, negotiation, 405/406/415,
the service description and VoID."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Namespace, URIRef

from harbour.config import Settings

from .conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
HB = Namespace("https://w3id.org/harbour/ns#")


@pytest.fixture
def make_client(loaded_store):
    """A client of an app with some settings changed; the apps are closed afterwards."""
    from harbour.server.app import create_app

    apps = []

    def make(**changes):
        app = create_app(Settings(store=str(loaded_store.path), token=TOKEN, **changes), store=loaded_store)
        apps.append(app)
        return app.test_client()

    yield make
    for app in apps:
        app.extensions["harbour"].close()


def update(client, text: str, **params) -> int:
    return client.post("/update", data=text.encode(), content_type="application/sparql-update", headers=AUTH,
                       query_string=params).status_code


def ask(client, text: str, **params) -> bool:
    response = client.get("/sparql", query_string={"query": text, **params})
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.data)["boolean"]


G1, G2 = "http://example.org/g1", "http://example.org/g2"


@pytest.fixture
def two_graphs(client):
    assert update(client, f"INSERT DATA {{ GRAPH <{G1}> {{ <urn:a> <urn:p> 1 }} GRAPH <{G2}> {{ <urn:b> <urn:p> 2 }} }}") == 204
    return client


def test_protocol_dataset_replaces_the_union_and_the_query_from(two_graphs) -> None:
    assert ask(two_graphs, "ASK { <urn:a> <urn:p> 1 . <urn:b> <urn:p> 2 }")  # default graph = union
    assert not ask(two_graphs, "ASK { <urn:b> <urn:p> 2 }", **{"default-graph-uri": G1})
    assert ask(two_graphs, "ASK { <urn:a> <urn:p> 1 }", **{"default-graph-uri": G1})
    assert ask(two_graphs, f"ASK FROM <{G2}> {{ <urn:b> <urn:p> 2 }}")
    assert not ask(two_graphs, f"ASK FROM <{G2}> {{ <urn:a> <urn:p> 1 }}")  # FROM replaces the union
    assert not ask(two_graphs, f"ASK FROM <{G2}> {{ <urn:b> <urn:p> 2 }}", **{"default-graph-uri": G1})
    assert ask(two_graphs, "ASK { GRAPH ?g { <urn:b> ?p ?o } }", **{"named-graph-uri": G2})
    assert not ask(two_graphs, "ASK { GRAPH ?g { <urn:b> ?p ?o } }", **{"named-graph-uri": G1})


def test_union_default_graph_can_be_turned_off(make_client) -> None:
    client = make_client(union_default_graph=False)
    assert update(client, f"INSERT DATA {{ GRAPH <{G1}> {{ <urn:a> <urn:p> 1 }} }}") == 204
    assert not ask(client, "ASK { <urn:a> <urn:p> 1 }")
    assert ask(client, "ASK { GRAPH ?g { <urn:a> <urn:p> 1 } }")
    sd = Graph().parse(data=client.get("/sparql", headers={"Accept": "text/turtle"}).data, format="turtle")
    assert (None, SD.feature, SD.UnionDefaultGraph) not in sd


def test_update_dataset_from_the_protocol(two_graphs) -> None:
    target = "http://example.org/out"
    text = f"INSERT {{ GRAPH <{target}> {{ ?s a <urn:Seen> }} }} WHERE {{ ?s <urn:p> ?o }}"
    assert update(two_graphs, text, **{"using-graph-uri": G1}) == 204
    assert ask(two_graphs, f"ASK {{ GRAPH <{target}> {{ <urn:a> a <urn:Seen> }} }}")
    assert not ask(two_graphs, f"ASK {{ GRAPH <{target}> {{ <urn:b> a <urn:Seen> }} }}")
    # DELETE WHERE gets the dataset too
    assert update(two_graphs, f"DELETE WHERE {{ GRAPH ?g {{ ?s <urn:p> ?o }} }}", **{"using-named-graph-uri": G2}) == 204
    assert ask(two_graphs, f"ASK {{ GRAPH <{G1}> {{ <urn:a> <urn:p> 1 }} }}")
    assert not ask(two_graphs, f"ASK {{ GRAPH <{G2}> {{ <urn:b> <urn:p> 2 }} }}")


def test_update_dataset_conflicting_with_using_or_with_is_400(client) -> None:
    text = "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    response = client.post("/update", data=text.encode(), content_type="application/sparql-update", headers=AUTH,
                           query_string={"using-named-graph-uri": G1})
    assert response.status_code == 400
    assert "WITH" in response.get_data(as_text=True)


def test_updates_are_also_accepted_at_the_query_endpoint(client) -> None:
    response = client.post("/sparql", data={"update": f"INSERT DATA {{ GRAPH <{G1}> {{ <urn:x> <urn:p> 3 }} }}"},
                           headers=AUTH)
    assert response.status_code == 204
    assert ask(client, "ASK { <urn:x> <urn:p> 3 }")
    assert client.post("/sparql", data={"update": "CLEAR ALL"}).status_code == 401
    assert client.get("/sparql", query_string={"update": "CLEAR ALL"}).status_code == 400


@pytest.mark.parametrize("content_type,status", [
    ("text/plain", 415), (None, 415), ("application/sparql-query; charset=UTF-16", 415),
])
def test_wrong_media_types_and_charsets(client, content_type: str | None, status: int) -> None:
    body = "ASK {}".encode("utf-16") if content_type and "16" in content_type else b"ASK {}"
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", data=body, headers=headers)
    assert response.status_code == status
    assert response.mimetype == "text/plain" and response.get_data(as_text=True).strip()


def test_invalid_utf8_is_400(client) -> None:
    response = client.post("/sparql", data=b"ASK { \xff }", content_type="application/sparql-query")
    assert response.status_code == 400


def test_two_queries_is_400(client) -> None:
    response = client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20*%20%7B%7D")
    assert response.status_code == 400


def test_methods_that_do_not_apply_are_405_with_allow(client) -> None:
    response = client.put("/sparql", data={"query": "ASK {}"})
    assert response.status_code == 405
    assert {"GET", "POST"} <= set(response.headers["Allow"].replace(" ", "").split(","))
    response = client.get("/update")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]


def test_nothing_acceptable_is_406(client) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o } LIMIT 1"},
                          headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.get_data(as_text=True)
    # the same Accept is fine for nothing else: a wildcard takes the default
    assert client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "*/*"}).status_code == 200


def test_unknown_format_parameter_is_400(client) -> None:
    assert client.get("/sparql", query_string={"query": "ASK {}", "format": "yaml"}).status_code == 400


@pytest.mark.parametrize("accept,parse_as", [
    ("application/n-quads", "nquads"), ("application/trig", "trig"), ("application/json", "json-ld"),
])
def test_construct_in_dataset_formats_and_json(client, accept: str, parse_as: str) -> None:
    query = "CONSTRUCT { ?p rdfs:label ?name } WHERE { ?p a hb:Person ; rdfs:label ?name }"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    from rdflib import Dataset

    dataset = Dataset().parse(data=response.data, format=parse_as)
    assert any(str(o) == "李家超" for o in dataset.objects())


def test_accept_parameters_do_not_hide_the_format(client) -> None:
    response = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s a hb:Person } LIMIT 1"},
                          headers={"Accept": "text/turtle; charset=utf-8"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"


def test_relative_iris_resolve_against_the_endpoint(client) -> None:
    assert update(client, "INSERT DATA { GRAPH <urn:base> { <urn:s> <urn:p> <relative> } }") == 204
    response = client.get("/sparql", query_string={"query": "SELECT ?o { GRAPH <urn:base> { ?s ?p ?o } }"})
    value = json.loads(response.data)["results"]["bindings"][0]["o"]["value"]
    assert value == "http://localhost/relative"


def test_service_description_describes_the_endpoint(client) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.data, format="turtle")
    service = URIRef("http://localhost/sparql")
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (service, SD.feature, SD.BasicFederatedQuery) not in graph  # SERVICE is off by default
    assert (service, SD.resultFormat, URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV")) in graph


def void_counts(client) -> dict[str, int]:
    graph = Graph().parse(data=client.get("/void", headers={"Accept": "text/turtle"}).data, format="turtle")
    dataset = URIRef("http://localhost/void")
    counts = {name: int(graph.value(dataset, VOID[name])) for name in ("triples", "entities", "classes")}
    partitions = {graph.value(p, VOID["class"]): int(graph.value(p, VOID.entities))
                  for p in graph.objects(dataset, VOID.classPartition)}
    counts["documents"] = partitions[HB.Document]
    counts["people"] = partitions.get(HB.Person, 0)
    return counts


def test_void_describes_the_dataset_and_stays_current(client, loaded_store) -> None:
    before = void_counts(client)
    assert before["documents"] == 1 and before["entities"] > 5 and before["people"] >= 3
    assert before["triples"] == len(loaded_store)
    person = "http://example.org/person/new"
    assert update(client, f"INSERT DATA {{ GRAPH <urn:g> {{ <{person}> a hb:Person ; rdfs:label 'New' }} }}") == 204
    after = void_counts(client)
    assert after["triples"] == before["triples"] + 2
    assert after["entities"] == before["entities"] + 1 and after["people"] == before["people"] + 1
    assert client.get("/.well-known/void").status_code == 200
    assert (URIRef("http://localhost/void"), VOID.sparqlEndpoint, URIRef("http://localhost/sparql")) in Graph().parse(
        data=client.get("/void", headers={"Accept": "application/n-triples"}).data, format="nt")


def test_load_is_refused_and_load_silent_does_nothing(client) -> None:
    response = client.post("/update", data=b"LOAD <http://example.org/data.ttl>",
                           content_type="application/sparql-update", headers=AUTH)
    assert response.status_code == 400 and "LOAD" in response.get_data(as_text=True)
    text = "LOAD SILENT <http://example.org/data.ttl> INTO GRAPH <urn:l> ; INSERT DATA { GRAPH <urn:l> { <urn:a> <urn:b> 1 } }"
    assert update(client, text) == 204
    assert ask(client, "ASK { GRAPH <urn:l> { <urn:a> <urn:b> 1 } }")


def test_capped_answers_match_the_engine_in_every_format(two_graphs) -> None:
    """Below the cap, an answer rebuilt row by row is what pyoxigraph itself writes."""
    assert update(two_graphs, """INSERT DATA { GRAPH <urn:lit> {
        <urn:s> <urn:p> "tab\\there", "日本語"@ja, "1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>, <urn:o> } }""") == 204
    query = "SELECT ?o { GRAPH <urn:lit> { ?s ?p ?o } } ORDER BY STR(?o)"
    store = two_graphs.application.extensions["harbour"].store
    for name in ("json", "xml", "csv", "tsv"):
        native = store.run_query(query, {"solutions": name}).body
        served = two_graphs.get("/sparql", query_string={"query": query, "format": name})
        assert served.headers["Harbour-Results-Truncated"] == "false"
        assert served.data == native, name
