"""Reading a SPARQL request's top level without a parser (graph/sparql_text.py), and the doctests of the
endpoint's pure modules."""

from __future__ import annotations

import doctest
import importlib

import pyoxigraph as ox
import pytest

from harbour.graph.sparql_text import (UpdateDatasetConflict, declares_dataset, fetches_urls, with_update_dataset,
                                       without_silent_loads)


@pytest.mark.parametrize("name", ["harbour.graph.sparql_text", "harbour.graph.evaluation",
                                  "harbour.server.negotiation"])
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("query,expected", [
    ("SELECT * FROM <urn:g> { ?s ?p ?o }", True),
    ("select * from named <urn:g> { graph ?g { ?s ?p ?o } }", True),
    ("SELECT * { ?s <urn:from> 'FROM' } # FROM <urn:x>", False),
    ('SELECT * { ?s ?p """multi\nline FROM""" }', False),
    ("SELECT ?from { ?from ?p ?o }", False),
    ("SELECT * { { SELECT * { ?s ?p ?o } } }", False),
])
def test_declares_dataset(query: str, expected: bool) -> None:
    assert declares_dataset(query) is expected


@pytest.mark.parametrize("text,expected", [
    ("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }", True),
    ("select * { service silent <http://x/sparql> { ?s ?p ?o } }", True),
    ("SELECT * { ?s ?p ?o OPTIONAL { SERVICE ?endpoint { ?s ?q ?r } } }", True),
    ("LOAD <http://x/data.ttl>", True),
    ("SELECT ?service { ?service a <urn:SERVICE> ; <urn:p> 'SERVICE' } # SERVICE", False),
    ("SELECT * { ?s ex:SERVICE ?o }", False),
])
def test_fetches_urls(text: str, expected: bool) -> None:
    assert fetches_urls(text) is expected


def run_update(update: str, *, using=(), using_named=()) -> set[tuple[str, str]]:
    store = ox.Store()
    store.update("INSERT DATA { GRAPH <urn:g1> { <urn:a> <urn:p> 1 } GRAPH <urn:g2> { <urn:b> <urn:p> 2 } }")
    store.update(with_update_dataset(update, list(using), list(using_named)))
    return {(q.subject.value, q.graph_name.value) for q in store.quads_for_pattern(None, ox.NamedNode("urn:seen"), None)}


def test_using_graph_uri_gives_the_where_clause_its_default_graph() -> None:
    update = "INSERT { GRAPH <urn:out> { ?s <urn:seen> true } } WHERE { ?s <urn:p> ?o }"
    assert run_update(update, using=["urn:g1"]) == {("urn:a", "urn:out")}
    assert run_update(update, using=["urn:g1", "urn:g2"]) == {("urn:a", "urn:out"), ("urn:b", "urn:out")}
    assert run_update(update, using_named=["urn:g1"]) == set()  # named graphs only: the default graph is empty


def test_every_operation_of_a_request_gets_the_dataset() -> None:
    update = ("INSERT { GRAPH <urn:out> { ?s <urn:seen> 1 } } WHERE { ?s <urn:p> 1 } ;\n"
              "# a comment with WHERE in it\n"
              "INSERT { GRAPH <urn:out2> { ?s <urn:seen> 2 } } WHERE { GRAPH ?g { ?s <urn:p> ?o } }")
    assert run_update(update, using=["urn:g1"], using_named=["urn:g2"]) == {("urn:a", "urn:out"),
                                                                            ("urn:b", "urn:out2")}


def test_where_inside_a_subquery_or_string_is_left_alone() -> None:
    update = ('INSERT { GRAPH <urn:out> { ?s <urn:seen> "WHERE {" } } '
              "WHERE { { SELECT ?s WHERE { ?s <urn:p> ?o } } }")
    rewritten = with_update_dataset(update, ["urn:g1"], [])
    assert rewritten.count("USING") == 1
    assert run_update(update, using=["urn:g1"]) == {("urn:a", "urn:out")}


def test_delete_where_is_rewritten_to_take_the_dataset() -> None:
    store = ox.Store()
    store.update("INSERT DATA { GRAPH <urn:g1> { <urn:a> <urn:p> 1 } GRAPH <urn:g2> { <urn:b> <urn:p> 2 } }")
    store.update(with_update_dataset("DELETE WHERE { GRAPH ?g { ?s <urn:p> ?o } }", [], ["urn:g2"]))
    assert {q.graph_name.value for q in store} == {"urn:g1"}


@pytest.mark.parametrize("update", [
    "WITH <urn:g1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } USING <urn:g1> WHERE { ?s ?p ?o }",
])
def test_a_dataset_in_the_update_and_the_protocol_conflict(update: str) -> None:
    with pytest.raises(UpdateDatasetConflict):
        with_update_dataset(update, ["urn:g2"], [])


def test_without_a_protocol_dataset_the_update_is_unchanged() -> None:
    update = "WITH <urn:g1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert with_update_dataset(update, [], []) is update


def test_silent_loads_are_removed_and_the_rest_kept() -> None:
    update = "INSERT DATA { <urn:a> <urn:b> 1 } ; LOAD SILENT <http://x/y.ttl> ; LOAD SILENT <http://x/z.ttl> INTO GRAPH <urn:g>"
    remaining = without_silent_loads(update)
    assert "LOAD" not in remaining and "INSERT DATA" in remaining
    ox.Store().update(remaining)  # still a valid request
    assert without_silent_loads("LOAD <http://x/y.ttl>") == "LOAD <http://x/y.ttl>"
