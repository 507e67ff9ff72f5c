"""Stable IRIs for entities and documents.

An entity's IRI depends only on the base, its class and its normalised name, so the same
name and class in two documents give the same IRI:

>>> a = entity_iri("http://127.0.0.1:5000/", "Person", "山田太郎")
>>> a == entity_iri("http://127.0.0.1:5000/", "Person", " 山田太郎 ")
True
>>> a.startswith("http://127.0.0.1:5000/entity/person/")
True
>>> entity_iri("http://x/", "Company", "ＡＢＣ Ltd") == entity_iri("http://x/", "Company", "abc ltd")
True
>>> document_iri("http://x/", "news/2024 report.txt")
'http://x/doc/news/2024-report.txt-48a43705'
>>> document_iri("http://x/", "samples/a.ja.txt")
'http://x/doc/samples/a.ja.txt'
>>> document_iri("http://x/", "report-1")
'http://x/doc/report-1'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

DEFAULT_BASE = "http://127.0.0.1:5000/"

_SPACES = re.compile(r"\s+")
_UNSAFE = re.compile(r"[^\w.~/-]+")


def normalise_name(name: str) -> str:
    """The form under which two spellings count as one name: NFKC, case-folded, single spaces.

    >>> normalise_name("  Acme\\u3000AI ")
    'acme ai'
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()


def _short_hash(text: str, length: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def normalise_base(base: str) -> str:
    """Bases always end with a slash so paths join cleanly."""
    return base if base.endswith("/") else base + "/"


def entity_iri(base: str, class_name: str, name: str) -> str:
    """The IRI of the entity of class ``class_name`` (an ontology class local name) called ``name``."""
    key = f"{class_name}\x1f{normalise_name(name)}"
    return f"{normalise_base(base)}entity/{class_name.lower()}/{_short_hash(key)}"


def document_slug(doc_id: str) -> str:
    """A path segment for a document id: readable, and unable to escape ``/doc/``.

    Ids made only of safe characters are kept as they are; any other id is
    rewritten and suffixed with a hash of the original so two ids never meet.

    >>> document_slug("../../etc/passwd").startswith("etc/passwd-")
    True
    >>> document_slug("/abs/./x")
    'abs/x-4216ebf6'
    
    """
    slug = _UNSAFE.sub("-", doc_id)
    segments = [seg.strip("-") for seg in slug.split("/")]
    clean = "/".join(seg for seg in segments if seg.strip("."))
    if clean == doc_id and clean:
        return clean
    return f"{clean or 'doc'}-{_short_hash(doc_id, 8)}"


def document_iri(base: str, doc_id: str) -> str:
    """The IRI of a document; it is also the name of the graph holding its triples."""
    return f"{normalise_base(base)}doc/{document_slug(doc_id)}"


def mention_iri(document: str, begin: int, end: int) -> str:
    """NIF-style offset IRI of a mention (RFC 5147 ``char=`` fragment)."""
    return f"{document}#char={begin},{end}"


def sentence_iri(document: str, begin: int, end: int) -> str:
    return f"{document}#sentence={begin},{end}"


def fact_iri(document: str, kind: str, number: int) -> str:
    """IRI of the ``number``-th fact of a kind (role, visit, offering, quantity) in a document."""
    return f"{document}#{kind}-{number}"


def extraction_iri(document: str) -> str:
    return f"{document}#extraction"
