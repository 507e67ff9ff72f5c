"""What the words around a chosen name say about its class (the last step of ``harbour_entities``).

The taggers class a name from the name itself; news text often says more around it:

- a company officer's title after a name makes it a company (ORGの山田太郎社長, ORG社長の…, Acme's chief executive,
  Acme CEO Jane Doe, Acme chief Jane Doe), and so does owning a named site (Acme's Red Hill mine): the tagger's
  facility, product or person for a company is wrong;
- what is bought is a company (agreed to buy Acme Grid, the acquisition of Acme Grid), not a person;
- an apposition headed by a word for a product names a product (Lumi, its AI assistant; Orca, a delivery drone);
- a name before で開かれる/開催された is a venue (東京ビッグサイトで開かれる…), not the company it was tagged as;
- a name right after "in" with a place after the comma, or after "based/headquartered/located in", is a place
  (a plant in Ashford, Kent; headquartered in Ashford), and so is a name before a mayor's or governor's title and
  name (Ashford Mayor Jane Doe).

Each cue changes a class only where the name's own suffix says nothing else (a ministry stays a ministry). The word
lists are component configuration (``officer_titles``, ``head_nouns``); none names an entity.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from . import labels as L

#: Titles only a company's officers hold: a name before one of them (or owning it) is a company.
DEFAULT_OFFICER_TITLES: dict[str, list[str]] = {
    "ja": ["社長", "副社長", "代表取締役", "取締役", "専務", "常務", "執行役員", "最高経営責任者", "最高技術責任者",
           "最高財務責任者", "最高執行責任者", "CEO", "CTO", "CFO", "COO", "頭取", "創業者"],
    "en": ["chief executive", "chief executive officer", "ceo", "cfo", "cto", "coo", "chief financial officer",
           "chief technology officer", "chief operating officer", "founder", "co-founder", "boss",
           "chief commercial officer", "chief product officer"],
}
#: Words for a person in an apposition (Jane Doe, a researcher at X): the name is a person's.
DEFAULT_PERSON_NOUNS = ["researcher", "scientist", "engineer", "student", "professor", "doctor", "official",
                        "spokesperson", "spokesman", "spokeswoman", "analyst", "economist", "lawyer", "executive",
                        "founder", "co-founder", "director", "manager", "minister", "politician", "lawmaker",
                        "resident", "farmer", "teacher", "physician", "nurse", "designer", "entrepreneur", "investor",
                        "chairman", "chairwoman", "president", "veteran", "graduate", "worker", "employee"]
#: Verbs whose object is a product (unveiled X, launched X); not "sold", which may be a company.
LAUNCH_VERBS = {"unveil", "launch", "release", "introduce", "debut", "showcase", "demonstrate", "roll"}
#: Verbs before "by" that name a maker (built by Acme).
MAKING_VERBS = {"made", "built", "developed", "produced", "manufactured", "designed", "supplied", "operated"}
#: Verbs and nouns of buying a company (bought Acme, the acquisition of Acme).
DEFAULT_ACQUISITION_WORDS = ["buy", "acquire", "purchase", "acquisition", "takeover", "purchase", "merger"]
#: Words after "in" that make the name after them a place (headquartered in X, a plant in X).
DEFAULT_PLACE_VERBS = ["based", "headquartered", "located", "situated", "registered"]

#: Words for a company written right before its name (battery maker Voltrek, start-up Lattice Quantum).
DEFAULT_COMPANY_LEADS = ["maker", "carmaker", "automaker", "chipmaker", "drugmaker", "startup", "start-up", "firm",
                         "company", "manufacturer", "supplier", "retailer", "miner", "lender", "insurer",
                         "conglomerate", "utility"]  # round 9: municipal utility X

#: Public buildings a town owns (Ashby's new library): the one-word name owning one is a town's.
PUBLIC_SITE_WORDS = {"library", "airport", "hospital", "museum", "stadium", "harbour", "harbor", "port", "zoo",
                     "town hall", "city hall", "railway", "metro", "tramway", "cathedral", "university"}
#: Of those, the buildings a company does not own (Acme's airport may be the operator's; Ashby's library is not).
CIVIC_SITE_WORDS = {"library", "museum", "zoo", "cathedral", "town hall", "city hall"}
#: Compass directions before "of" (north-west of X): the name after is a place.
COMPASS_WORDS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
#: Words for a town or a city before its "of" (the Danish city of X): the name after it is a place.
TOWN_WORDS = {"city", "town", "village", "municipality", "port", "capital", "island", "province", "region", "state"}
#: Titles followed by the fields they cover (Minister of Mining, Secretary for Health and Social Care).
TITLE_HEADS_WITH_FIELDS = {"minister", "secretary", "commissioner"}
#: Words for a seat of learning: its departments and schools are no government bodies.
ACADEMIC_WORDS = {"university", "college", "institute", "school", "academy"}

#: Words that make an apposition describe a new product (Orion, a new language model).
NEW_WORDS = {"new", "next-generation", "updated", "latest", "first"}


def new_or_owned(doc: Doc, i: int) -> bool:
    """Does the apposition starting at token ``i`` describe something owned, new or made (its X; a new X; a X
    made by Acme)?"""
    first = doc[i].lower_
    if first in {"its", "their"} or (first in {"a", "an", "the"} and i + 1 < len(doc)
                                     and doc[i + 1].lower_ in NEW_WORDS):
        return True
    window = [t.lower_ for t in doc[i:min(len(doc), i + 7)]]
    return first in {"a", "an"} and any(w in MAKING_VERBS and nxt == "by" for w, nxt in zip(window, window[1:]))


def _ja_own_local_unit(doc: Doc, start: int, end: int) -> bool:
    """県|農林水産部, 市|環境局: a department written after 県 (市, 町 …) alone, the local government pointed back to."""
    return end - start >= 2 and doc[start].text in _LOCAL_GOVERNMENT_WORDS \
        and doc[start:end].text.endswith(("部", "局", "課", "室")) and len(doc[start + 1:end].text) >= 3


_LOCAL_GOVERNMENT_WORDS = {"県", "市", "府", "都", "道", "町", "村", "区"}
_DOING_ENDINGS = {"する", "し", "した", "た", "て", "いる", "い"}


def _ja_invested_in(doc: Doc, start: int) -> bool:
    """…が出資する X / 出資した X: the clause right before the name says it is invested in."""
    i = start - 1
    while i > 0 and doc[i].text in _DOING_ENDINGS and start - i < 5:  # する, し|た, し|て|いる
        i -= 1
    return i < start - 1 and doc[i].text == "出資"


#: Verbs whose agent ("by …") keeps someone company: accompanied by X, joined by X.
COMPANY_VERBS = {"accompany", "join"}


def _en_companion(root: Token) -> bool:
    """Is the name the agent of "accompanied by" / "joined by" (or joined to it by "and")?"""
    while root.dep_ == "conj" and root.head.i < root.i:
        root = root.head
    by = root.head
    return root.dep_ == "pobj" and by.lower_ == "by" and by.head.lemma_ in COMPANY_VERBS


#: Classes a cue may correct (a place keeps its class: Lisbon Mayor …, 東京都の…知事).
_RETYPABLE = {L.ORGANIZATION, L.COMPANY, L.FACILITY, L.PRODUCT, L.CREATIVE_WORK, L.PERSON, L.EVENT}
#: Classes an apposition headed by a product word corrects (Aria, its voice assistant: not a place).
_PRODUCT_APPOSABLE = _RETYPABLE | {L.PLACE, L.CITY, L.COUNTRY, L.ADMIN_AREA}


@dataclass(frozen=True)
class ContextCues:
    ja_officer_titles: tuple[str, ...]
    en_officer_titles: tuple[tuple[str, ...], ...]
    product_heads: frozenset[str]
    facility_heads: frozenset[str]
    place_verbs: frozenset[str]
    acquisition_words: frozenset[str] = frozenset(DEFAULT_ACQUISITION_WORDS)
    place_titles: frozenset[str] = frozenset({"mayor", "governor", "premier"})
    event_verbs: frozenset[str] = frozenset({"開く", "開催", "開幕"})
    en_title_starts: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset(DEFAULT_PERSON_NOUNS)
    company_leads: frozenset[str] = frozenset(DEFAULT_COMPANY_LEADS)

    @classmethod
    def from_config(cls, officer_titles: dict[str, list[str]], head_nouns: dict[str, list[str]],
                    place_verbs: Sequence[str]) -> "ContextCues":
        en = tuple(sorted((tuple(t.lower().split()) for t in officer_titles.get("en", [])), key=len, reverse=True))
        return cls(tuple(sorted(officer_titles.get("ja", []), key=len, reverse=True)), en,
                   frozenset(w.lower() for w in head_nouns.get(L.PRODUCT, [])),
                   frozenset(w.lower() for w in head_nouns.get(L.FACILITY, [])),
                   frozenset(w.lower() for w in place_verbs),
                   en_title_starts=frozenset(title[0] for title in en) | {"chief"})

    def retype(self, doc: Doc, spans: list[tuple[int, int]], classes: list[str], japanese: bool,
               suffix_class: Callable[[str], str | None]) -> list[str]:
        """The classes of the chosen names (token ranges ``spans``, in text order), corrected by their context."""
        people = {start: end for (start, end), cls in zip(spans, classes) if cls == L.PERSON}
        result = list(classes)
        for n, ((start, end), cls) in enumerate(zip(spans, classes)):
            if not japanese and cls == L.GOVERNMENT and self._en_academic_unit(doc, start):
                result[n] = L.ORGANIZATION  # the university's Department of Physics: no government's
                continue
            if cls not in _PRODUCT_APPOSABLE:
                continue
            own = suffix_class(doc[start:end].text)
            if own not in {None, L.COMPANY}:
                continue
            if japanese:
                if cls != L.GOVERNMENT and _ja_own_local_unit(doc, start, end):
                    result[n] = L.GOVERNMENT  # 県農林水産部の…部長: the prefecture's own department, no company
                elif cls in _RETYPABLE and self._ja_officer_after(doc, end, people, before_person=cls == L.PERSON):
                    result[n] = L.COMPANY
                elif cls != L.COMPANY and own is None and _ja_invested_in(doc, start):
                    result[n] = L.COMPANY  # 地元の5社が出資するX: what companies put money into is a company
                elif cls in {L.COMPANY, L.ORGANIZATION} and own is None and self._ja_venue(doc, end):
                    result[n] = L.FACILITY
                continue
            if self._en_hyphen_place(doc, end):
                result[n] = L.PLACE  # the Oslo-based company: a place, whatever the tagger said
                continue
            if cls not in _RETYPABLE:  # a place: only an apposition or a product word says it is a product
                if self._en_product_apposition(doc, start, end) or self._en_owned_product(doc, start, end):
                    result[n] = L.PRODUCT
                elif own is None and end - start >= 2 and _en_companion(doc[start:end].root):
                    result[n] = L.PERSON  # accompanied by Jane Doe: a companion is a person, not a place
                elif own is None and self.en_kind_before(doc, start):
                    result[n] = L.COMPANY
                continue
            if own is None and end - start == 1 and end + 1 < len(doc) and doc[end].lower_ in self.place_titles \
                    and end + 1 in people:
                result[n] = L.PLACE  # Ashby Mayor Jane Doe: what a mayor heads is a town, whatever the tagger said
                continue
            officer = self._en_officer_after(doc, end, people)
            if officer == "title" or (officer == "chief" and cls not in {L.ORGANIZATION, L.COMPANY}) or (
                    cls == L.PERSON and (self._en_owns_site(doc, end) or self._en_bought(doc, start, end)
                                         or self._en_maker(doc, start, end))):
                result[n] = L.COMPANY
            elif end - start == 1 and self._en_public_site_owner(doc, end, cls == L.PERSON):
                result[n] = L.PLACE  # Ashby's new central library: a town's, not a person's or a company's
            elif cls != L.PERSON and own is None and self._en_person_context(doc, start, end):
                result[n] = L.PERSON
            elif cls != L.PRODUCT and (self._en_product_apposition(doc, start, end, person=cls == L.PERSON)
                                       or self._en_owned_product(doc, start, end) or (
                    cls in {L.PERSON, L.ORGANIZATION, L.COMPANY} and self._en_launched(doc, start, end))):
                result[n] = L.PRODUCT
            elif cls in {L.COMPANY, L.ORGANIZATION, L.FACILITY} and own is None and self._en_makers_model(
                    doc, start, end, spans, suffix_class):
                result[n] = L.PRODUCT
            elif cls in {L.PERSON, L.PLACE, L.PRODUCT, L.FACILITY} and own is None and self.en_kind_before(doc, start):
                result[n] = L.COMPANY  # Swedish battery maker Voltrek, start-up Lattice Quantum
            elif own is None and (self._en_place_context(doc, start, end, spans, classes) or (
                    end + 1 < len(doc) and doc[end].lower_ in self.place_titles and end + 1 in people
                    and (cls != L.PERSON or end - start == 1)) or self._en_place_of_title(doc, start)):
                result[n] = L.PLACE  # … in Ashford, Kent; Ashford Mayor Jane Doe; the mayor of Ashford
        return result

    def _en_place_of_title(self, doc: Doc, start: int) -> bool:
        """the mayor of Ashford, Governor of Kent, the Danish city of Ashford, 250 kilometres north-west of Ashford:
        the name after a mayor's or governor's "of", a word for a town's or a compass direction's, is a place (the
        tagger often takes a one-word town for a person or a company)."""
        return start >= 2 and doc[start - 1].lower_ == "of" and (
            doc[start - 2].lower_ in self.place_titles or doc[start - 2].lower_ in TOWN_WORDS
            or doc[start - 2].lower_ in COMPASS_WORDS) and doc[start].pos_ == "PROPN"

    def en_title_part(self, doc: Doc, start: int, end: int) -> bool:
        """Minister of Mining; Minister for Industry, Business and Financial Affairs: a minister's or secretary's
        title and the fields it lists are words of a title, not names (the Ministry of Mining is one)."""
        if doc[start].lower_ in TITLE_HEADS_WITH_FIELDS and end - start > 2 and doc[start + 1].lower_ in {"of", "for"}:
            return True
        i = start - 1
        while i >= 1 and start - i <= 8 and (doc[i].text == "," or doc[i].lower_ == "and" or doc[i].text[:1].isupper()):
            i -= 1
        if not (i >= 1 and doc[i].lower_ in {"for", "of"} and doc[i - 1].lower_ in TITLE_HEADS_WITH_FIELDS):
            return False
        # right after "of", or one of a list of fields joined by "and" (not a name apposed after a comma)
        listed = doc[start - 1].lower_ == "and" or any(t.lower_ == "and" for t in doc[start:end]) or (
            end < len(doc) and doc[end].lower_ == "and")
        return i == start - 1 or listed

    def _en_academic_unit(self, doc: Doc, start: int) -> bool:
        """the university's Department of Physics, Leeds University's School of Law: a unit of a seat of learning."""
        return start >= 2 and doc[start - 1].text in {"'s", "’s"} and doc[start - 2].lower_ in ACADEMIC_WORDS

    # --- company officers ----------------------------------------------------------------------------------

    def _ja_officer_after(self, doc: Doc, end: int, people: dict[int, int], before_person: bool = False) -> bool:
        """ORG の [person] 社長 / ORG 社長 / ORG の 代表取締役社長: the words after the name end in an officer's title.
        A name tagged as a person is a company only when the title is another person's (X社長の山田: X is no
        person; 山田社長 is)."""
        i = end
        if not before_person and i < len(doc) and doc[i].text == "の":
            i += 1
        i = i if before_person else people.get(i, i)
        stop = i
        while stop < len(doc) and stop - i < 4 and doc[stop].pos_ in {"NOUN", "PROPN"} and stop not in people:
            stop += 1
        if stop == i or not doc[i:stop].text.endswith(self.ja_officer_titles):
            return False
        return not before_person or (stop + 1 < len(doc) and doc[stop].text == "の" and stop + 1 in people)

    def _en_officer_after(self, doc: Doc, end: int, people: dict[int, int]) -> str | None:
        """Acme's chief executive / Acme CEO Jane Doe: "title"; Acme chief Jane Doe: "chief" (also said of agencies,
        so it only corrects a name the tagger took for a person or a thing)."""
        i = end
        if i >= len(doc):
            return None
        possessive = doc[i].text in {"'s", "’s"}
        if possessive:
            i += 1
        elif doc[i].lower_ not in self.en_title_starts:
            return None
        words = [t.lower_ for t in doc[i:i + 4]]
        for title in self.en_officer_titles:
            if tuple(words[:len(title)]) == title:
                after = i + len(title)
                if possessive or after in people or (after < len(doc) and doc[after].text == ","):
                    return "title"
        if words[:1] == ["chief"] and i + 1 in people:
            return "chief"
        return None

    def _en_owns_site(self, doc: Doc, end: int) -> bool:
        """Acme Mining's Red Hill mine, Acme's Zorvex treatment: a name owning a named site or product is a
        company's, not a person's."""
        if end + 2 >= len(doc) or doc[end].text not in {"'s", "’s"}:
            return False
        i = end + 1
        while i < len(doc) and i - end <= 4 and doc[i].pos_ == "PROPN":
            i += 1
        return i > end + 1 and i < len(doc) and (doc[i].lower_ in self.facility_heads
                                                 or doc[i].lower_ in self.product_heads)

    @staticmethod
    def _en_public_site_owner(doc: Doc, end: int, person: bool) -> bool:
        """Ashby's new central library, Ashby's main airport: a one-word name owning a public building (written
        in lower case) is a town's (a name the tagger took for a company: only for buildings no company owns)."""
        return end + 1 < len(doc) and doc[end].text in {"'s", "’s"} and doc[end - 1].dep_ == "poss" \
            and doc[end - 1].head.lower_ in (PUBLIC_SITE_WORDS if person else CIVIC_SITE_WORDS) \
            and doc[end - 1].head.is_lower

    def _en_bought(self, doc: Doc, start: int, end: int) -> bool:
        """agreed to buy Acme Grid, the acquisition of Acme Grid: what is bought is a company, not a person."""
        if not any(t.lemma_ in self.acquisition_words for t in doc[max(0, start - 4):start]):
            return False
        root = doc[start:end].root
        if root.dep_ == "dobj":
            return root.head.lemma_ in self.acquisition_words
        return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_ in self.acquisition_words

    def _ja_venue(self, doc: Doc, end: int) -> bool:
        """X で 開かれる/開催された …: X is where an event is held, a venue."""
        if end + 2 >= len(doc) or doc[end].text != "で":
            return False
        verb = doc[end + 1]
        return verb.lemma_ in self.event_verbs and any(t.lemma_ in {"れる", "られる"} for t in doc[end + 2:end + 4])

    def _en_maker(self, doc: Doc, start: int, end: int) -> bool:
        """built by Acme, made by Acme: a one-word maker is a company (a person's first mention has two names)."""
        return end - start == 1 and start >= 2 and doc[start - 1].lower_ == "by" \
            and doc[start - 2].lower_ in MAKING_VERBS

    # --- people ----------------------------------------------------------------------------------------------

    def _en_person_context(self, doc: Doc, start: int, end: int) -> bool:
        """Reyes, who …; Haruto Sato, a researcher at …: a relative "who" or an apposition headed by a word for a
        person says the name is a person's."""
        if end + 2 >= len(doc) or doc[end].text != "," or doc[start].pos_ != "PROPN":
            return False
        if doc[end + 1].lower_ == "who":
            return True
        if doc[end + 1].lower_ not in {"a", "an", "the"}:
            return False
        head = _apposition_head(doc, start, end, 4)
        return head is not None and head.lower_ in self.person_nouns

    # --- products --------------------------------------------------------------------------------------------

    def _en_product_apposition(self, doc: Doc, start: int, end: int, person: bool = True) -> bool:
        """Lumi, its AI assistant; Orca, a new delivery drone: an apposition after a comma headed by a product word,
        saying the thing is someone's or new (Jane Doe, a fashion model, is no product). A name not tagged as a
        person needs no such word (the Spark E3, a compact electric car)."""
        if end + 2 >= len(doc) or doc[end].text != ",":
            return False
        if not new_or_owned(doc, end + 1) and (person or doc[end + 1].lower_ not in {"a", "an"}):
            return False
        head = _apposition_head(doc, start, end, 5)
        return head is not None and self._product_word(head)

    def _product_word(self, token: Token) -> bool:
        return token.lower_ in self.product_heads or token.lemma_.lower() in self.product_heads

    def _en_owned_product(self, doc: Doc, start: int, end: int) -> bool:
        """its Halo Arc smart speaker, the company's Strata X scooter: a name owned by someone and followed by
        a few modifiers and a product word is that product."""
        if end < len(doc) and doc[end].lower_ in {"brand", "label"}:
            return True  # under the LiPure brand
        if self._en_after_product_word(doc, start):
            return True
        if start < 1 or not (doc[start - 1].lower_ in {"its", "their"} or doc[start - 1].text in {"'s", "’s"}):
            return False
        last = None  # the head of the words after the name: its Texas battery plant is no battery
        for token in doc[end:min(len(doc), end + 4)]:
            if token.pos_ not in {"ADJ", "NOUN", "PROPN"} and token.text != "-":
                break
            last = token
        return last is not None and self._product_word(last)

    def _en_makers_model(self, doc: Doc, start: int, end: int, spans: list[tuple[int, int]],
                         suffix_class: Callable[[str], str | None]) -> bool:
        """the Volta Spark, with Volta Motors named: "the", then the maker's first word and a model's name."""
        if start < 1 or doc[start - 1].lower_ != "the" or end - start < 2:
            return False
        if any(t.lower_ in self.facility_heads for t in doc[end:end + 2]):
            return False  # the Volta One plant (construction site): the maker's site, not a model
        first = doc[start].text
        return any(doc[s].text == first and (s, e) != (start, end) and suffix_class(doc[s:e].text) == L.COMPANY
                   for s, e in spans)

    def _en_after_product_word(self, doc: Doc, start: int) -> bool:
        """the company's current processor, Tessera; its flagship phone, Aster: a name apposed after an owned
        product word."""
        if start < 3 or doc[start - 1].text != "," or not self._product_word(doc[start - 2]):
            return False
        return any(t.lower_ in {"its", "their", "'s", "’s"} for t in doc[max(0, start - 6):start - 2])

    def en_kind_before(self, doc: Doc, start: int) -> bool:
        """battery maker Voltrek, Canadian start-up Pinecrest: a word for a company right before the name."""
        return start >= 1 and (doc[start - 1].lower_ in self.company_leads or (
            start >= 3 and doc[start - 2].text == "-" and doc[start - 1].lower_ == "up"))

    def _en_hyphen_place(self, doc: Doc, end: int) -> bool:
        """the Copenhagen-based company: a name before "-based" is a place."""
        return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in self.place_verbs

    def _en_launched(self, doc: Doc, start: int, end: int) -> bool:
        """Samsung unveiled Galaxy Ring; the startup launched Nova Chat: what is unveiled or launched is a product."""
        if not any(t.lemma_ in LAUNCH_VERBS for t in doc[max(0, start - 3):start]):
            return False
        root = doc[start:end].root
        return root.dep_ == "dobj" and root.head.lemma_ in LAUNCH_VERBS

    # --- places ----------------------------------------------------------------------------------------------

    def _en_place_context(self, doc: Doc, start: int, end: int, spans: list[tuple[int, int]],
                          classes: list[str]) -> bool:
        """A plant in Ashford, Kent; headquartered in Ashford; a plant in Ashford: the name after "in" is a place."""
        if start < 1 or doc[start - 1].lower_ != "in" or doc[start].pos_ != "PROPN":
            return False
        if start >= 2 and (doc[start - 2].lower_ in self.place_verbs or doc[start - 2].lower_ in self.facility_heads):
            return True  # headquartered in X; the Acme One plant in X
        head = doc[start - 1].head  # (round 9) a company named right before: Acme Systems in X
        if head.i < start - 1 and doc[start - 1].dep_ == "prep" and end - start <= 2 and any(
                s <= head.i < e and e == start - 1 and L.CLASS_KIND.get(c) in {"organization", "facility"}
                for (s, e), c in zip(spans, classes)):
            return True
        if end + 1 < len(doc) and doc[end].text == ",":
            after = end + 1
            while after < len(doc) and doc[after].lower_ in {"northern", "southern", "eastern", "western", "central"}:
                after += 1
            return any(s == after and L.CLASS_KIND.get(c) == "place" for (s, _), c in zip(spans, classes))
        return False


def _apposition_head(doc: Doc, start: int, end: int, width: int) -> Token | None:
    """The noun heading an apposition to the name ``doc[start:end]`` after its comma (Jane Doe, a researcher …;
    Lumi, its AI app), looked for among the ``width`` words after the determiner."""
    for token in doc[end + 2:min(len(doc), end + 2 + width)]:
        if (token.is_punct and token.text != "-") or token.pos_ in {"VERB", "AUX", "ADP"}:
            return None
        if token.dep_ == "appos" and start <= token.head.i < end:
            return token
    return None
