"""Amounts with units in Japanese and English text.

>>> [(q.value, q.unit, q.qualifier) for q in find_quantities("約300 PFLOPS、1,100万時間以上、HK$3 billion")]
[(Decimal('300'), 'PFLOPS', 'Approximately'), (Decimal('11000000'), '時間', 'AtLeast'), (Decimal('3000000000'), 'HKD', None)]
>>> [(q.value, q.unit) for q in find_quantities("30億香港ドルと15ヘクタール、3,000 petaFLOPS")]
[(Decimal('3000000000'), 'HKD'), (Decimal('15'), 'ha'), (Decimal('3000'), 'PFLOPS')]
>>> [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities("330以上の企業")]
[('330以上', Decimal('330'), None, 'AtLeast')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_MULTIPLIERS = {
    "千": Decimal(10) ** 3, "万": Decimal(10) ** 4, "億": Decimal(10) ** 8, "兆": Decimal(10) ** 12,
    "thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}

#: Unit as written (lower-cased for Latin) → normal form.
_UNITS = {
    "pflops": "PFLOPS", "petaflops": "PFLOPS", "ペタフロップス": "PFLOPS", "tflops": "TFLOPS", "eflops": "EFLOPS",
    "flops": "FLOPS",
    "キロメートル": "km", "km": "km", "メートル": "m", "ヘクタール": "ha", "hectares": "ha", "hectare": "ha",
    "平方メートル": "m2", "square metres": "m2", "square meters": "m2",
    "香港ドル": "HKD", "米ドル": "USD", "ドル": "USD", "円": "JPY", "元": "CNY", "人民元": "CNY", "ユーロ": "EUR",
    "時間": "時間", "hours": "h", "日間": "日", "年間": "年",
    "枚": "枚", "人": "人", "社": "社", "件": "件", "台": "台", "個": "個", "回": "回", "カ国": "カ国", "か国": "カ国",
    "%": "%", "パーセント": "%", "percent": "%", "倍": "倍",
    "gb": "GB", "tb": "TB", "pb": "PB", "mw": "MW", "kw": "kW", "トン": "t", "tonnes": "t",
    "people": "人", "companies": "社", "start-ups": "社", "startups": "社", "users": "人",
}
_CURRENCY_PREFIX = {"hk$": "HKD", "us$": "USD", "$": "USD", "¥": "JPY", "￥": "JPY", "rmb": "CNY", "€": "EUR",
                    "£": "GBP"}

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_MULT_ALT = "|".join(sorted(_MULTIPLIERS, key=len, reverse=True))
_PREFIX_ALT = "|".join(re.escape(p) for p in sorted(_CURRENCY_PREFIX, key=len, reverse=True))

_QUANTITY = re.compile(
    rf"(?P<approx>約|およそ|約\s|approximately |about |around |nearly |over |more than |at least |up to )?"
    rf"(?P<prefix>{_PREFIX_ALT})?\s?"
    rf"(?P<number>{_NUMBER})\s?"
    rf"(?P<mult>{_MULT_ALT})?\s?"
    rf"(?P<unit>{_UNIT_ALT})?"
    rf"(?P<bound>以上|以下|超|未満|余り|あまり|強|弱|\+)?",
    re.IGNORECASE,
)

_QUALIFIERS = {
    "約": "Approximately", "およそ": "Approximately", "approximately": "Approximately", "about": "Approximately",
    "around": "Approximately", "nearly": "Approximately", "余り": "Approximately", "あまり": "Approximately",
    "強": "Approximately", "弱": "Approximately",
    "以上": "AtLeast", "at least": "AtLeast", "+": "AtLeast",
    "超": "MoreThan", "over": "MoreThan", "more than": "MoreThan",
    "以下": "AtMost", "up to": "AtMost",
    "未満": "LessThan",
}


def _plain(value: Decimal) -> Decimal:
    """Integral amounts without exponent or trailing zeros, so xsd:decimal prints as written."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


@dataclass(frozen=True)
class QuantityMention:
    """An amount as written (``begin``/``end`` in characters) with its numeric value and unit."""

    begin: int
    end: int
    text: str
    value: Decimal
    unit: str | None
    qualifier: str | None  # a hb:QuantityQualifier local name


def find_quantities(text: str) -> list[QuantityMention]:
    """Amounts that carry a unit, a multiplier or a bound; bare numbers and dates are not amounts."""
    found: list[QuantityMention] = []
    for match in _QUANTITY.finditer(text):
        unit_text = (match.group("unit") or "").lower()
        prefix = (match.group("prefix") or "").lower()
        if not (unit_text or prefix or match.group("mult") or match.group("bound")):
            continue
        following = text[match.end():match.end() + 1]
        if following in {"年", "月", "日", "時", "分"} and not unit_text:
            continue  # part of a date or time
        if unit_text and unit_text.isascii() and unit_text[-1].isalpha() and following.isascii() and following.isalpha():
            continue  # "3 people" yes, "3 peopled" no
        value = Decimal(match.group("number").replace(",", ""))
        if match.group("mult"):
            value *= _MULTIPLIERS[match.group("mult").lower()]
        unit = _CURRENCY_PREFIX.get(prefix) or _UNITS.get(unit_text) if (prefix or unit_text) else None
        qualifier_word = (match.group("approx") or "").strip().lower() or None
        qualifier = _QUALIFIERS.get(match.group("bound") or "") or _QUALIFIERS.get(qualifier_word or "")
        begin = match.start("approx") if match.group("approx") else match.start("prefix") if prefix else match.start("number")
        end = match.end()
        while end > begin and text[end - 1] == " ":
            end -= 1
        found.append(QuantityMention(begin, end, text[begin:end], _plain(value),
                                     unit, qualifier))
    return found
