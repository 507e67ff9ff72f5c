"""Round 4 of entity extraction: classes read from context, names the taggers miss or cut, one node per thing.

Every text here was composed for these tests (fictional companies and people, or well-known public bodies); none is
taken from a gold file or the sample article. Each rule is checked on several differently worded sentences.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from harbour.extract import Extractor, TextDocument
from harbour.ontology import RDF, RDFS, SKOS

ENTITY_CLASSES = {"Person", "Company", "GovernmentOrganization", "Organization", "Place", "Country", "City",
                  "AdministrativeArea", "Facility", "Product", "CreativeWork", "Event"}
PLACES = {"Place", "Country", "City", "AdministrativeArea"}
PRODUCTS = {"Product", "CreativeWork"}

TEXTS = {
    # a company officer's title after a name: the name is a company's
    "officer-ja-1": "精密機器メーカー、ミツハシ光学の大塚博之社長は記者会見で新製品を紹介した。",
    "officer-ja-2": "カナメ工房の代表取締役社長、松井由紀子氏は今後の方針を説明した。",
    "officer-ja-3": "アルテミス・ソリューションズ社長の岩田修氏は、海外展開を加速すると述べた。",
    "officer-en-1": "Lumora chief Daniel Okoye said the company would hire 200 engineers.",
    "officer-en-2": "Greystone Mining chief executive Paula Reyes visited the site on Monday.",
    "officer-en-3": "Tomas Berg, Valtrix's chief executive, told analysts the outlook was strong.",
    # an apposition headed by a product word
    "apposition-1": "Pellucid launched Aria, its voice assistant, in five countries.",
    "apposition-2": "Orbis released Sable, its new tablet, on Friday.",
    "apposition-4": "The company unveiled Nimbus, a new delivery drone, at the show.",
    "apposition-3": "Anthropic released Claude, its AI assistant, to enterprise customers.",
    # a name after "in" with a place after the comma, or after "based/headquartered in"
    "place-1": "Fenwick Cells will build a battery plant in Ostrava, eastern Czech Republic.",
    "place-2": "Corvane, which is headquartered in Tromsø, makes marine sensors.",
    "place-3": "Nordlys Batteries said it would build a cell plant in Skellefteå, northern Sweden.",
    # one-character country names before a foreign name
    "prefix-1": "パナソニックは米カンザス州に電池工場を建設している。",
    "prefix-2": "米ノーザンライト社は、日本法人を設立すると発表した。",
    "prefix-3": "独ハイデルテック社と提携した。",
    # bare words for a kind of thing, markets and clauses are no entities
    "generic-1": "電機メーカーのアオバテックは新型の掃除機を発表した。",
    "generic-2": "同社は日本市場への参入を目指している。",
    "generic-3": "同社の森本聡社長は記者会見で「海外需要を取り込み、初年度に2万台を販売したい」と語った。",
    # facilities and organisations by the last word of their name
    "suffix-1": "岡山県倉敷市の水島バイオマスプラントが今月、本格稼働を始めた。",
    "suffix-2": "福島県いわき市の小名浜火力発電所は来年、運転を停止する。",
    "suffix-3": "関東化成の鹿島プラントで定期点検が始まった。",
    "suffix-4": "日本経済団体連合会の会長が会見した。",
    "suffix-5": "The Department for Transport announced the plan.",
    "suffix-6": "Singapore's Economic Development Board welcomed the investment.",
    # a name after a word for a company (大手, 中堅; の or 、 between)
    "kind-1": "半導体大手のHarbor Siliconは、熊本県菊池市に新工場を建設すると明らかにした。",
    "kind-2": "飲料大手、ミヤマ酒造は新商品を発表した。",
    "kind-3": "製薬中堅のコトブキ薬品は、新薬の承認を申請した。",
    # short forms: kanji contractions, bracketed aliases
    "short-1": "経済産業省は10日、新たな補助金制度を発表した。経産省によると、対象は中小企業である。",
    "short-2": "北海道大学と東北大学は共同研究を始めた。北大の研究チームが発表した。",
    "short-3": "東京証券取引所は、新しい市場区分を導入した。東証の担当者が説明した。",
    "alias-1": "台湾積体電路製造(TSMC)は熊本県に工場を建設する。TSMCの担当者が説明した。",
    "alias-2": "新興の韓国電池メーカー、ハンソル・エナジー(HSE)は新工場を建設する。HSEは来年稼働を目指す。",
    "alias-3": "株式会社ミドリ化成は新工場を建設する。ミドリ化成の山本健二社長は「生産能力を倍増させる」と述べた。",
    # a country, ・, and a place in it
    "country-1": "生産はベトナム・ドンナイ省にある同社の工場が担う。",
    "country-2": "同社はタイ・チョンブリ県に新工場を建設する。",
    "country-3": "日本・ASEAN経済フォーラムが東京で開かれた。",
    # the English small model's slips
    "slip-1": "Startup Lumora Health raised $40 million from Sequoia Capital.",
    "slip-2": "Rio Tinto's Oyu Tolgoi mine in Mongolia produced record copper output.",
    "slip-3": "Brightwater Holdings agreed to buy Lumen Grid for $2 billion.",
    "slip-4": "Toyota Motor said its Prius hybrid would get a new engine.",
    "slip-5": "Nvidia showed its Blackwell chips at the GTC conference in San Jose.",
    # a mayor's or premier's place written before the title: the model's ORG loses the title, the name is a place
    "head-1": "Houston Mayor Carla Vance toured the port on Wednesday.",
    "head-2": "Ontario Premier Douglas Ford toured the plant alongside Kestrel Mayor Anne Lowe.",
    "head-3": "Infrastructure Minister Rui Costa met Lisbon Mayor Helena Pires at the metro's new depot.",
    # hyphenated given names apposed to a title
    "hyphen-1": "The firm's chief financial officer, Jae-won Lim, said margins improved.",
    "hyphen-2": "The company's president, Hye-jin Seo, will visit the plant next week.",
    "hyphen-3": "Speaking at the launch, managing director Jean-Luc Moreau said the plant would open in May.",
    # a prefecture's or city's department; a person before a bureau chief's title
    "unit-1": "視察には北海道経済部の佐々木和夫部長が同行した。",
    "unit-2": "静岡県くらし・環境部の担当者は、新制度について説明した。",
    "unit-3": "名古屋市観光文化交流局の職員が会場を案内した。",
    "chief-1": "会見には経産省製造産業局の田中一郎局長も出席した。",
    "chief-2": "視察には国交省道路局の西田一平局長が同行した。",
    "chief-3": "式典には厚労省医政局の森川三郎局長が出席した。",
    # markets and kinds of things
    "market-1": "同社の株式は東京証券取引所プライム市場に上場している。",
    "market-2": "大阪証券取引所スタンダード市場に新規上場した。",
    "group-1": "研究所と大学の共同研究グループは新手法を開発した。",
    "group-2": "同社は燃料電池トラックの量産を始める。",
    # a city and its ward
    "ward-1": "会場は横浜市中区の大さん橋ホールである。",
    "ward-2": "同社は大阪市北区に本社を置く。",
    "ward-3": "新工場は札幌市東区に建設される。",
    # katakana and English words for a company, a country closing the name, two names joined by "and"
    "company-1": "同社は米国子会社のアクア・テクノロジーズUSAを通じて事業を展開する。",
    "company-2": "独ベルガー・ロボティクスは日本市場に参入した。",
    "company-3": "Vantage Materials and Orion Shipping signed a supply deal.",
    "company-4": "Norfjord Seafood will open a processing plant in Bergen.",
    # events: Latin names after a verb that holds them, a name with a year, a year after the kind word
    "event-1": "幕張メッセで開かれたCEATEC 2025には、約800社が出展した。",
    "event-2": "ラスベガスで開幕したCES 2026で、同社は新型車を披露した。",
    "event-3": "東京で開催中のInterop Tokyo 2025には約500社が出展している。",
    "event-4": "東京ビッグサイトで開幕したジャパンモビリティショー2025には多くの来場者が訪れた。",
    "event-5": "The company showed its products at CES 2025 in Las Vegas.",
    "event-6": "The robot was unveiled during VivaTech 2025 in Paris.",
    "event-7": "Analysts attended Web Summit 2024 in Lisbon.",
    "not-event": "記者会見を開いたNTTの島田明社長は、新サービスを発表した。",
    # quoted names after a word for a company; plans and programmes
    "quoted-1": "同社は新会社「ミライモビリティ」を設立した。",
    "quoted-2": "両社は合弁会社「ネクストパワー」を設立すると発表した。",
    "quoted-3": "同社は来年、子会社「ソラノ・テック」を設立する。",
    "plan-1": "政府は「デジタル田園都市国家構想」を推進している。",
    # a name apposed to a new or owned product; a possessor of a named product; a product named after its owner
    "owned-1": "The Stanford AI Lab unveiled Orion, a new language model.",
    "owned-2": "Anthropic released Claude, its AI assistant, to enterprise customers.",
    "owned-3": "Pfizer's Paxlovid treatment was approved in Japan.",
    "owned-4": "Kestrel said Jane Doe, a fashion model, would front the campaign.",
    # government bodies by their last word, long acronyms, names with a comma inside
    "gov-1": "The Federal Aviation Administration grounded the aircraft.",
    "gov-2": "UNICEF said 2 million children needed aid.",
    "gov-3": "The Ministry of Economy, Trade and Industry (METI) said it would subsidise the plant.",
    # a single word after "visited" is a place
    "visit-1": "NATO Secretary General Mark Rutte visited Kyiv on Monday.",
    "visit-2": "Chancellor Olaf Brandt visited Gdansk on Tuesday.",
    "visit-3": "The delegation toured Busan before flying home.",
    # venues and names going on over ・
    "venue-1": "同装置は来月、東京ビッグサイトで開かれるSEMICON Japan 2025に出展される。",
    "venue-2": "日東ハイドロジェンは昨年、独シーメンス・エナジーと電解装置の供給契約を結んでいる。",
    "venue-3": "福岡県北九州市に国内最大級の水素製造プラント「響灘グリーン水素プラント」を建設すると発表した。",
    # people: a relative "who", an apposition headed by a word for a person, a title inside one tagged name
    "who-1": "Reyes, who joined Orvane in 2019, said the company would expand in Asia.",
    "who-2": "Haruto Sato, a researcher at the University of Tokyo, led the study.",
    "who-3": "The Vortex X9 smartphone will cost $799, said Zentrix spokesperson Amy Liu.",
    # products: made by a one-word maker, "the X robot", "the X electric SUV"
    "made-1": "The Ministry of Health said it had approved Lumivax, a vaccine made by Sernova.",
    "made-2": "Kenji Watanabe, president of Hoshino Robotics, showed the Kumo robot at the event.",
    "made-3": "The Aurora electric SUV, built by Volkmar at its Leipzig plant, goes on sale in May.",
    # a place written with 内/周辺 as one word; a joint venture named after its parents; a country before a name
    "inside-1": "首相は、東京都内で記者団に語った。",
    "inside-2": "新工場は大阪市周辺に建設される見通しだ。",
    "inside-3": "同社は札幌市内に新店舗を開いた。",
    "joint-1": "ホンダとソニーの合弁会社ソニー・ホンダモビリティは新型車を公開した。",
    "joint-2": "トヨタとマツダが出資するマツダ・トヨタマニュファクチャリングは工場を拡張する。",
    "country-4": "韓国サムスン電子は、新型スマホ「ギャラクシーS25」を発表した。",
    "country-5": "独ボッシュと中国ファーウェイが提携した。",
    # a company's name, then a named site of it, tagged as one name
    "site-1": "経済産業相は15日、愛知県豊田市のトヨタ自動車元町工場を視察した。",
    "site-2": "同社は東邦化学千葉工場の生産能力を増強する。",
    "site-3": "中部電力浜岡原子力発電所の再稼働は来年以降となる。",
    "site-4": "トヨタ自動車新工場の建設が始まった。",
    # English: a fab, a person's name after a title tagged as one organisation, acronyms near words for companies
    "fab-1": "Chief Executive Jochen Hanebeck said the Dresden Smart Power Fab would start production in 2026.",
    "title-org-1": ("TORONTO – Canadian grocer Loblaw Companies said on Thursday it would open 40 new stores this year. "
                    "President Per Bank told analysts that the company's discount banner No Frills would lead the "
                    "expansion."),
    "acronym-1": "The plant will supply chips to carmakers including Volkswagen and BMW.",
    # what is unveiled, launched or released is a product
    "launch-1": "Samsung unveiled Galaxy Ring at the event in Paris.",
    "launch-2": "The startup launched Nova Chat in Brazil last month.",
    "launch-3": "Oracle released Helix Pro to customers in Europe.",
    "hired": "Acme hired Jane Doe as its new chief executive.",
    # meetings: a Latin name and a word for a meeting
    "meeting-1": "政府は来月、京都でG7外相会合を開く。",
    "meeting-2": "ニューデリーで開かれたG20首脳会議で、首相は演説した。",
    "meeting-3": "東京で開かれたASEAN経済閣僚会議に出席した。",
    "not-meeting": "同社は5G基地局の整備を進める。",
}


def names_and_classes(extractor: Extractor, texts: dict[str, str], prefix: str) -> dict[str, dict[str, set[str]]]:
    """Per text: every label and alternative label of an entity → its classes."""
    documents = [TextDocument(f"{prefix}-{key}", text) for key, text in texts.items()]
    result = {}
    for key, extraction in zip(texts, extractor.extract_many(documents)):
        g = Graph()
        for triple in extraction.triples:
            g.add(triple)
        names: dict[str, set[str]] = {}
        for entity in set(g.subjects(RDFS.label, None)):
            classes = {str(c).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for c in g.objects(entity, RDF.type)}
            classes &= ENTITY_CLASSES
            if not classes:
                continue
            for label in [g.value(entity, RDFS.label), *g.objects(entity, SKOS.altLabel)]:
                names.setdefault(str(label), set()).update(classes)
        result[key] = names
    return result


@pytest.fixture(scope="module")
def found(extractor: Extractor) -> dict[str, dict[str, set[str]]]:
    return names_and_classes(extractor, TEXTS, "r4")



@pytest.mark.parametrize("key, name", [("officer-ja-1", "ミツハシ光学"), ("officer-ja-2", "カナメ工房"),
                                       ("officer-ja-3", "アルテミス・ソリューションズ"), ("officer-en-1", "Lumora"),
                                       ("officer-en-2", "Greystone Mining"), ("officer-en-3", "Valtrix")])
def test_name_before_a_company_officers_title_is_a_company(found, key: str, name: str) -> None:
    assert "Company" in found[key].get(name, set()), found[key]
    assert "Person" not in found[key].get(name, set())


@pytest.mark.parametrize("key, person", [("officer-ja-1", "大塚博之"), ("officer-ja-3", "岩田修"),
                                         ("officer-en-1", "Daniel Okoye"), ("officer-en-3", "Tomas Berg")])
def test_the_officer_stays_a_person(found, key: str, person: str) -> None:
    assert found[key].get(person) == {"Person"}


@pytest.mark.parametrize("key, name", [("apposition-1", "Aria"), ("apposition-2", "Sable"),
                                       ("apposition-3", "Claude"), ("apposition-4", "Nimbus")])
def test_apposition_headed_by_a_product_word_names_a_product(found, key: str, name: str) -> None:
    assert found[key].get(name, set()) & PRODUCTS and not found[key][name] & (PLACES | {"Person"}), found[key]


@pytest.mark.parametrize("key, name", [("place-1", "Ostrava"), ("place-2", "Tromsø"), ("place-3", "Skellefteå")])
def test_name_after_in_is_a_place(found, key: str, name: str) -> None:
    assert found[key].get(name, set()) & PLACES and not found[key][name] - PLACES, found[key]


@pytest.mark.parametrize("key, name, prefixed, kind", [
    ("prefix-1", "カンザス州", "米カンザス州", PLACES), ("prefix-2", "ノーザンライト社", "米ノーザンライト社", {"Company"}),
    ("prefix-3", "ハイデルテック社", "独ハイデルテック社", {"Company"})])
def test_country_initial_is_not_part_of_the_name(found, key: str, name: str, prefixed: str, kind: set[str]) -> None:
    assert found[key].get(name, set()) & kind, found[key]
    assert prefixed not in found[key]


def test_words_for_a_kind_markets_and_clauses_are_no_entities(found) -> None:
    assert "電機" not in found["generic-1"] and "Company" in found["generic-1"].get("アオバテック", set())
    assert "日本市場" not in found["generic-2"]
    assert not any("、" in name or "を" in name for name in found["generic-3"]), found["generic-3"]
    assert found["generic-3"].get("森本聡") == {"Person"}


@pytest.mark.parametrize("key, name, cls", [
    ("suffix-1", "水島バイオマスプラント", "Facility"), ("suffix-2", "小名浜火力発電所", "Facility"),
    ("suffix-3", "鹿島プラント", "Facility"), ("suffix-4", "日本経済団体連合会", "Organization"),
    ("suffix-5", "Department for Transport", "GovernmentOrganization"),
    ("suffix-6", "Economic Development Board", "GovernmentOrganization")])
def test_last_word_of_a_name_gives_its_class(found, key: str, name: str, cls: str) -> None:
    assert found[key].get(name) == {cls}, found[key]


def test_hiragana_city_is_split_from_its_prefecture(found) -> None:
    assert found["suffix-2"].get("福島県", set()) & PLACES and found["suffix-2"].get("いわき市", set()) & PLACES


@pytest.mark.parametrize("key, name", [("kind-1", "Harbor Silicon"), ("kind-2", "ミヤマ酒造"), ("kind-3", "コトブキ薬品")])
def test_name_after_a_word_for_a_company_is_a_company(found, key: str, name: str) -> None:
    assert found[key].get(name) == {"Company"}, found[key]


@pytest.mark.parametrize("key, full, short", [("short-1", "経済産業省", "経産省"), ("short-2", "北海道大学", "北大"),
                                              ("short-3", "東京証券取引所", "東証"), ("alias-1", "台湾積体電路製造", "TSMC"),
                                              ("alias-2", "ハンソル・エナジー", "HSE"), ("alias-3", "株式会社ミドリ化成", "ミドリ化成")])
def test_short_form_is_the_same_node_as_the_full_name(extractor: Extractor, key: str, full: str, short: str) -> None:
    g = graph_of(extractor, f"r4-{key}", TEXTS[key])
    assert_one_node(g, full, short)


def test_alias_takes_the_full_names_class(found) -> None:
    assert found["alias-2"].get("ハンソル・エナジー") == {"Company"}
    assert found["alias-1"].get("台湾積体電路製造") == {"Company"}


def test_contraction_needs_a_single_candidate(extractor: Extractor) -> None:
    text = "東北大学と東京大学は協定を結んだ。東大の担当者が説明した。"
    g = graph_of(extractor, "r4-two-universities", text)
    for node in g.subjects(RDFS.label, _literal(g, "東北大学")):
        assert "東大" not in {str(a) for a in g.objects(node, SKOS.altLabel)}


@pytest.mark.parametrize("key, country, place", [("country-1", "ベトナム", "ドンナイ省"),
                                                 ("country-2", "タイ", "チョンブリ県")])
def test_country_and_place_joined_by_a_dot_are_two_places(found, key: str, country: str, place: str) -> None:
    assert found[key].get(country, set()) & PLACES and found[key].get(place) == {"AdministrativeArea"}, found[key]


def test_event_named_after_two_countries_stays_whole(found) -> None:
    assert found["country-3"].get("日本・ASEAN経済フォーラム") == {"Event"}


@pytest.mark.parametrize("key, name, cls", [
    ("slip-1", "Lumora Health", {"Company"}), ("slip-2", "Rio Tinto", {"Company"}),
    ("slip-2", "Oyu Tolgoi", {"Facility"}), ("slip-3", "Lumen Grid", {"Company"}), ("slip-4", "Prius", PRODUCTS),
    ("slip-5", "Blackwell", PRODUCTS)])
def test_small_english_model_slips_are_corrected(found, key: str, name: str, cls: set[str]) -> None:
    assert found[key].get(name, set()) and found[key][name] <= cls | {"Product"}, found[key]


@pytest.mark.parametrize("key, place, person", [("head-1", "Houston", "Carla Vance"),
                                                ("head-2", "Kestrel", "Anne Lowe"), ("head-2", "Ontario", "Douglas Ford"),
                                                ("head-3", "Lisbon", "Helena Pires")])
def test_place_before_a_mayors_title_is_a_place(found, key: str, place: str, person: str) -> None:
    # (the graph may also type the place as the organisation of the mayor's role)
    assert found[key].get(place, set()) & PLACES and not found[key][place] & {"Company", "Person"}, found[key]
    assert found[key].get(person) == {"Person"}
    assert not any(" Mayor" in name or " Premier" in name for name in found[key])


@pytest.mark.parametrize("key, person", [("hyphen-1", "Jae-won Lim"), ("hyphen-2", "Hye-jin Seo"),
                                         ("hyphen-3", "Jean-Luc Moreau")])
def test_hyphenated_name_after_a_title_is_a_person(found, key: str, person: str) -> None:
    assert found[key].get(person) == {"Person"}, found[key]


@pytest.mark.parametrize("key, unit", [("unit-1", "北海道経済部"), ("unit-2", "静岡県くらし・環境部"),
                                       ("unit-3", "名古屋市観光文化交流局")])
def test_department_of_a_prefecture_or_city_is_a_government_body(found, key: str, unit: str) -> None:
    assert found[key].get(unit) == {"GovernmentOrganization"}, found[key]


@pytest.mark.parametrize("key, person", [("chief-1", "田中一郎"), ("chief-2", "西田一平"), ("chief-3", "森川三郎")])
def test_person_before_a_bureau_chiefs_title_is_no_bureau(found, key: str, person: str) -> None:
    assert found[key].get(person) == {"Person"}, found[key]
    assert not any(name.startswith(person) and name.endswith("局") for name in found[key])


def test_market_of_an_exchange_leaves_the_exchange(found) -> None:
    assert found["market-1"].get("東京証券取引所") == {"Company"}
    assert found["market-2"].get("大阪証券取引所") == {"Company"}
    assert not any(name.endswith("市場") for key in ("market-1", "market-2") for name in found[key])


def test_groups_and_kinds_of_things_are_no_entities(found) -> None:
    assert not any("グループ" in name for name in found["group-1"]), found["group-1"]
    assert not any("トラック" in name for name in found["group-2"]), found["group-2"]


@pytest.mark.parametrize("key, city, ward", [("ward-1", "横浜市", "中区"), ("ward-2", "大阪市", "北区"),
                                             ("ward-3", "札幌市", "東区")])
def test_city_and_its_ward_are_two_places(found, key: str, city: str, ward: str) -> None:
    assert found[key].get(city, set()) & PLACES and found[key].get(ward, set()) & PLACES, found[key]


@pytest.mark.parametrize("key, names", [("company-1", ["アクア・テクノロジーズUSA"]), ("company-2", ["ベルガー・ロボティクス"]),
                                        ("company-3", ["Vantage Materials", "Orion Shipping"]),
                                        ("company-4", ["Norfjord Seafood"])])
def test_words_for_a_company_give_the_class(found, key: str, names: list[str]) -> None:
    for name in names:
        assert found[key].get(name) == {"Company"}, found[key]


@pytest.mark.parametrize("key, name", [("event-1", "CEATEC 2025"), ("event-2", "CES 2026"),
                                       ("event-3", "Interop Tokyo 2025"), ("event-4", "ジャパンモビリティショー2025"),
                                       ("event-5", "CES 2025"), ("event-6", "VivaTech 2025"),
                                       ("event-7", "Web Summit 2024")])
def test_event_names_with_their_year(found, key: str, name: str) -> None:
    assert found[key].get(name) == {"Event"}, found[key]


def test_a_company_holding_a_press_conference_is_no_event(found) -> None:
    assert "Company" in found["not-event"].get("NTT", set()) and "Event" not in found["not-event"]["NTT"]


@pytest.mark.parametrize("key, name", [("quoted-1", "ミライモビリティ"), ("quoted-2", "ネクストパワー"),
                                       ("quoted-3", "ソラノ・テック")])
def test_quoted_name_after_a_word_for_a_company_is_a_company(found, key: str, name: str) -> None:
    assert found[key].get(name) == {"Company"}, found[key]


def test_plan_is_no_organisation(found) -> None:
    classes = found["plan-1"].get("デジタル田園都市国家構想", set())
    assert not classes & {"Company", "Organization", "GovernmentOrganization"}, found["plan-1"]


@pytest.mark.parametrize("key, name", [("owned-1", "Orion"), ("owned-2", "Claude"), ("owned-3", "Paxlovid")])
def test_new_or_owned_product_is_a_product(found, key: str, name: str) -> None:
    assert found[key].get(name, set()) & PRODUCTS and not found[key][name] & {"Person", "Place"}, found[key]


def test_owner_of_a_named_product_is_a_company_and_a_model_stays_a_person(found) -> None:
    assert found["owned-3"].get("Pfizer") == {"Company"}
    assert "Product" not in found["owned-4"].get("Jane Doe", set())


@pytest.mark.parametrize("key, name, cls", [
    ("gov-1", "Federal Aviation Administration", {"GovernmentOrganization"}),
    ("gov-2", "UNICEF", {"Organization", "GovernmentOrganization"}),
    ("gov-3", "Ministry of Economy, Trade and Industry", {"GovernmentOrganization"})])
def test_bodies_that_are_not_companies(found, key: str, name: str, cls: set[str]) -> None:
    assert found[key].get(name, set()) and found[key][name] <= cls, found[key]


def test_acronym_in_brackets_joins_a_name_with_a_comma(extractor: Extractor) -> None:
    assert_one_node(graph_of(extractor, "r4-gov-3", TEXTS["gov-3"]), "Ministry of Economy, Trade and Industry", "METI")


@pytest.mark.parametrize("key, place", [("visit-1", "Kyiv"), ("visit-2", "Gdansk"), ("visit-3", "Busan")])
def test_single_word_visited_is_a_place(found, key: str, place: str) -> None:
    assert found[key].get(place, set()) & PLACES and "Person" not in found[key][place], found[key]


def test_venue_katakana_names_and_kind_words(found) -> None:
    assert found["venue-1"].get("東京ビッグサイト") == {"Facility"}
    assert found["venue-2"].get("シーメンス・エナジー") == {"Company"}
    assert "水素製造プラント" not in found["venue-3"] and found["venue-3"].get("響灘グリーン水素プラント") == {"Facility"}


SHORT_FORMS = {
    "ridgeline": ("Corvane Water Group built the plant. The plant, built by Corvane on a 12-hectare site, opened on "
                  "Monday. Corvane, which is headquartered in Regina, also showed a leak sensor.",
                  "Corvane Water Group", "Corvane"),
    "harlow": ("Tamsin Engineering won the contract. Tamsin said it would hire 100 staff.", "Tamsin Engineering",
               "Tamsin"),
    "brisa": ("Brisalta Foods launched a new cereal. Analysts said Brisalta could double its sales.", "Brisalta Foods",
              "Brisalta"),
}


@pytest.mark.parametrize("key", sorted(SHORT_FORMS))
def test_company_first_word_is_the_company(extractor: Extractor, key: str) -> None:
    text, full, short = SHORT_FORMS[key]
    g = graph_of(extractor, f"r4-short-{key}", text)
    assert_one_node(g, full, short)


@pytest.mark.parametrize("text, organisation, site", [
    ("両者は石川県の能登工科大学七尾キャンパス内に研究拠点を開設する。能登工科大学の学長が発表した。", "能登工科大学",
     "能登工科大学七尾キャンパス"),
    ("Halvard Semiconductor opened the Halvard Austin Lab. Halvard said the lab would hire 200 people.",
     "Halvard Semiconductor", "Halvard Austin Lab"),
    ("東北理科大学病院は新棟を開設した。東北理科大学の研究者が説明した。", "東北理科大学", "東北理科大学病院")])
def test_organisation_and_its_site_are_two_nodes(extractor: Extractor, text: str, organisation: str,
                                                 site: str) -> None:
    g = graph_of(extractor, "r4-site", text)
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert organisation in labels and site in labels, labels


def test_place_used_as_a_place_stays_a_place(extractor: Extractor) -> None:
    text = "Hong Kong Science Park opened a new lab. The lab will serve startups in Hong Kong."
    g = graph_of(extractor, "r4-place-kept", text)
    assert list(g.subjects(RDFS.label, _literal(g, "Hong Kong")))


@pytest.mark.parametrize("key, person", [("who-1", "Reyes"), ("who-2", "Haruto Sato"), ("who-3", "Amy Liu")])
def test_context_says_a_name_is_a_persons(found, key: str, person: str) -> None:
    assert found[key].get(person) == {"Person"}, found[key]


def test_organisation_before_a_spokespersons_title(found) -> None:
    assert "Company" in found["who-3"].get("Zentrix", set())


@pytest.mark.parametrize("key, product, maker", [("made-1", "Lumivax", "Sernova"), ("made-2", "Kumo", None),
                                                 ("made-3", "Aurora", "Volkmar")])
def test_products_and_their_makers(found, key: str, product: str, maker: str | None) -> None:
    assert found[key].get(product, set()) & PRODUCTS and "Person" not in found[key][product], found[key]
    if maker:
        assert "Company" in found[key].get(maker, set()) and "Person" not in found[key][maker]


@pytest.mark.parametrize("key, place", [("inside-1", "東京都"), ("inside-2", "大阪市"), ("inside-3", "札幌市")])
def test_place_before_inside_is_the_place(found, key: str, place: str) -> None:
    assert found[key].get(place, set()) & PLACES, found[key]
    assert not any(name.endswith(("内", "周辺")) for name in found[key])


@pytest.mark.parametrize("key, parents, venture", [("joint-1", ["ホンダ", "ソニー"], "ソニー・ホンダモビリティ"),
                                                   ("joint-2", ["トヨタ", "マツダ"], "マツダ・トヨタマニュファクチャリング")])
def test_joint_venture_and_its_parents_are_three_nodes(extractor: Extractor, key: str, parents: list[str],
                                                        venture: str) -> None:
    labels = {str(o) for o in graph_of(extractor, f"r4-{key}", TEXTS[key]).objects(None, RDFS.label)}
    assert {*parents, venture} <= labels, labels


@pytest.mark.parametrize("key, names", [("country-4", ["サムスン電子"]), ("country-5", ["ボッシュ", "ファーウェイ"])])
def test_country_before_a_company_is_not_part_of_it(found, key: str, names: list[str]) -> None:
    for name in names:
        assert found[key].get(name) == {"Company"}, found[key]


@pytest.mark.parametrize("key, company, site", [("site-1", "トヨタ自動車", "元町工場"), ("site-2", "東邦化学", "千葉工場"),
                                                ("site-3", "中部電力", "浜岡原子力発電所"), ("site-4", "トヨタ自動車", None)])
def test_company_and_its_named_site_are_two_entities(found, key: str, company: str, site: str | None) -> None:
    assert found[key].get(company) == {"Company"}, found[key]
    if site:
        assert found[key].get(site) == {"Facility"}
    assert not any(name.startswith(company) and name != company for name in found[key])


def test_fab_person_after_title_and_carmaker_acronym(found) -> None:
    assert found["fab-1"].get("Dresden Smart Power Fab") == {"Facility"}, found["fab-1"]
    assert found["title-org-1"].get("Per Bank") == {"Person"}, found["title-org-1"]
    assert found["acronym-1"].get("BMW") == {"Company"}, found["acronym-1"]


@pytest.mark.parametrize("key, name", [("launch-1", "Galaxy Ring"), ("launch-2", "Nova Chat"),
                                       ("launch-3", "Helix Pro")])
def test_what_is_unveiled_or_launched_is_a_product(found, key: str, name: str) -> None:
    assert found[key].get(name, set()) & PRODUCTS and not found[key][name] & {"Person", "Company"}, found[key]


def test_who_is_hired_stays_a_person(found) -> None:
    assert found["hired"].get("Jane Doe") == {"Person"}


@pytest.mark.parametrize("key, name", [("meeting-1", "G7外相会合"), ("meeting-2", "G20首脳会議"),
                                       ("meeting-3", "ASEAN経済閣僚会議")])
def test_meeting_named_after_a_group_is_an_event(found, key: str, name: str) -> None:
    assert found[key].get(name) == {"Event"}, found[key]


def test_base_station_is_no_bureau(found) -> None:
    assert not found["not-meeting"], found["not-meeting"]


def assert_one_node(g: Graph, full: str, short: str) -> None:
    """``full`` is an entity's label and ``short`` one of its alternative labels, not a node of its own."""
    node = next(g.subjects(RDFS.label, _literal(g, full)), None)
    assert node is not None, sorted(str(o) for o in g.objects(None, RDFS.label))
    assert short in {str(a) for a in g.objects(node, SKOS.altLabel)}
    assert not list(g.subjects(RDFS.label, _literal(g, short)))


def graph_of(extractor: Extractor, doc_id: str, text: str) -> Graph:
    g = Graph()
    for triple in extractor.extract(TextDocument(doc_id, text)).triples:
        g.add(triple)
    return g


def _literal(g: Graph, text: str):
    return next((o for o in g.objects(None, RDFS.label) if str(o) == text), text)
