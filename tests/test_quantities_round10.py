"""Amounts and dates added in round 10, on phrases composed for the test."""

import datetime

import pytest

from harbour.extract.dates import find_dates
from harbour.extract.quantities import find_quantities


@pytest.mark.parametrize(("text", "expected"), [
    ("除雪車は時速約12キロで走る。", ("時速約12キロ", "12", "km/h", "Approximately")),
    ("trains reach up to 220 kilometres per hour", ("up to 220 kilometres per hour", "220", "km/h", "AtMost")),
    ("Tickets start at 390 crowns.", ("390 crowns", "390", "crowns", "AtLeast")),
    ("an order worth 2.5 billion Swedish crowns", ("2.5 billion Swedish crowns", "2500000000", "SEK", None)),
    ("組合長の山田一郎さん(61歳)", ("61歳", "61", "歳", None)),
])
def test_speeds_crowns_lowest_prices_and_ages(text, expected):
    assert [(q.text, str(q.value), q.unit, q.qualifier) for q in find_quantities(text)] == [expected]


@pytest.mark.parametrize(("text", "anchor", "expected"), [
    ("The line opens next spring.", datetime.date(2027, 1, 12), [("next spring", "2027")]),
    ("The line opens next spring.", datetime.date(2026, 10, 2), [("next spring", "2027")]),
    ("Work began last autumn.", datetime.date(2026, 10, 2), [("last autumn", "2025")]),
    ("工事は今年3月末に終わった。", datetime.date(2027, 5, 1), [("今年3月末", "2027-03")]),
])
def test_seasons_and_the_end_of_a_month(text, anchor, expected):
    assert [(d.text, d.value) for d in find_dates(text, anchor)] == expected


from .test_quantities_round7 import measured  # noqa: E402


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # a number-and-unit modifier of a name's word: the name's thing
    ("Officials opened the 2.4-kilometre Marlowe Viaduct on Monday.", "2.4-kilometre", "Marlowe Viaduct"),
    # money lent by someone: the lender's
    ("The Kessing Grain Terminal cost $200 million, of which $75 million was lent by the Northern Ports Fund.",
     "$75 million", "Northern Ports Fund"),
    # 交付金 is a grant: the amount paid from it is the granting body's
    ("総事業費は約300億円で、このうち約90億円は国土交通省の交付金で賄う。", "約90億円", "国土交通省"),
    # each train: one of the trains named
    ("Valdra Rail ordered eight Strela S4 trains. Each train seats 410 passengers.", "410 passengers", "Strela S4"),
])
def test_names_lenders_grants_and_each(text, amount, thing):
    assert measured(text).get(amount) == thing


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # the kind word written as two tokens (試験|炉) still stands for the quoted name it introduced
    ("北光製鋼は室蘭工場に電気炉の試験炉「ML-Green」を建設した。試験炉の生産能力は年間約8万トンとなる。", "約8万トン",
     "ML-Green"),
    # a subject written after the amount it supplies (約30%をXが供給する)
    ("木材は主に県内から調達し、約30%を南山林業協同組合が供給する。", "約30%", "南山林業協同組合"),
])
def test_split_kind_words_and_subjects_after_the_amount(text, amount, thing):
    assert measured(text).get(amount) == thing
