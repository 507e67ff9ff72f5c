"""Extraction quality: entities, one node per thing, relations, gazetteer links, and the evaluation harness.

Texts here are composed for the tests (none is a gold text or the sample, except where the harness is scored).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from harbour import evaluate
from harbour.cli import main
from harbour.extract import Extractor, TextDocument
from harbour.extract.gazetteer import GazetteerError, parse_gazetteer
from harbour.graph.validation import validate
from harbour.ontology import HB, OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"


def graph_of(extraction) -> Graph:
    g = Graph()
    for triple in extraction.triples:
        g.add(triple)
    return g


def entities(g: Graph, cls: URIRef) -> dict[str, set[str]]:
    """label → alternative labels, for the entities of a class."""
    return {str(g.value(e, RDFS.label)): {str(a) for a in g.objects(e, SKOS.altLabel)}
            for e in g.subjects(RDF.type, cls)}


@pytest.fixture(scope="module")
def ja_news(extractor):
    text = ("2025年2月10日、北海道札幌市に本社を置く株式会社ノースウインドは、配送ロボット「ポラリス」を発表した。"
            "同社の代表取締役社長、長谷川誠氏が記者会見で説明した。国土交通省の村井直子審議官も出席した。"
            "長谷川社長は「年内に500台を出荷する」と述べた。")
    return graph_of(extractor.extract(TextDocument("t-ja-news", text)))


def test_company_person_product_and_government_body(ja_news: Graph) -> None:
    assert "株式会社ノースウインド" in entities(ja_news, HB.Company)
    assert {"長谷川誠", "村井直子"} <= set(entities(ja_news, HB.Person))
    assert "ポラリス" in entities(ja_news, HB.Product)
    assert "国土交通省" in entities(ja_news, HB.GovernmentOrganization)


def test_a_short_form_after_a_title_is_the_same_person(ja_news: Graph) -> None:
    people = entities(ja_news, HB.Person)
    assert "長谷川" in people["長谷川誠"]
    assert "長谷川" not in people


def test_roles_carry_their_organisation_also_through_dousha(ja_news: Graph) -> None:
    person = next(e for e in ja_news.subjects(RDFS.label, None) if str(ja_news.value(e, RDFS.label)) == "長谷川誠")
    company = next(e for e in ja_news.subjects(RDF.type, HB.Company))
    assert (person, HB.worksFor, company) in ja_news
    ministry = next(e for e in ja_news.subjects(RDF.type, HB.GovernmentOrganization))
    roles = {(str(ja_news.value(r, HB.roleName)), ja_news.value(r, HB.organization))
             for r in ja_news.subjects(RDF.type, HB.Role)}
    assert ("審議官", ministry) in roles


def test_offering_and_location_facts(ja_news: Graph) -> None:
    company = next(e for e in ja_news.subjects(RDF.type, HB.Company))
    product = next(e for e in ja_news.subjects(RDF.type, HB.Product))
    assert (product, HB.manufacturer, company) in ja_news
    containments = list(ja_news.subjects(RDF.type, HB.Containment))
    assert any(ja_news.value(c, HB.contained) == company for c in containments)
    for fact in containments:
        assert ja_news.value(fact, HB.statedIn) is not None


def test_quantity_is_linked_and_dates_resolve(ja_news: Graph) -> None:
    amounts = {(str(ja_news.value(q, HB.value)), str(ja_news.value(q, HB.unitText)))
               for q in ja_news.subjects(RDF.type, HB.Quantity)}
    assert ("500", "台") in amounts


def test_visit_with_companions_in_english(extractor) -> None:
    text = ("LONDON, 4 March 2025 – The Secretary for Transport, Dr Helen Marsh, visited the Thames Barrier Park "
            "on Tuesday, accompanied by the Permanent Secretary for Transport, Mr Colin Reid. "
            "Fennel Robotics demonstrated its inspection drone, Heron.")
    g = graph_of(extractor.extract(TextDocument("t-en-visit", text)))
    visit = next(g.subjects(RDF.type, HB.Visit))
    companions = {str(g.value(p, RDFS.label)) for p in g.objects(visit, HB.accompaniedBy)}
    participants = {str(g.value(p, RDFS.label)) for p in g.objects(visit, HB.participant)}
    assert companions == {"Colin Reid"} and participants == {"Helen Marsh", "Colin Reid"}
    assert str(g.value(g.value(visit, HB.location), RDFS.label)) == "Thames Barrier Park"
    assert str(g.value(visit, HB.startDate)) == "2025-03-04"
    assert "Heron" in entities(g, HB.Product)
    conforms, report = validate(graph_of(extractor.extract(TextDocument("t-en-visit", text))))
    assert conforms, report


def test_acronym_in_brackets_is_the_same_organisation(extractor) -> None:
    text = ("The World Meteorological Organization (WMO) said on Monday that 2024 was the warmest year. "
            "WMO Secretary-General Anna Berg presented the report in Geneva.")
    g = graph_of(extractor.extract(TextDocument("t-en-acronym", text)))
    nodes = [e for cls in (HB.Organization, HB.GovernmentOrganization, HB.Company) for e in g.subjects(RDF.type, cls)
             if "WMO" in {str(g.value(e, RDFS.label))} | {str(a) for a in g.objects(e, SKOS.altLabel)}]
    assert len(set(nodes)) == 1


# --- gazetteer ---------------------------------------------------------------------------------------------

GAZETTEER_CSV = ("class,label,aliases,same_as\n"
                 "Company,Fennel Robotics Ltd,Fennel Robotics|Fennel,https://www.wikidata.org/wiki/Q000001\n"
                 "Place,Kestrel Bay,,\n")


def test_gazetteer_names_are_recognised_and_linked() -> None:
    extractor = Extractor(gazetteer=parse_gazetteer(GAZETTEER_CSV))
    g = graph_of(extractor.extract(TextDocument(
        "t-gaz", "Fennel demonstrated a drone at Kestrel Bay. Fennel Robotics said sales rose 5%.")))
    company = next(e for e in g.subjects(RDF.type, HB.Company))
    assert str(g.value(company, RDFS.label)) == "Fennel Robotics Ltd"
    assert {"Fennel", "Fennel Robotics"} <= {str(a) for a in g.objects(company, SKOS.altLabel)}
    assert (company, OWL.sameAs, URIRef("https://www.wikidata.org/wiki/Q000001")) in g
    assert "Kestrel Bay" in entities(g, HB.Place)


def test_gazetteer_in_turtle_and_bad_rows() -> None:
    turtle = """@prefix hb: <https://w3id.org/harbour/ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    <urn:x:1> a hb:Event ; rdfs:label "Harbour Forum"@en ; skos:altLabel "HF" ; owl:sameAs <urn:y:1> ."""
    entry = parse_gazetteer(turtle, "turtle").entries[0]
    assert (entry.cls, entry.label, entry.aliases, entry.same_as) == ("Event", "Harbour Forum", ("HF",), "urn:y:1")
    with pytest.raises(GazetteerError, match="unknown class"):
        parse_gazetteer("class,label\nPlanet,Mars\n")


def test_load_and_reextract_take_a_gazetteer(tmp_path: Path) -> None:
    """`harbour load --gazetteer` passes the curator's entities to the extraction workers; a bad file is a
    one-line error for `reextract` too, before anything runs."""
    from .conftest import run_harbour

    gazetteer = tmp_path / "known.csv"
    gazetteer.write_text(GAZETTEER_CSV, encoding="utf-8")
    text = tmp_path / "note.txt"
    text.write_text("Fennel demonstrated a drone at Kestrel Bay on Monday.", encoding="utf-8")
    store = tmp_path / "store"
    loaded = run_harbour("load", "--gazetteer", str(gazetteer), str(text), store=store)
    assert loaded.returncode == 0, loaded.stderr
    linked = run_harbour("query", "SELECT ?label WHERE { ?e owl:sameAs <https://www.wikidata.org/wiki/Q000001> ; "
                         "rdfs:label ?label }", "--format", "csv", store=store)
    assert linked.returncode == 0, linked.stderr
    assert "Fennel Robotics Ltd" in linked.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("class,label\nPlanet,Mars\n", encoding="utf-8")
    refused = run_harbour("reextract", "--gazetteer", str(bad), store=store)
    assert refused.returncode != 0 and "unknown class" in refused.stderr and "Traceback" not in refused.stderr


# --- the evaluation harness ------------------------------------------------------------------------------------


def test_sample_scores_against_its_gold(extractor) -> None:
    gold = evaluate.load_gold(GOLD / "sample-cyberport.json")
    report = evaluate.extract_gold([gold], extractor)[0]
    assert report.entities.recall >= 0.9 and report.entities.precision >= 0.7
    relations = evaluate.Score()
    for score in report.relations.values():
        relations += score
    assert relations.recall >= 0.8
    assert report.quantities.recall == 1.0 and report.dates.recall == 1.0


def test_scoring_counts_duplicates_and_wrong_classes() -> None:
    gold = evaluate.GoldDocument("d", "tune", "en", None, "Acme and Acme Corp.", [
        evaluate.GoldEntity(frozenset({"company"}), ["Acme Corp", "Acme"])], [], [], [])
    g = Graph()
    for n, (label, cls) in enumerate([("Acme Corp", HB.Company), ("Acme", HB.Person)]):
        node = URIRef(f"urn:e:{n}")
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label)))
    alignment = evaluate.align_entities(gold, evaluate.predicted_entities(g))
    assert (alignment.typed.tp_gold, alignment.typed.predicted) == (1, 2)
    assert len(alignment.duplicates) == 1


def test_eval_command_prints_figures_and_json(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["eval", str(GOLD / "ja-robot-launch.json"), "--ner",
                                  str(ROOT / "tests/data/ner-wikipedia-ja/dev.json"), "--ner-limit", "20"])
    assert result.exit_code == 0, result.output
    # Which NER records are scored, and what is printed instead: tests/test_eval_ner.py.
    assert "entities (typed)" in result.output and "== NER data" in result.output
    result = runner.invoke(main, ["eval", str(GOLD / "en-solar-johor.json"), "--json"])
    figures = json.loads(result.output)
    assert set(figures["gold"]["all"]) >= {"entities", "relations", "quantities", "dates"}


def test_bad_gold_file_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"id": "x", "text": "t", "relations": [{"type": "role", "holder": "Nobody",
                                                                          "title": "CEO"}]}))
    result = CliRunner().invoke(main, ["eval", str(bad)])
    assert result.exit_code != 0 and "'Nobody' is not a name of any gold entity" in result.output
