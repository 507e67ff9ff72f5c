"""``harbour_relations``: facts between entities, read off the dependency parse and the order of words.

- **Roles**: a person next to a title (see ``titles.py``), at the organisation written before them (ORG の 主席陳,
  ORG's president, Jane Doe; ISRO chairman Jane Doe), inside the title (工業局長 → 工業局), or after it (chief executive
  of ORG). A company officer's title with no organisation named is at the company the text was last about; 同社 / the
  company / its point back to it. A place's minister works for the government the text names after the place.
- **Visits and attendance**: a person (subject of 訪問/視察/訪れる/visit/tour …) and the place, facility or
  organisation visited (its object), the date of the sentence (else, for a text's first visit, the lead's day);
  people who 同行 / accompany / come together with them. An occasion attended is where it was held (Xで開かれた会見,
  the launch event in X) or, for a ceremony, the event or site the text last named; 同X / the site / 現地 point back.
- **Product offerings**: an organisation (subject, or the organisation of a person subject) that shows, develops,
  launches … a product (the object; a noun phrase ending in 製品/アプリ/… becomes a product).
- **Part of / located in**: ORG の センター, the lab of ORG, ORG's subsidiary, X; PLACE に本社を置く ORG, PLACE で開かれた
  EVENT, headquartered in PLACE, PLACE-based ORG, X in PLACE, City, Region; brackets, appositions and name prefixes
  in ``containment.py``.
- **Quantities**: what an amount measures, by the parse (the noun it modifies, the clause's subject …) and by the
  words around it: units sold are the product's, exhibitors and visitors the event's, a price the product's, an
  output the site's, an amount invested the recipient's.

Each fact keeps the sentence that states it. Trigger words are configuration.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.attrs import DEP, LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from . import labels as L
from .dates import DateMention, find_dates
from .containment import (DEFAULT_BODY_WORDS, DEFAULT_BRACKET_LEADS, DEFAULT_COUNTRY_PREFIXES, DEFAULT_EN_UNIT_HEADS,
                          DEFAULT_JA_UNIT_WORDS, DEFAULT_WHOLE_GOVERNMENT, OPENING, ContainmentRules)
from .dependency_patterns import DEFAULT_PATTERNS, DependencyPatterns, PatternMatch
from .entities import DEFAULT_NOT_NAMES, ENTITIES, TITLES, UNIT_HEAD_WORDS, name_like
from .quantities import QuantityMention, counts_things, find_quantities
from .titles import EN_TITLE_HEADS, JA_TITLE_WORDS

if not Doc.has_extension("harbour_facts"):
    Doc.set_extension("harbour_facts", default=None)


@dataclass
class RoleFact:
    holder: Span
    title: str
    organization: Span | None
    sentence: Span
    anchor: Span  # the title as written


@dataclass
class VisitFact:
    visitors: list[Span]
    location: Span
    sentence: Span
    trigger: str
    companions: list[Span] = field(default_factory=list)
    date_tokens: tuple[int, int] | None = None  # the date phrase attached to the verb (on Tuesday, 2日)


@dataclass
class OfferingFact:
    organization: Span
    product: Span
    sentence: Span
    trigger: str


@dataclass
class LinkFact:
    """part-of (``kind="partOf"``) or located-in (``kind="locatedIn"``)."""

    kind: str
    subject: Span
    object: Span
    sentence: Span


@dataclass
class QuantityFact:
    amount: QuantityMention  # offsets in characters of the document
    measured: Span | None
    sentence: Span


@dataclass
class Facts:
    roles: list[RoleFact] = field(default_factory=list)
    visits: list[VisitFact] = field(default_factory=list)
    offerings: list[OfferingFact] = field(default_factory=list)
    links: list[LinkFact] = field(default_factory=list)
    quantities: list[QuantityFact] = field(default_factory=list)


DEFAULT_TRIGGERS: dict[str, list[str]] = {
    "visit": ["訪れる", "訪問", "視察", "見学", "訪ねる", "来訪", "歴訪", "visit", "tour", "inspect", "open",
              "inaugurate"],
    "accompany": ["同行", "随行", "同伴", "ともに", "とも", "共に", "accompany", "accompanied", "together", "along",
                  "join"],
    "offer": ["展示", "デモ", "発表", "提供", "開発", "発売", "公開", "初公開", "披露", "初披露", "紹介", "出展", "リリース", "製造", "販売",
              "投入", "手掛ける", "手がける", "開業", "就航", "生産", "量産", "商品化", "実用化", "納入", "show", "showcase", "demonstrate", "unveil", "launch", "release", "develop", "offer",
              "present", "introduce", "build", "make", "manufacture", "produce", "design", "sell", "supply",
              "run", "operate"],  # round 9: the project is run by X
    "hold": ["開く", "開催", "開ける", "行う", "開幕", "開会", "実施", "hold", "host", "open"],
    "base": ["本社", "本部", "拠点", "本店", "headquarters"],
    "based": ["headquartered", "based", "located", "situated"],
    "unit": ["subsidiary", "unit", "division", "arm", "lab", "laboratory", "centre", "center", "affiliate",
             "子会社", "傘下"],
    # an occasion someone attends: where it was held (金沢市内で開かれた記者会見, the launch event in Chicago) is
    # where they were
    "occasion": ["会見", "記者会見", "式典", "開会式", "開幕式", "開所式", "竣工式", "落成式", "完成式", "起工式", "除幕式",
                 "発表会", "説明会", "内覧会", "見学会", "記念式典", "開業式", "セレモニー", "会場", "イベント", "調印式",
                 "締結式", "着工式", "開通式", "表彰式", "授賞式", "完工式", "地鎮祭", "祝賀会", "懇談会", "意見交換会",
                 "記者発表", "記者発表会", "会合", "総会", "シンポジウム", "講演会", "式", "開院式", "開校式", "開園式",
                 "開館式", "閉幕式", "閉会式", "summit", "forum", "signing",
                 "event", "conference", "ceremony", "opening", "launch", "inauguration", "briefing", "reception",
                 "unveiling", "groundbreaking", "celebration", "venue"],
    # setting up or having a unit or site (子会社「Y」を設立, 研究拠点「Y」を開設, 子会社「Y」を持つ)
    "setup": ["設立", "開設", "新設", "設置", "設ける", "開所", "開業", "構える", "持つ", "保有", "置く"],
    # building a site (PLACEで建設が進む「X」, PLACEに建設していた「X」): the site is in the place
    "construct": ["建設", "建築", "建造", "整備", "造成", "建てる", "築く", "完成"],
    # running a site (Xを運営するY, 運営するのはY): the site is part of the one that runs it
    "operate": ["運営"],
    # signing or meeting somewhere (signed the deal in Seoul with Y): the people were there
    "meeting": ["sign", "meet", "countersign"],
    # ceremonies of a site (its opening, its completion): where they are is the site the text is about
    "site_ceremony": ["開所式", "竣工式", "落成式", "完成式", "開業式", "開館式", "開通式", "起工式", "着工式", "地鎮祭",
                      "完工式", "内覧会", "開院式", "開校式", "開園式", "完成式典", "竣工式典", "落成式典", "開所式典",
                      "開業式典", "開館式典", "開通式典"],
    # what a speaker gives or a host welcomes at an event (delivered the keynote address, welcomed the delegates)
    "speech": ["keynote", "speech", "address", "remarks", "participants", "delegates", "guests", "attendees"],
    # cutting the ribbon: opening the site or event the text is about
    "ribbon": ["ribbon"],
    # attending, with the occasion left unsaid (知事も出席した after 「X展」が開幕した): the event the text is about
    "attend": ["出席", "列席", "来場"],
    # amounts of these are what a product sold (3万台を販売, deliver 1,200 tractors, sales of 2 million units) …
    "sold": ["販売", "出荷", "納入", "受注", "売る", "生産", "量産", "台数", "販売台数", "sell", "sale", "deliver",
             "delivery", "ship", "shipment", "order", "produce", "production"],
    # an amount invested is the recipient's (Xに80億円を出資する, invest $50 million in X)
    "invest": ["出資", "投資", "融資", "invest", "investment"],
    # … but an amount granted or subsidised is the giver's (12億円を県が補助, 3000万円は文化庁の助成で, the state
    # government contributed A$150 million, a $42 million grant from X)
    "fund": ["補助", "助成", "拠出", "寄付", "寄附", "交付", "交付金", "補助金", "助成金", "融資", "grant", "subsidy",
             "subsidise", "subsidize", "contribute", "contribution", "donate", "donation", "lend", "loan"],
    # … or what an event drew (約620社が出展, 8万人の来場, 来場者は3万人, 50,000 visitors)
    "turnout": ["来場", "来場者", "入場者", "参加者", "出展", "出展者", "観客", "会期", "visitor", "exhibitor", "attendee",
                "participant", "attendance", "delegate", "spectator"],
    # an occasion that, held nowhere named, is the event or site the text last named (開会式に出席した after
    # 「X展」が開幕した; attended the opening after the lab was opened)
    "ceremony": ["式典", "開会式", "開幕式", "開所式", "竣工式", "落成式", "完成式", "起工式", "除幕式", "記念式典", "開業式",
                 "セレモニー", "会場", "内覧会", "着工式", "開通式", "完工式", "地鎮祭", "式", "開院式", "開校式", "開園式",
                 "開館式", "閉幕式", "閉会式", "opening", "ceremony",
                 "inauguration", "unveiling", "groundbreaking", "venue"],
}
#: Titles of company officers: without an organisation named, they are at the company the text is about.
DEFAULT_COMPANY_TITLES = ["社長", "会長", "取締役", "CEO", "CTO", "CFO", "COO", "最高経営責任者", "最高技術責任者",
                          "最高財務責任者", "創業者", "執行役員", "専務", "常務", "頭取", "chief executive", "president",
                          "chairman", "chairwoman", "founder", "officer", "managing director", "ceo", "cto", "cfo"]
DEFAULT_PRODUCT_HEADS = ["製品", "アプリ", "アプリケーション", "チャットボット", "サービス", "ソフトウェア", "ソフト",
                         "プラットフォーム", "ロボット", "システム", "ツール", "モデル", "デバイス", "端末"]
#: Words that point back to the organisation, place or thing last mentioned, with the kinds they can point to.
DEFAULT_ANAPHORS: dict[str, list[str]] = {
    "同社": ["organization"], "同グループ": ["organization"], "同行": [], "同大学": ["organization", "facility"],
    "同大": ["organization", "facility"], "同省": ["organization"], "同庁": ["organization"], "同局": ["organization"],
    "同国": ["place"], "同市": ["place"], "同県": ["place"], "同府": ["place"], "同州": ["place"], "同道": ["place"], "同センター": ["facility"],
    "同施設": ["facility"], "施設": ["facility"], "組合": ["organization"],
    "company": ["organization"], "firm": ["organization"], "group": ["organization"], "bank": ["organization"],
    "agency": ["organization"], "ministry": ["organization"], "university": ["organization", "facility"],
    "authority": ["organization"], "council": ["organization"], "trust": ["organization"],
    "foundation": ["organization"], "operator": ["organization"], "utility": ["organization"],
    "fund": ["organization"], "charity": ["organization"], "label": ["organization"],
    "reserve": ["place"], "park": ["place", "facility"],
    "its": ["organization"], "chip": ["product"], "app": ["product"], "product": ["product"],
    "satellite": ["product"], "processor": ["product"], "platform": ["product"], "robot": ["product"],
    "device": ["product"], "vehicle": ["product"], "phone": ["product"], "model": ["product"],
    "car": ["product"], "truck": ["product"], "tractor": ["product"], "drone": ["product"], "battery": ["product"],
    "train": ["product"], "aircraft": ["product"], "rocket": ["product"], "engine": ["product"], "kit": ["product"],
    "service": ["product"], "drug": ["product"], "vaccine": ["product"], "system": ["product"],
    "hub": ["facility"], "plant": ["facility"], "centre": ["facility"], "center": ["facility"],
    "lab": ["facility"], "facility": ["facility"], "campus": ["facility"], "factory": ["facility"],
    "site": ["facility"], "現地": ["facility", "place"], "現場": ["facility"],
    "hospital": ["facility", "organization"], "airport": ["facility"], "museum": ["facility"],
    "institute": ["organization", "facility"],
    "show": ["event"], "summit": ["event"], "forum": ["event"], "conference": ["event"], "expo": ["event"],
    "fair": ["event"], "festival": ["event"],
    # round 7: a thing measured is often called by its kind (The terminal handles 3.2 million containers)
    "event": ["event"], "exhibition": ["event"], "building": ["facility"], "terminal": ["facility"],
    "library": ["facility"], "stadium": ["facility"], "arena": ["facility"], "venue": ["facility"],
    "列車": ["product"],
    "city": ["place"], "town": ["place"], "state": ["place"], "province": ["place"], "prefecture": ["place"],
    "region": ["place"], "country": ["place"],
}
HONORIFIC_TITLES = {"教授", "准教授", "博士"}
#: Professions held for no organisation (監督, 俳優): a place written before one is the holder's country or town.
PROFESSION_TITLES = ("監督", "俳優", "女優", "歌手", "作家", "小説家", "画家", "写真家", "建築家", "漫画家", "声優",
                     "演出家", "脚本家", "作曲家", "指揮者", "棋士", "選手")
#: Words ending the word for a unit or site written before its quoted name (欧州子会社「Y」, 研究開発拠点「Y」).
DEFAULT_UNIT_NOUNS = ["子会社", "法人", "拠点", "センター", "研究所", "工場", "支社", "支店", "事業所", "営業所", "ラボ",
                      "室", "部門", "会社"]
#: Titles of the head of a kind of body, with the ending of its name: with no organisation written, the head of
#: the last such body named (漁協の…組合長 → …漁業協同組合).
DEFAULT_HEAD_TITLES = {"組合長": "組合", "館長": "館", "園長": "園", "院長": "院", "学長": "大学", "センター長": "センター",
                       "署長": "署", "駅長": "駅", "工場長": "工場", "所長": "所"}
#: Titles held for a place (the mayor of X, the governor of X): the place named after "of" is their organisation.
DEFAULT_PLACE_TITLES = ["mayor", "governor", "premier", "deputy mayor", "lord mayor",
                        "知事", "副知事", "市長", "副市長", "町長", "村長", "区長"]
#: Endings of the name of the place a Japanese place title is held for (知事: a prefecture; 市長: a city).
PREFECTURE_ENDINGS = ("県", "都", "府", "道")
DEFAULT_ACADEMIC_TITLES = ["教授", "准教授", "講師", "研究員", "professor", "researcher", "lecturer"]
ORG_KINDS = {"organization"}
ORG_OR_SITE = {"organization", "facility"}
PLACE_KINDS = {"place"}
VISITABLE = {"place", "facility", "organization", "event"}
QUOTES = {"「", "『", "“", '"'}
CLOSING_QUOTES = {"」", "』", "”", '"'}
#: Words for what an amount is of, by the kind of thing that has it (a product's price, a site's output); matched
#: at the end of a word (希望小売価格, 延べ床面積).
DEFAULT_MEASURE_WORDS: dict[str, list[str]] = {
    "product": ["価格", "重量", "重さ", "距離", "速度", "燃費", "走行", "航続", "容量", "利用者", "ユーザー", "加入者", "契約者",
                "price", "weight", "range", "speed", "users", "subscribers", "開発費", "開発期間", "運賃", "利用料",
                "料金", "fare", "fee", "所要時間", "乗車時間"],
    "facility": ["出力", "面積", "発電量", "output", "floor", "area", "延長", "水深", "取扱能力", "取扱量", "取り扱い量",
                 "処理能力", "病床", "病床数", "生産能力"],
    # members, staff and results are an organisation's (組合員は約230人, 売上高は…): the one the text last made its topic
    "organization": ["組合員", "会員", "社員", "従業員", "売上高", "売り上げ", "売上", "営業利益", "純利益", "経常利益",
                     "最終利益", "資本金"],
    # what a project costs or holds is the thing built or launched, a site or a vehicle or an event alike (総事業費は
    # 約28億円: the new train, the ropeway; 定員は96人)
    "project": ["事業費", "建設費", "投資額", "定員", "収容人数", "全長"],
}
#: After one of something (1機あたり, 1台当たり) a per-unit amount follows.
PER_UNIT_WORDS = {"あたり", "当たり"}
#: The kinds a measure word of the "project" group may point to.
PROJECT_KINDS = {"facility", "product", "event"}
#: What 同 + a noun can point back to.
SAME_KINDS = {"facility", "event", "product", "organization"}
#: One-character words a Japanese text uses for the prefecture, city or town it named (県は, 市が, 町の人口).
LOCAL_AUTHORITY_WORDS = frozenset("県市町村区府都")
#: Nouns after 同 that stand for a kind of thing (同拠点: the last site named), by kind.
DEFAULT_SAME_NOUNS: dict[str, list[str]] = {
    "facility": ["拠点", "施設", "工場", "研究所", "センター", "ラボ", "研究拠点", "発電所", "空港", "港", "駅", "病院",
                 "キャンパス", "ビル", "店", "店舗", "プラント", "基地", "ウインドファーム", "会場", "ターミナル"],
    "event": ["展", "展示会", "博覧会", "見本市", "イベント", "会議", "フォーラム", "大会", "フェア", "祭", "サミット"],
    "product": ["製品", "新製品", "車", "新型車", "モデル", "アプリ", "サービス", "ロボット", "システム", "機", "装置",
                "薬", "端末", "車両", "列車", "機体", "車体", "船体"],
}


@Language.factory(
    "harbour_relations",
    default_config={
        "triggers": DEFAULT_TRIGGERS,
        "company_titles": DEFAULT_COMPANY_TITLES,
        "academic_titles": DEFAULT_ACADEMIC_TITLES,
        "product_heads": DEFAULT_PRODUCT_HEADS,
        "anaphors": DEFAULT_ANAPHORS,
        "lookback_sentences": 3,
        "dependency_patterns": DEFAULT_PATTERNS,
        "title_words": JA_TITLE_WORDS + EN_TITLE_HEADS,
        "bracket_leads": DEFAULT_BRACKET_LEADS,
        "ja_unit_words": DEFAULT_JA_UNIT_WORDS,
        "en_unit_heads": DEFAULT_EN_UNIT_HEADS,
        "whole_government": DEFAULT_WHOLE_GOVERNMENT,
        "country_prefixes": DEFAULT_COUNTRY_PREFIXES,
        "body_words": DEFAULT_BODY_WORDS,
        "same_nouns": DEFAULT_SAME_NOUNS,
        "measure_words": DEFAULT_MEASURE_WORDS,
        "place_titles": DEFAULT_PLACE_TITLES,
        "unit_nouns": DEFAULT_UNIT_NOUNS,
        "head_titles": DEFAULT_HEAD_TITLES,
    },
)
def make_relations(nlp: Language, name: str, triggers: dict[str, list[str]], company_titles: list[str],
                   academic_titles: list[str], product_heads: list[str], anaphors: dict[str, list[str]],
                   lookback_sentences: int, dependency_patterns: list[dict], title_words: list[str],
                   bracket_leads: list[str], ja_unit_words: list[str], en_unit_heads: list[str],
                   whole_government: list[str], country_prefixes: dict[str, list[str]], body_words: list[str],
                   same_nouns: dict[str, list[str]], measure_words: dict[str, list[str]],
                   place_titles: list[str], unit_nouns: list[str],
                   head_titles: dict[str, str]) -> "RelationExtractor":
    return RelationExtractor(triggers, company_titles, academic_titles, product_heads, anaphors, lookback_sentences,
                             DependencyPatterns(nlp.vocab, dependency_patterns, nlp.lang), title_words,
                             ContainmentRules(bracket_leads, ja_unit_words, en_unit_heads, whole_government,
                                              country_prefixes, body_words), same_nouns, measure_words,
                             place_titles, unit_nouns, head_titles)


def kind(span: Span | None) -> str | None:
    return L.CLASS_KIND.get(span.label_) if span is not None else None


class _Index:
    """The entity spans of one document, by token, with the sentence of each token."""

    def __init__(self, doc: Doc, triggers: dict[str, set[str]],
                 kinds_cache: dict[int, tuple[str, ...]] | None = None) -> None:
        self.doc = doc
        # which tokens are trigger words of each kind, found once per document (by string hash: no Token objects)
        self.triggered: dict[str, set[int]] = {kind: set() for kind in triggers}
        cache = kinds_cache if kinds_cache is not None else {}
        strings = doc.vocab.strings
        for i, (lemma, lower) in enumerate(doc.to_array([LEMMA, LOWER]).tolist()):
            for word, folded in ((lemma, True), (lower, False)):
                kinds = cache.get(word) if folded else cache.get(-word - 1)
                if kinds is None:
                    text = strings[word].lower() if folded else strings[word]
                    kinds = tuple(kind for kind, words in triggers.items() if text in words)
                    if len(cache) < 500_000:  # bounded: a long-running server sees an open vocabulary
                        cache[word if folded else -word - 1] = kinds
                for kind in kinds:
                    self.triggered[kind].add(i)
        self.spans = list(doc.spans.get(ENTITIES, []))
        self.by_token: dict[int, Span] = {i: s for s in self.spans for i in range(s.start, s.end)}
        self.titles = list(doc.spans.get(TITLES, []))
        self.title_ending_at = {t.end: t for t in self.titles}
        self.title_starting_at = {t.start: t for t in self.titles}
        self._link_tokens: set[int] | None = None
        self._kind_words: list[tuple[int, str, Span]] | None = None
        self.held: list[tuple[int, Span]] | None = None  # occasions held somewhere (RelationExtractor._held_at)
        self._starts: list[int] | None = None

    def at(self, i: int) -> Span | None:
        return self.by_token.get(i)

    def triggered_in(self, sentence: Span, *kinds: str) -> list[Token]:
        """The trigger words of ``kinds`` in a sentence, in order (no Token made for the other words)."""
        found = set().union(*(self.triggered.get(k, ()) for k in kinds))
        doc = self.doc
        return [doc[i] for i in sorted(found) if sentence.start <= i < sentence.end] if found else []

    def english_link_tokens(self, sentence: Span) -> list[int]:
        """The tokens of a sentence that an English containment rule can start from (a preposition, a possessive,
        a bracket, a name, a trigger word), found from the document's arrays once: the rest are never looked at."""
        if self._link_tokens is None:
            strings = self.doc.vocab.strings
            deps = {strings.add("prep"), strings.add("poss")}
            openings = {strings.add(o) for o in OPENING} | {strings.add("owned")}  # majority-owned by
            triggered = set().union(*(self.triggered.get(k, ()) for k in ("based", "base", "unit")))
            self._link_tokens = {i for i, (dep, orth) in enumerate(self.doc.to_array([DEP, ORTH]).tolist())
                                 if dep in deps or orth in openings or i in triggered}
        # names are looked up now: products found in earlier sentences were added since
        return [i for i in range(sentence.start, sentence.end) if i in self._link_tokens or i in self.by_token]

    def in_sentence(self, sentence: Span) -> list[Span]:
        """The entities starting in a sentence, in order."""
        return sorted((s for s in self.spans if sentence.start <= s.start < sentence.end), key=lambda s: s.start)

    def named_by(self, token: Token) -> Span | None:
        """The entity a noun stands for: its own, or the one it is named after (the Computex show,
        the headquarters of Acme)."""
        own = self.at(token.i)
        if own is not None:
            return own
        for child in token.children:
            if child.dep_ == "compound" and (span := self.at(child.i)) is not None:
                return span
        if token.i > 0 and (span := self.at(token.i - 1)) is not None and span.end == token.i \
                and self.doc[token.i - 1].head.i == token.i and span.label_ == L.FACILITY:
            return span  # the Acme Fab 2 plant: a site's name the parser did not hang on its kind word as a compound
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                span = next((self.at(g.i) for g in child.children if g.dep_ == "pobj" and self.at(g.i)), None)
                if span is not None:
                    return span
        return None

    def add(self, span: Span) -> None:
        self.spans.append(span)
        for i in range(span.start, span.end):
            self.by_token[i] = span

    def in_subtree(self, token: Token, kinds: set[str], stop: set[int] = frozenset()) -> list[Span]:
        """Entities in a token's subtree, nearest to the token first."""
        found = []
        for t in sorted(token.subtree, key=lambda t: abs(t.i - token.i)):
            span = self.at(t.i)
            if span is not None and kind(span) in kinds and span not in found and t.i not in stop:
                found.append(span)
        return found

    def before(self, i: int, kinds: set[str], sentences: int, topic: bool = False, ending: str = "",
               label: str = "", containing: str = "", marker: str = "") -> Span | None:
        """The nearest entity of ``kinds`` ending before token ``i``, within a few sentences (``topic``: only
        one marked by は or が, brackets after it skipped)."""
        if self._starts is None:  # sentence starts, found once (Token.sent walks the parse at each call)
            self._starts = [s.start for s in self.doc.sents]
        k = bisect_right(self._starts, min(i, len(self.doc) - 1)) - 1
        limit = self._starts[max(0, k - sentences)]
        j = i - 1
        while j >= limit:
            span = self.at(j)
            if span is None:
                j -= 1
                continue
            if kind(span) in kinds and (not topic or self.is_topic(span)) \
                    and span.text.endswith(ending) and (not label or span.label_ == label) \
                    and (not containing or containing in span.text.lower().split()) \
                    and (not marker or self.is_topic(span, marker)):
                return span
            j = min(j, span.start) - 1  # (each name looked at once)
        return None

    def called_by_kind(self, token: Token) -> Span | None:
        """A bare Japanese noun that is the kind word a quoted name was introduced with (小型衛星「X」 … 衛星の重さは;
        観光列車「X」 … 列車は): the last such name before it."""
        if self._kind_words is None:
            self._kind_words = [(t.i, _compound_text(t), named) for t in self.doc[:-2] if t.pos_ == "NOUN"
                                and self.doc[t.i + 1].text in QUOTES and (named := self.at(t.i + 2)) is not None
                                and self.at(t.i) is None]
        if token.pos_ != "NOUN" or self.at(token.i) is not None:
            return None
        word = _compound_text(token)  # 試験|炉 written as two tokens: 試験炉
        if len(word) < 2:
            return None
        return next((named for i, kind_word, named in reversed(self._kind_words)
                     if i < token.i and kind_word.endswith(word)), None)

    def is_topic(self, span: Span, marker: str = "") -> bool:
        """Is the entity marked by は or が (ORG(本社・X)は counts; ``marker``: by that one)? In English: is it a
        clause's subject?"""
        doc, j = self.doc, span.end
        if doc.lang_ != "ja":
            return span.root.dep_ in {"nsubj", "nsubjpass"}
        if j < len(doc) and doc[j].text in {"」", "』"}:  # 「X展」が
            j += 1
        if j < len(doc) and doc[j].text in {"(", "（"}:
            while j < len(doc) and doc[j].text not in {")", "）"}:
                j += 1
            j += 1
        if j < len(doc) and doc[j].text == "が" and span.root.head.dep_ == "acl" and not marker:
            return False  # Xが製造したY: the subject of a clause describing a noun is not what the text is about
        return j < len(doc) and (doc[j].text == marker if marker else doc[j].text in {"は", "が"})


class RelationExtractor:
    def __init__(self, triggers: dict[str, list[str]], company_titles: list[str], academic_titles: list[str],
                 product_heads: list[str], anaphors: dict[str, list[str]], lookback_sentences: int,
                 patterns: DependencyPatterns | None = None, title_words: Iterable[str] = (),
                 containment: ContainmentRules | None = None,
                 same_nouns: dict[str, list[str]] | None = None,
                 measure_words: dict[str, list[str]] | None = None,
                 place_titles: Iterable[str] = DEFAULT_PLACE_TITLES,
                 unit_nouns: Iterable[str] = DEFAULT_UNIT_NOUNS,
                 head_titles: dict[str, str] | None = None) -> None:
        self.triggers = {k: {w.lower() for w in v} for k, v in triggers.items()}
        self.company_titles = tuple(t.lower() for t in company_titles)
        self.academic_titles = {t.lower() for t in academic_titles}
        self.product_heads = tuple(product_heads)
        self.anaphors = {k.lower(): set(v) for k, v in anaphors.items()}
        self.lookback = lookback_sentences
        self.patterns = patterns
        self._trigger_kinds: dict[int, tuple[str, ...]] = {}  # a word's string hash → its trigger kinds
        self.title_words = tuple(sorted({w.lower() for w in title_words}, key=len, reverse=True))
        self.containment = containment or ContainmentRules()
        self.same_nouns = {k: set(v) for k, v in (same_nouns if same_nouns is not None else DEFAULT_SAME_NOUNS).items()}
        self.measure_words = {k: tuple(w.lower() for w in v) for k, v in
                              (measure_words if measure_words is not None else DEFAULT_MEASURE_WORDS).items()}
        self.place_titles = {w.lower() for w in place_titles}
        self.unit_nouns = tuple(unit_nouns)
        self.company_anaphors = {"同社", "company", "firm"}
        self.subject_lookback = 1  # sentences back to a topic a subjectless Japanese clause continues
        self.head_titles = dict(head_titles if head_titles is not None else DEFAULT_HEAD_TITLES)
        self.inside_words = {"地区", "市", "県", "町", "村", "区", "州", "府", "都", "道"}

    def __call__(self, doc: Doc) -> Doc:
        index = _Index(doc, self.triggers, self._trigger_kinds)
        facts = Facts()
        japanese = doc.lang_ == "ja"
        facts.roles = self._roles(index, japanese)
        holders = {r.anchor.text: r.holder for r in facts.roles}
        date_chars: list[set[int]] = []  # filled on the first amount: most sentences have none
        dates: list[list[DateMention]] = []  # the document's date phrases, found when first needed
        unattached: list[Span] = []  # sentences naming companions before their visit was found
        for sentence in doc.sents:
            self._offerings(index, sentence, facts, japanese)
            self._visits(index, sentence, facts, holders, japanese, unattached)
            self._links(index, sentence, facts, japanese)
            self._quantities(index, sentence, facts, date_chars, dates, japanese)
        if self.patterns is not None:
            self._pattern_facts(index, facts, holders)
            for sentence in unattached:  # accompanied by X in a sentence whose visit only a pattern found
                self._accompany(index, sentence, facts, [v for v in facts.visits if v.sentence == sentence], japanese)
        if japanese:
            self._unsaid_occasions(index, facts, holders)
            self._held_occasions(index, facts)
        else:
            self._speeches(index, facts, holders)
        _date_undated_visits(doc, facts.visits, dates)
        if len(index.spans) != len(doc.spans.get(ENTITIES, [])):
            doc.spans[ENTITIES] = sorted(filter_spans(index.spans), key=lambda s: s.start)
        doc._.harbour_facts = facts
        return doc

    # --- helpers ------------------------------------------------------------------------------------------

    @staticmethod
    def _is(index: _Index, token: Token, trigger: str) -> bool:
        return token.i in index.triggered.get(trigger, ())

    def _antecedent(self, index: _Index, token: Token) -> Span | None:
        """同社 / the company / its → the nearest earlier entity of the kind the word can point to."""
        word = token.text.lower()
        doc = token.doc
        start = token.i  # 同|大学, 同|ウインド|ファーム written as several tokens
        while start > 0 and token.i - start < 3 and doc[start - 1].text != "同" and doc[start - 1].dep_ == "compound" \
                and doc[start - 1].pos_ == "NOUN":
            start -= 1
        if start > 0 and doc[start - 1].text == "同":
            word = "同" + doc[start:token.i + 1].text.lower()
        elif word not in self.anaphors:
            return None
        kinds = self.anaphors.get(word)
        if not kinds and word.startswith("同") and len(word) > 2:  # 同ウインドファーム, 同ラボ, 同拠点: any 同 + noun
            return self._same_as_named(index, token, word[1:])
        if not kinds:
            return None
        if word.isascii() and word != "its":  # the company, this app (not "a company")
            if not any(c.lower_ in {"the", "this", "that", "each"} for c in token.children):
                return None  # (each train seats 340: one of the trains named)
            named = index.before(token.i, kinds, len(index.doc), containing=word)
            if named is not None:  # the university: the last one with "university" in its name, if any
                return named
            introduced = [s for s in index.spans if s.end <= token.i and s.start > 0 and kind(s) in kinds
                          and doc[s.start - 1].lower_ == word]
            if introduced and word not in self.company_anaphors:  # the utility: the last one introduced with the
                return introduced[-1]  # word (municipal utility Acme Energi)
        if word.startswith("同") and word[1:] not in {"社", "グループ"}:  # 同大学: the last …大学, however far back
            named = index.before(token.i, kinds, len(index.doc), ending=word[1:])
            if named is not None:
                return named
            if word == "同国":  # タイ, not バンコク named after it
                return index.before(token.i, kinds, self.lookback, label=L.COUNTRY)
        elif kinds == {"organization"} and not word.isascii() and not word.startswith("同"):  # 組合の…: the last …組合 named, however far back
            return index.before(token.i, kinds, len(doc), ending=word)
        elif word.startswith("同") or kinds == {"organization"}:
            # 同社 / the company is the company the text is about: the last one that was a topic (は/が, a subject),
            # else the nearest, else the first the text was about; 同社 and "the firm" are companies (not the
            # prefecture's office named since)
            if word in self.company_anaphors:
                found = self._company_about(index, token.i, kinds, first_topic=word == "同社")
                if found is not None:
                    return found
            return index.before(token.i, kinds, self.lookback, topic=True) \
                or index.before(token.i, kinds, self.lookback) \
                or next((s for s in index.spans if kind(s) in kinds and s.end <= token.i and index.is_topic(s)), None)
        if word.isascii() and word != "its":  # the plant: the last site named, however far back
            return index.before(token.i, kinds, len(doc))
        return index.before(token.i, kinds, self.lookback)

    def _company_about(self, index: _Index, i: int, kinds: set[str], first_topic: bool = True) -> Span | None:
        """The company the text is about before token ``i``: the last one made the topic with は (``first_topic``:
        not the maker of a part named with が in between), else the last subject, else the nearest."""
        return (index.before(i, kinds, self.lookback, label=L.COMPANY, marker="は")
                or index.before(i, kinds, len(index.doc), label=L.COMPANY, marker="は")
                if first_topic else None) \
            or index.before(i, kinds, self.lookback, topic=True, label=L.COMPANY) \
            or index.before(i, kinds, self.lookback, label=L.COMPANY)

    @staticmethod
    def _marked_subject(index: _Index, sentence: Span, verb: Token) -> list[Span]:
        """The first person (with their title) marked by は or が before ``verb`` in its sentence."""
        for span in index.in_sentence(sentence):
            if span.label_ != L.PERSON or span.end >= verb.i:
                continue
            j = index.title_starting_at[span.end].end if span.end in index.title_starting_at else span.end
            if j < verb.i and index.doc[j].text in {"は", "が"}:
                return [span]
        return []

    def _site_named_by_word(self, index: _Index, token: Token) -> Span | None:
        """製鉄所で開かれた式: a site's common noun alone is the last site named with it at its end, else the site the
        text is about."""
        if not _site_word(token) or index.at(token.i) is not None:
            return None
        return index.before(token.i, {"facility"}, len(index.doc), ending=token.text) \
            or self._site_about(index, token.i)

    @staticmethod
    def _site_about(index: _Index, i: int, word: str = "") -> Span | None:
        """The site a text is about, before token ``i``: the last one named with the site's word at its end (発電所を
        視察: …発電所), else the first facility the text made a subject (the one its lead sentence is about: 「X」が
        開館した), else the last facility named."""
        doc = index.doc
        return (index.before(i, {"facility"}, len(doc), ending=word) if len(word) > 1 else None) \
            or next((s for s in index.spans if s.end <= i and kind(s) == "facility" and index.is_topic(s)), None) \
            or index.before(i, {"facility"}, len(doc))

    def _same_as_named(self, index: _Index, token: Token, noun: str) -> Span | None:
        """同 + a noun: the last thing named with that noun at its end (同ウインドファーム → …ウインドファーム), else the last
        thing of the kind the noun is a word for (同拠点 → the last site, 同展 → the last event)."""
        named = index.before(token.i, SAME_KINDS, self.lookback, ending=noun) \
            or index.before(token.i, SAME_KINDS, len(index.doc), ending=noun)  # (同財団: however far back)
        if named is not None:
            return named
        kinds = {k for k, words in self.same_nouns.items() if noun in words}
        return index.before(token.i, kinds, self.lookback) if kinds else None

    # --- roles --------------------------------------------------------------------------------------------

    def _roles(self, index: _Index, japanese: bool) -> list[RoleFact]:
        doc = index.doc
        roles = []
        first: dict[tuple[str, str], Span | None] = {}  # (person, title) → the organisation of its first mention
        for person in sorted((s for s in index.spans if s.label_ == L.PERSON), key=lambda s: s.start):
            for title in self._titles_of(index, person, japanese):
                organization = self._organization_of(index, person, title, japanese)
                name = self._role_name(index, title)
                if not name:
                    continue
                key = (person.kb_id_ or person.text, name)
                if organization is not None and first.get(key) is not None \
                        and not self._named_here(index, person, title):
                    organization = first[key]  # 永田社長は… after 同社の永田恵美社長: the same office, not a guess
                first.setdefault(key, organization)
                roles.append(RoleFact(person, name, organization, doc[title.start].sent, title))
        if not japanese:  # Deputy Minister of Transport Jane Doe, with no country named: the government of the
            # minister named before her (a minister's delegation), else the one country whose government the text
            # names (Ashland's government on Tuesday …)
            governments = _unique(s for s in index.spans if kind(s) in PLACE_KINDS and s.end + 1 < len(doc)
                                  and doc[s.end].text in {"'s", "’s"} and doc[s.end + 1].lower_ in GOVERNMENT_WORDS)
            government = governments[0] if len({s.kb_id_ or s.text for s in governments}) == 1 else None
            for role in sorted(roles, key=lambda r: r.holder.start):
                if role.organization is None and role.anchor.start > 0 \
                        and doc[role.anchor.start - 1].lower_ in REGIONAL_WORDS \
                        and role.title.lower() in self.place_titles:  # regional governor Jane Doe: of the region
                    role.organization = index.before(role.anchor.start, PLACE_KINDS, self.lookback,
                                                     containing=REGIONAL_WORDS[doc[role.anchor.start - 1].lower_])
                if "minister" not in role.title.lower().split():
                    continue
                if role.organization is None and government is not None:
                    role.organization = government
                elif role.organization is not None and kind(role.organization) in PLACE_KINDS:
                    government = role.organization
        for role in roles:  # フランスのX監督, 米国の俳優X: a place before a profession is the holder's country, no employer
            if japanese and kind(role.organization) in PLACE_KINDS and role.title.endswith(PROFESSION_TITLES):
                role.organization = None
        for role in roles:  # Alberta's minister works for the Government of Alberta, when the text names it
            if kind(role.organization) in PLACE_KINDS or role.organization is None:
                role.organization = self._ministry_of(index, role.title) or (
                    self._government_of(index, role.organization) if role.organization is not None else None) \
                    or role.organization
        return roles

    def _government_of(self, index: _Index, place: Span) -> Span | None:
        """The government body the text names after a place (Government of Alberta, 香港特別行政区政府)."""
        return next((s for s in index.spans if s.label_ == L.GOVERNMENT and place.text in s.text and s.text != place.text
                     and any(word in s.text.lower() for word in self.containment.whole_government)), None)

    @staticmethod
    def _ministry_of(index: _Index, title: str) -> Span | None:
        """The ministry an English minister heads, when the text names it: Minister of Mining → Ministry of Mining
        (a Japanese 大臣 is a member of the cabinet, not of the 省, in the gold's convention)."""
        lowered = title.lower()
        if not lowered.startswith(("minister of ", "minister for ")):
            return None
        wanted = "ministry" + lowered[len("minister"):]
        return next((s for s in index.spans if s.label_ == L.GOVERNMENT and s.text.lower() == wanted), None)

    @staticmethod
    def _named_here(index: _Index, person: Span, title: Span) -> bool:
        """Is an organisation written right with the title (ORG の 社長 X, X, CEO of ORG, 工業局長)?"""
        doc = index.doc
        start, end = min(person.start, title.start), max(person.end, title.end)
        before = [index.at(i) for i in (start - 1, start - 2) if i >= 0 and doc[i].text not in {"は", "が", "、", "。"}]
        after = [index.at(i) for i in (end + 1, end + 2) if i < len(doc) and doc[end].lower_ in {"of", "at"}]
        inside = [index.at(title.start - 1)] if title.start > 0 else []
        return any(s is not None and kind(s) in ORG_OR_SITE | PLACE_KINDS for s in before + after + inside)

    def _titles_of(self, index: _Index, person: Span, japanese: bool) -> list[Span]:
        doc = index.doc
        found = []
        before = person.start
        while before > 0 and doc[before - 1].text.rstrip(".") in {"Dr", "Mr", "Mrs", "Ms", "Prof", "Sir"}:
            before -= 1
        if before > 0 and doc[before - 1].text in {"、", "の", ","}:
            before -= 1
        if japanese and before >= 3:  # XのYを務める(ている)Z: the title held, before the verb
            j = before - 1
            while j > 1 and doc[j].pos_ in {"AUX", "SCONJ"}:
                j -= 1
            if doc[j].lemma_ == "務める" and doc[j - 1].text == "を" and j - 1 in index.title_ending_at:
                before = j - 1
        if japanese and before >= 2 and doc[before - 1].lemma_ == "ある" and doc[before - 2].text == "で":
            before -= 2  # ORGの最高経営責任者(CEO)である山田太郎氏: the title apposed by である
            if before > 0 and doc[before - 1].text in {")", "）"}:
                while before > 0 and doc[before - 1].text not in {"(", "（"}:
                    before -= 1
                before -= 1
        if before in index.title_ending_at:
            found.append(index.title_ending_at[before])
        elif not japanese and before < person.start and doc[before].text == "," and before > 0 \
                and (mistaken := index.at(before - 1)) is not None and mistaken.end == before \
                and self._title_like(mistaken):
            found.append(mistaken)  # Chile's Minister of Mining, Jane Doe: a title the entities took for a name
        after = person.end
        if japanese:  # a title after the name; 教授 after a name that has a title before it is an honorific
            unit = index.at(after) if after < len(doc) else None
            if unit is not None and unit.start == after and kind(unit) == "organization" \
                    and unit.end in index.title_starting_at:
                after = unit.end  # 朴ソヨン|産業通商資源部|長官: the title of the unit written between
            title = index.title_starting_at.get(after)
            if title is not None and not (found and title.text in HONORIFIC_TITLES):
                found.append(title)
        elif after + 1 < len(doc) and doc[after].text == ",":  # Jane Doe, (the) chief executive of Acme
            skip = 2 if after + 2 < len(doc) and doc[after + 1].lower_ == "the" else 1
            owner = index.at(after + 1)  # Jane Doe, Denmark's Minister for Trade
            if owner is not None and owner.start == after + 1 and owner.end + 1 < len(doc) \
                    and doc[owner.end].text in {"'s", "’s"} and kind(owner) in ORG_OR_SITE | PLACE_KINDS:
                skip = owner.end + 1 - after
            elif skip == 2 and after + 4 < len(doc) and doc[after + 3].text in {"'s", "’s"} \
                    and doc[after + 2].lower_ in self.anaphors:
                skip = 4  # Jane Doe, the fund's executive director
            if after + skip in index.title_starting_at:
                found.append(index.title_starting_at[after + skip])
        return found

    def _role_name(self, index: _Index, title: Span) -> str:
        """The title as written; a bare 長 after a unit is that unit's head (局 + 長 = 局長)."""
        text = title.text.strip(" ,、")
        words = text.split()
        while len(words) > 1 and words[-1].lower() in {"of", "for", "at"}:  # chairwoman of (Dutch operator X)
            words.pop()
        text = " ".join(words) if len(words) < len(text.split()) else text
        if text == "長" and title.start > 0:
            unit = index.at(title.start - 1)
            return (unit.text[-1] + "長") if unit is not None else text
        return text

    def _organization_of(self, index: _Index, person: Span, title: Span, japanese: bool) -> Span | None:
        doc = index.doc
        group_start, group_end = min(person.start, title.start), max(person.end, title.end)
        if title.start > person.end and title.start >= 2 and doc[title.start - 1].text in {"'s", "’s"} \
                and (owner := index.at(title.start - 2) or self._antecedent(index, doc[title.start - 2])) is not None \
                and kind(owner) in ORG_OR_SITE | PLACE_KINDS:
            return owner  # Jane Doe, Denmark's Minister for Trade; Jane Doe, the fund's director
        # the unit inside the title (工業局長, 産業通商資源部長官)
        if title.start > 0 and (unit := index.at(title.start - 1)) is not None and kind(unit) == "organization" \
                and unit.end == title.start and (title.text == "長" or unit.label_ == L.GOVERNMENT):
            return unit
        i = group_start - 1
        if japanese and i >= 2 and doc[i].lemma_ == "ある" and doc[i - 1].text == "で":
            i -= 2  # 同社の創業者である山田太郎社長: the organisation is before the apposed title
            while i >= 0 and doc[i].pos_ in {"NOUN", "PROPN"} and index.at(i) is None:
                i -= 1
        if i >= 0 and doc[i].text in {"の", "'s", "’s"}:
            i -= 1
        company_title = title.text.lower().endswith(self.company_titles) or title.text.lower().startswith(
            self.company_titles)
        if i >= 0:
            candidate = index.at(i) or self._antecedent(index, doc[i]) or self._kind_before_title(index, doc[i])
            if candidate is None and japanese and (doc[i].text.startswith("同") or i > 0 and doc[i - 1].text == "同"):
                return None  # 同センターの X 教授 with the centre not found: no guess at another organisation
            if company_title and japanese and (candidate is None or kind(candidate) in PLACE_KINDS | {"person"}) and \
                    (short := self._short_form_of(index, i)) is not None:
                return short  # 丸福の竹内社長 after 丸福ホールディングス: a company officer is at a company
            if candidate is not None and kind(candidate) in ORG_OR_SITE | PLACE_KINDS:
                return candidate
        if not japanese and title.end <= person.start and person.end + 1 < len(doc) \
                and doc[person.end].lower_ in {"of", "at"}:  # Analyst Jane Doe of Acme (of the university's X)
            objects = [c for c in doc[person.end].children if c.dep_ == "pobj"]
            candidate = index.at(person.end + 1) or index.at(person.end + 2) or next(
                (index.at(o.i) for o in objects if index.at(o.i) is not None), None)
            if candidate is not None and kind(candidate) in ORG_OR_SITE:
                return candidate
        if not japanese:  # chief executive of Acme / at Acme / of Dutch port operator Acme
            j = title.end
            if j + 1 < len(doc) and doc[j].lower_ in {"of", "at"} and group_end == title.end:
                candidate = index.at(j + 1) or index.at(j + 2)
                if candidate is not None and (kind(candidate) in ORG_OR_SITE or (
                        kind(candidate) in PLACE_KINDS and doc[j - 1].lower_ in self.place_titles)):
                    return candidate  # (Jane Doe, the mayor of Ashford: a mayor's is a place)
            preposition = doc[title.end - 1] if doc[title.end - 1].lower_ in {"of", "at", "for"} else (
                doc[j] if j < len(doc) and doc[j].lower_ in {"of", "at"} else None)
            objects = [c for c in preposition.children if c.dep_ == "pobj"] if preposition is not None else []
            for obj in objects:
                candidate = index.named_by(obj) or next(iter(index.in_subtree(obj, ORG_OR_SITE)), None)
                if candidate is not None and kind(candidate) in ORG_OR_SITE:
                    return candidate
        if japanese and (unit := next((u for t, u in self.head_titles.items() if title.text.endswith(t)), None)):
            # 漁協の…組合長, 館長: the head of the last 組合 / 館 the text named
            named = index.before(group_start, ORG_OR_SITE, len(doc), ending=unit)
            if named is not None:
                return named
        if japanese and title.text in self.place_titles:
            return self._place_of_office(index, group_start, title.text)
        if company_title:  # a company in the sentence, else the one the text is about (a subject, else the one
            # named most so far), else any
            return index.before(group_start, ORG_KINDS, 0, label=L.COMPANY) \
                or index.before(group_start, ORG_KINDS, self.lookback, topic=True, label=L.COMPANY) \
                or self._most_named_company(index, group_start) \
                or index.before(group_start, ORG_KINDS, self.lookback, label=L.COMPANY) \
                or index.before(group_start, ORG_OR_SITE, self.lookback)
        if title.text.lower() in self.academic_titles:  # a professor leading "the team" of the university named before
            return index.before(group_start, ORG_OR_SITE, self.lookback)
        return None

    @staticmethod
    def _place_of_office(index: _Index, before: int, title: str) -> Span | None:
        """A governor or mayor written with no place (…県庁を訪れ、山田太郎知事に): the last prefecture (city, town)
        named, or the one whose office (…県庁, …市役所) was named last."""
        endings = PREFECTURE_ENDINGS if title.endswith("知事") else (title[-2],)
        for span in sorted((s for s in index.spans if s.end <= before), key=lambda s: s.start, reverse=True):
            if kind(span) in PLACE_KINDS and span.text.endswith(endings):
                return span
            office = next((span.text[:-len(w)] for w in ("庁", "役所", "役場") if span.text.endswith(w)), "")
            if span.label_ == L.GOVERNMENT and office.endswith(endings):
                return next((s for s in index.spans if kind(s) in PLACE_KINDS and s.text == office), None)
        return None

    def _kind_before_title(self, index: _Index, word: Token) -> Span | None:
        """museum director Jane Doe, hospital chief executive …: the last thing named with that word in its name."""
        kinds = self.anaphors.get(word.lower_)
        if index.doc.lang_ == "ja" or not kinds or word.pos_ != "NOUN" or word.dep_ != "compound" \
                or word.lower_ in self.company_anaphors or word.lower_ == "its":
            return None
        return index.before(word.i, kinds & ORG_OR_SITE, len(index.doc), containing=word.lower_)

    @staticmethod
    def _most_named_company(index: _Index, before: int) -> Span | None:
        """The company the text names most often (three times at least: the one the text is about), as its last
        mention before token ``before``; None on a tie or when it is not named before."""
        counts: dict[str, list[Span]] = {}
        for span in index.spans:
            if span.label_ == L.COMPANY:
                counts.setdefault(span.kb_id_ or span.text, []).append(span)
        ranked = sorted(counts.values(), key=len, reverse=True)
        if not ranked or len(ranked[0]) < 3 or (len(ranked) > 1 and len(ranked[1]) == len(ranked[0])):
            return None
        return max((s for s in ranked[0] if s.end <= before), key=lambda s: s.start, default=None)

    @staticmethod
    def _short_form_of(index: _Index, i: int) -> Span | None:
        """The words ending at token ``i`` (not a city or a country) as the short form of a company the document
        names in full: ヒノデ半導体 for 株式会社ヒノデ半導体, 丸福 for 丸福ホールディングス株式会社."""
        doc = index.doc
        own = index.at(i)
        if own is not None and (own.end != i + 1 or own.label_ not in {L.PLACE, L.PERSON}):
            return None
        start = own.start if own is not None else i
        while own is None and start > doc[i].sent.start and doc[start - 1].pos_ in {"NOUN", "PROPN", "INTJ"} \
                and index.at(start - 1) is None:
            start -= 1
        words = doc[start:i + 1].text
        if len(words) < 2:
            return None
        companies = [s for s in index.spans if s.label_ == L.COMPANY and s.text != words
                     and (s.text.startswith(words) or s.text.removeprefix("株式会社").startswith(words))]
        return companies[0] if len({c.text for c in companies}) == 1 else None

    # --- visits -------------------------------------------------------------------------------------------

    def _visits(self, index: _Index, sentence: Span, facts: Facts, holders: dict[str, Span], japanese: bool,
                unattached: list[Span]) -> None:
        doc = index.doc
        new_visits = []
        for verb in index.triggered_in(sentence, "visit"):
            visitors = self._subjects(index, verb, holders, japanese)
            if not visitors and japanese:  # 式典では、X市のZ市長があいさつし、…を視察した (the chain's parse broken)
                visitors = self._marked_subject(index, sentence, verb)
            if not visitors:
                earlier = [v for v in facts.visits if v.sentence.start < sentence.start]
                if earlier and not any(index.at(i) is not None and index.at(i).label_ == L.PERSON
                                       for i in range(sentence.start, verb.i)):
                    visitors = list(earlier[-1].visitors)
            locations = self._visited(index, verb, japanese)
            if not japanese:
                locations = [self._site_in(index, verb, place, facts) for place in locations]
            when = self._date_of(verb)
            for location in locations:
                if visitors:
                    new_visits.append(VisitFact(list(visitors), location, sentence, verb.lemma_, date_tokens=when))
        if japanese:
            new_visits += self._visiting_now(index, sentence, new_visits)
            if not new_visits and not any(v.sentence.start == sentence.start for v in facts.visits):
                new_visits += self._at_the_venue(index, sentence, holders)
        else:
            new_visits += self._ribbon_cut(index, sentence, holders)
            if not new_visits:
                new_visits += self._met_in(index, sentence, holders)
        facts.visits.extend(new_visits)
        if not self._accompany(index, sentence, facts, new_visits, japanese):
            unattached.append(sentence)

    def _site_in(self, index: _Index, verb: Token, place: Span, facts: Facts) -> Span:
        """toured the Leeds plant, after the X plant in Leeds was named: the site the text placed there, not the
        town (the kind word, lower case, is the object; the place is its modifier)."""
        if kind(place) not in PLACE_KINDS:
            return place
        word = next((c for c in verb.children if c.dep_ in {"dobj", "obj"} and c.is_lower and index.at(c.i) is None
                     and any(index.at(g.i) == place for g in c.children if g.dep_ == "compound")), None)
        if word is None or "facility" not in self.anaphors.get(word.lower_, ()):
            return place
        sites = _unique(link.subject for link in facts.links if link.kind == "locatedIn" and link.object.kb_id_
                        == place.kb_id_ and kind(link.subject) == "facility" and link.subject.start < verb.i)
        return sites[-1] if sites else place

    def _met_in(self, index: _Index, sentence: Span, holders: dict[str, Span]) -> list[VisitFact]:
        """Jane Doe signed the contract in Seoul on Tuesday with John Roe; Doe met Roe in Oslo: the people who
        sign or meet somewhere were there, that day."""
        found = []
        for verb in index.triggered_in(sentence, "meeting"):
            if verb.pos_ != "VERB":
                continue
            objects = [c for c in verb.children if c.dep_ == "dobj"]  # (met Y in Geneva: the place hangs on Y)
            places = [span for h in [verb] + objects for c in h.children if c.dep_ == "prep" and c.lower_ in {"in", "at"}
                      for g in c.children if g.dep_ == "pobj" and (span := index.named_by(g)) is not None
                      and kind(span) in PLACE_KINDS | {"facility"}]
            people = self._subjects(index, verb, holders, False)
            if not places or not people:
                continue
            people += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
                       for p in index.in_subtree(c, {"person"}) if p not in people]  # (signed … with Y: Y too)
            people += [p for o in objects if o.ent_type_ == "PERSON" and (p := index.at(o.i)) is not None
                       and p.label_ == L.PERSON and p not in people]  # met Y
            found.append(VisitFact(_unique(people), places[0], sentence, verb.lemma_, date_tokens=self._date_of(verb)))
        return found

    def _accompany(self, index: _Index, sentence: Span, facts: Facts, new_visits: list[VisitFact],
                   japanese: bool) -> bool:
        """Companions named in a sentence (accompanied by X, Xが同行) join its visit, else the last one before;
        False when the sentence names companions and there is no visit for them yet."""
        companions_from = index.triggered_in(sentence, "accompany")
        if not companions_from:
            return True
        target = new_visits[0] if new_visits else next(
            (v for v in reversed(facts.visits) if v.sentence.start < sentence.start), None)
        if target is None:
            return False
        first_of_sentence = next(v for v in facts.visits if v.sentence.start == target.sentence.start)
        target = first_of_sentence
        visitors = {(p.start, p.end) for p in target.visitors}
        if japanese:  # (not the one spoken or reported to: …を訪れ、山田知事に報告した)
            people = [s for s in _unique(index.at(i) for i in range(sentence.start, sentence.end))
                      if s is not None and s.label_ == L.PERSON and not self._addressed(index, s)]
        else:
            subjects = {u.i for t in companions_from for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}
                        for u in c.subtree}  # (X was accompanied by Y: X is the one accompanied)
            people = [s for t in companions_from for s in index.in_subtree(t, {"person"}, stop=subjects)]
            people += [s for t in companions_from if t.lower_ in {"together", "along"}
                       for s in _after(index, t, sentence, {"person"})]
        same = {v.kb_id_ for v in target.visitors if v.kb_id_}  # (山田 for the visitor 山田太郎)
        for person in _unique(people):
            if (person.start, person.end) not in visitors and person.text not in {v.text for v in target.visitors} \
                    and person not in target.companions and not (person.kb_id_ and person.kb_id_ in same):
                target.companions.append(person)
        return True

    @staticmethod
    def _addressed(index: _Index, person: Span) -> bool:
        """Is a person (with the title after the name) marked by に or へ (the one told), or by から (the host
        heard from: Xの山田社長から説明を受けた), not one who went along?"""
        j = person.end
        if j in index.title_starting_at:
            j = index.title_starting_at[j].end
        return j < len(index.doc) and index.doc[j].text in {"に", "へ", "から"} and index.doc[j].head.lemma_ != "とも"

    def _unsaid_occasions(self, index: _Index, facts: Facts, holders: dict[str, Span]) -> None:
        """ZもATTENDした with no occasion written: Z attended the event the text was about (a subject), named in
        the sentences before."""
        for verb in (index.doc[i] for i in sorted(index.triggered.get("attend", ()))):
            sentence = verb.sent
            if any(v.sentence.start == sentence.start for v in facts.visits) or any(
                    c.dep_ in {"obl", "obj"} and c.pos_ in {"NOUN", "PROPN"} for c in verb.children):
                continue
            visitors = self._subjects(index, verb, holders, True)
            event = index.before(sentence.start, {"event"}, self.lookback, topic=True) if sentence.start else None
            if visitors and event is not None:
                facts.visits.append(VisitFact(visitors, event, sentence, verb.lemma_))

    def _speeches(self, index: _Index, facts: Facts, holders: dict[str, Span]) -> None:
        """Z delivered the keynote address / Z welcomed the delegates, with no place written: Z was at the event
        the text is about."""
        for word in (index.doc[i] for i in sorted(index.triggered.get("speech", ()))):
            verb = word.head
            if word.dep_ != "dobj" or verb.lemma_ not in {"deliver", "give", "make", "welcome", "greet", "address"} \
                    or any(c.dep_ == "prep" and c.lower_ in {"at", "in"} for c in verb.children) \
                    or any(v.sentence.start == verb.sent.start for v in facts.visits):
                continue
            visitors = self._subjects(index, verb, holders, False)
            event = next((s for s in index.spans if kind(s) == "event" and s.end <= word.i and index.is_topic(s)),
                         None) or index.before(word.i, {"event"}, self.lookback) \
                or next((s for s in index.spans if kind(s) == "event" and s.end <= word.i), None)
            if visitors and event is not None:
                facts.visits.append(VisitFact(visitors, event, verb.sent, verb.lemma_, date_tokens=self._date_of(verb)))

    @staticmethod
    def _conjoined(index: _Index, token: Token) -> list[Span]:
        """What is joined to an object by "and": toured the plant and the research centre."""
        return [span for c in token.children if c.dep_ == "conj" and (span := index.named_by(c)) is not None
                and kind(span) in VISITABLE]

    def _at_the_venue(self, index: _Index, sentence: Span, holders: dict[str, Span]) -> list[VisitFact]:
        """Zは会場で語った / 会場で新作を体験した: the person the sentence is about was at the event whose venue it is
        (the parse may hang 会場で on a quoted clause: read the order of words)."""
        doc = index.doc
        venue = next((t for t in index.triggered_in(sentence, "occasion") if t.text in VENUE_WORDS
                      and t.i + 1 < sentence.end and doc[t.i + 1].text == "で"), None)
        if venue is None:
            return []
        person = None
        after = venue.i + 2 if venue.i + 2 < sentence.end and doc[venue.i + 2].text == "は" else venue.i + 1
        # Zは会場で…, or 会場では(同社の)Z社長が…: the first subject before the venue, else right after it
        for t in list(doc[sentence.start + 1:venue.i]) + list(doc[after + 1:min(sentence.end, after + 10)]):
            if t.text in {"は", "が"}:
                before = doc[t.i - 2] if doc[t.i - 1].text in {"氏", "さん", "様"} and t.i - 2 >= 0 else doc[t.i - 1]
                title = next((x for x in index.titles if x.start <= before.i < x.end), None)
                person = next((s for s in [index.at(before.i)] if s is not None and s.label_ == L.PERSON), None) \
                    or (index.at(title.start - 1) if title is not None and index.at(title.start - 1) is not None
                        and index.at(title.start - 1).label_ == L.PERSON else None) \
                    or (holders.get(title.text) if title is not None else None)
                break
        event = self._occasion_place(index, venue)
        return [VisitFact([person], event, sentence, "会場")] if person is not None and event is not None else []

    @staticmethod
    def _person_with_honorific(index: _Index, token: Token) -> bool:
        """山田太郎|氏: an honorific standing for the person compounded with it."""
        return any(c.dep_ == "compound" and (span := index.at(c.i)) is not None and span.label_ == L.PERSON
                   for c in token.children)

    def _ribbon_cut(self, index: _Index, sentence: Span, holders: dict[str, Span]) -> list[VisitFact]:
        """Z cut the ribbon (alongside C): Z opened the site or event the text is about, with C there too."""
        visits = []
        for ribbon in index.triggered_in(sentence, "ribbon"):
            verb = ribbon.head
            if ribbon.dep_ != "dobj" or verb.lemma_ != "cut":
                continue
            visitors = self._subjects(index, verb, holders, False)
            place = index.before(ribbon.i, {"facility", "event"}, len(index.doc), topic=True) \
                or index.before(ribbon.i, {"facility", "event"}, self.lookback)
            if visitors and place is not None:
                visit = VisitFact(visitors, place, sentence, "cut the ribbon", date_tokens=self._date_of(verb))
                visit.companions = [p for c in verb.children if c.dep_ == "prep" and c.lower_ in {"alongside", "with"}
                                    for p in index.in_subtree(c, {"person"}) if p not in visitors]
                visits.append(visit)
        return visits

    def _visiting_now(self, index: _Index, sentence: Span, known: list[VisitFact]) -> list[VisitFact]:
        """Xを訪問中の(…の)Z: Z is visiting X (the parse hangs X elsewhere: read the order of words)."""
        doc = index.doc
        visits = []
        for verb in index.triggered_in(sentence, "visit"):
            i = verb.i
            if not (sentence.start + 2 <= i and i + 2 < sentence.end and doc[i - 1].text == "を"
                    and doc[i + 1].text == "中" and doc[i + 2].text == "の"):
                continue
            place = index.at(i - 2)
            visitor = next((s for j in range(i + 3, sentence.end) if doc[j].text not in {"は", "が"}
                            for s in [index.at(j)] if s is not None and s.label_ == L.PERSON), None)
            if place is not None and kind(place) in VISITABLE and visitor is not None and not any(
                    v.location == place for v in known):
                visits.append(VisitFact([visitor], place, sentence, verb.lemma_))
        return visits

    def _date_of(self, verb: Token) -> tuple[int, int] | None:
        """Characters of a date phrase that modifies the verb itself (on Tuesday; 2日、…を訪問)."""
        for child in verb.children:
            for token in [child] + [g for g in child.children if child.dep_ == "prep"]:
                if token.ent_type_ in {"DATE", "Date", "Day_Of_Week"} or (token.pos_ == "NOUN" and token.text == "日") \
                        or (token.ent_type_ == "TIME" and any(c.ent_type_ == "DATE" for c in token.children)):
                    # (on Monday afternoon: a time of a day)
                    phrase = [t for t in token.subtree]
                    return phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
        return None

    def _subjects(self, index: _Index, verb: Token, holders: dict[str, Span], japanese: bool) -> list[Span]:
        """People who are the subject of ``verb`` (or of the verb it is coordinated with)."""
        doc = index.doc
        heads = [verb] + [a for a in verb.ancestors if a.sent == verb.sent]
        if japanese:  # AがXに出席し、Yを見学した: the subject of the first verb of the chain
            heads += [c for h in list(heads) for c in h.children if c.dep_ == "advcl" and c.i < verb.i]
        for head in heads:
            for child in head.children:
                if child.dep_ not in {"nsubj", "nsubj:pass", "nsubjpass"}:
                    continue
                if japanese and child.i > verb.i:
                    continue
                people = index.in_subtree(child, {"person"})
                if people:
                    return _coordinated(index.doc, people)
                title = next((t for t in index.titles if t.start <= child.i < t.end), None)
                if title is not None and title.text in holders:
                    return [holders[title.text]]
                if child.lower_ in {"she", "he"} :
                    return []
        return []

    def _visited(self, index: _Index, verb: Token, japanese: bool) -> list[Span]:
        """The object of a visit verb (and what is coordinated with it: AとBを見学)."""
        found: list[Span] = []
        deps = {"obj", "dobj"} if japanese else {"dobj", "obj"}
        for child in verb.children:
            if child.dep_ not in deps and not (japanese and child.dep_ == "nsubj" and any(
                    c.text == "も" for c in child.children) and kind(index.at(child.i)) in {None, "place", "facility",
                                                                                            "event"}
                                                and not self._person_with_honorific(index, child)):
                continue  # Xの管理棟も見学した, 「Y」も訪れた: も marks what was visited too (not 山田氏も訪れ)
            own = index.at(child.i)
            if own is not None and kind(own) in VISITABLE:
                found.append(own)
                for c in child.children:  # 人工知能センターと人工知能ラボを, 北勢化学の本社と工場を
                    if any(g.text == "と" for g in c.children):
                        span = index.at(c.i) or self._named(index, c, VISITABLE, belonging=True)
                        if span is not None and kind(span) in VISITABLE:
                            found.insert(0, span)
                found += self._conjoined(index, child)
                continue
            if child.pos_ == "PROPN" and child.text[:1].isupper():  # toured the InnoLab: a named place visited
                start = min([child.i] + [c.i for c in child.children if c.dep_ == "compound" and c.pos_ == "PROPN"])
                span = Span(index.doc, start, child.i + 1, label=L.FACILITY, kb_id=index.doc[start:child.i + 1].text)
                index.add(span)
                found.append(span)
                continue
            if not japanese:
                named = index.named_by(child) or self._antecedent(index, child)
                named = named if named is not None and kind(named) in VISITABLE else self._occasion_place(index, child)
                if named is None and child.pos_ == "NOUN":  # the control room at the X Lab: the named site it is in
                    named = next((site for p in child.children if p.dep_ == "prep" and p.lower_ in {"at", "in", "of"}
                                  for g in p.children if g.dep_ == "pobj" and (site := index.named_by(g)) is not None
                                  and kind(site) in {"facility"}), None)
                if named is not None:
                    found.append(named)
                found += self._conjoined(index, child)  # toured the Acme plant and the Northgate Research Centre
                continue
            near = [s for s in index.in_subtree(child, VISITABLE) if s.end <= child.i + 1 or (  # 団地「X」も訪れ
                s.start == child.i + 2 and index.doc[child.i + 1].text in QUOTES)]
            near.sort(key=lambda s: (kind(s) == "place", abs(s.end - child.i)))
            if not near:  # 同ウインドファームの管理棟を見学, 現地を視察
                near = [a for u in child.subtree if u.i <= child.i and (a := self._antecedent(index, u)) is not None
                        and kind(a) in VISITABLE][-1:]
            if near:
                found.append(near[0])
            elif (occasion := self._occasion_place(index, child)) is not None:  # 会場を視察
                found.append(occasion)
            elif _site_word(child) and (site := self._site_about(
                    index, child.i, child.text.removesuffix("内") or index.doc[child.i - 1].text)) is not None:
                found.append(site)  # 施設を視察, 工場内を見学: the site the text is about, however far back
        if not found and japanese:  # 会場には…も訪れ: the event whose venue it is
            found += [place for c in verb.children if c.dep_ == "obl" and c.text in VENUE_WORDS
                      and any(g.text == "に" for g in c.children) and (place := self._occasion_place(index, c))]
        if not found and japanese:  # メイン会場の「X」には…も訪れ: the site or place named with に
            found += [own for c in verb.children if c.dep_ == "obl" and any(g.text == "に" for g in c.children)
                      and (own := index.at(c.i)) is not None and kind(own) in {"facility", "place"}]
        if not found and japanese:  # 訪問中 as a noun: ラボを訪問中
            for child in verb.head.children if verb.dep_ == "compound" else []:
                if child.dep_ in deps and (own := index.at(child.i)) is not None and kind(own) in VISITABLE:
                    found.append(own)
            if verb.i > 0 and doc_token(index, verb.i - 1).text == "を":
                own = index.at(verb.i - 2)
                if own is not None and kind(own) in VISITABLE and own not in found:
                    found.append(own)
        return _unique(found)

    # --- products -----------------------------------------------------------------------------------------

    def _offerings(self, index: _Index, sentence: Span, facts: Facts, japanese: bool) -> None:
        offered = set()
        for verb in (t for t in index.triggered_in(sentence, "offer") if t.pos_ in {"VERB", "NOUN", "AUX"}):
            product = self._offered(index, verb, sentence, japanese)
            if product is None:
                continue
            organization = self._offerer(index, verb, sentence, product, facts, japanese)
            if organization is None:
                continue
            facts.offerings.append(OfferingFact(organization, product, sentence, verb.lemma_))
            offered.add(product.start)
            partner = self._partner_before(index, organization) if japanese else None
            if partner is not None and kind(partner) in ORG_KINDS:
                facts.offerings.append(OfferingFact(partner, product, sentence, verb.lemma_))  # AとBは…を開発
        if japanese:
            facts.offerings += self._charged_with_selling(index, sentence)
        for product in [s for s in index.in_sentence(sentence) if s.label_ in {L.PRODUCT, L.CREATIVE_WORK}
                        and s.start not in offered]:
            owner = self._owner(index, product, sentence, japanese)
            if owner is not None:
                facts.offerings.append(OfferingFact(owner, product, sentence, "owner"))

    def _charged_with_selling(self, index: _Index, sentence: Span) -> list[OfferingFact]:
        """販売はXが担う (製造はXが担当する): X sells (makes) the product the text is about, the last one named."""
        doc = index.doc
        found = []
        for token in sentence:
            if token.text not in SELLING_TASKS or token.i + 1 >= sentence.end or doc[token.i + 1].text != "は" \
                    or token.head.lemma_ not in CHARGE_VERBS:
                continue
            seller = next((s for c in token.head.children if c.dep_ == "nsubj" and c.i > token.i
                           for s in [index.at(c.i)] if s is not None and kind(s) in ORG_KINDS), None)
            product = index.before(token.i, {"product"}, len(doc))
            if seller is not None and product is not None:
                found.append(OfferingFact(seller, product, sentence, token.text))
        return found

    @staticmethod
    def _partner_before(index: _Index, organization: Span) -> Span | None:
        """AとBは…を共同開発: A, written right before と (its bracketed place skipped: A(札幌市)とB)."""
        doc = index.doc
        j = organization.start - 1
        if j < 1 or doc[j].text != "と":
            return None
        j -= 1
        if doc[j].text in {")", "）"}:
            opening = next((k for k in range(j - 1, max(j - 8, 0), -1) if doc[k].text in {"(", "（"}), None)
            if opening is None:
                return None
            j = opening - 1
        partner = index.at(j)
        return partner if partner is not None and partner.end == j + 1 else None

    def _owner(self, index: _Index, product: Span, sentence: Span, japanese: bool) -> Span | None:
        """Whose product a sentence says it is: its / ORG's (Acme's new chip, the X1; its Y module); "whose
        product is Y"; ORG の PRODUCT; an organisation that is the topic (は) of a sentence naming a quoted product
        (ORGは…車「Y」の…)."""
        doc = index.doc
        if japanese:
            i = product.start - 1
            if i > 0 and doc[i].text == "の" and (owner := index.at(i - 1)) is not None and kind(owner) in ORG_KINDS:
                return owner
            if i > 0 and doc[i].text == "「":  # ORGの新型ドローン「Y」, ORG製の…「Y」
                j = i - 1
                while j > sentence.start and doc[j].pos_ in {"NOUN", "ADJ"} and index.at(j) is None \
                        and doc[j].text != "製":
                    j -= 1
                if doc[j].text == "の" and j < i - 1:
                    j -= 1
                if doc[j].text == "製":
                    j -= 1
                owner = index.at(j) if j < i - 1 else None
                if owner is not None and kind(owner) in ORG_KINDS:
                    return owner
                if any(doc[k].text in FLAGSHIP_WORDS for k in range(max(j - 1, sentence.start), i)):  # 主力製品の…「Y」: the company's
                    return index.before(product.start, ORG_KINDS, self.lookback, topic=True)
            if product.end + 2 < len(doc) and doc[product.end].text in CLOSING_QUOTES \
                    and doc[product.end + 1].text == "の" and doc[product.end + 2].text in {"愛称", "名称", "通称"}:
                return self._company_about(index, product.start, ORG_KINDS)  # 新路線は「Y」の愛称で販売: the company's
            if product.start > 0 and doc[product.start - 1].text == "「":
                return next((s for s in (index.at(t.i - 1) for t in sentence if t.text == "は" and t.i > 0
                                         and t.i < product.start) if s is not None and kind(s) in ORG_KINDS), None)
            return None
        token = product.root
        for _ in range(3):  # up through the noun the name is compounded with or apposed to
            for child in token.children:
                if child.dep_ == "poss":
                    owner = index.at(child.i) or self._its_subject(index, child) or self._antecedent(index, child)
                    if child.lower_ == "whose" and token.head.dep_ == "relcl":
                        owner = index.named_by(token.head.head)
                    if owner is not None and kind(owner) in ORG_KINDS:
                        return owner
            if token.dep_ in {"compound", "appos", "attr", "nummod", "nmod"} and token.head != token:
                token = token.head  # (the X 200 pack: the number names the product too)
                if token.pos_ == "AUX" or token.lemma_ == "be":  # whose product is Y: the subject's possessor
                    token = next((c for c in token.children if c.dep_ == "nsubj"), token)
            else:
                break
        return self._seller(index, token)

    @staticmethod
    def _seller(index: _Index, bought: Token) -> Span | None:
        """X ordered 12 Acme K5 trains from carmaker Acme; bought the Y from Z: the company bought from makes or
        sells the product."""
        if bought.dep_ not in {"dobj", "nsubjpass"} or bought.head.lemma_ not in PURCHASE_VERBS:
            return None
        verb = bought.head
        seller = next((index.named_by(g) for c in [*verb.children, *bought.children] if c.dep_ == "prep"
                       and c.lower_ == "from" for g in c.children if g.dep_ == "pobj"), None)
        return seller if seller is not None and kind(seller) in ORG_KINDS else None

    def _its_subject(self, index: _Index, its: Token) -> Span | None:
        """"its" is its clause's subject when that is a name (Ridgeline … showcased its X): the entity the name is,
        or the name's own span (not an organisation: then no owner)."""
        if its.lower_ != "its":
            return None
        verb = next((a for a in its.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None) if verb else None
        if subject is None or subject.pos_ != "PROPN":
            return None
        return index.named_by(subject) or index.doc[subject.i:subject.i + 1]

    def _offered(self, index: _Index, verb: Token, sentence: Span, japanese: bool) -> Span | None:
        doc = index.doc
        passive = any(c.dep_ in {"nsubjpass", "nsubj:pass"} for c in verb.children)
        deps = {"obj", "dobj"} | ({"nsubjpass", "nsubj:pass"} if passive else set())
        for child in verb.children:
            if japanese and verb.pos_ == "NOUN" and child.dep_ == "nmod" and (span := index.at(child.i)) is not None \
                    and kind(span) == "product" and child.i + 2 < len(doc) and doc[span.end].text in CLOSING_QUOTES \
                    and doc[span.end + 1].text == "の":
                return span  # 「Y」の提供を始める, 「Y」の発売: the offer written as a noun of the product
            if child.dep_ in deps:
                products = index.in_subtree(child, {"product"})
                if products:
                    return products[0]
                if japanese and child.i + 1 < len(doc) and doc[child.i + 1].text == "を":
                    made = self._product_phrase(index, child)
                    if made is not None:
                        return made
                if (antecedent := self._antecedent(index, child)) is not None and kind(antecedent) == "product":
                    return antecedent
        if verb.dep_ == "acl":  # 東北大学が開発した蓄電池「ミナト」
            products = index.in_subtree(verb.head, {"product"})
            products = [p for p in products if p.start > verb.i]
            if products:
                return products[0]
            if japanese:  # Xが開発した自律搬送ロボット「Y」: the quoted name heads the noun the clause describes
                quoted = self._quoted_after_clause(index, verb)
                if quoted is not None:
                    return quoted
            elif verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children):
                # the X1 module, supplied by Acme; 60 X1 trucks made by Acme: the thing the participle describes
                products = [p for p in index.in_subtree(verb.head, {"product"}) if p.end <= verb.i]
                if products:
                    return products[0]
                if verb.head.dep_ == "appos" and (named := index.at(verb.head.head.i)) is not None \
                        and kind(named) == "product":
                    return named  # X, a forecasting platform developed by Acme: the name the noun is apposed to
                k = verb.head.i - 1  # (a parse that hangs the name elsewhere: the name right before the noun)
                while k > verb.sent.start and index.at(k) is None and index.doc[k].pos_ in {"NOUN", "ADJ", "VERB"}:
                    k -= 1
                if (span := index.at(k)) is not None and kind(span) == "product" and span.end >= verb.head.i - 2:
                    return span
        if japanese:  # 車両は…Xが製造した: the topic is a word for the product the text last named
            topic = next((doc[t.i - 1] for t in doc[sentence.start + 1:verb.i] if t.text == "は"), None)
            if topic is not None and index.at(topic.i) is None and (
                    topic.text in self.same_nouns.get("product", ()) or topic.text.endswith(self.product_heads)):
                return index.before(topic.i, {"product"}, self.lookback)
            last = index.before(topic.i, {"product"}, self.lookback) if topic is not None else None
            if last is not None and index.at(topic.i) is None and last.start >= 2 and doc[last.start - 1].text in QUOTES \
                    and doc[last.start - 2].text.endswith(topic.text) and topic.pos_ == "NOUN":
                return last  # 車両は…Xが製造した after 新型車両「Y」: the kind word the product was named with
        return None

    @staticmethod
    def _quoted_after_clause(index: _Index, verb: Token) -> Span | None:
        """The product quoted right after the noun words a relative clause ends on (…が開発した自律搬送ロボット「Y」)."""
        doc = index.doc
        j = verb.i + 1
        while j < verb.sent.end and doc[j].pos_ == "AUX":
            j += 1
        start = j  # (over 遠隔操作式の, a director's name and title: …が手がけた山田太郎監督の「Y」)
        while j < verb.sent.end and j - start < 10 and (
                (doc[j].pos_ in {"NOUN", "PROPN", "ADJ"} and (index.at(j) is None or index.at(j).label_ == L.PERSON))
                or (doc[j].text == "の" and j > start and doc[j - 1].pos_ in {"NOUN", "PROPN"})):
            j += 1
        if j + 1 < len(doc) and j <= verb.sent.end and doc[j].text in QUOTES and (span := index.at(j + 1)) is not None \
                and kind(span) == "product":  # (GiNZA may start a sentence at the quote)
            return span
        return None

    def _product_phrase(self, index: _Index, head: Token) -> Span | None:
        """A noun compound ending in a product word (…チャットボット, …アプリ) names a product."""
        doc = index.doc
        start = head.i
        while start > head.sent.start and doc[start - 1].pos_ in {"NOUN", "PROPN"} and index.at(start - 1) is None:
            start -= 1
        phrase = doc[start:head.i + 1]
        if _generic_novelty(phrase):  # 新サービス, 新型ロボット: a kind of thing, not a product's name
            return None
        if len(phrase) > 1 and phrase.text.endswith(self.product_heads) and phrase.text not in self.product_heads:
            span = Span(doc, phrase.start, phrase.end, label=L.PRODUCT, kb_id=phrase.text)
            index.add(span)
            return span
        return None

    def _offerer(self, index: _Index, verb: Token, sentence: Span, product: Span, facts: Facts,
                 japanese: bool) -> Span | None:
        doc = index.doc
        if verb.dep_ in {"acl", "relcl"} and not any(c.dep_ in {"nsubj", "agent"} and index.at(c.i) is not None
                                                      for c in verb.children):
            head = verb.head  # X, which makes Y; Yを手掛ける(宇宙ベンチャーの)X
            described = index.at(head.i) or (index.at(head.head.i) if head.dep_ == "nmod" else None)
            if described is not None and kind(described) in ORG_KINDS and described != product:
                return described
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "agent"}]
        subjects += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if verb.dep_ == "acl":
            subjects += [c for c in verb.children if c.dep_ in {"nsubj", "obl"}]
        for subject in subjects:
            found = index.in_subtree(subject, ORG_KINDS) or ([a] if (a := self._antecedent(index, subject)) is not None
                                                              and kind(a) in ORG_KINDS else [])
            if found:
                return found[0]
            person = next(iter(index.in_subtree(subject, {"person"})), None)
            if person is not None:
                role = next((r for r in facts.roles if r.holder.text == person.text and r.organization is not None),
                            None)
                if role is not None:
                    return role.organization
            if subject.dep_ == "agent" and not any(g.dep_ == "pobj" for g in subject.children):
                # run by municipal utility Acme Energi, a name the parser did not hang on "by": the one right after
                after = next((s for j in range(subject.i + 1, min(subject.i + 5, sentence.end))
                              if (s := index.at(j)) is not None), None)
                if after is not None and kind(after) in ORG_KINDS:
                    return after
        if japanese:  # the organisation marked by が/は before the product, within the clause
            i = product.start - 1
            while i > sentence.start:
                token = doc[i]
                if token.text in {"が", "は"} and doc[i - 1].text in {")", "）"}:  # ORG(本社・X)は
                    opening = next((j for j in range(i - 2, sentence.start, -1) if doc[j].text in {"(", "（"}), None)
                    span = index.at(opening - 1) if opening else None
                    if span is not None and kind(span) in ORG_KINDS:
                        return span
                if token.text in {"が", "は"} and (span := index.at(i - 1)) is not None:
                    return span if kind(span) in ORG_KINDS else None
                if token.text in {"が", "は"} and (a := self._antecedent(index, doc[i - 1])) is not None:
                    return a
                if token.text in {"が", "は"}:  # アクメ電子がその製品を展示: whoever shows a product is an organisation
                    start = i
                    while start > sentence.start and doc[start - 1].pos_ in {"NOUN", "PROPN"} \
                            and index.at(start - 1) is None:
                        start -= 1
                    words = doc[start:i].text
                    if start < i and name_like(doc[start:i]) and words.lower() not in self.title_words \
                            and words.casefold() not in NOT_NAMES:  # CEOは…を発表: a title, not a company
                        span = Span(doc, start, i, label=L.COMPANY, kb_id=doc[start:i].text)
                        index.add(span)
                        return span
                    return None
                if token.pos_ == "VERB" and not self._is(index, token, "offer") and token.dep_ != "acl":
                    break
                i -= 1
            topic = next((s for s in (index.at(_before_bracket(doc, t.i - 1)) for t in sentence
                                      if t.text == "は" and t.i > 0)
                          if s is not None and kind(s) in ORG_KINDS and s.end <= product.start), None)
            return topic  # (ORG(富山県立山町)は…「Y」を開業: the bracket skipped)
        return None

    # --- dependency patterns -----------------------------------------------------------------------------

    def _pattern_facts(self, index: _Index, facts: Facts, holders: dict[str, Span]) -> None:
        """Facts stated in the shapes of ``dependency_patterns.py``, where the rules above found none."""
        for match in _nearest_people(self.patterns.matches(index.doc)):
            tokens = match.tokens
            sentence = next(iter(tokens.values())).sent
            if match.relation == "role":
                self._pattern_role(index, facts, tokens, sentence)
            elif match.relation == "visit":
                self._pattern_visit(index, facts, tokens, sentence, holders, match.kinds.get("place", VISITABLE))
            elif match.relation == "accompanied":
                self._pattern_companion(index, facts, tokens, sentence, holders)
            else:
                self._pattern_link(index, facts, match, sentence)

    def _person(self, index: _Index, token: Token, holders: dict[str, Span]) -> Span | None:
        """The person a token names: itself, the name compounded with or apposed to it (石田和夫|氏, the minister,
        Jane Doe), or the holder of the title it is (行政長官は)."""
        for candidate in [token] + [c for c in token.children if c.dep_ in {"appos", "compound", "flat"}]:
            span = index.at(candidate.i)
            if span is not None and span.label_ == L.PERSON:
                return span
        title = next((t for t in index.titles if t.start <= token.i < t.end), None)
        return holders.get(title.text) if title is not None else None

    def _occasion_place(self, index: _Index, token: Token) -> Span | None:
        """Where an occasion was: the place or venue it was held in (Xで開かれた会見, the launch event in Chicago), else
        for a ceremony the event, else the site, the text last named."""
        if not self._is(index, token, "occasion"):
            return None
        modifiers = list(token.children) + [g for c in token.children if c.dep_ in {"nmod", "compound"}
                                            for g in c.children]  # Xで開かれた協定の調印式
        for child in modifiers:
            if child.dep_ == "acl":  # Xで開かれた会見 / X内で行われた式典
                for g in child.children:
                    if g.dep_ == "obl" and any(c.text == "で" for c in g.children) \
                            and (span := index.named_by(g) or self._area_of(index, g)
                                 or self._site_named_by_word(index, g)) is not None \
                            and kind(span) in PLACE_KINDS | {"facility"}:
                        return span
            elif child.dep_ == "prep" and child.lower_ in {"in", "at"}:  # the launch event in Chicago
                for g in child.children:
                    if g.dep_ == "pobj" and (span := index.named_by(g)) is not None \
                            and kind(span) in PLACE_KINDS | {"facility"}:
                        return span
        held = next((place for sentence_start, place in reversed(self._held_at(index)) if sentence_start <= token.i
                     and token.sent.start - sentence_start < 400 and place.end <= token.i), None)
        if held is not None and japanese_token(token):  # 式には…出席 after 締結式はXで開かれ: X
            return held
        if not self._is(index, token, "ceremony"):
            return None
        before = index.before  # the event or site the text was about (a subject), else the last event or site named
        word = "".join(c.text for c in token.children if c.dep_ == "compound" and c.i == token.i - 1) + token.text
        start = token.i  # 開業|記念|式典: a ceremony of the site's opening
        while start > token.sent.start and token.i - start < 3 and token.doc[start - 1].pos_ == "NOUN":
            start -= 1
        if self._is(index, token, "site_ceremony") or word in self.triggers["site_ceremony"] or (
                token.text in {"式", "式典", "セレモニー"} and token.doc[start:token.i].text.startswith(OPENING_STEMS)):
            # 開所式, 開所|式, 竣工式: the site opened, however far back
            site = before(token.i, {"facility"}, token.i)
            if site is not None:
                return site
        if token.lower_ in VENUE_WORDS:  # 会場を訪れた: the venue of the event the text is about, however far back
            event = before(token.i, {"event"}, token.i) or next((s for s in index.spans if kind(s) == "event"), None)
            if event is not None:
                return event
        site = before(token.i, {"facility"}, self.lookback)
        return before(token.i, {"event"}, self.lookback, topic=True) \
            or before(token.i, {"facility"}, self.lookback, topic=True) or before(token.i, {"event"}, self.lookback) \
            or (site if site is not None and site.root.dep_ != "appos" else None)

    @staticmethod
    def _area_of(index: _Index, token: Token, unnamed_sites: bool = True) -> Span | None:
        """The place a word for its inside or surroundings is of (松本市|内で, 駅|周辺で), or (``unnamed_sites``) the
        place an unnamed site is said to be in (千代田区の同社本社で)."""
        if token.text in AREA_WORDS and token.i > 0 and (span := index.at(token.i - 1)) is not None \
                and kind(span) in PLACE_KINDS:
            return span
        if unnamed_sites and index.at(token.i) is None and token.pos_ == "NOUN":
            for child in token.children:
                if child.dep_ == "nmod" and any(g.text == "の" for g in child.children) \
                        and (span := index.at(child.i)) is not None and kind(span) in PLACE_KINDS:
                    return span
        return None

    def _held_at(self, index: _Index) -> list[tuple[int, Span]]:
        """Occasions the text says were held somewhere (締結式はX市のY会場で開かれ): (the sentence's start, the place or
        venue), found once per document from the hold verbs."""
        if index.held is None:
            index.held = []
            for verb in (index.doc[i] for i in sorted(index.triggered.get("hold", ()))):
                occasion = any(c.dep_ in {"nsubj", "nsubj:pass"} and self._is(index, c, "occasion")
                               for c in verb.children)
                places = [span for c in verb.children if c.dep_ == "obl" and any(g.text == "で" for g in c.children)
                          and (span := index.named_by(c)) is not None and kind(span) in PLACE_KINDS | {"facility"}]
                if occasion and places:
                    index.held.append((verb.sent.start, min(places, key=lambda s: kind(s) != "facility")))
        return index.held

    def _held_occasions(self, index: _Index, facts: Facts) -> None:
        """締結式はXで開かれ、AとBが署名した: the people named after an occasion held somewhere were there."""
        for start, place in self._held_at(index):
            sentence = index.doc[start].sent
            if any(v.sentence.start == start for v in facts.visits):
                continue
            people = [s for s in index.in_sentence(sentence) if s.label_ == L.PERSON and s.start > place.end]
            if people:
                facts.visits.append(VisitFact(_unique(people), place, sentence, "held"))

    def _named(self, index: _Index, token: Token, kinds: set[str], belonging: bool = False) -> Span | None:
        """The entity of ``kinds`` a token names, or points back to; with ``belonging``, for a Japanese common noun,
        the one it belongs to (a visit to 米子市の工場 or 「X」の会場 is a visit to 米子市, to X)."""
        found = index.named_by(token) or self._antecedent(index, token)
        if found is None and token.lang_ == "ja" and kinds & PLACE_KINDS:  # 長岡市|内にある: the place
            found = self._area_of(index, token, unnamed_sites=False)
        if found is None and belonging and token.lang_ != "ja":  # a visit to Acme's headquarters
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            found = (index.at(owner.i) or self._antecedent(index, owner)) if owner is not None else None
        if found is None and belonging and token.lang_ == "ja" and token.pos_ == "NOUN":
            found = next((span for child in token.children if child.dep_ == "nmod" and child.i < token.i
                          and (span := index.at(child.i)) is not None and kind(span) in kinds), None)
        return found if found is not None and kind(found) in kinds else None

    def _title_at(self, index: _Index, token: Token) -> Span | None:
        """The title a token is part of: a title span, or a title word with its modifiers (chief financial
        officer, 頭取)."""
        title = next((t for t in index.titles if t.start <= token.i < t.end), None)
        if title is not None:
            return title
        start = min([token.i] + [c.i for c in token.children if c.dep_ in {"amod", "compound"} and c.i < token.i
                                 and index.at(c.i) is None])
        phrase = index.doc[start:token.i + 1]
        return phrase if phrase.text.lower().endswith(self.title_words) else None

    def _pattern_role(self, index: _Index, facts: Facts, tokens: dict[str, Token], sentence: Span) -> None:
        holder = self._person(index, tokens["holder"], {})
        title = self._title_at(index, tokens["title"])
        if holder is None or title is None:
            return
        name = self._role_name(index, title)
        if "organization" in tokens:
            organization = self._named(index, tokens["organization"], ORG_OR_SITE | PLACE_KINDS)
            if organization is None:
                return
        elif name.lower().endswith(self.company_titles):  # 社長に就任: at the company the text is about
            organization = index.before(title.start, ORG_KINDS, self.lookback, topic=True) \
                or index.before(title.start, ORG_KINDS, self.lookback)
        else:
            organization = None
        for role in facts.roles:
            if role.holder.text == holder.text and role.title == name:
                if role.organization is None:
                    role.organization = organization
                return
        facts.roles.append(RoleFact(holder, name, organization, sentence, title))

    def _pattern_visit(self, index: _Index, facts: Facts, tokens: dict[str, Token], sentence: Span,
                       holders: dict[str, Span], kinds: set[str]) -> None:
        visitor = self._person(index, tokens["visitor"], holders)
        site = tokens["place"]
        place = self._named(index, site, kinds, belonging=True) or self._occasion_place(index, site)
        if place is None and "facility" in self.anaphors.get(site.lower_, ()):  # met workers at the Acme plant
            place = self._named(index, site, ORG_KINDS)
        if visitor is None or place is None:
            return
        others = [p for p in index.in_subtree(tokens["visitor"], {"person"}) if p != visitor]
        listed = _coordinated(index.doc, [visitor] + others)  # A知事やX市のB市長、C庁のD長官らが出席
        visitors = _unique([visitor] + [p for p in others if _joined(p) or p in listed])  # AのX学長とBのY社長が出席
        verb = tokens.get("main", tokens.get("verb", site))
        visitors += [p for t in (verb, site) for c in t.children if c.dep_ == "prep" and c.lower_ == "alongside"
                     for p in index.in_subtree(c, {"person"})[:1] if p not in visitors]  # at X alongside Mayor Y
        same = next((v for v in facts.visits if v.sentence.start == sentence.start and v.location.start == place.start),
                    None)
        if same is None:
            date = self._date_of(verb) or next((d for c in site.children if c.dep_ == "acl"
                                                and (d := self._date_of(c)) is not None), None)  # 8日に開かれた会見に出席
            facts.visits.append(VisitFact(visitors, place, sentence, verb.lemma_, date_tokens=date))
            return
        for person in visitors:
            if person.text not in {v.text for v in same.visitors + same.companions}:
                same.visitors.append(person)

    def _pattern_companion(self, index: _Index, facts: Facts, tokens: dict[str, Token], sentence: Span,
                           holders: dict[str, Span]) -> None:
        companion = self._person(index, tokens["companion"], holders)
        visit = next((v for v in facts.visits if v.sentence.start == sentence.start), None)
        if companion is None or visit is None:
            return
        if companion.text not in {p.text for p in visit.visitors + visit.companions}:
            visit.companions.append(companion)

    def _pattern_link(self, index: _Index, facts: Facts, match: PatternMatch, sentence: Span) -> None:
        """part-of, located-in and offerings: both ends must name entities of the kinds the relation joins."""
        kinds = {"partOf": (("part", {"organization", "facility"}), ("whole", ORG_OR_SITE)),
                 "locatedIn": (("thing", VISITABLE | PLACE_KINDS), ("place", PLACE_KINDS)),
                 "offers": (("organization", ORG_KINDS), ("product", {"product"}))}[match.relation]
        (first_node, first_kinds), (second_node, second_kinds) = kinds
        first = self._named(index, match.tokens[first_node], match.kinds.get(first_node, first_kinds))
        second = self._named(index, match.tokens[second_node], match.kinds.get(second_node, second_kinds))
        if first is None or second is None or first.text == second.text or (first.kb_id_ and first.kb_id_ == second.kb_id_):
            return
        if match.relation == "offers":
            if not any(o.organization == first and o.product == second for o in facts.offerings):
                facts.offerings.append(OfferingFact(first, second, sentence, match.name))
        elif not any(f.kind == match.relation and f.subject == first and f.object == second for f in facts.links):
            facts.links.append(LinkFact(match.relation, first, second, sentence))

    # --- quantities ---------------------------------------------------------------------------------------

    def _quantities(self, index: _Index, sentence: Span, facts: Facts, date_chars: list[set[int]],
                    dates: list[list[DateMention]], japanese: bool) -> None:
        for q in find_quantities(sentence.text):
            if not date_chars:
                date_chars.append({c for d in _dates(index.doc, dates) for c in range(d.begin, d.end)})
            begin, end = sentence.start_char + q.begin, sentence.start_char + q.end
            if any(c in date_chars[0] for c in range(begin, end)):
                continue
            amount = QuantityMention(begin, end, q.text, q.value, q.unit, q.qualifier)
            span = index.doc.char_span(begin, end, alignment_mode="expand")
            measured = None if span is None else self._counted(index, span, q.unit) or self._measured(
                index, span, sentence, japanese, facts.roles)
            facts.quantities.append(QuantityFact(amount, measured, sentence))

    def _counted(self, index: _Index, span: Span, unit: str | None) -> Span | None:
        """What a Japanese count is of when it floats after its noun (「X」を2台導入, 「X」が3基新設: the Xs), and
        what an amount per unit measures (1機あたり72席: the vehicle the text last named)."""
        doc = index.doc
        if span.start > 1 and doc[span.start - 1].text in PER_UNIT_WORDS and counts_things(doc[span.start - 2].text):
            return self._last_named(index, span, "product")  # (not 1日あたり: per day)
        if not counts_things(unit) or span.start < 2 or doc[span.start - 1].text not in {"を", "が"}:
            return None
        i = span.start - 2
        while i > 0 and doc[i].text in CLOSING_QUOTES:
            i -= 1
        counted = index.at(i)
        return counted if counted is not None and kind(counted) in {"product", "facility"} else None

    def _measured(self, index: _Index, span: Span, sentence: Span, japanese: bool,
                  roles: list[RoleFact]) -> Span | None:
        """What an amount measures, by the first rule that finds an entity:
        the noun it modifies (the 1,800-kilogram satellite); what a relative clause describes (Lumi, which is used
        by 50,000 students); the object of a price or a target (Xを300億円で買収, XのYを1,300 PFLOPSに引き上げ);
        the subject or topic of its clause (a person's organisation for a person); the last thing named before it
        in its sentence."""
        doc = index.doc
        token = span.root
        wanted = {"organization", "facility", "product", "event"}
        # the dateline (TRONDHEIM, Norway, May 12 —) says where the news was filed, not what an amount measures
        dateline_end = next((t.i for t in doc[:20] if t.text in {"—", "–"}), -1)

        def entity_of(t: Token) -> Span | None:
            found = index.named_by(t) or self._antecedent(index, t) or (
                None if japanese else self._definite_description(index, t) or self._described_by(index, t, entity_of))
            if found is None and not japanese and t.lower_ == "it" and t.dep_ in {"nsubj", "nsubjpass"}:
                # It cost $1.3 billion: the last subject named, else what the last sentence's subject stands for
                # (The plant is run by X. It cost …)
                found = index.before(t.i, wanted, 1, topic=True) or next(
                    (entity_of(c) for c in _previous_root(t).children if c.dep_ in {"nsubj", "nsubjpass"}
                     and c.lower_ != "it"), None)
            if found is not None and found.end <= dateline_end:
                found = None
            if found is None and japanese:  # 同ウインドファームの最大出力は: the thing the subject belongs to
                found = next(iter(index.in_subtree(t, wanted | {"person"})), None) or next(
                    (a for u in t.subtree if u.i < t.i and (a := self._antecedent(index, u)) is not None), None) \
                    or next((a for u in t.subtree if u.i <= t.i and (a := self._named_by_ending(index, u))), None) \
                    or next((a for u in t.subtree if u.i <= t.i and (a := index.called_by_kind(u))), None)
            if found is not None and found.label_ == L.PERSON:  # 松永大臣: the office of 松永圭吾
                return next((r.organization for r in roles if r.organization and (
                    r.holder.text == found.text or found.kb_id_ and r.holder.kb_id_ == found.kb_id_)), None)
            return found if found is not None and kind(found) in wanted | {"place"} else None

        if (found := self._measured_by_context(index, span)) is not None:
            return found
        if (found := self._giver(index, token, japanese, entity_of)) is not None:
            return found
        if not japanese and token.dep_ in {"amod", "nummod", "compound", "nmod"} \
                and token.head.pos_ in {"NOUN", "PROPN"}:  # (the 1.8-kilometre X Bridge: a name's word)
            noun = token.head  # the 1,800-kilogram satellite; Acme, a $5 million plant
            found = entity_of(noun) or (entity_of(noun.head) if noun.dep_ == "appos" else None)
            if found is None and noun.dep_ == "appos" and (kinds := self.anaphors.get(noun.lower_)):
                found = index.before(noun.i, kinds, 0)  # opened X on Tuesday, a $85 million facility
            if found is not None:
                return found
        if not japanese:  # buy X for $5 billion: the price of X
            for ancestor in token.ancestors:
                if ancestor.dep_ == "prep" and ancestor.lower_ in {"for", "at", "by", "to"} \
                        and ancestor.head.pos_ == "VERB":  # … expanded X by 1,850 square kilometres: X's
                    obj = next((c for c in ancestor.head.children if c.dep_ == "dobj"), None)
                    if obj is not None and (found := entity_of(obj)) is not None:
                        return found
                    break
        marker = doc[span.end].text if span.end < len(doc) else ""
        for ancestor in [token] + list(token.ancestors):
            if ancestor.dep_ in {"relcl", "acl"} and not japanese:
                head = ancestor.head
                appositive = next((index.at(c.i) for c in head.children if c.dep_ == "appos" and index.at(c.i)), None)
                found = index.named_by(head) or appositive  # its X system, which cut losses by 18%
                if found is not None and kind(found) in wanted:
                    return found
            if japanese and ancestor.pos_ == "VERB" and marker in {"で", "に", "まで", "へ"}:
                obj = next((c for c in ancestor.children if c.dep_ == "obj" and c.i < token.i), None)
                if obj is not None and (found := entity_of(obj)) is not None:
                    return found
            for child in ancestor.children:
                if child.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"} and (child.i < token.i or japanese and (
                        ancestor is token.head and ancestor.pos_ == "VERB")):  # 約40%をXが供給する: X's
                    if not japanese and any(g.dep_ == "prep" and g.lower_ in {"at", "from"} for g in child.children):
                        continue  # analysts at a bank are not what they forecast
                    if (found := entity_of(child)) is not None:
                        return found
            if ancestor.dep_ == "ROOT":
                if not japanese and (found := self._subject_after_opening_clause(ancestor, token, entity_of)):
                    return found
                break
        if japanese:
            for t in reversed([t for t in sentence if t.text in {"は", "が"} and sentence.start < t.i < token.i]):
                j = t.i - 1
                while j > sentence.start and doc[j].text in {"に", "で", "と", "へ", "から"}:
                    j -= 1
                if (found := entity_of(doc[j])) is not None:
                    return found
        if (found := index.before(span.start, wanted, 0)) is not None or not japanese:
            return found
        # a clause without a subject (最大40キログラムを積んで飛行できる) speaks of what the last sentences were about
        return index.before(span.start, wanted, self.subject_lookback, topic=True) or self._topic(index)

    @staticmethod
    def _subject_after_opening_clause(root: Token, token: Token, entity_of) -> Span | None:
        """Built at a cost of $36 million, the centre …: an amount in a clause opening the sentence is the
        subject's that follows it."""
        subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i > token.i), None)
        opening = next((c for c in root.children if c.dep_ == "advcl" and c.left_edge.i <= token.i <= c.right_edge.i),
                       None)
        return entity_of(subject) if subject is not None and opening is not None \
            and opening.right_edge.i < subject.i else None

    @staticmethod
    def _described_by(index: _Index, token: Token, entity_of) -> Span | None:
        """What an English noun that names nothing itself stands for: the name apposed to it (its first product,
        the X battery pack, …), else its owner (X's shares, the reserve's budget; not "of" or "in" phrases: the
        12-hectare site in Alberta is not Alberta's)."""
        if token.pos_ != "NOUN":
            return None
        apposed = next((c for c in token.children if c.dep_ == "appos"), None)
        if apposed is not None and (named := next(iter(index.in_subtree(apposed, SAME_KINDS)), None)) is not None:
            return named
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        return entity_of(owner) if owner is not None else None

    def _definite_description(self, index: _Index, token: Token) -> Span | None:
        """The refinery, this reserve: an English noun after "the" that ends the name of a thing the text named
        before (… Lithium Refinery, … Wildlife Reserve) stands for the last such thing."""
        if token.pos_ != "NOUN" or index.at(token.i) is not None or not any(
                c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in token.children):
            return None
        named = index.before(token.i, SAME_KINDS | {"place"}, len(index.doc), containing=token.lower_)
        return named if named is not None and named.text.lower().split()[-1] == token.lower_ else None

    def _giver(self, index: _Index, token: Token, japanese: bool, entity_of) -> Span | None:
        """Who grants or subsidises an amount: the subject of the verb (12億円を長野県が補助した, the government
        contributed A$150 million, wherever the subject stands), the owner of the grant it is paid from
        (3000万円は文化庁の助成で賄われた), the body a grant comes from (a $42 million grant from X)."""
        head = token.head
        if head.pos_ == "VERB":
            if self._is(index, head, "fund"):  # (was lent by X: the agent)
                subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubj:pass"}), None) or next(
                    (g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
                return entity_of(subject) if subject is not None else None
            if japanese:
                grant = next((c for c in head.children if c.dep_ == "obl" and self._is(index, c, "fund")), None)
                owner = next((c for c in grant.children if c.dep_ == "nmod"), None) if grant is not None else None
                return entity_of(owner) if owner is not None else None
        if not japanese and head.pos_ == "NOUN" and self._is(index, head, "fund"):
            source = next((g for c in head.children if c.dep_ == "prep" and c.lower_ in {"from", "by"}
                           for g in c.children if g.dep_ == "pobj"), None)
            return entity_of(source) if source is not None else None
        return None

    def _named_by_ending(self, index: _Index, token: Token) -> Span | None:
        """A bare noun standing for a thing named before with that noun at its end (団地には: the last …団地 named;
        地区の人口: the last …地区; 県は…を計上: the last …県), the way 同 + noun does, places included. Of one-character
        nouns, only the words for a local authority (県, 市, 町 …) are taken: 人 or 額 name no thing."""
        if token.pos_ != "NOUN" or (len(token.text) < 2 and token.text not in LOCAL_AUTHORITY_WORDS) \
                or index.at(token.i) is not None:
            return None
        return index.before(token.i, SAME_KINDS | {"place"}, self.lookback, ending=token.text)

    def _measured_by_context(self, index: _Index, span: Span) -> Span | None:
        """Units sold, delivered or made are the product's (the last one named, else the next in the sentence, else
        the text's one product); exhibitors, visitors and the days an event runs are the event's; a price, weight or
        range is a product's and an output, floor area or project cost a site's, when their phrase names no owner."""
        root = span.root
        head = root.head.head if root.head.pos_ == "ADP" else root.head
        around = list(span) + [root.head, head] + [c for t in {head, root} for c in t.children if c.dep_ in {
            "nsubj", "nsubj:pass", "nsubjpass", "obj"}] + [
            c for c in root.children if c.dep_ == "compound" and c.i < span.start]
        # 販売台数を15%増やす, 出力を300MWに引き上げる, 運賃は9,800円で; 水深16メートル (the word before the number)
        if self._is(index, head, "invest"):
            for child in head.children:
                target = child if child.dep_ == "obl" and any(c.text == "に" for c in child.children) else next(
                    (g for g in child.children if g.dep_ == "pobj"), None) if child.dep_ == "prep" \
                    and child.lower_ == "in" else None
                if target is not None and (found := index.named_by(target)) is not None \
                        and kind(found) in {"organization", "facility", "product", "event"}:
                    return found
        for activity, wanted in (("turnout", "event"), ("sold", "product")):
            if any(self._is(index, t, activity) for t in around):
                if activity == "sold" and (span.text.strip()[-1:] in {"円", "元"} or any(c in span.text for c in "$€£¥")):
                    continue  # money from sales is the seller's
                return self._last_named(index, span, wanted)
        for wanted, words in self.measure_words.items():
            owners = [t for t in around if t.text.lower().endswith(words) and not any(
                index.at(u.i) or self._antecedent(index, u) or index.called_by_kind(u) for u in t.subtree)]
            if owners:
                return self._last_named(index, span, wanted)
        return None

    @staticmethod
    def _next_in_sentence(index: _Index, span: Span, wanted: set[str]) -> Span | None:
        return next((s for s in index.in_sentence(span.sent) if kind(s) in wanted and s.start > span.end), None)

    def _last_named(self, index: _Index, span: Span, wanted: str) -> Span | None:
        """The thing of a kind the text last named (a subject first), else the next in the sentence, else the text's
        only one."""
        kinds = PROJECT_KINDS if wanted == "project" else {wanted}
        named = [s for s in index.spans if kind(s) in kinds]
        only = named[0] if len({s.kb_id_ or s.text for s in named}) == 1 else None
        if wanted == "project" and named:  # the project a text reports on is the thing it names most often
            mentions = Counter(s.kb_id_ or s.text for s in named)
            return max(named, key=lambda s: (mentions[s.kb_id_ or s.text], -s.start))
        return index.before(span.start, kinds, self.lookback, topic=True) \
            or index.before(span.start, kinds, self.lookback) or self._next_in_sentence(index, span, kinds) or only

    def _topic(self, index: _Index) -> Span | None:
        """What a Japanese news text is about: the first organisation, site or product that is a sentence's topic
        (は); amounts said without a subject (売上高は…) are its."""
        return next((s for s in index.spans if kind(s) in {"organization", "facility", "product", "event"}
                     and index.is_topic(s)), None)

    # --- part of, located in -----------------------------------------------------------------------------

    def _links(self, index: _Index, sentence: Span, facts: Facts, japanese: bool) -> None:
        doc = index.doc
        add = facts.links.append
        seen = {(f.kind, f.subject.start, f.object.start) for f in facts.links}

        def link(kind_: str, subject: Span | None, obj: Span | None) -> None:
            subject, obj = self._resolved(index, subject), self._resolved(index, obj)
            if subject is not None and self._title_like(subject):
                return  # Minister of Mining taken for a company is in no place
            if subject is None or obj is None or subject == obj or subject.kb_id_ == obj.kb_id_ and subject.kb_id_:
                return
            key = (kind_, subject.start, obj.start)
            if key not in seen:
                seen.add(key)
                add(LinkFact(kind_, subject, obj, sentence))

        for i in (range(sentence.start, sentence.end) if japanese else index.english_link_tokens(sentence)):
            token = doc[i]
            left = index.at(i - 1) if i > sentence.start else None
            if token.text in OPENING:
                self.containment.bracketed_place(index, i, sentence, link)
            if japanese and token.text == "の":
                self.containment.place_described(index, i, sentence, link)
                self.containment.unit_of_topic(index, i, sentence, link, self._antecedent)
                self.containment.unit_after_owner(index, i, sentence, link)
                self.containment.place_in_region(index, i, sentence, link, self._antecedent)
            if japanese and token.text == "の" and left is None and i - 1 > sentence.start \
                    and doc[i - 1].text in AREA_WORDS:  # 岡山市内のホテル「X」: in the place
                left = self._area_of(index, doc[i - 1], unnamed_sites=False)
                left = left if left is not None and left.end == i - 1 else None
            if japanese and token.text == "の" and left is not None and (left.end == i or doc[i - 1].text in AREA_WORDS):
                right = index.at(i + 1) or (index.at(i + 2) if i + 2 < sentence.end and doc[i + 1].text in QUOTES
                                            else None)  # 青森県つがる市の「X」
                if right is None and kind(left) in PLACE_KINDS:  # 熊本県菊陽町の工場「X」: a site in the place
                    j = i + 1
                    while j < min(sentence.end - 1, i + 4) and doc[j].pos_ == "NOUN" and index.at(j) is None:
                        j += 1
                    if j > i + 1 and doc[j].text in QUOTES and (named := index.at(j + 1)) is not None \
                            and kind(named) == "facility":
                        right = named
                if right is None:  # 同社の研究拠点である川崎テクノロジーセンター
                    right = self._apposed_after(index, i + 1, sentence)
                whole = left
                if right is not None:
                    self._link_pair(link, whole, right)
            elif japanese and token.text == "の" and i - 2 >= sentence.start and self._is(index, doc[i - 1], "unit") \
                    and (whole := index.at(i - 2)) is not None and whole.end == i - 1 and kind(whole) in ORG_KINDS:
                right = index.at(i + 1)  # ORG傘下の Y, ORG子会社の Y
                if right is not None and kind(right) in ORG_OR_SITE:
                    link("partOf", right, whole)
            elif japanese and i + 1 < sentence.end and doc[i + 1].text == "の" \
                    and (whole := self._antecedent(index, token)) is not None:
                right = index.at(i + 2) or self._apposed_after(index, i + 2, sentence)
                if right is not None:
                    self._link_pair(link, whole, right)
            if japanese and token.text == "の" and i - 2 >= sentence.start and doc[i - 1].text == "内" \
                    and doc[i - 2].text in self.inside_words and index.at(i - 2) is None:
                # 地区内の仮設住宅「X」, 市内の工場「X」: in the last 地区 / 市 named
                j = i + 1
                while j < min(sentence.end - 1, i + 6) and index.at(j) is None and doc[j].pos_ == "NOUN":
                    j += 1  # 仮設|住宅|団地「X」
                right = index.at(j + 1 if doc[j].text in QUOTES else j)
                place = index.before(i - 2, PLACE_KINDS, len(doc), ending=doc[i - 2].text)
                if right is not None and place is not None and kind(right) in {"facility", "organization"}:
                    link("locatedIn", right, place)
            if not japanese:
                self._english_links(index, token, link)
                self.containment.english(index, token, link)
        self.containment.prefixed_bodies(index, sentence, link)
        self.containment.named_after_owner(index, sentence, link)
        if not japanese:
            self.containment.nationality_described(index, sentence, link)
        spans = index.in_sentence(sentence)
        for a, b in zip(spans, spans[1:]):  # 外務省アジア大洋州局, 京都大学医学部, 愛知県豊田市
            if a.end == b.start:
                if kind(a) in ORG_KINDS | PLACE_KINDS and kind(b) == "organization" and b.label_ == L.GOVERNMENT:
                    link("partOf", b, a)
                elif japanese and kind(a) in ORG_KINDS and kind(b) in ORG_OR_SITE and b.label_ != L.COMPANY:
                    link("partOf", b, a)
                elif a.label_ == L.ADMIN_AREA and b.label_ == L.CITY or (
                        japanese and a.label_ == L.CITY and b.label_ == L.CITY and a.text.endswith("市")
                        and b.text.endswith("区")):
                    link("locatedIn", b, a)  # 愛知県豊田市, 千葉市美浜区
            elif a.end + 1 == b.start and doc[a.end].text == "・" and a.label_ == L.COUNTRY \
                    and b.label_ in {L.ADMIN_AREA, L.CITY}:
                link("locatedIn", b, a)  # ベトナム・ドンナイ省 (not 東京・大阪, a list)
        if japanese:
            self.containment.country_prefixed(index, sentence, link)
            for span in spans:
                self._unit_without_owner(index, span, sentence, link)
            for span in spans:  # 県建設部: the unit of the prefecture the text names
                if span.label_ == L.GOVERNMENT and doc[span.start].text in self.inside_words and len(span) > 1:
                    link("partOf", span, index.before(span.start, PLACE_KINDS, len(doc), ending=doc[span.start].text))
            for span in spans:  # 同県合志市, 同州オースティン: the place is in the one pointed back to
                pointer = doc[span.start - 1] if span.start > sentence.start else None
                if pointer is not None and kind(span) in PLACE_KINDS and pointer.text.startswith("同") \
                        and "place" in self.anaphors.get(pointer.text, ()):
                    link("locatedIn", span, self._antecedent(index, pointer))
        if japanese:
            for token in index.triggered_in(sentence, "construct"):
                self._built_in(index, token, sentence, link)
            for token in index.triggered_in(sentence, "operate"):
                self._operated_by(index, token, sentence, link)
            for token in (t for t in sentence if t.text in VENUE_WORDS):
                self._named_venue(index, token, facts, link)
            self._own_works(index, sentence, link)
        for token in index.triggered_in(sentence, "base", "hold", "unit", "setup"):
            if self._is(index, token, "base") and japanese:
                self._based(index, token, link)
            if self._is(index, token, "hold"):
                self._held(index, token, link, japanese)
            if japanese and self._is(index, token, "setup"):
                self._unit_set_up(index, token, sentence, link)
            if japanese and self._is(index, token, "unit") and token.i + 1 < sentence.end \
                    and doc[token.i + 1].text in {"で", "だ", "です", "である"} and doc[token.i - 1].text == "の":
                self._unit_predicate(index, token, sentence, link)

    @staticmethod
    def _named_venue(index: _Index, venue: Token, facts: Facts, link) -> None:
        """(メイン)会場の「X」: the event the text is about is at the site X, and X is in the place the event was held."""
        doc = index.doc
        i = venue.i + 1
        if not (i + 2 < len(doc) and doc[i].text == "の" and doc[i + 1].text in QUOTES):
            return
        site = index.at(i + 2)
        event = index.before(venue.i, {"event"}, len(doc), topic=True) or index.before(venue.i, {"event"}, len(doc))
        if site is None or kind(site) != "facility" or event is None:
            return
        link("locatedIn", event, site)
        place = next((f.object for f in facts.links if f.kind == "locatedIn" and f.subject == event
                      and kind(f.object) in PLACE_KINDS), None)
        link("locatedIn", site, place)

    def _operated_by(self, index: _Index, verb: Token, sentence: Span, link) -> None:
        """Xを運営するY: the site X (or the last site named with X's kind word: ターミナル) is part of Y; 運営するのは
        (…法人の)Y: the site the text is about is."""
        doc = index.doc
        i = verb.i + 1
        while i < sentence.end and doc[i].pos_ == "AUX":
            i += 1
        operator = None
        if (named := index.at(i)) is not None and named.start == i:  # 運営する|Y
            operator = named
        elif i + 1 < sentence.end and doc[i].text == "の" and doc[i + 1].text == "は" or doc[verb.i + 1].text == "は":
            predicate = next((s for j in range(i + 2, sentence.end) if doc[j].text in {"で", "だ", "です"}
                              for s in [index.at(j - 1)] if s is not None and s.end == j
                              and kind(s) in ORG_KINDS), None)  # 運営するのは…5社が共同で出資するYで: Y
            operator = predicate if predicate is not None else next(
                (s for j in range(i, min(sentence.end, i + 10)) if doc[j].text not in {"、", "。"}
                 for s in [index.at(j)] if s is not None), None)  # 運営するのは(医療法人の)Y
        if operator is None or kind(operator) not in ORG_KINDS:
            return
        site = None
        if verb.i - 2 >= sentence.start and doc[verb.i - 1].text == "を":
            site = index.at(verb.i - 2)
            if site is None and doc[verb.i - 2].pos_ == "NOUN":
                site = index.before(verb.i, {"facility"}, len(doc), ending=doc[verb.i - 2].text)
        elif doc[verb.i - 1].text not in {"が", "を"}:
            site = index.before(verb.i, {"facility"}, self.lookback, topic=True)
        if site is not None and kind(site) == "facility":
            link("partOf", site, operator)

    def _unit_without_owner(self, index: _Index, unit: Span, sentence: Span, link) -> None:
        """A unit written after 同省 / 同社 is part of the body pointed back to (同省管理局); a company's unit named
        alone before its head (開発本部の山田花子本部長) is part of the company the text is about."""
        doc = index.doc
        if kind(unit) != "organization" or not unit.text.endswith(tuple(UNIT_HEAD_WORDS)):
            return
        pointer = doc[unit.start - 1] if unit.start > sentence.start else None
        if pointer is not None and pointer.pos_ in {"NOUN", "PROPN"}:
            if index.at(pointer.i) is None:  # 同省|管理局, 同|大学|工学部
                link("partOf", unit, self._antecedent(index, pointer))
        elif unit.label_ != L.GOVERNMENT \
                and unit.end + 1 < sentence.end and doc[unit.end].text == "の" \
                and (holder := index.at(unit.end + 1)) is not None and holder.label_ == L.PERSON \
                and holder.end in index.title_starting_at:
            link("partOf", unit, self._company_about(index, unit.start, ORG_KINDS))

    def _built_in(self, index: _Index, word: Token, sentence: Span, link) -> None:
        """PLACEで建設が進む「X」, PLACEで建設を進めてきた新…「X」, PLACEに建設していた…「X」: a site whose building a clause
        before its quoted name tells is in the place where it is built."""
        doc = index.doc
        clause = word if word.dep_ in {"acl", "ROOT"} or word.pos_ == "VERB" else word.head  # 建設が|進む, 建設を|進め
        if clause.dep_ not in {"acl", "advcl"}:  # (a clause before a noun, sometimes parsed as adverbial)
            return
        place = None
        for holder in (word, clause):
            for child in holder.children:
                if child.dep_ == "obl" and any(g.text in {"で", "に"} for g in child.children):
                    found = index.at(child.i) or self._area_of(index, child)
                    if found is not None and kind(found) in PLACE_KINDS:
                        place = found
        if place is None:
            return
        j = clause.i + 1  # the clause's auxiliaries (…ていた), then the words before the quoted name (新たな物流拠点)
        while j < sentence.end and (doc[j].pos_ in {"AUX", "SCONJ"} or doc[j].dep_ == "fixed"):
            j += 1
        while j < sentence.end and doc[j].pos_ in {"NOUN", "ADJ", "AUX"} and index.at(j) is None:
            j += 1
        site = index.at(j + 1) if j + 1 < sentence.end and doc[j].text in QUOTES else None
        if site is not None and kind(site) in {"facility", "product"} and site.start > place.end:  # (a line, a ship)
            link("locatedIn", site, place)
            builder = next((s for t in doc[sentence.start:place.start] if t.text == "は"
                            for s in [index.at(_before_bracket(doc, t.i - 1))] if s is not None), None)
            if kind(site) == "facility" and builder is not None and builder.label_ in {L.COMPANY, L.ORGANIZATION} \
                    and not any(c.dep_ == "nsubj" for h in (word, clause) for c in h.children):
                # ORGは…に建設していた物流拠点「X」が完成, ORGは…に完成した施設「X」の稼働を始めた: its own site
                link("partOf", site, builder)

    def _own_works(self, index: _Index, sentence: Span, link) -> None:
        """ORGは17日、X県Y市のZ製鉄所で、…を始めた: a works (plant, mill) where the company that is the sentence's
        topic does something is its own."""
        doc = index.doc
        topic = next((s for t in doc[sentence.start:sentence.end] if t.text == "は"
                      for s in [index.at(_before_bracket(doc, t.i - 1))] if s is not None), None)
        if topic is None or topic.label_ != L.COMPANY:
            return
        for span in index.in_sentence(sentence):
            if kind(span) == "facility" and span.start > topic.end and span.end < sentence.end \
                    and doc[span.end].text == "で" and span.text.endswith(WORKS_ENDINGS):
                link("partOf", span, topic)
                for thing in index.in_sentence(sentence):  # Z工場で、…試験炉「P」の稼働を始めた: P is at the works
                    if thing.start > span.end and kind(thing) in {"product", "facility"} and thing.end + 2 < sentence.end \
                            and doc[thing.end].text in CLOSING_QUOTES and doc[thing.end + 1].text == "の" \
                            and doc[thing.end + 2].text in STARTED_WORDS:
                        link("locatedIn", thing, span)

    def _unit_set_up(self, index: _Index, verb: Token, sentence: Span, link) -> None:
        """ZはPLACEに子会社「Y」を設立した / 研究拠点「Y」を開設した / 子会社「Y」を持つ: Y is part of Z (the topic), and
        in the place written before に (the nearest place of an XのYのZに phrase)."""
        doc = index.doc
        i = next((j for c in verb.children if c.dep_ == "obj" for j in (c.i + 1, c.i + 2)
                  if j < verb.i and doc[j].text == "を" and doc[j - 1].text in CLOSING_QUOTES),
                 verb.i - 1)  # 「Y」を本店内に新設: the object's を, wherever it is
        if i - 3 < sentence.start or doc[i].text != "を" or doc[i - 1].text not in CLOSING_QUOTES:
            return
        unit = index.at(i - 2)
        if unit is None or kind(unit) not in ORG_OR_SITE or unit.label_ == L.PERSON or unit.start < sentence.start + 2 \
                or doc[unit.start - 1].text not in QUOTES or not (doc[unit.start - 2].text.endswith(self.unit_nouns)
                                                                  or unit.text.endswith(self.unit_nouns)):
            return
        word = unit.start - 2
        region = None  # 欧州|子会社, 米国|子会社: where the unit is, when nothing more precise is written
        while word > sentence.start and doc[word - 1].pos_ in {"NOUN", "PROPN"} and (
                (index.at(word - 1) is None and doc[word - 1].dep_ == "compound") or (
                region is None and kind(index.at(word - 1)) in PLACE_KINDS and index.at(word - 1).end == word)):
            if index.at(word - 1) is not None:
                region = index.at(word - 1)
                word = region.start
            else:
                word -= 1  # 研究|開発|拠点, 開発|子会社
        owner = next((s for s in (index.at(t.i - 1) or self._antecedent(index, doc[t.i - 1])
                                  for t in doc[sentence.start:word] if t.text in {"は", "が"} and t.i > sentence.start)
                      if s is not None and kind(s) in ORG_KINDS), None)
        if owner is not None and owner.text != unit.text:
            link("partOf", unit, owner)
        if word - 1 > sentence.start and doc[word - 1].text in {"に", "で"}:
            j = word - 2
            while j >= sentence.start and (doc[j].pos_ in {"NOUN", "PROPN"} or doc[j].text == "の"):
                place = index.at(j)
                if place is not None and kind(place) in PLACE_KINDS:
                    link("locatedIn", unit, place)
                    return
                j -= 1
        if region is not None:
            link("locatedIn", unit, region)

    def _title_like(self, span: Span) -> bool:
        """An English 'organisation' that is a title (Minister of Energy, Chief Executive): a word for an office
        first, then of/for or nothing."""
        doc = span.doc
        return kind(span) == "organization" and not span.text.isupper() and doc[span.start].lower_ in self.title_words \
            and (len(span) == 1 or doc[span.start + 1].lower_ in {"of", "for"} or span.text.lower() in self.title_words)

    def _resolved(self, index: _Index, span: Span | None) -> Span | None:
        """同県 / 同市 / 同国 tagged as a name of its own: the place it points back to (同県合志市: in the prefecture
        named before)."""
        if span is None or len(span) != 1:
            return span
        if span.text in self.containment.region_words and span.start > 0:  # 同国|東部 tagged as a place: the country
            return index.at(span.start - 1) or self._antecedent(index, index.doc[span.start - 1])
        if not span.text.startswith("同") or span.text.lower() not in self.anaphors:
            return span
        return self._antecedent(index, span[0])

    def _unit_predicate(self, index: _Index, unit: Token, sentence: Span, link) -> None:
        """XはYの子会社だ (で、…): the sentence's topic is part of Y."""
        whole = index.at(unit.i - 2)
        marker = next((t for t in sentence if t.text == "は" and t.i < unit.i), None)
        if whole is None or marker is None or marker.i == sentence.start:
            return
        part = index.at(marker.i - 1) or self._antecedent(index, index.doc[marker.i - 1])
        if part is not None and kind(part) in ORG_OR_SITE and kind(whole) in ORG_KINDS:
            link("partOf", part, whole)

    def _apposed_after(self, index: _Index, i: int, sentence: Span) -> Span | None:
        """…の 研究拠点 である X: the entity that the description is apposed to."""
        doc = index.doc
        j = i
        while j < sentence.end and doc[j].pos_ in {"NOUN", "PROPN"} and index.at(j) is None:
            j += 1
        if j + 2 < sentence.end and doc[j].text == "で" and doc[j + 1].lemma_ == "ある":
            return index.at(j + 2)
        if i < j < sentence.end - 1 and doc[j].text in QUOTES:  # 同社の蔵「X」: the name quoted after the kind word
            return index.at(j + 1)
        return None

    def _link_pair(self, link, whole: Span, part: Span) -> None:
        """X の Y: a unit or site of an organisation is part of it; an organisation or site in a place is in it."""
        if kind(part) in {"facility", "organization"} and kind(whole) in ORG_OR_SITE and part.label_ != L.PERSON:
            link("partOf", part, whole)
        elif kind(part) in {"organization", "facility", "event"} and kind(whole) in PLACE_KINDS:
            link("locatedIn", part, whole)
        elif kind(part) in PLACE_KINDS and kind(whole) in PLACE_KINDS and part.label_ != whole.label_:
            link("locatedIn", part, whole)

    def _based(self, index: _Index, token: Token, link) -> None:
        """PLACE に本社を置く ORG / ORG は PLACE に本社を置き / ORGは…PLACEの本社(工場)…."""
        doc = index.doc
        if token.i >= 2 and doc[token.i - 1].text == "の" and (place := index.at(token.i - 2)) is not None \
                and kind(place) in PLACE_KINDS and token.text in {"本社", "本店", "本部"}:
            topic = next((s for t in token.sent if t.text == "は" and sentence_start_before(t, token)
                          for s in [index.at(t.i - 1) or self._antecedent(index, doc[t.i - 1])]
                          if s is not None and kind(s) in ORG_KINDS), None)
            if topic is not None:  # the head office in PLACE is the topic's
                link("locatedIn", topic, place)
            return
        verb = token.head
        place = next((index.at(c.i) for c in verb.children if c.dep_ == "obl" and index.at(c.i) is not None
                      and kind(index.at(c.i)) in PLACE_KINDS | {"facility"}), None)
        if place is None:
            return
        organization = None
        if verb.dep_ == "acl":
            head = verb.head
            organization = index.at(head.i)
            if organization is None or kind(organization) in PLACE_KINDS | {"person"}:  # PLACEに本社を置く丸福の
                organization = self._short_form_of(index, head.i) or organization
            if organization is None and head.i + 2 < len(index.doc) and index.doc[head.i + 1].text == "、":
                organization = index.at(head.i + 2)  # PLACEに本社を置くスタートアップ、X
            if organization is None and head.i + 1 < len(index.doc) and (
                    named := index.at(head.i + 1)) is not None and named.start == head.i + 1:
                organization = named  # PLACEに拠点を置く大手企業X
            if organization is None:
                organization = next(iter(index.in_subtree(head, ORG_KINDS)), None)
        if organization is None:
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                organization = index.at(subject.i) or self._antecedent(index, subject)
        if organization is None:
            organization = next((index.at(t.i - 1) for t in verb.sent if t.text == "は" and t.i < verb.i
                                 and index.at(t.i - 1) is not None and kind(index.at(t.i - 1)) in ORG_KINDS), None)
        if organization is not None and kind(organization) in ORG_KINDS:
            link("locatedIn", organization, place)

    def _held(self, index: _Index, verb: Token, link, japanese: bool) -> None:
        """PLACE で開かれた EVENT / EVENT が PLACE で開かれる / EVENT held in PLACE."""
        places = []  # a venue (facility) before its city: the event is at the venue, which is in the city
        for child in verb.children:
            span = index.at(child.i)
            if span is not None and kind(span) in PLACE_KINDS | {"facility"} and (not japanese or any(
                    g.text == "で" for g in child.children)) and child.dep_ not in {"nsubj", "nsubjpass"}:
                places.append(span)
            elif not japanese and child.dep_ == "prep" and child.lower_ in {"in", "at"}:
                places += [index.at(g.i) for g in child.children if index.at(g.i) is not None
                           and kind(index.at(g.i)) in PLACE_KINDS | {"facility"}]
        if not places and japanese:  # 静岡県浜松市で28日、「X」が開かれ (the place hung on the date)
            places = [span for c in verb.children if c.dep_ == "obl" for g in c.children
                      if g.dep_ == "nmod" and g.i + 1 < len(index.doc) and index.doc[g.i + 1].text == "で"
                      and (span := index.at(g.i)) is not None and kind(span) in PLACE_KINDS | {"facility"}]
        if not places:
            return
        place = min(places, key=lambda s: kind(s) != "facility")
        event = None
        if verb.dep_ in {"acl", "relcl"}:
            event = index.at(verb.head.i)
        if event is None and japanese:  # 「X訓練」をYで実施した
            event = next((found for c in verb.children if c.dep_ == "obj" and (found := index.at(c.i)) is not None
                          and kind(found) == "event"), None)
        if event is None:  # (the summit is held at X: the summit the text named)
            event = next((found for c in verb.children if c.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"}
                          and (found := index.at(c.i) or (None if japanese else self._antecedent(index, c)))
                          is not None and kind(found) in {"event", "facility"}), None)  # (not a dateline's city)
        if event is not None and (kind(event) == "event" or (  # the museum opened at Port X: a site is where it opens
                kind(event) == "facility" and verb.lemma_ == "open" and kind(place) in PLACE_KINDS)):
            link("locatedIn", event, place)

    @staticmethod
    def _occasion_of(index: _Index, token: Token) -> Span | None:
        """the opening (the second day) of X: the X an occasion word is of."""
        return next((index.at(g.i) for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj" and index.at(g.i) is not None), None)

    def _compass_link(self, index: _Index, token: Token) -> tuple[Span, Span] | None:
        """X in the north of the country / of Ashland: X (the noun "in" hangs on, or the verb's object) and the
        place; "the country" is the last place named before that is not X."""
        part = next((g for g in token.children if g.dep_ == "pobj" and g.lower_ in COMPASS_NOUNS), None)
        whole = next((h for p in part.children if p.dep_ == "prep" and p.lower_ == "of" for h in p.children
                      if h.dep_ == "pobj"), None) if part is not None else None
        if whole is None:
            return None
        thing = index.named_by(token.head) if token.head.pos_ != "VERB" else next(
            (found for c in token.head.children if c.dep_ == "dobj" and (found := index.named_by(c)) is not None),
            None)
        place = index.at(whole.i)
        if place is None and whole.lower_ in self.anaphors and "place" in self.anaphors[whole.lower_]:
            place = max((s for s in index.spans if s.end <= whole.i and kind(s) in PLACE_KINDS
                         and s != thing and (thing is None or s.kb_id_ != thing.kb_id_)), key=lambda s: s.start,
                        default=None)
        if thing is None or place is None or kind(place) not in PLACE_KINDS \
                or kind(thing) not in VISITABLE | PLACE_KINDS:
            return None
        return thing, place

    @staticmethod
    def _place_before_company_word(index: _Index, company: Span, link) -> None:
        """a Busan start-up Acme, Lisbon pump maker Acme: a place written right before the lower-case words for a
        company that precede its name; the company is there (Acme supplier X: a company there, no place)."""
        doc = index.doc
        i = company.start - 1
        while i > max(company.start - 6, 2):  # (Madrid-listed group X: listed there, no place of the company's)
            if doc[i].lower_ == "up" and doc[i - 1].text == "-" and doc[i - 2].lower_ == "start":
                i -= 3
            elif doc[i].is_lower and doc[i].pos_ == "NOUN":
                i -= 1
            else:
                break
        last = doc[company.start - 1].lower_ if company.start > 0 else ""
        if i == company.start - 1 or last not in PLACED_COMPANY_WORDS:
            return
        place = index.at(i)
        if place is not None and place.end == i + 1 and kind(place) in PLACE_KINDS:
            link("locatedIn", company, place)

    def _owned_by(self, index: _Index, owned: Token, link) -> None:
        """Acme is majority-owned by Beta Group; Acme, wholly owned by Beta: Acme is part of Beta."""
        owner = next((index.named_by(g) for c in owned.children if c.dep_ == "agent"
                      for g in c.children if g.dep_ == "pobj"), None)
        if owned.dep_ in {"acl", "relcl"}:
            subject = owned.head
        else:
            verb = owned.head if owned.dep_ == "acomp" else owned
            subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        part = (index.named_by(subject) or self._antecedent(index, subject)) if subject is not None else None
        if owner is not None and part is not None and part != owner and kind(owner) in ORG_KINDS \
                and kind(part) in ORG_OR_SITE:
            link("partOf", part, owner)

    @staticmethod
    def _site_owned_by(index: _Index, owner: Span) -> Span | None:
        """The site an organisation is named after "of" for (the X plant of pump maker Acme): a company has many
        sites, and a place written after it there says where the site is."""
        word = owner.root.head if owner.root.dep_ == "appos" else owner.root
        if word.dep_ != "pobj" or word.head.lower_ != "of":
            return None
        site = index.named_by(word.head.head)
        return site if site is not None and kind(site) == "facility" else None

    def _english_links(self, index: _Index, token: Token, link) -> None:
        doc = index.doc
        here = index.at(token.i)
        # X, a start-up from PLACE: the company is there
        if token.dep_ == "prep" and token.lower_ == "from" and token.head.dep_ == "appos" \
                and (token.head.lower_ in COMPANY_WORDS or "organization" in self.anaphors.get(token.head.lower_, ())):
            owner = index.at(token.head.head.i)
            place = next((found for g in token.children if g.dep_ == "pobj" and (found := index.at(g.i)) is not None
                          and kind(found) in PLACE_KINDS), None)
            if owner is not None and kind(owner) in ORG_KINDS and place is not None:
                link("locatedIn", owner, place)
        # a site on an island or a coast (the Okpo Shipyard on Okpo Island): it is there
        if token.dep_ == "prep" and token.lower_ == "on" and (site := index.at(token.head.i)) is not None \
                and kind(site) == "facility":
            place = next((found for g in token.children if g.dep_ == "pobj" and (found := index.at(g.i)) is not None
                          and kind(found) in PLACE_KINDS), None)
            if place is not None:
                link("locatedIn", site, place)
        # X in PLACE (the show in Taipei), FACILITY of ORG (the lab of Acme)
        if token.dep_ == "prep" and token.lower_ in {"in", "of"}:
            target = next((index.at(g.i) for g in token.children if g.dep_ == "pobj" and index.at(g.i) is not None),
                          None)
            if target is None and token.lower_ == "of":  # the X plant of rail-signalling company Acme: the name apposed
                target = next((index.at(c.i) for g in token.children if g.dep_ == "pobj" for c in g.children
                               if c.dep_ == "appos" and index.at(c.i) is not None), None)
            compass = self._compass_link(index, token) if target is None and token.lower_ == "in" else None
            if compass is not None:  # expanded X in the north of the country: X is in the country
                link("locatedIn", *compass)
                return
            if target is None and token.lower_ == "in":  # the hall in the port city: the city named before
                target = next((found for g in token.children if g.dep_ == "pobj"
                               and (found := self._antecedent(index, g)) is not None
                               and kind(found) in PLACE_KINDS), None)
            head = index.at(token.head.i) if token.lower_ == "of" else (
                index.named_by(token.head) or self._antecedent(index, token.head))  # the plant in Ohio
            if token.lower_ == "in" and kind(head) in ORG_KINDS:  # the X plant of Acme in Ohio: the plant is there
                head = self._site_owned_by(index, head) or head
            if token.lower_ == "in" and head is None and token.head.pos_ in {"VERB", "AUX"}:
                # toured X in Ohio (a visit's object); held at X in Ohio (a site after "at"): X is there
                head = next((site for c in token.head.children if (
                    c.dep_ == "dobj" and self._is(index, token.head, "visit")) and (site := index.named_by(c))
                    is not None and kind(site) == "facility"), None) or next(
                    (site for c in token.head.children if c.dep_ == "prep" and c.lower_ == "at" and c.i < token.i
                     for g in c.children if g.dep_ == "pobj" and (site := index.named_by(g)) is not None
                     and kind(site) == "facility"), None)
            if target is not None and head is not None and head != target:
                if token.lower_ == "in" and kind(target) in PLACE_KINDS and kind(head) in VISITABLE | PLACE_KINDS \
                        and (kind(head) not in PLACE_KINDS or index.at(token.head.i) is not None):
                    link("locatedIn", head, target)  # not "the Kentucky plant in Georgetown": the plant is there
                elif token.lower_ == "of" and kind(head) in {"facility", "organization"} and kind(target) in ORG_KINDS:
                    link("partOf", head, target)
            event = index.at(token.i - 1)  # unveiled X at CES in Las Vegas: "in" hangs on the verb, yet says where
            if token.lower_ == "in" and target is not None and kind(target) in PLACE_KINDS and event is not None \
                    and kind(event) == "event" and event.end == token.i:
                link("locatedIn", event, target)
        # the Denver company: the company pointed back to is in the place
        if here is not None and kind(here) in PLACE_KINDS and token.dep_ == "compound" and token.i == here.end - 1 \
                and token.head.lower_ in self.company_anaphors and index.at(token.head.i) is None:
            owner = self._antecedent(index, token.head)
            if owner is not None and kind(owner) in ORG_KINDS:
                link("locatedIn", owner, here)
        # gathered in PLACE for (the opening of) EVENT: the event is there
        if token.dep_ == "prep" and token.lower_ == "for" and token.head.pos_ == "VERB":
            event = next((found for g in token.children if g.dep_ == "pobj"
                          and (found := index.named_by(g) or self._occasion_of(index, g)) is not None
                          and kind(found) == "event"), None)
            place = next((found for p in token.head.children if p.dep_ == "prep" and p.lower_ == "in"
                          for g in p.children if g.dep_ == "pobj" and (found := index.at(g.i)) is not None
                          and kind(found) in PLACE_KINDS), None) if event is not None else None
            if place is not None:
                link("locatedIn", event, place)
        # City, Region / City, the Country
        region_at = token.i + 3 if token.i + 3 < len(doc) and doc[token.i + 2].lower_ == "the" else token.i + 2
        if here is not None and kind(here) in PLACE_KINDS and token.i == here.end - 1 and region_at < len(doc) \
                and doc[token.i + 1].text == "," and (nxt := index.at(region_at)) is not None \
                and nxt.start == region_at and kind(nxt) in PLACE_KINDS and doc[here.start].dep_ != "ROOT" \
                and doc[nxt.start:nxt.end].root.dep_ == "appos":
            link("locatedIn", here, nxt)
        # headquartered in / based in PLACE
        if self._is(index, token, "based") and token.tag_ == "VBN":
            place = next((found for t in token.subtree if t.dep_ == "prep" and t.lower_ == "in"
                          for g in t.children if g.dep_ == "pobj" and (found := index.named_by(g)) is not None
                          and kind(found) in PLACE_KINDS), None)
            subject = token.head if token.dep_ in {"relcl", "acl", "amod"} else next(
                (c for c in token.children if c.dep_ in {"nsubjpass", "nsubj"}), None)  # X is headquartered in Y
            organization = None
            if subject is not None:  # Acme, headquartered in …; the hub, located in …; a Paris-based group Acme
                organization = index.named_by(subject) or self._antecedent(index, subject)
                if organization is None and subject.dep_ in {"appos", "compound"}:
                    organization = index.named_by(subject.head)
                if organization is None and subject.i + 1 < len(doc):  # a Lisbon-based startup Acme
                    organization = next((s for s in [index.at(subject.i + 1)] if s is not None
                                         and s.start == subject.i + 1), None)
            if place is None and token.i > 1 and doc[token.i - 1].text == "-":
                place = index.at(token.i - 2)
                place = place if kind(place) in PLACE_KINDS else None
            if place is not None and organization is not None and kind(organization) in ORG_OR_SITE | {"event"}:
                link("locatedIn", organization, place)
        if here is not None and token.i == here.start and kind(here) in ORG_KINDS:
            self._place_before_company_word(index, here, link)
        # X is (majority-, wholly) owned by ORG: X is part of the owner
        if token.lower_ == "owned" and token.tag_ == "VBN":
            self._owned_by(index, token, link)
        # its (Acme's) headquarters in PLACE
        if self._is(index, token, "base") and token.pos_ == "NOUN":
            owner_token = next((c for c in token.children if c.dep_ == "poss"), None)
            place = next((index.at(g.i) for c in token.children if c.dep_ == "prep" and c.lower_ == "in"
                          for g in c.children if g.dep_ == "pobj" and index.at(g.i) is not None), None)
            if owner_token is not None and place is not None and kind(place) in PLACE_KINDS:
                owner = index.at(owner_token.i) or self._its_subject(index, owner_token) or self._antecedent(
                    index, owner_token)
                if owner is not None and kind(owner) in ORG_KINDS:
                    link("locatedIn", owner, place)
        # ORG's UNIT (Acme's DeepLab, the university's School of X): the unit is part of the organisation
        if token.dep_ == "poss" and here is not None and (unit := index.at(token.head.i) or next(
                (site for c in token.head.children if c.dep_ == "appos" and (site := index.at(c.i)) is not None
                 and kind(site) == "facility"), None)) is not None \
                and unit != here and kind(unit) in {"organization", "facility"} and unit.label_ != L.PERSON:
            # (Ashby's new central library, the X Library: the name apposed to the kind word)
            if kind(here) in ORG_KINDS:
                link("partOf", unit, here)
            elif kind(here) in PLACE_KINDS and unit.label_ != L.GOVERNMENT:  # Osaka's Kansai Robotics
                link("locatedIn", unit, here)
        elif token.dep_ == "poss" and here is None and (unit := index.at(token.head.i) or (
                site if (site := index.named_by(token.head)) is not None and kind(site) == "facility" else None)) \
                is not None and kind(unit) in {"organization", "facility"} and unit.label_ != L.PERSON:
            owner = (its if (its := self._its_subject(index, token)) is not None and index.at(its.start) is not None
                     else None) or self._antecedent(index, token)  # Leeds plans its X line: the subject's
            if owner is not None and kind(owner) in ORG_KINDS and owner != unit:
                link("partOf", unit, owner)
            elif owner is not None and kind(owner) in PLACE_KINDS:  # the city's new water plant
                link("locatedIn", unit, owner)
        # ORG's subsidiary, X / The bank's lab, X / the authority's subsidiary X
        if token.lower_ in self.triggers.get("unit", set()) and token.i + 2 < len(doc) and (
                doc[token.i + 1].text == "," or (here is None and (named := index.at(token.i + 1)) is not None
                                                 and named.start == token.i + 1 and kind(named) in ORG_OR_SITE)):
            first = token.i + 2 if doc[token.i + 1].text == "," else token.i + 1
            part = index.at(first) or (index.at(first + 1) if doc[first].lower_ == "the"
                                       and first + 1 < len(doc) else None)
            owner_token = next((c for c in token.children if c.dep_ == "poss"), None)
            if part is not None and owner_token is not None:
                whole = index.at(owner_token.i) or self._antecedent(index, owner_token)
                if whole is not None and kind(whole) in ORG_KINDS:
                    link("partOf", part, whole)


#: Parts of a country by direction (in the north of the country): what is there is in the country.
COMPASS_NOUNS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "centre",
                 "center", "interior"}
#: Adjectives before a governor's title and the word for the area governed (regional governor: the X Region).
REGIONAL_WORDS = {"regional": "region", "provincial": "province", "state": "state", "county": "county"}
#: A country's government named with its possessive (Ashland's government, Ashland's cabinet).
GOVERNMENT_WORDS = {"government", "cabinet", "administration"}
#: Words that join two people who do the same thing (AとBは訪れた, A and B toured).
COORDINATORS = {"と", "や", "および", "及び", "、", "and", ",", "&"}


def sentence_start_before(marker: Token, token: Token) -> bool:
    return marker.sent.start < marker.i < token.i


def japanese_token(token: Token) -> bool:
    return token.doc.lang_ == "ja"


def _before_bracket(doc: Doc, i: int) -> int:
    """Token ``i``, or the one before the bracket that token ``i`` closes (ORG(本社・X)は → ORG's last token)."""
    if i > 0 and doc[i].text in {")", "）"}:
        opening = next((j for j in range(i - 1, max(i - 12, -1), -1) if doc[j].text in {"(", "（"}), None)
        if opening is not None and opening > 0:
            return opening - 1
    return i


def _coordinated(doc: Doc, people: list[Span]) -> list[Span]:
    """The nearest person of a subject, and those joined to it by と / and with nothing but titles between."""
    chosen = [people[0]]
    for other in people[1:]:
        first, second = sorted([chosen[-1], other], key=lambda s: s.start)
        between = doc[first.end:second.start]
        if any(t.text in COORDINATORS for t in between) and all(  # (A知事やX市のB市長: the next one's organisation)
                t.text in COORDINATORS or t.pos_ in {"NOUN", "PROPN", "PUNCT"} or t.text == "の" for t in between) \
                and len(between) <= (6 if doc.lang_ == "ja" else 4):
            chosen.append(other)
    return sorted(chosen, key=lambda s: s.start)


#: Beginnings of the word for a site's opening or completion (開業記念式典, 完成記念セレモニー).
OPENING_STEMS = ("開業", "開所", "開院", "開館", "開校", "開園", "開通", "完成", "竣工", "落成", "完工")
#: Words that put a sentence on the day last named.
SAME_DAY = ("同日", "当日", "the same day", "later that day", "that afternoon", "that evening")
#: Beginnings of a day ahead of the news (来年4月1日, 来月15日, next Monday): no day a visit "that day" was on.
FUTURE_DAY_LEADS = ("来年", "来月", "next ")
#: Words after a day that make it a period's bound (今月20日から始める, 3月末まで続ける): no day "that day" points to.
PERIOD_BOUNDS = ("から", "まで", "以降")


def _dates(doc: Doc, found: list[list[DateMention]]) -> list[DateMention]:
    """The document's date phrases (positions; values unresolved), found once per document (``found`` holds them)."""
    if not found:
        found.append(find_dates(doc.text, None))
    return found[0]


def _date_undated_visits(doc: Doc, visits: list[VisitFact], dates: list[list[DateMention]]) -> None:
    """A text's first visit whose sentence gives no day took place on the day its lead gave (news states the day
    once: "X on Tuesday announced …. The minister presented the plan at Y"); a later one, after a dated visit, may be
    another day and stays undated."""
    if not any(v.date_tokens is None for v in visits):
        return
    days = [d for d in _dates(doc, dates) if d.datatype == "date"]
    text = doc.text  # (joined from the tokens at each call: once here)
    dated_before = False
    for visit in sorted(visits, key=lambda v: v.sentence.start):
        in_sentence = visit.date_tokens is not None or any(
            visit.sentence.start_char <= d.begin < visit.sentence.end_char for d in days)
        earlier = [d for d in days if d.end <= visit.sentence.start_char]
        past = [d for d in earlier if not d.text.lower().startswith(FUTURE_DAY_LEADS)
                and not text.startswith(PERIOD_BOUNDS, d.end)]
        if not in_sentence and past and (any(word in visit.sentence.text.lower() for word in SAME_DAY)
                                         or _visited_too(doc, visit)):
            # 同日、Yも訪れた / 「Y」も訪れた: the day last named (not a day ahead: 来年4月1日に開業すると発表した)
            visit.date_tokens = (past[-1].begin, past[-1].end)
        elif not in_sentence and not dated_before and earlier:
            visit.date_tokens = (days[0].begin, days[0].end)
        dated_before = dated_before or in_sentence


def _visited_too(doc: Doc, visit: VisitFact) -> bool:
    """「Y」も訪れた: the place visited "too", on the same trip."""
    i = visit.location.end
    if i < len(doc) and doc[i].text in CLOSING_QUOTES:
        i += 1
    return doc.lang_ == "ja" and i < len(doc) and doc[i].text == "も"


def _joined(person: Span) -> bool:
    """Is a person joined by と / and to the one after them (the subject AのX学長とBのY社長, A and B)?"""
    root = person.root
    return root.dep_ == "conj" or any(c.lower_ in COORDINATORS - {"、", ","} and c.dep_ in {"case", "cc"}
                                      for t in (root, root.head) for c in t.children)


def _nearest_people(matches: Iterable[PatternMatch]) -> list[PatternMatch]:
    """Of matches that differ only in their person (two subjects beside one clause: 山田氏は、佐藤氏が社長に就任すると
    発表した), those whose person is nearest the verb; companions last, once the visits they join are known."""
    matches = list(matches)
    nearest: dict[tuple, int] = {}

    def person_and_key(match: PatternMatch) -> tuple[Token | None, tuple]:
        person = match.tokens.get("holder", match.tokens.get("visitor"))
        anchor = match.tokens.get("verb", person)
        thing = match.tokens.get("title", match.tokens.get("place", anchor))
        return person, (match.relation, anchor.i if anchor is not None else None, thing.i if thing is not None else None)

    for match in matches:
        person, key = person_and_key(match)
        if person is not None and key[1] is not None and person.pos_ != "PRON":  # who is …: the clause's head
            distance = abs(person.i - key[1])
            nearest[key] = min(nearest.get(key, distance), distance)
    kept = [m for m in matches if (p := person_and_key(m))[0] is None or p[1][1] is None or p[1] not in nearest
            or abs(p[0].i - p[1][1]) == nearest[p[1]]]
    return sorted(kept, key=lambda m: m.relation == "accompanied")


def _compound_text(token: Token) -> str:
    """A noun with the compound nouns written right before it (試験|炉 → 試験炉)."""
    start = token.i
    while start > 0 and token.i - start < 3 and token.doc[start - 1].dep_ == "compound" \
            and token.doc[start - 1].head.i == token.i and token.doc[start - 1].pos_ == "NOUN":
        start -= 1
    return token.doc[start:token.i + 1].text


def _previous_root(token: Token) -> Token:
    """The root of the sentence before the token's (the token's own root in a text's first sentence)."""
    sentence = token.sent
    return token.doc[sentence.start - 1].sent.root if sentence.start > 0 else sentence.root


def doc_token(index: _Index, i: int) -> Token:
    return index.doc[i]


def _after(index: _Index, token: Token, sentence: Span, kinds: set[str]) -> list[Span]:
    return [s for s in _unique(index.at(i) for i in range(token.i + 1, sentence.end))
            if s is not None and kind(s) in kinds][:3]


#: Words for where an event is held: visiting it is attending the event.
#: English words for a company apposed to its name (X, a start-up from PLACE).
COMPANY_WORDS = {"startup", "start-up", "company", "firm", "maker", "manufacturer", "producer", "developer",
                 "supplier", "retailer", "brand", "label", "winery", "estate", "cooperative", "group"}
#: Verbs of buying: who something is bought from makes or sells it (ordered trains from X).
PURCHASE_VERBS = {"order", "buy", "purchase", "lease"}
#: Words for a company written between a place and the company's name (a Busan start-up Acme): the company is there.
PLACED_COMPANY_WORDS = COMPANY_WORDS | {"trader", "contractor", "operator", "carmaker", "chipmaker", "lender",
                                         "insurer", "utility", "miner", "exporter", "importer", "up"}
#: Words for the inside or surroundings of a place, written after it (松本市|内, 駅|周辺).
AREA_WORDS = {"内", "市内", "周辺", "近く", "近郊", "一帯"}
#: Name endings of a company's works: where the company is said to do something, its own site.
WORKS_ENDINGS = ("製鉄所", "工場", "製作所", "事業所", "製油所", "発電所", "造船所")
#: Tasks a body is put in charge of (販売はXが担う): doing them, it offers the product the text is about.
SELLING_TASKS = {"販売", "製造", "生産", "販売元"}
CHARGE_VERBS = {"担う", "担当", "手がける", "手掛ける", "請け負う"}
#: Words for a machine's or plant's start at a site (「P」の稼働, 運転, 導入).
STARTED_WORDS = {"稼働", "運転", "運用", "導入", "設置", "本格稼働"}
#: Common nouns for a site, and words for a site's inside: visited alone (施設を視察, 工場内を見学), the site the text is
#: about.
SITE_WORDS = {"施設", "工場", "倉庫", "製鉄所", "発電所", "研究所", "館内", "院内", "場内", "構内", "所内", "施設内"}


def _site_word(token: Token) -> bool:
    """Is a token a word for a site, or 内 after one (工場|内)?"""
    return token.text in SITE_WORDS or (token.text == "内" and token.i > 0
                                        and token.doc[token.i - 1].text in SITE_WORDS)


VENUE_WORDS = {"会場", "展示会場", "venue", "showground", "fairground"}
#: Words that say a product is the company's own best-known one (主力製品の…「Y」, 看板商品の「Y」).
FLAGSHIP_WORDS = {"主力", "看板", "主力製品", "主力商品", "看板商品", "旗艦", "代表作"}

NOT_NAMES = {n.casefold() for n in DEFAULT_NOT_NAMES}

#: Words that say a thing is new (新サービス, 新型ロボット), not which thing it is.
NOVELTY_PREFIXES = {"新", "新型", "新作", "新規"}


def _generic_novelty(phrase: Span) -> bool:
    """新/新型 + common nouns, with no proper noun, Latin letters or digits in them."""
    return len(phrase) > 1 and phrase[0].text in NOVELTY_PREFIXES and all(
        t.pos_ == "NOUN" and not any(c.isascii() and c.isalnum() for c in t.text) for t in phrase[1:])


def _unique(spans: Iterable[Span | None]) -> list[Span]:
    seen: list[Span] = []
    for span in spans:
        if span is not None and span not in seen:
            seen.append(span)
    return seen


__all__ = ["Facts", "RoleFact", "VisitFact", "OfferingFact", "LinkFact", "QuantityFact", "RelationExtractor"]
