"""Dates in Japanese and English text, normalised to xsd:date / xsd:gYearMonth / xsd:gYear.

Relative expressions (今日, 今年, 来年, today, next year) resolve against the document's date
when it is known and are dropped when it is not: a guessed year would be a wrong fact.

>>> [(d.text, d.value, d.datatype) for d in find_dates("2024年11月22日、今日(11月22日)", None)]
[('2024年11月22日', '2024-11-22', 'date'), ('今日', None, 'date'), ('11月22日', None, 'date')]
>>> anchor = datetime.date(2024, 11, 22)
>>> [(d.text, d.value) for d in find_dates("今日、今年中に、2025年までに", anchor)]
[('今日', '2024-11-22'), ('今年', '2024'), ('2025年', '2025')]
>>> [(d.text, d.value) for d in find_dates("On 3 March 2023 and by next year", anchor)]
[('3 March 2023', '2023-03-03'), ('next year', '2025')]
>>> [(d.text, d.value) for d in find_dates("大臣は20日、来年3月までに、来月には", anchor)]
[('20日', '2024-11-20'), ('来年3月', '2025-03'), ('来月', '2024-12')]
>>> [(d.text, d.value) for d in find_dates("1日3便、1日あたり500人、15日10時に", anchor)]
[('15日', '2024-11-15')]
>>> [(d.text, d.value) for d in find_dates("launched in April, met on Monday, done in 2027, 5日間", anchor)]
[('April', '2024-04'), ('Monday', '2024-11-18'), ('2027', '2027')]
>>> [(d.text, d.value) for d in find_dates("来月15日に発売、2026年度予算、2027年春に開業、今年度中に", anchor)]
[('来月15日', '2024-12-15'), ('2026年度', '2026'), ('2027年春', '2027'), ('今年度', '2024')]
>>> [(d.text, d.value) for d in find_dates("opens on December 6 and closes 9 January, on May 5, 2025", anchor)]
[('December 6', '2024-12-06'), ('9 January', '2024-01-09'), ('May 5, 2025', '2025-05-05')]
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
_MONTH_RE = "|".join(_MONTHS) + "|" + "|".join(m[:3] for m in _MONTHS)

_CAPITALISED_MONTHS = "|".join(m.capitalize() for m in _MONTHS) + "|" + "|".join(
    m[:3].capitalize() for m in _MONTHS if m != "may")
_WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_JA_WEEKDAYS = {d: i for i, d in enumerate("月火水木金土日")}
_RELATIVE_YEAR = {"今年": 0, "本年": 0, "来年": 1, "昨年": -1, "去年": -1}
_RELATIVE_FISCAL_YEAR = {"今年度": 0, "本年度": 0, "来年度": 1, "昨年度": -1}
#: Japan's fiscal year starts in April: in February 2026, 今年度 is the fiscal year 2025.
_FISCAL_YEAR_START_MONTH = 4
#: The month each season begins in (northern hemisphere, as the texts' places are).
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_RELATIVE_MONTH = {"今月": 0, "来月": 1, "先月": -1, "this month": 0, "next month": 1, "last month": -1}

@dataclass(frozen=True)
class _Pattern:
    """A date pattern; a case-insensitive one (``lowered``) is written in lower case and run on the lower-cased
    text, several times faster than with re.IGNORECASE: only a case-sensitive pattern lets the regex engine skip to
    the characters a match can begin with (the month names cost more than all other patterns together before)."""

    regex: re.Pattern[str]
    lowered: bool
    fallback: re.Pattern[str] | None = None  # with re.IGNORECASE, for a text whose lower case changes its length


def _sensitive(pattern: str) -> _Pattern:
    return _Pattern(re.compile(pattern), False)


def _insensitive(pattern: str) -> _Pattern:
    return _Pattern(re.compile(pattern), True, re.compile(pattern, re.IGNORECASE))


_PATTERNS: list[tuple[_Pattern, str]] = [
    (_sensitive(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"), "ymd"),
    # 2026年3月期: the business year that ends with that month, named by it
    (_sensitive(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?:期|末|上旬|中旬|下旬|初め|初旬)?"), "ym"),
    (_sensitive(r"(?P<rel>今年|本年|来年|昨年|去年)(?P<m>\d{1,2})月(?P<d>\d{1,2})日"), "rel_ymd"),
    (_sensitive(r"(?P<rel>今年|本年|来年|昨年|去年)(?P<m>\d{1,2})月(?!\d{1,2}日)(?:末|上旬|中旬|下旬|初め|初旬)?"), "rel_ym"),
    (_sensitive(r"(?P<rel>今年|本年|来年|昨年|去年)(?:春|夏|秋|冬|初め|初頭|半ば|末)"), "rel_y"),
    (_sensitive(r"(?P<rel>今月|来月|先月)(?P<d>\d{1,2})日"), "rel_md"),
    (_sensitive(r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日"), "md"),
    # a fiscal year (2026年度) is named by its first year; a season or a part of a year stays in the year
    (_sensitive(r"(?P<y>\d{4})年(?:度|春|夏|秋|冬|初め|初頭|半ば|末)?"), "y"),
    (_sensitive(r"(?P<rel>今年度|本年度|来年度|昨年度)"), "fiscal_year"),
    (_sensitive(r"(?<![\d.,第])(?P<n>[1-9]\d?)年(?P<dir>前|後)"), "years_from_now"),  # 5年前, 3年後
    (_sensitive(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"), "ymd"),
    (_insensitive(rf"(?P<d>\d{{1,2}}) (?P<mn>{_MONTH_RE})\.? (?P<y>\d{{4}})"), "ymd"),
    (_insensitive(rf"(?P<mn>{_MONTH_RE})\.? (?P<d>\d{{1,2}}),? (?P<y>\d{{4}})"), "ymd"),
    (_insensitive(rf"(?P<mn>{_MONTH_RE}) (?P<y>\d{{4}})"), "ym"),
    # a month and day without a year (on December 6, 6 December) are in the document's year
    (_sensitive(rf"\b(?P<mn>{_CAPITALISED_MONTHS})\.? (?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b(?!,? ?\d)"), "md"),
    (_sensitive(rf"\b(?P<d>[1-9]|[12]\d|3[01]) (?P<mn>{_CAPITALISED_MONTHS})\b(?! \d)"), "md"),
    (_insensitive(r"今日|本日|today"), "today"),
    (_insensitive(r"昨日|yesterday"), "yesterday"),
    # next spring: the next one to come (said in January, this year's); last autumn: the last one that ended
    (_insensitive(r"(?P<rel>this|next|last) (?P<season>spring|summer|autumn|fall|winter)"), "season"),
    (_insensitive(r"今年|本年|this year"), "this_year"),
    (_insensitive(r"昨年|去年|last year"), "last_year"),
    (_insensitive(r"来年|next year"), "next_year"),
    (_insensitive(r"今月|来月|先月|this month|next month|last month"), "rel_month"),
    # a day of the month alone (15日, 2日に) is in the document's month; not 5日間, 2日目, nor a rate per day
    # (1日3便, 1日あたり; but 15日10時)
    (_sensitive(r"(?=\d)(?<![\d月年])(?P<d>[1-9]|[12]\d|3[01])日(?=まで)"), "d_until"),
    (_sensitive(r"(?=\d)(?<![\d月年])(?P<d>[1-9]|[12]\d|3[01])日(?![間目以前後ぶ付]|あたり|当たり|\d+(?![\d時:：]))"), "d"),
    (_insensitive(r"(?=[abfistu])(?<![\d,.])(?:in |by |since |until |from |before |after |through |for )"
                  r"(?P<y>(?:19|20)\d{2})(?!\d|,\d)"), "y"),
    # a month alone after a preposition (since its launch in April) is in the document's year
    (_sensitive(rf"\b(?:in|since|by|until|from) (?P<mn>{'|'.join(m.capitalize() for m in _MONTHS)})\b(?! \d)"),
     "m"),
    (_sensitive(r"\b[Oo]n (?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"), "weekday"),
    # runs until Friday: the coming one
    (_sensitive(r"\b(?:until|till|through) (?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
     "weekday_ahead"),
    # the second half of 2029, the end of 2030
    (_insensitive(r"(?=[a-z])(?<![a-z])(?:half|end|start|beginning|middle|quarter|spring|summer|autumn|fall|winter) "
                  r"of (?P<y>(?:19|20)\d{2})(?!\d|,\d)"), "y"),
]


#: Words in the clause before "on Friday" that put the day ahead of the text's date (will open, ends, is due to).
_FUTURE_BEFORE = re.compile(r"\b(?:will|'ll|(?:is|are) (?:due|scheduled|expected|set|to)|ends|runs|closes|"
                            r"continues|begins|starts)\b[^.!?;]*$")
_PLANS_BEFORE = re.compile(r"\b(?:plans?|aims?|hopes?|expects?|intends?|wants?) to\b[^.!?;]*$")


@dataclass(frozen=True)
class DateMention:
    """A date as written (``begin``/``end`` in characters) and its normal form, or None if unresolved."""

    begin: int
    end: int
    text: str
    value: str | None
    datatype: str  # "date", "gYearMonth" or "gYear"


def _month(match: re.Match[str]) -> int:
    if "mn" in match.groupdict() and match.group("mn"):
        return _MONTHS.get(match.group("mn").lower()) or next(
            i for name, i in _MONTHS.items() if name.startswith(match.group("mn").lower()[:3]))
    return int(match.group("m"))


def _resolve(kind: str, match: re.Match[str], anchor: datetime.date | None) -> tuple[str | None, str]:
    if kind == "ymd":
        try:
            return datetime.date(int(match.group("y")), _month(match), int(match.group("d"))).isoformat(), "date"
        except ValueError:
            return None, "date"
    if kind == "ym":
        month = _month(match)
        return (f"{int(match.group('y')):04d}-{month:02d}" if 1 <= month <= 12 else None), "gYearMonth"
    if kind == "y":
        return f"{int(match.group('y')):04d}", "gYear"
    datatype = {"md": "date", "rel_md": "date", "rel_ymd": "date", "d": "date", "d_until": "date", "weekday": "date",
                "weekday_ahead": "date",
                "today": "date", "yesterday": "date",
                "rel_ym": "gYearMonth", "m": "gYearMonth", "rel_month": "gYearMonth"}.get(kind, "gYear")
    if anchor is None:
        return None, datatype
    if kind in ("md", "rel_md"):
        year, month = anchor.year, _month(match) if kind == "md" else anchor.month
        if kind == "rel_md":
            index = year * 12 + month - 1 + _RELATIVE_MONTH[match.group("rel")]
            year, month = index // 12, index % 12 + 1
        try:
            return datetime.date(year, month, int(match.group("d"))).isoformat(), "date"
        except ValueError:
            return None, "date"
    if kind == "fiscal_year":
        current = anchor.year if anchor.month >= _FISCAL_YEAR_START_MONTH else anchor.year - 1
        return f"{current + _RELATIVE_FISCAL_YEAR[match.group('rel')]:04d}", "gYear"
    if kind == "d":
        return _day_of_month(anchor, int(match.group("d"))), "date"
    if kind == "d_until":  # 20日まで: a day something lasts until is this month's, even when it is still ahead
        try:
            return datetime.date(anchor.year, anchor.month, int(match.group("d"))).isoformat(), "date"
        except ValueError:
            return None, "date"
    if kind == "season":
        first = _SEASON_START[match.group("season").lower()]
        rel = match.group("rel").lower()
        if rel == "next":
            return f"{anchor.year if anchor.month < first else anchor.year + 1:04d}", "gYear"
        if rel == "last":
            return f"{anchor.year if anchor.month > first + 2 else anchor.year - 1:04d}", "gYear"
        return f"{anchor.year:04d}", "gYear"
    if kind == "years_from_now":
        return f"{anchor.year + int(match.group('n')) * (1 if match.group('dir') == '後' else -1):04d}", "gYear"
    if kind == "rel_y":  # 来年夏, 今年末: the year
        return f"{anchor.year + _RELATIVE_YEAR[match.group('rel')]:04d}", "gYear"
    if kind == "rel_ymd":  # 来年2月19日
        try:
            return datetime.date(anchor.year + _RELATIVE_YEAR[match.group("rel")], int(match.group("m")),
                                 int(match.group("d"))).isoformat(), "date"
        except ValueError:
            return None, "date"
    if kind == "rel_ym":
        month = int(match.group("m"))
        year = anchor.year + _RELATIVE_YEAR[match.group("rel")]
        return (f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None), "gYearMonth"
    if kind == "m":  # launched in April: the last April (in December, said in January, is last year's) unless
        # the clause speaks of what is ahead (will open in April, plans to start in March: the next one)
        month = _month(match)
        if _looks_ahead(match, _FUTURE_BEFORE) or _looks_ahead(match, _PLANS_BEFORE):
            year = anchor.year + 1 if month < anchor.month else anchor.year
        else:
            year = anchor.year - 1 if month > anchor.month else anchor.year
        return f"{year:04d}-{month:02d}", "gYearMonth"
    if kind == "rel_month":
        index = anchor.year * 12 + anchor.month - 1 + _RELATIVE_MONTH[match.group(0).lower()]
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "gYearMonth"
    if kind == "weekday" and not _looks_ahead(match, _FUTURE_BEFORE):
        back = (anchor.weekday() - _WEEKDAYS[match.group("wd").lower()]) % 7
        return (anchor - datetime.timedelta(days=back)).isoformat(), "date"
    if kind in {"weekday", "weekday_ahead"}:  # will open on Friday, ends on Wednesday, runs until Friday
        ahead = (_WEEKDAYS[match.group("wd").lower()] - anchor.weekday()) % 7
        return (anchor + datetime.timedelta(days=ahead)).isoformat(), "date"
    if kind == "today":
        return anchor.isoformat(), "date"
    if kind == "yesterday":
        return (anchor - datetime.timedelta(days=1)).isoformat(), "date"
    offset = {"this_year": 0, "last_year": -1, "next_year": 1}[kind]
    return f"{anchor.year + offset:04d}", "gYear"


def _looks_ahead(match: re.Match[str], cues: re.Pattern[str]) -> bool:
    """Does the clause before a date (up to 80 characters) hold a word that puts it ahead (will, plans to …)?"""
    return cues.search(match.string, max(0, match.start() - 80), match.start()) is not None


def _day_of_month(anchor: datetime.date, day: int) -> str | None:
    """News dates a day by its number alone: this month's, or last month's when that day is still ahead."""
    year, month = anchor.year, anchor.month
    if day > anchor.day + 2:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str, anchor: datetime.date | None) -> list[DateMention]:
    """Every date expression in ``text``, longest first where they overlap, in text order."""
    return [DateMention(begin, end, text[begin:end], *_resolve(kind, match, anchor))
            for begin, end, kind, match in _date_expressions(text)]


@lru_cache(maxsize=8)
def _date_expressions(text: str) -> tuple[tuple[int, int, str, re.Match[str]], ...]:
    """Where the dates of ``text`` are, before any is resolved: relation extraction asks without the document's date
    and the RDF writer with it, on the same text, so the search runs once per text."""
    # NFKC folds full-width digits; it keeps the length of the characters matched here.
    normalised = unicodedata.normalize("NFKC", text)
    folded = normalised if len(normalised) == len(text) else text
    lowered = folded.lower()
    same_length = len(lowered) == len(folded)
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for pattern, kind in _PATTERNS:
        if not pattern.lowered:
            matches = pattern.regex.finditer(folded)
        else:
            matches = pattern.regex.finditer(lowered) if same_length else pattern.fallback.finditer(folded)
        for match in matches:
            begin, end = match.span()
            if kind in {"y", "m", "weekday", "weekday_ahead"} and not match.group(0)[:1].isdigit():
                begin = match.start({"y": "y", "m": "mn", "weekday": "wd", "weekday_ahead": "wd"}[kind])
            if any(b < end and begin < e for b, e, _, _ in found):
                continue
            found.append((begin, end, kind, match))
    return tuple(sorted(found, key=lambda f: f[0]))


def document_date(text: str) -> datetime.date | None:
    """The dateline of a news text: a full date in its first 40 characters, else None."""
    for mention in find_dates(text[:40], None):
        if mention.datatype == "date" and mention.value:
            return datetime.date.fromisoformat(mention.value)
    return None
