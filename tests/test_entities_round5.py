"""Round 5 of entity extraction: the shapes behind round 4's misses on unseen text, and the relations engineer's
reports. Each rule is checked on several sentences composed for these tests (fictional companies, people and
products; well-known public bodies); none is taken from a gold file or the sample article.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from harbour.extract import Extractor, TextDocument
from harbour.ontology import RDF, RDFS, SKOS

from .test_entities_round4 import PLACES, names_and_classes

TEXTS = {
    # a name before "-based" is a place
    "based-1": "The Oslo-based company said sales rose.",
    "based-2": "Brightwell, a Munich-based maker of sensors, hired 40 engineers.",
    "based-3": "Analysts at Hamburg-based Nordkap Bank expect growth.",
    # a word for a company right before a name
    "kind-1": "Toronto-based quantum computing start-up Lumen Quarry and the University of Westfall will build a lab.",
    "kind-2": "Austrian sensor maker Kolbeck, which employs 300 people, opened a plant.",
    "kind-3": "The order went to Dutch chipmaker Nexora Systems last week.",
    "kind-4": "The talks with robotics firm Kallisto Dynamics ended on Friday.",
    # brands, owned products, products apposed after an owned product word, and appositions to a name
    "brand-1": "The firm sells its coffee under the Morrow brand in Asia.",
    "brand-2": "Kestrel Foods markets the snack under its Crunchy Gold brand.",
    "brand-3": "Pelican Dairy sells cheese under the Alpenrot label.",
    "owned-1": "The company also showed its Aurora Mini smart speaker at the fair.",
    "owned-2": "Corvex also showed a prototype of its Halo Drift smart speaker.",
    "owned-3": "The firm's current chip, Mirella, runs at 3 GHz.",
    "owned-4": "The company's latest drone, Heron, flies for two hours.",
    "owned-not-1": "Corvex said its Texas battery plant would open in May.",
    "owned-not-2": "Halvard Foods expanded its Ohio snack factory last year.",
    "appos-1": "The Spark E3, a compact electric car, goes on sale in May.",
    "appos-2": "The Tundra 5, an all-terrain tractor, will cost $90,000.",
    # a minister's title and its fields are no names; an apposed name after them is a person
    "minister-1": "Brazil's Minister of Energy, Ana Costa, toured the site.",
    "minister-2": "Peter Lund, Norway's Minister for Trade, Industry and Fisheries, visited the plant.",
    "minister-3": "Karl Weiss, Austria's Minister for Labour, Social Affairs and Consumer Protection, spoke first.",
    # a unit of a seat of learning is no government body
    "academic-1": "The study was led by Lena Park of the university's Department of Chemistry.",
    "academic-2": "Ravi Mehta of the college's School of Engineering spoke at the event.",
    "academic-3": "Funding goes to the institute's Department of Materials Science.",
    # 同県, 同国東部, 東部, …当局: no names
    "anaphor-1": "新潟県の田中一郎知事は10日、同県長岡市の工場を訪れた。",
    "anaphor-2": "三重県は同県北部の四日市市に新たな拠点を設ける。",
    "anaphor-3": "同市の担当者は、同国南部の洪水について説明した。",
    "authority-1": "ベトナム当局の許可を得て、工場の建設を始める。",
    "authority-2": "買収は米国当局の審査を経て完了する見通しだ。",
    "authority-3": "計画はカナダ当局の認可を待っている。",
    # a station's exit: the station
    "station-1": "新路線は博多駅西口から空港までを結ぶ。",
    "station-2": "イベントは名古屋駅南口の広場で開かれる。",
    "station-3": "参加者は京都駅中央口に集合した。",
    # …府 other than the two prefectures is a government body
    "fu-1": "内閣府の調査によると、消費は回復した。",
    "fu-2": "同社は内閣府と復興庁から補助金を受ける。",
    "fu-3": "大阪府と京都府は共同で観光キャンペーンを始めた。",
    # a quoted name after a word for a site is a facility
    "site-1": "モナカ電機は北九州市に研究拠点「ミライラボ北九州」を開設した。",
    "site-2": "大分県の射場「ベップ宇宙港」から打ち上げる予定だ。",
    "site-3": "市は若林区に交流施設「ひかり館」を開設する。",
    "site-4": "同社は静岡県に物流施設「スルガ・ロジパーク」を建設する。",
    # a unit named after 同大学の
    "unit-1": "大学は神奈川県川崎市にある同大学の先端材料研究センターで実験を行う。",
    "unit-2": "東邦医科大学は、同大学の免疫学研究センターで新薬の試験を始めた。",
    "unit-3": "研究は同大学の海洋資源研究センターが担う。",
    # a Latin acronym in brackets after a common noun
    "acronym-1": "市は新交通システム(AGT)の導入を検討している。",
    "acronym-2": "仙台市が計画する次世代型路面電車(LRT)「ミヤギライン」の費用が盛り込まれた。",
    "acronym-3": "県は電気自動車(EV)向けの充電設備(EVSE)を増やす。",
    # the word for a site before a quoted name is no entity of its own
    "descriptor-1": "ヒカリ電子は佐賀県に半導体工場「ヒカリ佐賀第1工場」を建設する。",
    "descriptor-2": "同社は新潟県の精密部品工場「ツバメ第2工場」を増設した。",
    "descriptor-3": "モリタ製作所は物流センター「モリタ東北センター」を開いた。",
    "acronym-kept-1": "国際通貨基金(IMF)は成長率見通しを引き下げた。",
    "acronym-kept-2": "世界保健機関(WHO)は警告を出した。",
    "acronym-kept-3": "新エネルギー・産業技術総合開発機構(NEDO)が事業を支援する。",
    # a foreign state and a katakana city are two places
    "state-1": "同社は米テキサス州オースティンに工場を建てる。",
    "state-2": "同社はオハイオ州コロンバスの拠点を拡張する。",
    "state-3": "アリゾナ州フェニックスに新工場を建設する。",
    # a city, its ward and a district written as one word
    "ward-1": "本社は千葉市美浜区中瀬にある。",
    "ward-2": "工場は横浜市鶴見区末広町にある。",
    "ward-3": "新店舗は札幌市中央区大通にある。",
    # "the", the maker's first word and a model's name: a product, not the maker
    "model-1": "Volta Motors said the Volta Spark would go on sale in May.",
    "model-2": "Brandt Motors will build the Brandt Ridge at its plant in Ohio.",
    "model-3": "Kessel Robotics said the Kessel Scout had been sold to 40 farms.",
}


@pytest.fixture(scope="module")
def found(extractor: Extractor) -> dict[str, dict[str, set[str]]]:
    return names_and_classes(extractor, TEXTS, "r5")


def _is(found, key: str, name: str, expected: set[str]) -> None:
    assert found[key].get(name, set()) & expected, found[key]


@pytest.mark.parametrize("key, name", [("based-1", "Oslo"), ("based-2", "Munich"), ("based-3", "Hamburg")])
def test_name_before_based_is_a_place(found, key: str, name: str) -> None:
    _is(found, key, name, PLACES)
    assert "Company" not in found[key][name]


@pytest.mark.parametrize("key, name", [("kind-1", "Lumen Quarry"), ("kind-2", "Kolbeck"),
                                       ("kind-3", "Nexora Systems"), ("kind-4", "Kallisto Dynamics")])
def test_name_after_a_word_for_a_company_is_a_company(found, key: str, name: str) -> None:
    assert found[key].get(name) == {"Company"}, found[key]


@pytest.mark.parametrize("key, name", [("brand-1", "Morrow"), ("brand-2", "Crunchy Gold"), ("brand-3", "Alpenrot"),
                                       ("owned-1", "Aurora Mini"), ("owned-2", "Halo Drift"), ("owned-3", "Mirella"),
                                       ("owned-4", "Heron"), ("appos-1", "Spark E3"), ("appos-2", "Tundra 5")])
def test_brands_owned_and_apposed_products_are_products(found, key: str, name: str) -> None:
    assert found[key].get(name) == {"Product"}, found[key]


@pytest.mark.parametrize("key, person", [("minister-1", "Ana Costa"), ("minister-2", "Peter Lund"),
                                         ("minister-3", "Karl Weiss")])
def test_a_ministers_fields_are_no_entities(found, key: str, person: str) -> None:
    assert "Person" in found[key].get(person, set()), found[key]
    assert not [n for n in found[key] if "Minister" in n or "Affairs" in n or "Industry" in n or "Energy" in n]


@pytest.mark.parametrize("key, unit", [("academic-1", "Department of Chemistry"),
                                       ("academic-2", "School of Engineering"),
                                       ("academic-3", "Department of Materials Science")])
def test_unit_of_a_university_is_an_organization(found, key: str, unit: str) -> None:
    assert found[key].get(unit) == {"Organization"}, found[key]


@pytest.mark.parametrize("key", ["anaphor-1", "anaphor-2", "anaphor-3", "authority-1", "authority-2", "authority-3"])
def test_anaphors_directions_and_authorities_are_no_entities(found, key: str) -> None:
    assert not [n for n in found[key] if n.startswith("同") or n.endswith(("部", "当局"))], found[key]


def test_places_around_anaphors_stay(found) -> None:
    _is(found, "anaphor-1", "長岡市", PLACES)
    _is(found, "anaphor-2", "四日市市", PLACES)


@pytest.mark.parametrize("key, station", [("station-1", "博多駅"), ("station-2", "名古屋駅"), ("station-3", "京都駅")])
def test_a_stations_exit_is_the_station(found, key: str, station: str) -> None:
    assert found[key].get(station) == {"Facility"}, found[key]
    assert not [n for n in found[key] if n.endswith("口")]


def test_cabinet_office_is_a_government_body_and_fu_prefectures_are_places(found) -> None:
    assert found["fu-1"].get("内閣府") == {"GovernmentOrganization"}, found["fu-1"]
    assert found["fu-2"].get("内閣府") == {"GovernmentOrganization"}, found["fu-2"]
    _is(found, "fu-3", "大阪府", PLACES)
    _is(found, "fu-3", "京都府", PLACES)


@pytest.mark.parametrize("key, name", [("site-1", "ミライラボ北九州"), ("site-2", "ベップ宇宙港"), ("site-3", "ひかり館"),
                                       ("site-4", "スルガ・ロジパーク")])
def test_quoted_name_after_a_word_for_a_site_is_a_facility(found, key: str, name: str) -> None:
    assert found[key].get(name) == {"Facility"}, found[key]


@pytest.mark.parametrize("key, name", [("unit-1", "先端材料研究センター"), ("unit-2", "免疫学研究センター"),
                                       ("unit-3", "海洋資源研究センター")])
def test_named_unit_of_the_same_university(found, key: str, name: str) -> None:
    assert found[key].get(name) == {"Facility"}, found[key]


@pytest.mark.parametrize("key, acronym", [("acronym-1", "AGT"), ("acronym-2", "LRT"), ("acronym-3", "EVSE")])
def test_acronym_of_a_common_noun_is_no_entity(found, key: str, acronym: str) -> None:
    assert acronym not in found[key], found[key]


@pytest.mark.parametrize("text, full, short", [
    ("食品大手の丸高ホールディングス株式会社は新工場を建てる。丸高は今年も買収を続けた。丸高の山口健一社長が語った。",
     "丸高ホールディングス株式会社", "丸高"),
    ("精密部品の北辰グループは増益だった。北辰は海外で工場を増やす。", "北辰グループ", "北辰"),
    ("タイの食品メーカー、サイアム・ライスフーズを買収した。サイアム社の社長は続投する。", "サイアム・ライスフーズ", "サイアム社"),
    ("米国の部品メーカー、ノヴァ・ギアワークスと提携した。ノヴァ社は工場を持つ。", "ノヴァ・ギアワークス", "ノヴァ社"),
])
def test_short_forms_join_the_full_name(extractor: Extractor, text: str, full: str, short: str) -> None:
    g = Graph()
    for triple in extractor.extract(TextDocument("r5-short", text)).triples:
        g.add(triple)
    entity = next((s for s in g.subjects(RDFS.label, None) if str(g.value(s, RDFS.label)) == full), None)
    assert entity is not None, [str(o) for o in g.objects(None, RDFS.label)]
    assert short in {str(a) for a in g.objects(entity, SKOS.altLabel)}
    assert not [s for s in g.subjects(RDFS.label, None) if str(g.value(s, RDFS.label)) == short]
    assert "Company" in {str(c).rsplit("/", 1)[-1].rsplit("#", 1)[-1] for c in g.objects(entity, RDF.type)}


@pytest.mark.parametrize("key, quoted", [("descriptor-1", "ヒカリ佐賀第1工場"), ("descriptor-2", "ツバメ第2工場"),
                                         ("descriptor-3", "モリタ東北センター")])
def test_word_for_a_site_before_a_quoted_name_is_no_entity(found, key: str, quoted: str) -> None:
    assert found[key].get(quoted) == {"Facility"}, found[key]
    assert not [n for n in found[key] if n != quoted and n.endswith(("工場", "センター"))], found[key]


@pytest.mark.parametrize("key, state, city", [("state-1", "テキサス州", "オースティン"), ("state-2", "オハイオ州", "コロンバス"),
                                              ("state-3", "アリゾナ州", "フェニックス")])
def test_state_and_katakana_city_are_two_places(found, key: str, state: str, city: str) -> None:
    _is(found, key, state, PLACES)
    _is(found, key, city, PLACES)


@pytest.mark.parametrize("key, maker, model", [("model-1", "Volta Motors", "Volta Spark"),
                                               ("model-2", "Brandt Motors", "Brandt Ridge"),
                                               ("model-3", "Kessel Robotics", "Kessel Scout")])
def test_model_named_with_its_makers_first_word_is_a_product(found, key: str, maker: str, model: str) -> None:
    assert found[key].get(maker) == {"Company"}, found[key]
    assert found[key].get(model) == {"Product"}, found[key]


@pytest.mark.parametrize("key, place", [("owned-not-1", "Texas"), ("owned-not-2", "Ohio")])
def test_place_before_a_product_word_and_a_site_stays_a_place(found, key: str, place: str) -> None:
    _is(found, key, place, PLACES)
    assert "Product" not in found[key][place]


@pytest.mark.parametrize("key, city, ward", [("ward-1", "千葉市", "美浜区"), ("ward-2", "横浜市", "鶴見区"),
                                             ("ward-3", "札幌市", "中央区")])
def test_city_ward_and_district_in_one_word_are_three_places(found, key: str, city: str, ward: str) -> None:
    _is(found, key, city, PLACES)
    _is(found, key, ward, PLACES)
    assert not [n for n in found[key] if n.startswith(city) and n != city], found[key]


@pytest.mark.parametrize("key, acronym", [("acronym-kept-1", "IMF"), ("acronym-kept-2", "WHO"),
                                          ("acronym-kept-3", "NEDO")])
def test_acronym_of_a_named_body_is_kept(found, key: str, acronym: str) -> None:
    assert acronym in found[key], found[key]
