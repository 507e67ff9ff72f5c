"""``harbour_consistency``: one entity per real-world thing per document.

A news text names a thing in full once and then shortens it: 山田太郎 → 山田, Acme Holdings → Acme,
European Space Agency → ESA, 株式会社ミライ → ミライ, 国際連合大学 → 国連大学. Mentions of one thing form a
cluster; the cluster takes one class (votes of its mentions, stronger sources and the full name weighing more) and
one canonical name (the fullest form), written to each span's ``kb_id_``. Every other occurrence of a cluster's names
in the text is tagged too.

>>> initials("European Space Agency"), initials("Hong Kong Science and Technology Parks Corporation")
('ESA', 'HKSTPC')
>>> is_abbreviation("国連大学", "国際連合大学"), is_abbreviation("日本大学", "国際連合大学")
(True, False)
>>> is_contraction("経産省", "経済産業省"), is_contraction("北大", "北海道大学"), is_contraction("東大", "京都大学")
(True, True, False)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import labels as L
from .entities import ENTITIES
from .text import has_cjk, is_kanji, is_katakana, strip_legal_form

_STOP = {"of", "and", "for", "the", "de", "&"}
#: What a country or a town has (Ashland's government, Ashland's capital): its name is a place's.
STATE_WORDS = {"government", "minister", "president", "prime", "capital", "parliament", "ministry", "cabinet",
               "mayor", "governor", "premier", "largest", "second-largest", "biggest"}
#: The first words of a company officer's title: a company's short name may stand right before one.
OFFICER_WORDS = {"chief", "president", "chairman", "chairwoman", "chair", "ceo", "managing", "founder", "co-founder",
                 "spokesperson", "spokesman", "spokeswoman", "director"}


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def initials(name: str) -> str:
    return "".join(w[0].upper() for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _STOP)


def is_abbreviation(short: str, long: str) -> bool:
    """A CJK short form that keeps the long form's characters in order and its last two (its kind: 政府, 大学)."""
    if not (has_cjk(short) and has_cjk(long)) or len(short) < 3 or len(short) >= len(long):
        return False
    if short[-2:] != long[-2:]:
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)


def is_contraction(short: str, long: str) -> bool:
    """A kanji short form made of the long form's first character and others of it in order, keeping its last
    character when it has three or more (経産省 for 経済産業省, 国交省, 北大 for 北海道大学, 東証 for 東京証券取引所)."""
    if not is_kanji(short) or not has_cjk(long) or not 2 <= len(short) <= len(long) - 2 or short[0] != long[0]:
        return False
    if len(short) >= 3 and short[-1] != long[-1]:
        return False
    rest = iter(long[1:])
    return all(ch in rest for ch in short[1:])


#: First words of company names that do not stand for the company alone (General Motors is not "General").
GENERIC_FIRST_WORDS = {"general", "national", "first", "royal", "united", "american", "british", "global",
                       "international", "digital", "green", "blue", "new", "great", "pacific", "atlantic", "asia",
                       "china", "japan", "india", "korea", "euro", "european", "north", "south", "east", "west",
                       "northern", "southern", "eastern", "western", "central", "standard", "universal", "smart",
                       "advanced", "applied", "capital", "future", "modern", "premier", "prime", "public", "state",
                       "the"}
#: Prepositions before a place: a name written after one is used as a place in that text.
LOCATIVES = {"in", "at", "from", "near", "to", "across", "outside", "inside", "around", "into"}
#: Words in brackets after a name that are not another name of it (仮称: provisional name).
NOT_ALIASES = {"仮称", "予定", "当時", "現在", "旧称", "通称", "略称", "同", "本社", "本部"}
#: Kinds of things whose name may be followed by an alias in brackets of another (mis)tagged kind.
ALIASED_KINDS = {"organization", "facility", "event"}


def alias_like(text: str) -> bool:
    """An acronym (TSMC), a katakana name (ユネスコ) or a short kanji form (経団連) that can stand in brackets for
    the name before it."""
    if text.isascii():
        return 2 <= len(text) <= 8 and text.replace("&", "").replace("-", "").isalnum() and text.isupper()
    if text in NOT_ALIASES or any(ch.isdigit() for ch in text):
        return False
    return (is_katakana(text) and len(text) >= 3) or (is_kanji(text) and 2 <= len(text) <= 5)


@dataclass
class Cluster:
    members: list[Span] = field(default_factory=list)
    votes: Counter = field(default_factory=Counter)
    key: str = ""  # a gazetteer label, when the curator named the thing

    @property
    def forms(self) -> list[str]:
        return list(dict.fromkeys(s.text for s in self.members))

    @property
    def name(self) -> str:
        if self.key:
            return self.key
        return max(self.forms, key=lambda f: (len(strip_legal_form(f)), len(f)))

    @property
    def cls(self) -> str:
        return self.votes.most_common(1)[0][0]


@Language.factory("harbour_consistency", default_config={"propagate": True, "min_chars": 2})
def make_consistency(nlp: Language, name: str, propagate: bool, min_chars: int) -> "Consistency":
    return Consistency(propagate, min_chars)


class Consistency:
    def __init__(self, propagate: bool, min_chars: int) -> None:
        self.propagate = propagate
        self.min_chars = min_chars
        self._located: set[str] = set()
        self._names: set[str] = set()  # every name tagged in the document

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(ENTITIES, []))
        # names written after "in", "at" … somewhere in the text: places there, whatever else they start
        # (not before a possessive: at Acme's plant, the plant is where)
        self._located = {normal(s.text) for s in spans if s.start > 0 and doc[s.start - 1].lower_ in LOCATIVES
                         and not (s.end < len(doc) and doc[s.end].text in {"'s", "’s"})}
        # and names made places by their context against the tagger (Ashby Mayor Jane Doe, Ashby's new library)
        self._located |= {normal(s.text) for s in spans if L.CLASS_KIND.get(s.label_) == "place"
                          and s.text.isascii() and s[0].ent_type_ not in {"GPE", "LOC", "FAC", ""}}
        # and places whose government, minister or capital the text names (Ashland's government)
        self._located |= {normal(s.text) for s in spans if L.CLASS_KIND.get(s.label_) == "place"
                          and s.end + 1 < len(doc) and doc[s.end].text in {"'s", "’s"}
                          and doc[s.end + 1].lower_ in STATE_WORDS}
        clusters = self._cluster(spans)
        clusters = self._merge_parenthesised(doc, clusters)
        if self.propagate:
            self._other_occurrences(doc, clusters)
        result = []
        for cluster in clusters:
            cls, name = cluster.cls, cluster.name
            for member in cluster.members:
                result.append(Span(doc, member.start, member.end, label=cls, kb_id=name))
        doc.spans[ENTITIES] = sorted(result, key=lambda s: s.start)
        return doc

    def _merge_parenthesised(self, doc: Doc, clusters: list[Cluster]) -> list[Cluster]:
        """A name followed by another in brackets is one thing: 日本国際博覧会(大阪・関西万博), … Organisation (ISRO);
        an acronym or short form in brackets after an organisation's name is its alias even when the tagger missed it
        or read it as a product (台湾積体電路製造(TSMC), 国際連合教育科学文化機関(ユネスコ))."""
        of_span = {(m.start, m.end): c for c in clusters for m in c.members}
        starting = {m.start: m for c in clusters for m in c.members}
        taken = {i for c in clusters for m in c.members for i in range(m.start, m.end)}
        for cluster in list(clusters):
            for member in list(cluster.members):
                i = member.end
                if cluster not in clusters or i + 2 >= len(doc) or doc[i].text not in {"(", "（"}:
                    continue
                close = next((j for j in range(i + 2, min(len(doc), i + 6)) if doc[j].text in {")", "）"}), None)
                if close is None:
                    continue
                inner = starting.get(i + 1)
                aliased = L.CLASS_KIND.get(cluster.cls) in ALIASED_KINDS and alias_like(doc[i + 1:close].text)
                if inner is not None and inner.end == close:
                    other = of_span[(inner.start, inner.end)]
                    same_kind = L.CLASS_KIND.get(other.cls) == L.CLASS_KIND.get(cluster.cls)
                    if same_kind or (aliased and L.CLASS_KIND.get(other.cls) not in {"person", "place"}):
                        _absorb(cluster, other, clusters, of_span)
                elif inner is None and aliased and not any(j in taken for j in range(i + 1, close)):
                    alias = Span(doc, i + 1, close, label=cluster.cls)
                    cluster.members.append(alias)
                    of_span[(alias.start, alias.end)] = cluster
                    taken.update(range(i + 1, close))
                    form = normal(alias.text)
                    for other in [c for c in clusters if c is not cluster and form in map(normal, c.forms)]:
                        if L.CLASS_KIND.get(other.cls) not in {"person", "place"}:
                            _absorb(cluster, other, clusters, of_span)
        return clusters

    def _cluster(self, spans: list[Span]) -> list[Cluster]:
        """Full names first (longest forms open clusters), then each shorter form joins the cluster it abbreviates."""
        clusters: list[Cluster] = []
        by_form: dict[str, Cluster] = {}
        stripped: dict[int, list[str]] = {}  # a cluster's forms without legal forms, kept as it grows
        order = sorted(spans, key=lambda s: (-len(strip_legal_form(s.text)), s.start))
        self._names = {strip_legal_form(s.text) for s in spans if len(s.text) >= 2}
        # a form written somewhere as a place (Ashby Mayor …) is no short form of an organisation elsewhere either
        self._place_forms = {normal(s.text) for s in spans if L.CLASS_KIND.get(s.label_) == "place"}
        for span in order:
            form = normal(span.text)
            cluster = by_form.get(form) or self._cluster_of_short_form(span, clusters, stripped)
            if cluster is None:
                cluster = Cluster()
                clusters.append(cluster)
                stripped[id(cluster)] = []
            short = strip_legal_form(span.text)
            if short not in stripped[id(cluster)]:
                stripped[id(cluster)].append(short)
            if span.kb_id_ and not cluster.key:
                cluster.key = span.kb_id_
            cluster.members.append(span)
            # a short form tagged as a person inside an organisation's cluster (丸福 for 丸福ホールディングス) has no vote
            misread = span.label_ == L.PERSON and len(cluster.members) > 1 and cluster.cls != L.PERSON
            cluster.votes[span.label_] += 0 if misread else _weight(span, cluster)
            by_form.setdefault(form, cluster)
        clusters.sort(key=lambda c: min(m.start for m in c.members))
        return clusters

    def _cluster_of_short_form(self, span: Span, clusters: list[Cluster],
                               stripped: dict[int, list[str]]) -> Cluster | None:
        short = strip_legal_form(span.text)
        # a name with its legal form (株式会社X, X Ltd) is a full name: not the short form of a longer one
        # (株式会社X beside its subsidiary X・ヨーロッパ)
        full = short != span.text.strip()
        candidates = []
        label = L.PLACE if normal(span.text) in self._place_forms and span.text.isascii() else span.label_
        for cluster in clusters:
            cls = cluster.cls
            if any(_shortens(short, long, label, cls) and not self._joint_venture(short, long)
                   and not (full and normal(short) != normal(long)) for long in stripped[id(cluster)]):
                candidates.append(cluster)
        if not candidates and L.CLASS_KIND.get(span.label_) == "organization":
            contracted = [c for c in clusters if L.CLASS_KIND.get(c.cls) == "organization"
                          and any(is_contraction(short, f) for f in stripped[id(c)])]
            return contracted[0] if len(contracted) == 1 else None  # 東大 with 東北大学 and 東京大学: do not guess
        if not candidates and span.label_ != L.PERSON and short.isascii() and short[:1].isupper() \
                and normal(short) not in self._located:
            # accompanied by Doe, tagged as a place or a company: the surname of the one person named Jane Doe
            people = [c for c in clusters if c.cls == L.PERSON and len(c.name.split()) > 1 and c.name.isascii()
                      and c.name.split()[-len(short.split()):] == short.split()]
            if len(people) == 1 and len(short.split()) < len(people[0].name.split()):
                return people[0]
        if not candidates and L.CLASS_KIND.get(span.label_) == "place" and short.isascii() and " " not in short \
                and normal(short) not in self._located:
            # Ridgeline for Ridgeline Water Group, tagged as a place but never used as one
            owners = [c for c in clusters if L.CLASS_KIND.get(c.cls) == "organization"
                      and any(f.startswith(short + " ") for f in stripped[id(c)])]
            return owners[0] if len(owners) == 1 else None
        if not candidates and span.label_ == L.PERSON and has_cjk(short) and len(short) >= 2:
            # 丸福 tagged as a person, with no person's full name it shortens: the holding or group it names
            owners = [c for c in clusters if L.CLASS_KIND.get(c.cls) == "organization"
                      and any(_group_head(f) == short for f in stripped[id(c)])]
            return owners[0] if len(owners) == 1 else None
        if not candidates:
            return None
        if len(candidates) == 1 or span.label_ != L.PERSON:
            return min(candidates, key=lambda c: min(m.start for m in c.members))
        organizations = [c for c in candidates if L.CLASS_KIND.get(c.cls) == "organization"]
        if len(organizations) == 1:  # Acme for Acme Motors rather than for its product, the Acme Ridge
            return organizations[0]
        return None  # 山田 with two 山田s in the text: do not guess

    def _joint_venture(self, short: str, long: str) -> bool:
        """ソニー・ホンダモビリティ when ホンダ is named too: a name joining two others is a third thing."""
        if not long.startswith(short + "・"):
            return False
        rest = long[len(short) + 1:]
        return any(rest.startswith(name) and name != short for name in self._names)

    def _other_occurrences(self, doc: Doc, clusters: list[Cluster]) -> None:
        """Every other occurrence of a cluster's names (whole tokens only) is a mention of it, and replaces
        shorter spans inside it (ハルカ inside ハルカ2)."""
        owner: dict[int, tuple[Cluster, Span]] = {}
        for cluster in clusters:
            for m in cluster.members:
                for c in range(m.start_char, m.end_char):
                    owner[c] = (cluster, m)
        by_form: dict[str, Cluster] = {}
        for cluster in clusters:
            for form in cluster.forms:
                if len(form) < self.min_chars or (form.isascii() and not form[:1].isupper()):
                    continue
                if has_cjk(form) and cluster.cls != L.PERSON and len(form) < 3 and len(cluster.members) < 2:
                    continue  # a two-character word tagged once is too weak to tag everywhere
                by_form.setdefault(form, cluster)
        # Harlow for Harlow Engineering: a company's first word, when no other name starts with it, tagged only
        # where it is a proper noun
        firsts = Counter(_first_word(c.name) for c in clusters)
        weak = {first: c for c in clusters if c.cls == L.COMPANY and (first := _first_word(c.name))
                and firsts[first] == 1 and first not in by_form}
        # 丸高 for 丸高ホールディングス株式会社: a holding's or a group's name without the word for it
        heads = Counter(_group_head(c.name) for c in clusters)
        weak.update({head: c for c in clusters if c.cls == L.COMPANY and (head := _group_head(c.name))
                     and heads[head] == 1 and head not in by_form})
        # 青葉みらい交通 for 青葉みらい交通株式会社: a company's name without its legal form, wherever it is written
        bare = Counter(strip_legal_form(c.name) for c in clusters)
        weak.update({short: c for c in clusters if c.cls == L.COMPANY and (short := strip_legal_form(c.name)) != c.name
                     and has_cjk(short) and len(short) >= 3 and bare[short] == 1 and short not in by_form})
        # Choi for Choi Min-ho, Lindqvist for Anna Lindqvist: a person's first or last word alone, when no other name
        # has it, tagged only where it is a proper noun between other words (the tagger may have seen a date)
        words = Counter(w for c in clusters if c.name.isascii() for w in {c.name.split()[0], c.name.split()[-1]})
        surnames = {w: c for c in clusters if c.cls == L.PERSON and c.name.isascii() and len(c.name.split()) > 1
                    for w in {c.name.split()[0], c.name.split()[-1]} if words[w] == 1 and w not in by_form
                    and w[:1].isupper() and w.isalpha() and len(w) >= self.min_chars}
        weak.update(surnames)
        by_form.update(weak)
        if not by_form:
            return
        pattern = re.compile("|".join(re.escape(f) for f in sorted(by_form, key=len, reverse=True)))
        text = doc.text  # (built from the tokens at each access)
        for match in pattern.finditer(text):  # longest form first at each position
            form, (b, e) = match.group(0), match.span()
            cluster = by_form[form]
            inside = {id(owner[c][1]): owner[c] for c in range(b, e) if c in owner}
            if any(m.start_char < b or m.end_char > e or (m.start_char == b and m.end_char == e)
                   for _, m in inside.values()):
                continue  # already this name, or crossing another
            span = doc.char_span(b, e, label=cluster.cls, alignment_mode="strict")
            if span is None or (form.isascii() and not _word_bounded(text, b, e)):
                continue
            after = doc[span.end].pos_ if span.end < len(doc) else ""
            officer = span.end < len(doc) and doc[span.end].lower_ in OFFICER_WORDS and doc[span.end].is_title
            if form in weak and form.isascii() and (officer or span.end < len(doc) and doc[span.end].text == ",") \
                    and span[0].pos_ in {"PROPN", "ADJ"} and span[0].is_title and span[0].ent_type_ in {"", "ORG"}:
                pass  # Harlow Chief Executive Jane Doe; Harlow, a unit of …: the name, whatever the tagger made of it
            elif form in weak and (after == "PROPN" or (
                    span[0].pos_ != "PROPN" if form.isascii() else after == "NOUN")):
                continue  # Harlow said …, not Harlow Street; 丸高は, not 丸高原
            if form in surnames and span.start > 0 and doc[span.start - 1].pos_ == "PROPN":
                continue  # Central Park, not Park
            for other, m in inside.values():
                other.members.remove(m)
            cluster.members.append(span)
            for c in range(b, e):
                owner[c] = (cluster, span)
        clusters[:] = [c for c in clusters if c.members]


def _absorb(cluster: Cluster, other: Cluster, clusters: list[Cluster], of_span: dict) -> None:
    """``other``'s mentions become ``cluster``'s; they vote as short forms (the name before the brackets is the
    full one)."""
    if other is cluster or other not in clusters:
        return
    cluster.members += other.members
    cluster.votes.update(m.label_ for m in other.members)
    clusters.remove(other)
    for m in other.members:
        of_span[(m.start, m.end)] = cluster


def _weight(span: Span, cluster: Cluster) -> int:
    """The full name's class counts most; a short form's class is the weakest evidence."""
    full = not cluster.members[:-1] or len(strip_legal_form(span.text)) >= max(
        len(strip_legal_form(m.text)) for m in cluster.members)
    return 3 if full else 1


def _shortens(short: str, long: str, short_cls: str, long_cls: str) -> bool:
    """Is ``short`` a way of writing ``long`` (already in the text)?"""
    if short == long or not short or len(short) >= len(long):
        return normal(short) == normal(long)
    if L.CLASS_KIND.get(short_cls) == "place" and L.CLASS_KIND.get(long_cls) != "place":
        return False  # 東京 in 東京大学, Hong Kong in Hong Kong Science Park: a place names other things
    if {L.CLASS_KIND.get(short_cls), L.CLASS_KIND.get(long_cls)} == {"organization", "facility"}:
        return False  # 加賀理工大学 and its 加賀理工大学白山キャンパス, Acme and the Acme Austin Lab: two things
    person = long_cls == L.PERSON
    if has_cjk(long):
        if person:  # a surname: the first one or two characters of a CJK full name
            return is_kanji(short) and long.startswith(short) and len(short) <= 3 and len(long) - len(short) >= 1
        if short_cls == L.PERSON:
            return False
        if short.endswith("社") and len(short) >= 3 and not long.endswith("社"):
            short = short[:-1]  # サイアム社 for サイアム・フローズンフーズ: the name's first word and "company"
        if long.startswith(short) and len(short) >= 2:
            return True
        return is_abbreviation(short, long)
    words, short_words = long.split(), short.split()
    if person:  # Jane Doe → Doe (or Jane); Maria Lopez Garcia → Lopez Garcia (a surname of two words)
        return (len(short_words) == 1 and short_words[0] in (words[-1], words[0]) and len(words) > 1) or (
            1 < len(short_words) < len(words) and short_words == words[-len(short_words):])
    if short.isupper() and len(short) >= 2 and " " not in short:
        return initials(long) == short
    return words[: len(short_words)] == short_words and short_cls != L.PERSON or (
        words[: len(short_words)] == short_words and len(short_words) == 1 and long_cls != L.PERSON)


def _first_word(name: str) -> str | None:
    """The first word of a Latin-script company name of several words, when it can stand for the company."""
    words = strip_legal_form(name).split()
    if len(words) < 2 or not name.isascii() or len(words[0]) < 4 or not words[0][:1].isupper() \
            or words[0].lower() in GENERIC_FIRST_WORDS:
        return None
    return words[0]


GROUP_WORDS = ("ホールディングス", "グループ", "HD")


def _group_head(name: str) -> str | None:
    """The name of a CJK holding or group without its word for one (丸高ホールディングス → 丸高), when it keeps two
    characters or more."""
    stripped = strip_legal_form(name)
    if not has_cjk(stripped) or not stripped.endswith(GROUP_WORDS):
        return None
    head = stripped[:-len(next(w for w in GROUP_WORDS if stripped.endswith(w)))].rstrip("・ ")
    return head if len(head) >= 2 else None


def _word_bounded(text: str, begin: int, end: int) -> bool:
    before = text[begin - 1] if begin > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()
