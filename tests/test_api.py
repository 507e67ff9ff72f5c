"""The JSON API: a valid OpenAPI 3.1 description, answers that match its schemas, JSON-LD that expands to
the store's triples, search, neighbourhoods and documents."""

from __future__ import annotations

import json
import urllib.request

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from rdflib import Graph, Literal, URIRef

from harbour.graph import identity
from harbour.ontology import HB, NIF, RDFS

BASE = identity.DEFAULT_BASE
LEE = identity.entity_iri(BASE, "Person", "李家超")
LEE_API = "/api/entities/" + LEE[len(BASE + "entity/"):]
SAMPLE_ID = "samples/cyberport-ai-2024-11-22.ja.txt"
SAMPLE_DOC = identity.document_iri(BASE, SAMPLE_ID)


@pytest.fixture
def spec(client) -> dict:
    return client.get("/api/openapi.json").get_json()


def conforms(spec: dict, schema_name: str, body: object) -> None:
    """Raise unless ``body`` matches the named component schema of the OpenAPI description."""
    OAS31Validator({"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}).validate(body)


def test_openapi_description_is_valid_openapi_3_1(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    assert {"/api/entities", "/api/entities/{class}/{id}", "/api/entities/{class}/{id}/neighbours",
            "/api/documents", "/api/documents/{documentId}"} <= set(spec["paths"])


def test_search_finds_by_two_characters_and_matches_its_schema(client, spec):
    body = client.get("/api/entities?q=李家").get_json()
    conforms(spec, "SearchResults", body)
    assert body["total"] == 1
    hit = body["items"][0]
    assert (hit["id"], hit["label"], hit["classes"], hit["match"]) == (LEE, "李家超", ["Person"], "prefix")
    assert hit["page"].endswith("/entity/" + LEE[len(BASE + "entity/"):])
    assert client.get(hit["api"]).status_code == 200


def test_search_filters_pages_and_refuses_bad_parameters(client, spec):
    people = client.get("/api/entities?class=Person&limit=2").get_json()
    conforms(spec, "SearchResults", people)
    assert people["total"] >= 4 and len(people["items"]) == 2 and people["previous"] is None
    following = client.get(people["next"]).get_json()
    assert following["offset"] == 2 and following["items"][0]["id"] not in {i["id"] for i in people["items"]}
    assert all("Person" in item["classes"] for item in people["items"] + following["items"])
    for query in ["limit=0", "limit=101", "offset=-1", "limit=ten"]:
        response = client.get(f"/api/entities?{query}")
        assert response.status_code == 400
        conforms(spec, "Error", response.get_json())


def test_entity_json_matches_its_schema_and_expands_to_the_stores_triples(client, spec, loaded_store):
    body = client.get(LEE_API).get_json()
    conforms(spec, "Entity", body)
    assert body["label"] == {"ja": ["李家超"]} and body["type"] == ["Person"]
    context = client.get("/api/context.jsonld")
    assert context.mimetype == "application/ld+json"
    graph = Graph().parse(data=json.dumps({**body, "@context": context.get_json()["@context"]}), format="json-ld")
    entity = URIRef(LEE)
    assert (entity, RDFS.label, Literal("李家超", lang="ja")) in graph
    roles = [r for r in graph.subjects(HB.holder, entity) if (r, HB.roleName, Literal("行政長官")) in graph
             and graph.value(r, HB.organization) is not None]
    assert roles, "the role fact expands with its holder, title and organisation"
    expected = loaded_store.select(f"SELECT ?o WHERE {{ <{roles[0]}> hb:organization ?o }}")
    assert str(graph.value(roles[0], HB.organization)) == expected[0]["o"]
    sentence = graph.value(roles[0], HB.statedIn)
    assert (sentence, NIF.referenceContext, URIRef(SAMPLE_DOC)) in graph
    assert (URIRef(SAMPLE_DOC), HB.mentions, entity) in graph


def test_neighbours_are_a_drawable_graph(client, spec):
    body = client.get(LEE_API + "/neighbours").get_json()
    conforms(spec, "Neighbourhood", body)
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes[LEE]["center"] and nodes[LEE]["kind"] == "person"
    assert all(e["source"] in nodes and e["target"] in nodes for e in body["edges"])
    role = next(e for e in body["edges"] if e["kind"] == "Role" and e["source"] == LEE and e["label"] == "行政長官")
    assert not nodes[role["target"]]["center"] and nodes[role["target"]]["page"].startswith("/entity/")
    assert any(e["kind"] == "Visit" for e in body["edges"])


@pytest.mark.parametrize("path", ["/api/entities/person/0000000000000000", "/api/entities/person/0000/neighbours",
                                  "/api/documents/no/such.txt"])
def test_unknown_things_are_json_404(client, spec, path):
    response = client.get(path)
    assert response.status_code == 404 and response.mimetype == "application/json"
    conforms(spec, "Error", response.get_json())


def test_documents_list_and_item(client, spec):
    listing = client.get("/api/documents").get_json()
    conforms(spec, "Documents", listing)
    assert listing["total"] == 1 and listing["items"][0]["documentId"] == SAMPLE_ID
    item = client.get(listing["items"][0]["api"]).get_json()
    conforms(spec, "Document", item)
    assert item["id"] == SAMPLE_DOC and item["language"] == "ja" and item["datePublished"] == "2024-11-22"
    assert LEE in {e["id"] for e in item["entities"]}
    assert any(f["type"] == "Role" for f in item["facts"])
    assert item["curator"].endswith("/documents/" + SAMPLE_ID)


def test_classes_count_entities(client, spec):
    body = client.get("/api/classes").get_json()
    by_name = {c["name"]: c for c in body["items"]}
    assert by_name["Person"]["entities"] >= 4 and by_name["Person"]["label"]["ja"] == "人物"
    assert "Role" not in by_name  # facts are not entity classes
    index = client.get("/api").get_json()
    assert index["openapi"].endswith("/api/openapi.json")


def test_over_http(served_sample):
    with urllib.request.urlopen(served_sample.url + "/api/openapi.json", timeout=30) as response:
        validate(json.load(response))
    query = urllib.request.quote("家超")
    with urllib.request.urlopen(f"{served_sample.url}/api/entities?q={query}", timeout=30) as response:
        body = json.load(response)
    assert [item["label"] for item in body["items"]] == ["李家超"]
    assert body["items"][0]["page"].startswith(served_sample.url + "/entity/")
