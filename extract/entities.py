"""``harbour_entities``: named entities as ontology classes, from every source the pipeline has.

Sources, strongest first when two disagree about the same characters:

0. the curator's gazetteer (names the curator vouches for);
1. structure: a name next to a title is a person (行政長官山田太郎, 山田太郎社長, Chief Executive Jane Doe); a name with
   a legal form is a company (株式会社…, …Ltd); an organisation inside a title (工業局長 → 工業局); an organisation
   written before its unit (外務省アジア大洋州局 → 外務省 + アジア大洋州局); a quoted or apposed name after a product
   word (家庭用ロボット「ハルカ2」, its AI app, Lumi);
2. the trained NER component (``harbour_ner``), when the pipeline has one;
3. the language model's own entities (GiNZA's extended NE hierarchy, or OntoNotes), mapped by ``labels.py``;
4. weak cues (a Latin-script name after 企業 in Japanese text).

Each span is then repaired (honorifics and titles split off, legal forms kept, leading "the" dropped) and its class
checked against what the name says of itself (…省 is a government body, …株式会社 a company, …大学 an organisation).
Document-level consistency (one class and one entity per thing) is the next component, ``harbour_consistency``.
All word lists are component configuration; none names a particular entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.attrs import LEMMA, LOWER, ORTH, POS
from spacy.symbols import PROPN
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from . import labels as L
from .entity_cues import DEFAULT_OFFICER_TITLES, DEFAULT_PLACE_VERBS, LAUNCH_VERBS, ContextCues, new_or_owned
from .gazetteer import Gazetteer
from .labels import map_label
from .place_tokens import split_place_compounds
from .text import has_cjk, is_kanji, is_katakana, is_katakana_name, is_latin_name, is_person_name_token
from .titles import (EN_HONORIFICS, EN_TITLE_FIELDS, EN_TITLE_HEADS, EN_TITLE_MODIFIERS, HONORIFICS, JA_TITLE_WORDS,
                     JA_UNIT_SUFFIXES, TitleLexicon, strip_honorifics)

if not Doc.has_extension("harbour_same_as"):
    Doc.set_extension("harbour_same_as", default=None)

ENTITIES = "harbour_entities"
TITLES = "harbour_titles"
TRAINED = "harbour_ner"

#: Source priorities (lower wins an overlap).
GAZETTEER, STRUCTURE, TRAINED_MODEL, LANGUAGE_MODEL, WEAK = range(5)

DEFAULT_SUFFIX_CLASSES: dict[str, list[str]] = {
    L.COMPANY: ["株式会社", "有限会社", "合同会社", "ホールディングス", "グループ", "銀行", "証券", "商事", "電機", "工業",
                "製作所", "製薬", "化成", "製造", "取引所", "セラピューティクス", "テクノロジーズ", "ソリューションズ",
                "インダストリーズ", "モーターズ", "ロボティクス", "エレクトロニクス", "ファーマ", "システムズ", "運輸",
                "海運", "商船", "石油", "製鋼", "薬品", "酒造", "乳業", "製菓", "水産", "精密",
                "自動車", "航空", "鉄道", "電力", "ガス", "保険", "生命", "不動産", "建設", "通信",
                "電子", "化学", "精機", "重工", "重工業", "物産", "食品", "製紙", "電工", "興業", "技研", "電産",
                "Inc", "Inc.", "Ltd", "Ltd.", "Limited", "Corp", "Corp.", "Corporation", "Co.", "Holdings", "Group",
                "Technologies", "Systems", "Labs", "AI", "Bank", "Airlines", "Motors", "Pharmaceuticals", "plc", "LLC",
                "GmbH", "AG", "SA", "NV", "Pharma", "Bio", "Biotech", "Therapeutics", "Energy", "Foods", "Telecom",
                "Robotics", "Electronics", "Semiconductor", "Semiconductors", "Networks", "Software", "Capital",
                "Ventures", "Industries", "Aerospace", "Dynamics", "Logistics", "Airways", "Air", "Media",
                "Chemicals", "Steel", "Mining", "Power", "Electric", "Automotive", "Devices", "Insurance",
                "Securities", "Solutions", "Studios", "Renewables", "Utilities", "Biosciences", "Seafood", "Brewing",
                "Beverages", "Cosmetics", "Materials", "Shipping", "Petroleum", "Batteries", "Technik", "Werke",
                "Pharmaceutical", "Minerals", "Resources", "Partners", "Engineering", "Construction",
                "Trading", "Processing"],  # round 10 (English)
    L.GOVERNMENT: ["政府", "省", "庁", "局", "委員会", "議会", "市役所", "区役所", "県庁", "党", "審議会", "内閣", "国会",
                   "大使館", "領事館", "Ministry", "Bureau", "Department", "Council", "Government", "Commission",
                   "Agency", "Authority", "Parliament", "Embassy", "Cabinet", "Office", "Board", "Central Bank",
                   "Administration", "Assembly", "Court", "Tribunal", "Senate", "Treasury", "Directorate",
                   "Reserve Bank", "中央銀行"],
    L.ORGANIZATION: ["大学", "協会", "学会", "財団", "連盟", "連合", "組合", "機構", "連合会", "協議会", "会議所",
                     "商工会", "事業団", "University", "Association",
                     "Organisation", "Organization", "School", "College", "Faculty", "Academy",
                     "Foundation", "Federation", "Institute", "Society", "Union", "Club", "Fund", "Trust",
                     "Alliance", "Coalition",
                     "推進室", "対策室", "戦略室", "企画室", "準備室", "研究室"],
    L.FACILITY: ["センター", "ラボ", "研究所", "空港", "駅", "港湾", "病院", "キャンパス", "ターミナル", "ホール", "タワー",
                 "ビル", "スタジアム", "アリーナ", "美術館", "博物館", "図書館", "工場", "プラント", "発電所", "製油所", "製鉄所",
                 "造船所", "変電所", "浄水場", "処理場", "ウインドファーム", "会館", "劇場", "公園", "球場", "競技場",
                 "Factory", "Gigafactory", "Fab", "Smelter", "Facility", "Depot", "Warehouse", "Centre", "Center",
                 "Park",
                 "Airport", "Station", "Hub", "Lab", "Laboratory", "Hospital", "Campus", "Terminal", "Tower", "Stadium",
                 "Farm", "Refinery", "Mine", "Shipyard", "Dam",
                 "Museum", "Plant", "Port", "Hall", "Arena", "Pavilion", "Auditorium", "Gallery", "魚市場", "卸売市場"],
    L.CITY: ["市", "町", "村"],
    # round 8: natural places (…高原, …半島; the … Forest, … Island, … Wildlife Reserve)
    L.PLACE: ["高原", "半島", "諸島", "列島", "盆地", "平野", "Island", "Islands", "Peninsula", "Forest", "Valley",
              "Plains", "Wildlife Reserve", "Nature Reserve", "Game Reserve", "Marine Reserve"],
    L.ADMIN_AREA: ["県", "府", "都", "道", "州"],
    L.EVENT: ["博覧会", "万博", "フォーラム", "サミット", "国際会議", "大会", "選手権", "フェスティバル", "見本市", "展示会",
              "ロボット展", "展", "ショー", "フェア", "祭", "シンポジウム", "エキスポ", "会合", "首脳会議", "閣僚会議", "Symposium", "Convention",
              "Congress", "Exhibition", "Expo", "Summit", "Forum", "Conference", "Festival", "Olympics", "Games",
              "Championship", "Fair", "Show",
              # round 8: races and drills are events (…シティマラソン, …総合防災訓練, the … Marathon, … Fashion Week)
              "マラソン", "駅伝", "レース", "訓練", "演習", "Marathon", "Regatta", "Rally", "Week", "Biennale"],
}
#: Words for a kind of thing; a name apposed to or quoted after one of them is of that class.
DEFAULT_HEAD_NOUNS: dict[str, list[str]] = {
    L.PRODUCT: ["製品", "アプリ", "アプリケーション", "チャットボット", "サービス", "ソフトウェア", "ソフト", "ロボット",
                "プラットフォーム", "システム", "ツール", "モデル", "デバイス", "端末", "スマートフォン", "車", "蓄電池",
                "電池", "AI", "ゲーム", "薬", "ワクチン", "衛星", "ブランド", "app", "application", "chatbot",
                "platform", "processor", "chip", "robot", "model", "device", "phone", "smartphone", "software",
                "satellite", "vehicle", "car", "drug", "vaccine", "game", "service", "tool", "system", "serum",
                "brand", "module", "engine", "rocket", "aircraft", "console", "laptop", "tablet", "drone", "camera",
                "sensor", "battery", "truck", "headset", "panel", "cereal", "drink", "beverage", "snack", "scooter",
                "motorcycle", "bike", "bus", "tractor", "turbine", "printer", "television", "watch", "smartwatch",
                "chipset", "kit", "jet", "airliner", "test", "programme", "program", "treatment", "therapy",
                "assistant", "hybrid", "sedan", "suv", "pickup", "train", "locomotive", "ship", "vessel", "handset", "earbuds",
                "speaker", "headphones", "earphones", "soundbar",
                "wearable", "rover", "lander", "launcher", "ドローン", "カメラ", "センサー", "バス", "飲料", "食品",
                "機器", "装置", "内視鏡", "列車", "車両", "航空機", "掃除機", "pack", "charger", "inverter"],
    L.EVENT: ["show", "fair", "expo", "exhibition", "summit", "forum", "conference", "festival", "games", "congress",
              "championship", "tournament", "event", "symposium", "convention", "展", "展示会", "見本市", "フォーラム",
              "会議", "大会", "サミット"],
    L.FACILITY: ["centre", "center", "plant", "factory", "lab", "laboratory", "campus", "park", "hub", "terminal",
                 "airport", "station", "hospital", "museum", "stadium", "farm", "refinery", "mine", "shipyard", "dam",
                 "warehouse", "depot", "fab", "gigafactory", "site", "工場", "研究所", "拠点", "施設", "センター", "ラボ", "発電所",
                 "プラント", "射場", "宇宙港", "基地", "館", "物流拠点",
                 # round 8: a brewery, a restaurant, a hotel (同社の蔵「X」, 展望レストラン「X」, ホテル「X」)
                 "蔵", "酒蔵", "レストラン", "食堂", "ホテル", "旅館", "店舗", "hotel", "restaurant", "brewery",
                 "substation", "metro", "library",  # round 9 (English)
                 # round 9: venues and public buildings (球技専用スタジアム「X」, 新図書館「X」)
                 "スタジアム", "球場", "競技場", "アリーナ", "体育館", "図書館", "美術館", "博物館", "劇場", "病院"],
}
#: Words for a company's main line (主力の…「X」, 看板の…「X」): the quoted name after them is a product.
FLAGSHIP_WORDS = {"主力", "看板", "旗艦"}
#: Words for a company before a quoted name (新会社「X」, 合弁会社「X」): the name is a company's.
DEFAULT_HEAD_NOUNS[L.COMPANY] = ["会社", "新会社", "合弁会社", "子会社", "新法人"]
#: Ministers' short titles (…相) beyond the titles module's list: a name before one of them is a minister's.
JA_MINISTER_TITLES = ["商工相", "商務相", "通商相", "産業相", "経済相", "貿易相", "国防相", "内相", "法相", "文科相", "厚労相",
                      "農相", "環境相", "運輸相", "国交相", "蔵相", "労相", "エネルギー相", "デジタル相", "外務相", "財相"]
#: Units written right after their organisation, as one word each (京都大学|医学部): a unit of their own.
DEFAULT_UNIT_NOUNS: dict[str, list[str]] = {
    L.ORGANIZATION: ["学部", "研究科", "大学院", "事業部", "事業本部"],
    L.FACILITY: ["病院", "研究所", "研究室"],
}
#: Verbs that hold an event: a quoted name right after one of them is an event (東京で開幕した「X」).
DEFAULT_EVENT_VERBS = ["開く", "開催", "開幕", "開会", "閉幕", "開ける", "開催中"]
#: Words for a project: the name it is called by is a product's (the project, called X).
PROJECT_WORDS = {"project", "trial", "pilot", "scheme", "initiative", "programme", "program", "venture"}
#: English words before a name with a year that make it an event (at CES 2026, during VivaTech 2025).
EVENT_CUES = {"at", "attend", "attended", "attending", "attends", "during", "visited", "visit", "opened", "opening"}
#: Words for an organisation's head office: written after its name (X本社), they are not part of it.
DEFAULT_HEAD_OFFICE_WORDS = ["本社", "本店"]
DEFAULT_COMPANY_NOUNS = ["企業", "会社", "スタートアップ", "ベンチャー", "メーカー", "社", "大手", "中堅", "商社", "company", "start-up",
                         "startup", "firm", "group", "maker", "bank", "lender", "carrier", "insurer", "retailer",
                         "unit", "subsidiary", "division", "affiliate", "operator", "developer", "manufacturer",
                         "supplier", "producer", "airline", "carmaker", "automaker", "chipmaker", "drugmaker",
                         "trader", "contractor"]  # round 10 (English)
#: Words for a company that are also surnames: a person's name ending in one stays a person's (Samantha Power).
SURNAME_SUFFIXES = {"Power", "Steel", "Air", "Bank", "Capital", "Media", "Mining", "Electric"}
#: Names that are common words in news text, not entities.
DEFAULT_NOT_NAMES = ["AI", "IT", "ICT", "IoT", "DX", "GX", "5G", "6G", "GDP", "CEO", "CTO", "CFO", "COO", "EV", "SNS",
                     "VR", "AR", "PC", "App", "Wi-Fi", "LLM", "GPU", "CPU"]

#: One-character names of countries written before a foreign company or place (米X社, 独X, 英X).
COUNTRY_PREFIXES = {"米", "英", "独", "仏", "中", "韓", "台", "露", "豪", "印", "伊", "蘭", "加", "西", "瑞", "比", "墨", "伯"}
#: Words after a place that mean in or around it (東京都内, 大阪市周辺): not part of its name.
AREA_TAILS = {"内", "内外", "周辺", "一帯", "近郊", "全域", "全土"}
#: Last words of a tagged span that make it a field or a market rather than a name (日本市場, デジタル経済).
DEFAULT_GENERIC_HEADS = ["市場", "経済", "業界", "分野", "需要", "社会", "産業界", "基地局"]


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    cls: str
    priority: int
    source: str
    key: str = ""  # a gazetteer entry's label: the entity it is

    @property
    def length(self) -> int:
        return self.end - self.start


@Language.factory(
    "harbour_entities",
    default_config={
        "scheme": "ene",
        "honorifics": HONORIFICS + EN_HONORIFICS,
        "titles": {"ja": JA_TITLE_WORDS + JA_MINISTER_TITLES, "ja_units": JA_UNIT_SUFFIXES, "en_heads": EN_TITLE_HEADS,
                   "en_modifiers": EN_TITLE_MODIFIERS, "en_fields": EN_TITLE_FIELDS},
        "suffix_classes": DEFAULT_SUFFIX_CLASSES,
        "head_nouns": DEFAULT_HEAD_NOUNS,
        "company_nouns": DEFAULT_COMPANY_NOUNS,
        "not_names": DEFAULT_NOT_NAMES,
        "max_name_chars": 5,
        "model_entities": "refine",
        "gazetteer": [],
        "unit_nouns": DEFAULT_UNIT_NOUNS,
        "head_office_words": DEFAULT_HEAD_OFFICE_WORDS,
        "split_place_compounds": True,
        "event_verbs": DEFAULT_EVENT_VERBS,
        "officer_titles": DEFAULT_OFFICER_TITLES,
        "place_verbs": DEFAULT_PLACE_VERBS,
        "generic_heads": DEFAULT_GENERIC_HEADS,
    },
)
def make_entities(nlp: Language, name: str, scheme: str, honorifics: list[str], titles: dict[str, list[str]],
                  suffix_classes: dict[str, list[str]], head_nouns: dict[str, list[str]], company_nouns: list[str],
                  not_names: list[str], max_name_chars: int, model_entities: str,
                  gazetteer: list[dict], unit_nouns: dict[str, list[str]], head_office_words: list[str],
                  split_place_compounds: bool, event_verbs: list[str], officer_titles: dict[str, list[str]],
                  place_verbs: list[str], generic_heads: list[str]) -> "EntityRecognizer":
    recognizer = EntityRecognizer(scheme, honorifics, TitleLexicon.from_config(titles), suffix_classes, head_nouns,
                                  company_nouns, not_names, max_name_chars, model_entities,
                                  Gazetteer.from_config(gazetteer))
    recognizer.unit_nouns = [(word, cls) for cls, words in unit_nouns.items() for word in words]
    recognizer.head_office_words = set(head_office_words)
    recognizer.split_places = split_place_compounds
    recognizer.event_verbs = set(event_verbs)
    recognizer.cues = ContextCues.from_config(officer_titles, head_nouns, place_verbs)
    recognizer.generic_heads = set(generic_heads)
    return recognizer


class EntityRecognizer:
    """Collects candidate spans from every source, repairs them and keeps the best per stretch of text."""

    def __init__(self, scheme: str, honorifics: list[str], titles: TitleLexicon,
                 suffix_classes: dict[str, list[str]], head_nouns: dict[str, list[str]], company_nouns: list[str],
                 not_names: list[str], max_name_chars: int, model_entities: str, gazetteer: Gazetteer) -> None:
        self.scheme = scheme
        self.model_entities = model_entities
        self.honorifics = set(honorifics)
        self.titles = titles
        self.suffixes = [(cls, word) for cls, words in suffix_classes.items() for word in words]
        self.suffix_class_of = {word: cls for cls, word in reversed(self.suffixes)}
        self.suffix_lengths = sorted({len(word) for _, word in self.suffixes}, reverse=True)
        self.head_nouns = {cls: {w.lower() for w in words} for cls, words in head_nouns.items()}
        self.head_words = {w for words in head_nouns.values() for w in words}
        self.head_class = {w.lower(): cls for cls, words in reversed(list(head_nouns.items())) for w in words}
        self.cjk_heads = tuple(sorted((w for w in self.head_class if has_cjk(w)), key=len, reverse=True))
        self._head_ids = frozenset(get_string_id(w) for w in self.head_class)
        self.company_nouns = set(company_nouns)
        self.not_names = {n.casefold() for n in not_names}
        self.max_name_chars = max_name_chars
        self.gazetteer = gazetteer
        self._matcher = None
        self.unit_nouns: list[tuple[str, str]] = [(w, cls) for cls, words in DEFAULT_UNIT_NOUNS.items() for w in words]
        self.head_office_words = set(DEFAULT_HEAD_OFFICE_WORDS)
        self.split_places = True
        self.event_verbs = set(DEFAULT_EVENT_VERBS)
        self.cues = ContextCues.from_config(DEFAULT_OFFICER_TITLES, head_nouns, DEFAULT_PLACE_VERBS)
        self.generic_heads = set(DEFAULT_GENERIC_HEADS)

    # --- the component ------------------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        japanese = self.scheme == "ene"
        if japanese and self.split_places:
            split_place_compounds(doc)
        model_spans = list(doc.ents)
        candidates: list[Candidate] = self._gazetteer_matches(doc)
        candidates += [Candidate(s.start, s.end, s.label_, TRAINED_MODEL, "trained")
                       for s in doc.spans.get(TRAINED, [])]
        title_spans: list[Span] = []
        standalone = not (self.model_entities == "refine" and TRAINED in doc.spans)
        for span in model_spans:
            cls = map_label(span.label_, self.scheme)
            if cls == L.TITLE and _local_department(span):  # 県|建設|部: the prefecture's department, no title
                candidates.append(Candidate(span.start, span.end, L.GOVERNMENT, TRAINED_MODEL, "department"))
            elif cls == L.TITLE:
                if span[0].text not in COUNTRY_PREFIXES:  # 独|ボッシュ: a country's initial and a name, no title
                    title_spans.append(span)
            elif cls in L.ENTITY_CLASSES and (standalone or cls == L.PERSON or self._suffix_class(
                    span[:-1].text if len(span) > 1 and span[-1].text in AREA_TAILS else span.text)):
                # beside a trained model, the language model's own names count where they say what they are
                # (…政府, …大学: as strong as the trained model's, the longer winning) or name a person
                strong = not standalone and cls != L.PERSON
                candidates.append(Candidate(span.start, span.end, cls, TRAINED_MODEL if strong else LANGUAGE_MODEL,
                                            "model"))
        if not japanese:
            candidates = [c for c in map(lambda c: self._en_without_title(doc, c), candidates) if c is not None]
            if any(c.source == "model" and c.length == 1 for c in candidates):
                lower_case = {orth for orth, lower in doc.to_array([ORTH, LOWER]).tolist() if orth == lower}
                candidates = [c for c in candidates if not _common_word(doc, c, lower_case)]
        people = self._people_tokens(doc, candidates)
        if not japanese:
            candidates += self._en_named_after_company_word(doc)
        titles = (self.titles.ja_titles(doc, people, title_spans) if japanese
                  else self.titles.en_titles(doc, self._named_tokens(doc, candidates) | _recurring(doc, candidates)))
        if japanese:
            candidates += self._ja_people_by_titles(doc, titles, people)
            candidates += self._ja_people_with_honorifics(doc)
            candidates += self._ja_company_names(doc)
            candidates += self._ja_title_units(doc, titles)
            candidates += self._ja_units_of_holders(doc, titles)
            candidates += self._ja_cooperatives(doc)
            candidates += _ja_nicknamed_services(doc)
            candidates += self._ja_named_after_kind_noun(doc)
            candidates += self._ja_suffix_compounds(doc)
            candidates += self._ja_units_of(doc, candidates)
            candidates += self._ja_units_after(doc, candidates)
            candidates += self._ja_events_held(doc)
            candidates += _ja_local_departments(doc)
        else:
            inside_titles = {i for t in titles for i in range(t.start, t.end)}
            title_starts = {t.start for t in titles}
            candidates = [self._en_reclass(doc, c, title_starts) for c in candidates
                          if not (c.source == "model" and all(i in inside_titles for i in range(c.start, c.end)))]
            candidates += self._en_people_by_titles(doc, titles)
            candidates += self._en_suffixed_names(doc)
            candidates += self._en_events_with_year(doc)
            candidates += self._en_places_by_cue(doc)
            candidates += self._en_called_projects(doc)
            end = 0  # the dateline's place: NEW DELHI, 3 May (agency) –
            while end < min(len(doc), 4) and doc[end].is_alpha and doc[end].is_upper:
                end += 1
            if end and len(doc[:end].text) >= 3 and _dateline(doc, doc[:end]):
                candidates.append(Candidate(0, end, L.PLACE, STRUCTURE, "dateline"))
        candidates += self._named_by_head_noun(doc, japanese)
        if japanese:  # 社会医療法人の X: the legal form alone names nothing
            candidates = [c for c in candidates if not LEGAL_PERSON_FORM.fullmatch(doc[c.start:c.end].text)]
        repaired = [c for c in (self._repair(doc, c, japanese, titles) for c in candidates) if c is not None]
        chosen = _resolve(repaired)
        if japanese:
            chosen = self._split_units(doc, chosen)
        spans = []
        doc.user_data["harbour_sources"] = {(c.start, c.end): c.source for c in chosen}  # for diagnosis
        classes = self.cues.retype(doc, [(c.start, c.end) for c in chosen],
                                   [self._refine_class(doc, c, model_spans) for c in chosen], japanese,
                                   self._suffix_class)
        for c, cls in zip(chosen, classes):
            if not japanese and c.source not in {"gazetteer", "title"} and self.cues.en_title_part(doc, c.start, c.end):
                # (a name found after a title's end is its holder: Minister of Transport Jane Doe and …)
                continue
            span = Span(doc, c.start, c.end, label=cls if c.source != "gazetteer" else c.cls)
            if c.key:
                span.kb_id_ = c.key
            spans.append(span)
        doc.spans[ENTITIES] = sorted(spans, key=lambda s: s.start)
        if self.gazetteer.entries:
            doc._.harbour_same_as = {e.label: e.same_as for e in self.gazetteer.entries if e.same_as}
        doc.spans[TITLES] = self._free_titles(doc, titles, spans)
        return doc

    def _free_titles(self, doc: Doc, titles: list[Span], spans: list[Span]) -> list[Span]:
        """Titles without the entity tokens they overlap (工業|局|長 with the bureau 工業局 → 長)."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        free = []
        for title in titles:
            tokens = [i for i in range(title.start, title.end) if i not in taken]
            if not tokens or tokens != list(range(tokens[0], tokens[-1] + 1)):
                continue
            span = Span(doc, tokens[0], tokens[-1] + 1, label=title.label_)
            if span.text not in self.honorifics or span.text in self.titles.ja_words:
                free.append(span)
        return free

    # --- the gazetteer ------------------------------------------------------------------------------------

    def _gazetteer_matches(self, doc: Doc) -> list[Candidate]:
        found: list[Candidate] = []
        text = doc.text if self.gazetteer.entries else ""  # (built from the tokens at each access)
        for entry in self.gazetteer.entries:
            for name in entry.names:
                start = 0
                while (at := text.find(name, start)) >= 0:
                    start = at + 1
                    span = doc.char_span(at, at + len(name), alignment_mode="strict")
                    if span is not None and _bounded(text, at, at + len(name)):
                        found.append(Candidate(span.start, span.end, entry.cls, GAZETTEER, "gazetteer", entry.label))
        return found

    # --- people -------------------------------------------------------------------------------------------

    def _people_tokens(self, doc: Doc, candidates: list[Candidate]) -> set[int]:
        people = set()
        for c in candidates:
            if c.cls == L.PERSON:
                span = self._trim_person(doc, doc[c.start:c.end]) if self.scheme == "ene" else doc[c.start:c.end]
                people.update(range(span.start, span.end) if span is not None else ())
        return people

    def _named_tokens(self, doc: Doc, candidates: list[Candidate]) -> set[int]:
        return {i for c in candidates for i in range(c.start, c.end)
                if not (c.length == 1 and doc[c.start].lower_ in self.titles.en_heads | self.titles.en_modifiers)}

    def _ja_name_run(self, doc: Doc, start: int, step: int = 1) -> Span | None:
        """Tokens from ``start`` (forwards, or backwards with ``step=-1``) that read as a personal name: kanji,
        katakana words joined by ・ (アラン・ケイ), or a surname Sudachi knows with a given name it does not
        (朴ソヨン)."""
        i = start
        tokens: list[int] = []
        while 0 <= i < len(doc):
            token = doc[i]
            text = token.text
            if text == "・" and tokens and 0 <= i + step < len(doc) and is_katakana(doc[i + step].text) \
                    and is_katakana(doc[tokens[-1]].text):
                tokens.append(i)
                i += step
                continue
            if token.pos_ not in {"NOUN", "PROPN"} or text in self.honorifics or self.titles.ja_title_end(text):
                break
            previous = doc[tokens[-1]] if tokens else None
            katakana_after_surname = is_katakana(text) and previous is not None and step == 1 \
                and "人名" in previous.tag_ and "姓" in previous.tag_
            katakana_in_name = is_katakana(text) and (previous is None or is_katakana(previous.text)
                                                      or previous.text == "・")
            kanji_ok = is_kanji(text) and not (previous is not None and is_katakana(previous.text.replace("・", ""))
                                               and "人名" not in token.tag_)
            if not (kanji_ok or katakana_in_name or is_person_name_token(token) or katakana_after_surname):
                break
            tokens.append(i)
            i += step
        if not tokens:
            return None
        span = doc[min(tokens):max(tokens) + 1]
        if span[-1].text == "・" or span[0].text == "・":
            return None
        katakana = any(is_katakana(doc[t].text) for t in tokens)
        if len(span.text) > self.max_name_chars + (16 if katakana else 0):
            return None
        named = any(is_person_name_token(t) for t in span) or is_katakana_name(span.text)
        if not named and not (is_kanji(span.text) and 2 <= len(span.text) <= 4 and _unknown_name(span)):
            return None
        return span

    def _ja_people_by_titles(self, doc: Doc, titles: list[Span], people: set[int]) -> list[Candidate]:
        """A name right after a title (行政長官山田太郎, 社長、佐藤花子, 局長の山田教授) or right before one (山田太郎社長)."""
        found = []
        for title in titles:
            after = title.end
            if after < len(doc) and doc[after].text in {"、", "の"}:
                after += 1
            if after < len(doc):
                run = self._ja_name_run(doc, after)
                if run is not None:
                    found.append(Candidate(run.start, run.end, L.PERSON, STRUCTURE, "title"))
            if title.start > 0 and doc[title.start - 1].pos_ in {"NOUN", "PROPN"}:
                run = self._ja_name_run(doc, title.start - 1, step=-1)
                if run is not None and (any(is_person_name_token(t) for t in run) or is_katakana_name(run.text)):
                    found.append(Candidate(run.start, run.end, L.PERSON, STRUCTURE, "title"))
        return found

    def _ja_people_with_honorifics(self, doc: Doc) -> list[Candidate]:
        """Sudachi-tagged names followed by 氏/さん/教授/博士."""
        found = []
        for token in doc:
            if token.text in self.honorifics and token.i > 0 and is_person_name_token(doc[token.i - 1]):
                run = self._ja_name_run(doc, token.i - 1, step=-1)
                if run is not None:
                    found.append(Candidate(run.start, run.end, L.PERSON, STRUCTURE, "honorific"))
        return found

    def _en_without_title(self, doc: Doc, c: Candidate) -> Candidate | None:
        """The small model's names that swallowed the title after them (Lisbon Mayor, Acme Chairman) lose it; what
        a mayor, governor or premier heads is a place. Its names with no capital at all (the metro's) are dropped."""
        if c.source != "model":
            return c
        if not doc[c.start].text[:1].isupper() and not any(t.text[:1].isupper() or t.text[:1].isdigit()
                                                            for t in doc[c.start:c.end]):
            return None
        start = c.start  # President Jane Doe tagged as one name: the title is no part of it
        while start < c.end - 1 and doc[start].lower_ in self.titles.en_heads | self.titles.en_modifiers:
            start += 1
        if start > c.start:
            c = Candidate(start, c.end, c.cls, c.priority, c.source)
        # Lisbon Mayor Jane Doe, Acme spokesperson Jane Doe as one name: it ends before the title
        end = next((i for i in range(c.start + 1, c.end - 1) if doc[i].lower_ in self.cues.place_titles
                    or (doc[i].lower_ in self.titles.en_heads and doc[i].is_lower)), c.end)
        while end - c.start > 1 and doc[end - 1].lower_ in self.titles.en_heads:  # Lisbon Mayor
            end -= 1
        if end < c.end or c.end < len(doc) and doc[c.end].lower_ in self.titles.en_heads:
            while end - c.start > 1 and doc[end - 1].lower_ in self.titles.en_modifiers:  # Acme Tankers Chief|Executive
                end -= 1
        if end == c.end:
            return c
        cls = L.PLACE if doc[end].lower_ in self.cues.place_titles else L.ORGANIZATION if c.cls == L.PERSON else c.cls
        return Candidate(c.start, end, cls, c.priority, c.source)

    def _en_people_by_titles(self, doc: Doc, titles: list[Span]) -> list[Candidate]:
        """Capitalised words right after a title ("Chief Executive Officer Jane Doe", "president, Jane Doe")."""
        found = []
        for title in titles:
            i = title.end
            apposed = i < len(doc) and doc[i].text == ","  # the company's president, Jane Doe,
            if apposed:
                i += 1
            while i < len(doc) and doc[i].text.rstrip(".") in {h.rstrip(".") for h in self.honorifics}:
                i += 1
            start = i
            while i < len(doc) and (doc[i].pos_ == "PROPN" and doc[i].is_title or _hyphenated(doc, i)) and (
                    doc[i].ent_type_ in {"", "PERSON", "PRODUCT", "WORK_OF_ART", "FAC", "LOC", "ORG"} or apposed
                    or doc[i].ent_type_ == doc[title.start].ent_type_):  # one ORG over Lisbon Mayor Jane Doe
                i += 1
            if apposed and i < len(doc) and doc[i].text not in {",", ".", "and"}:
                continue  # the president, Acme Motors' chief …: not a name closed by the apposition
            if any(doc[j].ent_type_ == "ORG" for j in range(start, i)) and (
                    self._suffix_class(doc[start:i].text) and doc[i - 1].text not in SURNAME_SUFFIXES):
                continue  # President Acme Motors: a company after the title; President Per Bank: a person
            if 2 <= i - start <= 6 and doc[i - 1].is_title:
                found.append(Candidate(start, i, L.PERSON, STRUCTURE, "title"))
        return found

    def _en_reclass(self, doc: Doc, c: Candidate, title_starts: set[int] = frozenset()) -> Candidate:
        """The small English model's usual slips: an acronym tagged PERSON is an organisation (JAXA); a single
        word tagged PERSON right after "in" is a place (a plant in Toulouse), and so is a PERSON right after
        "Place," (Mahendragiri, Tamil Nadu); a name apposed to a word for a company is a company (Acme, a
        Canadian start-up); the capitalised name opening a dateline is a place (PARIS, 3 May –); a name apposed to a
        title is a person (Jane Doe, chairwoman of Acme); a person's name ending in a word for a company, or right
        after one, is a company (Helix Bio; warehouse operator Acme Storage)."""
        span = doc[c.start:c.end]
        if c.source == "model" and _dateline(doc, span):
            return Candidate(c.start, c.end, L.PLACE, c.priority, c.source)
        if c.source == "model" and c.length == 2 and span[0].text in PLACE_NAME_STARTS and span[1].pos_ == "PROPN":
            return Candidate(c.start, c.end, L.PLACE, c.priority, c.source)  # Port Louis, Fort Worth: a place
        if c.source == "model" and c.length >= 2 and span[0].lower_ in self.company_nouns | ENGLISH_COMPANY_LEADS:
            end = c.end  # Startup Lumora Health: the word for a company opens the sentence, the name follows
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title and not doc[end].ent_type_:
                end += 1
            return Candidate(c.start + 1, end, L.COMPANY, c.priority, c.source)
        if c.source == "model" and c.cls == L.ORGANIZATION and c.length == 1 and _model_number(span.text):
            return Candidate(c.start, c.end, L.PRODUCT, c.priority, c.source)  # its first A321XLR
        if c.source == "model" and c.cls in {L.ORGANIZATION, L.COMPANY, L.PERSON, L.CREATIVE_WORK} and c.length >= 2 \
                and c.start > 0 \
                and doc[c.start - 1].like_num and doc[c.start - 1].ent_type_ == "CARDINAL" \
                and any(ch.isdigit() for ch in span[-1].text) and any(ch.isalpha() for ch in span[-1].text):
            return Candidate(c.start, c.end, L.PRODUCT, c.priority, c.source)  # 60 Acme T8 trucks: counted models
        if c.source == "model" and c.cls in {L.PLACE, L.FACILITY, L.ORGANIZATION, L.COMPANY} and c.length >= 2 \
                and c.end + 1 < len(doc) and doc[c.end].text == "," and c.end + 1 in title_starts \
                and all(t.pos_ == "PROPN" for t in span) and not self._suffix_class(span.text):
            return Candidate(c.start, c.end, L.PERSON, c.priority, c.source)
        if c.source == "model" and c.cls == L.PERSON and c.length >= 2 \
                and self._suffix_class(span.text) == L.COMPANY and span[-1].text not in SURNAME_SUFFIXES:
            return Candidate(c.start, c.end, L.COMPANY, c.priority, c.source)
        if c.source == "model" and c.start > 0 and (
                c.cls == L.PERSON or c.cls == L.PLACE and c.start > 1 and doc[c.start - 2].is_lower) \
                and doc[c.start - 1].lower_.endswith(tuple(self.company_nouns)) and doc[c.start - 1].pos_ == "NOUN":
            # warehouse operator Acme Storage; rail group Tallvik (a place's name, but a word for a company before it)
            return Candidate(c.start, c.end, L.COMPANY, c.priority, c.source)
        if c.source != "model" or c.cls not in {L.PERSON, L.ORGANIZATION, L.PLACE}:
            return c
        company_words = tuple(n for n in self.company_nouns if n.isascii())
        if c.end + 1 < len(doc) and doc[c.end].text == "," and any(
                t.dep_ == "appos" and t.head.i in range(c.start, c.end)
                and doc[min(x.i for x in t.subtree):t.i + 1].text.lower().endswith(company_words)
                for t in doc[c.end + 1:min(len(doc), c.end + 8)]):
            return Candidate(c.start, c.end, L.COMPANY, c.priority, c.source)
        if c.cls != L.PERSON:
            return c
        if c.length == 1 and span.text.isupper() and len(span.text) >= 2:
            return Candidate(c.start, c.end, L.ORGANIZATION, c.priority, c.source)
        before = doc[c.start - 1] if c.start > 0 else None
        apposed_title = c.end + 1 < len(doc) and doc[c.end].text == "," and c.end + 1 in title_starts
        if before is not None and ((before.lower_ == "in" or before.lemma_ in {"visit", "tour"}) and c.length == 1 or (
                before.text == "," and c.start > 1 and doc[c.start - 2].ent_type_ in {"GPE", "LOC"}
                and not apposed_title)):
            return Candidate(c.start, c.end, L.PLACE, c.priority, c.source)
        return c

    def _en_places_by_cue(self, doc: Doc) -> list[Candidate]:
        """Mombasa-based X (a name before "-based"), a start-up from Braga (a name after a word for a company and
        "from"): places, even where the tagger saw nothing or a company."""
        found = []
        lowers = doc.to_array(LOWER).tolist()  # (read from the Doc's array: no Token for the other words)
        hyphen, from_ = get_string_id("-"), get_string_id("from")
        verbs = {get_string_id(v) for v in self.cues.place_verbs}
        for i, lower in enumerate(lowers[1:-1], 1):
            if lower == hyphen and lowers[i + 1] in verbs and doc[i - 1].is_title:
                start = i - 1
                while start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" \
                        and not doc[start - 1].is_sent_start:
                    start -= 1
                found.append(Candidate(start, i, L.PLACE, LANGUAGE_MODEL, "based"))
            elif lower == from_ and doc[i - 1].lower_ in self.company_nouns:
                end = i + 1
                while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
                    end += 1
                if end > i + 1:
                    found.append(Candidate(i + 1, end, L.PLACE, STRUCTURE, "from"))
        return found

    def _en_called_projects(self, doc: Doc) -> list[Candidate]:
        """The project, called X; a pilot scheme named X: the name a project is given is its (a product's, as the
        ontology has no class for a project), whatever the tagger made of it (a company, a place); so is the name
        a thing is sold under (sold under the name X; the service, branded X)."""
        found = []
        cues = {get_string_id(w) for w in ("name", "brand", "called", "named", "dubbed", "branded")}
        lowers = doc.to_array(LOWER).tolist()  # (no Token made for the other words)
        for token in (doc[i] for i in range(2, len(doc) - 1) if lowers[i] in cues):
            if token.lower_ in {"name", "brand"} and doc[token.i - 1].lower_ == "the" \
                    and doc[token.i - 2].lower_ == "under":
                pass  # sold under the name X: a product's name
            elif token.lower_ == "branded" and (doc[token.i - 2] if doc[token.i - 1].text == "," else
                                                doc[token.i - 1]).pos_ == "NOUN":
                pass  # the service, branded X: the name it is sold under
            elif token.lower_ not in {"called", "named", "dubbed"}:
                continue
            elif (doc[token.i - 2] if doc[token.i - 1].text == "," else doc[token.i - 1]).lemma_.lower() \
                    not in PROJECT_WORDS:
                continue
            end = token.i + 1
            while end < len(doc) and doc[end].text[:1].isupper() and doc[end].pos_ in {"PROPN", "NOUN", "NUM"}:
                end += 1
            if end > token.i + 1:
                found.append(Candidate(token.i + 1, end, L.PRODUCT, STRUCTURE, "called"))
        return found

    def _en_events_with_year(self, doc: Doc) -> list[Candidate]:
        """A capitalised name and a year after "at", "attended" or "during" is an event (at CES 2026, during VivaTech
        2025, attended Web Summit 2024)."""
        found: list[Candidate] = []
        for match in _YEAR_WORD.finditer(doc.text):
            year = doc.char_span(match.start(), match.end())
            if year is None or year.start < 2:
                continue
            year = year[0]
            start = year.i
            while start > 0 and year.i - start < 4 and doc[start - 1].pos_ == "PROPN" \
                    and doc[start - 1].text[:1].isupper():
                start -= 1
            if start < year.i and start > 0 and doc[start - 1].lower_ in EVENT_CUES \
                    and doc[start].ent_type_ not in {"PERSON", "GPE", "DATE"}:
                found.append(Candidate(start, year.i + 1, L.EVENT, TRAINED_MODEL, "event year"))
        return found

    def _en_named_after_company_word(self, doc: Doc) -> list[Candidate]:
        """quantum computing start-up Lattice Quantum, Swedish battery maker Voltrek: a run of capitalised proper
        nouns right after a word for a company is that company, even where the tagger saw nothing."""
        found = []
        for token in doc[:-1]:
            if not self.cues.en_kind_before(doc, token.i + 1):
                continue
            end = token.i + 1
            while end < len(doc) and end - token.i <= 4 and doc[end].text[:1].isupper() and (
                    doc[end].pos_ == "PROPN" or (  # (Acme Forsyning: a title-case word the tagger took for a verb)
                        end > token.i + 1 and doc[end].is_title and doc[end].tag_ in {"VBG", "NN", "NNS"})) \
                    and (doc[end].ent_type_ not in NOT_COMPANY_TYPES or (  # insurer Coral(NORP) Mutual
                        doc[end].ent_type_ == "NORP" and (end > token.i + 1 or (
                            end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN")))) \
                    and doc[end].lower_ not in self.cues.en_title_starts \
                    and doc[end].text.casefold() not in self.not_names:
                end += 1  # (the tagger's person inside is its slip: start-up Lumen Quarry)
            if end > token.i + 1 and doc[token.i + 1:end].text.casefold() not in self.not_names:
                found.append(Candidate(token.i + 1, end, L.COMPANY, LANGUAGE_MODEL, "company word"))
        return found

    def _en_suffixed_names(self, doc: Doc) -> list[Candidate]:
        """Capitalised proper-noun runs ending in a word for their kind (… Parks Corporation, … University)."""
        found = []
        # one pass over the tokens: the loop below reads these lists, not the Doc (each doc[i] builds a Token)
        proper = [p == PROPN for p in doc.to_array(POS).tolist()] + [False]
        named = [p and doc[i].text[:1].isupper() for i, p in enumerate(proper[:-1])]
        lowers = doc.to_array(LOWER).tolist()
        i = 0
        while i < len(doc):
            if not named[i]:
                i += 1
                continue
            end = i
            while end < len(doc) and (named[end] or (lowers[end] in _JOINING_IDS and proper[end + 1]) or (
                    lowers[end] == _COMMA_ID and proper[end + 1] and _OF_ID in lowers[i:end]
                    and _AND_IDS & set(lowers[end + 1:end + 4]))):  # Ministry of Economy, Trade and Industry
                end += 1
            cls = self._suffix_class(doc[i:end].text)
            joint = next((j for j in range(i + 2, end - 1) if lowers[j] in _AND_IDS
                          and self._suffix_class(doc[i:j].text) == cls), None)
            if cls is not None and joint is not None and cls != L.GOVERNMENT:  # Acme Materials and Orion Shipping
                found.append(Candidate(i, joint, cls, TRAINED_MODEL, "suffix"))
                i = joint + 1
            if end - i >= 2 and cls is not None:
                found.append(Candidate(i, end, cls, TRAINED_MODEL, "suffix"))
            i = max(end, i + 1)
        return found

    # --- organisations -------------------------------------------------------------------------------------

    def _ja_company_names(self, doc: Doc) -> list[Candidate]:
        """株式会社 before or after a name makes it a company: 株式会社ミライ…, 関西…株式会社; a name after a non-profit's
        legal form (公益財団法人X, 社会福祉法人X) is an organisation's."""
        found = []
        for token in doc:
            if token.text.endswith(LEGAL_PERSON_NOUNS):  # 公益|財団法人|X, 社会|福祉|法人|X: an organisation
                start, end = token.i, token.i + 1
                while start > 0 and doc[start - 1].text in LEGAL_PERSON_PREFIXES:
                    start -= 1
                while end < len(doc) and (self._name_part(doc, end, forwards=True) or (
                        "サ変" in doc[end].tag_ and end + 1 < len(doc) and self._name_part(doc, end + 1, forwards=True))):
                    end += 1  # (…芸術|振興|財団: a verbal noun inside the name)
                if end > token.i + 1 and LEGAL_PERSON_FORM.fullmatch(doc[start:token.i + 1].text) \
                        and doc[start:token.i + 1].text not in LEGAL_PERSON_NOUNS:
                    found.append(Candidate(start, end, L.ORGANIZATION, STRUCTURE, "legal form"))
                continue
            if token.text not in {"株式会社", "有限会社", "合同会社"}:
                continue
            end = token.i + 1
            while end < len(doc) and self._name_part(doc, end, forwards=True):
                end += 1
            if end > token.i + 1:
                found.append(Candidate(token.i, end, L.COMPANY, STRUCTURE, "legal form"))
                continue
            start = token.i
            while start > 0 and self._name_part(doc, start - 1, forwards=False):
                start -= 1
            while start < token.i and doc[start].text in NOT_NAME_PREFIXES:
                start += 1
            if start < token.i:
                found.append(Candidate(start, token.i + 1, L.COMPANY, STRUCTURE, "legal form"))
        return found

    def _name_part(self, doc: Doc, i: int, forwards: bool) -> bool:
        """Can token ``i`` be part of an organisation's name next to its legal form?"""
        token = doc[i]
        if token.text in JOINERS:
            j = i + 1 if forwards else i - 1
            return 0 <= j < len(doc) and doc[j].pos_ in {"NOUN", "PROPN"}
        if token.pos_ not in {"NOUN", "PROPN", "NUM"} or _is_marker(token) or token.text in {"等", "など", "ら"}:
            return False
        if self.titles.ja_title_end(token.text) or (forwards and "サ変" in token.tag_
                                                    and self.suffix_class_of.get(token.text) != L.COMPANY):
            return False  # 株式会社X代表取締役, 株式会社X設立 (but 株式会社X化成)
        return True

    def _ja_title_units(self, doc: Doc, titles: list[Span]) -> list[Candidate]:
        """The unit inside a title: イノベーション…および工業局長 → the bureau イノベーション…および工業局."""
        found = []
        for title in titles:
            core = self.titles.ja_title_end(title.text) or ""
            unit_end = title.end - 1 if doc[title.end - 1].text == "長" else None
            if unit_end is None and core.endswith("長官") and title.text != core:
                # 産業通商資源部長官: the unit is the compound before 長官
                unit_end = next((i + 1 for i in range(title.end - 1, title.start - 1, -1)
                                 if doc[i].text.endswith(tuple(self.titles.ja_units))), None)
            if unit_end is None or unit_end <= title.start:
                continue
            start = title.start
            while start > 0 and not is_person_name_token(doc[start - 1]) and (
                    (doc[start - 1].pos_ in {"NOUN", "PROPN"} and not _is_marker(doc[start - 1]))
                    or (doc[start - 1].text in JOINERS and start > 1 and doc[start - 2].pos_ in {"NOUN", "PROPN"})):
                start -= 1
            while start < unit_end and doc[start].text in NOT_NAME_PREFIXES:
                start += 1
            unit = doc[start:unit_end]
            if unit.text.endswith(LOCAL_UNIT_SUFFIXES) and unit_end == title.end - 1 \
                    and self._parent_before(doc, start):
                continue  # 農林水産省の山田太郎輸出促進課長, 大阪府の経済産業部長: an office of the ministry named, no entity
            if len(unit.text) > 1 and unit.text not in self.titles.ja_units:
                municipal = unit.text.endswith(("市", "町", "村", "区", "県", "府", "都", "道", "州"))
                found.append(Candidate(unit.start, unit.end, L.ADMIN_AREA if municipal else L.GOVERNMENT,
                                       STRUCTURE, "title unit"))
        return found

    def _ja_units_of_holders(self, doc: Doc, titles: list[Span]) -> list[Candidate]:
        """A unit named before の and a person holding its head's title: 開発本部の山田花子本部長, 同省管理局の…局長,
        X庁企画部の…部長 (the organisation written before the unit is one of its own: X庁 + 企画部)."""
        found = []
        for title in titles:
            unit_word = title.text[:-1] if title.text.endswith("長") else ""
            if unit_word not in UNIT_HEAD_WORDS:
                continue
            j = title.start
            while j > 0 and is_person_name_token(doc[j - 1]):
                j -= 1
            if j == title.start or j < 2 or doc[j - 1].text != "の":
                continue
            end = start = j - 1
            while start > 0 and end - start < 6 and doc[start - 1].pos_ in {"NOUN", "PROPN"} \
                    and not _is_marker(doc[start - 1]) and not is_person_name_token(doc[start - 1]) \
                    and not doc[start - 1].text.startswith("同"):
                start -= 1
            while start < end and doc[start].text in NOT_NAME_PREFIXES:
                start += 1
            if not doc[start:end].text.endswith(unit_word) or len(doc[start:end].text) < len(unit_word) + 2 \
                    or doc[start].text in LOCAL_GOVERNMENT_WORDS or L.CLASS_KIND.get(self._suffix_class(
                        doc[start].text, cjk_only=True)) == "place":
                continue  # (の部長: no unit named; 県建設部, 愛知県|産業労働部: a local government's, found already)
            parent = next((i for i in range(end - 1, start, -1)
                           if L.CLASS_KIND.get(self._suffix_class(doc[start:i].text, cjk_only=True)) == "organization"
                           and len(doc[i:end].text) >= len(unit_word) + 2), None)
            if parent is not None:
                parent_cls = self._suffix_class(doc[start:parent].text, cjk_only=True)
                found.append(Candidate(start, parent, parent_cls, STRUCTURE, "unit of holder"))
                start = parent
            anaphor = doc[start - 1].text if start > 0 else ""
            governed = (parent is not None and parent_cls == L.GOVERNMENT) or anaphor[-1:] in {"省", "庁", "県", "府"} \
                or unit_word in {"局", "課"}
            found.append(Candidate(start, end, L.GOVERNMENT if governed else L.ORGANIZATION, STRUCTURE,
                                   "unit of holder"))
        return found

    @staticmethod
    def _ja_cooperatives(doc: Doc) -> list[Candidate]:
        """A cooperative's name runs back over any word to the particle before it (X市の|みどり野|漁業協同組合):
        the tagger cuts such names at a word in kana."""
        found = []
        for token in doc:
            if not token.text.endswith(COOPERATIVE_ENDINGS):
                continue
            start = token.i
            while start > 0 and token.i - start < 5 and not _is_marker(doc[start - 1]) \
                    and doc[start - 1].pos_ in {"NOUN", "PROPN", "ADV", "ADJ"} and doc[start - 1].text not in {"など", "等"}:
                start -= 1
            if start < token.i or len(token.text) > max(len(e) for e in COOPERATIVE_ENDINGS):
                found.append(Candidate(start, token.i + 1, L.ORGANIZATION, STRUCTURE, "cooperative"))
        return found

    def _parent_before(self, doc: Doc, start: int) -> bool:
        """Is a ministry or a prefecture named before a title (over the holder's name), joined by の?"""
        j = start - 1
        while j > 0 and is_person_name_token(doc[j]):
            j -= 1
        return j > 0 and doc[j].text == "の" and self._suffix_class(doc[j - 1].text, cjk_only=True) in {
            L.GOVERNMENT, L.ADMIN_AREA} and doc[j - 1].text[-1:] in {"省", "庁", "府", "県", "都", "道"}

    def _ja_named_after_kind_noun(self, doc: Doc) -> list[Candidate]:
        """A name right after a word for a company is that company: スタートアップ企業Acme Labs, 大手企業アクメ電子,
        通信会社であるNTTドコモ, 宇宙ベンチャーの北斗スペース, 半導体大手のX, 飲料大手、X."""
        nouns = tuple(n for n in self.company_nouns if has_cjk(n) and len(n) > 1) + LEGAL_PERSON_NOUNS
        found = []
        for token in doc:  # 大手企業, 通信会社 (but 社 only alone: 本社 is a head office)
            if not (token.text.endswith(nouns) or token.text in self.company_nouns) or token.i + 1 >= len(doc):
                continue
            cls = L.ORGANIZATION if token.text.endswith(LEGAL_PERSON_NOUNS) else L.COMPANY  # 医療法人の X
            i = token.i + 1
            if i + 2 < len(doc) and doc[i].text == "で" and doc[i + 1].lemma_ == "ある":
                i += 2
            elif i + 1 < len(doc) and doc[i].text in {"の", "、"}:  # 宇宙ベンチャーの北斗スペース, 飲料大手、X
                i += 1
            end = i
            while end < len(doc) and not _is_marker(doc[end]) and doc[end].pos_ in {"NOUN", "PROPN", "NUM", "SYM"} \
                    and not self.titles.ja_title_end(doc[end].text) and end - i < 6:
                end += 1
            if end == i or end >= len(doc) or not _is_marker(doc[end]):
                continue
            kind_word = nouns + ("社",)
            while i < end and (doc[i].text in JOINERS or (doc[i].pos_ == "NOUN" and doc[i].text.endswith(kind_word)
                                                          and i + 1 < end)):
                i += 1  # 大手|新聞社|・|X: the kind again, then the name
            run = doc[i:end]
            if len(run) and not run[-1].text.endswith(kind_word) and run.text.casefold() not in self.not_names \
                    and (name_like(run, strict=True) or (len(run) >= 2 and is_katakana(run[0].text)
                                                         and self._suffix_class(run.text) == L.COMPANY)):
                # (物流大手のミナト運輸: a katakana name and a word that says it is a company)
                found.append(Candidate(i, end, cls, STRUCTURE, "kind noun"))
        return found

    def _ja_suffix_compounds(self, doc: Doc) -> list[Candidate]:
        """Noun compounds ending in a word for an organisation, facility or event, with a proper name (or an
        ordinal) before it: 日本・ASEAN経済フォーラム, 第1ターミナル, 外務省アジア大洋州局, シンガポール国立大学."""
        found = []
        for start, end in _noun_compounds(doc):
            for stop in range(end, start, -1):
                text = doc[start:stop].text
                cls = self._suffix_class(text, cjk_only=True)
                if cls is None and _local_government_unit(doc[start:stop]):
                    found.append(Candidate(start, stop, L.GOVERNMENT, STRUCTURE, "suffix"))  # 大阪府|商工労働部
                    break
                if cls is None or cls == L.COMPANY:
                    continue
                head = text[: -len(self._suffix_word(text))]
                if head.startswith(GENERIC_PREFIXES) or len(head) < 2:
                    break
                tokens = doc[start:stop]
                if stop < len(doc) and doc[stop].text == "長" and any(is_person_name_token(t) for t in tokens):
                    break  # 岡部修一|局|長: a person and a title, not a bureau
                evidence = (any(t.pos_ == "PROPN" or is_latin_name(t.text) for t in tokens[:-1])
                            and tokens[-1].text not in self.generic_heads) or (
                    cls == L.FACILITY and tokens[0].text == "第" and len(tokens) > 2 and tokens[1].like_num)
                begin = _entity_start(doc, start)
                while begin < stop - 1 and doc[begin].text in NOT_NAME_PREFIXES:
                    begin += 1
                kind_word = max((k for k in range(begin, stop - 1) if doc[k].text in self.company_nouns), default=None)
                if kind_word is not None:  # 運営会社|みなと|アリーナ|マネジメント: the name starts after the kind word
                    begin = kind_word + 1
                if not evidence:
                    break
                if cls == L.EVENT and stop < end and _YEAR_TAIL.fullmatch(doc[stop].text):
                    stop += 1  # …ショー|2025
                cls = _foreign_province(text, cls)
                joint = next((i for i in range(begin + 1, stop - 1) if doc[i].text == "・"), None)
                if joint is not None and L.CLASS_KIND.get(cls) == "place" \
                        and all(doc[i].ent_type_ in ENE_PLACES for i in range(begin, joint)) \
                        and doc[joint].ent_iob_ != "I":
                    # ベトナム・ドンナイ省: the country, then a place in it
                    found.append(Candidate(begin, joint, L.PLACE, STRUCTURE, "suffix"))
                    begin = joint + 1
                found.append(Candidate(begin, stop, cls, STRUCTURE, "suffix"))
                break
        return found

    def _ja_units_of(self, doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
        """A unit or site named after its organisation: ORG の 先端技術ラボ, ORG の 北米局."""
        owners = {c.end for c in candidates if L.CLASS_KIND.get(c.cls) in {"organization", "facility"}}
        owners |= {e.end for e in doc.ents}
        anaphors = {t.i + 1 for t in doc if _anaphor_or_direction(t.text) and t.text[:1] == "同"}
        anaphors |= {t.i + 1 for t in doc[1:] if doc[t.i - 1].text == "同" and t.text in ANAPHOR_HEADS}
        found = []
        for end in owners | anaphors:
            if end + 1 >= len(doc) or doc[end].text != "の":
                continue
            stop = end + 1
            while stop < len(doc) and doc[stop].pos_ in {"NOUN", "PROPN"} and not _is_marker(doc[stop]):
                stop += 1
            if stop - (end + 1) < (3 if end in anaphors and end not in owners else 2):
                continue  # 同大学の宇宙システム研究センター, not 同大学の研究センター
            text = doc[end + 1:stop].text
            cls = self._suffix_class(text, cjk_only=True)
            if doc[end + 1].text in NOT_NAME_PREFIXES or text.startswith(GENERIC_PREFIXES):
                continue  # ORG の 新工場: a new plant, not a name
            if cls in {L.FACILITY, L.GOVERNMENT}:
                found.append(Candidate(end + 1, stop, cls, STRUCTURE, "unit of"))
        return found

    def _ja_events_held(self, doc: Doc) -> list[Candidate]:
        """A quoted or Latin-script name right after a verb that holds an event is that event: 北九州市で開かれた「X」,
        幕張メッセで開かれたCEATEC 2025."""
        found: list[Candidate] = []
        for verb in doc:
            if verb.lemma_ not in self.event_verbs or verb.pos_ not in {"VERB", "NOUN"}:
                continue
            i = verb.i + 1
            while i < len(doc) and (doc[i].pos_ == "AUX" or doc[i].text in {"中", "の"}):
                i += 1  # 開かれた, 開催中の
            if i + 1 >= len(doc):
                continue
            if doc[i].text == "「":
                close = next((j for j in range(i + 2, min(len(doc), i + 15)) if doc[j].text == "」"), None)
                if close is not None:
                    found.append(Candidate(i + 1, close, L.EVENT, STRUCTURE, "held"))
            elif is_latin_name(doc[i].text) and (verb.lemma_ != "開く" or any(
                    t.lemma_ in {"れる", "られる"} for t in doc[verb.i + 1:i])):  # not 会見を開いたX社
                end = i
                while end < len(doc) and end - i < 6 and doc[end].text.strip().isascii() and (
                        doc[end].text[:1].isalnum() or not doc[end].text.strip()):
                    end += 1
                while end > i and not doc[end - 1].text.strip():
                    end -= 1
                longer = end  # G20|首脳会議: the Latin name opens a compound that ends in a word for an event
                while longer < len(doc) and longer - end < 4 and doc[longer].pos_ == "NOUN" and has_cjk(doc[longer].text):
                    longer += 1
                if longer > end and self._suffix_class(doc[i:longer].text) == L.EVENT:
                    end = longer
                found.append(Candidate(i, end, L.EVENT, STRUCTURE, "held"))
        return found

    def _ja_units_after(self, doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
        """A unit written as one word right after its organisation: 京都大学|医学部, ORG|研究所 (not a bare 研究所)."""
        found = []
        for end in {c.end for c in candidates if L.CLASS_KIND.get(c.cls) == "organization"}:
            token = doc[end] if end < len(doc) else None
            if token is None or token.pos_ != "NOUN" or any(c.start <= end < c.end for c in candidates):
                continue
            cls = next((cls for word, cls in self.unit_nouns if token.text.endswith(word) and len(token.text) > len(word)),
                       None)
            if cls is not None:
                found.append(Candidate(end, end + 1, cls, STRUCTURE, "unit after"))
        return found

    def _split_units(self, doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
        """An organisation written before its unit is two: 外務省アジア大洋州局 → 外務省 + アジア大洋州局."""
        result = []
        for c in chosen:
            if c.cls != L.PERSON and (parts := self._state_and_city(doc, c)):
                result += parts  # テキサス州|オースティン, whatever the tagger took it for
                continue
            if L.CLASS_KIND.get(c.cls) == "place" and (parts := self._prefecture_and_city(doc, c)):
                result += parts
                continue
            if L.CLASS_KIND.get(c.cls) == "organization" and c.length >= 2 and (parts := self._unit_at_end(doc, c)):
                result += parts  # 熊本大学|薬学部 tagged as one name
                continue
            if c.length >= 2 and c.source != "gazetteer" and (parts := self._company_site(doc, c)):
                result += parts  # トヨタ自動車|元町工場 tagged as one name
                continue
            if c.cls not in {L.GOVERNMENT, L.ORGANIZATION} or c.length < 2:
                result.append(c)
                continue
            span = doc[c.start:c.end]
            own = self._suffix_class(span.text)
            split = None
            for i in range(c.start + 1, c.end):
                head, tail = doc[c.start:i].text, doc[i:c.end].text
                # a ministry before its bureau is an organisation of its own; a city or prefecture before its
                # department (横浜市都市整備局) is part of that department's name
                if self._suffix_class(head) == L.GOVERNMENT and not head.endswith("政府"):
                    if own in {L.GOVERNMENT, L.ORGANIZATION} and len(tail) > 2 and self._suffix_class(tail) == own \
                            and tail not in self.suffix_class_of:
                        split = i
                        break
            if split is None:
                result.append(c)
                continue
            result.append(Candidate(c.start, split, L.GOVERNMENT, c.priority, c.source + "+split"))
            result.append(Candidate(split, c.end, own or c.cls, c.priority, c.source + "+split"))
        return result

    def _company_site(self, doc: Doc, c: Candidate) -> list[Candidate]:
        """A company's name, then a named site of it (トヨタ自動車|元町工場, X電力|Y原子力発電所): the company and the
        site; a new site (X自動車|新工場) leaves the company alone; a bare kind word (X鉄道研究所) ends one name."""
        if self._suffix_class(doc[c.start:c.end].text, cjk_only=True) != L.FACILITY:
            return []
        for i in range(c.start + 1, c.end):
            head, tail = doc[c.start:i].text, doc[i:c.end].text
            if len(self._suffix_word(head, cjk_only=True) or "") < 2 \
                    or self._suffix_class(head, cjk_only=True) != L.COMPANY:
                continue
            if tail in self.suffix_class_of:
                return []  # X鉄道|研究所, X|会館: one name
            company = Candidate(c.start, i, L.COMPANY, c.priority, c.source + "+split")
            if tail.startswith(GENERIC_PREFIXES) or doc[i].text in NOT_NAME_PREFIXES:
                return [company]
            return [company, Candidate(i, c.end, L.FACILITY, c.priority, c.source + "+split")]
        return []

    def _unit_at_end(self, doc: Doc, c: Candidate) -> list[Candidate]:
        """An organisation's name followed by a unit word of its own (…大学|薬学部): the organisation and its unit."""
        last = doc[c.end - 1]
        unit_cls = next((cls for word, cls in self.unit_nouns if last.text.endswith(word) and len(last.text) > len(word)),
                        None)
        head_cls = self._suffix_class(doc[c.start:c.end - 1].text)
        if unit_cls is None or L.CLASS_KIND.get(head_cls) != "organization":
            return []
        return [Candidate(c.start, c.end - 1, head_cls, c.priority, c.source + "+split"),
                Candidate(c.end - 1, c.end, unit_cls, c.priority, c.source + "+split")]

    def _state_and_city(self, doc: Doc, c: Candidate) -> list[Candidate]:
        """テキサス州オースティン: a foreign state (…州) and a city written in katakana after it are two places."""
        for i in range(c.start + 1, c.end):
            head, tail = doc[c.start:i].text, doc[i:c.end].text
            if len(head) >= 3 and head.endswith("州") and len(tail) >= 2 and is_katakana(tail):
                return [Candidate(c.start, i, L.ADMIN_AREA, c.priority, c.source + "+split"),
                        Candidate(i, c.end, L.CITY, c.priority, c.source + "+split")]
        return []

    def _prefecture_and_city(self, doc: Doc, c: Candidate) -> list[Candidate]:
        """愛知県豊田市 is two places, the city in the prefecture (the relation extractor links them)."""
        for i in range(c.start + 1, c.end):
            head, tail = doc[c.start:i].text, doc[i:c.end].text
            if len(head) >= 3 and head.endswith("市") and doc[i].text.endswith("区") and i + 1 < c.end \
                    and is_kanji(doc[i].text) and doc[i + 1].text not in AREA_TAILS:
                return [Candidate(c.start, i, L.CITY, c.priority, c.source + "+split"),  # 千葉市|美浜区|中瀬
                        Candidate(i, i + 1, L.CITY, c.priority, c.source + "+split"),
                        Candidate(i + 1, c.end, L.PLACE, c.priority, c.source + "+split")]
            if len(head) >= 3 and len(tail) >= 2 and head.endswith("市") and tail.endswith("区") and has_cjk(head):
                return [Candidate(c.start, i, L.CITY, c.priority, c.source + "+split"),  # 千葉市|美浜区
                        Candidate(i, c.end, L.CITY, c.priority, c.source + "+split")]
            if len(head) >= 3 and len(tail) >= 2 and head.endswith(("都", "道", "府", "県")) \
                    and tail.endswith(("市", "区", "町", "村")) and has_cjk(head + tail):
                return [Candidate(c.start, i, L.ADMIN_AREA, c.priority, c.source + "+split"),
                        Candidate(i, c.end, L.CITY, c.priority, c.source + "+split")]
        return []

    # --- things named after a word for their kind -------------------------------------------------------

    def _named_by_head_noun(self, doc: Doc, japanese: bool) -> list[Candidate]:
        """家庭用ロボット「ハルカ2」, 対話型AI「X」; its AI tutoring app, Lumi (its truck, the X); the Falcon X1 processor;
        the Computex trade show."""
        found = []
        if japanese:
            tokens = iter(doc)
        else:  # only the words that are head nouns (read from the Doc's arrays: no Token for the others)
            ids = self._head_ids
            arrays = doc.to_array([LOWER, LEMMA]).tolist()
            tokens = (doc[i] for i, (lower, lemma) in enumerate(arrays) if lower in ids or lemma in ids)
        for token in tokens:
            if japanese and token.text in FLAGSHIP_WORDS and token.i + 1 < len(doc) and doc[token.i + 1].text == "の":
                found += self._flagship(doc, token.i + 2)
                continue
            cls = self.head_class.get(token.lower_) or (None if japanese else self.head_class.get(token.lemma_.lower()))
            if cls is None and japanese and token.text.endswith(self.cjk_heads):
                cls = next(self.head_class[w] for w in self.cjk_heads if token.text.endswith(w))
            if cls is None:
                continue
            if japanese:
                if token.i + 2 < len(doc) and doc[token.i + 1].text == "「" and token.text not in FLAGSHIP_WORDS:
                    close = next((j for j in range(token.i + 2, min(len(doc), token.i + 12)) if doc[j].text == "」"),
                                 None)
                    if close is not None and close > token.i + 2:
                        found.append(Candidate(token.i + 2, close, cls, STRUCTURE, "quoted"))
                continue
            # English: a name apposed to the head (Orion, its new language model), an apposition after a comma ("its
            # app, Lumi,") or a proper-noun compound before the head
            if cls == L.PRODUCT and (named := self._en_apposed_name(doc, token)) is not None:
                found.append(Candidate(named[0], named[1], cls, STRUCTURE, "apposed kind"))
            after = token.i + 1
            if after + 1 < len(doc) and doc[after].text == "," and doc[after + 1].lower_ in {"called", "named", "dubbed"}:
                after += 1  # the test, called X
            if after + 1 < len(doc) and doc[after].lower_ in {"called", "named", "dubbed"}:
                start = end = after + 1
                while end < len(doc) and doc[end].text[:1].isupper() and doc[end].pos_ in {"PROPN", "NOUN", "NUM"}:
                    end += 1
                if end > start:
                    found.append(Candidate(start, end, cls, STRUCTURE, "called"))
            elif token.i + 2 < len(doc) and doc[token.i + 1].text == ",":
                start = end = token.i + 3 if doc[token.i + 2].lower_ == "the" else token.i + 2  # its truck, the X
                while end < len(doc) and (doc[end].pos_ == "PROPN" or (end > start and doc[end].like_num)) \
                        and doc[end].text[:1].isupper() | doc[end].like_num:
                    end += 1
                if end > start and (end == len(doc) or doc[end].is_punct) and doc[start].ent_type_ != "GPE":
                    found.append(Candidate(start, end, cls, STRUCTURE, "apposition"))
            compounds = [t for t in doc[max(0, token.i - 6):token.i] if _compound_of(t, token)]
            if not compounds:
                continue
            start = min(t.i for t in compounds)
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() \
                    and start - 1 > doc[start].sent.start:
                start -= 1  # its Halo Arc speaker: the parser hangs only the last word on the head
            end = start
            while end < token.i and (doc[end].pos_ == "PROPN" or doc[end].text[:1].isupper() or (
                    end > start and (doc[end].like_num or doc[end].text == "-"))):
                end += 1
            if end == token.i and token.text[:1].isupper():
                end += 1  # the head is part of the name: Hong Kong Science Park
                if cls == L.EVENT and end < len(doc) and _YEAR_TAIL.fullmatch(doc[end].text):
                    end += 1  # Web Summit 2024
            # Acme's Zorvex treatment: a possessor before the name says it is a thing, whatever the tagger said
            owned = cls == L.PRODUCT and start > 0 and (
                (doc[start - 1].text in {"'s", "’s"} and doc[start].ent_type_ == "PERSON")
                or doc[start - 1].lower_ in {"its", "their"}  # its Sirio trains: the maker's, not a place
                or (doc[start - 1].lower_ == "the" and doc[start].ent_type_ == "PERSON"))  # the Kumo robot
            maker = cls == L.PRODUCT and any(e.start == start and e.end == end and e.label_ == "ORG" for e in doc.ents) \
                and not (start > 0 and doc[start - 1].lower_ in {"its", "their"})  # its Prius hybrid: its product
            numbered = cls == L.FACILITY and end - start >= 2 and end < token.i + 1 and doc[end - 1].like_num
            if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].like_num:
                continue  # the 15,000-TEU vessel, a 500-MW plant: a measure, not a name
            name_like_run = end > start and doc[start].text[:1].isupper() \
                and doc[start:end].text.casefold() not in self.not_names \
                and doc[start].lower_ not in self.titles.en_heads  # Mayor Jane Park is a person
            if name_like_run and self._site_named_by(doc, start, end, token):
                found.append(Candidate(start, token.i + 1, cls, STRUCTURE, "site named"))  # the Ashby plant
            elif name_like_run and (doc[start].ent_type_ not in {"GPE", "PERSON"} or owned or numbered) and not maker:
                found.append(Candidate(start, end, cls, STRUCTURE, "compound"))
        return found

    def _site_named_by(self, doc: Doc, start: int, end: int, head: Token) -> bool:
        """the Ashby plant, the utility's Ashby substation: a site named by one proper noun and the word for its kind
        written in lower case is named with that word ("Ashby plant"), when the proper noun names nothing else in
        the text (the Leeds plant, with Leeds named elsewhere, is the plant in Leeds: a place; the Acme plant is
        the company's, unless an owner is named apart; the Oyu Tolgoi mine, two words, is named without the kind
        word)."""
        if self.head_class.get(head.lower_) != L.FACILITY or not head.is_lower or end != head.i or end - start != 1 \
                or start == 0 or doc[start - 1].lower_ not in {"the", "'s", "’s", "its", "their"} \
                or any(t.like_num or t.lower_ in self.head_class or not t.is_title for t in doc[start:end]) \
                or doc[start].ent_type_ in {"PERSON", "NORP"} or self._suffix_class(doc[start:end].text):
            return False
        owned = doc[start - 1].lower_ != "the" or (head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "of")
        if doc[start].ent_type_ == "ORG" and not owned:
            return False  # the Acme plant: the company's, unless its owner is named apart (the X plant of Acme)
        name, text = doc[start:end].text, doc.text  # (Doc.text is joined from the tokens at each access)
        at = text.find(name)
        while at >= 0:
            if at != doc[start].idx and _bounded(text, at, at + len(name)):
                return False
            at = text.find(name, at + 1)
        return True

    @staticmethod
    def _flagship(doc: Doc, i: int) -> list[Candidate]:
        """主力の純米吟醸「X」, 看板の…「X」: the quoted name after the words for a company's main line is its product,
        whatever kind of thing those words name."""
        j = i
        while j < min(len(doc), i + 4) and doc[j].pos_ in {"NOUN", "PROPN"}:
            j += 1
        if j == i or j + 2 >= len(doc) or doc[j].text != "「":
            return []
        close = next((k for k in range(j + 2, min(len(doc), j + 12)) if doc[k].text == "」"), None)
        return [Candidate(j + 1, close, L.PRODUCT, STRUCTURE, "quoted")] if close is not None else []

    def _en_apposed_name(self, doc: Doc, head: Token) -> tuple[int, int] | None:
        """Orion, a new language model; Lumi, its tutoring app: the proper noun the kind word is apposed to, when
        the apposition says the thing is someone's or new (not "Jane Doe, a fashion model")."""
        name = head.head
        if head.dep_ != "appos" or name.pos_ != "PROPN" or name.i >= head.i or doc[name.i + 1].text != ",":
            return None
        if not new_or_owned(doc, name.i + 2) and not (name.dep_ == "dobj" and name.head.lemma_ in LAUNCH_VERBS):
            return None  # (is demonstrating X, a handheld sensor: what is shown is a product, new or not)
        start = min([name.i] + [c.i for c in name.children if c.dep_ == "compound" and c.i < name.i])
        return (start, name.i + 1) if doc[start].text[:1].isupper() else None

    # --- repair and class ---------------------------------------------------------------------------------

    def _repair(self, doc: Doc, c: Candidate, japanese: bool, titles: list[Span]) -> Candidate | None:
        span = doc[c.start:c.end]
        if c.cls == L.PERSON and japanese and ((len(self._suffix_word(span.text, cjk_only=True) or "") >= 2
                                                and self._suffix_class(span.text, cjk_only=True) == L.COMPANY)
                                               or (c.start > 0 and doc[c.start - 1].text in COUNTRY_PREFIXES)
                                               or (len(span) > 1 and span[-1].text == "社"
                                                   and is_katakana(span[-2].text))):
            # (ベルクマン・シュタール社: a foreign name written with 社 is a company's)
            # …運輸 tagged as a person; 独|ボッシュ: a country's initial is written before a company, not a person
            return Candidate(c.start, c.end, L.COMPANY, c.priority, c.source, c.key)
        if c.cls == L.PERSON:
            stripped = strip_honorifics(span, self.honorifics)
            if stripped is None:
                return None
            span = stripped
            if japanese:
                span = self._trim_person(doc, span)
                if span is None:
                    return None
                span = self._extend_person(doc, span)
            elif span[0].lower_ in self.titles.en_heads | self.titles.en_modifiers:
                return None
            elif c.source == "model" and len(span) == 1 and span[0].tag_ == "NNS":
                return None  # "Households that take part …": a plural common noun opening a sentence is no person
            else:  # Kim|Do-hyun: a hyphenated given name after the family name the tagger stopped at
                end = span.end
                if end + 2 < len(doc) and doc[end - 1].whitespace_ and doc[end].is_title and doc[end + 1].text == "-" \
                        and not doc[end].whitespace_ and not doc[end + 1].whitespace_ and doc[end + 2].is_alpha:
                    span = doc[span.start:end + 3]
        if japanese and c.source in {"model", "trained"} and L.CLASS_KIND.get(c.cls) == "organization":
            end = span.end  # 楽天|モバイル, シーメンス|・|エナジー: the name goes on in katakana
            while end < len(doc) and not doc[end - 1].whitespace_ and (
                    (is_katakana(doc[end].text) and doc[end].pos_ in {"NOUN", "PROPN"}
                     and not self._suffix_class(doc[end].text) and doc[end].text not in self.head_words)
                    or (doc[end].text == "・" and end + 1 < len(doc) and is_katakana(doc[end + 1].text)
                        and is_katakana(doc[end - 1].text))):
                end += 1
            span = doc[span.start:end]
        if japanese and c.source in {"model", "trained"} and L.CLASS_KIND.get(c.cls) == "organization" \
                and span.end < len(doc) and self.suffix_class_of.get(doc[span.end].text) == L.COMPANY \
                and is_kanji(doc[span.end].text):
            span = doc[span.start:span.end + 1]  # 台湾積体電路|製造: the word that says it is a company ends its name
        if japanese and c.source in {"model", "trained"} and c.cls == L.FACILITY and span.end < len(doc) \
                and doc[span.end].text in self.head_nouns.get(L.FACILITY, ()) and not span[-1].whitespace_ \
                and (span.end + 1 == len(doc) or doc[span.end + 1].text not in {"「", "『"}):
            span = doc[span.start:span.end + 1]  # 紀南広域防災|拠点: the word for the kind of site ends its name
        opening = next((t.i for t in span[2:] if t.text in {"(", "（"}), None)
        if opening is not None and span[-1].text in {")", "）"}:
            span = doc[span.start:opening]  # X(略称) tagged as one name: the alias is found on its own
        if japanese and len(span) > 1 and span[-1].text in self.head_office_words \
                and self._suffix_class(span[:-1].text) == L.COMPANY:
            span = span[:-1]  # X自動車|本社: the company, whose head office is meant
            c = Candidate(c.start, c.end, L.COMPANY, c.priority, c.source, c.key)
        while len(span) > 1 and (span[0].text in JOINERS or span[0].is_punct):
            span = span[1:]
        if japanese and len(span) > 1 and c.cls != L.PERSON and (span[0].text in COUNTRY_PREFIXES or (
                "地名-国" in span[0].tag_ and is_kanji(span[0].text) and span[0].text != "日本"
                and L.CLASS_KIND.get(c.cls) == "organization")) \
                and span[1].text[:1] != "・" and (is_katakana(span[1].text[:1]) or span[1].text[:1].isascii()):
            span = span[1:]  # 米|オープンエーアイ, 韓国|サムスン電子: the country is not part of the name
        if japanese and len(span) > 1 and span[-1].text in AREA_TAILS:
            span = span[:-1]  # 東京都|内, 市|内: inside the place
        while len(span) > 1 and (span[-1].text in JOINERS or span[-1].is_punct):
            span = span[:-1]
        if not japanese:
            while len(span) > 1 and span[0].lower_ in {"the", "a", "an"}:
                span = span[1:]
            while len(span) > 1 and span[-1].text in {"'s", "’s", "'"}:
                span = span[:-1]
        text = span.text.strip()
        if not text or text.casefold() in self.not_names or (len(text) < 2 and not has_cjk(text)):
            return None
        if c.source != "gazetteer" and (text in self.suffix_class_of or text in self.head_words
                                        or text in self.company_nouns):
            return None  # 電機, 万博, グループ alone: a word for a kind of thing, not its name
        if c.source in {"model", "trained"} and japanese and len(span) > 1 and span[-1].text in self.generic_heads:
            # 日本市場, デジタル経済: a field or a market, not an entity; 取引所|グロース市場: the exchange is one
            named = next((i for i in range(len(span) - 1, 0, -1) if self._suffix_class(span[:i].text, cjk_only=True)),
                         None)
            if named is None:
                return None
            span = span[:named]
            text = span.text
        if c.source == "trained" and japanese and len(span) == 1 and span[0].tag_.startswith("名詞-普通名詞") \
                and any(is_kanji(ch) for ch in text) and any(is_katakana(ch) for ch in text) and c.cls != L.PERSON \
                and not self._suffix_class(text):
            return None  # 電動アシスト自転車: one common noun of the dictionary mixing kana and kanji, a kind of thing
        if c.source not in {"gazetteer", "quoted"} and japanese and span.end < len(doc) and doc[span.end].text == "「" \
                and not any(t.pos_ == "PROPN" for t in span) and (c.source == "model" or span.text.endswith(
                    self.cjk_heads) or (c.source == "trained" and all(
                        t.tag_.startswith("名詞-普通名詞") and is_kanji(t.text) for t in span))):
            return None  # 水素製造プラント「X」, 純米|吟醸「X」: the word for the kind of thing the quoted name is
        if c.source == "trained" and japanese and len(span) == 1 and L.CLASS_KIND.get(c.cls) == "place" \
                and span[0].tag_.startswith("名詞-普通名詞") and is_kanji(span.text) and not self._suffix_class(span.text):
            return None  # 酒蔵, 山頂: a common noun of the dictionary is no place's name
        if c.source == "model" and japanese and c.cls != L.PERSON and not name_like(span) \
                and not any(t.pos_ == "PROPN" for t in span) and self._suffix_class(text) in {None, L.COMPANY}:
            return None  # 共同研究グループ: GiNZA's span of common nouns
        if c.source in {"model", "trained"} and japanese and any(
                t.text in CLAUSE_MARKERS and t.pos_ in {"ADP", "PUNCT"} for t in span[1:-1]):
            return None  # 通勤需要を取り込み、初年度: a clause, not a name
        if c.source == "model" and (text.lower() in self.titles.en_heads or (
                self.titles.ja_title_end(text) and not any(t.pos_ == "PROPN" for t in span))):
            return None
        if all(t.is_punct or t.like_num for t in span):
            return None
        if japanese and c.source != "gazetteer":
            if _anaphor_or_direction(text) or span[-1].text in AUTHORITY_WORDS or self._bracketed_acronym(doc, span):
                return None  # 同県, 同国東部, 東部, タイ当局, 路面電車(LRT): no name of a thing
            station = next((t.i for t in reversed(span[:-1]) if t.text.endswith("駅")), None)
            if station is not None and doc[station + 1:span.end].text in STATION_PARTS:
                span = doc[span.start:station + 1]  # 仙台駅|東口, 京都駅|中央|口: the station, whose exit is meant
        if c.cls == L.PERSON and japanese and not self._person_plausible(span):
            return None
        return Candidate(span.start, span.end, c.cls, c.priority, c.source, c.key)

    def _bracketed_acronym(self, doc: Doc, span: Span) -> bool:
        """次世代型路面電車(LRT): a Latin acronym in brackets after a common noun is that noun's short form, not a
        name (国際宇宙ステーション(ISS), tagged by the language model, is one)."""
        if not (span.text.isascii() and span.text.isupper()) or span.start < 2 or span.end >= len(doc):
            return False
        if doc[span.start - 1].text not in {"(", "（"} or doc[span.end].text not in {")", "）"}:
            return False
        start = span.start - 2  # the words before the bracket: 次世代型路面電車, not a …機構 or a proper noun
        while start > 0 and (doc[start - 1].pos_ in {"NOUN", "PROPN"} or doc[start - 1].text == "・"):
            start -= 1
        words = doc[start:span.start - 1]
        return words[-1].pos_ == "NOUN" and not any(t.pos_ == "PROPN" for t in words) \
            and map_label(words[-1].ent_type_, self.scheme) not in L.ENTITY_CLASSES \
            and words[-1].text not in self.suffix_class_of and not self._suffix_class(words.text)

    def _trim_person(self, doc: Doc, span: Span) -> Span | None:
        """A person span that swallowed a title (記者, 代表取締役社長佐藤) or the organisation of the title after it
        (朴ソヨン|産業通商資源部 長官) loses it."""
        start, end = span.start, span.end
        last_name = max((t.i for t in span if is_person_name_token(t) or is_katakana(t.text)), default=None)
        if last_name is not None and last_name + 1 < end:
            tail = doc[last_name + 1:end]
            if any(len(t.text) >= 2 and "普通名詞" in t.tag_ for t in tail):
                end = last_name + 1
        while start < end and self.titles.ja_title_end(doc[start].text) and not is_person_name_token(doc[start]):
            start += 1
        while end > start and self.titles.ja_title_end(doc[end - 1].text) and not is_person_name_token(doc[end - 1]):
            end -= 1
        return doc[start:end] if end > start else None

    def _extend_person(self, doc: Doc, span: Span) -> Span:
        """GiNZA often cuts a three-character CJK name after two (張偉|明, 王家|輝): take back the single kanji."""
        end = span.end
        if (end < len(doc) and len(doc[end].text) == 1 and is_kanji(doc[end].text)
                and doc[end].pos_ in {"NOUN", "PROPN", "NUM"} and len(span.text) + 1 <= 4 and is_kanji(span.text)
                and doc[end].text not in self.honorifics
                and (end + 1 >= len(doc) or doc[end + 1].pos_ in {"ADP", "PUNCT", "AUX", "SCONJ"}
                     or self.titles.ja_title_end(doc[end + 1].text)
                     or doc[end + 1:end + 3].text in self.titles.ja_words)):
            return doc[span.start:end + 1]
        return span

    def _person_plausible(self, span: Span) -> bool:
        """Katakana loanwords (スマートシティ) get tagged Person; names carry a name tag or a name's shape."""
        text = span.text
        if any(is_person_name_token(t) for t in span) or is_katakana_name(text):
            return True
        if is_katakana(text):
            return False
        return has_cjk(text) or text[:1].isupper()

    def _suffix_class(self, text: str, cjk_only: bool = False) -> str | None:
        """The class a name's last word says it is; for an English "X of Y" name, its first part's
        (Department of Health and Aged Care, University of Leeds)."""
        word = None
        if text.endswith(REGION_TAILS):  # X Therapeutics USA, Xジャパン: the company's name before its country
            tail = next(t for t in REGION_TAILS if text.endswith(t))
            text = text[:-len(tail)].rstrip(" ・") if len(text) > len(tail) + 2 else text
        if not cjk_only and text[-1:].isdigit() and _YEAR_TAIL.search(text):  # Xショー2025, X Expo 2030
            text = _YEAR_TAIL.sub("", text)
        joint = " of " if " of " in text else " for " if " for " in text else None
        if not cjk_only and joint and text.isascii():  # Department of Energy, Department for Transport
            word = self._suffix_word(" " + text.split(joint, 1)[0])
        word = word or self._suffix_word(text, cjk_only)
        if word == "府" and text not in FU_PREFECTURES:
            return L.GOVERNMENT  # 内閣府: a cabinet office, not a prefecture
        return self.suffix_class_of[word] if word else None

    def _suffix_word(self, text: str, cjk_only: bool = False) -> str | None:
        """The longest suffix word ``text`` ends with (a Latin one only as a separate word: not "Labs" in "Collabs")."""
        for length in self.suffix_lengths:
            if len(text) <= length:
                continue
            word = text[-length:]
            if word in self.suffix_class_of:
                if word.isascii() and (cjk_only or text[-length - 1] != " "):
                    continue
                return word
        return None

    def _refine_class(self, doc: Doc, c: Candidate, model_spans: list[Span]) -> str:
        """The class a name's own suffix gives beats a tagger's guess; a place gets the model's finer class."""
        if c.cls in {L.PERSON, L.PRODUCT} and self.scheme == "ene" and c.source in {"model", "trained"} \
                and self._latin_maker(doc, c):
            return L.COMPANY
        if c.cls == L.PERSON or c.source == "gazetteer":
            return c.cls
        text = doc[c.start:c.end].text
        if self.scheme == "ene" and text.endswith(PLAN_WORDS) and c.source != "gazetteer":
            return L.CREATIVE_WORK  # デジタル…構想: a plan or a programme, not its organisation
        if self.scheme == "ene" and text.endswith(EVENT_COMMITTEES):
            return L.ORGANIZATION  # X映画祭実行委員会: an event's organising committee is no government body
        by_suffix = self._suffix_class(text)
        by_suffix = _foreign_province(text, by_suffix) if by_suffix else None
        if c.source == "quoted" and c.cls == L.FACILITY:
            return c.cls  # 研究拠点「ミライラボ北九州」, 射場「X宇宙港」: the word before the quote says it
        if by_suffix is not None and c.source not in {"title unit", "legal form", "kind noun"}:
            if not (L.CLASS_KIND.get(c.cls) == "place" and by_suffix == L.COMPANY):
                return by_suffix
        if c.cls == L.ORGANIZATION and by_suffix is None and (self.scheme != "ene" or (
                text.isascii() and not text.isupper())):
            # English ORGs, and Latin-script organisations in Japanese text, are mostly companies
            return L.COMPANY if self._looks_like_company(doc, c) else L.ORGANIZATION
        if c.cls in {L.PLACE, L.PRODUCT}:
            for span in model_spans:
                if span.start == c.start and span.end == c.end:
                    finer = map_label(span.label_, self.scheme)
                    if finer in L.ENTITY_CLASSES and L.CLASS_KIND.get(finer) == L.CLASS_KIND[c.cls]:
                        return finer
        return c.cls

    def _latin_maker(self, doc: Doc, c: Candidate) -> bool:
        """A Latin-script name that makes or develops something in Japanese text (…のAcme Liftが製造した「Y」) is a
        company, not the person or product a tagger took it for (people are written in katakana, or with 氏; a
        product makes nothing)."""
        if not all(is_latin_name(t.text) or not t.text.strip() for t in doc[c.start:c.end]) or c.end + 1 >= len(doc):
            return False
        verb = doc[c.end + 1]
        return doc[c.end].text == "が" and verb.lemma_ in MAKING_VERBS

    def _looks_like_company(self, doc: Doc, c: Candidate) -> bool:
        """An English ORG is a company unless its name or its neighbours say otherwise: news organisations
        are mostly companies, and bodies that are not usually carry Ministry/Agency/University in their name."""
        span = doc[c.start:c.end]
        if span.text.isupper() and len(span) == 1 and len(span.text) <= 8:
            window = doc[max(0, c.start - 6):min(len(doc), c.end + 6)]
            return any(t.lower_ in self.company_nouns or t.lemma_ in self.company_nouns
                       or t.lower_ in COMPANY_CONTEXT_WORDS for t in window)
        return True


def _ja_nicknamed_services(doc: Doc) -> list[Candidate]:
    """新路線は「X」の愛称で販売: the nickname of a route or service the sentence is about is a product's name."""
    found = []
    for token in doc:
        i = token.i
        if token.text not in NICKNAME_WORDS or i < 4 or doc[i - 1].text != "の" or doc[i - 2].text not in {"」", "』"}:
            continue
        opening = next((j for j in range(i - 3, max(i - 15, token.sent.start - 1), -1) if doc[j].text in {"「", "『"}),
                       None)
        topic = next((doc[j - 1] for j in range(token.sent.start + 1, opening or 0) if doc[j].text == "は"), None)
        if opening is not None and opening + 1 < i - 2 and topic is not None and topic.text.endswith(SERVICE_WORDS):
            found.append(Candidate(opening + 1, i - 2, L.PRODUCT, STRUCTURE, "nickname"))
    return found


def _resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Highest priority first, then the longest; a candidate overlapping one already chosen is dropped."""
    chosen: list[Candidate] = []
    taken: set[int] = set()
    for c in sorted(candidates, key=lambda c: (c.priority, -c.length, c.start)):
        if any(i in taken for i in range(c.start, c.end)):
            continue
        chosen.append(c)
        taken.update(range(c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


JOINERS = {"および", "及び", "・", "＆", "&"}
#: Last words of the name of a plan, a programme or a policy (…構想, …戦略): a work, not an organisation.
PLAN_WORDS = ("構想", "計画", "戦略", "プロジェクト", "プログラム", "イニシアチブ", "ビジョン", "政策", "制度")
_AND_IDS = frozenset(get_string_id(w) for w in ("and", "&"))
_OF_ID, _COMMA_ID = get_string_id("of"), get_string_id(",")
_JOINING_IDS = _AND_IDS | {_OF_ID}
_YEAR_TAIL = re.compile(r"\s?(19|20)\d\d$")
_YEAR_WORD = re.compile(r"(?<=[A-Za-z] )(19|20)\d\d\b")
#: Country or region words closing a company's name (X USA, Xジャパン): its kind is said before them.
REGION_TAILS = ("USA", "Japan", "Europe", "Asia", "UK", "ジャパン", "アジア", "ヨーロッパ", "USA Inc")
#: Units whose head's title is the unit's word and 長 (開発本部 … 本部長, 管理局 … 局長).
UNIT_HEAD_WORDS = {"部", "本部", "局", "課", "室", "支局", "事業部"}
#: Verbs of making or developing a product: their subject is a maker.
MAKING_VERBS = {"製造", "開発", "生産", "製作", "設計", "手掛ける", "手がける", "販売", "提供"}
#: Organising committees of an event (…実行委員会): organisations, though 委員会 alone is a government's.
EVENT_COMMITTEES = ("実行委員会", "組織委員会")
#: Words for the name a thing is sold or known by (「X」の愛称で).
NICKNAME_WORDS = {"愛称", "名称", "通称"}
#: Words for a route or a service (新路線, 臨時便, 観光列車, 新サービス): what a company sells under a nickname.
SERVICE_WORDS = ("路線", "航路", "便", "列車", "サービス", "商品")
#: Words for a non-profit legal person (社会医療法人, 学校法人, NPO法人): the name after one is an organisation.
LEGAL_PERSON_NOUNS = ("法人",)
#: Words before a legal person's form (公益|財団法人, 一般|社団法人): part of the name written with it.
LEGAL_PERSON_PREFIXES = {"公益", "一般", "社会", "福祉", "医療", "学校", "財団", "社団", "特定非営利活動", "独立行政",
                         "地方独立行政"}
#: A non-profit's legal form alone (社会医療法人, 公益財団法人): no name.
LEGAL_PERSON_FORM = re.compile(r"(?:公益|一般|社会|福祉|医療|学校|財団|社団|特定非営利活動|独立行政|地方独立行政)*法人")
#: Endings of the name of a cooperative (…漁業協同組合, …生活協同組合連合会).
COOPERATIVE_ENDINGS = ("協同組合", "協同組合連合会")
#: Words for a department of a prefecture or city (大阪府|商工労働部): the department is a government body.
LOCAL_UNIT_SUFFIXES = ("部", "課", "室")
#: Particles and punctuation that end a clause: a tagged span holding one inside is no name.
CLAUSE_MARKERS = {"、", "。", "を", "が", "は"}
#: GiNZA's labels for places: a compound X・Y whose X carries one of them is two names.
ENE_PLACES = {"Country", "Province", "City", "GPE_Other", "Continental_Region", "Domestic_Region", "County"}
#: Capitalised words for a company that open an English sentence before its name (Startup Acme raised …).
ENGLISH_COMPANY_LEADS = {"startup", "start-up", "carmaker", "automaker", "chipmaker", "drugmaker", "miner",
                         "retailer", "lender", "insurer", "airline", "conglomerate"}
#: The English tagger's types that no company name after a word for a company has (the firm Monday said).
#: A local government written as one character (the prefecture, the city the text is about) before its unit.
LOCAL_GOVERNMENT_WORDS = {"県", "市", "府", "都", "道", "町", "村", "区"}
#: Endings of a local government's unit (建設部, 観光課).
DEPARTMENT_ENDINGS = ("部", "課", "局", "室")


def _local_department(span: Span) -> bool:
    """県建設部, 市観光課: a bare 県/市 and a unit's name (which GiNZA may take for a title)."""
    return len(span) >= 2 and span[0].text in LOCAL_GOVERNMENT_WORDS and span.text.endswith(DEPARTMENT_ENDINGS) \
        and len(span.text) >= 4


#: First words of two-word place names the small English model takes for facilities (Port Moresby, Fort Worth).
PLACE_NAME_STARTS = {"Port", "Fort", "Cape", "Mount", "Lake"}


def _ja_local_departments(doc: Doc) -> list[Candidate]:
    """県|建設|部の…部長, 市|観光|課: a bare 県/市 (not 同県) and the nouns of a unit's name after it."""
    found = []
    for token in doc:
        if token.text not in LOCAL_GOVERNMENT_WORDS or (token.i > 0 and doc[token.i - 1].pos_ in {"NOUN", "PROPN"}
                                                        or token.i > 0 and doc[token.i - 1].text == "同"):
            continue
        end = token.i + 1
        while end < len(doc) and end - token.i <= 4 and doc[end].pos_ == "NOUN":
            end += 1
            if doc[end - 1].text.endswith(DEPARTMENT_ENDINGS):
                break  # 県|土木|部 (not 県|土木|部|長)
        if end > token.i + 1 and _local_department(doc[token.i:end]):
            found.append(Candidate(token.i, end, L.GOVERNMENT, TRAINED_MODEL, "department"))
    return found


def _recurring(doc: Doc, candidates: list[Candidate]) -> set[int]:
    """The tokens of other occurrences of the names of several words found so far (insurer Coral Mutual …
    Coral Mutual Chief Executive: the second Mutual is the name's, not a field of the title)."""
    found: set[int] = set()
    names = {doc[c.start:c.end].text for c in candidates if c.end - c.start >= 2 and c.source == "company word"}
    text = doc.text if names else ""  # (joined from the tokens at each access: once, and only when needed)
    for name in names:
        at = text.find(name)
        while at >= 0:
            span = doc.char_span(at, at + len(name))
            if span is not None:
                found.update(range(span.start, span.end))
            at = text.find(name, at + len(name))
    return found


NOT_COMPANY_TYPES = {"GPE", "LOC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"}
#: Words near an acronym that say it is a company (its shares, the company's profit), not an agency.
COMPANY_CONTEXT_WORDS = {"shares", "stock", "stake", "profit", "profits", "revenue", "revenues", "earnings",
                         "shareholders", "investors", "customers", "acquisition", "merger", "ceo", "executive"}
#: Words before a name that are not part of it: 現 (now) 元/前/旧 (former).
NOT_NAME_PREFIXES = {"現", "元", "前", "旧", "新", "同"}
#: Words for the one just named after 同 (同県, 同社, 同大学).
ANAPHOR_HEADS = ("国", "県", "市", "町", "村", "区", "社", "省", "庁", "府", "州", "大学", "センター", "施設", "工場",
                 "グループ", "機構", "協会", "銀行", "病院", "空港", "駅")
#: A part of a country or region by its direction (東部, 北西部, 中部).
DIRECTION_PART = re.compile(r"[東西南北中]{1,2}部")
#: Words for a country's or city's authorities: ベトナム当局 is no named body.
AUTHORITY_WORDS = {"当局"}
#: Parts of a station written after its name (仙台駅東口): the station is the entity.
STATION_PARTS = {"東口", "西口", "南口", "北口", "中央口", "改札", "改札口", "構内", "前", "ホーム"}
#: The two prefectures whose names end in 府; any other …府 is a government body (内閣府).
FU_PREFECTURES = {"大阪府", "京都府"}
#: Compounds starting with these are descriptions (国立大学, 各省庁, 同センター), not names.
GENERIC_PREFIXES = ("国立", "私立", "公立", "県立", "市立", "短期", "総合", "地方", "各", "同", "本", "当", "両", "諸", "他",
                    "新", "旧", "全", "某")


def _anaphor_or_direction(text: str) -> bool:
    """同県, 同社, 同国東部 (the one just named) and 東部, 北西部 (a part of somewhere) stand for no name."""
    return (text[:1] == "同" and text[1:].startswith(ANAPHOR_HEADS)) or DIRECTION_PART.fullmatch(text) is not None


def _local_government_unit(span: Span) -> bool:
    """A prefecture or city, then a department of it: 大阪府商工労働部, 札幌市経済観光局観光課."""
    first = span[0]
    return len(span) >= 2 and span.text.endswith(LOCAL_UNIT_SUFFIXES) and first.pos_ == "PROPN" \
        and span[-1].pos_ == "NOUN" and not any(t.like_num for t in span) \
        and first.text.endswith(("都", "道", "府", "県", "市", "区", "町", "村")) and len(span.text) - len(first.text) >= 3 \
        and not span[1:].text.startswith(GENERIC_PREFIXES)


def _hyphenated(doc: Doc, i: int) -> bool:
    """A hyphen inside a given name, or the part after it (Min-jun, Jean-Pierre)."""
    if doc[i].text == "-":
        return 0 < i < len(doc) - 1 and doc[i - 1].is_title and doc[i + 1].is_alpha
    return i > 1 and doc[i - 1].text == "-" and doc[i].is_alpha


def _foreign_province(text: str, cls: str | None) -> str | None:
    """…省 after a katakana name is a foreign province (ドンナイ省), not a ministry (ministries are written in kanji)."""
    if cls == L.GOVERNMENT and text.endswith("省") and len(text) > 2 and is_katakana(text.split("・")[-1][:-1]):
        return L.ADMIN_AREA
    return cls


def _common_word(doc: Doc, c: Candidate, lower_case: set[int]) -> bool:
    """One word the small model took for an organisation that the text also writes in lower case ("Sodium is
    cheap" beside sodium-ion), or an adjective before a lower-case noun (Aboriginal seafaring): no name."""
    if c.source != "model" or c.length != 1 or c.cls not in {L.ORGANIZATION, L.COMPANY}:
        return False
    token = doc[c.start]
    if not token.is_title:
        return False
    if token.tag_ == "JJ" and c.end < len(doc) and doc[c.end].is_lower and doc[c.end].pos_ == "NOUN":
        return True
    return token.lower in lower_case  # (the words the text writes in lower case, found once)


def _model_number(text: str) -> bool:
    """A single word mixing capitals and digits (A321XLR, 737MAX) reads as a model's designation."""
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    return bool(digits) and any(ch.isupper() for ch in text) and " " not in text and (
        len(digits) >= 3 or any(ch.isalpha() for ch in text[digits[0]:]))  # not G20, COP29


def _compound_of(token: Token, head: Token) -> bool:
    """Is ``token`` part of a compound headed by ``head`` (Oyu Tolgoi mine; not Rio in Rio Tinto's mine)?"""
    if token.dep_ == "nmod" and token.pos_ == "PROPN" and token.head == head:
        return True  # the Aurora electric SUV
    while (token.dep_ == "compound" or (token.dep_ == "nummod" and token.text[:1].isupper() and any(
            c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children))) and token.head.i <= head.i:
        # (the Lumora Two plant: a number word ending a name)
        if token.head == head:
            return True
        token = token.head
    return False


def _dateline(doc: Doc, span: Span) -> bool:
    """Is the span the place of a news dateline: the text's first words, in capitals, before a comma or a
    bracket (OSLO, 2 June –; NEW DELHI (agency) –)?"""
    return span.start == 0 and span.text.isupper() and len(span.text) >= 3 and span.end < len(doc) \
        and doc[span.end].text in {",", "(", "-", "–", "—"}


def _unknown_name(span: Span) -> bool:
    """A CJK name Sudachi does not know comes in pieces, one of a single character (劉|志|強, 王家|輝); a run of
    ordinary words (侵入|事件, 編集|技師) has verbal nouns, prefixes or no single characters."""
    if len(span) < 2 or not any(len(t.text) == 1 for t in span) or any(len(t.text) > 2 for t in span):
        return False
    return not any("サ変" in t.tag_ for t in span) and not {"接頭辞", "接尾辞"} & set(span[0].tag_.split("-"))


def _entity_start(doc: Doc, start: int) -> int:
    """Where a compound starting at ``start`` should start so as not to cut the language model's entity there
    (a compound that begins inside a longer name of the model's begins where that name begins)."""
    token = doc[start]
    if token.ent_iob_ != "I":
        return start
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    return start


def _noun_compounds(doc: Doc) -> list[tuple[int, int]]:
    """Runs of nouns (with 第, numbers and ・ between nouns), as (start, end) token indices."""
    runs = []
    i = 0
    while i < len(doc):
        if doc[i].pos_ not in {"NOUN", "PROPN", "NUM"} and doc[i].text != "第":
            i += 1
            continue
        end = i
        while end < len(doc) and (doc[end].pos_ in {"NOUN", "PROPN", "NUM"} or doc[end].text == "第" or (
                doc[end].text in JOINERS and end + 1 < len(doc) and doc[end + 1].pos_ in {"NOUN", "PROPN"})):
            end += 1
        runs.append((i, end))
        i = end
    return runs


def name_like(span: Span, strict: bool = False) -> bool:
    """Katakana, Latin capitals, a proper-noun tag, or a kanji name Sudachi does not know (it splits it).
    ``strict``: katakana only when written as a name of several words (ブルーリーフ・ラボ)."""
    text = span.text
    if any(t.pos_ == "PROPN" or is_person_name_token(t) for t in span) or is_latin_name(span[0].text):
        return True
    if is_katakana(text.replace("・", "")) and len(text) >= 3 and (not strict or "・" in text.strip("・")):
        return True
    return is_kanji(text) and len(span) >= 2 and all(len(t.text) <= 2 for t in span)


def _is_marker(token) -> bool:
    return token.pos_ in {"ADP", "PUNCT", "AUX", "SCONJ", "VERB", "CCONJ"} or token.text in {"「", "」", "、", "。"}


def _bounded(text: str, begin: int, end: int) -> bool:
    """A Latin name found inside a longer word is not that name."""
    before = text[begin - 1] if begin > 0 else " "
    after = text[end] if end < len(text) else " "
    if text[begin:end].isascii():
        return not (before.isalnum() and before.isascii()) and not (after.isalnum() and after.isascii())
    return True
