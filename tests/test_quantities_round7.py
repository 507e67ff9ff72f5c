"""Round 7 quantity rules, each on sentences composed for the test (invented names, wording unlike the gold texts)."""

from decimal import Decimal

import pytest

from harbour.extract.quantities import find_quantities


def amounts(text: str) -> list[tuple[str, Decimal, str | None, str | None]]:
    return [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # Japanese counters for languages, bodies, municipalities, acts, seats and minutes
    ("翻訳アプリ「ハナシテ」は18言語を扱う。", ("18言語", Decimal(18), "言語", None)),
    ("式典には約45機関の代表が集まった。", ("約45機関", Decimal(45), "機関", "Approximately")),
    ("同社は全国60自治体と契約した。", ("60自治体", Decimal(60), "自治体", None)),
    ("全5幕の舞台で、", ("5幕", Decimal(5), "幕", None)),
    ("大ホールは800席を備える。", ("800席", Decimal(800), "席", None)),
    ("所要時間は約95分となる。", ("約95分", Decimal(95), "分", "Approximately")),
    # small units and the short form of kilometres
    ("応答までの時間は約0.2秒に縮まった。", ("約0.2秒", Decimal("0.2"), "秒", "Approximately")),
    ("新線は約12キロを結ぶ。", ("約12キロ", Decimal(12), "km", "Approximately")),
    # a span of years only with 約
    ("完成までに約6年を要した。", ("約6年", Decimal(6), "年", "Approximately")),
])
def test_japanese_counters_and_small_units(text, expected):
    assert expected in amounts(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("待ち時間は最大で2時間に及んだ。", ("最大で2時間", Decimal(2), "時間", "AtMost")),
    ("最大で深さ30メートルに達する。", ("最大で深さ30メートル", Decimal(30), "m", "AtMost")),
    ("出生率は前年の5%程度だった。", ("5%程度", Decimal(5), "%", "Approximately")),
    ("参加者は200人前後を見込む。", ("200人前後", Decimal(200), "人", "Approximately")),
    ("入会金は1万円からで、", ("1万円から", Decimal(10000), "JPY", "AtLeast")),
    ("県内の約2,300の事業所が参加した。", ("約2,300", Decimal(2300), None, "Approximately")),
])
def test_japanese_qualifiers(text, expected):
    assert expected in amounts(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("The festival drew artists from 11 Baltic cities.", ("11 Baltic cities", Decimal(11), "cities", None)),
    ("Dawnmere will close 15 of its branches next spring.", ("15 of its branches", Decimal(15), "branches", None)),
    ("Rovik plans to open 9 of their largest regional depots.",
     ("9 of their largest regional depots", Decimal(9), "depots", None)),
    ("The cheese is ripened for 18 months in caves.", ("18 months", Decimal(18), "months", None)),
    ("Pellan employs 200 staff and will hire 75 more next year.", ("75", Decimal(75), None, None)),
    ("Ticket sales reached 52,000, up from 38,500 in the spring.", ("38,500", Decimal(38500), None, None)),
    ("Only 6,000 copies were printed.", ("6,000 copies", Decimal(6000), "copies", None)),
])
def test_english_counts(text, expected):
    assert expected in amounts(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("The county set aside 80 million shillings for clinics.", ("80 million shillings", Decimal(80000000), "shillings", None)),
    ("a 20 million shilling grant", ("20 million shilling", Decimal(20000000), "shillings", None)),
    ("It raised 4 billion Kenyan shillings.", ("4 billion Kenyan shillings", Decimal(4000000000), "KES", None)),
    ("a fine of 500,000 rupees", ("500,000 rupees", Decimal(500000), "rupees", None)),
    ("The ferry carries 9,000-TEU loads.", ("9,000-TEU", Decimal(9000), "TEU", None)),
    ("a 2,400-square-metre hall", ("2,400-square-metre", Decimal(2400), "m2", None)),
])
def test_english_currencies_and_units(text, expected):
    assert expected in amounts(text)


@pytest.mark.parametrize("text", [
    "第4回の大会が開かれた。",          # ordinal
    "午前10時15分に始まった。",          # clock time
    "The Q-7 carries two cameras.",      # model number
    "Its Orbit 5 wireless speakers sold out.",  # product name with a number
    "The K 300 runs on diesel.",
    "In 2018 European firms invested heavily.",  # a year, not a count
    "She was 34 years old.",             # an age
    "The site closed 6 years ago.",      # a time ago
    "Call 555-0142 for tickets.",        # a phone-like number
    "7 wireless",                         # -ss is no plural
    "By 2030 more people will live in towns.",  # a year before "more"
    "Terminal 2 handles most long-haul flights.",  # a name with a number opening a sentence
    "Rain fell. Phase 3 trials began in May.",
])
def test_not_amounts(text):
    assert amounts(text) == []


def measured(text: str) -> dict[str, str | None]:
    """What the pipeline links each amount of ``text`` to."""
    from harbour.extract.pipeline import detect_language, pipeline

    facts = pipeline(detect_language(text))(text)._.harbour_facts
    return {q.amount.text: q.measured.text if q.measured is not None else None for q in facts.quantities}


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # the thing called by its kind: the terminal, the event, 列車
    ("The Harlington Port Authority opened the Kestrel Bay Container Terminal in 2023. The terminal, run by a "
     "subsidiary of Norlen Shipping, handles about 1.5 million containers a year.",
     "about 1.5 million containers", "Kestrel Bay Container Terminal"),
    ("Organisers opened the Northfield Book Fair on Friday. The event, staged at the Halden Arena, featured 210 "
     "publishers from 14 countries.", "210 publishers", "Northfield Book Fair"),
    ("JR九州は新しい観光列車「あおぞら号」を発表した。列車は博多駅と別府駅の間の約150キロを約2時間半で結ぶ。",
     "約150キロ", "あおぞら号"),
    # a bare noun standing for the last thing named with it at its end (地区 → みどり野地区)
    ("北川町の山間部にある「みどり野地区」で土砂崩れが起きた。地区の人口は約1,300人で、多くが高齢者だという。",
     "約1,300人", "みどり野地区"),
    ("市は昨年、郊外に市営の「さくら台団地」を整備した。団地には現在も45世帯、約120人が暮らしている。",
     "45世帯", "さくら台団地"),
])
def test_linked_to_the_thing_called_by_its_kind(text, amount, thing):
    assert measured(text).get(amount) == thing


@pytest.mark.parametrize(("text", "amount", "thing"), [
    ("BERGEN, Norway, March 3, 2027 — Fjordlys Power, a start-up building tidal turbines, said on Monday it had "
     "raised $120 million in a round led by Nordhavn Capital.", "$120 million", "Fjordlys Power"),
    ("PERTH, June 5, 2026 — The Swan Quay Aquarium opened on Saturday after a two-year, A$90 million refit of an "
     "old ferry shed.", "A$90 million", "Swan Quay Aquarium"),
    ("OTTAWA, 4 May 2025 – Canada's Minister of Transport, Jean Morel, opened the Rideau Freight Hub on Monday, a "
     "C$40 million facility built by Norcastle Engineering.", "C$40 million", "Rideau Freight Hub"),
])
def test_the_dateline_place_is_not_what_an_amount_measures(text, amount, thing):
    assert measured(text).get(amount) == thing


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # a development cost or period is the product's; an investment total the site's
    ("ゲーム会社の株式会社ホシカゲは新作「ミラージュ・クエスト」を発表した。開発期間は約3年、開発費は約25億円に上った。",
     "約25億円", "ミラージュ・クエスト"),
    ("ゲーム会社の株式会社ホシカゲは新作「ミラージュ・クエスト」を発表した。開発期間は約3年、開発費は約25億円に上った。",
     "約3年", "ミラージュ・クエスト"),
    ("精密機器メーカーの株式会社アサギリ精工は、長野県に新工場「アサギリ松本工場」を建設した。総投資額は約120億円。",
     "約120億円", "アサギリ松本工場"),
])
def test_cost_words_name_what_they_measure(text, amount, thing):
    assert measured(text).get(amount) == thing


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # the subject of a noun predicate (価格は…円で, 運賃は…円で, 重さは…キログラムで) says what is measured
    ("ドローンメーカーの株式会社ソラノハは物流ドローン「ツバサ20」を発表した。価格は1台980万円で、来年から出荷する。",
     "980万円", "ツバサ20"),
    ("四国の鉄道会社、みなみ鉄道株式会社は観光列車「しまなみ号」を来月から走らせる。運賃は片道6,500円で、予約は今月から受け付ける。",
     "6,500円", "しまなみ号"),
    ("東海宇宙大学は超小型衛星「あさひ2号」を開発した。重さは約40キログラムで、来年打ち上げる。",
     "約40キログラム", "あさひ2号"),
])
def test_the_subject_of_a_noun_predicate_names_the_measure(text, amount, thing):
    assert measured(text).get(amount) == thing
