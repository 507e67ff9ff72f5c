"""Date rules added in round 9, on phrases composed for the test."""

import datetime

import pytest

from harbour.extract.dates import find_dates

MONDAY = datetime.date(2025, 10, 20)


def dates(text: str, anchor: datetime.date = MONDAY) -> list[tuple[str, str | None]]:
    return [(d.text, d.value) for d in find_dates(text, anchor)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The delegation toured the mill on Wednesday.", [("Wednesday", "2025-10-15")]),  # past by default
    ("The fair, which ends on Wednesday, drew buyers.", [("Wednesday", "2025-10-22")]),
    ("The line will open on Friday.", [("Friday", "2025-10-24")]),
    ("The show runs until Sunday.", [("Sunday", "2025-10-26")]),
])
def test_weekdays_ahead_when_the_clause_speaks_of_what_is_ahead(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "anchor", "expected"), [
    ("The archive moved into the building in December.", datetime.date(2027, 1, 18), [("December", "2026-12")]),
    ("The firm raised 2 million euros in March.", datetime.date(2026, 10, 20), [("March", "2026-03")]),
    ("The company plans to start exports in March.", datetime.date(2026, 10, 20), [("March", "2027-03")]),
])
def test_a_month_alone_is_the_last_one_unless_the_clause_looks_ahead(text, anchor, expected):
    assert dates(text, anchor) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("delivery in the second half of 2029", [("2029", "2029")]),
    ("by the end of 2030", [("2030", "2030")]),
    ("a total of 2029 units", []),
])
def test_a_year_after_a_part_of_it(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1日3往復を運航する。", []),  # per day, not the first of the month
    ("1日あたり約2万人が利用する。", []),
    ("新駅は1日に開業した。", [("1日", "2025-10-01")]),
    ("2026年3月期の売上高は約90億円だった。", [("2026年3月期", "2026-03")]),
    ("両社は4年前に提携し、3年後の上場を目指す。", [("4年前", "2021"), ("3年後", "2028")]),
])
def test_japanese_per_day_business_years_and_years_from_now(text, expected):
    assert dates(text) == expected
