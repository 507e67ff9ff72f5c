"""spaCy pipeline components that turn a parsed document into Harbour entities and facts.

They run after the language model (GiNZA for Japanese, en_core_web_sm for English) and are
registered by factory, so a pipeline is configured, not hard-wired:

    nlp.add_pipe("harbour_entities", config={"scheme": "ene"})
    nlp.add_pipe("harbour_relations")

Results live on the Doc: ``doc.spans["harbour_entities"]`` (label = ontology class),
``doc.spans["harbour_titles"]`` and ``doc._.harbour_facts``. Rules here describe how names,
titles and verbs behave in news text in general; none names a particular entity.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import labels as L
from .labels import map_label

ENTITIES = "harbour_entities"
TITLES = "harbour_titles"

if not Doc.has_extension("harbour_facts"):
    Doc.set_extension("harbour_facts", default=None)


@dataclass
class RoleFact:
    holder: Span
    title: Span
    organization: Span | None
    sentence: Span


@dataclass
class VisitFact:
    participants: list[Span]
    location: Span
    sentence: Span
    trigger: str


@dataclass
class OfferingFact:
    organization: Span
    product: Span
    sentence: Span
    trigger: str


@dataclass
class Facts:
    roles: list[RoleFact] = field(default_factory=list)
    visits: list[VisitFact] = field(default_factory=list)
    offerings: list[OfferingFact] = field(default_factory=list)


_KANJI = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff々]+$")
_KATAKANA_NAME = re.compile(r"^[\u30a0-\u30ff]+(?:[・=＝][\u30a0-\u30ff]+)+$")
_LATIN_NAME_TOKEN = re.compile(r"^[A-Z][A-Za-z0-9&.\-]*$")

DEFAULT_HONORIFICS = ["教授", "博士", "氏", "さん", "様", "先生", "君", "ちゃん", "女史", "殿"]
DEFAULT_ORG_SUFFIXES = {
    "GovernmentOrganization": ["政府", "省", "庁", "局", "委員会", "議会", "市役所", "区役所", "県庁", "党", "審議会",
                               "Ministry", "Bureau", "Department", "Council", "Government", "Commission"],
    "Company": ["株式会社", "有限会社", "合同会社", "ホールディングス", "グループ", "銀行", "証券", "商事", "電機", "工業",
                "Inc", "Inc.", "Ltd", "Ltd.", "Limited", "Corp", "Corp.", "Corporation", "Co.", "Holdings", "Group",
                "AI", "Labs", "Technologies", "Technology", "Tech", "Bank"],
    "Organization": ["大学", "協会", "学会", "財団", "連盟", "連合", "組合", "University", "Association", "Foundation",
                     "Federation", "Institute"],
}
DEFAULT_COMPANY_NOUNS = ["企業", "会社", "スタートアップ", "ベンチャー", "メーカー", "社", "company", "start-up", "startup",
                         "firm"]


def _is_name_like(text: str, tags: list[str]) -> bool:
    """Does a short token run look like a person's name (CJK, katakana with ・, or tagged 人名)?"""
    if any("人名" in tag for tag in tags):
        return True
    return bool((_KANJI.match(text) and 2 <= len(text) <= 4) or _KATAKANA_NAME.match(text))


def _class_by_suffix(text: str, current: str, suffixes: dict[str, list[str]]) -> str:
    """An organisation's name says what it is more reliably than the tagger: ...政府, ...株式会社, ...大学."""
    if L.CLASS_KIND.get(current) not in {"organization", "facility", "place", "product"}:
        return current
    for cls, words in suffixes.items():
        for word in words:
            if text.endswith(word) and len(text) > len(word):
                if cls == "Company" and L.CLASS_KIND.get(current) not in {"organization", "product"}:
                    continue  # 工業 in a place name is not a company
                return cls
    return current


@Language.factory(
    "harbour_entities",
    default_config={
        "scheme": "ene",
        "honorifics": DEFAULT_HONORIFICS,
        "org_suffixes": DEFAULT_ORG_SUFFIXES,
        "company_nouns": DEFAULT_COMPANY_NOUNS,
        "max_name_chars": 4,
    },
)
def make_entities(nlp: Language, name: str, scheme: str, honorifics: list[str], org_suffixes: dict[str, list[str]],
                  company_nouns: list[str], max_name_chars: int) -> "EntityRecognizer":
    return EntityRecognizer(scheme, honorifics, org_suffixes, company_nouns, max_name_chars)


class EntityRecognizer:
    """Maps NER labels to ontology classes and repairs the spans the tagger gets wrong.

    Repairs: honorifics split off names; a name right after a title becomes a Person;
    Latin-script company names; suffix-typed organisations; then one class per surface
    form in the document (majority), and every other occurrence of a found name tagged too.
    """

    def __init__(self, scheme: str, honorifics: list[str], org_suffixes: dict[str, list[str]],
                 company_nouns: list[str], max_name_chars: int) -> None:
        self.scheme = scheme
        self.honorifics = set(honorifics)
        self.org_suffixes = org_suffixes
        self.company_nouns = set(company_nouns)
        self.max_name_chars = max_name_chars

    def __call__(self, doc: Doc) -> Doc:
        entities: list[Span] = []
        titles: list[Span] = []
        for ent in doc.ents:
            cls = map_label(ent.label_, self.scheme)
            if cls == L.TITLE:
                self._split_title(doc, ent, entities, titles)
            elif cls == L.PERSON:
                person = self._strip_honorific(doc, ent)
                if person is not None and self._person_plausible(person):
                    entities.append(Span(doc, person.start, person.end, label=L.PERSON))
            elif cls in L.ENTITY_CLASSES:
                entities.append(Span(doc, ent.start, ent.end, label=_class_by_suffix(ent.text, cls, self.org_suffixes)))
        titles.extend(self._english_titles(doc) if self.scheme == "ontonotes" else [])
        entities.extend(self._names_after_titles(doc, titles, entities))
        entities.extend(self._latin_companies(doc))
        entities = [self._extend_person(doc, span) if span.label_ == L.PERSON else span for span in entities]
        entities = filter_spans(entities)
        entities = self._harmonise(doc, entities)
        doc.spans[ENTITIES] = sorted(entities, key=lambda s: s.start)
        doc.spans[TITLES] = filter_spans(titles)
        return doc

    # --- titles and names -------------------------------------------------------------------

    def _split_title(self, doc: Doc, ent: Span, entities: list[Span], titles: list[Span]) -> None:
        """ "局長の孫東教授" arrives as one title span: the name inside it is a Person."""
        if ent[-1].text in self.honorifics and len(ent) > 1:
            name = doc[ent.start:ent.end - 1]
            if _is_name_like(name.text, [t.tag_ for t in name]):
                entities.append(Span(doc, name.start, name.end, label=L.PERSON))
                return
        titles.append(Span(doc, ent.start, ent.end, label=L.TITLE))

    def _strip_honorific(self, doc: Doc, ent: Span) -> Span | None:
        end = ent.end
        while end > ent.start and doc[end - 1].text in self.honorifics:
            end -= 1
        return doc[ent.start:end] if end > ent.start else None

    def _person_plausible(self, span: Span) -> bool:
        """Katakana loanwords ("スマートシティ") get tagged Person; names carry a name tag or a name's shape."""
        if self.scheme != "ene":
            return True
        text = span.text
        if any("固有名詞" in t.tag_ for t in span) or _is_name_like(text, [t.tag_ for t in span]):
            return True
        return bool(re.search(r"[\u3400-\u9fff]", text)) or bool(re.match(r"^[A-Z]", text))

    def _name_run(self, doc: Doc, start: int) -> Span | None:
        """The tokens from ``start`` that read as a name: nouns in one script, at most a few characters."""
        end = start
        chars = 0
        while end < len(doc):
            token = doc[end]
            if token.pos_ not in {"NOUN", "PROPN"} or token.is_punct or token.text in self.honorifics:
                break
            if not (_KANJI.match(token.text) or _KATAKANA_NAME.match(token.text) or _LATIN_NAME_TOKEN.match(token.text)):
                break
            chars += len(token.text)
            end += 1
        if end == start or chars > self.max_name_chars + 4:
            return None
        span = doc[start:end]
        return span if _is_name_like(span.text, [t.tag_ for t in span]) or span.text[:1].isupper() else None

    def _names_after_titles(self, doc: Doc, titles: list[Span], entities: list[Span]) -> list[Span]:
        """A title followed by a name ("行政長官李家超", "主席、陳細明") names a person."""
        found = []
        taken = {i for span in entities for i in range(span.start, span.end) if span.label_ != L.PERSON}
        for title in titles:
            start = title.end + (1 if title.end < len(doc) and doc[title.end].text in {"、", ","} else 0)
            if start in taken or start >= len(doc):
                continue
            run = self._name_run(doc, start)
            if run is not None:
                found.append(Span(doc, run.start, run.end, label=L.PERSON))
        return found

    def _extend_person(self, doc: Doc, span: Span) -> Span:
        """GiNZA often cuts a three-character CJK name after two ("陳細|明"): take back the single kanji."""
        end = span.end
        if (self.scheme == "ene" and end < len(doc) and len(doc[end].text) == 1 and _KANJI.match(doc[end].text)
                and doc[end].pos_ in {"NOUN", "PROPN"} and len(span.text) + 1 <= self.max_name_chars
                and (end + 1 >= len(doc) or doc[end + 1].pos_ in {"ADP", "PUNCT", "AUX", "SCONJ"})):
            return Span(doc, span.start, end + 1, label=span.label_)
        return span

    def _english_titles(self, doc: Doc) -> list[Span]:
        """Capitalised title words right before a PERSON entity ("Chief Executive John Lee")."""
        found = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            start = ent.start
            while start > 0 and doc[start - 1].is_title and doc[start - 1].ent_type_ == "" and doc[start - 1].pos_ in {"PROPN", "NOUN"}:
                start -= 1
            if start < ent.start:
                found.append(Span(doc, start, ent.start, label=L.TITLE))
        return found

    # --- organisations ----------------------------------------------------------------------

    def _latin_companies(self, doc: Doc) -> list[Span]:
        """Latin-script names in Japanese text ("スタートアップ企業Acme Labsが") are organisations."""
        if self.scheme != "ene":
            return []
        found = []
        i = 0
        while i < len(doc):
            if not _LATIN_NAME_TOKEN.match(doc[i].text):
                i += 1
                continue
            j = i
            while j < len(doc) and (_LATIN_NAME_TOKEN.match(doc[j].text) or doc[j].text.isupper()) and doc[j].text.isascii():
                j += 1
            span = doc[i:j]
            before = doc[i - 1].text if i > 0 else ""
            suffixed = span.text.split()[-1] in self.org_suffixes["Company"] and len(span) > 1
            if any(before.endswith(noun) for noun in self.company_nouns) or suffixed:
                found.append(Span(doc, i, j, label=L.COMPANY))
            i = j
        return found

    # --- one class per name per document ------------------------------------------------------

    def _harmonise(self, doc: Doc, entities: list[Span]) -> list[Span]:
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for span in entities:
            votes[span.text][span.label_] += 1
        for ent in doc.ents:  # unmapped tags still vote against a wrong class
            cls = map_label(ent.label_, self.scheme)
            if ent.text in votes and cls in L.ENTITY_CLASSES:
                votes[ent.text][cls] += 0  # keep the key; mapped votes decide
        chosen = {text: counts.most_common(1)[0][0] for text, counts in votes.items()}
        spans = [Span(doc, s.start, s.end, label=chosen[s.text]) for s in entities]
        taken = [False] * (len(doc.text) + 1)
        for s in spans:
            for c in range(s.start_char, s.end_char):
                taken[c] = True
        for text, cls in chosen.items():
            if len(text) < 2:
                continue
            for match in re.finditer(re.escape(text), doc.text):
                b, e = match.span()
                if any(taken[b:e]):
                    continue
                span = doc.char_span(b, e, label=cls, alignment_mode="strict")
                if span is None:
                    continue
                spans.append(span)
                for c in range(b, e):
                    taken[c] = True
        return filter_spans(spans)


# --- relations --------------------------------------------------------------------------------

DEFAULT_VISIT_TRIGGERS = ["訪れる", "訪問", "視察", "見学", "出席", "参加", "訪ねる", "来訪", "visit", "attend", "tour",
                          "inspect"]
DEFAULT_ACCOMPANY_TRIGGERS = ["同行", "随行", "同伴", "accompany"]
DEFAULT_OFFER_TRIGGERS = ["展示", "デモ", "発表", "提供", "開発", "発売", "公開", "披露", "紹介", "出展", "リリース",
                          "show", "showcase", "demonstrate", "unveil", "launch", "release", "develop", "offer",
                          "present"]
DEFAULT_PRODUCT_HEADS = ["製品", "アプリ", "アプリケーション", "チャットボット", "サービス", "ソフトウェア", "ソフト",
                         "プラットフォーム", "ロボット", "システム", "ツール", "モデル", "デバイス", "端末"]


@Language.factory(
    "harbour_relations",
    default_config={
        "visit_triggers": DEFAULT_VISIT_TRIGGERS,
        "accompany_triggers": DEFAULT_ACCOMPANY_TRIGGERS,
        "offer_triggers": DEFAULT_OFFER_TRIGGERS,
        "product_heads": DEFAULT_PRODUCT_HEADS,
    },
)
def make_relations(nlp: Language, name: str, visit_triggers: list[str], accompany_triggers: list[str],
                   offer_triggers: list[str], product_heads: list[str]) -> "RelationExtractor":
    return RelationExtractor(visit_triggers, accompany_triggers, offer_triggers, product_heads)


class RelationExtractor:
    """Roles (title next to a name, organisation before the title), visits with their
    participants and place, and organisations offering products."""

    def __init__(self, visit_triggers: list[str], accompany_triggers: list[str], offer_triggers: list[str],
                 product_heads: list[str]) -> None:
        self.visit_triggers = set(visit_triggers)
        self.accompany_triggers = set(accompany_triggers)
        self.offer_triggers = set(offer_triggers)
        self.product_heads = tuple(product_heads)

    def __call__(self, doc: Doc) -> Doc:
        facts = Facts()
        entities = list(doc.spans[ENTITIES]) if ENTITIES in doc.spans else []
        by_token: dict[int, Span] = {i: s for s in entities for i in range(s.start, s.end)}
        facts.roles = self._roles(doc, by_token)
        new_products: list[Span] = []
        for sentence in doc.sents:
            self._visits(doc, sentence, by_token, facts)
            self._offerings(doc, sentence, by_token, facts, new_products)
        if new_products:
            doc.spans[ENTITIES] = sorted(filter_spans(entities + new_products), key=lambda s: s.start)
        doc._.harbour_facts = facts
        return doc

    def _roles(self, doc: Doc, by_token: dict[int, Span]) -> list[RoleFact]:
        roles = []
        for title in doc.spans.get(TITLES, []):
            holder = by_token.get(title.end) or (by_token.get(title.end + 1) if title.end < len(doc) and doc[title.end].text in {"、", ","} else None)
            if holder is None or holder.label_ != L.PERSON:
                continue
            organization = None
            before = title.start - 1
            if before >= 0 and doc[before].text in {"の", "of"}:
                before -= 1
            candidate = by_token.get(before)
            if candidate is not None and L.CLASS_KIND[candidate.label_] in {"organization", "facility", "place"}:
                organization = candidate
            roles.append(RoleFact(holder, title, organization, title.sent))
        return roles

    def _trigger_tokens(self, sentence: Span, triggers: set[str]) -> list:
        return [t for t in sentence if t.lemma_ in triggers or t.text in triggers or t.lemma_.lower() in triggers]

    def _visits(self, doc: Doc, sentence: Span, by_token: dict[int, Span], facts: Facts) -> None:
        for verb in self._trigger_tokens(sentence, self.accompany_triggers):
            people = _unique(s for i in range(sentence.start, sentence.end)
                             if (s := by_token.get(i)) is not None and s.label_ == L.PERSON)
            if facts.visits and people:
                facts.visits[-1].participants.extend(p for p in people if p not in facts.visits[-1].participants)
        for verb in self._trigger_tokens(sentence, self.visit_triggers):
            participants = [s for s in self._arguments(verb, by_token, {"nsubj", "nsubj:pass"}) if s.label_ == L.PERSON]
            if not participants:
                participants = [s for i in range(sentence.start, verb.i)
                                if (s := by_token.get(i)) is not None and s.label_ == L.PERSON and s.start == i][:1]
            locations = [s for s in self._arguments(verb, by_token, {"obj", "obl", "dobj", "pobj", "iobj"})
                         if L.CLASS_KIND[s.label_] in {"place", "facility", "organization", "event"}]
            if participants and locations:
                facts.visits.append(VisitFact(list(participants), locations[0], sentence, verb.lemma_))

    def _arguments(self, verb, by_token: dict[int, Span], deps: set[str]) -> list[Span]:
        found = []
        for child in verb.children:
            if child.dep_ in deps or (child.dep_ == "prep" and "pobj" in deps):
                target = child if child.dep_ != "prep" else next((c for c in child.children if c.dep_ == "pobj"), child)
                span = by_token.get(target.i)
                if span is not None and span not in found:
                    found.append(span)
        return found

    def _offerings(self, doc: Doc, sentence: Span, by_token: dict[int, Span], facts: Facts,
                   new_products: list[Span]) -> None:
        for verb in self._trigger_tokens(sentence, self.offer_triggers):
            obj_marker = verb.i - 1
            while obj_marker > sentence.start and doc[obj_marker].text != "を" and doc[obj_marker].pos_ in {"AUX", "NOUN", "VERB"}:
                obj_marker -= 1
            product = self._product_before(doc, obj_marker, sentence, by_token) if doc[obj_marker].text == "を" else None
            if product is None:
                product = next((s for s in self._arguments(verb, by_token, {"obj", "dobj"}) if s.label_ in {L.PRODUCT, L.CREATIVE_WORK}), None)
            if product is None:
                continue
            organization = self._subject_before(doc, product.start, sentence, by_token)
            if organization is None:
                organization = next((s for s in self._arguments(verb, by_token, {"nsubj"})
                                     if L.CLASS_KIND[s.label_] == "organization"), None)
            if organization is None:
                continue
            if product.start not in by_token:
                new_products.append(product)
                for i in range(product.start, product.end):
                    by_token[i] = product
            facts.offerings.append(OfferingFact(organization, product, sentence, verb.lemma_))

    def _product_before(self, doc: Doc, marker: int, sentence: Span, by_token: dict[int, Span]) -> Span | None:
        """The noun compound before を, when it is a named product or ends in a product word."""
        known = by_token.get(marker - 1)
        if known is not None and known.label_ in {L.PRODUCT, L.CREATIVE_WORK}:
            return known
        start = marker
        while start > sentence.start and doc[start - 1].pos_ in {"NOUN", "PROPN"} and doc[start - 1].i not in by_token:
            start -= 1
        compound = doc[start:marker]
        if len(compound) and compound.text.endswith(self.product_heads) and len(compound) > 1:
            return Span(doc, start, marker, label=L.PRODUCT)
        return None

    def _subject_before(self, doc: Doc, end: int, sentence: Span, by_token: dict[int, Span]) -> Span | None:
        """The organisation marked by が/は nearest before the product, within the clause."""
        i = end - 1
        while i > sentence.start:
            if doc[i].text in {"が", "は"} and (span := by_token.get(i - 1)) is not None:
                return span if L.CLASS_KIND[span.label_] == "organization" else None
            if doc[i].pos_ == "VERB" and doc[i].text not in self.offer_triggers:
                return None
            i -= 1
        return None


def _unique(spans) -> list[Span]:
    seen: list[Span] = []
    for span in spans:
        if span not in seen:
            seen.append(span)
    return seen
