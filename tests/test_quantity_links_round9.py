"""Amounts and what they measure, rules added in round 9, on sentences composed for the test (invented names,
wording unlike the gold texts)."""

import pytest

from harbour.extract.quantities import find_quantities

from .test_quantities_round7 import measured


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Each member saves about 2,300 kroner a year.", "2300", "kroner"),
    ("of which 40 million kroner comes from the state", "40000000", "kroner"),  # "comes" is no unit
    ("a contract worth 90 million zlotys", "90000000", "PLN"),
    ("新病棟は約380床を備える。", "380", "床"),
    ("市内の9会場で開かれる。", "9", "会場"),
    ("1日3往復を運航する。", "3", "往復"),
])
def test_currencies_and_counters_added_in_round_9(text, value, unit):
    found = [(str(q.value), q.unit) for q in find_quantities(text)]
    assert (value, unit) in found


@pytest.mark.parametrize("text", ["1台あたり最大6人が乗れる。", "1両当たり約140人を運ぶ。"])
def test_one_before_a_per_unit_amount_is_no_amount(text):
    assert [q.text for q in find_quantities(text)] == [next(q.text for q in find_quantities(text))]
    assert not any(q.value == 1 for q in find_quantities(text))


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # a count floating after its noun counts that noun's thing, not the maker named in the clause before it
    ("工場にはドイツのKessler Antriebeが開発した溶接ロボット「ヴァルト7」を4台導入した。", "4台", "ヴァルト7"),
    ("港には韓国のHanbit Craneが製造した大型クレーン「HB-90」が2基新設された。", "2基", "HB-90"),
    # an amount per unit measures the vehicle the text last named
    ("青葉バスは新型の電気バス「あおばE1」を導入する。1台あたり最大60人が乗車できる。", "最大60人", "あおばE1"),
])
def test_counts_after_their_noun_and_amounts_per_unit(text, amount, thing):
    assert measured(text).get(amount) == thing


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # members and results said without their owner are the organisation the text made its topic
    ("北浜漁業協同組合は新しい加工場を建てる。組合員は約180人で、若手の加入が続いている。", "約180人", "北浜漁業協同組合"),
    # a quay's length and depth are the site's
    ("「みなと湾岸ターミナル」の拡張が終わった。新しい岸壁は延長約420メートル、水深16メートルとなった。", "16メートル",
     "みなと湾岸ターミナル"),
])
def test_measure_words_of_organisations_and_sites(text, amount, thing):
    assert measured(text).get(amount) == thing


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # a bare noun that is the kind word a quoted name was introduced with stands for that name
    ("北辰工科大学は超小型衛星「ほしぞら3号」を開発した。衛星の重さは約40キログラムで、高度約500キロメートルを周回する。",
     "約40キログラム", "ほしぞら3号"),
    ("東雲ロボティクスは配送ロボット「ハコビー」を発表した。ロボットは最大30キログラムの荷物を運べる。", "最大30キログラム", "ハコビー"),
])
def test_the_kind_word_a_name_was_introduced_with(text, amount, thing):
    assert measured(text).get(amount) == thing


@pytest.mark.parametrize(("text", "amount", "thing"), [
    # "It" after a sentence whose subject is a description: what that description stands for
    ("Officials opened the Kerrow Valley Refinery on Friday. The plant is run by Estuary Utilities. It cost about "
     "$410 million to build.", "about $410 million", "Kerrow Valley Refinery"),
    # an amount in a clause that opens the sentence is the subject's that follows it
    ("Halbrook Port opened the Tamsin Grain Terminal on Monday. Built at a cost of $52 million, the terminal can "
     "load two ships at once.", "$52 million", "Tamsin Grain Terminal"),
])
def test_english_subjects_said_before_or_after_the_amount(text, amount, thing):
    assert measured(text).get(amount) == thing
