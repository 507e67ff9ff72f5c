"""Round 8 of entity extraction: the shapes behind the round-7 texts' misses (then held out), each checked on
sentences composed for these tests (fictional companies, people, places and products); none is taken from a gold
file or the sample article.
"""

from __future__ import annotations

import pytest

from harbour.extract import Extractor

from .test_entities_round4 import PLACES, names_and_classes
from .test_entities_round5 import _is

TEXTS = {
    # races, drills and weeks are events
    "event-1": "静岡県浜松市で28日、「浜名湖シティマラソン」が開かれ、約1万人が参加した。",
    "event-2": "和歌山県と田辺市は、「紀南総合防災訓練」を同市の紀南広域防災拠点で実施した。",
    "event-3": "More than 30,000 runners took part in the Harbour City Marathon on Sunday.",
    "event-4": "Local label Sunlo closed the Coastal Style Week in Durban on Sunday.",
    # natural places by their last word
    "place-1": "株式会社アルプ索道は8日、白馬高原で建設を進めてきた新ロープウェー「しろがねライン」を開業すると発表した。",
    "place-2": "The reserve borders the Sanzo Forest and Kelo Island.",
    "place-3": "The government expanded the Ruvuma Plains Wildlife Reserve by 900 square kilometres.",
    # a site's name goes on to the word for the kind of site
    "site-1": "和歌山県と田辺市は、「紀南総合防災訓練」を同市の紀南広域防災拠点で実施した。",
    # a foreign name written with 社, or after a word for a trading company, is a company's
    "company-1": "ゴンドラはスイスのベルクマン・シュタール社が製造したもので、揺れを抑える。",
    "company-2": "米国では来年4月から、シカゴの輸入商社グレン・ブリッジ・トレーディングを通じて販売する。",
    # the quoted name after 主力の… is a product; the kind word before it is none
    "flagship-1": "新潟県長岡市の酒蔵、雪峰酒造株式会社は19日、主力の純米吟醸「白銀」の輸出を始めると発表した。",
    "flagship-2": "北斗製菓は、看板の焼き菓子「月のしずく」を増産する。",
    # a brewery, a restaurant, a hotel named in quotes after the word for it
    "venue-1": "山頂駅には展望レストラン「くもの上食堂」を併設した。",
    "venue-2": "市長は市内にある同社の蔵「月見蔵」を訪れた。",
    "venue-3": "記者会見は岡山市内のホテル「ホテル瀬戸ベイ」で開かれた。",
    # a hyphenated given name after the family name; a surname alone, whatever the tagger made of it
    "person-1": "The contract was signed with Daesan President Park Ji-hoon on Tuesday.",
    "person-2": "Natural Resources Minister Halima Ngowi spoke first. Later Tom Reed toured the ranger station, "
                "accompanied by Ngowi.",
    "person-3": "Kenya's Cabinet Secretary for Trade, Joseph Kamau Otieno, visited the show. Kamau Otieno met buyers.",
    # a company's name before its officer's title keeps no title word
    "officer-1": "Velmar Tankers Chief Executive Ingrid Solberg signed the contract in Oslo on Tuesday.",
    # an office named only inside a title, under the ministry or prefecture named before it, is no entity
    "office-1": "19日には農林水産省の松岡健一輸出促進課長が長岡市内の蔵を訪れた。",
    "office-2": "会場には大阪府の経済産業部長を務める高橋恵美氏も訪れた。",
    "office-3": "韓国の朴ソヨン産業通商資源部長官が来日した。",
    "office-4": "物流大手のミナト運輸(本社・大阪市)は10日、新拠点が完成したと発表した。",
    # alliances and coalitions are organisations
    "alliance-1": "The centre was financed by the Corvia Health Alliance, a Geneva-based foundation.",
    "alliance-2": "The Clean Rivers Coalition welcomed the plan on Monday.",
    # a company named with a possessive after "at" is no place
    "owner-1": "Daesan Heavy Industries won the order. The ships will be built at Daesan's Okpo Shipyard.",
}


@pytest.fixture(scope="module")
def found(extractor: Extractor) -> dict[str, dict[str, set[str]]]:
    return names_and_classes(extractor, TEXTS, "r8")


@pytest.mark.parametrize("key, name", [("event-1", "浜名湖シティマラソン"), ("event-2", "紀南総合防災訓練"),
                                       ("event-3", "Harbour City Marathon"), ("event-4", "Coastal Style Week")])
def test_races_drills_and_weeks_are_events(found, key: str, name: str) -> None:
    _is(found, key, name, {"Event"})


@pytest.mark.parametrize("key, name", [("place-1", "白馬高原"), ("place-2", "Sanzo Forest"), ("place-2", "Kelo Island"),
                                       ("place-3", "Ruvuma Plains Wildlife Reserve")])
def test_natural_places_by_their_last_word(found, key: str, name: str) -> None:
    _is(found, key, name, PLACES)


def test_a_sites_name_goes_on_to_the_word_for_its_kind(found) -> None:
    _is(found, "site-1", "紀南広域防災拠点", {"Facility"})
    assert "紀南広域防災" not in found["site-1"]


@pytest.mark.parametrize("key, name", [("company-1", "ベルクマン・シュタール社"),
                                       ("company-2", "グレン・ブリッジ・トレーディング")])
def test_foreign_names_of_companies(found, key: str, name: str) -> None:
    _is(found, key, name, {"Company"})


@pytest.mark.parametrize("key, name, kind_word", [("flagship-1", "白銀", "純米吟醸"), ("flagship-2", "月のしずく", "焼き菓子")])
def test_a_quoted_name_after_the_main_line_is_a_product(found, key: str, name: str, kind_word: str) -> None:
    _is(found, key, name, {"Product", "CreativeWork"})
    assert kind_word not in found[key] and "酒蔵" not in found[key]


@pytest.mark.parametrize("key, name", [("venue-1", "くもの上食堂"), ("venue-2", "月見蔵"), ("venue-3", "ホテル瀬戸ベイ")])
def test_breweries_restaurants_and_hotels_are_facilities(found, key: str, name: str) -> None:
    _is(found, key, name, {"Facility"})


def test_a_hyphenated_given_name_is_part_of_the_name(found) -> None:
    _is(found, "person-1", "Park Ji-hoon", {"Person"})
    assert "Park" not in found["person-1"]


@pytest.mark.parametrize("key, full, short", [("person-2", "Halima Ngowi", "Ngowi"),
                                              ("person-3", "Joseph Kamau Otieno", "Kamau Otieno")])
def test_a_surname_alone_is_the_person(found, key: str, full: str, short: str) -> None:
    _is(found, key, full, {"Person"})
    assert found[key].get(short) == {"Person"}
    entities_named_short = [label for label in found[key] if label == short]
    assert len(entities_named_short) == 1


def test_a_company_name_before_a_title_keeps_no_title_word(found) -> None:
    _is(found, "officer-1", "Velmar Tankers", {"Company"})
    assert "Velmar Tankers Chief" not in found["officer-1"]


def test_a_company_with_a_possessive_after_at_is_no_place(found) -> None:
    assert found["owner-1"].get("Daesan") == {"Company"}


def test_an_office_inside_a_title_under_a_named_ministry_is_no_entity(found) -> None:
    assert "輸出促進課" not in found["office-1"] and "経済産業部" not in found["office-2"]
    _is(found, "office-3", "産業通商資源部", {"GovernmentOrganization"})  # (a country's 部 is its ministry)


def test_a_katakana_name_with_a_word_for_a_company_after_a_kind_noun(found) -> None:
    _is(found, "office-4", "ミナト運輸", {"Company"})


@pytest.mark.parametrize("key, name", [("alliance-1", "Corvia Health Alliance"), ("alliance-2", "Clean Rivers Coalition")])
def test_alliances_are_organisations(found, key: str, name: str) -> None:
    _is(found, key, name, {"Organization"})
