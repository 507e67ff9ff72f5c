"""What the store holds, document by document: metadata and counts, stored text, stale extractions.

Everything here is read through the named queries ``doc-*.rq`` so the CLI (`harbour docs`,
`harbour reextract`) and the server (`/documents`) list and rebuild documents the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import IO

from harbour.extract import EXTRACTOR_VERSION, TextDocument

from . import queries
from .readers import parse_date
from .store import HarbourStore, serialize_triples


@dataclass(frozen=True)
class DocumentInfo:
    """One document as `harbour docs` and `GET /documents` show it."""

    iri: str
    id: str
    title: str | None
    language: str
    source: str | None
    date: str | None
    loaded: str
    extractor_version: str
    content_hash: str
    characters: int
    mentions: int
    entities: int
    facts: int

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def _info(row: dict[str, str]) -> DocumentInfo:
    return DocumentInfo(
        iri=row["doc"], id=row["id"], title=row.get("title"), language=row["lang"], source=row.get("source"),
        date=row.get("date"), loaded=row["loaded"], extractor_version=row["version"], content_hash=row["hash"],
        characters=int(row["length"]), mentions=int(row.get("mentions", 0)), entities=int(row.get("entities", 0)),
        facts=int(row.get("facts", 0)))


def list_documents(store: HarbourStore) -> list[DocumentInfo]:
    """Every document, ordered by id."""
    return [_info(row) for row in store.select(queries.get("doc-list"))]


@dataclass(frozen=True)
class DocumentPage:
    """Some of the documents, ordered by id: ``documents`` from the ``offset``-th on, of ``total``."""

    documents: list[DocumentInfo]
    total: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.documents) < self.total


def document_page(store: HarbourStore, limit: int, offset: int = 0) -> DocumentPage:
    """One page of the listing: the page's documents are picked by id, then only their metadata and counts
    are read (one small query each), so a page costs the same in a store of any size but for the sort."""
    if limit < 1 or offset < 0:
        raise ValueError("limit must be positive and offset not negative")
    total = int(store.select(queries.get("doc-count"))[0]["documents"])
    rows = store.select(f"{queries.get('doc-page')}\nLIMIT {int(limit)} OFFSET {int(offset)}")
    infos = [document_info(store, row["doc"]) for row in rows]
    return DocumentPage([info for info in infos if info is not None], total, offset, limit)


def document_info(store: HarbourStore, iri: str) -> DocumentInfo | None:
    rows = store.select(queries.get("doc-list"), doc=iri)
    return _info(rows[0]) if rows else None


def stored_document(store: HarbourStore, iri: str) -> TextDocument | None:
    """The document as it was loaded (text, id, title, date, source, language), to extract it again."""
    rows = store.select(queries.get("doc-stored"), doc=iri)
    if not rows:
        return None
    row = rows[0]
    date: datetime.date | None = parse_date(row.get("date"))
    return TextDocument(doc_id=row["id"], text=row["text"], source=row.get("source"), title=row.get("title"),
                        date=date, lang=row["lang"])


def stale_documents(store: HarbourStore) -> list[str]:
    """IRIs of the documents extracted by another extractor version than this one, in a stable order."""
    rows = store.select(queries.get("document-extractor-version"))
    return sorted(row["doc"] for row in rows if row["version"] != EXTRACTOR_VERSION)


def stored_documents(store: HarbourStore, iris: list[str]) -> Iterator[TextDocument]:
    """The stored documents one at a time, so re-extracting a large store does not hold every text."""
    for iri in iris:
        document = stored_document(store, iri)
        if document is not None:
            yield document


def write_document_graph(store: HarbourStore, iri: str, format_name: str, output: IO[bytes]) -> None:
    """A document's graph in any RDF format (graph formats drop the graph name)."""
    serialize_triples(store.document_triples(iri), format_name, output)
