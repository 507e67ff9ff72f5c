"""Round 8 relation shapes, from the general forms behind the round-7 texts' misses (then held out).

Composed sentences with invented names, several wordings per rule, run through the real pipelines (loaded once per
language by ``harbour.extract.pipeline``).
"""

from __future__ import annotations

import pytest

from tests.test_extract import facts_of

# --- a product described by a clause naming its maker ------------------------------------------------------------

MAKERS_IN_A_CLAUSE = [
    ("センター内では、米国のロボットメーカーGraveline Roboticsが開発した自律搬送ロボット「Tessel」が約300台稼働する。",
     ("offers", "Graveline Robotics", "Tessel")),
    ("港には、ノルウェーのコングス社が製造した電動フェリー「フィヨルド1」が就航した。", ("offers", "コングス社", "フィヨルド1")),
    ("在庫管理には、国内IT企業のハクロ・データが提供するクラウドシステム「ハクロWMS」を採用した。",
     ("offers", "ハクロ・データ", "ハクロWMS")),
    ("The returns system, the ShelfRunner, supplied by Australian firm Coldharbour Logic, can sort books.",
     ("offers", "Coldharbour Logic", "ShelfRunner")),
    ("From May, 60 Polaris X2 refrigerated trucks made by Dutch firm Kelvo Motors will carry vaccines.",
     ("offers", "Kelvo Motors", "Polaris X2")),
    ("Power comes from the Tornado 7 engine, supplied by Swiss engine maker Brekka Marine.",
     ("offers", "Brekka Marine", "Tornado 7")),
]


# --- an occasion held inside a place, or at an unnamed site in it: who attended was there, that day -------------

def _visits(text: str) -> set[tuple]:
    from harbour.extract.pipeline import pipeline

    doc = pipeline("ja")(text)
    return {(tuple(p.text for p in v.visitors), v.location.text,
             doc.text[v.date_tokens[0]:v.date_tokens[1]] if v.date_tokens else None)
            for v in doc._.harbour_facts.visits}


@pytest.mark.parametrize("text, expected", [
    ("同社の柳沢恵美社長は記者会見で語った。松本市内で8日に開かれた発表会には、長野県の北沢和彦副知事も出席した。",
     (("北沢和彦",), "松本市", "8日に")),
    ("株式会社アオイ電機は新製品を発表した。金沢市内で15日に開かれた記者会見には、石川県の山田太郎知事も出席した。",
     (("山田太郎",), "金沢市", "15日に")),
    ("同社は新製品を発表した。23日に千代田区の同社本社で開かれた記者会見には、大泉町の汐見智也町長も出席した。",
     (("汐見智也",), "千代田区", "23日に")),
    ("同社は新製品を発表した。10日に福岡市のホテルで開かれた説明会には、福岡県の田中一郎副知事も出席した。",
     (("田中一郎",), "福岡市", "10日に")),
])
def test_an_occasion_held_in_a_place_is_a_visit_there_on_its_day(text: str, expected: tuple) -> None:
    assert expected in _visits(text)


# --- a site built in a place; an event held in a place named before its date; a drill held at a site ---------------

BUILT_IN_A_PLACE = [
    ("北海道石狩市で建設が進む「石狩データパーク」で、同社が約60基を採用した。", ("locatedIn", "石狩データパーク", "石狩市")),
    ("岡山県倉敷市で建設が進められていた球技専用スタジアム「くらしきフィールド」が1日、開業した。",
     ("locatedIn", "くらしきフィールド", "倉敷市")),
    ("物流大手のミナト運輸は10日、埼玉県加須市に建設していた新たな物流拠点「ミナト加須センター」が完成したと発表した。",
     ("locatedIn", "ミナト加須センター", "加須市")),
    ("株式会社アルプ索道は8日、白馬高原で建設を進めてきた新ロープウェー「しろがねライン」を開業すると発表した。",
     ("locatedIn", "しろがねライン", "白馬高原")),
]

HELD_IN_A_PLACE = [
    ("静岡県浜松市で28日、「浜名湖シティマラソン」が開かれ、約1万人が参加した。", ("locatedIn", "浜名湖シティマラソン", "浜松市")),
    ("和歌山県と田辺市は、「紀南総合防災訓練」を同市の紀南広域防災拠点で実施した。",
     {("locatedIn", "紀南総合防災訓練", "紀南広域防災拠点"), ("locatedIn", "紀南広域防災拠点", "田辺市")}),
]


# --- English titles: a portfolio before a minister's title, a company's name before its officer's ---------------------

PORTFOLIOS_AND_OFFICERS = [
    ("Ghana's Health Minister Kwabena Owusu-Mensah cut the ribbon.",
     ("role", "Kwabena Owusu-Mensah", "Health Minister", "Ghana")),
    ("Peru's Energy and Mines Minister Rosa Quispe toured the plant.",
     ("role", "Rosa Quispe", "Energy and Mines Minister", "Peru")),
    ("Natural Resources and Tourism Minister Halima Ngowi said the plan would work.",
     ("role", "Halima Ngowi", "Natural Resources and Tourism Minister", None)),
    ("Kenya's Cabinet Secretary for Trade, Joseph Kamau Otieno, visited the show on Friday.",
     ("role", "Joseph Kamau Otieno", "Cabinet Secretary for Trade", "Kenya")),
    ("Velmar Tankers Chief Executive Ingrid Solberg signed the contract in Oslo on Tuesday.",
     ("role", "Ingrid Solberg", "Chief Executive", "Velmar Tankers")),
]


# --- signing or meeting somewhere; a site on an island, owned with a possessive ------------------------------------

MET_SOMEWHERE = [
    ("Velmar Tankers Chief Executive Ingrid Solberg signed the contract in Oslo on Tuesday with Daesan President "
     "Park Ji-hoon.", {("visit", "Ingrid Solberg", "Oslo"), ("visit", "Park Ji-hoon", "Oslo")}),
    ("Trade Minister Anna Berg met Paul Roe in Geneva on Monday.",
     {("visit", "Anna Berg", "Geneva"), ("visit", "Paul Roe", "Geneva")}),
    ("Mayor Jo Lane signed the agreement at the Harbour Hall on Friday.", ("visit", "Jo Lane", "Harbour Hall")),
]

SITES_ON_ISLANDS = [
    ("Daesan Heavy Industries won the order. The ships will be built at Daesan's Okpo Shipyard on Okpo Island, "
     "which employs 9,000 workers.", {("locatedIn", "Okpo Shipyard", "Okpo Island"), ("partOf", "Okpo Shipyard", "Daesan")}),
]


# --- Japanese: a foreign maker, a company's main line, 同社 after a part's maker named with が --------------------------

JAPANESE_MAKERS_AND_LINES = [
    ("ゴンドラはスイスのベルクマン・シュタール社が製造したもので、揺れを抑える。", ("locatedIn", "ベルクマン・シュタール社", "スイス")),
    ("米国では来年4月から、シカゴの輸入商社グレン・ブリッジ・トレーディングを通じて販売する。",
     ("locatedIn", "グレン・ブリッジ・トレーディング", "シカゴ")),
    ("新潟県長岡市の酒蔵、雪峰酒造株式会社は19日、主力の純米吟醸「白銀」の輸出を始めると発表した。",
     {("offers", "雪峰酒造株式会社", "白銀"), ("locatedIn", "雪峰酒造株式会社", "長岡市")}),
    ("株式会社アルプ索道は新路線を開業する。全長は約2キロ。運賃は千円。ゴンドラは12台ある。ゴンドラはスイスのベルクマン・シュタール社が"
     "製造したもので、揺れを抑える。同社の山田花子社長は語った。", ("role", "山田花子", "社長", "株式会社アルプ索道")),
]


# --- an offer written as a noun of the product; an office under the ministry named before it -----------------------

OFFERS_AS_NOUNS_AND_OFFICES = [
    ("株式会社ソラネは23日、自治体向けAI通訳サービス「ことばリンク」の提供を来月から始めると発表した。",
     ("offers", "株式会社ソラネ", "ことばリンク")),
    ("株式会社ヒカリ製菓は、新商品「星のかけら」の発売を延期した。", ("offers", "株式会社ヒカリ製菓", "星のかけら")),
    ("19日には農林水産省の松岡健一輸出促進課長が長岡市内の蔵を訪れた。", ("role", "松岡健一", "輸出促進課長", "農林水産省")),
    ("物流大手のミナト運輸(本社・大阪市)は10日、新拠点が完成したと発表した。", ("locatedIn", "ミナト運輸", "大阪市")),
]


# --- a site quoted after its kind word, in a place's inside; a company's name without its legal form ------------------

INSIDE_AND_BARE_NAMES = [
    ("株式会社アサヒ酒造は新酒を出した。知事は長岡市内にある同社の蔵「月見蔵」を訪れた。",
     {("locatedIn", "月見蔵", "長岡市"), ("partOf", "月見蔵", "株式会社アサヒ酒造")}),
    ("2日の記者会見は岡山市内のホテル「ホテル瀬戸ベイ」で開かれ、岡山県の山田一郎副知事も出席した。",
     {("locatedIn", "ホテル瀬戸ベイ", "岡山市"), ("visit", "山田一郎", "ホテル瀬戸ベイ")}),
    ("吉備バス株式会社と瀬戸内うみ交通株式会社は統合する。吉備バスの難波一郎社長は述べ、瀬戸内うみ交通の小野寺花子社長も強調した。",
     {("role", "小野寺花子", "社長", "瀬戸内うみ交通"), ("role", "難波一郎", "社長", "吉備バス")}),
]


# --- where a company is from; partners named with a bracketed place --------------------------------------------------

FROM_AND_PARTNERS = [
    ("Technology has found a place too: VinoSense, a startup from Braga, is demonstrating TaniQ, a handheld sensor.",
     ("locatedIn", "VinoSense", "Braga")),
    ("Orbis, a drone maker from Tartu, raised $5 million.", ("locatedIn", "Orbis", "Tartu")),
    ("Mombasa-based Mvua House, founded in 2019, now employs more than 120 tailors.", ("locatedIn", "Mvua House", "Mombasa")),
    ("株式会社オービタル(札幌市)と東邦技術大学は、地球観測衛星「きたかぜ1号」を共同開発すると発表した。",
     {("offers", "株式会社オービタル", "きたかぜ1号"), ("offers", "東邦技術大学", "きたかぜ1号")}),
]


# --- every composed sentence above: what it must state --------------------------------------------------------

SHAPES = {
    "a_product_described_by_a_clause_naming_its_maker": MAKERS_IN_A_CLAUSE,
    "a_site_built_in_a_place": BUILT_IN_A_PLACE,
    "an_event_held_in_a_place": HELD_IN_A_PLACE,
    "a_portfolio_or_a_company_before_a_title": PORTFOLIOS_AND_OFFICERS,
    "people_who_sign_or_meet_somewhere_were_there": MET_SOMEWHERE,
    "a_site_on_an_island_owned_with_a_possessive": SITES_ON_ISLANDS,
    "foreign_makers_main_lines_and_the_topic_company": JAPANESE_MAKERS_AND_LINES,
    "offers_written_as_nouns_and_offices_under_a_ministry": OFFERS_AS_NOUNS_AND_OFFICES,
    "sites_inside_a_place_and_company_names_without_legal_form": INSIDE_AND_BARE_NAMES,
    "where_a_company_is_from_and_partners_with_a_bracketed_place": FROM_AND_PARTNERS,
}


@pytest.mark.parametrize("text, expected", [pytest.param(text, expected, id=f"{shape}-{n}")
                                             for shape, cases in SHAPES.items()
                                             for n, (text, expected) in enumerate(cases, 1)])
def test_round8_shapes(text: str, expected: tuple | set[tuple]) -> None:
    expected = expected if isinstance(expected, set) else {expected}
    assert expected <= facts_of(text)
