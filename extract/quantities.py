"""Amounts with units in Japanese and English text.

>>> [(q.value, q.unit, q.qualifier) for q in find_quantities("約300 PFLOPS、1,100万時間以上、HK$3 billion")]
[(Decimal('300'), 'PFLOPS', 'Approximately'), (Decimal('11000000'), '時間', 'AtLeast'), (Decimal('3000000000'), 'HKD', None)]
>>> [(q.value, q.unit) for q in find_quantities("30億香港ドルと15ヘクタール、3,000 petaFLOPS")]
[(Decimal('3000000000'), 'HKD'), (Decimal('15'), 'ha'), (Decimal('3000'), 'PFLOPS')]
>>> [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities("330以上の企業")]
[('330以上', Decimal('330'), None, 'AtLeast')]
>>> [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities("売上高は6兆1,500億円、来場者は3万人を超えた")]
[('6兆1,500億円', Decimal('6150000000000'), 'JPY', None), ('3万人', Decimal('30000'), '人', 'MoreThan')]
>>> [(q.text, q.unit, q.qualifier) for q in find_quantities("最大4,000万人、2万局以上")]
[('最大4,000万人', '人', 'AtMost'), ('2万局以上', '局', 'AtLeast')]
>>> [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities("a 120-megawatt farm and more than 800 jobs")]
[('120-megawatt', Decimal('120'), 'MW', None), ('more than 800 jobs', Decimal('800'), 'jobs', 'MoreThan')]
>>> [(q.value, q.unit) for q in find_quantities("12 local start-ups, 2 million units, NZ$85 million")]
[(Decimal('12'), '社'), (Decimal('2000000'), 'units'), (Decimal('85000000'), 'NZD')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

_MULTIPLIERS = {
    "千": Decimal(10) ** 3, "万": Decimal(10) ** 4, "億": Decimal(10) ** 8, "兆": Decimal(10) ** 12,
    "thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12, "bn": Decimal(10) ** 9, "mn": Decimal(10) ** 6,
}

#: Unit as written (lower-cased for Latin) → normal form.
_UNITS = {
    "pflops": "PFLOPS", "petaflops": "PFLOPS", "ペタフロップス": "PFLOPS", "tflops": "TFLOPS", "teraflops": "TFLOPS",
    "eflops": "EFLOPS", "exaflops": "EFLOPS", "flops": "FLOPS",
    "キロメートル": "km", "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "メートル": "m", "metres": "m", "meters": "m", "metre": "m", "meter": "m", "miles": "mi", "mile": "mi",
    "ヘクタール": "ha", "hectares": "ha", "hectare": "ha",
    "平方メートル": "m2", "square metres": "m2", "square meters": "m2", "平方キロメートル": "km2",
    "square kilometres": "km2", "square kilometers": "km2",
    "square-metre": "m2", "square-meter": "m2", "square-metres": "m2", "square-meters": "m2",
    "square-kilometre": "km2", "square-kilometer": "km2",
    "香港ドル": "HKD", "米ドル": "USD", "ドル": "USD", "円": "JPY", "元": "CNY", "人民元": "CNY", "ユーロ": "EUR",
    "ウォン": "KRW", "ポンド": "GBP",
    "時間": "時間", "hours": "h", "hour": "h", "seconds": "s", "second": "s", "minutes": "min", "分間": "分",
    "日間": "日", "年間": "年", "カ月": "カ月", "か月": "カ月", "ヶ月": "カ月",
    "%": "%", "パーセント": "%", "percent": "%", "per cent": "%", "倍": "倍", "ポイント": "ポイント",
    "gb": "GB", "tb": "TB", "pb": "PB", "gw": "GW", "mw": "MW", "kw": "kW", "gigawatts": "GW", "gigawatt": "GW",
    "megawatts": "MW", "megawatt": "MW", "kilowatts": "kW", "kilowatt": "kW", "ギガワット": "GW", "メガワット": "MW",
    "キロワット": "kW", "トン": "t", "tonnes": "t", "tonne": "t", "tons": "t", "ton": "t",
    "キログラム": "kg", "kilograms": "kg", "kilogram": "kg", "kg": "kg", "グラム": "g", "grams": "g",
    "people": "人", "persons": "人", "companies": "社", "start-ups": "社", "startups": "社", "firms": "社",
    "users": "人",
    "euros": "EUR", "euro": "EUR", "won": "KRW", "danish kroner": "DKK", "norwegian kroner": "NOK",
    "swedish kronor": "SEK", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "kilowatt-hours": "kWh",
    "megawatt-hours": "MWh", "gigawatt-hours": "GWh", "kilowatt hours": "kWh", "megawatt hours": "MWh",
    "gigawatt hours": "GWh", "センチメートル": "cm", "ミリメートル": "mm",
    # Round 7: short and small units, containers, currencies written out as words.
    "キロ": "km", "秒": "秒", "秒間": "秒", "teu": "TEU", "teus": "TEU",
    "kenyan shillings": "KES", "ugandan shillings": "UGX", "tanzanian shillings": "TZS", "shillings": "shillings",
    "shilling": "shillings", "rupees": "rupees", "rupee": "rupees", "indian rupees": "INR", "pesos": "pesos",
    "peso": "pesos", "yuan": "CNY", "yen": "JPY", "baht": "THB", "ringgit": "MYR", "rupiah": "IDR",
    "naira": "NGN", "dirhams": "AED", "dirham": "AED", "swiss francs": "CHF", "rand": "ZAR", "reais": "BRL",
    "australian dollars": "AUD", "canadian dollars": "CAD", "hong kong dollars": "HKD", "us dollars": "USD",
    "singapore dollars": "SGD", "new zealand dollars": "NZD",
    # Round 9: Nordic and central European currencies written without their country (60 million kroner).
    "kroner": "kroner", "krone": "kroner", "kronor": "kronor", "krona": "kronor", "zloty": "PLN", "zlotys": "PLN",
    "forint": "HUF", "forints": "HUF", "koruna": "CZK", "korunas": "CZK", "vietnamese dong": "VND", "dong": "VND",
    "cubic metres": "m3", "cubic meters": "m3", "cubic metre": "m3", "cubic meter": "m3", "立方メートル": "m3",
    "litres": "L", "liters": "L", "litre": "L", "liter": "L", "リットル": "L", "キロリットル": "kL",
    "ミリリットル": "mL", "millilitres": "mL", "milliliters": "mL",
    "kilometres per hour": "km/h", "kilometers per hour": "km/h", "km/h": "km/h", "kph": "km/h",
    "miles per hour": "mph", "mph": "mph", "swedish crowns": "SEK", "danish crowns": "DKK",
    "norwegian crowns": "NOK",
}
#: Units that are also common words: an amount in them needs a multiplier (900 billion won; not "in 2019 won").
_WORD_UNITS = {"won", "rand", "dong"}
#: Japanese counters: a number with one of these counts things (2万局, 300店舗).
_COUNTERS = ["人", "社", "件", "台", "枚", "個", "回", "局", "店舗", "店", "拠点", "基", "棟", "機", "本", "冊", "頭",
             "匹", "戸", "校", "名", "世帯", "隻", "軒", "カ所", "か所", "箇所", "カ国", "か国", "ヵ国", "種類", "施設",
             "社員", "両", "つ", "言語", "機関", "自治体", "団体", "幕", "席", "部屋", "室", "路線", "品目", "分",
             "ヶ所", "ケ所", "歳", "床", "会場", "往復", "便", "編成", "作品", "病院"]
#: After one of something, a per-unit amount follows (1機あたり72席): the one is its denominator, not an amount.
_PER_UNIT = re.compile(r"(?:あたり|当たり)")
_COUNTER_NORMAL = {"カ国": "カ国", "か国": "カ国", "ヵ国": "カ国", "か所": "カ所", "箇所": "カ所", "ヶ所": "カ所", "ケ所": "カ所",
                   "名": "人"}
_CURRENCY_PREFIX = {"hk$": "HKD", "us$": "USD", "nz$": "NZD", "a$": "AUD", "s$": "SGD", "c$": "CAD", "$": "USD",
                    "¥": "JPY", "￥": "JPY", "rmb": "CNY", "€": "EUR", "£": "GBP", "₩": "KRW"}

#: What a bound amount measures may stand between the bound and the number: 最大で高さ16メートル.
_DIMENSION_ALT = "高さ|長さ|幅|深さ|重さ|全長|延長|面積|出力|容量"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_JA_MULT = "[兆億万千]"
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in list(_UNITS) + _COUNTERS), key=len, reverse=True))
_MULT_ALT = "|".join(sorted(_MULTIPLIERS, key=len, reverse=True))
_PREFIX_ALT = "|".join(re.escape(p) for p in sorted(_CURRENCY_PREFIX, key=len, reverse=True))

_APPROX_ALT = ("約|およそ|最大|最高|最低|少なくとも|approximately |about |around |nearly |roughly |over |more than "
               "|at least |up to |almost |some |below |under |less than |fewer than ")
_QUANTITY = re.compile(
    rf"(?P<approx>{_APPROX_ALT})?"
    rf"(?:(?<=[大高低])で)?(?:{_DIMENSION_ALT})?"
    rf"(?P<prefix>{_PREFIX_ALT})?\s?"
    rf"(?P<number>(?:(?:{_NUMBER}){_JA_MULT})+(?:{_NUMBER})?|{_NUMBER})[\s\-]?"
    rf"(?P<mult>{_MULT_ALT})?[\s\-]?"
    rf"(?P<unit>{_UNIT_ALT})?"
    rf"(?P<bound>以上|以下|超|未満|余り|あまり|強|弱|程度|前後|ほど|\+|から(?=で|の|と|。))?",
    re.IGNORECASE,
)
#: What may stand before an amount's number (all of _QUANTITY's groups before it), anchored at the number: every
#: amount has a number, so amounts are found from the digits, and this finds where each one begins. Scanning
#: _QUANTITY over the whole text instead tries its optional words at every character.
_HEAD = re.compile(rf"(?:{_APPROX_ALT})?(?:(?<=[大高低])で)?(?:{_DIMENSION_ALT})?(?:{_PREFIX_ALT})?\s?\Z",
                   re.IGNORECASE)
_HEAD_LONGEST = sum(max(len(word) for word in alternatives.replace("\\", "").split("|")) for alternatives in (
    _APPROX_ALT, "で", _DIMENSION_ALT, _PREFIX_ALT, " "))
_DIGIT = re.compile(r"\d")
#: English: a number, up to two modifiers, and a plural noun is a count of that noun (800 jobs, 12 local start-ups).
#: Round 7: "40 of its stores" counts stores; a modifier may be a capitalised adjective (19 African countries);
#: a word in -ss is no plural (7 wireless chargers, not "7 wireless").
_COUNT_NOUN = re.compile(r"\s(?:of (?:its|their|the|our|his|her) (?:[A-Za-z][a-z\-]*\s){0,3}?"
                         r"|(?:[A-Za-z][a-z\-]*\s){0,2}?)(?P<noun>[a-z][a-z\-]*[a-rt-z]s)\b")
#: A name with a number is no amount: the T-40 carries, the X 200 runs, its Nimbus 7 earbuds, Phase 2 trials (a
#: capitalised word that does not open a sentence).
_MODEL_NAME_BEFORE = re.compile(r"(?:\b[A-Z][A-Za-z0-9]*-|\b(?!A |I )[A-Z]{1,3} |(?<![.!?:;\"“'‘(]\s)(?<=\S\s)[A-Z][a-z]+ )$")
_NOT_COUNT_NOUNS = {"times", "is", "was", "has", "its", "as", "this", "plans", "us", "percentages", "yes"}
#: Spans of time count as amounts (aged for 30 months), but not an age or a time ago (45 years old, 3 years ago).
_DURATION_NOUNS = {"years": "years", "months": "months", "weeks": "weeks", "days": "days"}
_NOT_DURATION = re.compile(r"\s(?:old|ago|earlier|later|before|after|since|younger|older)\b")
#: An amount named again without its noun (hire 600 more; 410,000 at the old site) has no unit.
_ELLIPTIC_COUNT = re.compile(r"\s(?:more|others|fewer)\b(?! than| [a-z]+s\b)")
#: What makes a number something other than an amount: an ordinal (第3回), a clock time (10時30分).
_NOT_AMOUNT_BEFORE = ("第", "時", "#", "№")
#: A sentence may open with a name and its number (Terminal 2 handles …) or with one of these words (The 12 buses).
_OPENING_NAME = re.compile(r"(?:^|[.!?]\s+)(?P<word>[A-Z][a-z]+) $")
_OPENING_WORDS = {"the", "only", "just", "another", "its", "their", "his", "her", "our", "these", "those", "all",
                  "nearly", "almost", "around", "about", "roughly", "over", "under", "some", "and", "but", "with",
                  "by", "in", "for", "from", "of", "at", "on", "to", "another", "each", "every", "both", "fewer",
                  "less", "more", "most", "many", "exactly", "so", "then", "still", "yet"}
#: A number written with a leading zero is an identifier (a phone number's 0142), not an amount.
_IDENTIFIER = re.compile(r"0\d")
#: Words before a price that make it the lowest one (fares start at 495 crowns).
_STARTS_AT = re.compile(r"\b(?:starts?|starting) (?:at|from) $")
#: Verbs after an amount that bound it: 3万人を超えた, 1億件を上回る.
_VERB_BOUND = re.compile(r"^(?:を|に)?(?:超え|超す|超し|上回|突破)")

_QUALIFIERS = {
    "約": "Approximately", "およそ": "Approximately", "approximately": "Approximately", "about": "Approximately",
    "around": "Approximately", "nearly": "Approximately", "roughly": "Approximately", "almost": "Approximately",
    "some": "Approximately", "余り": "Approximately", "あまり": "Approximately", "強": "Approximately",
    "弱": "Approximately",
    "以上": "AtLeast", "at least": "AtLeast", "+": "AtLeast", "最低": "AtLeast", "少なくとも": "AtLeast",
    "超": "MoreThan", "over": "MoreThan", "more than": "MoreThan",
    "以下": "AtMost", "up to": "AtMost", "最大": "AtMost", "最高": "AtMost",
    "未満": "LessThan", "below": "LessThan", "under": "LessThan", "less than": "LessThan", "fewer than": "LessThan",
    "程度": "Approximately", "前後": "Approximately", "ほど": "Approximately", "から": "AtLeast",
}


def _plain(value: Decimal) -> Decimal:
    """Integral amounts without exponent or trailing zeros, so xsd:decimal prints as written."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _number_value(text: str) -> Decimal:
    """``6兆1,500億`` → 6150000000000; ``1,300`` → 1300."""
    total = Decimal(0)
    for number, mult in re.findall(rf"({_NUMBER})({_JA_MULT})?", text):
        value = Decimal(number.replace(",", ""))
        total += value * _MULTIPLIERS[mult] if mult else value
    return total


def _looks_like_year(match: re.Match[str]) -> bool:
    """A bare four-digit 19xx/20xx with no qualifier is a year (in 2019 local firms), not a count."""
    return not match.group("approx") and re.fullmatch(r"(?:19|20)\d\d", match.group("number")) is not None


def _opens_with_name(text: str, start: int) -> bool:
    """Terminal 2, Phase 3 opening a sentence: a name with a number, not an amount."""
    opening = _OPENING_NAME.search(text, max(start - 40, 0), start)
    return opening is not None and opening.group("word").lower() not in _OPENING_WORDS


def _is_elliptic_count(text: str, match: re.Match[str]) -> bool:
    """A count without a unit word: hire 600 more; 410,000 (a number grouped in thousands) on its own;
    約1,400の医療機関."""
    if _looks_like_year(match):
        return False  # By 2030 more people …
    if _ELLIPTIC_COUNT.match(text, match.end("number")):
        return True
    if match.group("approx") in {"約", "およそ"} and text[match.end("number"):match.end("number") + 1] == "の":
        return True  # 約1,400の医療機関: the noun after の is what is counted
    return "," in match.group("number") and text[match.end("number"):match.end("number") + 1] in {" ", ""}


@dataclass(frozen=True)
class QuantityMention:
    """An amount as written (``begin``/``end`` in characters) with its numeric value and unit."""

    begin: int
    end: int
    text: str
    value: Decimal
    unit: str | None
    qualifier: str | None  # a hb:QuantityQualifier local name


def counts_things(unit: str | None) -> bool:
    """Whether an amount in this unit is a count of things by a Japanese counter (3基, 2台), not a measure."""
    return unit is not None and unit in _COUNTERS_NORMALISED


_COUNTERS_NORMALISED = frozenset(_COUNTER_NORMAL.get(c, c) for c in _COUNTERS)


def _amounts(text: str) -> Iterator[re.Match[str]]:
    """The matches ``_QUANTITY.finditer(text)`` gives, in a fraction of its time: from each digit not inside the
    last match, the earliest start whose head reaches that digit (no head holds a digit), matched from there."""
    position = 0
    while (digit := _DIGIT.search(text, position)) is not None:
        head = _HEAD.search(text, max(position, digit.start() - _HEAD_LONGEST), digit.start())
        match = _QUANTITY.match(text, head.start() if head else digit.start())
        if match is None:  # cannot happen: a number alone is a match
            position = digit.end()
            continue
        yield match
        position = match.end()


def find_quantities(text: str) -> list[QuantityMention]:
    """Amounts that carry a unit, a multiplier or a bound; bare numbers and dates are not amounts."""
    found: list[QuantityMention] = []
    for match in _amounts(text):
        unit_text = (match.group("unit") or "").lower()
        prefix = (match.group("prefix") or "").lower()
        end = match.end()
        count_noun = None
        if not unit_text and not prefix and text[match.end("number"):match.end("number") + 1] in {" ", ""}:
            noun = _COUNT_NOUN.match(text, match.end("mult") if match.group("mult") else match.end("number"))
            if noun and noun.group("noun") in _DURATION_NOUNS and _NOT_DURATION.match(text, noun.end()):
                noun = None
            if noun and noun.group("noun") not in _NOT_COUNT_NOUNS and not _looks_like_year(match):
                count_noun, end = noun.group("noun"), noun.end()
        start = match.start("number")
        if text[:start].endswith(_NOT_AMOUNT_BEFORE) or _IDENTIFIER.match(match.group("number")) or (
                not (prefix or match.group("approx") or match.group("mult"))
                and (_MODEL_NAME_BEFORE.search(text, max(start - 40, 0), start) or _opens_with_name(text, start))):
            continue
        ja_mult = re.search(_JA_MULT, match.group("number"))
        following = text[match.end():match.end() + 1]
        if match.group("number") == "1" and unit_text in _COUNTERS and _PER_UNIT.match(text, match.end()):
            continue
        elliptic = not (unit_text or prefix or match.group("mult") or count_noun) and _is_elliptic_count(text, match)
        years = following == "年" and match.group("approx") in {"約", "およそ"} and not unit_text
        if years:  # 約4年: a span of years, never a date
            unit_text, end = "年", end + 1
        if not (unit_text or prefix or match.group("mult") or match.group("bound") or count_noun or ja_mult
                or elliptic):
            continue
        if following in {"年", "月", "日", "時", "分"} and not unit_text:
            continue  # part of a date or time
        glued = following.isascii() and following.isalpha()
        if unit_text and unit_text.isascii() and unit_text[-1].isalpha() and glued:
            continue  # "3 people" yes, "3 peopled" no
        if unit_text in _WORD_UNITS and not match.group("mult"):
            continue
        value = _number_value(match.group("number"))
        if match.group("mult"):
            value *= _MULTIPLIERS[match.group("mult").lower()]
        unit = (_CURRENCY_PREFIX.get(prefix) or _UNITS.get(unit_text) or _COUNTER_NORMAL.get(unit_text)
                or (unit_text if unit_text in _COUNTERS or years else None))
        if unit is None and count_noun:
            unit = _UNITS.get(count_noun) or _DURATION_NOUNS.get(count_noun, count_noun)
        qualifier_word = (match.group("approx") or "").strip().lower() or None
        qualifier = _QUALIFIERS.get(match.group("bound") or "") or _QUALIFIERS.get(qualifier_word or "")
        if qualifier is None and _VERB_BOUND.match(text[end:end + 4]):
            qualifier = "MoreThan"
        begin = match.start("approx" if match.group("approx") else "prefix" if prefix else "number")
        if qualifier is None and _STARTS_AT.search(text, max(0, begin - 20), begin):
            qualifier = "AtLeast"  # fares start at 495 crowns
        if unit == "km" and text[:begin].endswith("時速"):  # 時速約15キロ: a speed
            unit, begin = "km/h", begin - 2
        while end > begin and text[end - 1] in " -":
            end -= 1
        found.append(QuantityMention(begin, end, text[begin:end], _plain(value), unit, qualifier))
    return found
