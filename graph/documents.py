"""Documents in, graphs out: reading files, and loading them into the store one transaction each."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from harbour.extract import EmptyDocumentError, Extractor, TextDocument
from harbour.graph.identity import document_iri

from .store import HarbourStore
from .validation import first_violation, validate

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}


class DocumentReadError(Exception):
    """A file that cannot be read as a document; str() is a one-line message naming the file."""


def decode_text(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM) first, else the detected encoding; binary is refused."""
    if b"\x00" in data[:8192]:
        raise DocumentReadError(f"{name}: not a text file (binary content)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise DocumentReadError(f"{name}: cannot decode the bytes as text in any known encoding")
    return str(best)


def read_document(path: Path, doc_id: str | None = None, lang: str | None = None) -> TextDocument:
    """A text or Markdown file as a document; its id defaults to its path as given."""
    name = os.path.normpath(str(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentReadError(f"{name}: cannot read ({error.strerror or error})") from error
    text = decode_text(data, name)
    if not text.strip():
        raise DocumentReadError(f"{name}: the document is empty")
    return TextDocument(doc_id=doc_id or name, text=text, source=str(path), lang=lang)


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders recursively, text files only, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
        else:
            yield path


@dataclass
class LoadReport:
    """What a load did, per outcome; ``failed`` holds one-line reasons."""

    loaded: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (f"{len(self.loaded)} loaded, {len(self.replaced)} replaced, {len(self.unchanged)} unchanged, "
                f"{len(self.failed)} failed")


def load_documents(store: HarbourStore, extractor: Extractor,
                   documents: Iterable[TextDocument | DocumentReadError], *, validate_shapes: bool = True,
                   on_progress: Callable[[str], None] | None = None) -> LoadReport:
    """Extract and write each document in its own transaction; a bad one is reported and skipped."""
    from harbour.extract import EXTRACTOR_VERSION

    report = LoadReport()
    for item in documents:
        if isinstance(item, DocumentReadError):
            report.failed.append(str(item))
            _notify(on_progress, str(item))
            continue
        iri = document_iri(extractor.base, item.doc_id)
        try:
            from harbour.extract.rdf import content_hash

            if (store.content_hash(iri) == content_hash(item.text)
                    and store.extractor_version(iri) == EXTRACTOR_VERSION):
                report.unchanged.append(item.doc_id)
                _notify(on_progress, item.doc_id)
                continue
            extraction = extractor.extract(item)
            if validate_shapes:
                conforms, shacl_report = validate(extraction.triples)
                if not conforms:
                    raise DocumentReadError(f"{item.doc_id}: extracted graph fails the SHACL shapes: "
                                            f"{first_violation(shacl_report)}")
            status = store.put_document(extraction.iri, extraction.triples, extraction.content_hash, force=True)
            (report.replaced if status == "replaced" else report.loaded).append(item.doc_id)
        except (DocumentReadError, EmptyDocumentError) as error:
            report.failed.append(str(error))
        _notify(on_progress, item.doc_id)
    store.flush()
    return report


def _notify(callback: Callable[[str], None] | None, name: str) -> None:
    if callback is not None:
        callback(name)
