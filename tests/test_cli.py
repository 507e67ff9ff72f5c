"""The `harbour` command end to end: load, serve on a free port, real HTTP; bad input."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

from rdflib import Dataset, Graph

from harbour.graph.validation import validate

from .conftest import SAMPLE, run_harbour


def http_json(url: str, query: str) -> dict:
    request = urllib.request.Request(url + "/sparql?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def test_people_and_organisations_come_back_with_their_types(served_sample) -> None:
    result = http_json(served_sample.url, """
        SELECT ?name ?class WHERE { ?e a ?class ; rdfs:label ?name . ?class rdfs:subClassOf* hb:Entity }""")
    typed = {(b["name"]["value"], b["class"]["value"].rsplit("#", 1)[1]) for b in result["results"]["bindings"]}
    assert ("李家超", "Person") in typed
    assert ("陳細明", "Person") in typed
    assert ("香港特別行政区政府", "GovernmentOrganization") in typed
    assert ("Votee AI", "Company") in typed


def test_mention_offsets_slice_the_text_over_http(served_sample) -> None:
    result = http_json(served_sample.url, """
        SELECT ?anchor ?begin ?end ?text WHERE {
          ?m nif:anchorOf ?anchor ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:referenceContext ?d .
          ?d nif:isString ?text }""")
    rows = result["results"]["bindings"]
    assert rows
    for row in rows:
        text = row["text"]["value"]
        assert text[int(row["begin"]["value"]):int(row["end"]["value"])] == row["anchor"]["value"]


def test_malformed_query_over_http_is_400(served_sample) -> None:
    url = served_sample.url + "/sparql?" + urllib.parse.urlencode({"query": "SELECT WHERE {"})
    try:
        urllib.request.urlopen(url, timeout=30)
        raise AssertionError("expected 400")
    except urllib.error.HTTPError as error:
        assert error.code == 400
        assert "malformed query" in error.read().decode()


def test_extract_prints_trig_that_passes_the_shapes(tmp_path: Path) -> None:
    result = run_harbour("extract", str(SAMPLE), "--format", "trig", store=tmp_path / "unused")
    assert result.returncode == 0, result.stderr
    dataset = Dataset().parse(data=result.stdout, format="trig")
    graphs = [g for g in dataset.graphs() if len(g)]
    assert len(graphs) == 1
    conforms, report = validate(graphs[0])
    assert conforms, report


def test_bad_files_are_reported_and_good_ones_load(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text("行政長官山田太郎は本日、東京都を訪問した。", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\xff\xfe\x00\x01\x80\x81garbage\x00")
    store = tmp_path / "store"
    result = run_harbour("load", str(folder), store=store)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("binary.txt" in e for e in errors)
    assert "1 loaded" in result.stderr
    docs = run_harbour("query", "SELECT ?id WHERE { ?d hb:documentId ?id }", "--format", "csv", store=store)
    assert docs.returncode == 0, docs.stderr
    assert "good.txt" in docs.stdout and "empty" not in docs.stdout and "binary" not in docs.stdout


def test_non_utf8_bytes_give_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(128, 256)) * 4)
    result = run_harbour("load", str(bad), store=tmp_path / "store")
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "bad.txt" in errors[0]
