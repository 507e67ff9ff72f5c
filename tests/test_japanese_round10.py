"""Round 10 Japanese shapes, from the general forms behind the round-9 texts' misses (then tuning texts).

Composed sentences with invented names, several wordings per rule, run through the real Japanese pipeline (loaded
once by ``harbour.extract.pipeline``).
"""

from __future__ import annotations

import pytest

from tests.test_extract import facts_of
from tests.test_japanese_round9 import _entities


# --- who attended a site's ceremony, written as a clause before the name, visits the site -------------------------

CEREMONY_CLAUSES = [
    ("長野県松川市に建設されていた食品工場「みなみ野キッチン」が5日、完成した。運営するのは地元の食品会社が出資する"
     "あおば食品で、冷凍食品を生産する。完成式に出席した長野県の森下義男知事は、農林水産省の川田真理子局長とともに"
     "工場内を見学した。", "森下義男", "みなみ野キッチン", "川田真理子"),
    ("岩手県北浜町で整備が進められていた物流倉庫「北浜ロジセンター」が20日、開業した。開業式に出席した岩手県の"
     "大槻誠一知事は、国土交通省の村松絵里局長とともに倉庫内を視察した。", "大槻誠一", "北浜ロジセンター", "村松絵里"),
]


@pytest.mark.parametrize("text, visitor, site, companion", CEREMONY_CLAUSES)
def test_who_attended_a_sites_ceremony_in_a_clause_visits_the_site(text: str, visitor: str, site: str,
                                                                   companion: str) -> None:
    found = facts_of(text)
    assert ("visit", visitor, site) in found
    assert ("accompanied", companion, site) in found


# --- what companies put money into is a company ------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("運営するのは地元の食品会社など3社が出資するあおば食品で、冷凍食品を生産する。", "あおば食品"),
    ("工場は県内の4社が出資したみどりフーズが運営する。", "みどりフーズ"),
    ("運営するのは地元の3社が共同で出資している北星ウッドで、板を生産する。", "北星ウッド"),
])
def test_a_name_invested_in_is_a_company(text: str, name: str) -> None:
    assert _entities(text).get(name) == "Company"


# --- the host heard from is no companion ---------------------------------------------------------------------------

def test_the_host_heard_from_is_no_companion() -> None:
    text = ("静岡県の新工場「はまなみファクトリー」が3日、完成した。開所式に出席した静岡県の石原浩二知事は、経済産業省の"
            "野口由美局長とともに工場内を見学し、はまなみ精工の大西健太社長から説明を受けた。")
    found = facts_of(text)
    assert ("accompanied", "野口由美", "はまなみファクトリー") in found
    assert not any(f[1] == "大西健太" and f[0] in {"visit", "accompanied"} for f in found)


# --- a site visited by its common noun is the site the text is about, however far back ----------------------------

def test_a_site_visited_by_its_common_noun_far_back() -> None:
    text = ("埼玉県本庄市と周辺の町でつくる本庄北部衛生組合は2日、本庄市内に完成した新しいごみ処理施設「ほんじょうエコセンター」の"
            "稼働を始めた。1日あたり約200トンのごみを処理できる。電力は市内の学校に供給する。組合は売電収入を見込む。"
            "総事業費は約300億円だ。同日の式典では、組合の管理者を務める本庄市の北川武志市長があいさつし、環境省"
            "廃棄物対策課の西田遥課長とともに施設を視察した。")
    found = facts_of(text)
    assert ("visit", "北川武志", "ほんじょうエコセンター") in found
    assert ("accompanied", "西田遥", "ほんじょうエコセンター") in found


@pytest.mark.parametrize("text, visitor, site", [
    ("静岡県の新工場「はまなみファクトリー」が3日、完成した。生産能力は年間約2万台だ。総事業費は約80億円だ。"
     "従業員は約300人だ。式典の後、静岡県の石原浩二知事は工場内を見学した。", "石原浩二", "はまなみファクトリー"),
])
def test_inside_a_site_is_the_site(text: str, visitor: str, site: str) -> None:
    assert ("visit", visitor, site) in facts_of(text)


def test_the_site_a_text_is_about_is_its_lead_not_its_operator() -> None:
    # (the operator after the lead, a company whose name a tagger may take for a site, is not where visitors go)
    text = ("富山県魚津市に建設された水族館「うおづ海彩館」が10日、開館した。運営は市が出資する魚津ベイパワーが担う。"
            "開館式に出席した魚津市の村井健一市長は、観光庁の北野彩長官とともに館内を見学した。")
    found = facts_of(text)
    assert ("visit", "村井健一", "うおづ海彩館") in found
    assert not any(f[0] == "visit" and f[2] == "魚津ベイパワー" for f in found)


def test_a_site_visited_by_its_word_is_the_one_named_with_it() -> None:
    text = ("大分県で地熱発電所「くじゅう高原地熱発電所」が営業運転を始めた。運営する高原グリーンエナジーは地元企業が設立した。"
            "式典に出席した大分県の佐伯正人知事は、発電所を視察した。")
    assert ("visit", "佐伯正人", "くじゅう高原地熱発電所") in facts_of(text)


# --- an occasion held at a site's common noun is held at that site --------------------------------------------------

def test_an_occasion_held_at_a_sites_common_noun() -> None:
    text = ("化学大手の北洋化成は9日、富山県高岡市の高岡工場で、新しい反応炉「KR-Green」の稼働を始めたと発表した。"
            "反応炉の生産能力は年間約3万トンだ。総事業費は約120億円だ。同日、工場で開かれた稼働式に出席した"
            "経済産業省の吉村健太副大臣は、同省製造産業局の青木美穂局長とともに反応炉を視察した。")
    found = facts_of(text)
    assert ("visit", "吉村健太", "高岡工場") in found
    assert ("accompanied", "青木美穂", "高岡工場") in found


# --- a site a clause says was completed in a place is in it; the topic organisation's own ---------------------------

@pytest.mark.parametrize("text, site, place, owner", [
    ("千葉県の南房総環境組合は2日、館山市内に完成した新しいごみ処理施設「たてやまエコプラザ」の稼働を始めた。",
     "たてやまエコプラザ", "館山市", "南房総環境組合"),
    ("物流大手の株式会社ミナト運輸は10日、神戸市に完成した物流拠点「ミナト神戸センター」の運用を始めた。",
     "ミナト神戸センター", "神戸市", "株式会社ミナト運輸"),
])
def test_a_site_completed_in_a_place(text: str, site: str, place: str, owner: str) -> None:
    found = facts_of(text)
    assert ("locatedIn", site, place) in found
    assert ("partOf", site, owner) in found


# --- the works where the topic company does something is its own ---------------------------------------------------

@pytest.mark.parametrize("text, works, company", [
    ("化学大手の北洋化成は9日、富山県高岡市の高岡工場で、新しい反応炉の稼働を始めたと発表した。", "高岡工場", "北洋化成"),
    ("造船大手のミナト重工は3日、長崎県佐世保市の佐世保造船所で、新型タンカーの建造を始めた。", "佐世保造船所", "ミナト重工"),
])
def test_the_works_where_the_topic_company_acts_is_its_own(text: str, works: str, company: str) -> None:
    assert ("partOf", works, company) in facts_of(text)


def test_what_is_started_at_the_works_is_there() -> None:
    text = "化学大手の北洋化成は9日、富山県高岡市の高岡工場で、新しい反応炉「KR-Green」の稼働を始めたと発表した。"
    assert ("locatedIn", "KR-Green", "高岡工場") in facts_of(text)


def test_a_works_named_after_another_subject_is_not_claimed() -> None:
    found = facts_of("県は5日、高岡市の高岡工場で説明会を開いた。")
    assert not any(f[0] == "partOf" and f[1] == "高岡工場" for f in found)


# --- 県 (市 …) alone before a department: the local government pointed back to, no company --------------------------

@pytest.mark.parametrize("text, unit, place", [
    ("株式会社アオバは5日、新品種を発表した。石川県の谷口正和知事が出席した。県農林水産部の山本和也部長も同席した。",
     "県農林水産部", "石川県"),
    ("新潟県長岡市は8日、計画を発表した。市環境政策課の小林結衣課長が説明した。", "市環境政策課", "長岡市"),
])
def test_a_department_after_a_bare_local_government_word(text: str, unit: str, place: str) -> None:
    assert _entities(text).get(unit) == "GovernmentOrganization"
    found = facts_of(text)
    assert ("partOf", unit, place) in found
    assert not any(f[0] == "partOf" and f[1] == unit and f[2] != place for f in found)


# --- 同日 is not a day that bounds a period ----------------------------------------------------------------------

def test_same_day_skips_a_day_that_starts_a_period() -> None:
    from tests.test_relations_round8 import _visits

    text = ("北海道北見市は13日、除雪車の試験運行を今月20日から始めると発表した。同日、北辰機工の森田健一社長が"
            "北見市役所を訪れた。")
    assert (("森田健一",), "北見市役所", "13日") in _visits(text)


# --- 運営するのは…Yで: the operator is the name the clause ends on -----------------------------------------------------

def test_the_operator_is_the_name_before_de() -> None:
    text = ("長野県松川市に建設されていた食品工場「みなみ野キッチン」が5日、完成した。運営するのは地元の食品会社など"
            "4社が共同で出資するあおば食品で、冷凍食品を生産する。")
    assert ("partOf", "みなみ野キッチン", "あおば食品") in facts_of(text)


# --- a ministry's bureau named after a region is the ministry's, not the region's ----------------------------------

def test_a_ministrys_regional_bureau_is_not_the_regions() -> None:
    found = facts_of("北海道北見市は8日、計画を発表した。費用の半分は国土交通省北海道開発局が負担する。")
    assert ("partOf", "北海道開発局", "国土交通省") in found
    assert ("partOf", "北海道開発局", "北海道") not in found


# --- 管理者 is an office (a joint public body's head) ---------------------------------------------------------------

def test_the_manager_of_a_joint_body_holds_an_office() -> None:
    text = ("埼玉県本庄市と周辺の町でつくる本庄北部衛生組合は2日、新しい施設の稼働を始めた。同日の式典では、組合の"
            "管理者を務める本庄市の北川武志市長があいさつした。")
    assert ("role", "北川武志", "管理者", "本庄北部衛生組合") in facts_of(text)


# --- 販売はXが担う: X sells the product the text is about --------------------------------------------------------------

@pytest.mark.parametrize("text, seller, product", [
    ("新潟県は5日、コメの新品種「ゆきのあかり」を発表した。来年は約1,000ヘクタールで作付けする。販売はえちご野農業協同組合が"
     "担い、5キロ入りで3,000円前後を想定する。", "えちご野農業協同組合", "ゆきのあかり"),
    ("株式会社ミドリテックは新型ドローン「ハヤテ5」を公開した。製造は株式会社アオバ精機が担当する。",
     "株式会社アオバ精機", "ハヤテ5"),
])
def test_the_body_in_charge_of_selling_offers_the_product(text: str, seller: str, product: str) -> None:
    assert ("offers", seller, product) in facts_of(text)


# --- 納入: what a company delivers is its offer ----------------------------------------------------------------------

def test_what_a_company_delivers_it_offers() -> None:
    text = "プラント大手の北辰エンジニアリングは来年、同型の焼却炉「HK-Flow」を静岡県の施設にも納入する。"
    assert ("offers", "北辰エンジニアリング", "HK-Flow") in facts_of(text)
