"""The on-disk store: per-document graphs, replace, delete, the ontology graph."""

from __future__ import annotations

import json

import pytest

from harbour.extract import TextDocument
from harbour.graph.store import HarbourStore, QueryError


def test_ontology_graph_makes_schema_classes_queryable(loaded_store: HarbourStore) -> None:
    media, body = loaded_store.query_bytes(
        "SELECT DISTINCT ?name WHERE { ?p a/rdfs:subClassOf* schema:Person ; rdfs:label ?name }", "json")
    names = {b["name"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert media == "application/sparql-results+json"
    assert {"李家超", "陳細明"} <= names


def test_every_triple_lives_in_a_named_graph(loaded_store: HarbourStore) -> None:
    _, body = loaded_store.query_bytes("ASK { GRAPH <urn:x-oxigraph:default> { ?s ?p ?o } }", "json")
    rows = loaded_store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
    assert rows[0]["n"] == "0"


def test_same_content_is_unchanged_and_new_content_replaces(store: HarbourStore, extractor) -> None:
    first = extractor.extract(TextDocument("doc-1", "行政長官山田太郎は東京都を訪問した。"))
    assert store.put_document(first.iri, first.triples, first.content_hash) == "loaded"
    assert store.put_document(first.iri, first.triples, first.content_hash) == "unchanged"
    second = extractor.extract(TextDocument("doc-1", "社長の佐藤花子は大阪府を訪問した。"))
    assert store.put_document(second.iri, second.triples, second.content_hash) == "replaced"
    names = {r["l"] for r in store.select("SELECT ?l WHERE { GRAPH ?g { ?e a hb:Person ; rdfs:label ?l } }")}
    assert "佐藤花子" in names and "山田太郎" not in names


def test_delete_keeps_entities_other_documents_mention(store: HarbourStore, extractor) -> None:
    a = extractor.extract(TextDocument("a", "行政長官山田太郎は東京都を訪問した。"))
    b = extractor.extract(TextDocument("b", "東京都では、社長の佐藤花子が新製品を発表した。"))
    for x in (a, b):
        store.put_document(x.iri, x.triples, x.content_hash)
    assert store.delete_document(a.iri)
    assert not store.delete_document(a.iri)
    labels = {r["l"] for r in store.select("SELECT ?l WHERE { ?e rdfs:label ?l ; a ?c FILTER(STRSTARTS(STR(?c), STR(hb:))) "
                                           "FILTER NOT EXISTS { GRAPH <https://w3id.org/harbour/ns> { ?e ?p ?o } } }")}
    assert "東京都" in labels
    assert "山田太郎" not in labels
    assert store.document_iris() == [b.iri]


def test_malformed_query_raises_with_the_parser_message(store: HarbourStore) -> None:
    with pytest.raises(QueryError) as error:
        store.select("SELECT ?x WHERE { ?x ")
    assert "error" in str(error.value).lower() or "expected" in str(error.value).lower()
