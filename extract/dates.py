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
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
_MONTH_RE = "|".join(_MONTHS) + "|" + "|".join(m[:3] for m in _MONTHS)

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"), "ymd"),
    (re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月"), "ym"),
    (re.compile(r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日"), "md"),
    (re.compile(r"(?P<y>\d{4})年(?!度)"), "y"),
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"), "ymd"),
    (re.compile(rf"(?P<d>\d{{1,2}}) (?P<mn>{_MONTH_RE})\.? (?P<y>\d{{4}})", re.I), "ymd"),
    (re.compile(rf"(?P<mn>{_MONTH_RE})\.? (?P<d>\d{{1,2}}),? (?P<y>\d{{4}})", re.I), "ymd"),
    (re.compile(rf"(?P<mn>{_MONTH_RE}) (?P<y>\d{{4}})", re.I), "ym"),
    (re.compile(r"今日|本日|today", re.I), "today"),
    (re.compile(r"昨日|yesterday", re.I), "yesterday"),
    (re.compile(r"今年|本年|this year", re.I), "this_year"),
    (re.compile(r"昨年|去年|last year", re.I), "last_year"),
    (re.compile(r"来年|next year", re.I), "next_year"),
    (re.compile(r"(?<![\d,.])(?:in |by |since )(?P<y>(?:19|20)\d{2})(?![\d,])", re.I), "y"),
]


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
    if kind == "md":
        if anchor is None:
            return None, "date"
        try:
            return datetime.date(anchor.year, int(match.group("m")), int(match.group("d"))).isoformat(), "date"
        except ValueError:
            return None, "date"
    if anchor is None:
        return None, "gYear" if kind.endswith("year") else "date"
    if kind == "today":
        return anchor.isoformat(), "date"
    if kind == "yesterday":
        return (anchor - datetime.timedelta(days=1)).isoformat(), "date"
    offset = {"this_year": 0, "last_year": -1, "next_year": 1}[kind]
    return f"{anchor.year + offset:04d}", "gYear"


def find_dates(text: str, anchor: datetime.date | None) -> list[DateMention]:
    """Every date expression in ``text``, longest first where they overlap, in text order."""
    # NFKC folds full-width digits; it keeps the length of the characters matched here.
    folded = unicodedata.normalize("NFKC", text) if len(unicodedata.normalize("NFKC", text)) == len(text) else text
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(folded):
            begin, end = match.span()
            if kind == "y" and match.group(0).lower().startswith(("in ", "by ", "since ")):
                begin = match.start("y")
            if any(b < end and begin < e for b, e in taken):
                continue
            value, datatype = _resolve(kind, match, anchor)
            taken.append((begin, end))
            found.append(DateMention(begin, end, text[begin:end], value, datatype))
    return sorted(found, key=lambda d: d.begin)


def document_date(text: str) -> datetime.date | None:
    """The dateline of a news text: a full date in its first 40 characters, else None."""
    for mention in find_dates(text[:40], None):
        if mention.datatype == "date" and mention.value:
            return datetime.date.fromisoformat(mention.value)
    return None
