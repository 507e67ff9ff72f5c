"""Round 6 of entity extraction: the shapes behind round 5's misses on unseen text (then held out), each checked on
sentences composed for these tests (fictional companies, people, places and products); none is taken from a gold
file or the sample article.
"""

from __future__ import annotations

import pytest

from harbour.extract import Extractor

from .test_entities_round4 import PLACES, names_and_classes
from .test_entities_round5 import _is

TEXTS = {
    # a run of proper nouns after a word for a company is its name, even where the tagger saw a nationality in it
    "lead-1": "Perth-based insurer Coral Mutual paid A$5 million for the new wing.",
    "lead-2": "State-owned lender Nordia Kredit provided the loan.",
    "lead-3": "The deal was financed by Danish lender Fjord Sparekasse last year.",
    # the company's name again before a title stays the company's, not a field of the title
    "officer-1": "Perth-based insurer Coral Mutual grew. Coral Mutual Chief Executive Ian Ross said sales rose.",
    "officer-2": "Shares of carmaker Velden Auto rose. Velden Auto Chief Executive Maria Stolz spoke on Monday.",
    # a hall, an arena, a pavilion is a facility; a trust is an organisation
    "suffix-1": "The forum is held at the Westbay Exhibition Hall in Darwin.",
    "suffix-2": "The concert moved to the Riverside Arena on Friday.",
    "suffix-3": "The Northern Heritage Trust owns the building.",
    "suffix-4": "Money came from the Greenfield Land Trust and the city.",
    # the name after "the mayor of" / "the governor of" is a place
    "mayor-1": "Anna Berg, the mayor of Kiruna, welcomed the plan.",
    "mayor-2": "The deal was signed by Tomas Lind, the mayor of Lulea.",
    "mayor-3": "Pedro Alves, the governor of Tocantins, opened the road.",
    # a name before a site word is the site; the name after "plant in" is a place
    "site-1": "Lumora Energy will finish its first factory, the Lumora Two plant in Skelleftea, next year.",
    "site-2": "The minister visited the Brightwater Three construction site on Tuesday.",
    "site-3": "Arkon Steel said the Arkon Five plant in Tarnow would close.",
}


@pytest.fixture(scope="module")
def found(extractor: Extractor) -> dict[str, dict[str, set[str]]]:
    return names_and_classes(extractor, TEXTS | JA_TEXTS | MORE_TEXTS, "r6")


@pytest.mark.parametrize("key, name", [("lead-1", "Coral Mutual"), ("lead-2", "Nordia Kredit"),
                                       ("lead-3", "Fjord Sparekasse")])
def test_name_after_a_word_for_a_company_is_whole(found, key: str, name: str) -> None:
    _is(found, key, name, {"Company"})


@pytest.mark.parametrize("key, name", [("officer-1", "Coral Mutual"), ("officer-2", "Velden Auto")])
def test_company_name_before_a_title_stays_a_name(found, key: str, name: str) -> None:
    _is(found, key, name, {"Company"})
    assert not any(label.startswith(name.split()[-1] + " Chief") for label in found[key])


@pytest.mark.parametrize("key, name, cls", [("suffix-1", "Westbay Exhibition Hall", "Facility"),
                                            ("suffix-2", "Riverside Arena", "Facility"),
                                            ("suffix-3", "Northern Heritage Trust", "Organization"),
                                            ("suffix-4", "Greenfield Land Trust", "Organization")])
def test_halls_are_facilities_and_trusts_organisations(found, key: str, name: str, cls: str) -> None:
    _is(found, key, name, {cls})


@pytest.mark.parametrize("key, name", [("mayor-1", "Kiruna"), ("mayor-2", "Lulea"), ("mayor-3", "Tocantins")])
def test_name_after_the_mayor_of_is_a_place(found, key: str, name: str) -> None:
    _is(found, key, name, PLACES)


@pytest.mark.parametrize("key, name", [("site-1", "Lumora Two"), ("site-2", "Brightwater Three"),
                                       ("site-3", "Arkon Five")])
def test_name_before_a_site_word_is_a_facility(found, key: str, name: str) -> None:
    _is(found, key, name, {"Facility"})


@pytest.mark.parametrize("key, name", [("site-1", "Skelleftea"), ("site-3", "Tarnow")])
def test_name_after_plant_in_is_a_place(found, key: str, name: str) -> None:
    _is(found, key, name, PLACES)


JA_TEXTS = {
    "device-1": "同社は医療用検査装置「ルクスビューα」を発売した。",
    "device-2": "同社は新型の観光列車「さくら浪漫」を運行する。",
    "device-3": "同社は使い捨て内視鏡「クリアスコープ2」を開発した。",
}


@pytest.mark.parametrize("key, name", [("device-1", "ルクスビューα"), ("device-2", "さくら浪漫"),
                                       ("device-3", "クリアスコープ2")])
def test_quoted_name_after_a_device_or_train_word_is_a_product(found, key: str, name: str) -> None:
    _is(found, key, name, {"Product"})


MORE_TEXTS = {
    "port-1": "The museum opened on Friday at Port Arthur, after a conversion.",
    "port-2": "The ship sailed from Port Louis on Monday.",
    "measure-1": "The company said the 15,000-TEU vessel would be delivered in 2027.",
    "measure-2": "Builders said the 9,000-TEU ship was ready.",
}


@pytest.mark.parametrize("key, name", [("port-1", "Port Arthur"), ("port-2", "Port Louis")])
def test_port_and_a_name_is_a_place(found, key: str, name: str) -> None:
    _is(found, key, name, PLACES)


@pytest.mark.parametrize("key", ["measure-1", "measure-2"])
def test_a_measure_before_a_product_word_is_no_product(found, key: str) -> None:
    assert "TEU" not in found[key]
