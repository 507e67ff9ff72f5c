"""A heavily mentioned entity's page, JSON and RDF list a capped page of documents and state the totals.

Hand-made documents (tests/entity_documents.py) on a real on-disk store: one entity mentioned in more
documents than a page shows, so the cap, the totals and the paging links are all exercised.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from harbour.config import Settings
from harbour.graph import entities as views
from harbour.graph.store import HarbourStore
from harbour.ontology import HB
from harbour.server.app import create_app

from .entity_documents import Doc

PAGE = views.page_size("entity-mentions")
NAME = ("Company", "港湾公社")
#: one document more than two pages hold: the second page is partial, so "more" and its absence are both seen
DOCUMENT_COUNT = 2 * PAGE + 1


@pytest.fixture
def heavy(store: HarbourStore):
    """A client on a store where NAME is mentioned twice in each of DOCUMENT_COUNT - 1 documents and three
    times in one more (which ranks first); returns (client, entity IRI, path, that document)."""
    docs = [Doc(f"heavy/{n:03}.txt", [NAME, ("Person", f"記者{n}"), NAME]) for n in range(DOCUMENT_COUNT - 1)]
    docs.append(Doc("heavy/most.txt", [NAME, NAME, ("City", "港町"), NAME]))
    for doc in docs:
        doc.put(store)
    app = create_app(Settings(store=str(store.path)), store=store)
    app.config["TESTING"] = True
    iri = docs[0].entity(*NAME)
    return app.test_client(), iri, "/" + iri[len(docs[0].base):], docs[-1]


def test_the_page_lists_at_most_a_page_of_documents_and_states_the_totals(heavy):
    client, _, path, most = heavy
    html = client.get(path).get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    mentions = 2 * (DOCUMENT_COUNT - 1) + 3
    assert f"{mentions} mentions in {DOCUMENT_COUNT} documents" in text
    listed = re.findall(r'<section class="hb-doc-mentions">\s*<h3><a href="([^"]+)"', html)
    assert len(listed) == PAGE
    assert listed[0].endswith(most.doc_id)                       # the most mentioning document first
    assert f"… and {DOCUMENT_COUNT - PAGE} more documents" in text
    next_page = re.search(r'<a rel="next" href="([^"]+)"', html).group(1)
    assert next_page == f"{path}?offset={PAGE}"

    second = client.get(next_page).get_data(as_text=True)
    assert len(re.findall(r'class="hb-doc-mentions"', second)) == PAGE
    assert f"Documents {PAGE + 1}–{2 * PAGE} of {DOCUMENT_COUNT}" in " ".join(re.sub(r"<[^>]+>", " ", second).split())
    last = client.get(f"{path}?offset={2 * PAGE}").get_data(as_text=True)
    assert len(re.findall(r'class="hb-doc-mentions"', last)) == 1 and 'rel="next"' not in last


def test_the_json_pages_through_every_document_once(heavy):
    client, iri, path, _ = heavy
    api = "/api/entities/" + path[len("/entity/"):]
    seen, url, pages = [], api, 0
    while url:
        body = client.get(url).get_json()
        assert body["documentCount"] == DOCUMENT_COUNT and body["mentionCount"] == 2 * (DOCUMENT_COUNT - 1) + 3
        assert len(body["mentionedIn"]) <= PAGE
        seen += [d["id"] for d in body["mentionedIn"]]
        url, pages = body.get("mentionedInNext"), pages + 1
        url = url and url[url.index("/api/"):]
    assert pages == 3 and len(seen) == len(set(seen)) == DOCUMENT_COUNT


def test_the_rdf_description_is_bounded_and_says_where_the_rest_is(heavy):
    client, iri, path, _ = heavy
    response = client.get(path, headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert len(set(graph.subjects(HB.mentions, URIRef(iri)))) == PAGE
    see_also = [str(o) for o in graph.objects(URIRef(iri), RDFS.seeAlso)]
    assert len(see_also) == 1 and see_also[0].endswith(f"?offset={PAGE}")


def test_a_lightly_mentioned_entity_has_no_paging(heavy):
    client, _, path, most = heavy
    city = most.entity("City", "港町")
    city_path = "/" + city[len(most.base):]
    html = client.get(city_path).get_data(as_text=True)
    assert "1 mention in 1 document" in " ".join(re.sub(r"<[^>]+>", " ", html).split()) and 'rel="next"' not in html
    graph = Graph().parse(data=client.get(city_path, headers={"Accept": "text/turtle"}).get_data(as_text=True),
                          format="turtle")
    assert not list(graph.objects(URIRef(city), RDFS.seeAlso))


def test_paging_a_query_needs_its_marker():
    assert "LIMIT 20 OFFSET 40" in views.paged(views.bound("entity-mentions", "entity", "http://x/e"), 40)
    with pytest.raises(ValueError):
        views.paged("SELECT * WHERE { ?s ?p ?o } LIMIT 5", 10)
    with pytest.raises(ValueError):
        views.paged(views.queries.get("entity-mentions"), -1)
