"""From an annotated spaCy Doc to RDF triples under Harbour's ontology (NIF mentions, PROV-O)."""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node
from spacy.tokens import Doc, Span

from harbour.graph import identity
from harbour.ontology import HB, ITSRDF, NIF, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

from . import labels as L
from .components import ENTITIES, Facts
from .dates import DateMention, find_dates
from .quantities import find_quantities

Triple = tuple[URIRef, URIRef, Node]


@dataclass(frozen=True)
class DocumentMeta:
    """What the extractor knows about a document besides its text."""

    doc_id: str
    source: str | None
    title: str | None
    date: datetime.date | None
    lang: str


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_iri(source: str | None) -> URIRef | None:
    """A URL stays as it is; a local path becomes a file: IRI."""
    if not source:
        return None
    if "://" in source or source.startswith("urn:"):
        return URIRef(source)
    return URIRef(Path(source).resolve().as_uri())


@dataclass
class _Entity:
    iri: URIRef
    cls: str
    label: str
    surface_forms: list[str]
    extra_classes: set[str]


class _Builder:
    def __init__(self, doc: Doc, meta: DocumentMeta, base: str) -> None:
        self.doc = doc
        self.meta = meta
        self.base = base
        self.iri = URIRef(identity.document_iri(base, meta.doc_id))
        self.triples: list[Triple] = []
        self.sentence_iris: dict[int, URIRef] = {}
        self.entity_of_span: dict[tuple[int, int], _Entity] = {}

    def add(self, s: URIRef, p: URIRef, o: Node) -> None:
        self.triples.append((s, p, o))

    def lit(self, text: str) -> Literal:
        return Literal(text, lang=self.meta.lang)

    # --- document and sentences -------------------------------------------------------------

    def document(self, extractor_version: str, models: list[str], started: datetime.datetime) -> None:
        doc, iri = self.doc, self.iri
        self.add(iri, RDF.type, HB.Document)
        self.add(iri, RDF.type, NIF.Context)
        self.add(iri, NIF.isString, Literal(doc.text))
        self.add(iri, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger))
        self.add(iri, NIF.endIndex, Literal(len(doc.text), datatype=XSD.nonNegativeInteger))
        self.add(iri, HB.documentId, Literal(self.meta.doc_id))
        self.add(iri, HB.contentHash, Literal(content_hash(doc.text)))
        self.add(iri, HB.language, Literal(self.meta.lang))
        if (src := source_iri(self.meta.source)) is not None:
            self.add(iri, NIF.sourceUrl, src)
        if self.meta.title:
            self.add(iri, SCHEMA.name, self.lit(self.meta.title))
        if self.meta.date:
            self.add(iri, HB.datePublished, Literal(self.meta.date.isoformat(), datatype=XSD.date))
        activity = URIRef(identity.extraction_iri(str(iri)))
        self.add(iri, PROV.wasGeneratedBy, activity)
        self.add(activity, RDF.type, HB.Extraction)
        self.add(activity, HB.extractorVersion, Literal(extractor_version))
        for model in models:
            self.add(activity, HB.model, Literal(model))
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        self.add(activity, PROV.startedAtTime, Literal(started.replace(microsecond=0), datatype=XSD.dateTime))
        self.add(activity, PROV.endedAtTime, Literal(now, datatype=XSD.dateTime))

    def sentences(self) -> None:
        for sentence in self.doc.sents:
            text = sentence.text
            begin = sentence.start_char + (len(text) - len(text.lstrip()))
            end = sentence.end_char - (len(text) - len(text.rstrip()))
            if end <= begin:
                continue
            iri = URIRef(identity.sentence_iri(str(self.iri), begin, end))
            self.sentence_iris[sentence.start] = iri
            self.add(iri, RDF.type, NIF.Sentence)
            self.add(iri, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger))
            self.add(iri, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger))
            self.add(iri, NIF.anchorOf, Literal(self.doc.text[begin:end]))
            self.add(iri, NIF.referenceContext, self.iri)

    def sentence_of(self, span: Span) -> URIRef:
        sentence = span.sent
        return self.sentence_iris.get(sentence.start) or next(iter(self.sentence_iris.values()))

    # --- entities and mentions --------------------------------------------------------------

    def entities(self) -> None:
        spans = list(self.doc.spans.get(ENTITIES, []))
        canonical = _canonical_names(spans)
        groups: dict[tuple[str, str], list[Span]] = defaultdict(list)
        for span in spans:
            groups[(span.label_, canonical[(span.label_, span.text)])].append(span)
        for (cls, name), members in groups.items():
            forms = list(dict.fromkeys(_clean(m.text) for m in members))
            label = name if name in forms else forms[0]
            entity = _Entity(URIRef(identity.entity_iri(self.base, cls, name)), cls, label,
                             [f for f in forms if f != label], set())
            for member in members:
                self.entity_of_span[(member.start, member.end)] = entity
        for entity in {id(e): e for e in self.entity_of_span.values()}.values():
            self.add(entity.iri, RDF.type, HB[entity.cls])
            self.add(entity.iri, RDFS.label, self.lit(entity.label))
            for alias in entity.surface_forms:
                self.add(entity.iri, SKOS.altLabel, self.lit(alias))
            self.add(self.iri, HB.mentions, entity.iri)
        for span in spans:
            entity = self.entity_of_span[(span.start, span.end)]
            mention = URIRef(identity.mention_iri(str(self.iri), span.start_char, span.end_char))
            self.add(mention, RDF.type, HB.Mention)
            self.add(mention, RDF.type, NIF.Phrase)
            self.add(mention, NIF.beginIndex, Literal(span.start_char, datatype=XSD.nonNegativeInteger))
            self.add(mention, NIF.endIndex, Literal(span.end_char, datatype=XSD.nonNegativeInteger))
            self.add(mention, NIF.anchorOf, Literal(span.text))
            self.add(mention, NIF.referenceContext, self.iri)
            self.add(mention, ITSRDF.taIdentRef, entity.iri)
            self.add(mention, HB.sentence, self.sentence_of(span))

    def entity(self, span: Span) -> _Entity | None:
        return self.entity_of_span.get((span.start, span.end))

    # --- facts ------------------------------------------------------------------------------

    def fact(self, kind: str, number: int, cls: URIRef, sentence: URIRef) -> URIRef:
        iri = URIRef(identity.fact_iri(str(self.iri), kind, number))
        self.add(iri, RDF.type, cls)
        self.add(iri, HB.statedIn, sentence)
        return iri

    def facts(self, facts: Facts, dates: list[DateMention]) -> None:
        for n, role in enumerate(facts.roles, start=1):
            holder = self.entity(role.holder)
            if holder is None:
                continue
            node = self.fact("role", n, HB.Role, self.sentence_of(role.title))
            self.add(node, HB.holder, holder.iri)
            self.add(node, HB.roleName, self.lit(role.title.text))
            self.add(node, HB.asWritten, Literal(self.doc.text[role.title.start_char:role.holder.end_char]))
            self.add(holder.iri, HB.jobTitle, self.lit(role.title.text))
            organization = self.entity(role.organization) if role.organization is not None else None
            if organization is not None:
                self.add(node, HB.organization, organization.iri)
                self.add(holder.iri, HB.worksFor, organization.iri)
                if L.CLASS_KIND[organization.cls] != "organization":
                    # Something with officers is an organisation, whatever else it is (a centre, a port).
                    self.add(organization.iri, RDF.type, HB.Organization)
        for n, visit in enumerate(facts.visits, start=1):
            location = self.entity(visit.location)
            people = [e for p in visit.participants if (e := self.entity(p)) is not None]
            if location is None or not people:
                continue
            node = self.fact("visit", n, HB.Visit, self.sentence_of(visit.location))
            self.add(node, HB.asWritten, Literal(visit.sentence.text.strip()))
            for person in dict.fromkeys(p.iri for p in people):
                self.add(node, HB.participant, person)
            self.add(node, HB.location, location.iri)
            date = _date_in(visit.sentence, dates)
            if date is not None:
                self.add(node, HB.startDate, Literal(date.value, datatype=XSD[date.datatype]))
        for n, offering in enumerate(facts.offerings, start=1):
            organization, product = self.entity(offering.organization), self.entity(offering.product)
            if organization is None or product is None:
                continue
            node = self.fact("offering", n, HB.ProductOffering, self.sentence_of(offering.product))
            self.add(node, HB.offeredBy, organization.iri)
            self.add(node, HB.product, product.iri)
            self.add(node, HB.asWritten, Literal(offering.sentence.text.strip()))
            self.add(product.iri, HB.manufacturer, organization.iri)

    def quantities(self, dates: list[DateMention]) -> None:
        date_chars = {c for d in dates for c in range(d.begin, d.end)}
        n = 0
        for sentence in self.doc.sents:
            for q in find_quantities(sentence.text):
                begin, end = sentence.start_char + q.begin, sentence.start_char + q.end
                if any(c in date_chars for c in range(begin, end)):
                    continue
                n += 1
                node = self.fact("quantity", n, HB.Quantity, self.sentence_of(sentence))
                self.add(node, HB.value, Literal(str(q.value), datatype=XSD.decimal))
                self.add(node, HB.asWritten, Literal(q.text))
                if q.unit:
                    self.add(node, HB.unitText, Literal(q.unit))
                if q.qualifier:
                    self.add(node, HB.qualifier, HB[q.qualifier])
                measured = self._measured_thing(sentence, begin)
                if measured is not None:
                    self.add(node, HB.quantityOf, measured.iri)

    def _measured_thing(self, sentence: Span, at: int) -> _Entity | None:
        """The topic of the sentence (an entity marked by は/が before the amount), else the nearest
        non-person entity before it."""
        candidates = [s for s in self.doc.spans.get(ENTITIES, [])
                      if s.start >= sentence.start and s.end <= sentence.end and s.end_char <= at]
        for span in reversed(candidates):
            nxt = self.doc[span.end] if span.end < len(self.doc) else None
            if nxt is not None and nxt.text in {"は", "が"} and span.label_ != L.PERSON:
                return self.entity(span)
        for span in reversed(candidates):
            if span.label_ != L.PERSON:
                return self.entity(span)
        return None


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _canonical_names(spans: list[Span]) -> dict[tuple[str, str], str]:
    """Each (class, surface form) → the name the entity is known by in this document.

    A short form that begins or ends exactly one longer name of the same class in the document
    ("陳" for "陳細明", "Lee" for "John Lee") is that entity.
    """
    forms_by_class: dict[str, set[str]] = defaultdict(set)
    for span in spans:
        forms_by_class[span.label_].add(_clean(span.text))
    canonical: dict[tuple[str, str], str] = {}
    for span in spans:
        form = _clean(span.text)
        longer = [f for f in forms_by_class[span.label_]
                  if f != form and (f.startswith(form) or f.endswith(form)) and span.label_ == L.PERSON]
        canonical[(span.label_, span.text)] = longer[0] if len(longer) == 1 else form
    return canonical


def _date_in(sentence: Span, dates: list[DateMention]) -> DateMention | None:
    """The most specific resolved date of a sentence."""
    inside = [d for d in dates if sentence.start_char <= d.begin < sentence.end_char and d.value]
    inside.sort(key=lambda d: {"date": 0, "gYearMonth": 1, "gYear": 2}[d.datatype])
    return inside[0] if inside else None


def doc_to_triples(doc: Doc, meta: DocumentMeta, base: str, extractor_version: str, models: list[str],
                   started: datetime.datetime) -> list[Triple]:
    """Every triple Harbour extracts from an annotated document."""
    builder = _Builder(doc, meta, base)
    builder.document(extractor_version, models, started)
    builder.sentences()
    builder.entities()
    dates = find_dates(doc.text, meta.date)
    builder.facts(doc._.harbour_facts or Facts(), dates)
    builder.quantities(dates)
    return builder.triples
