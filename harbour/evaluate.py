"""Scoring extraction against gold files and against the Japanese NER data.

Two measures, both printed by ``harbour eval``:

* **Knowledge-graph level**, on gold files (``tests/gold/*.json``): the extractor's triples for a document are
  compared with the things, relations, quantities and dates a reader finds in it. One entity node must stand for one
  real-world thing: a second node for the same thing counts against precision (a *duplicate*).
* **NER level**, on the Wikipedia sentences of ``stockmarkteam/ner-wikipedia-dataset``: typed spans, exact
  boundaries, its 8 types compared through the ontology contract (Person → 人名, Company → 法人名, ...).

Gold file format (JSON, one document per file)::

    {"id": "...", "split": "tune" | "heldout" | "sample", "lang": "ja", "date": "2025-03-14" | null,
     "text": "..."  (or "text_file": path relative to the gold file),
     "entities":   [{"class": "Company" | [classes], "names": [surface forms], "optional": false}],
     "relations":  [{"type": "role", "holder": name, "title": str | [str], "organization": name | null},
                    {"type": "visit", "visitors": [names], "accompanied_by": [names], "location": name,
                     "date": "2025-06-02"},
                    {"type": "offers", "organization": name, "product": name},
                    {"type": "partOf", "part": name, "whole": name},
                    {"type": "locatedIn", "thing": name, "place": name}],
     "quantities": [{"text": "約300 PFLOPS", "value": "300", "unit": "PFLOPS" | [units] | null,
                     "qualifier": "Approximately" | null, "of": name | null}],
     "dates":      [{"text": "今日", "value": "2024-11-22"}]}

A name in a relation or quantity is any surface form of a gold entity. Optional entities, quantities and dates
count neither for nor against the extractor.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, URIRef

from harbour.ontology import HB, NIF, RDF, RDFS, SKOS

# --- classes, compared at the granularity of the ontology contract ------------------------------------------

#: The contract's row for each ontology class (places of every kind are one row, products and works another).
CONTRACT_KIND: dict[str, str] = {
    "Person": "person", "Company": "company", "GovernmentOrganization": "government",
    "Organization": "organization", "Place": "place", "Country": "place", "City": "place",
    "AdministrativeArea": "place", "Facility": "facility", "Product": "product", "CreativeWork": "product",
    "Event": "event",
}
#: The NER data's types, by contract row.
NER_TYPE: dict[str, str] = {
    "person": "人名", "company": "法人名", "government": "政治的組織名", "organization": "その他の組織名",
    "place": "地名", "facility": "施設名", "product": "製品名", "event": "イベント名",
}
ENTITY_CLASS_IRIS = {HB[name]: name for name in CONTRACT_KIND}


def normalise(text: str) -> str:
    """How two spellings of a name or title are compared: NFKC, case-folded, no leading article, single spaces.

    >>> normalise(" The  Hong Kong Science Park"), normalise("ＡＢＣ")
    ('hong kong science park', 'abc')
    """
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return folded[4:] if folded.startswith("the ") else folded


# --- scores ------------------------------------------------------------------------------------------------


@dataclass
class Score:
    """True positives, predictions and gold items, with precision, recall and F1."""

    tp_pred: int = 0  # predictions that are right
    predicted: int = 0
    tp_gold: int = 0  # gold items found
    gold: int = 0

    def __iadd__(self, other: "Score") -> "Score":
        self.tp_pred += other.tp_pred
        self.predicted += other.predicted
        self.tp_gold += other.tp_gold
        self.gold += other.gold
        return self

    @property
    def precision(self) -> float:
        return self.tp_pred / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "predicted": self.predicted, "correct_predicted": self.tp_pred, "gold": self.gold,
                "found_gold": self.tp_gold}

    def line(self) -> str:
        return (f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}   "
                f"({self.tp_pred}/{self.predicted} predicted right, {self.tp_gold}/{self.gold} gold found)")


# --- gold files --------------------------------------------------------------------------------------------


@dataclass
class GoldEntity:
    kinds: frozenset[str]
    names: list[str]
    optional: bool = False

    @property
    def label(self) -> str:
        return self.names[0]


@dataclass
class GoldDocument:
    doc_id: str
    split: str
    lang: str | None
    date: datetime.date | None
    text: str
    entities: list[GoldEntity]
    relations: list[dict]
    quantities: list[dict]
    dates: list[dict]
    path: Path | None = None

    def entity_named(self, name: str | None) -> int | None:
        """The index of the gold entity one of whose names is ``name``."""
        if name is None:
            return None
        key = normalise(name)
        for i, entity in enumerate(self.entities):
            if key in {normalise(n) for n in entity.names}:
                return i
        raise GoldFileError(f"{self.doc_id}: {name!r} is not a name of any gold entity")


class GoldFileError(ValueError):
    """A gold file is malformed."""


def _as_list(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def load_gold(path: Path) -> GoldDocument:
    """Read and check one gold file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise GoldFileError(f"{path}: {error}") from error
    if "text" in data:
        text = data["text"]
    elif "text_file" in data:
        text = (path.parent / data["text_file"]).read_text(encoding="utf-8")
    else:
        raise GoldFileError(f"{path}: needs 'text' or 'text_file'")
    entities = []
    for item in data.get("entities", []):
        classes = _as_list(item["class"])
        unknown = [c for c in classes if c not in CONTRACT_KIND]
        if unknown:
            raise GoldFileError(f"{path}: unknown class {unknown}")
        entities.append(GoldEntity(frozenset(CONTRACT_KIND[c] for c in classes), list(item["names"]),
                                   bool(item.get("optional"))))
    date = datetime.date.fromisoformat(data["date"]) if data.get("date") else None
    gold = GoldDocument(data["id"], data.get("split", "tune"), data.get("lang"), date, text, entities,
                        data.get("relations", []), data.get("quantities", []), data.get("dates", []), path)
    for relation in gold.relations:  # every name must resolve, so typos fail loudly
        _gold_relation_tuples(gold, relation)
    for quantity in gold.quantities:
        gold.entity_named(quantity.get("of"))
    return gold


# --- predictions, read back from the triples ---------------------------------------------------------------


@dataclass
class PredictedEntity:
    iri: URIRef
    kinds: frozenset[str]
    forms: set[str]  # normalised label and alternative labels


def predicted_entities(graph: Graph) -> list[PredictedEntity]:
    found: dict[URIRef, PredictedEntity] = {}
    for cls_iri, name in ENTITY_CLASS_IRIS.items():
        for subject in graph.subjects(RDF.type, cls_iri):
            entity = found.setdefault(subject, PredictedEntity(subject, frozenset(), set()))
            entity.kinds = entity.kinds | {CONTRACT_KIND[name]}
    for entity in found.values():
        for prop in (RDFS.label, SKOS.altLabel):
            entity.forms.update(normalise(str(o)) for o in graph.objects(entity.iri, prop))
    return list(found.values())


@dataclass
class Alignment:
    """Which predicted entity stands for which gold entity."""

    gold_of: dict[URIRef, int] = field(default_factory=dict)  # every predicted node that names a gold thing
    typed: Score = field(default_factory=Score)
    untyped: Score = field(default_factory=Score)
    duplicates: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong_class: list[str] = field(default_factory=list)


def align_entities(gold: GoldDocument, predicted: list[PredictedEntity]) -> Alignment:
    """One-to-one alignment by shared surface forms, typed matches first; extra nodes for a thing are duplicates."""
    names = [{normalise(n) for n in g.names} for g in gold.entities]
    pairs = []
    for p_index, entity in enumerate(predicted):
        for g_index, gold_names in enumerate(names):
            overlap = len(entity.forms & gold_names)
            if overlap:
                typed = bool(entity.kinds & gold.entities[g_index].kinds)
                pairs.append((not typed, -overlap, p_index, g_index))
    pairs.sort()
    result = Alignment()
    assigned_p: dict[int, int] = {}
    assigned_g: set[int] = set()
    for _, _, p_index, g_index in pairs:
        if p_index in assigned_p or g_index in assigned_g:
            continue
        assigned_p[p_index] = g_index
        assigned_g.add(g_index)
    overlapping = defaultdict(list)
    for _, _, p_index, g_index in pairs:
        overlapping[p_index].append(g_index)
    required = [i for i, g in enumerate(gold.entities) if not g.optional]
    result.typed.gold = result.untyped.gold = len(required)
    for p_index, entity in enumerate(predicted):
        label = sorted(entity.forms)[0] if entity.forms else str(entity.iri)
        g_index = assigned_p.get(p_index)
        if g_index is None and overlapping.get(p_index):
            g_index = overlapping[p_index][0]
            result.gold_of[entity.iri] = g_index
            if not gold.entities[g_index].optional:
                result.typed.predicted += 1
                result.untyped.predicted += 1
                result.duplicates.append(f"{label} (again {gold.entities[g_index].label})")
            continue
        if g_index is None:
            result.typed.predicted += 1
            result.untyped.predicted += 1
            result.spurious.append(f"{label} {'/'.join(sorted(entity.kinds))}")
            continue
        result.gold_of[entity.iri] = g_index
        if gold.entities[g_index].optional:
            continue
        result.typed.predicted += 1
        result.untyped.predicted += 1
        result.untyped.tp_pred += 1
        result.untyped.tp_gold += 1
        if entity.kinds & gold.entities[g_index].kinds:
            result.typed.tp_pred += 1
            result.typed.tp_gold += 1
        else:
            result.wrong_class.append(f"{label}: {'/'.join(sorted(entity.kinds))} "
                                      f"(gold {'/'.join(sorted(gold.entities[g_index].kinds))})")
    result.missed = [gold.entities[i].label for i in required if i not in assigned_g]
    result.missed += [f"{gold.entities[i].label} (class)" for i in required
                      if i in assigned_g and not any(
                          g == i and predicted[p].kinds & gold.entities[i].kinds for p, g in assigned_p.items())]
    return result


# --- relations ---------------------------------------------------------------------------------------------

#: Where a gold text is cut into sentences to quote the one a missed relation is in.
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)\s+|\n+")

RELATION_TYPES = ("role", "visit", "accompanied", "visitDate", "offers", "partOf", "locatedIn")


def _gold_relation_tuples(gold: GoldDocument, relation: dict) -> list[tuple]:
    kind = relation["type"]
    entity = gold.entity_named
    if kind == "role":
        titles = tuple(sorted(normalise(t) for t in _as_list(relation["title"])))
        return [("role", entity(relation["holder"]), entity(relation.get("organization")), titles)]
    if kind == "visit":
        location = entity(relation["location"])
        visitors = [entity(n) for n in relation.get("visitors", [])]
        companions = [entity(n) for n in relation.get("accompanied_by", [])]
        tuples: list[tuple] = [("visit", p, location) for p in visitors + companions]
        tuples += [("accompanied", p, location) for p in companions]
        if relation.get("date"):
            tuples.append(("visitDate", location, relation["date"]))
        return tuples
    if kind == "offers":
        return [("offers", entity(relation["organization"]), entity(relation["product"]))]
    if kind == "partOf":
        return [("partOf", entity(relation["part"]), entity(relation["whole"]))]
    if kind == "locatedIn":
        return [("locatedIn", entity(relation["thing"]), entity(relation["place"]))]
    raise GoldFileError(f"{gold.doc_id}: unknown relation type {kind!r}")


def _predicted_relation_tuples(graph: Graph, gold_of: dict[URIRef, int]) -> dict[tuple, str]:
    """Relations read back from the graph, with entities replaced by gold indices (None when not a gold thing),
    each with the sentence that states it."""
    g = gold_of.get
    tuples: dict[tuple, str] = {}

    def add(t: tuple, fact: URIRef | None) -> None:
        tuples.setdefault(t, _stated_in(graph, fact))

    for role in graph.subjects(RDF.type, HB.Role):
        holder = graph.value(role, HB.holder)
        organization = graph.value(role, HB.organization)
        title = normalise(str(graph.value(role, HB.roleName) or ""))
        add(("role", g(holder, -1), g(organization, -1) if organization is not None else None, title), role)
    for visit in graph.subjects(RDF.type, HB.Visit):
        locations = [g(loc, -1) for loc in graph.objects(visit, HB.location)]
        companions = set(graph.objects(visit, HB.accompaniedBy))
        for location in locations:
            for person in set(graph.objects(visit, HB.participant)) | companions:
                add(("visit", g(person, -1), location), visit)
            for person in companions:
                add(("accompanied", g(person, -1), location), visit)
            for date in graph.objects(visit, HB.startDate):
                add(("visitDate", location, str(date)), visit)
    for offering in graph.subjects(RDF.type, HB.ProductOffering):
        add(("offers", g(graph.value(offering, HB.offeredBy), -1), g(graph.value(offering, HB.product), -1)),
            offering)
    containments = {(graph.value(c, HB.contained), graph.value(c, HB.container)): c
                    for c in graph.subjects(RDF.type, HB.Containment)}
    for prop, kind in ((HB.partOf, "partOf"), (HB.parentOrganization, "partOf"), (HB.containedInPlace, "locatedIn"),
                       (HB.location, "locatedIn")):
        for s, o in graph.subject_objects(prop):
            if prop != HB.location or (s, RDF.type, HB.Visit) not in graph:
                add((kind, g(s, -1), g(o, -1)), containments.get((s, o)))
    return tuples


def _stated_in(graph: Graph, fact: URIRef | None) -> str:
    """The text of the sentence a fact node points to."""
    sentence = graph.value(fact, HB.statedIn) if fact is not None else None
    text = graph.value(sentence, NIF.anchorOf) if sentence is not None else None
    return " ".join(str(text).split()) if text is not None else ""


def _sentence_naming(gold: GoldDocument, t: tuple) -> str:
    """The first sentence of the gold text that names every gold thing of a relation tuple (else the most)."""
    wanted = [gold.entities[x].names for x in t[1:] if isinstance(x, int) and x >= 0]
    best, best_count = "", 0
    for sentence in _SENTENCE_END.split(gold.text):
        folded = normalise(sentence)
        count = sum(any(normalise(n) in folded for n in names) for names in wanted)
        if count > best_count:
            best, best_count = " ".join(sentence.split()), count
            if count == len(wanted):
                break
    return best


def _role_matches(pred: tuple, gold: tuple, strict_org: bool) -> bool:
    _, holder, organization, title = pred
    _, g_holder, g_organization, g_titles = gold
    if holder != g_holder or title not in g_titles:
        return False
    return organization == g_organization or (not strict_org and organization is None)


def score_relations(gold: GoldDocument, graph: Graph, alignment: Alignment) -> tuple[dict[str, Score], list[str]]:
    """Per relation type. A role stated without its organisation is right (for precision) but does not find a gold
    role that names one (for recall). A wrong prediction about an optional thing does not count. Each note quotes
    the sentence: the one the extractor cites for a wrong prediction, the first naming the things for a miss."""
    gold_tuples = list(dict.fromkeys(t for r in gold.relations for t in _gold_relation_tuples(gold, r)))
    predicted = _predicted_relation_tuples(graph, alignment.gold_of)
    scores = {kind: Score() for kind in RELATION_TYPES}
    notes: list[str] = []
    for t in gold_tuples:
        found = any(_relation_matches(p, t, strict_org=True) for p in predicted)
        scores[t[0]] += Score(gold=1, tp_gold=int(found))
        notes += [] if found else [f"missed {_describe(gold, t)}   « {_sentence_naming(gold, t)} »"]
    optional = {i for i, entity in enumerate(gold.entities) if entity.optional}
    for p, sentence in predicted.items():
        right = any(_relation_matches(p, t, strict_org=False) for t in gold_tuples)
        if not right and any(isinstance(x, int) and x in optional for x in p[1:]):
            continue  # about a thing the gold leaves optional: neither right nor wrong
        scores[p[0]] += Score(predicted=1, tp_pred=int(right))
        notes += [] if right else [f"wrong  {_describe(gold, p)}   « {sentence} »"]
    return scores, notes


def _relation_matches(pred: tuple, gold: tuple, strict_org: bool) -> bool:
    if pred[0] != gold[0]:
        return False
    return _role_matches(pred, gold, strict_org) if pred[0] == "role" else pred == gold


def _describe(gold: GoldDocument, t: tuple) -> str:
    def name(x: object) -> str:
        if isinstance(x, int):
            return gold.entities[x].label if x >= 0 else "<not a gold entity>"
        return str(x)
    return f"{t[0]}(" + ", ".join(name(x) for x in t[1:]) + ")"


# --- quantities and dates ----------------------------------------------------------------------------------


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def score_quantities(gold: GoldDocument, graph: Graph, alignment: Alignment) -> tuple[Score, Score, list[str]]:
    """(value + unit + qualifier, also the thing measured): a prediction is right when value and unit match."""
    predicted = []
    for node in graph.subjects(RDF.type, HB.Quantity):
        unit = graph.value(node, HB.unitText)
        qualifier = graph.value(node, HB.qualifier)
        measured = graph.value(node, HB.quantityOf)
        predicted.append({"value": _decimal(graph.value(node, HB.value)),
                          "unit": normalise(str(unit)) if unit is not None else None,
                          "qualifier": str(qualifier).rsplit("#", 1)[-1] if qualifier is not None else None,
                          "of": alignment.gold_of.get(measured, -1) if measured is not None else None,
                          "text": str(graph.value(node, HB.asWritten))})
    exact, linked = Score(), Score()
    notes = []
    used: set[int] = set()
    matched_optional: set[int] = set()
    for item in gold.quantities:
        units = {normalise(u) if u is not None else None for u in (_as_list(item["unit"]) or [None])}
        value = _decimal(item["value"])
        match = next((i for i, p in enumerate(predicted) if i not in used and p["value"] == value
                      and p["unit"] in units), None)
        if match is not None:
            used.add(match)
        if item.get("optional"):
            matched_optional.update({match} - {None})
            continue
        exact.gold += 1
        linked.gold += 1
        if match is None:
            notes.append(f"missed {item['text']}")
            continue
        p = predicted[match]
        right_qualifier = p["qualifier"] == item.get("qualifier")
        exact.tp_gold += right_qualifier
        exact.tp_pred += right_qualifier
        if not right_qualifier:
            notes.append(f"qualifier {item['text']}: {p['qualifier']}")
        gold_of = gold.entity_named(item.get("of"))
        right_link = right_qualifier and (gold_of is None or p["of"] == gold_of)
        linked.tp_gold += right_link
        linked.tp_pred += right_link
        if right_qualifier and not right_link:
            notes.append(f"measured {item['text']}: {_describe(gold, ('of', p['of']))[3:-1]}"
                         f" (gold: {gold.entities[gold_of].label})")
    for i, p in enumerate(predicted):
        if i in matched_optional:
            continue
        exact.predicted += 1
        linked.predicted += 1
        if i not in used:
            notes.append(f"wrong  {p['text']} = {p['value']} {p['unit']}")
    return exact, linked, notes


def score_dates(gold: GoldDocument) -> tuple[Score, list[str]]:
    """The date normaliser on the document's text, anchored on its date (metadata, else its dateline)."""
    from harbour.extract.dates import document_date, find_dates

    anchor = gold.date or document_date(gold.text)
    predicted = [(m.text, m.value) for m in find_dates(gold.text, anchor) if m.value]  # unresolved: no claim
    score = Score()
    notes = []
    remaining = list(predicted)
    optional = {(d["text"], d["value"]) for d in gold.dates if d.get("optional")}
    for item in gold.dates:
        key = (item["text"], item["value"])
        hit = key in remaining
        if hit:
            remaining.remove(key)
        if item.get("optional"):
            continue
        score.gold += 1
        score.tp_gold += hit
        if not hit:
            notes.append(f"missed {item['text']} = {item['value']}")
    for key in predicted:
        if key in optional:
            continue
        score.predicted += 1
        right = key in {(d["text"], d["value"]) for d in gold.dates}
        score.tp_pred += right
        if not right:
            notes.append(f"wrong  {key[0]} = {key[1]}")
    return score, notes


# --- one document, many documents --------------------------------------------------------------------------


@dataclass
class DocumentReport:
    doc_id: str
    split: str
    entities: Score
    entities_untyped: Score
    relations: dict[str, Score]
    quantities: Score
    quantities_linked: Score
    dates: Score
    notes: list[str]


def score_document(gold: GoldDocument, triples: Iterable[tuple]) -> DocumentReport:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    alignment = align_entities(gold, predicted_entities(graph))
    relations, relation_notes = score_relations(gold, graph, alignment)
    quantities, linked, quantity_notes = score_quantities(gold, graph, alignment)
    dates, date_notes = score_dates(gold)
    notes = ([f"entity missed {m}" for m in alignment.missed] + [f"entity spurious {s}" for s in alignment.spurious]
             + [f"entity duplicate {d}" for d in alignment.duplicates]
             + [f"entity class {w}" for w in alignment.wrong_class]
             + [f"relation {n}" for n in relation_notes] + [f"quantity {n}" for n in quantity_notes]
             + [f"date {n}" for n in date_notes])
    return DocumentReport(gold.doc_id, gold.split, alignment.typed, alignment.untyped, relations, quantities, linked,
                          dates, notes)


def extract_gold(golds: Sequence[GoldDocument], extractor) -> list[DocumentReport]:
    from harbour.extract import TextDocument

    reports = []
    for gold in golds:
        extraction = extractor.extract(TextDocument(gold.doc_id, gold.text, date=gold.date, lang=gold.lang))
        reports.append(score_document(gold, extraction.triples))
    return reports


def relation_errors_by_type(reports: Iterable[DocumentReport]) -> dict[str, list[str]]:
    """Every relation miss and wrong prediction, grouped by relation type, each with its document."""
    grouped: dict[str, list[str]] = {kind: [] for kind in RELATION_TYPES}
    for report in reports:
        for note in report.notes:
            if note.startswith("relation "):
                verdict, described = note[len("relation "):].split(" ", 1)
                described = described.lstrip()
                grouped[described.split("(", 1)[0]].append(f"{verdict:<6} [{report.doc_id}] {described}")
    return {kind: notes for kind, notes in grouped.items() if notes}


@dataclass
class Summary:
    documents: int = 0
    entities: Score = field(default_factory=Score)
    entities_untyped: Score = field(default_factory=Score)
    duplicates: int = 0
    relations: Score = field(default_factory=Score)
    relation_types: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in RELATION_TYPES})
    quantities: Score = field(default_factory=Score)
    quantities_linked: Score = field(default_factory=Score)
    dates: Score = field(default_factory=Score)

    def add(self, report: DocumentReport) -> None:
        self.documents += 1
        self.entities += report.entities
        self.entities_untyped += report.entities_untyped
        self.duplicates += sum(1 for n in report.notes if n.startswith("entity duplicate"))
        for kind, score in report.relations.items():
            self.relations += score
            self.relation_types[kind] += score
        self.quantities += report.quantities
        self.quantities_linked += report.quantities_linked
        self.dates += report.dates

    def as_dict(self) -> dict:
        return {"documents": self.documents, "entities": self.entities.as_dict(),
                "entities_untyped": self.entities_untyped.as_dict(), "duplicates": self.duplicates,
                "relations": self.relations.as_dict(),
                "relation_types": {k: v.as_dict() for k, v in self.relation_types.items() if v.gold or v.predicted},
                "quantities": self.quantities.as_dict(), "quantities_linked": self.quantities_linked.as_dict(),
                "dates": self.dates.as_dict()}

    def lines(self) -> list[str]:
        out = [f"  entities (typed)     {self.entities.line()}",
               f"  entities (untyped)   {self.entities_untyped.line()}   duplicates {self.duplicates}",
               f"  relations            {self.relations.line()}"]
        out += [f"    {kind:<18} {score.line()}" for kind, score in self.relation_types.items()
                if score.gold or score.predicted]
        out += [f"  quantities           {self.quantities.line()}",
                f"  quantities + linked  {self.quantities_linked.line()}",
                f"  dates                {self.dates.line()}"]
        return out


def summarise(reports: Iterable[DocumentReport]) -> dict[str, Summary]:
    """One summary per split, and ``all``."""
    summaries: dict[str, Summary] = defaultdict(Summary)
    for report in reports:
        summaries[report.split].add(report)
        summaries["all"].add(report)
    return dict(summaries)


# --- the NER data ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NerRecord:
    index: int
    text: str
    spans: frozenset[tuple[int, int, str]]  # begin, end, NER type


def load_ner(path: Path) -> list[NerRecord]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [NerRecord(i, r["text"], frozenset((e["span"][0], e["span"][1], e["type"]) for e in r["entities"]))
            for i, r in enumerate(data)]


def ner_type(class_name: str) -> str | None:
    kind = CONTRACT_KIND.get(class_name)
    return NER_TYPE.get(kind) if kind else None


@dataclass
class NerReport:
    records: int
    overall: Score
    by_type: dict[str, Score]
    subset: str

    def as_dict(self) -> dict:
        return {"records": self.records, "subset": self.subset, "overall": self.overall.as_dict(),
                "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())}}

    def lines(self) -> list[str]:
        out = [f"  typed spans          {self.overall.line()}"]
        out += [f"    {t:<18} {s.line()}" for t, s in sorted(self.by_type.items(), key=lambda kv: -kv[1].gold)]
        return out


def score_ner(records: Sequence[NerRecord], predictions: Sequence[Iterable[tuple[int, int, str]]],
              subset: str) -> NerReport:
    """Exact-boundary typed span F1 (the usual CoNLL measure), per type and micro-averaged."""
    overall = Score()
    by_type: dict[str, Score] = defaultdict(Score)
    for record, predicted in zip(records, predictions):
        predicted = set(predicted)
        for span in record.spans:
            hit = span in predicted
            for score in (overall, by_type[span[2]]):
                score.gold += 1
                score.tp_gold += hit
        for span in predicted:
            hit = span in record.spans
            for score in (overall, by_type[span[2]]):
                score.predicted += 1
                score.tp_pred += hit
    return NerReport(len(records), overall, dict(by_type), subset)


def predict_ner(texts: Sequence[str], nlp, source: str = "harbour",
                batch_size: int = 64) -> list[list[tuple[int, int, str]]]:
    """Typed spans per text: ``harbour`` (the pipeline's entities), ``trained`` (the trained component alone) or
    ``raw`` (GiNZA's own entities through the label table: the baseline)."""
    return predict_ner_sources(texts, nlp, (source,), batch_size)[source]


def predict_ner_sources(texts: Sequence[str], nlp, sources: Sequence[str],
                        batch_size: int = 64) -> dict[str, list[list[tuple[int, int, str]]]]:
    """``predict_ner`` for several sources from one run of the pipeline."""
    from harbour.extract.entities import ENTITIES, TRAINED
    from harbour.extract.labels import map_label

    results: dict[str, list[list[tuple[int, int, str]]]] = {source: [] for source in sources}
    for doc in nlp.pipe(texts, batch_size=batch_size):
        for source in sources:
            if source == "raw":
                spans = [(e.start_char, e.end_char, map_label(e.label_) or "") for e in doc.ents]
            else:
                spans = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get(
                    TRAINED if source == "trained" else ENTITIES, [])]
            results[source].append([(b, e, kind) for b, e, cls in spans if (kind := ner_type(cls))])
    return results


def ner_subset(records: Sequence[NerRecord], nlp, fold: int | None = None) -> tuple[list[NerRecord], str]:
    """The records a trained component of ``nlp`` has not been trained on (all of them if nothing was trained),
    or those of one ``fold`` (record index mod 5) when asked. Never a record the component saw: when every record
    asked for was trained on, the list is empty and the text says why."""
    from harbour.extract.models import held_out_indices, trained_folds

    split = trained_folds(nlp)
    if fold is not None:
        if split and fold in split[1]:
            return [], f"fold {fold}: the trained NER model was trained on it"
        return fold_records(records, fold)
    held_out = held_out_indices(nlp, len(records))
    if held_out is None:
        return list(records), "all records (no component of the pipeline was trained on them)"
    if not held_out:
        return [], f"all records: the trained NER model was trained on folds {folds_text(split[1])}, every one"
    chosen = [r for r in records if r.index in held_out]
    return chosen, f"{len(chosen)} records held out from training"


def fold_records(records: Sequence[NerRecord], fold: int | None) -> tuple[list[NerRecord], str]:
    """The records of one fold (record index mod 5), or all of them when ``fold`` is None; and a text saying so."""
    if fold is None:
        return list(records), f"all records: {len(records)}"
    chosen = [r for r in records if r.index % 5 == fold]
    return chosen, f"fold {fold}: {len(chosen)} records"


def folds_text(folds: Iterable[int]) -> str:
    """``{0, 1, 2, 3, 4}`` → ``0-4``; ``{1, 3}`` → ``1, 3``."""
    folds = sorted(folds)
    if len(folds) > 2 and folds == list(range(folds[0], folds[-1] + 1)):
        return f"{folds[0]}-{folds[-1]}"
    return ", ".join(map(str, folds))


def cross_validation_lines(figures: dict) -> list[str]:
    """The recipe's cross-validated NER figures (``training/cross_validate.py``), per fold and mean ± sd."""
    out = [f"  cross-validated ({len(figures['folds'])} folds; recipe {figures['recipe']} at commit "
           f"{figures['commit']}; each fold scored by a model trained on the other four):",
           "    fold   records   model alone P / R / F1    Harbour's pipeline P / R / F1"]
    for fold in figures["folds"]:
        model, pipeline = fold["model"]["overall"], fold["pipeline"]["overall"]
        out.append(f"    {fold['fold']:<6} {fold['records']:<9} "
                   f"{model['precision']:.3f} / {model['recall']:.3f} / {model['f1']:.3f}     "
                   f"{pipeline['precision']:.3f} / {pipeline['recall']:.3f} / {pipeline['f1']:.3f}")
    mean = figures["mean"]
    out.append(f"    mean             {mean['model']['precision']:.3f} / {mean['model']['recall']:.3f} / "
               f"{mean['model']['f1']:.3f} ± {mean['model']['f1_sd']:.3f}   "
               f"{mean['pipeline']['precision']:.3f} / {mean['pipeline']['recall']:.3f} / "
               f"{mean['pipeline']['f1']:.3f} ± {mean['pipeline']['f1_sd']:.3f}")
    return out


def type_counts(records: Iterable[NerRecord]) -> Counter:
    return Counter(span[2] for r in records for span in r.spans)
