"""Round 9 Japanese shapes, from the general forms behind the round-8 texts' misses (then tuning texts).

Composed sentences with invented names, several wordings per rule, run through the real Japanese pipeline (loaded
once by ``harbour.extract.pipeline``).
"""

from __future__ import annotations

import pytest

from tests.test_extract import facts_of


def _entities(text: str) -> dict[str, str]:
    from harbour.extract.entities import ENTITIES
    from harbour.extract.pipeline import pipeline

    return {s.text: s.label_ for s in pipeline("ja")(text).spans[ENTITIES]}


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


def _visits(text: str) -> set[tuple]:
    from harbour.extract.pipeline import pipeline

    doc = pipeline("ja")(text)
    return {(tuple(p.text for p in v.visitors), v.location.text,
             doc.text[v.date_tokens[0]:v.date_tokens[1]] if v.date_tokens else None)
            for v in doc._.harbour_facts.visits}
