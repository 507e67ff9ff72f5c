"""Japanese sentences of thousands of characters (no 。): real ja_ginza, real extraction.

GiNZA's ``bunsetu_recognizer`` takes time growing with the cube of a sentence's length; Harbour's
``harbour_bunsetsu`` (``extract/bunsetsu.py``) runs it unchanged on ordinary sentences and without its clause step
on a document with a longer one. The run-on text is an invented enumeration of guests (no names of the sample),
opened and closed by a company and a person that appear nowhere else, so both ends are checked. Its timing against
GiNZA's recogniser is in ``bench/long_sentence_bench.py``, not here.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from ginza.bunsetu_recognizer import BUNSETU_HEAD_SUFFIX
from spacy.language import Language

from harbour.extract import EXTRACTOR_VERSION, Extractor, TextDocument
from harbour.extract.bunsetsu import FACTORY, BoundedBunsetsuRecognizer
from harbour.extract.pipeline import build_pipeline, model_ids, pipeline
from harbour.extract.rdf import DocumentMeta, doc_to_triples
from harbour.ontology import PROV

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "cyberport-ai-2024-11-22.ja.txt"

_SURNAMES = ["水野", "大西", "岡田", "堀江", "川口", "野村", "菊池", "石原", "平田", "柴田", "杉山"]
_GIVEN = ["隆之", "早苗", "俊介", "智子", "雄一", "綾香", "修平", "麻衣", "慎吾"]
_COMPANIES = ["潮見精工", "若松化成", "朝霧システムズ", "鳴門フーズ", "星野テクノ", "青柳建設", "葵電機"]
OPENING = "潮風工業の水野隆之社長によると、"
CLOSING = "青嵐ホールディングスの今井早苗会長が視察に訪れた"
ENDS = ["潮風工業", "水野隆之", "青嵐ホールディングス", "今井早苗"]


def run_on(characters: int) -> str:
    """One sentence of at least ``characters`` characters without 。: OPENING, guests separated by 、, CLOSING."""
    guests: list[str] = []
    while len(OPENING) + sum(len(guest) + 1 for guest in guests) + len(CLOSING) < characters:
        i = len(guests)
        guests.append(f"{_COMPANIES[i % len(_COMPANIES)]}の{_SURNAMES[i % len(_SURNAMES)]}{_GIVEN[i % len(_GIVEN)]}氏")
    return OPENING + "、".join(guests) + "、" + CLOSING


def stock_pipeline() -> Language:
    """Harbour's Japanese pipeline with GiNZA's own ``bunsetu_recognizer`` back in place of ``harbour_bunsetsu``."""
    nlp = build_pipeline("ja")
    nlp.replace_pipe(FACTORY, "bunsetu_recognizer", config={"remain_bunsetu_suffix": False})
    return nlp


def nquads(nlp: Language, text: str, doc_id: str) -> list[str]:
    """The document's triples in N-Triples form, sorted; the extraction's start time fixed and its end left out
    (the clock's), so runs compare."""
    meta = DocumentMeta(doc_id, doc_id, None, None, "ja")
    started = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    triples = doc_to_triples(nlp(text), meta, "https://harbour.example/", EXTRACTOR_VERSION, model_ids(nlp), started)
    return sorted(" ".join(node.n3() for node in triple) for triple in triples if triple[1] != PROV.endedAtTime)


def test_the_japanese_pipeline_has_harbours_recogniser_in_place_of_ginzas() -> None:
    nlp = pipeline("ja")
    assert "bunsetu_recognizer" not in nlp.pipe_names
    assert nlp.pipe_names.index(FACTORY) == nlp.pipe_names.index("compound_splitter") + 1
    recogniser = nlp.get_pipe(FACTORY)
    assert isinstance(recogniser, BoundedBunsetsuRecognizer)
    assert recogniser.max_tokens == nlp.config["components"][FACTORY]["max_tokens"]


@pytest.fixture(scope="module")
def stock() -> Language:
    return stock_pipeline()


def test_the_sample_extracts_to_the_same_triples_as_with_ginzas_recogniser(stock: Language) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    ours, reference = nquads(pipeline("ja"), text, "sample"), nquads(stock, text, "sample")
    assert len(ours) > 100
    assert ours == reference


def test_a_document_of_ordinary_sentences_gets_ginzas_bunsetsu_and_clauses_unchanged(stock: Language) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    ours, reference = pipeline("ja")(text), stock(text)
    assert [t.dep_ for t in ours] == [t.dep_ for t in reference]
    keys = ["bunsetu_heads", "bunsetu_bi_labels", "bunsetu_position_types", "clauses", "clause_heads"]
    assert {key: ours.user_data[key] for key in keys} == {key: reference.user_data[key] for key in keys}
    assert ours.user_data["clauses"]


@pytest.fixture(scope="module")
def run_on_text() -> str:
    text = run_on(4_000)
    assert len(text) >= 4_000 and "。" not in text and "\n" not in text
    return text


def test_a_4000_character_sentence_extracts_with_entities_at_both_ends(run_on_text: str) -> None:
    extraction = Extractor().extract(TextDocument("run-on", run_on_text, lang="ja"))
    literals = {str(node) for _, _, node in extraction.triples}
    assert set(ENDS) <= literals


def test_a_long_sentence_keeps_ginzas_labels_and_bunsetsu_but_no_clauses(run_on_text: str) -> None:
    nlp = pipeline("ja")
    doc = nlp(run_on_text)
    assert max(len(sentence) for sentence in doc.sents) > nlp.get_pipe(FACTORY).max_tokens
    assert not any(t.dep_.endswith(BUNSETU_HEAD_SUFFIX) for t in doc)
    assert len(doc.user_data["bunsetu_heads"]) > 100 and len(doc.user_data["bunsetu_bi_labels"]) == len(doc)
    assert doc.user_data["clauses"] == {} and set(doc.user_data["clause_heads"]) == {-1}


def test_the_threshold_is_configured_not_fixed(stock: Language) -> None:
    """With ``max_tokens`` configured over the sentence's length, the same text gets GiNZA's clauses too."""
    text = run_on(700)
    low = pipeline("ja")(text)
    assert max(len(sentence) for sentence in low.sents) > pipeline("ja").get_pipe(FACTORY).max_tokens
    nlp = build_pipeline("ja")
    nlp.replace_pipe(FACTORY, FACTORY, config={"max_tokens": 10_000})
    high, reference = nlp(text), stock(text)
    assert low.user_data["clauses"] == {} and high.user_data["clauses"] == reference.user_data["clauses"] != {}
    assert [t.dep_ for t in low] == [t.dep_ for t in high] == [t.dep_ for t in reference]
    assert low.user_data["bunsetu_heads"] == high.user_data["bunsetu_heads"] == reference.user_data["bunsetu_heads"]
