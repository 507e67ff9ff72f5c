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
