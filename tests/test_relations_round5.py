"""Round 5 relation shapes, from the general forms behind the round-4 held-out misses: pointers back to a place
(同県, 同国東部), a site in a place named before its owner, a company officer under the company's short form,
subsidiaries made, ministers and their ministries, flagship products; and precision fixes (generic 新型 phrases are no
products, a title before は is no company).

Composed sentences with invented names, several wordings per rule, run through the real pipelines (loaded once per
language by ``harbour.extract.pipeline``).
"""

from __future__ import annotations

import pytest

from tests.test_extract import facts_of

# --- located in: 同県 / 同国 / a part of a place --------------------------------------------------------------

POINTERS_TO_A_PLACE = [
    ("静岡県の知事は10日、同県御殿場市にある工場を視察した。", ("locatedIn", "御殿場市", "静岡県")),
    ("愛知県は新しい計画を発表した。同県豊橋市の港が対象だ。", ("locatedIn", "豊橋市", "愛知県")),
    ("ベトナムの冷凍食品メーカーは、同国南部のドンナイ省に工場を持つ。", ("locatedIn", "ドンナイ省", "ベトナム")),
    ("インドの工場は同国西部のグジャラート州にある。", ("locatedIn", "グジャラート州", "インド")),
    ("テキサス州の企業は、同州南部のラレド市に倉庫を持つ。", ("locatedIn", "ラレド市", "テキサス州")),
    ("北海道は予算を発表した。同道東部の釧路市が対象だ。", ("locatedIn", "釧路市", "北海道")),
]

SITE_AFTER_ITS_OWNER = [
    ("知事は、岐阜県大垣市にある株式会社ミドリ精機の「大垣第1工場」を視察した。", ("locatedIn", "大垣第1工場", "大垣市")),
    ("同社は、埼玉県川越市にある東和電機の研究所「川越ラボ」を公開した。", ("locatedIn", "川越ラボ", "川越市")),
    ("市長は、豊田市にあるトヨタ自動車の元町工場を訪れた。", ("locatedIn", "元町工場", "豊田市")),
]


@pytest.mark.parametrize("text, expected", POINTERS_TO_A_PLACE + SITE_AFTER_ITS_OWNER)
def test_places_pointed_back_to_and_sites_after_their_owner(text: str, expected: tuple) -> None:
    assert expected in facts_of(text)


def test_the_country_pointed_back_to_is_a_country_not_the_city_named_since() -> None:
    found = facts_of("ベトナムの食品会社はハノイに本社を置き、同国南部のドンナイ省に工場を持つ。")
    assert ("locatedIn", "ドンナイ省", "ベトナム") in found
    assert ("locatedIn", "ドンナイ省", "ハノイ") not in found


# --- roles: a company's short form, an unknown 同X, a company officer with no company written ------------------

SHORT_FORMS = [
    ("食品大手の丸福ホールディングス株式会社は発表した。広島市に本社を置く丸福の竹内雅彦社長は同日の記者会見で語った。",
     {("role", "竹内雅彦", "社長", "丸福ホールディングス株式会社"),
      ("locatedIn", "丸福ホールディングス株式会社", "広島市")}),
    ("株式会社ミナミ精工は工場を開いた。ミナミ精工の山本一郎社長が製造ラインを案内した。",
     {("role", "山本一郎", "社長", "ミナミ精工")}),
    ("アオバ電機株式会社と株式会社ツバサ商事は提携した。アオバ電機の田中花子社長は会見した。",
     {("role", "田中花子", "社長", "アオバ電機")}),
]


@pytest.mark.parametrize("text, expected", SHORT_FORMS)
def test_a_company_officer_under_a_short_form_is_at_the_company(text: str, expected: set[tuple]) -> None:
    assert expected <= facts_of(text)


def test_a_chief_executive_with_no_company_written_is_at_the_company_the_text_is_about() -> None:
    found = facts_of("Halden Motors unveiled its Arcturus pickup at the Geneva Motor Show. Chief Executive Lars Berg "
                     "told reporters the truck would sell well.")
    assert ("role", "Lars Berg", "Chief Executive", "Halden Motors") in found


MINISTERS = [
    ("Peru's Ministry for Trade will host the fair. Peru's Minister for Trade, Luis Ortega, opened it.",
     ("role", "Luis Ortega", "Minister for Trade", "Ministry for Trade")),
    ("Chile's Ministry of Mining approved the plan. Chile's Minister of Mining, Carla Rojas, visited the mine.",
     ("role", "Carla Rojas", "Minister of Mining", "Ministry of Mining")),
    ("Kenya's Minister of Energy, Peter Kamau, toured the Olkaria Plant.",
     ("role", "Peter Kamau", "Minister of Energy", "Kenya")),
]


@pytest.mark.parametrize("text, expected", MINISTERS)
def test_a_minister_works_at_the_ministry_the_text_names_else_for_the_country(text: str, expected: tuple) -> None:
    found = facts_of(text)
    assert expected in found
    assert not any(f[0] == "locatedIn" and f[1].startswith("Minister ") for f in found)  # a title is in no place


# --- part of: subsidiaries made -------------------------------------------------------------------------------

SUBSIDIARIES = [
    ("株式会社ホシノは2日、札幌市の菓子メーカー、雪印菓子株式会社を完全子会社化すると発表した。",
     ("partOf", "雪印菓子株式会社", "株式会社ホシノ")),
    ("大手商社の丸星物産は、米国の食品会社グリーンフィールズを子会社化した。", ("partOf", "グリーンフィールズ", "丸星物産")),
    ("日東電工はドイツの化学メーカー、ヘルマン社を連結子会社化する。", ("partOf", "ヘルマン社", "日東電工")),
]


@pytest.mark.parametrize("text, expected", SUBSIDIARIES)
def test_a_company_made_a_subsidiary_is_part_of_its_buyer(text: str, expected: tuple) -> None:
    assert expected in facts_of(text)


def test_an_acquisition_alone_states_no_part_of() -> None:
    found = facts_of("大手商社の丸星物産は、米国の食品会社グリーンフィールズを買収した。")
    assert not any(f[0] == "partOf" for f in found)


# --- offers: flagship products; precision of product phrases and product showers -------------------------------

FLAGSHIPS = [
    ("株式会社ミナト電工は1990年の創業で、主力製品の産業用モーター「MX-300」は海外でも使われている。",
     ("offers", "株式会社ミナト電工", "MX-300")),
    ("東和食品株式会社は10日、決算を発表した。主力の冷凍パスタ「モチモチ麺」の販売が伸びた。",
     ("offers", "東和食品株式会社", "モチモチ麺")),
    ("名古屋市に本社を置くアオイ精機は、主力製品の工作機械「AX-5」を輸出している。", ("offers", "アオイ精機", "AX-5")),
]


@pytest.mark.parametrize("text, expected", FLAGSHIPS)
def test_a_flagship_product_is_the_companys_the_text_is_about(text: str, expected: tuple) -> None:
    assert expected in facts_of(text)


@pytest.mark.parametrize("text", ["独シーメンスは新型ロボットを発表した。", "アクメ電子は新モデルを公開した。",
                                  "イーロン・マスクCEOは新サービスを発表した。"])
def test_new_plus_common_nouns_is_no_product_and_a_title_is_no_company(text: str) -> None:
    found = facts_of(text)
    assert not any(f[0] == "offers" for f in found)


def test_a_named_new_product_is_still_a_product() -> None:
    assert ("offers", "アクメ電子", "新型AIチャットボット") in facts_of("アクメ電子は新型AIチャットボットを公開した。")


def test_a_country_prefix_outside_the_name_places_the_region() -> None:
    assert ("locatedIn", "カンザス州", "米国") in facts_of("米国の農業も盛んだ。大手の米カンザス州の企業が工場を建てた。")


CITY_THE_COUNTRY = [
    ("The parts come from Velda Optics, a lens maker based in Delft, the Netherlands.",
     ("locatedIn", "Delft", "Netherlands")),
    ("Brightwave is based in Leeds, the United Kingdom.", ("locatedIn", "Leeds", "United Kingdom")),
    ("The chip comes from Norvik Systems, a designer based in Tampere, Finland.", ("locatedIn", "Tampere", "Finland")),
]


@pytest.mark.parametrize("text, expected", CITY_THE_COUNTRY)
def test_a_city_then_its_country_with_or_without_the(text: str, expected: tuple) -> None:
    assert expected in facts_of(text)


# --- visits: the venue is the event's ------------------------------------------------------------------------

VENUES = [
    ("物流展示会「ロジテック2026」が今日、幕張メッセで開幕した。カナメ運輸は昨年、千葉市に物流センター「千葉ハブ」を開設した。"
     "同社は新型トラックを展示した。会場を訪れた千葉県の山本一郎副知事は、同社のブースを見学した。",
     ("visit", "山本一郎", "ロジテック2026")),
    ("The Harvest Expo 2026 opened in Perth on Monday. Tandem Farms showed a new tractor. Agriculture Minister "
     "Jane Doe toured the venue on Tuesday.", ("visit", "Jane Doe", "Harvest Expo 2026")),
    ("The Pacific Boat Show opened in Auckland on Friday. Mayor Tom Reid visited the venue with local officials.",
     ("visit", "Tom Reid", "Pacific Boat Show")),
]


@pytest.mark.parametrize("text, expected", VENUES)
def test_visiting_the_venue_is_visiting_the_event_even_after_a_site_was_named(text: str, expected: tuple) -> None:
    found = facts_of(text)
    assert expected in found
    assert ("visit", expected[1], "千葉ハブ") not in found


# --- located in: a nationality before a company; an event "in" a place hung on the verb ------------------------

NATIONALITIES = [
    ("Danish audio company Corvale Audio unveiled its earbuds at CES 2027 in Las Vegas. Denmark is a big market.",
     {("locatedIn", "Corvale Audio", "Denmark"), ("locatedIn", "CES 2027", "Las Vegas")}),
    ("German carmaker Halden Motors showed a truck at the IAA Mobility in Munich. Sales in Germany rose.",
     {("locatedIn", "Halden Motors", "Germany")}),
    ("Swiss drugmaker Alpenheil said sales in Switzerland rose.", {("locatedIn", "Alpenheil", "Switzerland")}),
]


@pytest.mark.parametrize("text, expected", NATIONALITIES)
def test_a_company_described_by_a_nationality_is_in_that_country(text: str, expected: set[tuple]) -> None:
    assert expected <= facts_of(text)


def test_a_nationality_with_the_country_unnamed_states_no_place() -> None:
    assert not any(f[0] == "locatedIn" for f in facts_of("Danish audio company Corvale Audio unveiled earbuds."))


THE_NOUN_IN_A_NAME = [
    ("Halden Motors and the University of Leeds opened a lab. The Government of Yorkshire gave money. Yorkshire's "
     "Minister of Industry, Jane Doe, announced the funding on Monday during a visit to the university.",
     ("visit", "Jane Doe", "University of Leeds")),
    ("Tom Reid chairs Leeds Hospital. The City of Leeds pays for it. Minister Ana Silva, during a visit to the "
     "hospital on Friday, praised the staff.", ("visit", "Ana Silva", "Leeds Hospital")),
    ("Acme Motors built the Riverbend Plant. The Ohio Economic Agency helped. Governor Ellen Marsh, during a visit "
     "to the plant, met workers.", ("visit", "Ellen Marsh", "Riverbend Plant")),
]


@pytest.mark.parametrize("text, expected", THE_NOUN_IN_A_NAME)
def test_the_university_is_the_last_one_with_university_in_its_name(text: str, expected: tuple) -> None:
    assert expected in facts_of(text)


COMPANIONS_OF_A_PATTERN_VISIT = [
    ("Halden Motors and the University of Leeds opened a lab. Yorkshire's Minister of Industry, Jane Doe, announced "
     "the funding on Monday during a visit to the university, where she was accompanied by Mayor Tom Reid.",
     ("accompanied", "Tom Reid", "University of Leeds")),
    ("Per Bank opened the Harbour Lab in Leeds. Finance Minister Ana Silva spoke on Friday during a visit to the "
     "Harbour Lab, where she was accompanied by Mayor Tom Reid.", ("accompanied", "Tom Reid", "Harbour Lab")),
    ("The Pacific Boat Show opened in Auckland on Friday. Mayor Tom Reid praised the builders during a visit to the "
     "Pacific Boat Show, where he was accompanied by Councillor Ana Silva.",
     ("accompanied", "Ana Silva", "Pacific Boat Show")),
]


@pytest.mark.parametrize("text, expected", COMPANIONS_OF_A_PATTERN_VISIT)
def test_companions_join_a_visit_that_a_dependency_pattern_found(text: str, expected: tuple) -> None:
    assert expected in facts_of(text)


FAR_BACK = [
    ("株式会社アオバ工業と北都大学は提携した。政府は支援を決めた。経済産業省も加わる。内閣府も協力する。総務省も関わる。"
     "研究は同大学の宇宙工学センターが担う。", ("partOf", "宇宙工学センター", "北都大学")),
    ("Halden Motors and the University of Leeds opened a lab. The Government of Yorkshire gave money. It was a big "
     "sum. Officials were pleased. Work starts soon. The lab will be run by the university's School of Physics.",
     ("partOf", "School of Physics", "University of Leeds")),
    ("The University of Perth signed a deal with Acme Corp. The Ministry of Mining approved it. Investors cheered. "
     "Shares rose. Analysts agreed. The university's Department of Geology will lead the work.",
     ("partOf", "Department of Geology", "University of Perth")),
]


@pytest.mark.parametrize("text, expected", FAR_BACK)
def test_the_university_and_its_units_are_found_however_far_back_it_was_named(text: str, expected: tuple) -> None:
    found = facts_of(text)
    assert expected in found
    assert not any(f[0] == "partOf" and f[1] == expected[1] and f[2] != expected[2] for f in found)
