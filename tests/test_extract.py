"""The extractor on the sample article and on short composed texts."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from harbour.extract import EmptyDocumentError, TextDocument
from harbour.graph.identity import entity_iri
from harbour.graph.validation import validate
from harbour.ontology import HB, ITSRDF, NIF, RDF, RDFS

BASE = "http://127.0.0.1:5000/"


@pytest.fixture(scope="module")
def graph(sample_extraction) -> Graph:
    g = Graph()
    for triple in sample_extraction.triples:
        g.add(triple)
    return g


def labels_of_class(graph: Graph, cls: URIRef) -> set[str]:
    return {str(graph.value(e, RDFS.label)) for e in graph.subjects(RDF.type, cls)}


def test_people_of_the_sample_are_persons(graph: Graph) -> None:
    assert {"李家超", "陳細明", "鄭松岩", "孫東"} <= labels_of_class(graph, HB.Person)


def test_organisations_and_government_bodies(graph: Graph) -> None:
    assert "香港特別行政区政府" in labels_of_class(graph, HB.GovernmentOrganization)
    assert {"Weitu AI", "Votee AI"} <= labels_of_class(graph, HB.Company)


def test_loanword_is_not_a_person(graph: Graph) -> None:
    assert "スマートシティ" not in labels_of_class(graph, HB.Person)


def test_every_mention_slices_the_text_to_its_anchor(graph: Graph, sample_text: str) -> None:
    mentions = list(graph.subjects(RDF.type, HB.Mention))
    assert len(mentions) > 20
    for mention in mentions:
        begin = int(graph.value(mention, NIF.beginIndex))
        end = int(graph.value(mention, NIF.endIndex))
        assert sample_text[begin:end] == str(graph.value(mention, NIF.anchorOf))
        assert graph.value(mention, ITSRDF.taIdentRef) is not None


def test_every_fact_points_to_the_sentence_that_states_it(graph: Graph, sample_text: str) -> None:
    facts = [f for cls in (HB.Role, HB.Visit, HB.ProductOffering, HB.Quantity) for f in graph.subjects(RDF.type, cls)]
    assert facts
    for fact in facts:
        sentence = graph.value(fact, HB.statedIn)
        begin, end = int(graph.value(sentence, NIF.beginIndex)), int(graph.value(sentence, NIF.endIndex))
        assert sample_text[begin:end] == str(graph.value(sentence, NIF.anchorOf))
        written = graph.value(fact, HB.asWritten)
        if written is not None and (fact, RDF.type, HB.Quantity) in graph:
            assert str(written) in sample_text[begin:end]


def test_role_links_title_person_and_organisation(graph: Graph) -> None:
    chief = URIRef(entity_iri(BASE, "Person", "李家超"))
    roles = list(graph.subjects(HB.holder, chief))
    assert any(str(graph.value(r, HB.roleName)) == "行政長官" for r in roles)
    government = URIRef(entity_iri(BASE, "GovernmentOrganization", "香港特別行政区政府"))
    assert (chief, HB.worksFor, government) in graph


def test_quantities_keep_value_unit_and_qualifier(graph: Graph) -> None:
    found = {(str(graph.value(q, HB.value)), str(graph.value(q, HB.unitText)), graph.value(q, HB.qualifier))
             for q in graph.subjects(RDF.type, HB.Quantity)}
    assert ("300", "PFLOPS", HB.Approximately) in found
    assert ("1300", "PFLOPS", None) in found
    assert ("10000000000", "枚", HB.Approximately) in found
    assert ("40000", "km", HB.AtLeast) in found


def test_visit_has_visitor_place_and_resolved_date(graph: Graph) -> None:
    visits = list(graph.subjects(RDF.type, HB.Visit))
    assert visits
    visit = visits[0]
    assert URIRef(entity_iri(BASE, "Person", "李家超")) in set(graph.objects(visit, HB.participant))
    assert str(graph.value(visit, HB.startDate)) == "2024-11-22"


def test_sample_graph_passes_the_shacl_shapes(sample_extraction) -> None:
    conforms, report = validate(sample_extraction.triples)
    assert conforms, report


def test_same_name_and_class_give_the_same_iri_across_documents(extractor) -> None:
    first = extractor.extract(TextDocument("a", "行政長官山田太郎は本日、東京都を訪問した。"))
    second = extractor.extract(TextDocument("b", "記者会見で、行政長官山田太郎は新しい計画を発表した。"))
    persons = [{s for s, p, o in x.triples if p == RDF.type and o == HB.Person} for x in (first, second)]
    assert persons[0] & persons[1]
    assert first.iri != second.iri


def test_english_text_uses_the_same_ontology(extractor) -> None:
    text = ("Chief Executive John Lee visited the Science Park in Hong Kong on 3 March 2024. "
            "Acme Robotics showed its delivery robot. The centre offers about 300 PFLOPS of computing power.")
    extraction = extractor.extract(TextDocument("en-1", text))
    assert extraction.lang == "en"
    types = {o for s, p, o in extraction.triples if p == RDF.type}
    assert HB.Person in types and HB.Quantity in types
    conforms, report = validate(extraction.triples)
    assert conforms, report


def test_empty_document_is_refused(extractor) -> None:
    with pytest.raises(EmptyDocumentError):
        extractor.extract(TextDocument("empty", "  \n"))
