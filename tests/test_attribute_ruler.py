"""harbour_attribute_ruler must annotate exactly as the model's own attribute_ruler: it only finds the same matches
faster (extract/attribute_ruler.py)."""

from pathlib import Path

import pytest
import spacy
from spacy.attrs import LEMMA, MORPH, POS

from harbour.evaluate import load_gold
from harbour.extract.attribute_ruler import FACTORY, IndexedAttributeRuler
from harbour.extract.pipeline import MODELS, build_pipeline

GOLD = Path(__file__).parent / "gold"
ODD = ["I ain't gonna do it, y'all know. Nothin' doin'. He'd had it. Let's go, c'mon, gotta run.",
       "  Spaces\n\n and   tabs\t here.  ", "There's a dog. There are cats. THERE WERE MANY.", ""]


@pytest.fixture(scope="module")
def english() -> spacy.Language:
    return spacy.load(MODELS["en"][0])


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [load_gold(path).text for path in sorted(GOLD.glob("en-*.json"))] + ODD


def test_same_matches_as_spacys_matcher(english, texts):
    stock = english.get_pipe("attribute_ruler")
    indexed = IndexedAttributeRuler(english.vocab, "indexed")
    indexed.add_patterns(stock.patterns)
    docs = list(english.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))
    total = 0
    for doc in docs:
        expected = stock.match(doc)
        assert indexed.match(doc) == expected
        total += len(expected)
    assert total > 3_000  # every token of the gold texts gets its tag's part of speech: not a vacuous comparison


def test_the_english_pipeline_annotates_as_the_stock_model(english, texts):
    harbour = build_pipeline("en")
    assert harbour.get_pipe_meta("attribute_ruler").factory == FACTORY
    assert len(harbour.get_pipe("attribute_ruler").patterns) == len(english.get_pipe("attribute_ruler").patterns)
    names = [n for n in harbour.pipe_names if not n.startswith("harbour_")]
    for ours, theirs in zip(harbour.pipe(texts, disable=[n for n in harbour.pipe_names if n not in names]),
                            english.pipe(texts)):
        assert (ours.to_array([POS, MORPH, LEMMA]) == theirs.to_array([POS, MORPH, LEMMA])).all()


def test_patterns_added_later_are_found(english):
    ruler = IndexedAttributeRuler(english.vocab, "indexed")
    ruler.add([[{"LOWER": "harbour"}]], {"POS": "PROPN"})
    doc = english.make_doc("Harbour works")
    ruler(doc)
    assert doc[0].pos_ == "PROPN"
    ruler.add([[{"LOWER": "works"}]], {"POS": "VERB"})
    ruler(doc)
    assert doc[1].pos_ == "VERB"
