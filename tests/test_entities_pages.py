"""Dereferenceable IRIs: entity, document and ontology pages, their RDF twins, search page, escaping, base.

Flask's client on a real on-disk store loaded with the sample (and small hand-made documents where a
test needs exact names), plus a few of the same requests over real HTTP against `harbour serve`.
"""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from rdflib import Graph, Literal, URIRef

from harbour.config import Settings
from harbour.graph import identity
from harbour.graph.store import HarbourStore
from harbour.ontology import HB, ITSRDF, NIF, RDFS, SCHEMA
from harbour.server.app import create_app

from .entity_documents import Doc

ROOT = Path(__file__).resolve().parent.parent
BASE = identity.DEFAULT_BASE
LEE = identity.entity_iri(BASE, "Person", "李家超")
LEE_PATH = "/" + LEE[len(BASE):]
SAMPLE_DOC = identity.document_iri(BASE, "samples/cyberport-ai-2024-11-22.ja.txt")
SAMPLE_PATH = "/" + SAMPLE_DOC[len(BASE):]

RDF_ACCEPT = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
              "application/json": "json-ld", "application/rdf+xml": "xml"}


class Page(HTMLParser):
    """Links, ids, alternates and visible text of an HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.alternates: dict[str, str] = {}
        self.text_parts: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates[a["type"]] = a["href"]

    def handle_data(self, data):
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


def role_of_lee(store: HarbourStore) -> tuple[str, str]:
    """(title, organisation IRI) of the sample's role fact for 李家超, as the store has it."""
    rows = store.select(f"""SELECT ?title ?org WHERE {{ ?r a hb:Role ; hb:holder <{LEE}> ; hb:roleName ?title ;
                                                        hb:organization ?org }}""")
    row = next(r for r in rows if r["title"] == "行政長官")
    return row["title"], row["org"]


# --- entity pages ----------------------------------------------------------------------------------

def test_entity_page_shows_names_classes_facts_mentions_and_queries(client, loaded_store):
    response = client.get(LEE_PATH, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Vary"] == "Accept"
    assert response.headers["Content-Location"] == LEE_PATH + ".html"
    page = Page(response.get_data(as_text=True))
    title, organisation = role_of_lee(loaded_store)
    assert "李家超" in page.text and title in page.text
    assert "/" + organisation[len(BASE):] in page.links          # the organisation, linked locally
    assert "/ontology#Person" in page.links                      # the class, linked to the ontology page
    assert SAMPLE_PATH in page.links                             # the document that mentions it
    assert any(link.startswith(SAMPLE_PATH + "#char=") for link in page.links)  # each mention, in place
    assert any(link.startswith(SAMPLE_PATH + "#sentence=") for link in page.links)
    for media, suffix in [("text/turtle", "ttl"), ("application/n-triples", "nt"), ("application/ld+json", "jsonld"),
                          ("application/rdf+xml", "rdf")]:
        assert page.alternates[media] == f"{LEE_PATH}.{suffix}"
        assert f'<{LEE_PATH}.{suffix}>; rel="alternate"; type="{media}"' in response.headers["Link"]
    assert page.alternates["application/json"] == "/api" + LEE_PATH.replace("/entity/", "/entities/")


def test_the_page_queries_run_and_return_the_entity(client):
    page = Page(client.get(LEE_PATH).get_data(as_text=True))
    runs = [link for link in page.links if link.startswith("/sparql?")]
    editors = [link for link in page.links if link.startswith("/#")]
    assert len(runs) == len(editors) >= 4
    for link in editors:
        assert f"<{LEE}>" in parse_qs(urlsplit(link).fragment)["query"][0]
    for link in runs:
        response = client.get(link, headers={"Accept": "application/sparql-results+json, text/turtle;q=0.9"})
        assert response.status_code == 200, response.get_data(as_text=True)
        assert LEE in response.get_data(as_text=True) or "李家超" in response.get_data(as_text=True)


@pytest.mark.parametrize("accept, rdflib_format", sorted(RDF_ACCEPT.items()))
def test_entity_iri_negotiates_rdf(client, loaded_store, accept, rdflib_format):
    response = client.get(LEE_PATH, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Vary"] == "Accept"
    graph = Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)
    entity = URIRef(LEE)
    assert (entity, RDFS.label, Literal("李家超", lang="ja")) in graph
    _, organisation = role_of_lee(loaded_store)
    roles = set(graph.subjects(HB.holder, entity))
    assert any((role, HB.organization, URIRef(organisation)) in graph for role in roles)
    assert (URIRef(organisation), RDFS.label, None) in graph  # linked entities come with their names


@pytest.mark.parametrize("suffix, media", [("ttl", "text/turtle"), ("nt", "application/n-triples"),
                                           ("jsonld", "application/ld+json"), ("json", "application/ld+json"),
                                           ("rdf", "application/rdf+xml"), ("html", "text/html")])
def test_entity_suffixes_name_one_representation(client, suffix, media):
    response = client.get(f"{LEE_PATH}.{suffix}", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == media
    assert "Vary" not in response.headers


@pytest.mark.parametrize("accept", ["text/html", *RDF_ACCEPT])
def test_representations_are_stable_and_can_be_revalidated(client, accept):
    first = client.get(LEE_PATH, headers={"Accept": accept})
    assert first.headers["Cache-Control"] == "no-cache" and first.headers["ETag"]
    for _ in range(5):  # the same graph always gives the same bytes (triples are sorted)
        again = client.get(LEE_PATH, headers={"Accept": accept, "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and not again.data
    other = "text/turtle" if accept == "text/html" else "text/html"
    assert client.get(LEE_PATH, headers={"Accept": other, "If-None-Match": first.headers["ETag"]}).status_code == 200


@pytest.mark.parametrize("path", ["/entity/person/0123456789abcdef", "/entity/nosuchclass/abc",
                                  "/entity/person/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/doc/no/such/document.txt",
                                  "/entity/person/a%20b"])
def test_unknown_iris_are_404(client, path):
    html = client.get(path, headers={"Accept": "text/html"})
    assert html.status_code == 404 and html.mimetype == "text/html"
    assert "<script>alert" not in html.get_data(as_text=True)
    assert "Not found" in html.get_data(as_text=True)
    rdf = client.get(path, headers={"Accept": "text/turtle"})
    assert rdf.status_code == 404 and rdf.mimetype == "text/plain"


def test_repeated_facts_are_one_entry_with_every_source():
    from harbour.graph.entities import Fact, FactValue, Sentence, merge_repeated

    def role(n: int, *values: tuple[str, str]) -> Fact:
        return Fact(f"http://x/d#role-{n}", "Role", "holder", {p: [FactValue(v)] for p, v in values},
                    Sentence(f"http://x/d#sentence={n},{n + 1}", "…", n, "http://x/d"))

    bare = role(1, ("roleName", "行政長官"), ("asWritten", "行政長官李家超"))
    full = role(2, ("roleName", "行政長官"), ("organization", "政府"), ("asWritten", "政府の行政長官"))
    same = role(3, ("roleName", "行政長官"), ("organization", "政府"), ("asWritten", "行政長官、李家超"))
    other = role(4, ("roleName", "主席"))
    merged = merge_repeated([bare, full, same, other])
    assert [(fact.iri[-6:], [s.iri[-6:] for s in sources]) for fact, sources in merged] == [
        ("role-2", ["role-2", "role-3", "role-1"]), ("role-4", ["role-4"])]
    ambiguous = role(5, ("roleName", "行政長官"), ("organization", "議会"))
    assert len(merge_repeated([bare, full, ambiguous])) == 3  # two fuller facts: keep the bare one apart


def test_visits_with_companions_and_containments(store, app_for):
    doc = Doc("visit.txt", [("Person", "田中一郎"), ("Person", "鈴木次郎"), ("Facility", "海浜研究所"),
                            ("Company", "海浜工業")])
    doc.put(store)
    visitor, companion = doc.entity("Person", "田中一郎"), doc.entity("Person", "鈴木次郎")
    lab, company = doc.entity("Facility", "海浜研究所"), doc.entity("Company", "海浜工業")
    sentence = f"{doc.iri}#sentence=0,5"
    store.update(f"""PREFIX hb: <{HB}> INSERT DATA {{ GRAPH <{doc.iri}> {{
        <{doc.iri}#visit-1> a hb:Visit ; hb:participant <{visitor}>, <{companion}> ; hb:accompaniedBy <{companion}> ;
            hb:location <{lab}> ; hb:startDate "2024-05-01" ; hb:statedIn <{sentence}> .
        <{doc.iri}#containment-1> a hb:Containment ; hb:contained <{lab}> ; hb:container <{company}> ;
            hb:statedIn <{sentence}> . }} }}""")
    client = app_for(store).test_client()

    def sections(iri: str) -> dict[str, str]:
        html = client.get("/" + iri[len(BASE):]).get_data(as_text=True)
        found = re.findall(r'data-fact-type="(\w+)" data-part="(\w+)">\s*<h3>([^<]*)</h3>(.*?)</section>', html, re.S)
        return {f"{kind}.{part}": " ".join(re.sub(r"<[^>]+>", "", body).split()) for kind, part, _, body in found}

    companion_facts = sections(companion)
    assert list(companion_facts) == ["Visit.accompaniedBy"]  # not also as a plain participant
    assert "Accompanied 田中一郎 to 海浜研究所 on 2024-05-01" in companion_facts["Visit.accompaniedBy"]
    assert "Visited 海浜研究所, accompanied by 鈴木次郎 on 2024-05-01" in sections(visitor)["Visit.participant"]
    assert "Part of, or in, 海浜工業" in sections(lab)["Containment.contained"]
    assert "Contains 海浜研究所" in sections(company)["Containment.container"]
    edges = client.get("/api/entities/" + lab[len(BASE + "entity/"):] + "/neighbours").get_json()["edges"]
    assert {(e["source"], e["target"], e["kind"]) for e in edges} >= {(lab, company, "Containment"),
                                                                     (visitor, lab, "Visit"), (companion, lab, "Visit")}


# --- documents -------------------------------------------------------------------------------------

def test_document_page_links_every_mention_in_place(client, loaded_store, sample_text):
    response = client.get(SAMPLE_PATH, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["Vary"] == "Accept"
    html = response.get_data(as_text=True)
    page = Page(html)
    mentions = loaded_store.select(f"""SELECT ?m ?b ?e ?entity WHERE {{ ?m nif:referenceContext <{SAMPLE_DOC}> ;
        itsrdf:taIdentRef ?entity ; nif:beginIndex ?b ; nif:endIndex ?e }}""")
    shown = {m["m"].rpartition("#")[2] for m in mentions} & page.ids
    assert len(shown) >= len(mentions) * 0.9  # overlapping mentions may be left unmarked
    for anchor in shown:
        begin, end = map(int, anchor.removeprefix("char=").split(","))
        marked = re.search(rf'<mark [^>]*id="{re.escape(anchor)}"><a [^>]*>([^<]*)</a>', html)
        assert marked and marked.group(1) == sample_text[begin:end]
    assert "/" + LEE[len(BASE):] in page.links
    assert any(i.startswith("sentence=") for i in page.ids) and any(i.startswith("role-") for i in page.ids)
    assert "2024-11-22" in page.text and "samples/cyberport-ai-2024-11-22.ja.txt" in page.text
    assert "/documents/samples/cyberport-ai-2024-11-22.ja.txt" in page.links  # the curator API


def test_document_iri_gives_its_named_graph(client, loaded_store):
    response = client.get(SAMPLE_PATH, headers={"Accept": "application/n-triples"})
    graph = Graph().parse(data=response.get_data(as_text=True), format="nt")
    assert len(graph) == len(list(loaded_store.document_triples(SAMPLE_DOC)))
    assert (URIRef(SAMPLE_DOC), HB.mentions, URIRef(LEE)) in graph
    assert client.get(SAMPLE_PATH + ".ttl").mimetype == "text/turtle"


def test_a_document_id_ending_like_a_suffix_is_the_document_first(store, app_for):
    doc = Doc("exports/data.json", [("Company", "Example Data KK")])
    doc.put(store)
    client = app_for(store).test_client()
    assert client.get("/doc/exports/data.json", headers={"Accept": "text/html"}).mimetype == "text/html"
    assert client.get("/doc/exports/data.json.ttl").mimetype == "text/turtle"
    assert client.get("/doc/exports/data").status_code == 404


def test_names_per_language_and_aliases(store, app_for):
    doc = Doc("names.txt", [("Person", "山田花子")], aliases={("Person", "山田花子"): ["花子さん", "山田"]})
    doc.put(store)
    person = doc.entity("Person", "山田花子")
    store.update(f'INSERT DATA {{ GRAPH <{doc.iri}> {{ <{person}> <{RDFS.label}> "Hanako Yamada"@en }} }}')
    client = app_for(store).test_client()
    html = client.get("/" + person[len(BASE):]).get_data(as_text=True)
    names = re.search(r'<dl class="hb-names">(.*?)</dl>', html, re.S).group(1)
    assert re.search(r'label <span class="hb-lang">en</span></dt><dd lang="en">Hanako Yamada</dd>', names)
    assert re.search(r'label <span class="hb-lang">ja</span></dt><dd lang="ja">山田花子</dd>', names)
    assert '<dd lang="ja">花子さん</dd>' in names and '<dd lang="ja">山田</dd>' in names
    body = client.get("/api/entities/" + person[len(BASE + "entity/"):]).get_json()
    assert body["label"] == {"en": ["Hanako Yamada"], "ja": ["山田花子"]}
    assert sorted(body["altLabel"]["ja"]) == ["山田", "花子さん"]
    assert body["name"] == "山田花子"  # equally attested labels: the shorter is shown


# --- escaping --------------------------------------------------------------------------------------

HOSTILE = "<script>alert('x')</script>"
HOSTILE_NAME = '<img src=x onerror="alert(1)">'


def test_text_from_documents_is_escaped_everywhere(store, app_for):
    doc = Doc("hostile.txt", [("Company", HOSTILE_NAME), ("Person", "Jane </title><b>Doe")], prefix=HOSTILE,
              aliases={("Company", HOSTILE_NAME): ["\"'><svg onload=alert(2)>"]})
    doc.put(store)
    client = app_for(store).test_client()
    entity_path = "/" + doc.entity("Company", HOSTILE_NAME)[len(BASE):]
    pages = [client.get(entity_path), client.get("/doc/hostile.txt"), client.get("/search?q=img"),
             client.get("/search?q=" + HOSTILE), client.get("/entity/person/" + HOSTILE)]
    assert [p.status_code for p in pages] == [200, 200, 200, 200, 404]
    for response in pages:
        html = response.get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html
        assert "<b>Doe" not in html
    assert "&lt;script&gt;alert(" in pages[1].get_data(as_text=True)
    assert "&lt;img src=x onerror=" in pages[0].get_data(as_text=True)


def test_iris_from_the_store_never_become_script_links(store, app_for):
    doc = Doc("links.txt", [("Person", "佐藤三郎")])
    doc.put(store)
    store.update(f"""PREFIX hb: <{HB}> PREFIX rdfs: <{RDFS}> INSERT DATA {{ GRAPH <{doc.iri}> {{
        <javascript:alert(1)> a hb:Organization ; rdfs:label "Evil" .
        <{doc.iri}#role-1> a hb:Role ; hb:holder <{doc.entity("Person", "佐藤三郎")}> ; hb:roleName "社長" ;
            hb:organization <javascript:alert(1)> ; hb:statedIn <{doc.iri}#sentence=0,5> .
        <{doc.iri}#char=0,2> a hb:Mention ; <{ITSRDF.taIdentRef}> <javascript:alert(1)> ;
            <{NIF.referenceContext}> <{doc.iri}> ; <{NIF.beginIndex}> 0 ; <{NIF.endIndex}> 2 . }} }}""")
    client = app_for(store).test_client()
    entity_page = client.get("/" + doc.entity("Person", "佐藤三郎")[len(BASE):]).get_data(as_text=True)
    document_page = client.get("/doc/links.txt").get_data(as_text=True)
    assert "社長" in entity_page and "Evil" in document_page
    assert 'href="javascript:' not in entity_page + document_page and 'href="#"' in document_page


def test_a_real_extraction_of_hostile_text_is_escaped(store, app_for, extractor):
    from harbour.extract import TextDocument

    text = "<script>alert('x')</script> Acme Corporation opened an office in Tokyo with Jane Smith."
    extraction = extractor.extract(TextDocument("hostile-en.txt", text, lang="en"))
    store.put_document(extraction.iri, extraction.triples, extraction.content_hash)
    html = app_for(store).test_client().get("/doc/hostile-en.txt").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in html and "<script>alert" not in html


@pytest.mark.parametrize("path", [
    "/search?q=http://x%00", "/search?q=%ED%A0%80", "/search?page=99999999999999999999", "/search?page=-5",
    "/search?page=abc", "/search?class=%00&q=%ff", "/api/entities?offset=99999999999999999999", "/api/entities?q=%00",
    "/entity/%00/%00", "/entity/person/x.%00", "/doc/%00", "/doc/..%2f..%2fetc", "/doc/a%0Ab.ttl",
    "/api/entities/%00/%00/neighbours", "/api/documents/%00", "/ontology.%00", "/entity/person/abc.ttl.json"])
@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "application/json", "image/png"])
def test_hostile_requests_never_fail_the_server(client, path, accept):
    assert client.get(path, headers={"Accept": accept}).status_code < 500


# --- base IRI behind a proxy -------------------------------------------------------------------------

def test_iris_are_looked_up_under_the_configured_base(store):
    public = "https://kg.example.org/harbour/"
    doc = Doc("news/a.txt", [("Person", "山田花子"), ("Company", "Yamada Shoji")], base=public,
              roles=[("山田花子", "社長", "Yamada Shoji")])
    doc.put(store)
    app = create_app(Settings(store=str(store.path), base=public), store=store)
    client = app.test_client()
    person = doc.entity("Person", "山田花子")
    path = "/" + person[len(public):]
    response = client.get(path, base_url="http://10.0.0.7:8080")  # what the proxy forwards
    assert response.status_code == 200
    page = Page(response.get_data(as_text=True))
    assert person in page.text                                         # the public IRI is shown
    assert "/" + doc.entity("Company", "Yamada Shoji")[len(public):] in page.links  # links stay on this server
    assert not any(link.startswith("http://10.0.0.7") for link in page.links)
    turtle = client.get(path, headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert f"<{person}>" in turtle
    # The same path under the default base is another IRI, which this store does not hold.
    other = create_app(Settings(store=str(store.path)), store=store).test_client()
    assert other.get(path).status_code == 404


# --- ontology --------------------------------------------------------------------------------------

def test_ontology_page_has_an_anchor_and_both_languages_per_term(client, loaded_store):
    response = client.get("/ontology", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["Vary"] == "Accept"
    page = Page(response.get_data(as_text=True))
    terms = {row["t"] for row in loaded_store.select(
        "SELECT DISTINCT ?t WHERE { GRAPH <https://w3id.org/harbour/ns> { ?t a ?k } "
        "FILTER(STRSTARTS(STR(?t), 'https://w3id.org/harbour/ns#')) }")}
    assert len(terms) > 40
    assert {t.rpartition("#")[2] for t in terms} <= page.ids
    assert "人物" in page.text and "A human being named in a document." in page.text
    assert "https://schema.org/Person" in page.links and "#Entity" in page.links


@pytest.mark.parametrize("request_kwargs", [{"path": "/ontology", "headers": {"Accept": "text/turtle"}},
                                            {"path": "/ontology.ttl"}])
def test_ontology_as_turtle(client, request_kwargs):
    response = client.get(request_kwargs["path"], headers=request_kwargs.get("headers", {}))
    assert response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert (HB.Person, RDFS.subClassOf, SCHEMA.Person) in graph
    assert client.get("/ontology.exe").status_code == 404


# --- search page -----------------------------------------------------------------------------------

def test_search_page_finds_a_japanese_name_by_two_characters(client):
    response = client.get("/search?q=李家")
    page = Page(response.get_data(as_text=True))
    assert LEE_PATH in page.links
    filtered = Page(client.get("/search?q=李家&class=Organization").get_data(as_text=True))
    assert LEE_PATH not in filtered.links and "Nothing found" in filtered.text
    browse = Page(client.get("/search?class=person").get_data(as_text=True))
    assert LEE_PATH in browse.links
    assert any(urlsplit(link).path == "/search" and parse_qs(urlsplit(link).query) == {"q": ["李家"], "class": ["Person"]}
               for link in page.links)  # the class filters keep the query


# --- assets ----------------------------------------------------------------------------------------

def test_vendored_cytoscape_matches_its_source_note():
    folder = ROOT / "server" / "static" / "vendor" / "cytoscape"
    note = (folder / "SOURCE.md").read_text(encoding="utf-8")
    size, digest = re.search(r"\| cytoscape\.min\.js \| (\d+) \| ([0-9a-f]{64}) \|", note).groups()
    data = (folder / "cytoscape.min.js").read_bytes()
    assert len(data) == int(size) and hashlib.sha256(data).hexdigest() == digest
    assert (folder / "LICENSE").read_text().startswith("Copyright")


# --- the same over real HTTP -------------------------------------------------------------------------

def fetch(url: str, accept: str = "text/html") -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.mark.parametrize("accept, media", [("text/html", "text/html"), ("text/turtle", "text/turtle"),
                                           ("application/ld+json", "application/ld+json")])
def test_over_http_entity_iri_resolves(served_sample, accept, media):
    status, headers, body = fetch(served_sample.url + LEE_PATH, accept)
    assert status == 200 and headers["Content-Type"].startswith(media) and headers["Vary"] == "Accept"
    assert "李家超" in body or "\\u674e" in body


def test_over_http_unknown_iri_and_search(served_sample):
    status, _, body = fetch(served_sample.url + "/entity/person/ffffffffffffffff")
    assert status == 404 and "Not found" in body
    status, _, body = fetch(served_sample.url + "/search?q=" + urllib.request.quote("家超"))
    assert status == 200 and LEE_PATH in body
    status, _, body = fetch(served_sample.url + SAMPLE_PATH)
    assert status == 200 and unquote(LEE_PATH) in body


@pytest.fixture
def app_for():
    """A Flask app on a given store (default settings)."""
    def make(store: HarbourStore):
        app = create_app(Settings(store=str(store.path)), store=store)
        app.config["TESTING"] = True
        return app
    return make
