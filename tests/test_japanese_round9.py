"""Round 9 Japanese shapes, from the general forms behind the round-8 texts' misses (then tuning texts).

Composed sentences with invented names, several wordings per rule, run through the real Japanese pipeline (loaded
once by ``harbour.extract.pipeline``).
"""

from __future__ import annotations

import pytest

from tests.test_extract import facts_of
from tests.test_relations_round8 import _visits


def _entities(text: str) -> dict[str, str]:
    from harbour.extract.entities import ENTITIES
    from harbour.extract.pipeline import pipeline

    doc = pipeline("ja")(text)
    return {s.text: s.label_ for s in doc.spans[ENTITIES]}


# --- a unit named before its head: the unit, its organisation, the head's role at the unit -------------------------

UNITS_BEFORE_THEIR_HEADS = [
    ("環境省は10日、計画を発表した。同日、同省自然保護局の森川達也局長が会見した。",
     "自然保護局", "GovernmentOrganization", ("role", "森川達也", "局長", "自然保護局"),
     ("partOf", "自然保護局", "環境省")),
    ("林野庁森林整備部の宮下浩之部長は「対策を急ぐ」と述べた。",
     "森林整備部", "GovernmentOrganization", ("role", "宮下浩之", "部長", "森林整備部"),
     ("partOf", "森林整備部", "林野庁")),
    ("精密機器大手のミカゲ電機は5日、新製品を発表した。同社の北村悠斗社長は、開発本部の岩田沙織本部長とともに会見した。",
     "開発本部", "Organization", ("role", "岩田沙織", "本部長", "開発本部"), ("partOf", "開発本部", "ミカゲ電機")),
]


@pytest.mark.parametrize("text, unit, cls, role, part_of", UNITS_BEFORE_THEIR_HEADS)
def test_a_unit_named_before_its_head_is_an_entity_part_of_its_organisation(
        text: str, unit: str, cls: str, role: tuple, part_of: tuple) -> None:
    assert _entities(text).get(unit) == cls
    found = facts_of(text)
    assert role in found
    assert part_of in found


def test_a_local_governments_department_keeps_its_own_rule() -> None:
    text = "視察には愛媛県農林水産部の高田真澄部長が同行した。"
    assert _entities(text).get("愛媛県農林水産部") == "GovernmentOrganization"
    assert ("role", "高田真澄", "部長", "愛媛県農林水産部") in facts_of(text)


# --- a cooperative's name runs back to the particle before it; its head is the head of the last one named ----------

@pytest.mark.parametrize("text, name, head", [
    ("北海道根室市のはまなす漁業協同組合は3日、新しい加工場を公開した。組合の斉藤大輔組合長は「期待している」と話した。",
     "はまなす漁業協同組合", ("role", "斉藤大輔", "組合長", "はまなす漁業協同組合")),
    ("長野県のみすず野農業協同組合は、リンゴの輸出を始める。組合の小池正樹組合長が発表した。",
     "みすず野農業協同組合", ("role", "小池正樹", "組合長", "みすず野農業協同組合")),
])
def test_a_cooperatives_name_and_its_head(text: str, name: str, head: tuple) -> None:
    assert _entities(text).get(name) == "Organization"
    assert head in facts_of(text)


def test_a_site_of_the_cooperative_named_by_its_kind_word() -> None:
    text = ("北海道根室市のはまなす漁業協同組合は3日、輸出を始めると発表した。同日、水産庁の山崎亮介次長が組合の加工施設"
            "「根室ホタテセンター」を訪れた。")
    assert ("partOf", "根室ホタテセンター", "はまなす漁業協同組合") in facts_of(text)


# --- the governor visited and told is no companion; a governor's or mayor's place when none is written with it; ----
# --- 同日 is the day of the news, not a day ahead named in it nor a rate per day ------------------------------------

REPORTED_TO = [
    ("化学メーカーの東雲化成は2日、福井県坂井市に新工場を建設し、来年4月1日に稼働させると発表した。工場は1日3交代で操業する。"
     "同社の桐生雅人社長は同日、広報部の早川千尋部長とともに福井県庁を訪れ、川端秀明知事に計画を説明した。",
     "桐生雅人", "福井県庁", "早川千尋", ("川端秀明", "知事", "福井県"), "2日"),
    ("食品大手のミナト食品は20日、新商品を来月10日に発売すると発表した。香川県高松市の工場で1日2万食を生産する。同社の佐久間亮"
     "社長は同日、営業部の石原美帆部長とともに高松市役所を訪れ、大西直樹市長に新商品を手渡した。",
     "佐久間亮", "高松市役所", "石原美帆", ("大西直樹", "市長", "高松市"), "20日"),
]


@pytest.mark.parametrize("text, visitor, place, companion, role, day", REPORTED_TO)
def test_the_official_visited_and_told_is_no_companion(text: str, visitor: str, place: str, companion: str,
                                                        role: tuple, day: str) -> None:
    found = facts_of(text)
    assert ("visit", visitor, place) in found
    assert ("accompanied", companion, place) in found
    assert not any(f[0] in {"visit", "accompanied"} and f[1] == role[0] for f in found)
    assert ("role", *role) in found
    visits = _visits(text)
    assert any(v[1] == place and v[2] is not None and v[2].startswith(day) for v in visits), visits



# --- who attends a site's opening or completion ceremony visits the site, on its day, with those who go along ------

CEREMONIES_OF_A_SITE = [
    ("長野県松本市で建設が進められていた「あずさ台総合病院」が3日、開院した。開院式には長野県の村井俊介知事が出席した。"
     "村井知事は式典の後、県健康福祉部の小松由香部長とともに院内を視察した。",
     ["村井俊介"], "あずさ台総合病院", ["小松由香"], "3日"),
    ("国土交通省は8日、青森港で進めてきた「青森北埠頭」の整備が完了したと発表した。同日の完成式典には国交省の"
     "大川雄介政務官が出席し、同省海事局の森本真理子局長らとともに新しい岸壁を視察した。",
     ["大川雄介"], "青森北埠頭", ["森本真理子"], "8日"),
    ("岐阜県高山市の新図書館「ひだまりライブラリー」が12日、開館した。開館式には高山市の中田和彦市長らが出席した。",
     ["中田和彦"], "ひだまりライブラリー", [], "12日"),
]


@pytest.mark.parametrize("text, visitors, site, companions, day", CEREMONIES_OF_A_SITE)
def test_who_attends_a_sites_ceremony_visits_the_site(text: str, visitors: list[str], site: str,
                                                      companions: list[str], day: str) -> None:
    found = facts_of(text)
    for visitor in visitors:
        assert ("visit", visitor, site) in found
    for companion in companions:
        assert ("accompanied", companion, site) in found
    assert not any(f[0] == "accompanied" and f[1] in {"村井"} for f in found)  # the visitor's short name
    assert any(v[1] == site and v[2] is not None and v[2].startswith(day) for v in _visits(text))


# --- a site run by an organisation is part of it; a name after a word for a legal person is an organisation ------

@pytest.mark.parametrize("text, site, operator", [
    ("「あずさ台総合病院」が3日、開院した。運営するのは医療法人の清風会で、病床数は約300床となる。",
     "あずさ台総合病院", "清風会"),
    ("港には「青森北コンテナターミナル」が完成した。ターミナルを運営する北奥ポートの西田亮社長は「期待している」と話した。",
     "青森北コンテナターミナル", "北奥ポート"),
])
def test_a_site_run_by_an_organisation_is_part_of_it(text: str, site: str, operator: str) -> None:
    assert ("partOf", site, operator) in facts_of(text)


def test_a_name_after_a_word_for_a_legal_person_is_an_organisation() -> None:
    assert _entities("運営するのは社会福祉法人のひかり会で、定員は80人。").get("ひかり会") == "Organization"


# --- a maker named in a clause before the quoted product, over the words between; a Latin-script maker; ------------
# --- the kind word the product was named with, as the topic of the sentence naming its maker -------------------------

MAKERS = [
    ("最優秀賞は、配給会社ルミナ・フィルムが手がけた川村直人監督の「春の灯」が受賞した。", ("offers", "ルミナ・フィルム", "春の灯")),
    ("港にはノルウェーのBrenna Marineが製造した自動係留式の電動タグボート「BM-Tug7」が2隻配備された。",
     ("offers", "Brenna Marine", "BM-Tug7")),
    ("組合は昨年、水質を計測するスマートブイ「アクアミル」を導入した。ブイは鳥羽市のベンチャー企業、渚テックが開発したもので、"
     "データはスマートフォンで確認できる。", ("offers", "渚テック", "アクアミル")),
]


@pytest.mark.parametrize("text, expected", MAKERS)
def test_a_maker_named_before_its_product(text: str, expected: tuple) -> None:
    assert expected in facts_of(text)


def test_a_latin_script_maker_is_a_company() -> None:
    text = "港にはノルウェーのBrenna Marineが製造した自動係留式の電動タグボート「BM-Tug7」が2隻配備された。"
    assert _entities(text).get("Brenna Marine") == "Company"


# --- a site named as the venue: someone there with に (「X」には…も訪れ); the event is at the site, in its place ------

def test_the_named_main_venue_of_an_event() -> None:
    text = ("石川県金沢市で開かれていた「第3回あさなぎ映像祭」が12日、閉幕した。閉幕式が行われたメイン会場の「金沢シネマホール」"
            "には観光庁の河合俊彦長官も訪れ、受賞者を祝福した。")
    found = facts_of(text)
    assert ("visit", "河合俊彦", "金沢シネマホール") in found
    assert ("locatedIn", "第3回あさなぎ映像祭", "金沢シネマホール") in found
    assert ("locatedIn", "金沢シネマホール", "金沢市") in found
    assert any(v[1] == "金沢シネマホール" and v[2] == "12日" for v in _visits(text))


# --- a venue quoted after its kind word; a ceremony of the site's opening however it is worded; every official -----
# --- listed as attending; a company named right after its kind word 運営会社 ---------------------------------------------

def test_a_stadiums_opening_ceremony_and_everyone_listed_at_it() -> None:
    text = ("静岡県浜松市で建設が進められていた球技専用スタジアム「はままつシーサイドパーク」が5日、開業した。同日の開業記念式典には"
            "静岡県の杉本和也知事や浜松市の野口直樹市長、スポーツ庁の長谷部誠司長官らが出席した。"
            "運営会社浜松スポーツマネジメントの竹下光男社長は「期待している」と語った。")
    entities = _entities(text)
    assert entities.get("はままつシーサイドパーク") == "Facility"
    assert entities.get("浜松スポーツマネジメント") == "Company"
    found = facts_of(text)
    for visitor in ("杉本和也", "野口直樹", "長谷部誠司"):
        assert ("visit", visitor, "はままつシーサイドパーク") in found
    assert ("role", "竹下光男", "社長", "浜松スポーツマネジメント") in found


# --- a country before a profession is the holder's country; an event's organising committee is an organisation ----

def test_a_country_before_a_profession_is_no_employer() -> None:
    found = facts_of("最優秀賞には、フランスのマルク・ドラン監督の長編「白い港」が選ばれた。")
    assert ("role", "マルク・ドラン", "監督", None) in found
    assert not any(f[0] == "role" and f[3] == "フランス" for f in found)


def test_an_events_organising_committee_is_an_organisation() -> None:
    text = "映画祭は金沢市や地元企業などでつくる北陸国際映画祭実行委員会が主催した。"
    assert _entities(text).get("北陸国際映画祭実行委員会") == "Organization"


# --- opening a named line or route offers it; the organisation marked with は over its bracketed place -------------

def test_a_line_opened_by_the_company_is_its_offer() -> None:
    text = ("観光事業を手がける株式会社北峰索道(富山県立山町)は2日、立山高原で建設を進めてきた新ロープウェー「かぜのみちライン」を"
            "来月10日に開業すると発表した。")
    assert ("offers", "株式会社北峰索道", "かぜのみちライン") in facts_of(text)


# --- a site the company that is the topic built is its own --------------------------------------------------------

@pytest.mark.parametrize("text, site, company", [
    ("物流大手のサクラ運輸(本社・名古屋市)は10日、岐阜県大垣市に建設していた新たな物流拠点「サクラ大垣ロジスティクスセンター」が"
     "完成したと発表した。", "サクラ大垣ロジスティクスセンター", "サクラ運輸"),
    ("精密機器大手のミカゲ電機は5日、熊本県菊陽町で建設を進めてきた新工場「ミカゲ菊陽工場」が稼働したと発表した。",
     "ミカゲ菊陽工場", "ミカゲ電機"),
])
def test_a_site_the_topic_company_built_is_its_own(text: str, site: str, company: str) -> None:
    assert ("partOf", site, company) in facts_of(text)


# --- XのYを務めるZ read in the order of the words (the parse of it varies with the sentences around it) --------------

@pytest.mark.parametrize("text, role", [
    ("吹き替え版の制作はこの子会社が担った。会場には兵庫県の産業労働部長を務める松岡千夏氏も訪れ、新作を試した。",
     ("role", "松岡千夏", "産業労働部長", "兵庫県")),
    ("同社は新工場を公開した。式典には長野県の観光部長を務めている宮坂千里氏も出席した。",
     ("role", "宮坂千里", "観光部長", "長野県")),
])
def test_the_title_a_person_serves_as(text: str, role: tuple) -> None:
    assert role in facts_of(text)


# --- a non-profit's legal form with its name (公益財団法人X) is an organisation; 同財団 however far back; the form alone -
# --- (社会医療法人の) names nothing --------------------------------------------------------------------------------------

def test_a_non_profit_named_with_its_legal_form() -> None:
    text = ("企画は公益財団法人しらさぎ芸術振興財団が担った。上演は3回。チケットは完売した。会場には多くの観客が集まった。"
            "同財団の大森雅彦理事長は「次も挑戦したい」と述べた。一般社団法人みらい観光協会と社会福祉法人ひかり会も協力した。"
            "運営するのは社会医療法人の清風会だ。")
    entities = _entities(text)
    for name in ("公益財団法人しらさぎ芸術振興財団", "一般社団法人みらい観光協会", "社会福祉法人ひかり会", "清風会"):
        assert entities.get(name) == "Organization", name
    assert "社会医療法人" not in entities
    assert ("role", "大森雅彦", "理事長", "公益財団法人しらさぎ芸術振興財団") in facts_of(text)


# --- the nickname a route or service is sold under is a product, the company's the text is about ---------------------

@pytest.mark.parametrize("text, company, product", [
    ("地域航空会社の北陸エアラインは9日、新路線を開設すると発表した。新路線は「しおかぜライン」の愛称で販売し、1日3往復を運航する。",
     "北陸エアライン", "しおかぜライン"),
    ("株式会社みなと鉄道は3日、観光列車を走らせると発表した。列車は「うみかぜ号」の愛称で、週末に運行する。",
     "株式会社みなと鉄道", "うみかぜ号"),
])
def test_a_nicknamed_route_is_the_companys_product(text: str, company: str, product: str) -> None:
    assert _entities(text).get(product) == "Product"
    assert ("offers", company, product) in facts_of(text)


# --- 会場では Z社長が…: the subject right after the venue was at the event --------------------------------------------

def test_the_person_named_after_the_venue_was_at_the_event() -> None:
    text = ("ロボット開発の株式会社ミドリテックは5日、福岡市で開幕した「九州スマート工場展2027」で、新型の搬送ロボット「ハコブ3」を"
            "初公開した。会場では同社の岡田直人社長が自ら機体を紹介した。")
    assert ("visit", "岡田直人", "九州スマート工場展2027") in facts_of(text)
