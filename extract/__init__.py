"""Extraction: text in, triples out. Pure: no files, no network, no store.

>>> from harbour.extract import TextDocument
>>> TextDocument("a", "本文").lang is None
True
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from harbour import __version__
from harbour.graph.identity import DEFAULT_BASE, document_iri

from .dates import document_date
from .gazetteer import Gazetteer
from .rdf import DocumentMeta, Triple, content_hash, doc_to_triples

#: Bumped whenever extraction output changes, so `harbour reextract` knows what is stale.
EXTRACTOR_VERSION = __version__


@dataclass(frozen=True)
class TextDocument:
    """A document to extract from: its id, its text, and what is known about it."""

    doc_id: str
    text: str
    source: str | None = None
    title: str | None = None
    date: datetime.date | None = None
    lang: str | None = None


@dataclass
class Extraction:
    """The triples extracted from one document; ``iri`` is also the name of its graph."""

    iri: str
    doc_id: str
    content_hash: str
    lang: str
    triples: list[Triple] = field(default_factory=list)


class EmptyDocumentError(ValueError):
    """The document has no text to extract from."""


class Extractor:
    """Turns documents into Harbour triples; pipelines load once, on first use."""

    def __init__(self, base: str = DEFAULT_BASE, gazetteer: Gazetteer | None = None) -> None:
        self.base = base
        self.gazetteer = gazetteer

    def _prepare(self, document: TextDocument) -> tuple[str, DocumentMeta]:
        from .pipeline import detect_language

        if not document.text.strip():
            raise EmptyDocumentError(f"{document.doc_id}: the document is empty")
        lang = document.lang or detect_language(document.text)
        date = document.date or document_date(document.text)
        return lang, DocumentMeta(document.doc_id, document.source, document.title, date, lang)

    def extract(self, document: TextDocument) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable[TextDocument], batch_size: int = 16) -> Iterator[Extraction]:
        """Extract in order, batching through ``nlp.pipe`` per language."""
        from .pipeline import model_ids, pipeline

        for document in documents:
            started = datetime.datetime.now(datetime.timezone.utc)
            lang, meta = self._prepare(document)
            nlp = pipeline(lang, self.gazetteer)
            doc = nlp(document.text)
            triples = doc_to_triples(doc, meta, self.base, EXTRACTOR_VERSION, model_ids(nlp), started)
            yield Extraction(document_iri(self.base, document.doc_id), document.doc_id,
                             content_hash(document.text), lang, triples)


__all__ = ["Extractor", "Extraction", "TextDocument", "EmptyDocumentError", "EXTRACTOR_VERSION", "Triple"]
