"""Job titles and honorifics: where a title is written next to a name, that name is a person holding it.

Japanese writes the title before the name (行政長官山田太郎, 社長、佐藤花子), after it (山田太郎社長) or joined by の
(局長の山田教授); English before it (Chief Executive Officer Jane Doe), or as an apposition (Acme's president,
Jane Doe). A title may carry its organisation inside (工業局長 = head of 工業局; 産業通商資源部長官).

The lists are configuration (component config ``titles``); none names a particular person or organisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from .text import is_person_name_token

#: Japanese title words: a compound ending in one of these is a title (外務大臣, 代表取締役社長, デジタル政策委員).
JA_TITLE_WORDS = [
    "代表取締役社長", "代表取締役会長", "代表取締役", "取締役", "社長", "副社長", "会長", "副会長", "専務", "常務",
    "執行役員", "最高経営責任者", "最高技術責任者", "最高財務責任者", "最高執行責任者", "CEO", "CTO", "CFO", "COO",
    "創業者", "共同創業者", "頭取", "理事長", "理事", "会頭", "総裁", "副総裁", "部長", "局長", "課長", "室長", "所長",
    "院長", "本部長", "支店長", "工場長", "センター長", "学長", "総長", "校長", "教授", "准教授", "研究員", "首相",
    "総理大臣", "大臣", "副大臣", "政務官", "長官", "次官", "審議官", "参事官", "大使", "公使", "領事", "総領事",
    "知事", "副知事", "市長", "副市長", "町長", "村長", "区長", "議長", "副議長", "議員", "委員長", "委員", "主席",
    "副主席", "大統領", "副大統領", "外相", "財務相", "防衛相", "経産相", "幹事長", "事務局長", "代表", "監督",
    "書記長", "報道官", "アナリスト", "エコノミスト", "皇帝", "国王", "女王", "天皇", "将軍", "組合長", "館長", "園長",
    "病院長", "会長代行", "社長代行", "署長", "駅長", "船長", "機長", "団長", "座長", "管理者",
]
#: A bare 長 after one of these is the head of that unit (工業局長 → 局長 of 工業局).
JA_UNIT_SUFFIXES = ["局", "部", "課", "室", "省", "庁", "所", "院", "署", "センター", "本部", "支店", "工場"]
#: Honorifics written after a name; they are not part of it.
HONORIFICS = ["教授", "博士", "氏", "さん", "様", "先生", "君", "ちゃん", "女史", "殿", "夫人"]
#: English title words: a run of these (with "of/for + Name") is a title.
EN_TITLE_HEADS = [
    "president", "chairman", "chairwoman", "chair", "chairperson", "ceo", "cto", "cfo", "coo", "cio", "founder",
    "co-founder", "cofounder", "director", "director-general", "minister", "secretary", "governor", "mayor",
    "commissioner", "ambassador", "spokesperson", "spokesman", "spokeswoman", "chancellor", "professor", "senator",
    "officer", "executive", "head", "premier", "treasurer", "dean", "administrator", "superintendent", "manager",
    "analyst", "economist", "councillor", "councilor", "lawmaker", "leader", "envoy", "consul",
]
EN_TITLE_MODIFIERS = [
    "chief", "deputy", "vice", "general", "permanent", "prime", "managing", "senior", "principal", "executive",
    "assistant", "associate", "acting", "interim", "technology", "technical", "financial", "operating", "information",
    "foreign", "finance", "defence", "defense", "trade", "under", "under-secretary", "joint", "former", "state",
    "non-executive", "independent", "co", "creative", "artistic", "medical", "scientific",
]
#: Portfolios written before a minister's or secretary's title (Health Minister, Natural Resources and Tourism
#: Minister, Cabinet Secretary): part of the title, whatever the tagger made of them.
EN_TITLE_FIELDS = [
    "health", "education", "transport", "energy", "tourism", "agriculture", "environment", "interior", "justice",
    "labour", "labor", "industry", "science", "culture", "housing", "infrastructure", "mining", "mines", "fisheries",
    "digital", "economy", "economic", "home", "natural", "resources", "water", "sport", "sports", "communications",
    "security", "immigration", "planning", "innovation", "development", "family", "social", "welfare", "youth",
    "lands", "forestry", "commerce", "investment", "aviation", "maritime", "climate", "cabinet", "technology",
    "information", "public", "works", "affairs", "internal", "external", "local", "government", "urban", "regional",
    "rural", "employment", "wildlife", "heritage", "arts", "food", "power", "petroleum", "oil", "gas",
    "trade", "finance", "foreign", "defence", "defense", "treasury",
]
EN_HONORIFICS = ["Dr", "Dr.", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Prof", "Prof.", "Sir", "Dame", "Madam"]

TITLE = "TITLE"


@dataclass(frozen=True)
class TitleLexicon:
    ja_words: tuple[str, ...]
    ja_units: tuple[str, ...]
    en_heads: frozenset[str]
    en_modifiers: frozenset[str]
    en_portfolio_heads: frozenset[str] = frozenset({"minister", "secretary", "commissioner", "undersecretary",
                                                    "under-secretary", "spokesperson", "director", "ambassador"})
    en_fields: frozenset[str] = frozenset(EN_TITLE_FIELDS)

    @classmethod
    def from_config(cls, config: dict[str, list[str]]) -> "TitleLexicon":
        return cls(tuple(sorted(config.get("ja", JA_TITLE_WORDS), key=len, reverse=True)),
                   tuple(config.get("ja_units", JA_UNIT_SUFFIXES)),
                   frozenset(w.lower() for w in config.get("en_heads", EN_TITLE_HEADS)),
                   frozenset(w.lower() for w in config.get("en_modifiers", EN_TITLE_MODIFIERS)),
                   en_fields=frozenset(w.lower() for w in config.get("en_fields", EN_TITLE_FIELDS)))

    # --- Japanese --------------------------------------------------------------------------------------

    def ja_title_end(self, text: str) -> str | None:
        """The title word a Japanese compound ends with, if any."""
        if not text.endswith(self.ja_words):  # one C-level test first: most words end in no title
            return None
        return next(w for w in self.ja_words if text.endswith(w))

    def ja_titles(self, doc: Doc, people: set[int], ene_titles: Iterable[Span]) -> list[Span]:
        """Noun compounds ending in a title word, and GiNZA's Position_Vocation spans; never over a person."""
        found: list[Span] = []
        for span in ene_titles:
            tokens = [t.i for t in span if t.i not in people and not is_person_name_token(t)]
            if tokens and tokens == list(range(tokens[0], tokens[-1] + 1)):
                found.append(doc[tokens[0]:tokens[-1] + 1])
        people = {i for i in people if not self.ja_title_end(doc[i].text) or is_person_name_token(doc[i])}
        i = 0
        while i < len(doc):
            token = doc[i]
            if token.pos_ not in {"NOUN", "PROPN"} or i in people:
                i += 1
                continue
            end = i
            while end < len(doc) and doc[end].pos_ in {"NOUN", "PROPN"} and end not in people \
                    and not is_person_name_token(doc[end]):
                end += 1
            for stop in range(end, i, -1):  # the longest prefix of the compound that ends in a title
                text = doc[i:stop].text
                if self.ja_title_end(text) or self._unit_head(doc, i, stop):
                    found.append(self._ja_title_start(doc, i, stop))
                    break
            i = max(end, i + 1)
        return _merge_overlapping(doc, found)

    def _unit_head(self, doc: Doc, start: int, stop: int) -> bool:
        """A compound ending in a bare 長 right after a unit word (…局 長)."""
        return (stop - start >= 2 and doc[stop - 1].text == "長"
                and doc[start:stop - 1].text.endswith(self.ja_units))

    def _ja_title_start(self, doc: Doc, start: int, stop: int) -> Span:
        """Titles are short: a compound of many nouns is a description plus a title; keep at most the last
        three tokens unless they are all one organisation's name (handled by the caller)."""
        return doc[max(start, stop - 6):stop]

    # --- English ---------------------------------------------------------------------------------------

    def en_titles(self, doc: Doc, named: set[int]) -> list[Span]:
        """Runs of title words, with "of/for Name" and capitalised modifiers ("Science Minister")."""
        found = []
        i = 0
        words = self._en_word_ids
        for first in [n for n, word in enumerate(doc.to_array(LOWER).tolist()) if word in words]:
            if first < i:
                continue
            i = first  # a title word (read from the Doc's array: no Token object for the other words)
            if not self._en_title_token(doc[i]) or i in named:
                continue
            start, end = i, i
            while end < len(doc):
                token = doc[end]
                if self._en_title_token(token) and end not in named:
                    end += 1
                elif token.lower_ in {"and", "&"} and end + 1 < len(doc) and self._en_head(doc[end + 1]):
                    end += 1
                elif token.text == "-" and end + 1 < len(doc) and self._en_title_token(doc[end + 1]):
                    end += 1  # director-general
                elif token.lower_ in {"of", "for"} and end + 1 < len(doc) and doc[end + 1].is_title \
                        and doc[end - 1].lower_ in self.en_portfolio_heads:
                    end += 1  # Minister of Digital Transformation: the portfolio, whatever the tagger made of it
                    portfolio = end
                    while end < len(doc) and ((doc[end].is_title or (  # (not "… and a delegation")
                            doc[end].lower_ == "and" and end + 1 < len(doc) and doc[end + 1].is_title))
                            and doc[end].pos_ in {"PROPN", "NOUN", "CCONJ", "ADJ"} and doc[end].ent_type_ != "PERSON"
                            or _listed_field(doc, end)):
                        end += 1
                    end = self._en_portfolio_end(doc, portfolio, end)
                    break
                elif token.lower_ in {"of", "for"} and end + 1 < len(doc) and doc[end + 1].is_title \
                        and end + 1 not in named:
                    end += 1
                    while end < len(doc) and (doc[end].is_title or doc[end].lower_ == "and") and end not in named \
                            and doc[end].pos_ in {"PROPN", "NOUN", "CCONJ"}:
                        end += 1
                    break
                else:
                    break
            while end > start and not self._en_head(doc[end - 1]) and doc[end - 1].lower_ not in {"of", "for"} \
                    and not any(self._en_head(t) for t in doc[start:end]):
                end -= 1
            if not any(self._en_head(t) for t in doc[start:end]):
                i = end + 1
                continue  # (the next title word after this run)
            # a capitalised common noun right before a title word is its field ("Science Minister")
            while start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ in {"PROPN", "NOUN"} \
                    and start - 1 not in named and doc[start - 1].ent_type_ in {"", "ORG"} \
                    and doc[start - 1].i != doc[start - 1].sent.start and doc[start].is_title:
                if doc[start - 1].ent_type_ == "ORG":
                    break
                start -= 1
            if any(t.lower_ in self.en_portfolio_heads for t in doc[start:end]):
                start = self._en_portfolio_start(doc, start)
            found.append(doc[start:end])
            i = end
        return found

    def _en_portfolio_start(self, doc: Doc, start: int) -> int:
        """Where the portfolio before a minister's title begins (Ghana's Health Minister; Natural Resources and
        Tourism Minister; Kenya's Cabinet Secretary): capitalised field words, joined by "and", even where the tagger
        took them for an organisation."""
        def field(i: int) -> bool:
            return i >= 0 and doc[i].is_title and doc[i].lower_ in self.en_fields

        while True:
            if field(start - 1):
                start -= 1
            elif start > 1 and doc[start - 1].lower_ in {"and", "&"} and field(start - 2):
                start -= 2
            else:
                return start

    def _en_portfolio_end(self, doc: Doc, start: int, end: int) -> int:
        """Deputy Minister of Transport Jane Doe: a portfolio written right before its holder's name (no comma) ends
        at its last field word, when two or more words that are no field words follow it (the name), or one that
        the tagger's person name goes on from."""
        if end < len(doc) and doc[end].text == ",":
            return end
        last_field = max((i for i in range(start, end) if doc[i].lower_ in self.en_fields), default=None)
        name_follows = end < len(doc) and doc[end].ent_type_ == "PERSON" and doc[end].is_title  # (the tagger's)
        if last_field is None or end - last_field - 1 < (1 if name_follows else 2) \
                or any(doc[i].lower_ in {"and", "&"} for i in range(last_field + 1, end)):
            return end
        return last_field + 1

    @cached_property
    def _en_word_ids(self) -> frozenset[int]:
        """The string ids of the English title words (heads and modifiers), computed once."""
        return frozenset(get_string_id(w) for w in self.en_heads | self.en_modifiers)

    def _en_head(self, token: Token) -> bool:
        return token.lower_ in self.en_heads

    def _en_title_token(self, token: Token) -> bool:
        return (token.lower_ in self.en_heads or token.lower_ in self.en_modifiers) and token.pos_ in {
            "NOUN", "PROPN", "ADJ", "VERB"}


def _listed_field(doc: Doc, i: int) -> bool:
    """Minister for Industry, Business and Financial Affairs: a comma between fields that "and" ends."""
    return doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].is_title and doc[i + 1].ent_type_ != "PERSON" \
        and any(t.lower_ == "and" for t in doc[i + 2:i + 5]) and not any(t.text == "," for t in doc[i + 2:i + 4])


def _merge_overlapping(doc: Doc, spans: list[Span]) -> list[Span]:
    spans = sorted(spans, key=lambda s: (s.start, -len(s)))
    merged: list[Span] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            if span.end > merged[-1].end:
                merged[-1] = doc[merged[-1].start:span.end]
            continue
        merged.append(span)
    return [Span(doc, s.start, s.end, label=TITLE) for s in merged]


def strip_honorifics(span: Span, honorifics: Iterable[str]) -> Span | None:
    """A person span without honorifics before (Dr, Mr) or after (氏, 教授)."""
    words = set(honorifics)
    start, end = span.start, span.end
    doc = span.doc
    while end > start and (doc[end - 1].text in words or doc[end - 1].text.rstrip(".") in words):
        end -= 1
    while start < end and (doc[start].text in words or doc[start].text.rstrip(".") in words):
        start += 1
    return doc[start:end] if end > start else None
