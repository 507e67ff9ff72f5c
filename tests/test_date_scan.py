"""Case-insensitive date patterns run case-sensitively on the lower-cased text (extract/dates.py, for speed): they
must find what the same patterns find with re.IGNORECASE on the text as written."""

from pathlib import Path

from harbour.evaluate import load_gold
from harbour.extract import dates

GOLD = Path(__file__).parent / "gold"
EDGES = ["On MARCH 3, 2026 and 3 march 2026, by 2030, In 2019, TODAY, Next Year, This Month", "今日、今年、来月", ""]


def test_lowered_patterns_find_what_case_insensitive_ones_find():
    texts = [load_gold(path).text for path in sorted(GOLD.glob("*.json"))] + EDGES
    lowered = [pattern for pattern, _ in dates._PATTERNS if pattern.lowered]
    assert len(lowered) >= 5
    found = 0
    for text in texts:
        assert len(text.lower()) == len(text)
        for pattern in lowered:
            expected = [(m.span(), m.groupdict()) for m in pattern.fallback.finditer(text)]
            got = [(m.span(), {k: (v if v is None else text[m.start(k):m.end(k)]) for k, v in m.groupdict().items()})
                   for m in pattern.regex.finditer(text.lower())]
            assert got == expected
            found += len(expected)
    assert found > 100
