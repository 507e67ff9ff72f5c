"""Round 6 relation shapes, from the general forms behind the round-5 misses on unseen text (then held out).

Composed sentences with invented names, several wordings per rule, run through the real pipelines (loaded once per
language by ``harbour.extract.pipeline``).
"""

from __future__ import annotations

import pytest

from tests.test_extract import facts_of

# --- roles ---------------------------------------------------------------------------------------------------

MAYORS_OF_A_PLACE = [
    ("Anna Berg, the mayor of Kiruna, welcomed the plan.", ("role", "Anna Berg", "mayor", "Kiruna")),
    ("The plant was opened by Tomas Lind, the mayor of Lulea, on Friday.", ("role", "Tomas Lind", "mayor", "Lulea")),
    ("Pedro Alves, the governor of Tocantins, opened the road.", ("role", "Pedro Alves", "governor", "Tocantins")),
]


COMPANY_THE_TEXT_IS_ABOUT = [
    ("HELSINKI, May 3, 2026 — Lumora Energy, a Finnish start-up, raised $90 million from Oslo-based investor "
     "Hvit Capital. The money goes to the Lumora Two plant. Production starts next year. Chief Executive Sara Niemi "
     "said Lumora had orders. Lumora also hired 40 engineers.",
     ("role", "Sara Niemi", "Chief Executive", "Lumora Energy")),
    ("Velden Auto, a German carmaker, sold 9,000 cars through dealer Haus Motors. Velden plans a new model. Sales "
     "rose in May. The market grew too. Chief Executive Maria Stolz said Velden would hire staff.",
     ("role", "Maria Stolz", "Chief Executive", "Velden")),  # (its last mention before the title)
]


# --- visits to a named site, with companions -------------------------------------------------------------------

SITE_VISITS = [
    ("The Minister of Energy, Lars Holm, visited the Lumora Two construction site on Monday, accompanied by "
     "Sara Niemi.", {("visit", "Lars Holm", "Lumora Two"), ("accompanied", "Sara Niemi", "Lumora Two")}),
    ("Governor Ana Ruiz toured the Arkon Five plant in Tarnow with Piotr Nowak.",
     {("visit", "Ana Ruiz", "Arkon Five")}),
    ("Mayor Tim Oaks toured the Delta Hub on Friday, joined by Sven Aalto.",
     {("visit", "Tim Oaks", "Delta Hub"), ("accompanied", "Sven Aalto", "Delta Hub")}),
]


PLANTS_IN_A_PLACE = [
    ("Arkon Steel said the Arkon Five plant in Tarnow would close.", ("locatedIn", "Arkon Five", "Tarnow")),
    ("Lumora Energy will finish its first factory, the Lumora Two plant in Skelleftea, next year.",
     ("locatedIn", "Lumora Two", "Skelleftea")),
]


# --- a person named again by one word of the name ----------------------------------------------------------------

SURNAME_VISITS = [
    ("Interior Minister Choi Min-ho arrived on Sunday. On Monday Choi toured the Incheon Data Campus, accompanied "
     "by Lee Soo-jin.", {("visit", "Choi", "Incheon Data Campus"), ("accompanied", "Lee Soo-jin", "Incheon Data Campus")}),
    ("Trade Minister Anna Lindqvist spoke first. On Tuesday afternoon Lindqvist visited the Arctic Battery Lab.",
     {("visit", "Lindqvist", "Arctic Battery Lab")}),
]


# --- where an event is; a subsidiary written after its owner's word for it -----------------------------------------

EVENT_PLACES = [
    ("Delegates from 40 countries met in Nairobi for the Green Cities Summit.",
     ("locatedIn", "Green Cities Summit", "Nairobi")),
    ("Buyers gathered in Nairobi on Monday for the opening of the East Africa Coffee Fair.",
     ("locatedIn", "East Africa Coffee Fair", "Nairobi")),
    ("The Nordic Rail Forum opened on Monday. The forum is being held at the Oslo Spektrum Hall.",
     ("locatedIn", "Nordic Rail Forum", "Oslo Spektrum Hall")),
]


SUBSIDIARIES_NAMED_AFTER_THE_WORD = [
    ("The Harbour Authority of Gdynia grew. The terminal is run by the authority's subsidiary Gdynia Box Operations.",
     ("partOf", "Gdynia Box Operations", "Harbour Authority of Gdynia")),
    ("Halvorsen Group said its subsidiary Nordvik Cables would hire 200 people.",
     ("partOf", "Nordvik Cables", "Halvorsen Group")),
]


# --- Japanese: a unit or site set up (or held) under its quoted name ------------------------------------------------

UNITS_SET_UP = [
    ("株式会社ハヤテ電子は来年4月、タイのバンコクに現地子会社「ハヤテ電子タイランド」を設立する。",
     {("partOf", "ハヤテ電子タイランド", "株式会社ハヤテ電子"), ("locatedIn", "ハヤテ電子タイランド", "バンコク")}),
    ("株式会社ハヤテ電子は来年4月、タイに販売子会社「ハヤテ・アジア」を設立する。",
     {("partOf", "ハヤテ・アジア", "株式会社ハヤテ電子"), ("locatedIn", "ハヤテ・アジア", "タイ")}),
    ("立山製薬株式会社は2026年5月、富山県富山市の本社工場の敷地内に研究拠点「立山リサーチパーク」を開設した。",
     {("partOf", "立山リサーチパーク", "立山製薬株式会社"), ("locatedIn", "立山リサーチパーク", "富山市")}),
    ("株式会社サクラ食品はシンガポールに開発子会社「Sakura Labs Asia」を持ち、新商品を開発している。",
     {("partOf", "Sakura Labs Asia", "株式会社サクラ食品"), ("locatedIn", "Sakura Labs Asia", "シンガポール")}),
]


def test_a_company_with_its_legal_form_is_not_its_subsidiarys_short_form() -> None:
    found = facts_of("株式会社コダマ精機は静岡市に本社を置く。同社はドイツに欧州子会社「コダマ精機ヨーロッパ」を設立する。")
    assert ("partOf", "コダマ精機ヨーロッパ", "株式会社コダマ精機") in found
    assert ("locatedIn", "株式会社コダマ精機", "静岡市") in found


def test_dosha_is_the_company_not_a_government_office_named_since() -> None:
    found = facts_of("株式会社ミドリ運輸は新サービスを始めた。ミドリ運輸の山本一郎社長が説明した。説明会には福岡県物流政策課の"
                     "田中花子課長も出席した。同社は子会社のミドリエクスプレスを通じて配送する。")
    assert ("partOf", "ミドリエクスプレス", "株式会社ミドリ運輸") in found
    assert ("partOf", "ミドリエクスプレス", "福岡県物流政策課") not in found


# --- Japanese: occasions and who was there -----------------------------------------------------------------------

def test_a_site_ceremony_is_at_the_site_however_far_back_and_ya_joins_its_guests() -> None:
    found = facts_of("株式会社アサヒ精工は2026年4月1日、福井県鯖江市に新工場「鯖江テクノパーク」を完成させた。総投資額は約40億円。"
                     "工場では部品を生産する。年間の生産能力は約300万個。同社の売上高は増えた。竣工式には福井県の中村誠知事や"
                     "鯖江市の高橋由美市長らが出席した。")
    assert {("visit", "中村誠", "鯖江テクノパーク"), ("visit", "高橋由美", "鯖江テクノパーク")} <= found


HELD_OCCASIONS = [
    ("調印式は福岡市の博多国際会議場で開かれ、九州電機の森田健一社長と福岡銀行の大野勝頭取が協定書に署名した。"
     "式には福岡県の西川亮副知事も出席した。",
     {("visit", "森田健一", "博多国際会議場"), ("visit", "大野勝", "博多国際会議場"), ("visit", "西川亮", "博多国際会議場")}),
    ("記者会見は札幌市の北海道経済センターで開かれ、北斗食品の石井真一社長が新商品を説明した。",
     {("visit", "石井真一", "北海道経済センター")}),
]


# --- Japanese: a quoted site visited too; 市内の / 地区内の; the prefecture's own departments ----------------------------

QUOTED_SITES_VISITED = [
    ("佐藤花子市長は新しい複合施設「ひまわりプラザ」も訪れ、職員を激励した。", ("visit", "佐藤花子", "ひまわりプラザ")),
    ("山田太郎知事は物流倉庫「みなとロジセンター」を視察した。", ("visit", "山田太郎", "みなとロジセンター")),
]


INSIDE_THE_PLACE = [
    ("山田太郎市長は10日、三島市を訪れた。市長は市内の物流倉庫「みなとロジセンター」を視察した。",
     ("locatedIn", "みなとロジセンター", "三島市")),
    ("静岡県は新しい計画を発表した。県内の工場「富士テック工場」が対象だ。", ("locatedIn", "富士テック工場", "静岡県")),
]


LOCAL_DEPARTMENTS = [
    ("愛知県の大村一郎知事は視察した。視察には県建設部の森田健部長が同行した。",
     {("role", "森田健", "部長", "県建設部"), ("partOf", "県建設部", "愛知県")}),
    ("北海道の鈴木直子知事は札幌市を訪れた。道経済部の田中亮部長が同行した。",
     {("role", "田中亮", "部長", "道経済部"), ("partOf", "道経済部", "北海道")}),
]


def test_a_site_visited_too_is_visited_on_the_day_of_the_trip() -> None:
    from harbour.extract.pipeline import pipeline

    doc = pipeline("ja")("岐阜県の古田太一知事は2026年5月12日、同県高山市の丹生川地区を訪れた。住民は約300人。"
                         "知事は地区内の公民館「丹生川ふれあい館」も訪れ、住民と意見を交わした。")
    visit = next(v for v in doc._.harbour_facts.visits if v.location.text == "丹生川ふれあい館")
    assert visit.date_tokens is not None and "5月12日" in doc.text[visit.date_tokens[0]:visit.date_tokens[1]]
    found = facts_of(doc.text)
    assert ("locatedIn", "丹生川ふれあい館", "丹生川地区") in found


# --- English: where a company is, its products, officers under a kind word, a ribbon cut ---------------------------

COMPANY_PLACES = [
    ("OSLO, Norway, May 12, 2026 — Fjellkraft, a Norwegian start-up developing batteries, said it raised money.",
     ("locatedIn", "Fjellkraft", "Norway")),
    ("Brightline Foods said profits rose. The Denver company also hired 50 people.",
     ("locatedIn", "Brightline Foods", "Denver")),
    ("OSLO, Norway, May 12, 2026 — Fjellkraft said it raised money. The Oslo company will build a plant.",
     ("locatedIn", "Fjellkraft", "Oslo")),
]


OWNED_PRODUCTS = [
    ("Harrier Power raised money. Harrier's first product, the VoltBox 200 battery pack, stores 180 kWh.",
     ("offers", "Harrier", "VoltBox 200")),
    ("Voltaris Group hired staff. Voltaris's newest product, the PowerCube 5 home battery pack, went on sale in May.",
     ("offers", "Voltaris", "PowerCube 5")),
]


KIND_BEFORE_TITLE = [
    ("The Harbourside Science Museum opened on Friday. Visitors queued. Museum director Ana Diaz was pleased.",
     ("role", "Ana Diaz", "director", "Harbourside Science Museum")),
    ("Patients moved to St Clare Hospital in May. Hospital director Mark Evans said beds were ready.",
     ("role", "Mark Evans", "director", "St Clare Hospital")),
]


RIBBONS = [
    ("The Harbourside Science Museum opened on Friday. Mayor Jo Lane cut the ribbon alongside museum director Ana "
     "Diaz and Tomas Ruiz, chair of the Harbour Trust.",
     {("visit", "Jo Lane", "Harbourside Science Museum"), ("accompanied", "Ana Diaz", "Harbourside Science Museum"),
      ("accompanied", "Tomas Ruiz", "Harbourside Science Museum")}),
    ("The new Lakeview Children's Hospital opened on Monday. Health Minister Sara Cole cut the ribbon.",
     {("visit", "Sara Cole", "Lakeview Children's Hospital")}),
]


# --- Japanese: at the venue -------------------------------------------------------------------------------------

AT_THE_VENUE = [
    ("株式会社ヒカリ遊技は今日、幕張メッセで開幕した「東京ホビーショー2026」で新作を公開した。ヒカリ遊技の山田太郎社長は"
     "会場で「反響が大きい」と語った。", ("visit", "山田太郎", "東京ホビーショー2026")),
    ("「九州フードフェア」が福岡市で開幕した。佐藤花子市長は会場で地元の食品を試食した。", ("visit", "佐藤花子", "九州フードフェア")),
    ("「北陸ものづくり展」が金沢市で開幕した。出展した株式会社カナザワ機工の田中一郎氏は会場で新製品を説明した。",
     ("visit", "田中一郎", "北陸ものづくり展")),
    ("「東北みらい展」が仙台市で開幕した。会場には宮城県の村井一郎副知事も訪れた。", ("visit", "村井一郎", "東北みらい展")),
]


def test_a_visitor_named_with_an_honorific_and_mo_is_not_what_is_visited() -> None:
    found = facts_of("「神戸ゲーム展」が神戸市で開幕した。会場には兵庫県の商工労働部長を務める森川直美氏も訪れ、各社のブースを見て回った。")
    assert ("visit", "森川直美", "神戸ゲーム展") in found
    assert not any(f[0] == "visit" and f[2] == "商工労働部" for f in found)


# --- Japanese: wards in cities, sites in the place before の, a head office in a place -----------------------------

PLACES_BEFORE_NO = [
    ("展示会は今日、千葉市美浜区の幕張メッセで開幕した。", {("locatedIn", "美浜区", "千葉市")}),
    ("福岡市博多区の商業施設「はかたテラス」が開業した。",
     {("locatedIn", "博多区", "福岡市"), ("locatedIn", "はかたテラス", "博多区")}),
    ("同社は熊本県菊陽町の工場「菊陽第2工場」を公開した。", {("locatedIn", "菊陽第2工場", "菊陽町")}),
]


HEAD_OFFICES = [
    ("株式会社コダマ精機は、静岡市の本社に新しい研究棟を建てた。", ("locatedIn", "株式会社コダマ精機", "静岡市")),
    ("株式会社ヤマト製菓は10日、金沢市の本社で記者会見を開いた。", ("locatedIn", "株式会社ヤマト製菓", "金沢市")),
    ("医療機器の株式会社ミズホ医研は、岡山県倉敷市の本社工場の隣接地に研究棟を建てた。", ("locatedIn", "株式会社ミズホ医研", "倉敷市")),
]


# --- Japanese: makers of a product the topic word stands for; first showings ----------------------------------------

MAKERS = [
    ("北日本航空は新型機「オーロラ70」を導入する。機体は株式会社ミツワ航空機が名古屋市の工場で製造した。",
     ("offers", "株式会社ミツワ航空機", "オーロラ70")),
    ("東海鉄道は新型の観光列車「しおかぜ浪漫」を運行する。車両は株式会社アカネ車輛が兵庫県の工場で製造した。",
     ("offers", "株式会社アカネ車輛", "しおかぜ浪漫")),
    ("株式会社ソラテックは今日、東京で開幕した展示会で、新型の配送ドローン「ツバメ7」を初公開した。",
     ("offers", "株式会社ソラテック", "ツバメ7")),
]


HEADS_OF_BODIES = [
    ("福井市の足羽川漁業協同組合は放流を始めた。漁協の山本一郎組合長が説明した。",
     ("role", "山本一郎", "組合長", "足羽川漁業協同組合")),
    ("金沢市の石川県立美術館は新しい展示を始めた。佐藤花子館長は「ぜひ見てほしい」と話した。",
     ("role", "佐藤花子", "館長", "石川県立美術館")),
    ("秋田県の象潟漁業協同組合と株式会社あきた銀行は協定を結んだ。銀行の田中一郎頭取と漁協の鈴木次郎組合長が署名した。",
     ("role", "鈴木次郎", "組合長", "象潟漁業協同組合")),
]


SITES_OPENED_SOMEWHERE = [
    ("The Riverside Art Museum opened on Friday at Port Arthur, after a conversion.",
     ("locatedIn", "Riverside Art Museum", "Port Arthur")),
    ("The Harrier Logistics Hub opened in Dortmund on Monday.", ("locatedIn", "Harrier Logistics Hub", "Dortmund")),
]


def test_a_site_opened_after_a_dateline_is_where_it_opened() -> None:
    found = facts_of("HOBART, May 2, 2027 — The Derwent Science Museum opened to the public on Friday at Port Arthur, "
                     "after a two-year conversion.")
    assert ("locatedIn", "Derwent Science Museum", "Port Arthur") in found


# --- dates: a relative year with a full date; a day something lasts until ----------------------------------------

def test_relative_year_with_month_and_day_and_a_day_until() -> None:
    import datetime

    from harbour.extract.dates import find_dates

    anchor = datetime.date(2026, 9, 17)
    found = {(d.text, d.value) for d in find_dates(
        "来年2月19日に発売する。展示会は20日までの4日間。昨年3月5日に設立した。受け付けは25日まで続く。", anchor)}
    assert {("来年2月19日", "2027-02-19"), ("20日", "2026-09-20"), ("昨年3月5日", "2025-03-05"),
            ("25日", "2026-09-25")} <= found


SPEAKERS_AND_HOSTS = [
    ("The Baltic Shipping Summit opened in Gdansk on Monday. Mayor Ola Berg welcomed the delegates. Transport "
     "Minister Kari Lunde delivered the keynote address and announced a fund.",
     {("visit", "Ola Berg", "Baltic Shipping Summit"), ("visit", "Kari Lunde", "Baltic Shipping Summit")}),
    ("Some 900 researchers gathered in Lyon for the Alpine Robotics Conference. Professor Anna Weiss gave the keynote "
     "speech on Tuesday.", {("visit", "Anna Weiss", "Alpine Robotics Conference")}),
]


UNITS_NAMED_AS_UNITS = [
    ("株式会社ミドリ電機は4月、新事業を担う「未来戦略室」を新設した。", ("partOf", "未来戦略室", "株式会社ミドリ電機")),
    ("ヤマト銀行は昨年、地域企業の支援を専門とする「地域創生推進室」を本店内に新設した。", ("partOf", "地域創生推進室", "ヤマト銀行")),
]


def test_a_weekday_opening_a_sentence_and_its_afternoon_date_a_visit() -> None:
    import datetime

    from harbour.extract.dates import find_dates
    from harbour.extract.pipeline import pipeline

    found = {(d.text, d.value) for d in find_dates("On Monday afternoon she left. On Friday he came.",
                                                   datetime.date(2025, 10, 22))}
    assert {("Monday", "2025-10-20"), ("Friday", "2025-10-17")} <= found
    doc = pipeline("en")("Trade Minister Lena Dahl arrived on Sunday. On Monday afternoon Dahl toured the Northgate "
                         "Logistics Centre.")
    visit = next(v for v in doc._.harbour_facts.visits if v.location.text == "Northgate Logistics Centre")
    assert visit.date_tokens is not None and "Monday" in doc.text[visit.date_tokens[0]:visit.date_tokens[1]]


MINISTERS_AFTER_THEIR_NAME = [
    ("Peter Lund, Norway's Minister for Trade, Industry and Fisheries, visited the plant.",
     ("role", "Peter Lund", "Minister for Trade, Industry and Fisheries", "Norway")),
    ("Maria Lopez, Spain's Minister of Science, toured the Valencia Lab.",
     ("role", "Maria Lopez", "Minister of Science", "Spain")),
    ("Tomas Ruiz, Acme Robotics's chief executive, spoke first.", ("role", "Tomas Ruiz", "chief executive", "Acme Robotics")),
]


# --- every composed sentence above: what it must state --------------------------------------------------------

SHAPES = {
    "the_mayor_of_a_place_holds_office_there": MAYORS_OF_A_PLACE,
    "an_officer_with_no_company_named_is_at_the_company_named_most": COMPANY_THE_TEXT_IS_ABOUT,
    "visit_to_a_site_named_before_its_kind_word": SITE_VISITS,
    "a_named_plant_in_a_place": PLANTS_IN_A_PLACE,
    "a_person_named_by_one_word_of_the_name_visits": SURNAME_VISITS,
    "where_an_event_is_held": EVENT_PLACES,
    "a_subsidiary_named_right_after_the_word": SUBSIDIARIES_NAMED_AFTER_THE_WORD,
    "a_unit_set_up_under_its_quoted_name": UNITS_SET_UP,
    "people_named_where_an_occasion_was_held_were_there": HELD_OCCASIONS,
    "a_site_named_in_quotes_after_its_kind_is_visited": QUOTED_SITES_VISITED,
    "a_site_inside_the_place_named_before": INSIDE_THE_PLACE,
    "the_prefectures_own_department_and_its_head": LOCAL_DEPARTMENTS,
    "a_company_described_by_a_nationality_or_a_place": COMPANY_PLACES,
    "a_companys_product_apposed_with_a_model_number": OWNED_PRODUCTS,
    "an_officer_under_the_kind_word_of_a_named_place": KIND_BEFORE_TITLE,
    "cutting_the_ribbon_opens_the_site_the_text_is_about": RIBBONS,
    "someone_at_the_venue_attends_its_event": AT_THE_VENUE,
    "wards_in_their_city_and_quoted_sites_in_the_place_before_them": PLACES_BEFORE_NO,
    "the_topics_head_office_in_a_place": HEAD_OFFICES,
    "the_maker_of_the_product_a_topic_word_stands_for": MAKERS,
    "the_head_of_a_kind_of_body_heads_the_last_one_named": HEADS_OF_BODIES,
    "a_site_is_where_it_opened": SITES_OPENED_SOMEWHERE,
    "keynote_speakers_and_hosts_attend_the_event_the_text_is_about": SPEAKERS_AND_HOSTS,
    "a_unit_whose_name_says_it_is_one_set_up_by_the_topic": UNITS_NAMED_AS_UNITS,
    "a_title_after_the_name_under_its_owners_possessive": MINISTERS_AFTER_THEIR_NAME,
}


@pytest.mark.parametrize("text, expected", [pytest.param(text, expected, id=f"{shape}-{n}")
                                             for shape, cases in SHAPES.items()
                                             for n, (text, expected) in enumerate(cases, 1)])
def test_round6_shapes(text: str, expected: tuple | set[tuple]) -> None:
    expected = expected if isinstance(expected, set) else {expected}
    assert expected <= facts_of(text)


def test_units_of_currencies_energy_and_length_and_counters() -> None:
    from decimal import Decimal

    from harbour.extract.quantities import find_quantities

    def found(text: str) -> list[tuple]:
        return [(q.value, q.unit, q.qualifier) for q in find_quantities(text)]

    assert found("the city will spend 400 billion won") == [(Decimal("400000000000"), "KRW", None)]
    assert found("Harrier, which in 2021 won the tender") == []
    assert found("up to 5 gigawatt-hours and 90 kWh") == [(Decimal("5"), "GWh", "AtMost"), (Decimal("90"), "kWh", None)]
    assert found("more than 3 billion euros, 2 billion Swedish kronor") == [
        (Decimal("3000000000"), "EUR", "MoreThan"), (Decimal("2000000000"), "SEK", None)]
    assert found("6両編成の列車は全長120センチメートルの模型") == [(Decimal("6"), "両", None), (Decimal("120"), "cm", None)]


def test_a_relative_year_with_a_season_is_that_year() -> None:
    import datetime

    from harbour.extract.dates import find_dates

    found = {(d.text, d.value) for d in find_dates("来年夏に打ち上げ、今年秋に完成し、昨年末に着工した。", datetime.date(2026, 2, 1))}
    assert {("来年夏", "2027"), ("今年秋", "2026"), ("昨年末", "2025")} <= found
