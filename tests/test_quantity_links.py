"""What an amount measures (hb:quantityOf), rules added in round 8, each on sentences composed for the test
(invented names, wording unlike the gold texts)."""

import pytest

from .test_quantities_round7 import measured


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # a grant or subsidy is the giver's, wherever the giver stands in the clause
    ("山形県の新しい温泉施設「ゆけむり館」が完成した。総事業費は約30億円で、このうち9億円を山形県が補助した。",
     "9億円", "山形県"),
    ("劇団あおばは新作の上演を決めた。制作費は約6000万円で、このうち1500万円は文化庁の助成で賄われた。",
     "1500万円", "文化庁"),
    ("The Harrowgate Rail Trust reopened the line on Sunday. The work was paid for by a £14 million grant from the "
     "Pennine Heritage Fund, a Leeds-based charity.", "£14 million", "Pennine Heritage Fund"),
    ("The government of Tasmania contributed A$75 million to the Derwent Ferry Terminal.", "A$75 million",
     "Tasmania"),
])
def test_an_amount_granted_is_the_givers(text, amount, thing):
    assert measured(text).get(amount) == thing


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # 県 / 市 / 町 alone stand for the prefecture, city or town the text named
    ("秋田県は新しい防災計画をまとめた。県は今年度、防災関連の予算として約40億円を計上した。", "約40億円", "秋田県"),
    ("富良野市は新しい交通計画を発表した。市が示した案によると、総額は約12億円となる。", "約12億円", "富良野市"),
])
def test_a_local_authority_word_stands_for_the_place_named(text, amount, thing):
    assert measured(text).get(amount) == thing


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # what a project costs or holds is the vehicle, site or event the text is about, not a station named on its way
    ("港町鉄道は新しい観光列車「しおかぜ号」を導入する。しおかぜ号は青海駅と白浜駅の間を走る。総事業費は約18億円で、定員は最大80人。",
     "約18億円", "しおかぜ号"),
    ("港町鉄道は新しい観光列車「しおかぜ号」を導入する。しおかぜ号は青海駅と白浜駅の間を走る。総事業費は約18億円で、定員は最大80人。",
     "最大80人", "しおかぜ号"),
])
def test_project_words_name_the_thing_built_or_launched(text, amount, thing):
    assert measured(text).get(amount) == thing


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # the refinery: the last thing named with that word at its end
    ("Corvina Metals opened the Pampas Copper Refinery on Monday. The refinery employs more than 700 people.",
     "more than 700 people", "Pampas Copper Refinery"),
    # X's shares: the owner of what the clause is about
    ("Halvorsen Shipping won a large order. Halvorsen Shipping's shares closed 5.2% higher on Tuesday.", "5.2%",
     "Halvorsen Shipping"),
])
def test_english_nouns_that_stand_for_a_named_thing(text, amount, thing):
    assert measured(text).get(amount) == thing


def test_of_and_in_phrases_are_not_owners():
    # the site is in Alberta; Alberta does not measure 12 hectares
    text = "Prairie Grain Co. bought a 12-hectare site in Alberta for its new mill."
    assert measured(text).get("12-hectare") != "Alberta"


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # It, subject of a sentence: the last subject named
    ("The Eastbrook Robotics Institute opened in Leeds on Tuesday. It will employ about 60 engineers.",
     "about 60 engineers", "Eastbrook Robotics Institute"),
    # a noun with a name apposed to it stands for that name, not for its owner
    ("Marlow Cells unveiled a new battery. Marlow's first product, the Volta 90 battery pack, stores 90 kWh.",
     "90 kWh", "Volta 90"),
    # a change by an amount is the changed thing's
    ("The government of Chile expanded the Torres Azul Nature Park by 300 square kilometres.",
     "300 square kilometres", "Torres Azul Nature Park"),
    # delegates are an event's turnout
    ("More than 2,500 delegates gathered in Lyon for the opening of the Rhône Water Forum on Monday.",
     "More than 2,500 delegates", "Rhône Water Forum"),
])
def test_english_subjects_appositions_and_changes(text, amount, thing):
    assert measured(text).get(amount) == thing


def test_a_subjectless_japanese_clause_continues_the_last_topic():
    text = ("物流機器メーカーの株式会社ソラハコは新型ドローン「カモメ20」を発表した。カモメ20は山間部への配送用に開発された。"
            "最大20キログラムの荷物を積んで約30キロメートルを飛行できる。")
    assert measured(text).get("約30キロメートル") == "カモメ20"
