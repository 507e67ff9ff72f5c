"""Round 10 of English extraction: the general news shapes behind the round-9 English texts' errors (then held out),
each checked on sentences composed for these tests (fictional companies, people, places and products); none is taken
from a gold file or the sample article.
"""

from __future__ import annotations

import pytest

from harbour.extract import Extractor

from .test_entities_round4 import names_and_classes
from .test_entities_round5 import _is
from .test_extract import facts_of

TEXTS = {
    # a word for a company (trader, contractor, group) before a name the tagger took for a person or a place
    "trader-1": "Kelso Foods is majority-owned by Lisbon-based commodities trader Marlow Vantage Trading.",
    "contractor-1": "The tunnel was built by Korean contractor Daerim Tollworks.",
    "group-1": "The line is operated by Orvik Rail, a unit of Danish rail group Tallvik.",
    # the name a service or product is branded with
    "branded-1": "The new chocolate, branded Kakao Rossa, is made by Dolcera Foods.",
}


@pytest.fixture(scope="module")
def found(extractor: Extractor) -> dict[str, dict[str, set[str]]]:
    return names_and_classes(extractor, TEXTS, "r10")


@pytest.mark.parametrize("key, name", [("trader-1", "Marlow Vantage Trading"), ("contractor-1", "Daerim Tollworks"),
                                       ("group-1", "Tallvik")])
def test_a_name_after_a_word_for_a_company_is_a_company(found, key: str, name: str) -> None:
    _is(found, key, name, {"Company"})


def test_the_name_a_thing_is_branded_with_is_a_product(found) -> None:
    _is(found, "branded-1", "Kakao Rossa", {"Product"})


# --- relations ---------------------------------------------------------------------------------------------------

LINKS = [
    # owned by: part of the owner
    ("Kelso Foods is majority-owned by Lisbon-based commodities trader Marlow Vantage Trading.",
     {("partOf", "Kelso Foods", "Marlow Vantage Trading"), ("locatedIn", "Marlow Vantage Trading", "Lisbon")}),
    ("Brava Cement Holdings, wholly owned by Torvane Group, opened a kiln in May.",
     {("partOf", "Brava Cement Holdings", "Torvane Group")}),
    # a place before the words for a company: the company is there
    ("The sensor was developed by Seoul start-up Hanul Labs.", {("locatedIn", "Hanul Labs", "Seoul")}),
    # the service, branded X, is operated by Y: Y offers X
    ("The service, branded Skyline, is operated by Sorlink Rail, a unit of Danish rail group Vanerbanan.",
     {("offers", "Sorlink Rail", "Skyline"), ("partOf", "Sorlink Rail", "Vanerbanan")}),
    # bought or ordered from a company: the company makes or sells it
    ("The airline bought 20 Corva C3 jets from planemaker Aerodyne Ltd. last year.",
     {("offers", "Aerodyne Ltd.", "Corva C3")}),
]


@pytest.mark.parametrize("text, expected", LINKS)
def test_owners_and_places_of_companies(text: str, expected: set[tuple]) -> None:
    found = facts_of(text)
    assert expected <= found, expected - found


def test_a_place_a_company_is_listed_in_is_not_its_place() -> None:
    found = facts_of("Ebrola, a unit of Lyon-listed engineering group Grupo Fenart, said it would grow.")
    assert not any(f[0] == "locatedIn" and f[1] == "Grupo Fenart" for f in found), found
