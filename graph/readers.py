"""Input formats: bytes of a file (or of stdin, or of an upload) to documents with their metadata.

Each reader turns the bytes of one input into one or more :class:`TextDocument` (JSONL holds many).
What a reader cannot use becomes a :class:`DocumentReadError` naming the input (one line), and
an input that is not a document at all (an image, an archive) a :class:`NotADocument`, which
callers report as skipped rather than failed.

>>> [d.text for d in read_bytes(b"# Title\\n\\nSome *bold* text.", "a.md")]
['Title\\n\\nSome bold text.']
>>> read_bytes(b"# Title\\n\\nSome *bold* text.", "a.md")[0].title
'Title'
>>> format_of("notes.HTM"), format_of("x.jsonl"), format_of("x.png"), format_of("README")
('html', 'jsonl', None, None)
"""

from __future__ import annotations

import datetime
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from charset_normalizer import from_bytes

from harbour.extract import TextDocument

#: File suffixes Harbour reads, by format.
SUFFIXES: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".pdf": "pdf",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}

#: Magic numbers of common binary files, so they are skipped with a name rather than a decoding error.
_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"), (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"), (b"\x7fELF", "executable"), (b"RIFF", "RIFF media"), (b"SQLite format 3", "database"),
    (b"BZh", "bzip2 archive"), (b"\xfd7zXZ", "xz archive"), (b"7z\xbc\xaf", "7-zip archive"), (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"), (b"\x00\x00\x00\x18ftyp", "MP4 video"), (b"\x00\x00\x00\x20ftyp", "MP4 video"),
]

_JSONL_FIELDS = {"id", "text", "title", "date", "source", "lang"}
_LANGUAGES = {"ja", "en"}


class DocumentReadError(Exception):
    """An input that cannot be read as a document; str() is a one-line message naming it."""


class NotADocument(DocumentReadError):
    """An input that is not text at all (an image, an archive): skipped, with a message."""


@dataclass(frozen=True)
class Origin:
    """Where bytes came from: ``name`` for messages, ``source`` recorded as nif:sourceUrl, the id to give."""

    name: str
    source: str | None = None
    doc_id: str | None = None
    lang: str | None = None


def format_of(name: str) -> str | None:
    """The format a file name's suffix says, or None when Harbour does not read that suffix."""
    dot = name.rfind(".")
    return SUFFIXES.get(name[dot:].lower()) if dot > name.rfind("/") else None


def sniff_format(data: bytes) -> str | None:
    """The format of bytes without a name (stdin, an upload without a file name); None if binary."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if binary_kind(data) is not None:
        return None
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in lowered or b"<head" in lowered:
        return "html"
    if head.startswith(b"{") and _looks_like_jsonl(data):
        return "jsonl"
    return "text"


def binary_kind(data: bytes) -> str | None:
    """What a binary input is ("PNG image"), or None when it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:8192]:
        return "binary file"
    return None


def decode_text(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM) first, else the detected encoding; binary is refused."""
    if (kind := binary_kind(data)) is not None:
        raise DocumentReadError(f"{name}: not a text file ({kind})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise DocumentReadError(f"{name}: cannot decode the bytes as text in any known encoding")
    return str(best)


def read_bytes(data: bytes, name: str, *, format_name: str | None = None, source: str | None = None,
               doc_id: str | None = None, lang: str | None = None) -> list[TextDocument | DocumentReadError]:
    """The documents in ``data``; the format is ``format_name``, else the name's suffix, else sniffed.

    The id is ``doc_id``, else (one document per input) ``name``; JSONL records carry their own, and a
    bad record comes back as its error in the list, so the other records still load.
    Raises :class:`NotADocument` for binary inputs and :class:`DocumentReadError` for unusable ones.
    """
    origin = Origin(name, source if source is not None else name, doc_id, lang)
    kind = format_name or format_of(name) or sniff_format(data)
    if kind is None:
        raise NotADocument(f"{name}: not a text document ({binary_kind(data) or 'unknown format'})")
    reader = READERS.get(kind)
    if reader is None:
        raise DocumentReadError(f"{name}: unknown input format {kind!r} (known: {', '.join(sorted(READERS))})")
    return [DocumentReadError(f"{name if kind != 'jsonl' else item.doc_id}: the document is empty")
            if isinstance(item, TextDocument) and not item.text.strip() else item
            for item in reader(data, origin)]


# --- readers ----------------------------------------------------------------------------------

def _document(origin: Origin, text: str, title: str | None = None,
              date: datetime.date | None = None) -> TextDocument:
    return TextDocument(doc_id=origin.doc_id or origin.name, text=text, source=origin.source,
                        title=title or None, date=date, lang=origin.lang)


def read_text(data: bytes, origin: Origin) -> list[TextDocument]:
    return [_document(origin, decode_text(data, origin.name))]


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_FIELD = re.compile(r"^(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*?)\s*$", re.M)


def read_markdown(data: bytes, origin: Origin) -> list[TextDocument]:
    """Markdown without its markup; the title is the front matter's, else the first level-1 heading.

    Headings, paragraphs, list items and block quotes keep their text, one block per line group;
    code blocks are kept as text; links keep their words, images their alt text; HTML is dropped.
    """
    from markdown_it import MarkdownIt

    text = decode_text(data, origin.name)
    meta: dict[str, str] = {}
    if match := _FRONT_MATTER.match(text):
        meta = {m["key"].lower(): m["value"].strip("'\"") for m in _FRONT_FIELD.finditer(match["body"])}
        text = text[match.end():]
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(text)
    blocks: list[str] = []
    title = meta.get("title")
    in_heading_1 = False
    for token in tokens:
        if token.type == "heading_open":
            in_heading_1 = token.tag == "h1"
        elif token.type == "inline":
            words = _inline_text(token.children or [])
            if in_heading_1 and title is None:
                title = words
            blocks.append(words)
            in_heading_1 = False
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return [_document(origin, "\n\n".join(b for b in blocks if b.strip()), title, parse_date(meta.get("date")))]


def _inline_text(children: list) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append("\n")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def read_html(data: bytes, origin: Origin) -> list[TextDocument]:
    """The main text of a web page (trafilatura: no navigation, headers, footers, comments),
    with its title and the publication date when the page states one."""
    import trafilatura

    html = decode_text(data, origin.name)
    options = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d",
               "max_date": datetime.date.today().isoformat()}
    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True,
                                         favor_precision=True, date_extraction_params=options)
    text = (result.text or "") if result is not None else ""
    if not text.strip():
        # A page too short for boilerplate detection: take all of its visible text.
        text = trafilatura.html2txt(html) or ""
    title = result.title if result is not None else None
    date = parse_date(result.date) if result is not None else None
    return [_document(origin, text.strip(), title, date)]


def read_pdf(data: bytes, origin: Origin) -> list[TextDocument]:
    """The text layer of a PDF, page by page; title and creation date from its metadata."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentReadError(f"{origin.name}: the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise DocumentReadError(f"{origin.name}: not a readable PDF ({error})") from error
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise DocumentReadError(f"{origin.name}: the PDF has no text layer (a scan? run OCR on it first)")
    title = str(info.title).strip() if info is not None and info.title else None
    created = info.creation_date if info is not None else None
    return [_document(origin, text, title, created.date() if created is not None else None)]


def read_jsonl(data: bytes, origin: Origin) -> list[TextDocument | DocumentReadError]:
    """One document per line: ``{"id", "text", "title", "date", "source", "lang"}``; only text is required.

    A record without an id takes its source, else ``{input}#{line number}``.
    """
    documents = []
    for number, line in enumerate(decode_text(data, origin.name).splitlines(), start=1):
        if not line.strip():
            continue
        documents.append(jsonl_record(line, origin, number))
    return documents


def jsonl_record(line: str, origin: Origin, number: int) -> TextDocument | DocumentReadError:
    """One JSONL line as a document, or the error that names the input and line."""
    where = f"{origin.name}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return DocumentReadError(f"{where}: not a JSON object ({error.msg})")
    except RecursionError:  # Python's json recurses once per level of nesting
        return DocumentReadError(f"{where}: not a JSON object (nested too deeply)")
    if not isinstance(record, dict):
        return DocumentReadError(f"{where}: not a JSON object")
    try:
        return record_document(record, fallback_id=f"{origin.name}#{number}", where=where, lang=origin.lang)
    except DocumentReadError as error:
        return error


def record_document(record: dict, *, fallback_id: str | None, where: str, lang: str | None = None) -> TextDocument:
    """A JSON record (a JSONL line, an uploaded JSON body) as a document."""
    unknown = set(record) - _JSONL_FIELDS
    if unknown:
        raise DocumentReadError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DocumentReadError(f"{where}: \"text\" must be a non-empty string")
    doc_id = record.get("id") or record.get("source") or fallback_id
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise DocumentReadError(f"{where}: \"id\" must be a non-empty string")
    given_lang = record.get("lang") or lang
    if given_lang is not None and given_lang not in _LANGUAGES:
        raise DocumentReadError(f"{where}: \"lang\" must be one of {', '.join(sorted(_LANGUAGES))}")
    date = record.get("date")
    parsed = parse_date(date) if date else None
    if date and parsed is None:
        raise DocumentReadError(f"{where}: \"date\" is not an ISO date (YYYY-MM-DD): {date!r}")
    title, source = record.get("title"), record.get("source")
    for field_name, value in (("title", title), ("source", source)):
        if value is not None and not isinstance(value, str):
            raise DocumentReadError(f"{where}: \"{field_name}\" must be a string")
    return TextDocument(doc_id=doc_id, text=text, source=source, title=title, date=parsed, lang=given_lang)


def _looks_like_jsonl(data: bytes) -> bool:
    lines = [line for line in data.splitlines()[:5] if line.strip()]
    try:
        return all(isinstance(json.loads(line), dict) for line in lines)
    except (ValueError, RecursionError):
        return False


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: object) -> datetime.date | None:
    """An ISO date (or the date of an ISO date-time); None when absent or not a valid date.

    >>> parse_date("2024-11-22T09:00:00+08:00"), parse_date("22 Nov"), parse_date(None)
    (datetime.date(2024, 11, 22), None, None)
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not (match := _ISO_DATE.match(value)):
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


READERS: dict[str, Callable[[bytes, Origin], list[TextDocument] | list[TextDocument | DocumentReadError]]] = {
    "text": read_text,
    "markdown": read_markdown,
    "html": read_html,
    "pdf": read_pdf,
    "jsonl": read_jsonl,
}
