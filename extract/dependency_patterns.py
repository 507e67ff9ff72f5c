"""Relation shapes read off the dependency parse with spaCy's ``DependencyMatcher``.

``harbour_relations`` runs these patterns after its own rules; a match fills in a fact the rules did not find (or an
organisation they left open), never replaces one. The patterns are component configuration
(``nlp.add_pipe("harbour_relations", config={"dependency_patterns": …})``): each is a ``DependencyMatcher`` pattern
over GiNZA's Universal Dependencies parse (Japanese) or ``en_core_web_sm``'s ClearNLP-style parse (English), a
language, and the relation it states. Node names say what each matched token stands for:

====================  ==========================================================================================
relation              nodes (the token of each is resolved to the entity it names, or its antecedent: 同社, its)
====================  ==========================================================================================
``role``              ``holder`` (a person), ``title`` (a title word), ``organization`` (optional: without it, a
                      company officer's title is at the company the text is about)
``visit``             ``visitor`` (a person), ``place`` (a place, facility, organisation or event visited),
                      ``companion`` (optional: a person who came along)
``offers``            ``organization``, ``product``
``partOf``            ``part``, ``whole``
``locatedIn``         ``thing``, ``place``
``accompanied``       ``companion`` (a person): joins the visit stated in the same sentence
====================  ==========================================================================================

Other node names (case markers, prepositions, the verb) only shape the match. A pattern may narrow the kinds of
entity a node may be (``"kinds": {"place": ["event", "facility"]}``). The shapes, in general form:

- roles: ZはXのYに就任した / XのYを務めるZ / Yに就任したZ (the company the text is about) / Z was appointed (named,
  elected) Y of X / X appointed Z as Y / Z serves as Y of X / Z is Y at X;
- visits: Z attended (the opening of) X / Z attended … at X / ZはXに出席した / Xを訪れたZ / 訪問先のX /
  ZはXの会場で講演した / Speaking at X, Z said … / Z paid a visit to X / During a visit to X, Z … / Z arrived
  in X / Z traveled (flew) to X / Z gave a speech at X / Z toured the company's stand (with C) / Z told reporters (presented the plan, cut the ribbon, met workers) at X / Z was
  shown around X;
  an occasion as the place (Xで開かれた会見に出席, the launch event in X, 開会式 / the opening: the event or site last
  named) is resolved by ``harbour_relations``;
- part of: X, a unit (subsidiary, division) of Y / X, a Y subsidiary / X, (which is) owned by Y;
- located in: XにあるY / YはXにある / Xに位置するY / X, a PLACE company / X, a robot maker in PLACE / PLACEに X を開設(建設, 整備)する.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.attrs import DEP, LEMMA, LOWER
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from .titles import EN_TITLE_HEADS

#: Which node names each relation needs resolved to an entity (others are optional or only shape the match).
REQUIRED_NODES: dict[str, tuple[str, ...]] = {
    "role": ("holder", "title"),
    "visit": ("visitor", "place"),
    "offers": ("organization", "product"),
    "partOf": ("part", "whole"),
    "locatedIn": ("thing", "place"),
    "accompanied": ("companion",),
}

JA_OFFICE_VERBS = ["就任", "務める", "選任", "任命", "起用", "昇格", "昇任", "着任", "兼務", "兼任", "就く", "選出", "内定"]
#: Verbs that make one company another's subsidiary (not 買収 / acquire alone: a stake bought is not a unit)
JA_SUBSIDIARY_VERBS = ["子会社化", "完全子会社化", "連結子会社化", "傘下に収める"]
JA_SUBSIDIARY_NOUNS = ["子会社", "完全子会社", "連結子会社"]  # 子会社|化 parsed as two words
JA_LOCATED_VERBS = ["ある", "位置", "立地", "所在"]
#: Verbs for setting up a site somewhere: PLACEに X を開設する.
JA_SET_UP_VERBS = ["開設", "建設", "整備", "新設", "設置", "開業", "開所", "建てる", "設ける", "構える", "建造", "移転"]
JA_ATTEND_VERBS = ["出席", "参加", "来場", "登壇", "参列"]
JA_VISIT_VERBS = ["訪れる", "訪問", "視察", "見学", "訪ねる", "来訪", "歴訪"]
#: Nouns for where a visitor is: 訪問先の X (the place visited).
JA_DESTINATION_NOUNS = ["訪問先", "視察先", "出張先", "訪問地"]
#: Verbs for speaking at an occasion: Xの会場で講演した (X is attended).
JA_SPEAK_VERBS = ["講演", "演説", "挨拶", "あいさつ", "登壇", "基調講演"]
EN_APPOINT_VERBS = ["appoint", "name", "elect", "promote", "hire", "nominate", "confirm", "choose", "select",
                    "become", "remain", "make"]
EN_SERVE_VERBS = ["serve", "work", "act", "join", "continue", "remain", "stay", "return"]
EN_ATTEND_VERBS = ["attend", "address", "open", "inaugurate", "tour", "visit", "inspect"]
EN_SPEAK_VERBS = ["speak", "address", "appear", "talk"]
EN_VISIT_VERBS = ["visit", "tour", "inspect", "attend"]
#: Verbs for saying or showing something somewhere: Z told reporters at X (presented the plan at X) was at X.
EN_STATEMENT_VERBS = ["say", "tell", "announce", "present", "unveil", "show", "demonstrate", "sign", "launch",
                      "outline", "describe", "explain", "detail", "reveal", "introduce", "showcase", "open", "cut",
                      "meet", "greet", "lay", "hold", "address"]
#: Nouns for an occasion at a place: X is where the visitor went when they attended the opening (launch …) of X.
#: Words for a part of a company, apposed to its name: X, a unit of Y.
EN_UNIT_NOUNS = ["unit", "subsidiary", "division", "arm", "affiliate", "branch", "spin-off", "spinoff", "part",
                 "lab", "laboratory", "centre", "center", "institute", "campus", "school", "faculty", "department"]
#: Words for a company, apposed to its name with the place it is from: X, a Bengaluru company.
EN_COMPANY_NOUNS = ["company", "firm", "startup", "start-up", "group", "maker", "manufacturer", "developer", "bank",
                    "lender", "insurer", "retailer", "carrier", "airline", "operator", "supplier", "producer",
                    "chipmaker", "carmaker", "automaker", "drugmaker"]
EN_ARRIVE_VERBS = ["arrive", "stop", "land"]
#: Verbs for going somewhere: Z traveled (flew) to X.
EN_TRAVEL_VERBS = ["travel", "fly", "journey", "return"]
#: Nouns for a visit: paid a visit to X, during a trip to X.
EN_VISIT_NOUNS = ["visit", "trip", "tour", "stop", "stopover"]
#: Nouns for a speech: gave a speech (keynote, address) at X.
EN_SPEECH_NOUNS = ["speech", "address", "keynote", "remarks", "talk", "presentation", "lecture"]
EN_OCCASION_NOUNS = ["opening", "launch", "inauguration", "ceremony", "unveiling", "opening ceremony", "groundbreaking",
                     "start", "session", "meeting", "event", "celebration", "anniversary", "demonstration",
                     "presentation", "briefing", "signing", "reception", "exhibition", "conference", "summit",
                     "forum"]


def _node(left: str, op: str, right: str, attrs: dict) -> dict:
    return {"LEFT_ID": left, "REL_OP": op, "RIGHT_ID": right, "RIGHT_ATTRS": attrs}


def _office_ja(holder_op: str, holder_dep: list[str], verb_deps: list[str] | None = None,
               organization: bool = True) -> list[dict]:
    verb: dict = {"LEMMA": {"IN": JA_OFFICE_VERBS}}
    if verb_deps:
        verb["DEP"] = {"IN": verb_deps}
    nodes = [{"RIGHT_ID": "verb", "RIGHT_ATTRS": verb},
             _node("verb", ">", "title", {"DEP": {"IN": ["obl", "obj"]}})]
    if organization:
        nodes.append(_node("title", ">", "organization", {"DEP": {"IN": ["nmod", "compound"]}}))
    return nodes + [_node("verb", holder_op, "holder", {"DEP": {"IN": holder_dep}})]


def _located_ja(thing_op: str, thing_attrs: dict, verb_deps: list[str] | None = None) -> list[dict]:
    verb: dict = {"LEMMA": {"IN": JA_LOCATED_VERBS}}
    if verb_deps:
        verb["DEP"] = {"IN": verb_deps}
    return [{"RIGHT_ID": "verb", "RIGHT_ATTRS": verb},
            _node("verb", ">", "place", {"DEP": "obl"}),
            _node("place", ">", "marker", {"LEMMA": "に", "DEP": "case"}),
            _node("verb", thing_op, "thing", thing_attrs)]


def _prep_object(head: str, words: list[str], obj: str, op: str = ">", prep: str = "at") -> list[dict]:
    """``head`` (op) a preposition of ``words`` whose object is ``obj``: spoke at X, arrived in X."""
    return [_node(head, op, prep, {"DEP": "prep", "LOWER": {"IN": words}}),
            _node(prep, ">", obj, {"DEP": "pobj"})]


def _subject(node: str, head: str = "verb") -> dict:
    return _node(head, ">", node, {"DEP": "nsubj"})


def _of_organisation(title: str = "title") -> list[dict]:
    """… of (at, for) X under the title: chief executive of X, head of research at X."""
    return _prep_object(title, ["of", "at", "for"], "organization", op=">>", prep="of")


DEFAULT_PATTERNS: list[dict] = [
    # ZはXのYに就任した / ZはXのYを務める
    {"name": "ja-office-subject", "lang": "ja", "relation": "role",
     "pattern": _office_ja(">", ["nsubj", "nsubj:pass"])},
    # XのYに就任したZ / XのYを務めるZ氏 (the clause modifies the holder)
    {"name": "ja-office-clause", "lang": "ja", "relation": "role",
     "pattern": _office_ja("<", ["nsubj", "obl", "obj", "nmod", "ROOT", "dislocated"], ["acl"])},
    # XのYを務めるZ氏は…: GiNZA often hangs the clause on the main verb, beside the holder it describes
    {"name": "ja-office-clause-sibling", "lang": "ja", "relation": "role",
     "pattern": _office_ja("$++", ["nsubj"], ["advcl", "acl"])},
    # Yに就任したZ / ZはYに就任した: a company officer's title at the company the text is about
    {"name": "ja-office-bare-subject", "lang": "ja", "relation": "role",
     "pattern": _office_ja(">", ["nsubj", "nsubj:pass"], organization=False)},
    {"name": "ja-office-bare-clause", "lang": "ja", "relation": "role",
     "pattern": _office_ja("<", ["nsubj", "obl", "obj", "nmod", "ROOT", "dislocated"], ["acl"], organization=False)},
    # …はZがYに就任すると発表した: GiNZA hangs the subject on the main verb, before the clause
    {"name": "ja-office-subject-sibling", "lang": "ja", "relation": "role",
     "pattern": _office_ja("$--", ["nsubj"], ["advcl"])},
    {"name": "ja-office-bare-subject-sibling", "lang": "ja", "relation": "role",
     "pattern": _office_ja("$--", ["nsubj"], ["advcl"], organization=False)},
    # ZはXに出席した / Xに参加したZ
    {"name": "ja-attended", "lang": "ja", "relation": "visit", "kinds": {"place": ["event", "facility"]},
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": JA_ATTEND_VERBS}}},
                 _node("verb", ">", "place", {"DEP": {"IN": ["obl", "obj"]}}),
                 _node("place", ">", "marker", {"LEMMA": {"IN": ["に", "を"]}, "DEP": "case"}),
                 _node("verb", ">", "visitor", {"DEP": {"IN": ["nsubj", "nsubj:pass"]}})]},
    # 完成式に出席したX県のZ知事は…: the clause describes the one who attended
    {"name": "ja-attended-clause", "lang": "ja", "relation": "visit", "kinds": {"place": ["event", "facility"]},
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": JA_ATTEND_VERBS}, "DEP": "acl"}},
                 _node("verb", ">", "place", {"DEP": "obl"}),
                 _node("place", ">", "marker", {"LEMMA": "に", "DEP": "case"}),
                 _node("verb", "<", "visitor", {"POS": {"IN": ["NOUN", "PROPN"]}})]},
    # Xを訪れたZ (the clause describes the visitor)
    {"name": "ja-visited-clause", "lang": "ja", "relation": "visit",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": JA_VISIT_VERBS}, "DEP": "acl"}},
                 _node("verb", ">", "place", {"DEP": "obj"}),
                 _node("verb", "<", "visitor", {"POS": {"IN": ["NOUN", "PROPN"]}})]},
    # Zは訪問先のXで…
    {"name": "ja-destination", "lang": "ja", "relation": "visit",
     "pattern": [{"RIGHT_ID": "noun", "RIGHT_ATTRS": {"ORTH": {"IN": JA_DESTINATION_NOUNS}, "DEP": "nmod"}},
                 _node("noun", "<", "place", {}),
                 _node("place", "<", "main", {"POS": "VERB"}),
                 _node("main", ">", "visitor", {"DEP": {"IN": ["nsubj", "nsubj:pass"]}})]},
    # ZはXの会場で講演した
    {"name": "ja-spoke-at", "lang": "ja", "relation": "visit", "kinds": {"place": ["event", "facility"]},
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": JA_SPEAK_VERBS}}},
                 _node("verb", ">", "place", {"DEP": "obl"}),
                 _node("place", ">", "marker", {"LEMMA": "で", "DEP": "case"}),
                 _node("verb", ">", "visitor", {"DEP": {"IN": ["nsubj", "nsubj:pass"]}})]},
    # XにあるY / Xに位置するY (not XにあるYのZ: there the clause may describe Z)
    {"name": "ja-located-clause", "lang": "ja", "relation": "locatedIn",
     "pattern": _located_ja("<", {"POS": {"IN": ["NOUN", "PROPN"]}, "DEP": {"NOT_IN": ["nmod"]}}, ["acl"])},
    # XにあるORGのY工場 / Xにある同大学のYセンター: the organisation's site named after the clause is in X
    {"name": "ja-located-owner-site", "lang": "ja", "relation": "locatedIn", "kinds": {"thing": ["facility"]},
     "pattern": _located_ja("<", {"POS": {"IN": ["NOUN", "PROPN"]}, "DEP": "nmod"}, ["acl"])[:3] + [
         _node("verb", "<", "owner", {"POS": {"IN": ["NOUN", "PROPN"]}, "DEP": "nmod"}),
         _node("owner", ">", "of", {"LEMMA": "の", "DEP": "case"}),
         _node("owner", "<<", "thing", {"POS": {"IN": ["NOUN", "PROPN"]}})]},
    # YはXにある
    {"name": "ja-located-subject", "lang": "ja", "relation": "locatedIn",
     "pattern": _located_ja(">", {"DEP": "nsubj"})},
    # Z was appointed (named, elected) Y of X / Z became Y of X
    {"name": "en-appointed", "lang": "en", "relation": "role",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_APPOINT_VERBS}}},
                 _node("verb", ">", "holder", {"DEP": {"IN": ["nsubjpass", "nsubj"]}}),
                 _node("verb", ">", "title", {"DEP": {"IN": ["oprd", "attr", "dobj", "xcomp"]}}),
                 *_of_organisation()]},
    # Z became Y (of research) at X
    {"name": "en-appointed-at", "lang": "en", "relation": "role",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_APPOINT_VERBS}}},
                 _node("verb", ">", "holder", {"DEP": {"IN": ["nsubjpass", "nsubj"]}}),
                 _node("verb", ">", "title", {"DEP": {"IN": ["oprd", "attr", "dobj", "xcomp"]}}),
                 *_prep_object("verb", ["at"], "organization")]},
    # X appointed (named, hired) Z as Y
    {"name": "en-appointed-as", "lang": "en", "relation": "role",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_APPOINT_VERBS}}},
                 _node("verb", ">", "organization", {"DEP": "nsubj"}),
                 _node("verb", ">", "holder", {"DEP": "dobj"}),
                 *_prep_object("verb", ["as"], "title", prep="as")]},
    # Z is (was) Y of X / at X
    {"name": "en-copula", "lang": "en", "relation": "role",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": "be"}},
                 _node("verb", ">", "holder", {"DEP": "nsubj"}),
                 _node("verb", ">", "title", {"DEP": "attr", "LOWER": {"IN": EN_TITLE_HEADS}}),
                 *_of_organisation()]},
    # Z, who is Y of X
    {"name": "en-copula-clause", "lang": "en", "relation": "role",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": "be", "DEP": "relcl"}},
                 _node("verb", "<", "holder", {"POS": "PROPN"}),
                 _node("verb", ">", "title", {"DEP": "attr", "LOWER": {"IN": EN_TITLE_HEADS}}),
                 *_of_organisation()]},
    # X is a unit (subsidiary) of Y
    {"name": "en-copula-unit", "lang": "en", "relation": "partOf",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": "be"}},
                 _node("verb", ">", "part", {"DEP": "nsubj"}),
                 _node("verb", ">", "unit", {"DEP": "attr", "LOWER": {"IN": EN_UNIT_NOUNS}}),
                 *_prep_object("unit", ["of"], "whole", prep="of")]},
    # Z serves (joined) as Y of X
    {"name": "en-serves-as", "lang": "en", "relation": "role",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_SERVE_VERBS + EN_APPOINT_VERBS}}},
                 _node("verb", ">", "holder", {"DEP": {"IN": ["nsubjpass", "nsubj"]}}),
                 *_prep_object("verb", ["as"], "title", prep="as"), *_of_organisation()]},
    # Z attended X
    {"name": "en-attended", "lang": "en", "relation": "visit",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": "attend"}},
                 _subject("visitor"),
                 _node("verb", ">", "place", {"DEP": "dobj"})]},
    # Z attended (opened) the opening (launch, ceremony) of X
    {"name": "en-occasion-of", "lang": "en", "relation": "visit",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_ATTEND_VERBS}}},
                 _subject("visitor"),
                 _node("verb", ">", "occasion", {"DEP": "dobj", "LOWER": {"IN": EN_OCCASION_NOUNS}}),
                 *_prep_object("occasion", ["of"], "place", prep="of")]},
    # Z attended (visited) the launch (a ceremony) at X
    {"name": "en-occasion-at", "lang": "en", "relation": "visit", "kinds": {"place": ["facility", "place", "event"]},
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_ATTEND_VERBS}}},
                 _subject("visitor"),
                 _node("verb", ">", "occasion", {"DEP": "dobj", "LOWER": {"IN": EN_OCCASION_NOUNS}}),
                 *_prep_object("occasion", ["at"], "place")]},
    {"name": "en-attended-at", "lang": "en", "relation": "visit", "kinds": {"place": ["facility", "place", "event"]},
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": "attend"}},
                 _subject("visitor"), *_prep_object("verb", ["at"], "place")]},
    # Z paid (made) a visit to X
    {"name": "en-paid-visit", "lang": "en", "relation": "visit",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["pay", "make", "begin", "start"]}}},
                 _subject("visitor"),
                 _node("verb", ">", "occasion", {"DEP": "dobj", "LOWER": {"IN": EN_VISIT_NOUNS}}),
                 *_prep_object("occasion", ["to"], "place")]},
    # During a visit to X, Z said …
    {"name": "en-during-visit", "lang": "en", "relation": "visit",
     "pattern": [{"RIGHT_ID": "during", "RIGHT_ATTRS": {"LOWER": {"IN": ["during", "on", "after"]}, "DEP": "prep"}},
                 _node("during", ">", "occasion", {"DEP": "pobj", "LOWER": {"IN": EN_VISIT_NOUNS}}),
                 *_prep_object("occasion", ["to"], "place"),
                 _node("during", "<", "main", {"POS": {"IN": ["VERB", "AUX"]}}), _subject("visitor", "main")]},
    # Z arrived in (stopped at) X
    {"name": "en-arrived", "lang": "en", "relation": "visit",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_ARRIVE_VERBS}}},
                 _subject("visitor"), *_prep_object("verb", ["in", "at"], "place")]},
    # Z traveled (flew) to X
    {"name": "en-traveled-to", "lang": "en", "relation": "visit", "kinds": {"place": ["place", "facility", "event"]},
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_TRAVEL_VERBS}}},
                 _subject("visitor"), *_prep_object("verb", ["to"], "place")]},
    # Z delivered (gave) a speech at X
    {"name": "en-speech-at", "lang": "en", "relation": "visit", "kinds": {"place": ["event", "facility"]},
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["deliver", "give", "make"]}}},
                 _subject("visitor"),
                 _node("verb", ">", "speech", {"DEP": "dobj", "LOWER": {"IN": EN_SPEECH_NOUNS}}),
                 *_prep_object("verb", ["at"], "place", op=">>")]},
    # Speaking at X, Z said …
    {"name": "en-speaking-at", "lang": "en", "relation": "visit",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_SPEAK_VERBS}, "DEP": "advcl"}},
                 *_prep_object("verb", ["at"], "place"),
                 _node("verb", "<", "main", {"POS": {"IN": ["VERB", "AUX"]}}), _subject("visitor", "main")]},
    # Z spoke at X
    {"name": "en-spoke-at", "lang": "en", "relation": "visit",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_SPEAK_VERBS}}},
                 _subject("visitor"), *_prep_object("verb", ["at"], "place")]},
    # Z told reporters (presented the plan, said) at X / at the launch event in X
    {"name": "en-statement-at", "lang": "en", "relation": "visit", "kinds": {"place": ["event", "facility"]},
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_STATEMENT_VERBS}}},
                 _subject("visitor"), *_prep_object("verb", ["at"], "place")]},
    # Z presented the plan at X (the parser hangs "at X" on the object)
    {"name": "en-statement-object-at", "lang": "en", "relation": "visit", "kinds": {"place": ["event", "facility"]},
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_STATEMENT_VERBS}}},
                 _subject("visitor"), _node("verb", ">", "said", {"DEP": "dobj"}),
                 *_prep_object("said", ["at"], "place")]},
    # Z was shown (taken) around X
    {"name": "en-shown-around", "lang": "en", "relation": "visit",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["show", "take", "guide", "walk"]}}},
                 _node("verb", ">", "visitor", {"DEP": {"IN": ["nsubjpass", "nsubj"]}}),
                 *_prep_object("verb", ["around", "round", "through"], "place", prep="around")]},
    # Z toured the company's stand (Acme's plant): the owner is the place visited
    {"name": "en-visited-whose", "lang": "en", "relation": "visit",
     "kinds": {"place": ["organization", "facility", "event"]},  # not the city's new plant: that is the plant
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_VISIT_VERBS}}},
                 _subject("visitor"),
                 _node("verb", ">", "site", {"DEP": "dobj"}),
                 _node("site", ">", "place", {"DEP": "poss"})]},
    # X, a unit (subsidiary) of Y
    {"name": "en-unit-of", "lang": "en", "relation": "partOf",
     "pattern": [{"RIGHT_ID": "unit", "RIGHT_ATTRS": {"LOWER": {"IN": EN_UNIT_NOUNS}, "DEP": "appos"}},
                 # X / the company, a unit of Y (X an unknown name the tagger took for an adjective: the entity says)
                 _node("unit", "<", "part", {"POS": {"IN": ["PROPN", "NOUN", "ADJ"]}}),
                 *_prep_object("unit", ["of"], "whole", prep="of")]},
    # X, a robot maker in Osaka
    {"name": "en-company-in", "lang": "en", "relation": "locatedIn", "kinds": {"thing": ["organization"]},
     "pattern": [{"RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": EN_COMPANY_NOUNS}, "DEP": "appos"}},
                 _node("noun", "<", "thing", {"POS": "PROPN"}),
                 *_prep_object("noun", ["in"], "place", prep="in")]},
    # X, a Norden Pharma subsidiary (unit)
    {"name": "en-company-unit", "lang": "en", "relation": "partOf", "kinds": {"whole": ["organization"]},
     "pattern": [{"RIGHT_ID": "unit", "RIGHT_ATTRS": {"LOWER": {"IN": EN_UNIT_NOUNS}, "DEP": "appos"}},
                 _node("unit", "<", "part", {"POS": "PROPN"}),
                 _node("unit", ">", "whole", {"DEP": "compound"})]},
    # XがYを子会社化する / XはYを完全子会社化すると発表した: Y becomes part of X
    *({"name": f"ja-makes-subsidiary{'-' + how if how else ''}{'-split' if split else ''}", "lang": "ja",
       "relation": "partOf", "kinds": {"whole": ["organization"], "part": ["organization"]},
       "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["化"] if split else JA_SUBSIDIARY_VERBS}}},
                   *([] if not split else [_node("verb", ">", "unit", {"ORTH": {"IN": JA_SUBSIDIARY_NOUNS},
                                                                        "DEP": "compound"})]),
                   _node("verb", ">", "part", {"DEP": "obj"}),
                   *([_node("verb", ">", "whole", {"DEP": "nsubj"})] if not how else [
                       _node("verb", "<", "head", {"POS": "VERB", "DEP": "ROOT"}),
                       _node("head", ">", "whole", {"DEP": "nsubj"})])]}
      for how in ("", "clause") for split in (False, True)),
    # X, (which is) owned by Y
    {"name": "en-owned-by", "lang": "en", "relation": "partOf", "kinds": {"whole": ["organization"]},
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["own", "control", "run", "operate"]},
                                                      "DEP": {"IN": ["acl", "relcl"]}, "TAG": "VBN"}},
                 _node("verb", "<", "part", {"POS": "PROPN"}),
                 _node("verb", ">", "by", {"DEP": "agent"}), _node("by", ">", "whole", {"DEP": "pobj"})]},
    # PLACEに「X」を開設する / X内にYを新設した: a site set up somewhere is there
    {"name": "ja-set-up-in", "lang": "ja", "relation": "locatedIn",
     "kinds": {"thing": ["facility", "organization", "event"], "place": ["place", "facility"]},
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": JA_SET_UP_VERBS}}},
                 _node("verb", ">", "thing", {"DEP": "obj"}),
                 _node("verb", ">>", "place", {"DEP": "obl"}),  # GiNZA may hang PLACEに on the object
                 _node("place", ">", "marker", {"LEMMA": "に", "DEP": "case"})]},
    # X, a Bengaluru company
    {"name": "en-place-company", "lang": "en", "relation": "locatedIn", "kinds": {"thing": ["organization"]},
     "pattern": [{"RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": EN_COMPANY_NOUNS}, "DEP": "appos"}},
                 _node("noun", "<", "thing", {"POS": "PROPN"}),
                 _node("noun", ">", "place", {"DEP": "compound"})]},
    # Z toured X with C
    {"name": "en-visited-with", "lang": "en", "relation": "accompanied",
     "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": EN_VISIT_VERBS}}},
                 _node("verb", ">", "site", {"DEP": "dobj"}),
                 *_prep_object("verb", ["with", "alongside"], "companion", op=">>", prep="with")]},
]


def _values(attrs: dict, key: str) -> set[str]:
    """The values a node allows for an attribute (one, or a list under IN); empty when it does not constrain it."""
    value = attrs.get(key)
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict) and "IN" in value:
        return set(value["IN"])
    return set()


def _words(attrs: dict) -> set[str]:
    """The words a node asks for (its LEMMA, LOWER or ORTH), empty when it asks for none."""
    return _values(attrs, "LEMMA") | _values(attrs, "LOWER") | _values(attrs, "ORTH") | _values(attrs, "TEXT")


@dataclass(frozen=True)
class PatternMatch:
    """One match: the pattern's name, the relation it states, and the token of each named node."""

    name: str
    relation: str
    tokens: dict[str, Token]
    kinds: dict[str, set[str]]  # narrower kinds of entity for some nodes


class DependencyPatterns:
    """The configured patterns of one language, compiled into a ``DependencyMatcher``."""

    def __init__(self, vocab: Vocab, patterns: list[dict], lang: str) -> None:
        # one matcher per pattern, run only on documents that hold its words: the matcher's cost is its nodes
        # times the document's tokens, and most patterns' trigger words are absent from most documents
        self.matchers: list[tuple[DependencyMatcher, list[tuple[set[int], set[int]]]]] = []
        self.relation: dict[str, str] = {}
        self.node_names: dict[str, list[str]] = {}
        self.kinds: dict[str, dict[str, set[str]]] = {}
        self.vocab = vocab
        self.patterns: list[tuple[str, list[dict]]] = []
        # the patterns a document needs, run as one matcher: one pass over the document instead of one per pattern
        self.combined: dict[tuple[int, ...], DependencyMatcher] = {}
        for pattern in patterns:
            if pattern.get("lang", lang) != lang:
                continue
            if pattern["relation"] not in REQUIRED_NODES:
                raise ValueError(f"dependency pattern {pattern['name']!r}: unknown relation {pattern['relation']!r}")
            names = [node["RIGHT_ID"] for node in pattern["pattern"]]
            missing = [n for n in REQUIRED_NODES[pattern["relation"]] if n not in names]
            if missing:
                raise ValueError(f"dependency pattern {pattern['name']!r} lacks the nodes {missing}")
            matcher = DependencyMatcher(vocab)
            matcher.add(pattern["name"], [pattern["pattern"]])
            # the words its nodes ask for (with their dependency labels, when they ask for those too), as string
            # hashes: a document must hold a token for each
            needs = [({vocab.strings.add(w) for w in words}, {vocab.strings.add(d) for d in _values(attrs, "DEP")})
                     for node in pattern["pattern"] if (words := _words(attrs := node["RIGHT_ATTRS"]))]
            self.matchers.append((matcher, needs))
            self.patterns.append((pattern["name"], pattern["pattern"]))
            self.relation[pattern["name"]] = pattern["relation"]
            self.node_names[pattern["name"]] = names
            self.kinds[pattern["name"]] = {node: set(kinds) for node, kinds in pattern.get("kinds", {}).items()}

    def __len__(self) -> int:
        return len(self.relation)

    def matches(self, doc: Doc) -> Iterator[PatternMatch]:
        """The matches of the patterns for which a sentence holds a word for every node that asks for one, matched in
        those sentences only (a tree never crosses one)."""
        if not self.matchers:
            return
        rows = doc.to_array([LEMMA, LOWER, DEP]).tolist()
        candidates = self._needed(rows, range(len(self.matchers)))  # for the document, then for each sentence
        if not candidates:
            return
        sentences, needed = [], set()
        for sentence in doc.sents:
            here = self._needed(rows[sentence.start:sentence.end], candidates)
            if here:
                sentences.append(sentence)
                needed.update(here)
        if not needed:
            return
        key = tuple(sorted(needed))
        matcher = self.combined.get(key)
        if matcher is None:
            matcher = _SentenceMatcher(self.vocab)
            for n in key:
                matcher.add(*self.patterns[n][:1], [self.patterns[n][1]])
            if len(self.combined) < 256:  # bounded: the sets of patterns documents need are few
                self.combined[key] = matcher
        _SENTENCES.value = sentences
        try:
            found = matcher(doc)
        finally:
            _SENTENCES.value = ()  # (the document is not kept alive by the thread)
        order = {self.vocab.strings[self.patterns[n][0]]: rank for rank, n in enumerate(key)}
        for match_id, token_ids in sorted(found, key=lambda m: order[m[0]]):  # pattern by pattern, as listed
            name = doc.vocab.strings[match_id]
            tokens = {node: doc[i] for node, i in zip(self.node_names[name], token_ids)}
            yield PatternMatch(name, self.relation[name], tokens, self.kinds[name])

    def _needed(self, rows: list[list[int]], candidates: Iterable[int]) -> tuple[int, ...]:
        """Of the ``candidates``, the patterns whose every node that asks for a word (with its dependency label, if
        it asks for one) finds one among these tokens' (lemma, lower-case form, label) rows."""
        words_here = {row[0] for row in rows} | {row[1] for row in rows}
        pairs_here = {(row[0], row[2]) for row in rows} | {(row[1], row[2]) for row in rows}  # (word, its label)
        return tuple(n for n in candidates if all(
            words & words_here and (not deps or any((w, d) in pairs_here for w in words & words_here for d in deps))
            for words, deps in self.matchers[n][1]))


#: The sentences the current thread's ``_SentenceMatcher`` call matches in.
_SENTENCES = threading.local()


class _SentenceMatcher(DependencyMatcher):
    """A ``DependencyMatcher`` that matches its nodes' token patterns in the sentences it is given only.

    spaCy's runs every node's pattern (every ``pobj``, every ``nsubj``) over the whole document, which cost more than
    all of Harbour's rules on English news; the sentences that hold no word a pattern asks for cannot match. It
    overrides the step of ``DependencyMatcher.__call__`` that finds the tokens (spaCy 3.8, pinned); the matches are
    the same (``tests/test_dependency_patterns.py`` compares both on the gold texts). The sentences of the call are
    the thread's (``_SENTENCES``): one matcher serves every document that needs its patterns."""

    def _get_keys_to_position_maps(self, doc: Doc) -> dict:
        keys_to_position_maps: dict = defaultdict(lambda: defaultdict(list))
        for sentence in _SENTENCES.value:
            for match_id, start, _ in self._matcher(sentence):
                token = doc[sentence.start + start]
                root = ([token] + list(token.ancestors))[-1]
                keys_to_position_maps[root.i][match_id].append(token.i)
        return keys_to_position_maps


__all__ = ["DEFAULT_PATTERNS", "REQUIRED_NODES", "DependencyPatterns", "PatternMatch"]
