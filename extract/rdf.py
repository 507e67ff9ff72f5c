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
from harbour.ontology import HB, ITSRDF, NIF, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

from . import labels as L
from .dates import DateMention, find_dates
from .entities import ENTITIES
from .relations import Facts

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
        self.text = doc.text  # Doc.text joins every token at each call: once a document, not once a sentence
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
            self.add(iri, NIF.anchorOf, Literal(self.text[begin:end]))
            self.add(iri, NIF.referenceContext, self.iri)

    def sentence_of(self, span: Span) -> URIRef:
        sentence = span.sent
        return self.sentence_iris.get(sentence.start) or next(iter(self.sentence_iris.values()))

    # --- entities and mentions --------------------------------------------------------------------------

    def entities(self) -> None:
        spans = list(self.doc.spans.get(ENTITIES, []))
        groups: dict[tuple[str, str], list[Span]] = defaultdict(list)
        for span in spans:
            groups[(span.label_, _clean(span.kb_id_ or span.text))].append(span)
        links = self.doc._.harbour_same_as or {}
        for (cls, name), members in groups.items():
            forms = list(dict.fromkeys(_clean(m.text) for m in members))
            label = name if name in forms or name in links else forms[0]
            entity = _Entity(URIRef(identity.entity_iri(self.base, cls, name)), cls, label,
                             [f for f in forms if f != label], set())
            for member in members:
                self.entity_of_span[(member.start, member.end)] = entity
            if name in links:
                self.add(entity.iri, OWL.sameAs, URIRef(links[name]))
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

    def entity(self, span: Span | None) -> _Entity | None:
        if span is None:
            return None
        found = self.entity_of_span.get((span.start, span.end))
        if found is None:  # a span that covers an entity mention differently: the mention inside it
            found = next((e for (b, e_), e in self.entity_of_span.items() if b <= span.start and span.end <= e_), None)
        return found

    # --- facts ------------------------------------------------------------------------------------------

    def fact(self, kind: str, number: int, cls: URIRef, sentence: URIRef) -> URIRef:
        iri = URIRef(identity.fact_iri(str(self.iri), kind, number))
        self.add(iri, RDF.type, cls)
        self.add(iri, HB.statedIn, sentence)
        return iri

    def facts(self, facts: Facts, dates: list[DateMention]) -> None:
        self.roles(facts)
        self.visits(facts, dates)
        self.offerings(facts)
        self.links(facts)
        self.quantities(facts)

    def roles(self, facts: Facts) -> None:
        seen: set[tuple] = set()
        n = 0
        for role in facts.roles:
            holder = self.entity(role.holder)
            if holder is None:
                continue
            organization = self.entity(role.organization)
            key = (holder.iri, role.title, organization.iri if organization else None)
            if key in seen:
                continue
            seen.add(key)
            n += 1
            node = self.fact("role", n, HB.Role, self.sentence_of(role.anchor))
            self.add(node, HB.holder, holder.iri)
            self.add(node, HB.roleName, self.lit(role.title))
            begin = min(role.anchor.start_char, role.holder.start_char)
            end = max(role.anchor.end_char, role.holder.end_char)
            self.add(node, HB.asWritten, Literal(self.text[begin:end]))
            self.add(holder.iri, HB.jobTitle, self.lit(role.title))
            if organization is not None:
                self.add(node, HB.organization, organization.iri)
                self.add(holder.iri, HB.worksFor, organization.iri)
                if L.CLASS_KIND[organization.cls] != "organization":
                    # Something with officers is an organisation, whatever else it is (a centre, a country).
                    self.add(organization.iri, RDF.type, HB.Organization)

    def visits(self, facts: Facts, dates: list[DateMention]) -> None:
        n = 0
        for visit in facts.visits:
            location = self.entity(visit.location)
            visitors = [e for p in visit.visitors if (e := self.entity(p)) is not None]
            companions = [e for p in visit.companions if (e := self.entity(p)) is not None]
            if location is None or not visitors:
                continue
            n += 1
            node = self.fact("visit", n, HB.Visit, self.sentence_of(visit.sentence))
            self.add(node, HB.asWritten, Literal(visit.sentence.text.strip()))
            for person in dict.fromkeys(p.iri for p in visitors + companions):
                self.add(node, HB.participant, person)
            for person in dict.fromkeys(p.iri for p in companions):
                self.add(node, HB.accompaniedBy, person)
            self.add(node, HB.location, location.iri)
            date = _date_within(visit.date_tokens, dates) or _date_in(visit.sentence, dates)
            if date is not None:
                self.add(node, HB.startDate, Literal(date.value, datatype=XSD[date.datatype]))

    def offerings(self, facts: Facts) -> None:
        seen: set[tuple] = set()
        n = 0
        for offering in facts.offerings:
            organization, product = self.entity(offering.organization), self.entity(offering.product)
            if organization is None or product is None or (organization.iri, product.iri) in seen:
                continue
            seen.add((organization.iri, product.iri))
            n += 1
            node = self.fact("offering", n, HB.ProductOffering, self.sentence_of(offering.sentence))
            self.add(node, HB.offeredBy, organization.iri)
            self.add(node, HB.product, product.iri)
            self.add(node, HB.asWritten, Literal(offering.sentence.text.strip()))
            self.add(product.iri, HB.manufacturer, organization.iri)
            # What the text says is made or offered is a product and its maker an organisation, whatever class
            # the names got (a prototype in 「」 read as a creative work): the shapes and the ontology want both.
            if L.CLASS_KIND[organization.cls] != "organization":
                self.add(organization.iri, RDF.type, HB.Organization)
            if product.cls != L.PRODUCT:
                self.add(product.iri, RDF.type, HB.Product)

    def links(self, facts: Facts) -> None:
        """Part-of and located-in: a Containment node with its sentence, and the shortcut triple."""
        seen: set[tuple] = set()
        n = 0
        for link in facts.links:
            subject, obj = self.entity(link.subject), self.entity(link.object)
            if subject is None or obj is None or subject.iri == obj.iri:
                continue
            prop = _link_property(link.kind, subject.cls, obj.cls)
            if (subject.iri, prop, obj.iri) in seen:
                continue
            seen.add((subject.iri, prop, obj.iri))
            n += 1
            node = self.fact("containment", n, HB.Containment, self.sentence_of(link.sentence))
            self.add(node, HB.contained, subject.iri)
            self.add(node, HB.container, obj.iri)
            self.add(node, HB.asWritten, Literal(link.sentence.text.strip()))
            self.add(subject.iri, prop, obj.iri)

    def quantities(self, facts: Facts) -> None:
        for n, fact in enumerate(facts.quantities, start=1):
            q = fact.amount
            node = self.fact("quantity", n, HB.Quantity, self.sentence_of(fact.sentence))
            self.add(node, HB.value, Literal(str(q.value), datatype=XSD.decimal))
            self.add(node, HB.asWritten, Literal(q.text))
            if q.unit:
                self.add(node, HB.unitText, Literal(q.unit))
            if q.qualifier:
                self.add(node, HB.qualifier, HB[q.qualifier])
            measured = self.entity(fact.measured)
            if measured is not None:
                self.add(node, HB.quantityOf, measured.iri)


def _link_property(kind: str, subject_cls: str, object_cls: str) -> URIRef:
    """Organisation in organisation: schema:parentOrganization; a site or unit of an organisation: hb:partOf;
    a place or facility in a place: schema:containedInPlace; an organisation or event in a place: schema:location."""
    subject_kind, object_kind = L.CLASS_KIND[subject_cls], L.CLASS_KIND[object_cls]
    if kind == "partOf":
        return HB.parentOrganization if subject_kind == object_kind == "organization" else HB.partOf
    return HB.containedInPlace if subject_kind in {"place", "facility"} else HB.location


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _date_within(where: tuple[int, int] | None, dates: list[DateMention]) -> DateMention | None:
    """The resolved date written inside a phrase (characters), if any."""
    if where is None:
        return None
    return next((d for d in dates if where[0] <= d.begin and d.end <= where[1] and d.value), None)


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
    return builder.triples
