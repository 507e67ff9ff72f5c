"""Part-of and located-in shapes that news writes with brackets, appositions and name prefixes, read off the order
of words (``harbour_relations`` calls these beside its own X の Y rules):

- ORG(PLACE) / ORG（本社・PREFECTURE CITY、…）: the company is in the most specific place of the bracket;
  Y(Xの子会社): Y is part of X;
- PLACE の DESCRIPTION、ORG (台湾の飲料大手、X; 米国の新興企業X): the organisation is in the place;
- ORGの子会社、Y / ORGの子会社Y: Y is part of ORG;
- [PLACE]子会社の Y / 傘下の Y with no owner written: Y is part of the sentence's topic (ZはPLACE子会社のYを通じて…),
  and in PLACE when one is written before the unit word;
- a government body named after a place or body the text names (X県議会 after X県, X市教育委員会 after X市);
- 米X社 (a one-character country prefix) in the country the text names (米国);
- X at ORG for a unit (the Robotics Lab at X University), ORG of PLACE (Acme Corp of Nagoya).

Word lists are configuration with defaults here; no rule names an entity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Span

from . import labels as L

#: Words that may open a bracket before its place: ORG(本社・大阪市), ORG (headquarters: Osaka).
DEFAULT_BRACKET_LEADS = ["本社", "本部", "本店", "所在地", "拠点", "headquarters", "based"]
#: Words for a unit of an organisation, written right before the name of the unit (子会社のY, 研究所のY).
DEFAULT_JA_UNIT_WORDS = ["子会社", "傘下", "関連会社", "グループ会社", "現地法人", "法人", "系列", "完全子会社"]
#: Head words of a unit's English name: the X Lab at Y is part of Y.
DEFAULT_EN_UNIT_HEADS = ["lab", "labs", "laboratory", "laboratories", "centre", "center", "institute", "school",
                         "faculty", "department", "college", "hospital", "campus", "clinic", "observatory", "unit",
                         "division", "program", "programme", "museum", "library", "plant", "factory", "works",
                         "hub"]
#: One-character country prefixes of Japanese news (米X社: the American company X), with the names they stand for.
DEFAULT_COUNTRY_PREFIXES: dict[str, list[str]] = {
    "米": ["米国", "アメリカ", "アメリカ合衆国"], "英": ["英国", "イギリス"], "独": ["ドイツ"], "仏": ["フランス"],
    "中": ["中国"], "韓": ["韓国"], "台": ["台湾"], "豪": ["オーストラリア", "豪州"], "加": ["カナダ"], "伊": ["イタリア"],
    "露": ["ロシア"], "印": ["インド"], "蘭": ["オランダ"], "星": ["シンガポール"], "比": ["フィリピン"], "越": ["ベトナム"],
}
#: Words in a government body's name, after its place, that make it a part of that place's government.
DEFAULT_BODY_WORDS = ["議会", "庁", "警", "委員会", "局", "部", "課", "council", "assembly", "legislature", "department",
                      "police", "board", "office", "agency", "authority", "ministry", "court"]
#: Words after a place's name that make the name its government as a whole, not a part of it (X政府).
#: Adjectives of nationality and their countries (Danish audio company X: X is in Denmark, when the text names it).
DEFAULT_DEMONYMS: dict[str, list[str]] = {
    "american": ["United States", "US", "U.S.", "America"], "british": ["United Kingdom", "UK", "Britain"],
    "canadian": ["Canada"], "chinese": ["China"], "danish": ["Denmark"], "dutch": ["Netherlands"],
    "finnish": ["Finland"], "french": ["France"], "german": ["Germany"], "indian": ["India"],
    "indonesian": ["Indonesia"], "irish": ["Ireland"], "israeli": ["Israel"], "italian": ["Italy"],
    "japanese": ["Japan"], "korean": ["South Korea", "Korea"], "south korean": ["South Korea", "Korea"],
    "malaysian": ["Malaysia"], "mexican": ["Mexico"], "norwegian": ["Norway"], "polish": ["Poland"],
    "portuguese": ["Portugal"], "singaporean": ["Singapore"], "spanish": ["Spain"], "swedish": ["Sweden"],
    "swiss": ["Switzerland"], "taiwanese": ["Taiwan"], "thai": ["Thailand"], "vietnamese": ["Vietnam"],
    "australian": ["Australia"], "brazilian": ["Brazil"], "chilean": ["Chile"], "austrian": ["Austria"],
    "belgian": ["Belgium"], "turkish": ["Turkey", "Türkiye"], "saudi": ["Saudi Arabia"], "emirati": ["UAE"],
}
#: Parts of a country or region (同国東部, 同県北部).
DEFAULT_REGION_WORDS = ["東部", "西部", "南部", "北部", "中部", "北東部", "北西部", "南東部", "南西部", "中央部", "沿岸部", "内陸部",
                        "中心部", "郊外"]
DEFAULT_WHOLE_GOVERNMENT = ["政府", "当局", "government", "administration", "authorities"]

OPENING = {"(", "（"}
CLOSING = {")", "）"}
SEPARATORS = {"・", ":", "：", "、", ",", "/"}

Link = Callable[[str, "Span | None", "Span | None"], None]


def kind(span: Span | None) -> str | None:
    return L.CLASS_KIND.get(span.label_) if span is not None else None


ORG_KINDS = {"organization"}
ORG_OR_SITE = {"organization", "facility"}
PLACE_KINDS = {"place"}


class ContainmentRules:
    """The rules of this module, with their word lists."""

    def __init__(self, bracket_leads: Iterable[str] = DEFAULT_BRACKET_LEADS,
                 ja_unit_words: Iterable[str] = DEFAULT_JA_UNIT_WORDS,
                 en_unit_heads: Iterable[str] = DEFAULT_EN_UNIT_HEADS,
                 whole_government: Iterable[str] = DEFAULT_WHOLE_GOVERNMENT,
                 country_prefixes: dict[str, list[str]] | None = None,
                 body_words: Iterable[str] = DEFAULT_BODY_WORDS,
                 region_words: Iterable[str] = DEFAULT_REGION_WORDS,
                 demonyms: dict[str, list[str]] | None = None) -> None:
        self.region_words = set(region_words)
        self.demonyms = {k: set(v) for k, v in (demonyms if demonyms is not None else DEFAULT_DEMONYMS).items()}
        self.bracket_leads = {w.lower() for w in bracket_leads}
        self.ja_unit_words = set(ja_unit_words)
        self.en_unit_heads = {w.lower() for w in en_unit_heads}
        self.whole_government = {w.lower() for w in whole_government}
        self.body_words = {w.lower() for w in body_words}
        self.country_prefixes = {k: set(v) for k, v in (country_prefixes if country_prefixes is not None
                                                        else DEFAULT_COUNTRY_PREFIXES).items()}

    # --- brackets --------------------------------------------------------------------------------------------

    def bracketed_place(self, index, opening: int, sentence: Span, link: Link) -> None:
        """ORG(PLACE) / ORG(本社・PREFECTURE CITY、代表…): the organisation or site is in the bracket's last place of
        its first run of places."""
        doc = index.doc
        owner = index.at(opening - 1) if opening > sentence.start else None
        if owner is None or owner.end != opening or kind(owner) not in ORG_OR_SITE:
            return
        i = opening + 1
        if i < sentence.end and doc[i].lower_ in self.bracket_leads:
            i += 1
            while i < sentence.end and doc[i].text in SEPARATORS:
                i += 1
        places = []
        while i < sentence.end and (place := index.at(i)) is not None and kind(place) in PLACE_KINDS \
                and place.start == i:
            places.append(place)
            i = place.end
            if i < sentence.end and doc[i].text == "・" and index.at(i + 1) is not None:
                i += 1  # 東京・大手町
        if places and i < sentence.end and (doc[i].text in CLOSING or doc[i].text in SEPARATORS):
            link("locatedIn", owner, places[-1])
        whole = index.at(opening + 1)  # Y(Xの子会社): Y is part of X
        if not places and whole is not None and whole.start == opening + 1 and kind(whole) in ORG_KINDS \
                and whole.end + 2 < sentence.end and doc[whole.end].text == "の" \
                and doc[whole.end + 1].text in self.ja_unit_words and doc[whole.end + 2].text in CLOSING:
            link("partOf", owner, whole)

    # --- PLACE の description、ORG ---------------------------------------------------------------------------

    def place_described(self, index, no: int, sentence: Span, link: Link) -> None:
        """PLACE の 飲料大手、ORG / PLACE の 新興企業 ORG: what the description names is in the place."""
        doc = index.doc
        place = index.at(no - 1)
        if place is None or kind(place) not in PLACE_KINDS or place.end != no:
            return
        j = no + 1
        while j < sentence.end and j - no <= 4 and doc[j].pos_ in {"NOUN"} and index.at(j) is None \
                and doc[j].text not in self.ja_unit_words:
            j += 1
        if j == no + 1 or j >= sentence.end:
            return
        if doc[j].text == "、":
            j += 1
        named = index.at(j) if j < sentence.end else None
        if named is not None and named.start == j and kind(named) in ORG_KINDS:
            link("locatedIn", named, place)

    def unit_after_owner(self, index, no: int, sentence: Span, link: Link) -> None:
        """ORGの子会社、Y / ORGの子会社Y: Y is part of ORG."""
        doc = index.doc
        owner = index.at(no - 1) if no > sentence.start else None
        j = no + 1
        if owner is None or owner.end != no or kind(owner) not in ORG_KINDS or j >= sentence.end \
                or doc[j].text not in self.ja_unit_words:
            return
        j += 1
        if j < sentence.end and doc[j].text == "、":
            j += 1
        unit = index.at(j) if j < sentence.end else None
        if unit is not None and unit.start == j and kind(unit) in ORG_OR_SITE:
            link("partOf", unit, owner)

    def place_in_region(self, index, no: int, sentence: Span, link: Link, antecedent) -> None:
        """PLACE東部のX / 同国南部のX県 / 同県北部のX市: a place in a part of a place is in that place."""
        doc = index.doc
        if no - 2 < sentence.start or doc[no - 1].text not in self.region_words:
            return
        part = index.at(no + 1) if no + 1 < sentence.end else None
        if part is None or part.start != no + 1 or kind(part) not in PLACE_KINDS | {"facility", "organization"}:
            return
        whole = index.at(no - 2) or antecedent(index, doc[no - 2])
        region = index.at(no - 1)  # フランス南部 or 東部 tagged as a name: the place is the one before the region
        if whole is None and region is not None and region.end == no and region.text.endswith(doc[no - 1].text):
            whole = index.at(region.start - 1) if region.start == no - 1 else region
        if whole is not None and kind(whole) in PLACE_KINDS:
            link("locatedIn", part, whole)

    # --- [PLACE]子会社の Y ------------------------------------------------------------------------------------

    def unit_of_topic(self, index, no: int, sentence: Span, link: Link, antecedent) -> None:
        """ZはPLACE子会社のYを通じて… / 同社の子会社のY: Y is part of Z (and in PLACE)."""
        doc = index.doc
        if no < sentence.start + 1 or doc[no - 1].text not in self.ja_unit_words:
            return
        unit = index.at(no + 1)
        if unit is None or unit.start != no + 1 or kind(unit) not in ORG_OR_SITE or unit.label_ == L.PERSON:
            return
        before = index.at(no - 2) if no - 2 >= sentence.start else None
        if before is not None and kind(before) in ORG_KINDS:
            return  # ORG子会社のY: the rule of relations.py
        start = no - 1
        if before is not None and kind(before) in PLACE_KINDS and before.end == no - 1:
            link("locatedIn", unit, before)
            start = before.start
        written = index.at(start - 2) if start - 2 >= sentence.start and doc[start - 1].text == "の" else None
        if written is not None:  # B社の米国子会社のC: B's, not the topic's
            link("partOf", unit, written if kind(written) in ORG_KINDS else None)
            return
        owner = next((s for s in (index.at(t.i - 1) or antecedent(index, doc[t.i - 1])
                                  for t in sentence if t.text == "は" and sentence.start < t.i < no)
                      if s is not None and kind(s) in ORG_KINDS), None)
        if owner is not None and not any(kind(s) in ORG_KINDS for s in index.in_sentence(sentence)
                                         if owner.end <= s.start and s.end <= start):
            link("partOf", unit, owner)  # no other organisation between the topic and the unit

    # --- a body named after a place or body ------------------------------------------------------------------

    def prefixed_bodies(self, index, sentence: Span, link: Link) -> None:
        """X県議会 / X市教育委員会 / Texas Department of Transportation: a government body whose name starts with
        the name of a place or body the text names is part of it (not X政府 / X当局: the place's government itself)."""
        bodies = [s for s in index.in_sentence(sentence) if s.label_ == L.GOVERNMENT]
        if not bodies:
            return
        wholes = {s.text: s for s in index.spans if kind(s) in PLACE_KINDS or s.label_ == L.GOVERNMENT}
        for body in bodies:
            whole = next((w for name, w in wholes.items() if body.text.startswith(name) and len(body.text) > len(name) + 1
                          and (body.text[len(name)] == " " or not name.isascii())
                          and self.names_a_part(body.text[len(name):].lower())
                          and not (name.isascii() and kind(w) in PLACE_KINDS)), None)
            # (round 9: the X City Council, the X Wildlife Agency are no parts of the place X in the English gold's
            # convention, unlike X県議会 of X県)
            ministry = index.at(body.start - 1) if body.start > 0 else None
            if whole is not None and kind(whole) in PLACE_KINDS and ministry is not None \
                    and ministry.label_ == L.GOVERNMENT and ministry.text.endswith(("省", "庁")):
                continue  # 国土交通省|北海道開発局: a ministry's bureau named after the region it serves, not the region's
            link("partOf", body, whole)

    def names_a_part(self, rest: str) -> bool:
        """Is the rest of a body's name, after its place, a word for a part of a government (議会, 警察, 局,
        Department of …), not for the government itself (政府) or another body (人民銀行)?"""
        return any(word in rest for word in self.body_words) and not any(word in rest for word in self.whole_government)

    def country_prefixed(self, index, sentence: Span, link: Link) -> None:
        """米X社 / 米X州: an organisation or region written after a one-character country prefix is in that country,
        when the text names the country (米国, アメリカ)."""
        doc = index.doc
        for span in index.in_sentence(sentence):
            before = span.start - 1
            if kind(span) not in ORG_KINDS | PLACE_KINDS or span.label_ == L.COUNTRY:
                continue
            if span.text[:1] in self.country_prefixes and len(span) > 1 and doc[span.start].text in self.country_prefixes:
                prefix = span.text[:1]  # the prefix kept inside the name (米|カリフォルニア州 as one entity)
            elif before < sentence.start or doc[before].text not in self.country_prefixes or index.at(before) is not None \
                    or (before > sentence.start and doc[before - 1].pos_ == "NOUN"
                        and doc[before - 1].text not in self.ja_unit_words):
                continue
            else:
                prefix = doc[before].text
            names = self.country_prefixes[prefix]
            country = next((s for s in index.spans if kind(s) in PLACE_KINDS and s.text in names), None)
            link("locatedIn", span, country)

    def named_after_owner(self, index, sentence: Span, link: Link) -> None:
        """加賀理工大学白山キャンパス after 加賀理工大学 / the Hanbit Austin Lab after Hanbit Semiconductor, which the text
        also calls Hanbit: a site whose name starts with an organisation's name (in English, with a short name the
        text uses for it, and ending with a word for a unit) is that organisation's."""
        sites = [s for s in index.in_sentence(sentence) if kind(s) == "facility"]
        if not sites:
            return
        places = {s.text for s in index.spans if kind(s) in PLACE_KINDS}
        owners = {s.text: s for s in index.spans if kind(s) in ORG_KINDS and s.label_ != L.GOVERNMENT}
        for site in sites:
            words = site.text.split()
            owner = next((o for name, o in owners.items() if site.text.startswith(name) and len(site.text) > len(name)
                          and (not name.isascii() or site.text[len(name)] == " ")), None)
            if owner is None and len(words) > 2 and words[-1].lower() in self.en_unit_heads and words[0] not in places:
                owner = owners.get(words[0])  # Hanbit Austin Lab, when the text also calls Hanbit X just Hanbit
            link("partOf", site, owner)

    # --- English ---------------------------------------------------------------------------------------------

    def nationality_described(self, index, sentence: Span, link: Link) -> None:
        """Danish audio company X / German carmaker X / X, a Norwegian start-up: a company described by a nationality
        is in that country, when the text names the country."""
        doc = index.doc
        for company in index.in_sentence(sentence):
            if company.label_ != L.COMPANY:
                continue
            i = company.start - 1
            while i >= sentence.start and company.start - i <= 4 and doc[i].dep_ in {"amod", "compound"} \
                    and doc[i].pos_ in {"ADJ", "NOUN", "PROPN"} and index.at(i) is None:
                names = self.demonyms.get(doc[i].lower_)
                if names:
                    link("locatedIn", company, next((s for s in index.spans if kind(s) in PLACE_KINDS
                                                     and s.text in names), None))
                    break
                i -= 1
            if company.end + 2 < sentence.end and doc[company.end].text == ",":  # X, a Norwegian start-up
                start = company.end + 1
                j = start + 1 if doc[start].lower_ in {"a", "an", "the"} else start
                while j < sentence.end and j - start <= 3 and doc[j].pos_ in {"ADJ", "PROPN", "NOUN"} \
                        and index.at(j) is None:
                    names = self.demonyms.get(doc[j].lower_)
                    if names:
                        link("locatedIn", company, next((s for s in index.spans if kind(s) in PLACE_KINDS
                                                         and s.text in names), None))
                        break
                    j += 1

    def english(self, index, token, link: Link) -> None:
        """the X Lab at Y University: part of Y; Acme Corp of Nagoya: in Nagoya."""
        if token.dep_ != "prep" or token.lower_ not in {"at", "of"}:
            return
        head = index.at(token.head.i)
        target = next((index.at(g.i) for g in token.children if g.dep_ == "pobj" and index.at(g.i) is not None),
                      None)
        if head is None or target is None or head == target or not head.start <= token.head.i < head.end \
                or token.i < head.end:
            return
        if token.lower_ == "at" and kind(head) in ORG_OR_SITE and kind(target) in ORG_KINDS \
                and head.label_ != L.PERSON and {w.lower() for w in head.text.split()} & self.en_unit_heads:
            link("partOf", head, target)
        elif token.lower_ == "of" and kind(head) in ORG_KINDS and kind(target) in PLACE_KINDS \
                and head.label_ == L.COMPANY:
            link("locatedIn", head, target)


__all__ = ["ContainmentRules", "kind"]
