"""Small hand-made document graphs in the extractor's shape, for search and page tests that need exact
control over names, classes and mention counts (the real extractor's output is tested on the sample)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from harbour.graph import identity
from harbour.ontology import HB, ITSRDF, NIF, RDF, RDFS, SKOS, XSD


@dataclass
class Doc:
    """A document whose text is the names it mentions, one sentence each: ``names`` are (class, name) pairs,
    repeated to get more mentions. ``aliases`` adds skos:altLabel names; ``roles`` adds (person, title,
    organisation) facts (names as in ``names``)."""

    doc_id: str
    names: list[tuple[str, str]]
    aliases: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    roles: list[tuple[str, str, str]] = field(default_factory=list)
    lang: str = "ja"
    base: str = identity.DEFAULT_BASE
    prefix: str = ""

    @property
    def iri(self) -> str:
        return identity.document_iri(self.base, self.doc_id)

    def entity(self, cls: str, name: str) -> str:
        return identity.entity_iri(self.base, cls, name)

    @property
    def text(self) -> str:
        return self.prefix + "".join(f"{name}。" for _, name in self.names)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()

    def triples(self) -> list[tuple]:
        doc = URIRef(self.iri)
        text = self.text
        out: list[tuple] = [
            (doc, RDF.type, HB.Document), (doc, RDF.type, NIF.Context), (doc, NIF.isString, Literal(text)),
            (doc, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)),
            (doc, NIF.endIndex, Literal(len(text), datatype=XSD.nonNegativeInteger)),
            (doc, HB.documentId, Literal(self.doc_id)), (doc, HB.contentHash, Literal(self.content_hash)),
            (doc, HB.language, Literal(self.lang)),
        ]
        at = len(self.prefix)
        sentence_of: dict[str, URIRef] = {}
        for cls, name in self.names:
            entity = URIRef(self.entity(cls, name))
            sentence = URIRef(identity.sentence_iri(self.iri, at, at + len(name) + 1))
            mention = URIRef(identity.mention_iri(self.iri, at, at + len(name)))
            sentence_of.setdefault(name, sentence)
            out += [
                (entity, RDF.type, HB[cls]), (entity, RDFS.label, Literal(name, lang=self.lang)),
                (doc, HB.mentions, entity),
                (sentence, RDF.type, NIF.Sentence), (sentence, NIF.referenceContext, doc),
                (sentence, NIF.beginIndex, Literal(at, datatype=XSD.nonNegativeInteger)),
                (sentence, NIF.endIndex, Literal(at + len(name) + 1, datatype=XSD.nonNegativeInteger)),
                (sentence, NIF.anchorOf, Literal(name + "。")),
                (mention, RDF.type, HB.Mention), (mention, RDF.type, NIF.Phrase),
                (mention, NIF.beginIndex, Literal(at, datatype=XSD.nonNegativeInteger)),
                (mention, NIF.endIndex, Literal(at + len(name), datatype=XSD.nonNegativeInteger)),
                (mention, NIF.anchorOf, Literal(name)), (mention, NIF.referenceContext, doc),
                (mention, ITSRDF.taIdentRef, entity), (mention, HB.sentence, sentence),
            ]
            for alias in self.aliases.get((cls, name), []):
                out.append((entity, SKOS.altLabel, Literal(alias, lang=self.lang)))
            at += len(name) + 1
        for number, (person, title, organisation) in enumerate(self.roles, start=1):
            fact = URIRef(identity.fact_iri(self.iri, "role", number))
            holder = URIRef(self.entity("Person", person))
            org = URIRef(self.entity(self._class_of(organisation), organisation))
            out += [(fact, RDF.type, HB.Role), (fact, HB.holder, holder), (fact, HB.organization, org),
                    (fact, HB.roleName, Literal(title, lang=self.lang)), (fact, HB.statedIn, sentence_of[person]),
                    (holder, HB.jobTitle, Literal(title, lang=self.lang)), (holder, HB.worksFor, org)]
        return list(dict.fromkeys(out))

    def _class_of(self, name: str) -> str:
        return next(cls for cls, n in self.names if n == name)

    def put(self, store) -> str:
        return store.put_document(self.iri, self.triples(), self.content_hash)
