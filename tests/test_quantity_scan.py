"""find_quantities finds amounts from the digits (quantities._amounts) instead of scanning the whole amount pattern
over every character: the two must give the same matches, or the speed-up changed what is extracted."""

from pathlib import Path

import pytest

from harbour.evaluate import load_gold
from harbour.extract import quantities

GOLD = Path(__file__).parent / "gold"

EDGES = [
    "最大で高さ16メートル、約 300 PFLOPS、およそ1,100万時間以上、少なくとも３０社",
    "approximately 120 megawatts, more than 800 jobs, at least HK$3 billion, up to US$ 45 million, some 40 firms",
    "RMB 12 billion and NZ$85 million; ¥3,000, ￥２万, €9.5bn, £40m, ₩900 billion",
    "phone 0142-33-9876, Terminal 2, the T-40, 第3回, 10時30分, in 2019 12 firms",
    "12\n34, 5 6, 約\n7件, 高低で8メートル",
    "no number at all",
    "",
]


def _scan_everywhere(text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in quantities._QUANTITY.finditer(text)]


def _from_digits(text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in quantities._amounts(text)]


@pytest.mark.parametrize("text", EDGES)
def test_amounts_from_digits_match_the_scan_of_the_whole_pattern(text: str) -> None:
    assert _from_digits(text) == _scan_everywhere(text)


def test_amounts_from_digits_match_the_scan_on_every_gold_text() -> None:
    texts = [load_gold(path).text for path in sorted(GOLD.glob("*.json"))]
    assert len(texts) > 50
    found = 0
    for text in texts:
        expected = _scan_everywhere(text)
        assert _from_digits(text) == expected
        found += len(expected)
    assert found > 500  # the gold texts are full of numbers: the comparison is not vacuous
